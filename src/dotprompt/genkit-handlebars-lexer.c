/* genkit-handlebars-lexer.c — Handlebars' lexer (handlebars.l), rule for rule
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * Jison's lexer tries the rules of the current start condition in order and takes the first
 * that matches; so does this one. The start conditions are a stack, as in the grammar:
 * INITIAL (content), mu (inside a mustache), emu (after `\{{`), com (a `{{!-- --}}`
 * comment) and raw (inside `{{{{raw}}}}…{{{{/raw}}}}`).
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-handlebars-private.h"

typedef enum
{
  ST_INITIAL,
  ST_MU,
  ST_EMU,
  ST_COM,
  ST_RAW,
} HbState;

typedef struct
{
  const char *src;
  gsize       len;
  gsize       pos;
  GArray     *states;   /* HbState */
  GArray     *tokens;
} HbLexer;

static HbState
lexer_top (HbLexer *lx)
{
  if (lx->states->len == 0)
    return ST_INITIAL;
  return g_array_index (lx->states, HbState, lx->states->len - 1);
}

static void
lexer_begin (HbLexer *lx,
             HbState  state)
{
  g_array_append_val (lx->states, state);
}

static void
lexer_pop (HbLexer *lx)
{
  if (lx->states->len > 0)
    g_array_set_size (lx->states, lx->states->len - 1);
}

static void
lexer_emit (HbLexer     *lx,
            HbTokenType  type,
            gsize        start,
            gsize        end,
            char        *text)
{
  HbToken token = { type, start, end, text };

  if (token.text == NULL)
    token.text = g_strndup (lx->src + start, end - start);
  g_array_append_val (lx->tokens, token);
}

static gboolean
at (HbLexer    *lx,
    gsize       pos,
    const char *literal)
{
  gsize n = strlen (literal);

  return pos + n <= lx->len && memcmp (lx->src + pos, literal, n) == 0;
}

static gsize
space_at (HbLexer *lx,
          gsize    pos)
{
  return _genkit_js_space_at (lx->src + pos, lx->src + lx->len);
}

/* `\s*` from @pos: where it ends. */
static gsize
skip_spaces (HbLexer *lx,
             gsize    pos)
{
  gsize n;

  while ((n = space_at (lx, pos)) > 0)
    pos += n;
  return pos;
}

/* LOOKAHEAD = [=~}\s\/.)|] */
static gboolean
is_lookahead (HbLexer *lx,
              gsize    pos)
{
  if (pos >= lx->len)
    return FALSE;
  return strchr ("=~}/.)|", lx->src[pos]) != NULL || space_at (lx, pos) > 0;
}

/* LITERAL_LOOKAHEAD = [~}\s)] */
static gboolean
is_literal_lookahead (HbLexer *lx,
                      gsize    pos)
{
  if (pos >= lx->len)
    return FALSE;
  return strchr ("~})", lx->src[pos]) != NULL || space_at (lx, pos) > 0;
}

/* The character class of ID: anything but white space and !"#%&'()*+,./;<=>@[\]^`{|}~. */
static gsize
id_char_at (HbLexer *lx,
            gsize    pos)
{
  guchar c;

  if (pos >= lx->len)
    return 0;
  c = (guchar) lx->src[pos];
  if (c < 0x80)
    {
      if (c == '\0' || space_at (lx, pos) > 0 || strchr ("!\"#%&'()*+,./;<=>@[\\]^`{|}~", c))
        return 0;
      return 1;
    }
  if (space_at (lx, pos) > 0)
    return 0;
  return g_utf8_next_char (lx->src + pos) - (lx->src + pos);
}

/* `{ID}`: a maximal run of ID characters followed by a LOOKAHEAD character. */
static gsize
match_id (HbLexer *lx,
          gsize    pos)
{
  gsize end = pos;
  gsize n;

  while ((n = id_char_at (lx, end)) > 0)
    end += n;
  if (end == pos || !is_lookahead (lx, end))
    return 0;
  return end - pos;
}

static gsize
match_keyword (HbLexer    *lx,
               gsize       pos,
               const char *word)
{
  gsize n = strlen (word);

  if (!at (lx, pos, word) || !is_literal_lookahead (lx, pos + n))
    return 0;
  return n;
}

/* \-?[0-9]+(?:\.[0-9]+)?/{LITERAL_LOOKAHEAD} */
static gsize
match_number (HbLexer *lx,
              gsize    pos)
{
  gsize p = pos;
  gsize digits;

  if (p < lx->len && lx->src[p] == '-')
    p++;
  digits = p;
  while (p < lx->len && g_ascii_isdigit (lx->src[p]))
    p++;
  if (p == digits)
    return 0;
  if (p + 1 < lx->len && lx->src[p] == '.' && g_ascii_isdigit (lx->src[p + 1]))
    {
      p++;
      while (p < lx->len && g_ascii_isdigit (lx->src[p]))
        p++;
    }
  if (!is_literal_lookahead (lx, p))
    return 0;
  return p - pos;
}

/* A quoted run as the regular expressions `"("\\"["]|[^"])*"` and `'['('\\]'|[^\]])*']'`
 * match it, backtracking included: escaped closers are skipped; if no bare closer follows,
 * the last escaped one closes. Returns the length including both delimiters, or 0. */
static gsize
match_delimited (HbLexer *lx,
                 gsize    pos,
                 char     open,
                 char     close)
{
  gsize last_escaped = 0;

  if (pos >= lx->len || lx->src[pos] != open)
    return 0;
  for (gsize p = pos + 1; p < lx->len; p++)
    {
      if (lx->src[p] == '\\' && p + 1 < lx->len && lx->src[p + 1] == close)
        {
          last_escaped = p + 1;
          p++;
          continue;
        }
      if (lx->src[p] == close)
        return p + 1 - pos;
    }
  if (last_escaped > 0)
    return last_escaped + 1 - pos;
  return 0;
}

/* yytext.replace(/\\X/g, 'X') for a string between quotes. */
static char *
unescape_string (const char *text,
                 gsize       len,
                 char        quote)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\\' && i + 1 < len && text[i + 1] == quote)
        {
          g_string_append_c (out, quote);
          i++;
          continue;
        }
      g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

/* yytext.replace(/\\([\\\]])/g, '$1') for a `[…]` segment. */
static char *
unescape_bracket (const char *text,
                  gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\\' && i + 1 < len && (text[i + 1] == '\\' || text[i + 1] == ']'))
        {
          g_string_append_c (out, text[i + 1]);
          i++;
          continue;
        }
      g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static const char *
find (HbLexer    *lx,
      gsize       from,
      const char *needle)
{
  if (from >= lx->len)
    return NULL;
  return g_strstr_len (lx->src + from, lx->len - from, needle);
}

/* INITIAL: content up to the next `{{`, or to the end. */
static void
lex_initial (HbLexer *lx)
{
  const char *open = find (lx, lx->pos, "{{");
  gsize start = lx->pos;
  gsize end;
  gsize text_end;

  if (open == NULL)
    {
      lexer_emit (lx, HB_TOK_CONTENT, start, lx->len, NULL);
      lx->pos = lx->len;
      return;
    }

  end = open - lx->src;
  text_end = end;
  if (end - start >= 2 && lx->src[end - 1] == '\\' && lx->src[end - 2] == '\\')
    {
      text_end = end - 1;
      lexer_begin (lx, ST_MU);
    }
  else if (end - start >= 1 && lx->src[end - 1] == '\\')
    {
      text_end = end - 1;
      lexer_begin (lx, ST_EMU);
    }
  else
    {
      lexer_begin (lx, ST_MU);
    }

  if (text_end > start)
    lexer_emit (lx, HB_TOK_CONTENT, start, end, g_strndup (lx->src + start, text_end - start));
  lx->pos = end;
}

/* emu: an escaped mustache's text, up to the next (escaped) mustache or the end. */
static void
lex_emu (HbLexer *lx)
{
  gsize start = lx->pos;
  gsize p = start;

  /* [^\x00]{2,}? — the first two characters are the `{{` that was escaped. */
  for (int i = 0; i < 2 && p < lx->len; i++)
    p = g_utf8_next_char (lx->src + p) - lx->src;
  while (p < lx->len && !at (lx, p, "{{") && !at (lx, p, "\\{{") && !at (lx, p, "\\\\{{"))
    p++;

  lexer_pop (lx);
  lexer_emit (lx, HB_TOK_CONTENT, start, p, NULL);
  lx->pos = p;
}

/* com: `{{!--` up to the first `--}}` or `--~}}`. */
static gboolean
lex_com (HbLexer *lx)
{
  for (gsize p = lx->pos; p < lx->len; p++)
    {
      gsize end = 0;

      if (at (lx, p, "--}}"))
        end = p + 4;
      else if (at (lx, p, "--~}}"))
        end = p + 5;
      if (end == 0)
        continue;
      lexer_pop (lx);
      lexer_emit (lx, HB_TOK_COMMENT, lx->pos, end, NULL);
      lx->pos = end;
      return TRUE;
    }

  lexer_emit (lx, HB_TOK_ERROR, lx->pos, lx->len, g_strdup ("unclosed comment"));
  return FALSE;
}

/* raw: the text of a raw block; nested raw blocks stack up. */
static gboolean
lex_raw (HbLexer *lx)
{
  gsize pos = lx->pos;

  if (at (lx, pos, "{{{{") && pos + 4 < lx->len && lx->src[pos + 4] != '/')
    {
      lexer_begin (lx, ST_RAW);
      lexer_emit (lx, HB_TOK_CONTENT, pos, pos + 4, NULL);
      lx->pos = pos + 4;
      return TRUE;
    }

  if (at (lx, pos, "{{{{/"))
    {
      gsize id_start = pos + 5;
      gsize id_end = id_start;
      gsize n;

      while ((n = id_char_at (lx, id_end)) > 0)
        id_end += n;
      if (id_end > id_start && id_end < lx->len &&
          (strchr ("=}/.", lx->src[id_end]) != NULL || space_at (lx, id_end) > 0) &&
          at (lx, id_end, "}}}}"))
        {
          gsize end = id_end + 4;

          lexer_pop (lx);
          if (lexer_top (lx) == ST_RAW)
            lexer_emit (lx, HB_TOK_CONTENT, pos, end, NULL);
          else
            lexer_emit (lx, HB_TOK_END_RAW_BLOCK, pos, end,
                        g_strndup (lx->src + id_start, id_end - id_start));
          lx->pos = end;
          return TRUE;
        }
    }

  if (pos + 1 <= lx->len)
    {
      const char *next = find (lx, pos + 1, "{{{{");

      if (next != NULL)
        {
          gsize end = next - lx->src;

          lexer_emit (lx, HB_TOK_CONTENT, pos, end, NULL);
          lx->pos = end;
          return TRUE;
        }
    }

  if (pos >= lx->len)
    {
      lexer_emit (lx, HB_TOK_EOF, pos, pos, g_strdup (""));
      return FALSE;
    }
  lexer_emit (lx, HB_TOK_ERROR, pos, lx->len, g_strdup ("unclosed raw block"));
  return FALSE;
}

/* The `{{`-led rules of mu, in their order; returns FALSE if none matched. */
static gboolean
lex_mu_open (HbLexer *lx)
{
  gsize pos = lx->pos;
  gsize p;

  if (!at (lx, pos, "{{"))
    return FALSE;

  if (at (lx, pos, "{{{{"))
    {
      lexer_emit (lx, HB_TOK_OPEN_RAW_BLOCK, pos, pos + 4, NULL);
      lx->pos = pos + 4;
      return TRUE;
    }

  p = pos + 2;
  if (at (lx, p, "~"))
    p++;

#define EMIT(type, end) G_STMT_START { \
    lexer_emit (lx, (type), pos, (end), NULL); \
    lx->pos = (end); \
    return TRUE; \
  } G_STMT_END

  if (at (lx, p, ">"))
    EMIT (HB_TOK_OPEN_PARTIAL, p + 1);
  if (at (lx, p, "#>"))
    EMIT (HB_TOK_OPEN_PARTIAL_BLOCK, p + 2);
  if (at (lx, p, "#"))
    EMIT (HB_TOK_OPEN_BLOCK, at (lx, p + 1, "*") ? p + 2 : p + 1);
  if (at (lx, p, "/"))
    EMIT (HB_TOK_OPEN_ENDBLOCK, p + 1);

  /* "{{"~?"^"\s*~?"}}" */
  if (at (lx, p, "^"))
    {
      gsize q = skip_spaces (lx, p + 1);

      if (at (lx, q, "~"))
        q++;
      if (at (lx, q, "}}"))
        {
          lexer_pop (lx);
          EMIT (HB_TOK_INVERSE, q + 2);
        }
    }

  /* "{{"~?\s*"else"\s*~?"}}" */
  {
    gsize q = skip_spaces (lx, p);

    if (at (lx, q, "else"))
      {
        gsize r = skip_spaces (lx, q + 4);

        if (at (lx, r, "~"))
          r++;
        if (at (lx, r, "}}"))
          {
            lexer_pop (lx);
            EMIT (HB_TOK_INVERSE, r + 2);
          }
      }
  }

  if (at (lx, p, "^"))
    EMIT (HB_TOK_OPEN_INVERSE, p + 1);

  /* jison appends \b to a rule that ends in a word character: `{{elsewhere}}` is a
   * mustache. */
  {
    gsize q = skip_spaces (lx, p);

    if (at (lx, q, "else") &&
        !(q + 4 < lx->len && (g_ascii_isalnum (lx->src[q + 4]) || lx->src[q + 4] == '_')))
      EMIT (HB_TOK_OPEN_INVERSE_CHAIN, q + 4);
  }

  if (at (lx, p, "{"))
    EMIT (HB_TOK_OPEN_UNESCAPED, p + 1);
  if (at (lx, p, "&"))
    EMIT (HB_TOK_OPEN, p + 1);

  if (at (lx, p, "!--"))
    {
      /* unput, then the com condition reads the comment from its `{{`. */
      lexer_pop (lx);
      lexer_begin (lx, ST_COM);
      return TRUE;
    }

  if (at (lx, p, "!"))
    {
      const char *close = find (lx, p + 1, "}}");

      if (close != NULL)
        {
          gsize end = close - lx->src + 2;

          lexer_pop (lx);
          EMIT (HB_TOK_COMMENT, end);
        }
      lexer_emit (lx, HB_TOK_ERROR, pos, lx->len, g_strdup ("unclosed comment"));
      lx->pos = lx->len;
      return TRUE;
    }

  EMIT (HB_TOK_OPEN, at (lx, p, "*") ? p + 1 : p);

#undef EMIT
}

static gboolean
lex_mu (HbLexer *lx)
{
  gsize pos = lx->pos;
  gsize n;
  char c;

  if (pos >= lx->len)
    {
      lexer_emit (lx, HB_TOK_EOF, pos, pos, g_strdup (""));
      return FALSE;
    }

  c = lx->src[pos];

#define EMIT(type, end) G_STMT_START { \
    lexer_emit (lx, (type), pos, (end), NULL); \
    lx->pos = (end); \
    return TRUE; \
  } G_STMT_END

  if (c == '(')
    EMIT (HB_TOK_OPEN_SEXPR, pos + 1);
  if (c == ')')
    EMIT (HB_TOK_CLOSE_SEXPR, pos + 1);

  if (at (lx, pos, "{{"))
    return lex_mu_open (lx);

  if (at (lx, pos, "}}}}"))
    {
      lexer_pop (lx);
      lexer_begin (lx, ST_RAW);
      EMIT (HB_TOK_CLOSE_RAW_BLOCK, pos + 4);
    }

  if (c == '=')
    EMIT (HB_TOK_EQUALS, pos + 1);
  if (at (lx, pos, ".."))
    EMIT (HB_TOK_ID, pos + 2);
  if (c == '.' && is_lookahead (lx, pos + 1))
    EMIT (HB_TOK_ID, pos + 1);
  if (c == '/' || c == '.')
    EMIT (HB_TOK_SEP, pos + 1);

  if ((n = space_at (lx, pos)) > 0)
    {
      lx->pos = skip_spaces (lx, pos);
      return TRUE;
    }

  if (at (lx, pos, "}~}}"))
    {
      lexer_pop (lx);
      EMIT (HB_TOK_CLOSE_UNESCAPED, pos + 4);
    }
  if (at (lx, pos, "}}}"))
    {
      lexer_pop (lx);
      EMIT (HB_TOK_CLOSE_UNESCAPED, pos + 3);
    }
  if (at (lx, pos, "~}}"))
    {
      lexer_pop (lx);
      EMIT (HB_TOK_CLOSE, pos + 3);
    }
  if (at (lx, pos, "}}"))
    {
      lexer_pop (lx);
      EMIT (HB_TOK_CLOSE, pos + 2);
    }

  if (c == '"' || c == '\'')
    {
      n = match_delimited (lx, pos, c, c);
      if (n > 0)
        {
          lexer_emit (lx, HB_TOK_STRING, pos, pos + n,
                      unescape_string (lx->src + pos + 1, n - 2, c));
          lx->pos = pos + n;
          return TRUE;
        }
    }

  if (c == '@')
    EMIT (HB_TOK_DATA, pos + 1);

  if ((n = match_keyword (lx, pos, "true")) > 0 || (n = match_keyword (lx, pos, "false")) > 0)
    EMIT (HB_TOK_BOOLEAN, pos + n);
  if ((n = match_keyword (lx, pos, "undefined")) > 0)
    EMIT (HB_TOK_UNDEFINED, pos + n);
  if ((n = match_keyword (lx, pos, "null")) > 0)
    EMIT (HB_TOK_NULL, pos + n);
  if ((n = match_number (lx, pos)) > 0)
    EMIT (HB_TOK_NUMBER, pos + n);

  /* "as"\s+"|" */
  if (at (lx, pos, "as") && space_at (lx, pos + 2) > 0)
    {
      gsize q = skip_spaces (lx, pos + 2);

      if (at (lx, q, "|"))
        EMIT (HB_TOK_OPEN_BLOCK_PARAMS, q + 1);
    }
  if (c == '|')
    EMIT (HB_TOK_CLOSE_BLOCK_PARAMS, pos + 1);

  if ((n = match_id (lx, pos)) > 0)
    EMIT (HB_TOK_ID, pos + n);

  if (c == '[')
    {
      n = match_delimited (lx, pos, '[', ']');
      if (n > 0)
        {
          lexer_emit (lx, HB_TOK_ID, pos, pos + n, unescape_bracket (lx->src + pos, n));
          lx->pos = pos + n;
          return TRUE;
        }
    }

  EMIT (HB_TOK_INVALID, (gsize) (g_utf8_next_char (lx->src + pos) - lx->src));

#undef EMIT
}

/**
 * _hb_tokenize:
 * @source: UTF-8 template text
 * @length: its length in bytes
 *
 * Splits a template into Handlebars tokens. The array always ends with an EOF token, or with
 * an ERROR token whose text says what the lexer could not read.
 *
 * Returns: (transfer full): an array of #HbToken; free with _hb_tokens_free()
 */
GArray *
_hb_tokenize (const char *source,
              gsize       length)
{
  HbLexer lx = { source, length, 0, NULL, NULL };
  gboolean more = TRUE;

  lx.states = g_array_new (FALSE, FALSE, sizeof (HbState));
  lx.tokens = g_array_new (FALSE, FALSE, sizeof (HbToken));

  while (more)
    {
      switch (lexer_top (&lx))
        {
        case ST_INITIAL:
          if (lx.pos >= lx.len)
            {
              lexer_emit (&lx, HB_TOK_EOF, lx.pos, lx.pos, g_strdup (""));
              more = FALSE;
            }
          else
            lex_initial (&lx);
          break;
        case ST_EMU:
          lex_emu (&lx);
          break;
        case ST_COM:
          more = lex_com (&lx);
          break;
        case ST_RAW:
          more = lex_raw (&lx);
          break;
        case ST_MU:
        default:
          more = lex_mu (&lx);
          break;
        }

      if (more && lx.tokens->len > 0 &&
          g_array_index (lx.tokens, HbToken, lx.tokens->len - 1).type == HB_TOK_ERROR)
        more = FALSE;
    }

  g_array_free (lx.states, TRUE);
  return lx.tokens;
}

void
_hb_tokens_free (GArray *tokens)
{
  if (tokens == NULL)
    return;
  for (guint i = 0; i < tokens->len; i++)
    g_free (g_array_index (tokens, HbToken, i).text);
  g_array_free (tokens, TRUE);
}

/**
 * _hb_source_position:
 * @src: the template's source and where it sits in its file
 * @offset: a byte offset into the source
 * @line: (out): the line in the file, from 1
 * @column: (out): the column in the file, counted in characters from 1
 *
 * Turns a byte offset into the file position error messages give.
 */
void
_hb_source_position (const HbSource *src,
                     gsize           offset,
                     guint          *line,
                     guint          *column)
{
  guint l = 0;
  gsize line_start = 0;
  guint col;

  offset = MIN (offset, src->length);
  for (gsize i = 0; i < offset; i++)
    if (src->source[i] == '\n')
      {
        l++;
        line_start = i + 1;
      }

  col = (guint) g_utf8_strlen (src->source + line_start, offset - line_start);
  *line = src->first_line + l;
  *column = (l == 0 ? src->first_column : 1) + col;
}

/**
 * _hb_set_error:
 * @error: return location for an error
 * @src: the template the error is in
 * @offset: where in the source, in bytes
 * @code: a #GenkitHandlebarsError
 * @format: printf() format of the message
 * @...: its arguments
 *
 * Sets an error whose message starts with `FILE:LINE:COLUMN: ` (without `FILE:` when the
 * template has no file name).
 */
/* `FILE:LINE:COLUMN: ` (or `LINE:COLUMN: `) for the byte at @offset. */
char *
_hb_location_prefix (const HbSource *src,
                     gsize           offset)
{
  guint line;
  guint column;

  _hb_source_position (src, offset, &line, &column);
  if (src->filename != NULL)
    return g_strdup_printf ("%s:%u:%u: ", src->filename, line, column);
  return g_strdup_printf ("%u:%u: ", line, column);
}

void
_hb_set_error (GError              **error,
               const HbSource       *src,
               gsize                 offset,
               GenkitHandlebarsError code,
               const char           *format,
               ...)
{
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  va_list args;

  if (error == NULL || *error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  where = _hb_location_prefix (src, offset);
  g_set_error (error, GENKIT_HANDLEBARS_ERROR, code, "%s%s", where, message);
}
