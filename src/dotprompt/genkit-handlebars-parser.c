/* genkit-handlebars-parser.c — Handlebars' grammar (handlebars.yy), whitespace control and
 * helper classification
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * A recursive-descent parser for the LALR grammar of handlebars.yy. Its actions build the
 * tree handlebars.js' helpers (prepareBlock, prepareMustache, preparePath, ...) build, then
 * the WhitespaceControl visitor strips `~` and standalone lines exactly as
 * `compiler/whitespace-control.js` does, and a last pass classifies every mustache, block
 * and sub-expression as the compiler's classifySexpr() would.
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-handlebars-private.h"

/* Tree ---------------------------------------------------------------------------------- */

static void expr_free (HbExpr *expr);
static void stmt_free (HbStmt *stmt);

static void
call_clear (HbCall *call)
{
  g_clear_pointer (&call->path, expr_free);
  g_clear_pointer (&call->params, g_ptr_array_unref);
  g_clear_pointer (&call->hash_keys, g_ptr_array_unref);
  g_clear_pointer (&call->hash_values, g_ptr_array_unref);
}

static void
expr_free (HbExpr *expr)
{
  if (expr == NULL)
    return;
  g_strfreev (expr->parts);
  g_free (expr->original);
  g_clear_pointer (&expr->value, json_node_unref);
  g_free (expr->literal_text);
  call_clear (&expr->call);
  g_free (expr);
}

static HbExpr *
expr_new (HbExprType type,
          gsize      offset)
{
  HbExpr *expr = g_new0 (HbExpr, 1);

  expr->type = type;
  expr->offset = offset;
  expr->bp_depth = -1;
  expr->bp_index = -1;
  return expr;
}

static HbProgram *
program_new (void)
{
  HbProgram *program = g_new0 (HbProgram, 1);

  program->body = g_ptr_array_new_with_free_func ((GDestroyNotify) stmt_free);
  return program;
}

void
_hb_program_free (HbProgram *program)
{
  if (program == NULL)
    return;
  g_ptr_array_unref (program->body);
  g_strfreev (program->block_params);
  g_free (program);
}

static void
stmt_free (HbStmt *stmt)
{
  if (stmt == NULL)
    return;
  g_free (stmt->original);
  call_clear (&stmt->call);
  _hb_program_free (stmt->program);
  _hb_program_free (stmt->inverse);
  g_free (stmt->indent);
  g_free (stmt->partial_name);
  g_free (stmt);
}

static HbStmt *
stmt_new (HbStmtType type,
          gsize      offset)
{
  HbStmt *stmt = g_new0 (HbStmt, 1);

  stmt->type = type;
  stmt->offset = offset;
  return stmt;
}

/* Parser -------------------------------------------------------------------------------- */

typedef struct
{
  const HbSource *src;
  GArray         *tokens;
  guint           pos;
  guint           nesting;
  GError        **error;
} HbParser;

/* What an opening tag held: openBlock, openInverse, openInverseChain, openPartialBlock and
 * openRawBlock in the grammar. */
typedef struct
{
  HbCall      call;
  char      **block_params;
  HbStrip     strip;
  gboolean    decorator;
  gsize       offset;
  HbTokenType open_type;
} HbOpen;

/* inverseAndProgram and inverseChain */
typedef struct
{
  HbStrip    strip;
  HbProgram *program;
  gboolean   chain;
} HbInverse;

static HbProgram *parse_program (HbParser *p);
static HbExpr    *parse_param   (HbParser *p);

static HbToken *
peek (HbParser *p,
      guint     ahead)
{
  guint i = MIN (p->pos + ahead, p->tokens->len - 1);

  return &g_array_index (p->tokens, HbToken, i);
}

static HbToken *
advance (HbParser *p)
{
  HbToken *token = peek (p, 0);

  if (p->pos < p->tokens->len - 1)
    p->pos++;
  return token;
}

static char *
describe (HbToken *token)
{
  switch (token->type)
    {
    case HB_TOK_EOF:
      return g_strdup ("the end of the template");
    case HB_TOK_CONTENT:
      return g_strdup ("text");
    case HB_TOK_STRING:
      return g_strdup_printf ("the string \"%s\"", token->text);
    default:
      return g_strdup_printf ("'%s'", token->text);
    }
}

static gboolean
failed (HbParser *p)
{
  return p->error != NULL && *p->error != NULL;
}

static void
fail_at (HbParser   *p,
         HbToken    *token,
         const char *expected)
{
  g_autofree char *found = NULL;

  if (failed (p))
    return;
  if (token->type == HB_TOK_ERROR)
    {
      _hb_set_error (p->error, p->src, token->start, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                     "%s", token->text);
      return;
    }
  found = describe (token);
  _hb_set_error (p->error, p->src, token->start, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                 "expected %s, found %s", expected, found);
}

static gboolean
expect (HbParser    *p,
        HbTokenType  type,
        const char  *what,
        HbToken    **out)
{
  HbToken *token = peek (p, 0);

  if (token->type != type)
    {
      fail_at (p, token, what);
      return FALSE;
    }
  advance (p);
  if (out != NULL)
    *out = token;
  return TRUE;
}

static gboolean
enter (HbParser *p,
       gsize     offset)
{
  if (++p->nesting > GENKIT_HANDLEBARS_MAX_NESTING)
    {
      if (!failed (p))
        _hb_set_error (p->error, p->src, offset, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                       "the template nests blocks and sub-expressions more than %d deep",
                       GENKIT_HANDLEBARS_MAX_NESTING);
      return FALSE;
    }
  return TRUE;
}

static void
leave (HbParser *p)
{
  p->nesting--;
}

/* yy.stripFlags(open, close) */
static HbStrip
strip_flags (HbToken *open,
             HbToken *close)
{
  HbStrip strip = { 1, 0, 0 };
  gsize len = strlen (close->text);

  strip.open = strlen (open->text) > 2 && open->text[2] == '~';
  strip.close = len >= 3 && close->text[len - 3] == '~';
  return strip;
}

/* yy.id(token): `[foo]` → `foo`, unless the brackets span a line break. */
static char *
strip_id (const char *text)
{
  gsize len = strlen (text);

  if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
    {
      for (gsize i = 1; i + 1 < len; i++)
        if (text[i] == '\n' || text[i] == '\r' ||
            (i + 3 <= len - 1 && (guchar) text[i] == 0xe2 && (guchar) text[i + 1] == 0x80 &&
             ((guchar) text[i + 2] == 0xa8 || (guchar) text[i + 2] == 0xa9)))
          return g_strdup (text);
      return g_strndup (text + 1, len - 2);
    }
  return g_strdup (text);
}

/* AST.helpers.scopedId: /^\.|this\b/ */
static gboolean
is_scoped (const char *original)
{
  const char *p;

  if (original[0] == '.')
    return TRUE;
  for (p = strstr (original, "this"); p != NULL; p = strstr (p + 1, "this"))
    {
      char next = p[4];

      if (!(g_ascii_isalnum (next) || next == '_'))
        return TRUE;
    }
  return FALSE;
}

/* pathSegments and yy.preparePath() */
static HbExpr *
parse_path (HbParser *p,
            gboolean  data,
            gsize     offset)
{
  g_autoptr(GPtrArray) dig = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) original = g_string_new (data ? "@" : "");
  guint depth = 0;
  HbToken *token;
  HbExpr *expr;

  if (!expect (p, HB_TOK_ID, "a name", &token))
    return NULL;

  for (;;)
    {
      g_autofree char *part = strip_id (token->text);
      gboolean literal = !g_str_equal (part, token->text);

      g_string_append (original, part);
      if (!literal && (g_str_equal (part, "..") || g_str_equal (part, ".") ||
                       g_str_equal (part, "this")))
        {
          if (dig->len > 0)
            {
              _hb_set_error (p->error, p->src, offset, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                             "invalid path: %s", original->str);
              return NULL;
            }
          if (g_str_equal (part, ".."))
            depth++;
        }
      else
        {
          g_ptr_array_add (dig, g_steal_pointer (&part));
        }

      if (peek (p, 0)->type != HB_TOK_SEP)
        break;
      g_string_append (original, advance (p)->text);
      if (!expect (p, HB_TOK_ID, "a name after the separator", &token))
        return NULL;
    }

  expr = expr_new (HB_EXPR_PATH, offset);
  expr->data = data;
  expr->depth = depth;
  expr->n_parts = dig->len;
  g_ptr_array_add (dig, NULL);
  expr->parts = (char **) g_ptr_array_free (g_steal_pointer (&dig), FALSE);
  expr->original = g_string_free (g_steal_pointer (&original), FALSE);
  expr->scoped = is_scoped (expr->original);
  return expr;
}

static HbExpr *
literal_new (HbExprType  type,
             gsize       offset,
             JsonNode   *value,
             char       *text)
{
  HbExpr *expr = expr_new (type, offset);

  expr->value = value;
  expr->literal_text = text;
  return expr;
}

/* helperName */
static HbExpr *
parse_helper_name (HbParser *p)
{
  HbToken *token = peek (p, 0);
  JsonNode *node;

  switch (token->type)
    {
    case HB_TOK_ID:
      return parse_path (p, FALSE, token->start);

    case HB_TOK_DATA:
      advance (p);
      return parse_path (p, TRUE, token->start);

    case HB_TOK_STRING:
      advance (p);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, token->text);
      return literal_new (HB_EXPR_STRING, token->start, node, g_strdup (token->text));

    case HB_TOK_NUMBER:
      {
        double value = g_ascii_strtod (token->text, NULL);

        advance (p);
        node = _genkit_js_number_node (value);
        return literal_new (HB_EXPR_NUMBER, token->start, node, _genkit_js_to_string (node));
      }

    case HB_TOK_BOOLEAN:
      advance (p);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, g_str_equal (token->text, "true"));
      return literal_new (HB_EXPR_BOOLEAN, token->start, node, g_strdup (token->text));

    case HB_TOK_UNDEFINED:
      advance (p);
      return literal_new (HB_EXPR_UNDEFINED, token->start, NULL, g_strdup ("undefined"));

    case HB_TOK_NULL:
      advance (p);
      return literal_new (HB_EXPR_NULL, token->start, json_node_new (JSON_NODE_NULL),
                          g_strdup ("null"));

    default:
      fail_at (p, token, "a helper name, path or literal");
      return NULL;
    }
}

static gboolean
starts_param (HbParser *p)
{
  HbToken *token = peek (p, 0);

  switch (token->type)
    {
    case HB_TOK_ID:
      /* `ID =` starts the hash instead. */
      return peek (p, 1)->type != HB_TOK_EQUALS;
    case HB_TOK_DATA:
    case HB_TOK_STRING:
    case HB_TOK_NUMBER:
    case HB_TOK_BOOLEAN:
    case HB_TOK_UNDEFINED:
    case HB_TOK_NULL:
    case HB_TOK_OPEN_SEXPR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* param* hash? */
static gboolean
parse_params_and_hash (HbParser *p,
                       HbCall   *call)
{
  call->params = g_ptr_array_new_with_free_func ((GDestroyNotify) expr_free);

  while (starts_param (p))
    {
      HbExpr *param = parse_param (p);

      if (param == NULL)
        return FALSE;
      g_ptr_array_add (call->params, param);
    }

  while (peek (p, 0)->type == HB_TOK_ID && peek (p, 1)->type == HB_TOK_EQUALS)
    {
      HbToken *key = advance (p);
      HbExpr *value;

      advance (p);
      if (call->hash_keys == NULL)
        {
          call->hash_keys = g_ptr_array_new_with_free_func (g_free);
          call->hash_values = g_ptr_array_new_with_free_func ((GDestroyNotify) expr_free);
        }
      if ((value = parse_param (p)) == NULL)
        return FALSE;
      if (value->type == HB_EXPR_UNDEFINED)
        {
          /* The compiler's objectLiteral() leaves out members whose code is `undefined`. */
          expr_free (value);
          continue;
        }
      g_ptr_array_add (call->hash_keys, strip_id (key->text));
      g_ptr_array_add (call->hash_values, value);
    }

  return TRUE;
}

/* sexpr: OPEN_SEXPR helperName param* hash? CLOSE_SEXPR */
static HbExpr *
parse_sexpr (HbParser *p)
{
  HbToken *open = advance (p);
  HbExpr *expr = expr_new (HB_EXPR_SUBEXPR, open->start);

  if (!enter (p, open->start))
    {
      expr_free (expr);
      return NULL;
    }
  expr->call.offset = open->start;
  if ((expr->call.path = parse_helper_name (p)) == NULL ||
      !parse_params_and_hash (p, &expr->call) ||
      !expect (p, HB_TOK_CLOSE_SEXPR, "')'", NULL))
    {
      leave (p);
      expr_free (expr);
      return NULL;
    }
  leave (p);
  return expr;
}

/* param: helperName | sexpr */
static HbExpr *
parse_param (HbParser *p)
{
  if (peek (p, 0)->type == HB_TOK_OPEN_SEXPR)
    return parse_sexpr (p);
  return parse_helper_name (p);
}

/* blockParams: OPEN_BLOCK_PARAMS ID+ CLOSE_BLOCK_PARAMS */
static char **
parse_block_params (HbParser *p)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  advance (p);
  do
    {
      HbToken *id;

      if (!expect (p, HB_TOK_ID, "a block parameter name", &id))
        return NULL;
      g_ptr_array_add (names, strip_id (id->text));
    }
  while (peek (p, 0)->type == HB_TOK_ID);

  if (!expect (p, HB_TOK_CLOSE_BLOCK_PARAMS, "'|'", NULL))
    return NULL;
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
open_clear (HbOpen *open)
{
  call_clear (&open->call);
  g_clear_pointer (&open->block_params, g_strfreev);
}

/* The rest of an opening tag after its first token: helperName param* hash? blockParams?
 * and the closing token. */
static gboolean
parse_open (HbParser    *p,
            HbToken     *open_token,
            gboolean     allow_block_params,
            gboolean     partial_name,
            HbTokenType  close_type,
            HbOpen      *open)
{
  HbToken *close;

  open->open_type = open_token->type;
  open->offset = open_token->start;
  open->call.offset = open_token->start;
  open->decorator = strchr (open_token->text, '*') != NULL;

  if (partial_name && peek (p, 0)->type == HB_TOK_OPEN_SEXPR)
    open->call.path = parse_sexpr (p);
  else
    open->call.path = parse_helper_name (p);
  if (open->call.path == NULL || !parse_params_and_hash (p, &open->call))
    return FALSE;
  if (allow_block_params && peek (p, 0)->type == HB_TOK_OPEN_BLOCK_PARAMS &&
      (open->block_params = parse_block_params (p)) == NULL)
    return FALSE;
  if (!expect (p, close_type, close_type == HB_TOK_CLOSE_UNESCAPED ? "'}}}'" :
                              close_type == HB_TOK_CLOSE_RAW_BLOCK ? "'}}}}'" : "'}}'",
               &close))
    return FALSE;
  open->strip = strip_flags (open_token, close);
  return TRUE;
}

/* The name a block was opened with, as the error messages show it. */
static const char *
open_name (HbOpen *open)
{
  HbExpr *path = open->call.path;

  if (path->type == HB_EXPR_PATH)
    return path->original;
  if (path->literal_text != NULL)
    return path->literal_text;
  return "(sub-expression)";
}

/* The `original` of a name as handlebars.js holds it, tagged with its JavaScript type so
 * that validateClose()'s `!==` can be applied: `s:` strings (paths, string literals), `n:`
 * numbers, `b:` booleans, `u` undefined (the undefined literal, a sub-expression), `l` null. */
static char *
expr_original_tagged (HbExpr *expr)
{
  switch (expr->type)
    {
    case HB_EXPR_PATH:
      return g_strconcat ("s:", expr->original, NULL);
    case HB_EXPR_STRING:
      return g_strconcat ("s:", expr->literal_text, NULL);
    case HB_EXPR_NUMBER:
      return g_strconcat ("n:", expr->literal_text, NULL);
    case HB_EXPR_BOOLEAN:
      return g_strconcat ("b:", expr->literal_text, NULL);
    case HB_EXPR_NULL:
      return g_strdup ("l");
    case HB_EXPR_UNDEFINED:
    case HB_EXPR_SUBEXPR:
    default:
      return g_strdup ("u");
    }
}

static const char *
expr_original (HbExpr *expr)
{
  if (expr == NULL)
    return "undefined";
  if (expr->type == HB_EXPR_PATH)
    return expr->original;
  if (expr->literal_text != NULL)
    return expr->literal_text;
  return "undefined";
}

static const char *
open_tag (HbOpen *open)
{
  switch (open->open_type)
    {
    case HB_TOK_OPEN_INVERSE:
      return "{{^";
    case HB_TOK_OPEN_PARTIAL_BLOCK:
      return "{{#>";
    case HB_TOK_OPEN_RAW_BLOCK:
      return "{{{{";
    default:
      return open->decorator ? "{{#*" : "{{#";
    }
}

/* closeBlock: OPEN_ENDBLOCK helperName CLOSE, checked against the opening tag. Reports a
 * block that the template ends in before its close. */
static gboolean
parse_close_block (HbParser *p,
                   HbOpen   *open,
                   HbStrip  *strip)
{
  HbToken *token = peek (p, 0);
  HbToken *close;
  HbExpr *path;

  if (token->type == HB_TOK_EOF)
    {
      if (!failed (p))
        _hb_set_error (p->error, p->src, open->offset, GENKIT_HANDLEBARS_ERROR_UNCLOSED_BLOCK,
                       "unclosed block %s%s}}: the template ends before {{/%s}}",
                       open_tag (open), open_name (open), open_name (open));
      return FALSE;
    }
  if (token->type != HB_TOK_OPEN_ENDBLOCK)
    {
      g_autofree char *expected = g_strdup_printf ("{{/%s}} to close the block opened with %s%s}}",
                                                   open_name (open), open_tag (open),
                                                   open_name (open));
      fail_at (p, token, expected);
      return FALSE;
    }
  advance (p);
  if ((path = parse_helper_name (p)) == NULL)
    return FALSE;
  if (!expect (p, HB_TOK_CLOSE, "'}}'", &close))
    {
      expr_free (path);
      return FALSE;
    }

  /* validateClose(): open.path.original !== close.path.original */
  {
    g_autofree char *open_original = expr_original_tagged (open->call.path);
    g_autofree char *close_original = expr_original_tagged (path);

    if (!g_str_equal (open_original, close_original))
      {
        _hb_set_error (p->error, p->src, open->offset, GENKIT_HANDLEBARS_ERROR_MISMATCHED_BLOCK,
                       "%s doesn't match %s: the block %s%s}} is closed by {{/%s}}",
                       open->call.path->type == HB_EXPR_SUBEXPR ? "undefined" : open_name (open),
                       expr_original (path), open_tag (open), open_name (open),
                       expr_original (path));
        expr_free (path);
        return FALSE;
      }
  }

  *strip = strip_flags (token, close);
  expr_free (path);
  return TRUE;
}

static void
move_call (HbCall *to,
           HbCall *from)
{
  *to = *from;
  memset (from, 0, sizeof *from);
}

/* yy.prepareBlock(openBlock, program, inverseAndProgram, close, inverted) */
static HbStmt *
prepare_block (HbParser  *p,
               HbOpen    *open,
               HbProgram *program,
               HbInverse *inverse_and_program,
               HbStrip    close_strip,
               gboolean   inverted)
{
  HbStmt *block;
  HbProgram *inverse = NULL;
  HbStrip inverse_strip = { 0, 0, 0 };

  program->block_params = g_steal_pointer (&open->block_params);
  program->n_block_params = program->block_params ? g_strv_length (program->block_params) : 0;

  if (inverse_and_program != NULL)
    {
      if (open->decorator)
        {
          _hb_set_error (p->error, p->src, open->offset, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                         "unexpected inverse block on decorator");
          _hb_program_free (program);
          _hb_program_free (inverse_and_program->program);
          return NULL;
        }
      if (inverse_and_program->chain)
        ((HbStmt *) inverse_and_program->program->body->pdata[0])->close_strip = close_strip;
      inverse_strip = inverse_and_program->strip;
      inverse = inverse_and_program->program;
    }

  if (inverted)
    {
      HbProgram *swap = inverse;

      inverse = program;
      program = swap;
    }

  block = stmt_new (open->decorator ? HB_STMT_DECORATOR_BLOCK : HB_STMT_BLOCK, open->offset);
  move_call (&block->call, &open->call);
  block->program = program;
  block->inverse = inverse;
  block->open_strip = open->strip;
  block->inverse_strip = inverse_strip;
  block->close_strip = close_strip;
  return block;
}

/* inverseChain: openInverseChain program inverseChain? | inverseAndProgram */
static gboolean
parse_inverse_chain (HbParser  *p,
                     HbInverse *out)
{
  HbToken *token = peek (p, 0);

  if (token->type == HB_TOK_INVERSE)
    {
      advance (p);
      out->strip = strip_flags (token, token);
      out->chain = FALSE;
      out->program = parse_program (p);
      return out->program != NULL;
    }

  /* OPEN_INVERSE_CHAIN helperName param* hash? blockParams? CLOSE */
  {
    HbOpen open = { 0 };
    HbInverse next = { { 0, 0, 0 }, NULL, FALSE };
    gboolean has_next;
    HbProgram *program;
    HbProgram *chained;
    HbStmt *block;

    advance (p);
    if (!enter (p, token->start))
      return FALSE;
    if (!parse_open (p, token, TRUE, FALSE, HB_TOK_CLOSE, &open))
      {
        open_clear (&open);
        leave (p);
        return FALSE;
      }
    /* An `{{else foo}}` is never a decorator. */
    open.decorator = FALSE;
    if ((program = parse_program (p)) == NULL)
      {
        open_clear (&open);
        leave (p);
        return FALSE;
      }

    has_next = peek (p, 0)->type == HB_TOK_INVERSE || peek (p, 0)->type == HB_TOK_OPEN_INVERSE_CHAIN;
    if (has_next && !parse_inverse_chain (p, &next))
      {
        open_clear (&open);
        _hb_program_free (program);
        leave (p);
        return FALSE;
      }

    /* yy.prepareBlock($1, $2, $3, $3, false): the "close" is the next link, which has no
     * path to check and whose strip flags become this block's close strip. */
    block = prepare_block (p, &open, program, has_next ? &next : NULL,
                           has_next ? next.strip : (HbStrip) { 0, 0, 0 }, FALSE);
    open_clear (&open);
    leave (p);
    if (block == NULL)
      return FALSE;

    chained = program_new ();
    chained->chained = TRUE;
    g_ptr_array_add (chained->body, block);

    out->strip = open.strip;
    out->program = chained;
    out->chain = TRUE;
    return TRUE;
  }
}

/* block: openBlock program inverseChain? closeBlock
 *      | openInverse program inverseAndProgram? closeBlock */
static HbStmt *
parse_block (HbParser *p)
{
  HbToken *token = advance (p);
  gboolean inverted = token->type == HB_TOK_OPEN_INVERSE;
  HbOpen open = { 0 };
  HbInverse inverse = { { 0, 0, 0 }, NULL, FALSE };
  gboolean has_inverse = FALSE;
  HbProgram *program = NULL;
  HbStrip close_strip;
  HbStmt *block;

  if (!enter (p, token->start))
    return NULL;
  if (!parse_open (p, token, TRUE, FALSE, HB_TOK_CLOSE, &open))
    goto error;
  if ((program = parse_program (p)) == NULL)
    goto error;

  if (peek (p, 0)->type == HB_TOK_INVERSE ||
      (!inverted && peek (p, 0)->type == HB_TOK_OPEN_INVERSE_CHAIN))
    {
      if (!parse_inverse_chain (p, &inverse))
        goto error;
      has_inverse = TRUE;
    }

  if (!parse_close_block (p, &open, &close_strip))
    goto error;

  block = prepare_block (p, &open, program, has_inverse ? &inverse : NULL, close_strip,
                         inverted);
  open_clear (&open);
  leave (p);
  return block;

error:
  open_clear (&open);
  _hb_program_free (program);
  if (has_inverse)
    _hb_program_free (inverse.program);
  leave (p);
  return NULL;
}

/* validateClose() for a raw block, whose close is the bare name string. */
static gboolean
raw_close_matches (HbExpr     *open,
                   const char *close)
{
  g_autofree char *open_original = expr_original_tagged (open);
  g_autofree char *close_original = g_strconcat ("s:", close, NULL);

  return g_str_equal (open_original, close_original);
}

/* rawBlock: openRawBlock content* END_RAW_BLOCK */
static HbStmt *
parse_raw_block (HbParser *p)
{
  HbToken *token = advance (p);
  HbOpen open = { 0 };
  HbProgram *program;
  HbToken *end;
  HbStmt *block;

  if (!parse_open (p, token, FALSE, FALSE, HB_TOK_CLOSE_RAW_BLOCK, &open))
    {
      open_clear (&open);
      return NULL;
    }

  program = program_new ();
  while (peek (p, 0)->type == HB_TOK_CONTENT)
    {
      HbToken *content = advance (p);
      HbStmt *stmt = stmt_new (HB_STMT_CONTENT, content->start);

      stmt->original = g_strdup (content->text);
      stmt->original_len = strlen (content->text);
      stmt->value_end = stmt->original_len;
      g_ptr_array_add (program->body, stmt);
    }

  end = peek (p, 0);
  if (end->type != HB_TOK_END_RAW_BLOCK)
    {
      if (end->type == HB_TOK_EOF || end->type == HB_TOK_ERROR)
        _hb_set_error (p->error, p->src, open.offset, GENKIT_HANDLEBARS_ERROR_UNCLOSED_BLOCK,
                       "unclosed raw block {{{{%s}}}}: the template ends before {{{{/%s}}}}",
                       open_name (&open), open_name (&open));
      else
        fail_at (p, end, "the end of the raw block");
      open_clear (&open);
      _hb_program_free (program);
      return NULL;
    }
  advance (p);

  if (!raw_close_matches (open.call.path, end->text))
    {
      _hb_set_error (p->error, p->src, open.offset, GENKIT_HANDLEBARS_ERROR_MISMATCHED_BLOCK,
                     "%s doesn't match %s: the raw block {{{{%s}}}} is closed by {{{{/%s}}}}",
                     open_name (&open), end->text, open_name (&open), end->text);
      open_clear (&open);
      _hb_program_free (program);
      return NULL;
    }

  block = stmt_new (HB_STMT_BLOCK, open.offset);
  move_call (&block->call, &open.call);
  block->program = program;
  block->open_strip = (HbStrip) { 1, 0, 0 };
  block->inverse_strip = (HbStrip) { 1, 0, 0 };
  block->close_strip = (HbStrip) { 1, 0, 0 };
  open_clear (&open);
  return block;
}

/* partial: OPEN_PARTIAL partialName param* hash? CLOSE
 * partialBlock: openPartialBlock program closeBlock */
static HbStmt *
parse_partial (HbParser *p)
{
  HbToken *token = advance (p);
  gboolean is_block = token->type == HB_TOK_OPEN_PARTIAL_BLOCK;
  HbOpen open = { 0 };
  HbStmt *stmt;

  if (!enter (p, token->start))
    return NULL;
  if (!parse_open (p, token, FALSE, TRUE, HB_TOK_CLOSE, &open))
    {
      open_clear (&open);
      leave (p);
      return NULL;
    }

  stmt = stmt_new (is_block ? HB_STMT_PARTIAL_BLOCK : HB_STMT_PARTIAL, token->start);
  stmt->dynamic_name = open.call.path->type == HB_EXPR_SUBEXPR;
  if (!stmt->dynamic_name)
    stmt->partial_name = g_strdup (expr_original (open.call.path));

  if (is_block)
    {
      HbStrip close_strip;

      if ((stmt->program = parse_program (p)) == NULL ||
          !parse_close_block (p, &open, &close_strip))
        {
          open_clear (&open);
          stmt_free (stmt);
          leave (p);
          return NULL;
        }
      stmt->open_strip = open.strip;
      stmt->close_strip = close_strip;
    }
  else
    {
      stmt->strip = open.strip;
    }

  move_call (&stmt->call, &open.call);
  open_clear (&open);
  leave (p);
  return stmt;
}

/* mustache: OPEN helperName param* hash? CLOSE
 *         | OPEN_UNESCAPED helperName param* hash? CLOSE_UNESCAPED */
static HbStmt *
parse_mustache (HbParser *p)
{
  HbToken *token = advance (p);
  gboolean unescaped_open = token->type == HB_TOK_OPEN_UNESCAPED;
  HbOpen open = { 0 };
  HbStmt *stmt;
  const char *text = token->text;
  char flag;

  if (!parse_open (p, token, FALSE, FALSE,
                   unescaped_open ? HB_TOK_CLOSE_UNESCAPED : HB_TOK_CLOSE, &open))
    {
      open_clear (&open);
      return NULL;
    }

  stmt = stmt_new (open.decorator ? HB_STMT_DECORATOR : HB_STMT_MUSTACHE, token->start);
  move_call (&stmt->call, &open.call);
  stmt->strip = open.strip;

  /* yy.prepareMustache(): open.charAt(3) || open.charAt(2) */
  flag = strlen (text) > 3 ? text[3] : strlen (text) > 2 ? text[2] : '\0';
  stmt->escaped = flag != '{' && flag != '&';
  open_clear (&open);
  return stmt;
}

static HbStmt *
parse_statement (HbParser *p)
{
  HbToken *token = peek (p, 0);
  HbStmt *stmt;

  switch (token->type)
    {
    case HB_TOK_CONTENT:
      advance (p);
      stmt = stmt_new (HB_STMT_CONTENT, token->start);
      stmt->original = g_strdup (token->text);
      stmt->original_len = strlen (token->text);
      stmt->value_end = stmt->original_len;
      return stmt;

    case HB_TOK_COMMENT:
      advance (p);
      stmt = stmt_new (HB_STMT_COMMENT, token->start);
      stmt->strip = strip_flags (token, token);
      return stmt;

    case HB_TOK_OPEN:
    case HB_TOK_OPEN_UNESCAPED:
      return parse_mustache (p);

    case HB_TOK_OPEN_BLOCK:
    case HB_TOK_OPEN_INVERSE:
      return parse_block (p);

    case HB_TOK_OPEN_RAW_BLOCK:
      return parse_raw_block (p);

    case HB_TOK_OPEN_PARTIAL:
    case HB_TOK_OPEN_PARTIAL_BLOCK:
      return parse_partial (p);

    default:
      g_assert_not_reached ();
      return NULL;
    }
}

static gboolean
starts_statement (HbTokenType type)
{
  switch (type)
    {
    case HB_TOK_CONTENT:
    case HB_TOK_COMMENT:
    case HB_TOK_OPEN:
    case HB_TOK_OPEN_UNESCAPED:
    case HB_TOK_OPEN_BLOCK:
    case HB_TOK_OPEN_INVERSE:
    case HB_TOK_OPEN_RAW_BLOCK:
    case HB_TOK_OPEN_PARTIAL:
    case HB_TOK_OPEN_PARTIAL_BLOCK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* program: statement* */
static HbProgram *
parse_program (HbParser *p)
{
  HbProgram *program = program_new ();

  while (starts_statement (peek (p, 0)->type))
    {
      HbStmt *stmt = parse_statement (p);

      if (stmt == NULL)
        {
          _hb_program_free (program);
          return NULL;
        }
      if (stmt->type == HB_STMT_DECORATOR || stmt->type == HB_STMT_DECORATOR_BLOCK)
        program->has_decorators = TRUE;
      g_ptr_array_add (program->body, stmt);
    }
  return program;
}

/**
 * _hb_parse:
 * @src: the template
 * @error: return location for a %GENKIT_HANDLEBARS_ERROR
 *
 * Parses a template (root: program EOF) into its tree, before whitespace control.
 *
 * Returns: (transfer full) (nullable): the root program
 */
HbProgram *
_hb_parse (const HbSource *src,
           GError        **error)
{
  HbParser p = { src, NULL, 0, 0, error };
  HbProgram *root;
  HbToken *token;

  p.tokens = _hb_tokenize (src->source, src->length);
  root = parse_program (&p);

  if (root != NULL)
    {
      token = peek (&p, 0);
      if (token->type != HB_TOK_EOF)
        {
          if (token->type == HB_TOK_OPEN_ENDBLOCK)
            _hb_set_error (error, src, token->start, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                           "unexpected {{/%s}}: no block is open",
                           peek (&p, 1)->type == HB_TOK_ID ? peek (&p, 1)->text : "");
          else if (token->type == HB_TOK_INVERSE || token->type == HB_TOK_OPEN_INVERSE_CHAIN)
            _hb_set_error (error, src, token->start, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                           "unexpected {{else}} outside a block");
          else
            fail_at (&p, token, "text or a tag");
          g_clear_pointer (&root, _hb_program_free);
        }
    }

  _hb_tokens_free (p.tokens);
  return root;
}

/* Whitespace control --------------------------------------------------------------------- */

typedef struct
{
  gboolean has;
  gboolean open;
  gboolean close;
  gboolean open_standalone;
  gboolean close_standalone;
  gboolean inline_standalone;
} WsStrip;

static const char *
content_value (HbStmt *stmt,
               gsize  *len)
{
  *len = stmt->value_end - stmt->value_start;
  return stmt->original + stmt->value_start;
}

/* Whether the trailing white space of @s contains a line feed: /(?:^|\S)[^\S\n]*\n\s*$/ */
static gboolean
trailing_space_has_newline (const char *s,
                            gsize       len,
                            gboolean   *all_space)
{
  const char *end = s + len;
  const char *p = end;
  gboolean newline = FALSE;

  while (p > s)
    {
      const char *prev = g_utf8_find_prev_char (s, p);

      if (prev == NULL || _genkit_js_space_at (prev, end) == 0)
        break;
      if (*prev == '\n')
        newline = TRUE;
      p = prev;
    }
  *all_space = p == s;
  return newline;
}

/* Whether the leading white space of @s contains a line feed: /^\s*?\r?\n/ */
static gboolean
leading_space_has_newline (const char *s,
                           gsize       len,
                           gboolean   *all_space)
{
  const char *end = s + len;
  const char *p = s;
  gsize n;

  while ((n = _genkit_js_space_at (p, end)) > 0)
    {
      if (*p == '\n')
        {
          *all_space = FALSE;
          return TRUE;
        }
      p += n;
    }
  *all_space = p == end;
  return FALSE;
}

/* isPrevWhitespace(body, i, isRoot); i < 0 means "after the last statement" */
static gboolean
is_prev_whitespace (GPtrArray *body,
                    int        i,
                    gboolean   is_root)
{
  HbStmt *prev;
  gboolean all_space;
  gboolean newline;

  if (i < 0)
    i = (int) body->len;
  if (i - 1 < 0)
    return is_root;
  prev = body->pdata[i - 1];
  if (prev->type != HB_STMT_CONTENT)
    return FALSE;

  newline = trailing_space_has_newline (prev->original, prev->original_len, &all_space);
  if (i - 2 >= 0 || !is_root)
    return newline;
  return newline || all_space;
}

/* isNextWhitespace(body, i, isRoot); i < -1 is never passed, -1 means "before the first" */
static gboolean
is_next_whitespace (GPtrArray *body,
                    int        i,
                    gboolean   is_root)
{
  HbStmt *next;
  gboolean all_space;
  gboolean newline;

  if (i + 1 >= (int) body->len)
    return is_root;
  next = body->pdata[i + 1];
  if (next->type != HB_STMT_CONTENT)
    return FALSE;

  newline = leading_space_has_newline (next->original, next->original_len, &all_space);
  if (i + 2 < (int) body->len || !is_root)
    return newline;
  return newline || all_space;
}

/* omitRight(body, i, multiple); i < -1 never, -1 means "the first statement" */
static void
omit_right (GPtrArray *body,
            int        i,
            gboolean   multiple)
{
  HbStmt *current;
  gsize old_start;
  const char *s;
  gsize len;

  if (i + 1 >= (int) body->len)
    return;
  current = body->pdata[i + 1];
  if (current->type != HB_STMT_CONTENT || (!multiple && current->right_stripped))
    return;

  old_start = current->value_start;
  s = content_value (current, &len);
  if (multiple)
    {
      /* /^\s+/ */
      const char *end = s + len;
      const char *p = s;
      gsize n;

      while ((n = _genkit_js_space_at (p, end)) > 0)
        p += n;
      current->value_start += p - s;
    }
  else
    {
      /* /^[ \t]*\r?\n?/ */
      gsize k = 0;

      while (k < len && (s[k] == ' ' || s[k] == '\t'))
        k++;
      if (k < len && s[k] == '\r')
        k++;
      if (k < len && s[k] == '\n')
        k++;
      current->value_start += k;
    }
  current->right_stripped = current->value_start != old_start;
}

/* omitLeft(body, i, multiple); i == -1 means "the last statement" */
static gboolean
omit_left (GPtrArray *body,
           int        i,
           gboolean   multiple)
{
  HbStmt *current;
  gsize old_end;
  const char *s;
  gsize len;

  if (i < 0)
    i = (int) body->len;
  if (i - 1 < 0)
    return FALSE;
  current = body->pdata[i - 1];
  if (current->type != HB_STMT_CONTENT || (!multiple && current->left_stripped))
    return FALSE;

  old_end = current->value_end;
  s = content_value (current, &len);
  if (multiple)
    {
      /* /(^|\S)\s+$/ → '$1' */
      const char *end = s + len;
      const char *p = end;

      while (p > s)
        {
          const char *prev = g_utf8_find_prev_char (s, p);

          if (prev == NULL || _genkit_js_space_at (prev, end) == 0)
            break;
          p = prev;
        }
      current->value_end -= end - p;
    }
  else
    {
      /* /(^|[^ \t])[ \t]+$/ → '$1' */
      gsize k = len;

      while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
        k--;
      current->value_end -= len - k;
    }
  current->left_stripped = current->value_end != old_end;
  return current->left_stripped;
}

static WsStrip ws_accept (HbStmt *stmt);

/* WhitespaceControl.prototype.Program */
static void
ws_program (HbProgram *program,
            gboolean   is_root)
{
  GPtrArray *body;

  if (program == NULL)
    return;
  body = program->body;

  for (int i = 0; i < (int) body->len; i++)
    {
      HbStmt *current = body->pdata[i];
      WsStrip strip = ws_accept (current);
      gboolean prev_ws;
      gboolean next_ws;
      gboolean open_standalone;
      gboolean close_standalone;
      gboolean inline_standalone;

      if (!strip.has)
        continue;

      prev_ws = is_prev_whitespace (body, i, is_root);
      next_ws = is_next_whitespace (body, i, is_root);
      open_standalone = strip.open_standalone && prev_ws;
      close_standalone = strip.close_standalone && next_ws;
      inline_standalone = strip.inline_standalone && prev_ws && next_ws;

      if (strip.close)
        omit_right (body, i, TRUE);
      if (strip.open)
        omit_left (body, i, TRUE);

      if (inline_standalone)
        {
          omit_right (body, i, FALSE);
          if (omit_left (body, i, FALSE) && current->type == HB_STMT_PARTIAL)
            {
              /* /(?:^|[^ \t])([ \t]+)$/ on the previous text: the partial's indent */
              HbStmt *prev = body->pdata[i - 1];
              gsize k = prev->original_len;

              while (k > 0 && (prev->original[k - 1] == ' ' || prev->original[k - 1] == '\t'))
                k--;
              g_free (current->indent);
              current->indent = g_strndup (prev->original + k, prev->original_len - k);
            }
        }
      if (open_standalone)
        {
          HbProgram *first = current->program != NULL ? current->program : current->inverse;

          omit_right (first->body, -1, FALSE);
          omit_left (body, i, FALSE);
        }
      if (close_standalone)
        {
          HbProgram *last = current->inverse != NULL ? current->inverse : current->program;

          omit_right (body, i, FALSE);
          omit_left (last->body, -1, FALSE);
        }
    }
}

/* WhitespaceControl.prototype.BlockStatement (and DecoratorBlock, PartialBlockStatement) */
static WsStrip
ws_block (HbStmt *block)
{
  HbProgram *program;
  HbProgram *inverse;
  HbProgram *first_inverse;
  HbProgram *last_inverse;
  WsStrip strip = { TRUE, FALSE, FALSE, FALSE, FALSE, FALSE };

  ws_program (block->program, FALSE);
  ws_program (block->inverse, FALSE);

  program = block->program != NULL ? block->program : block->inverse;
  inverse = block->program != NULL ? block->inverse : NULL;
  first_inverse = inverse;
  last_inverse = inverse;

  if (inverse != NULL && inverse->chained)
    {
      first_inverse = ((HbStmt *) inverse->body->pdata[0])->program;
      while (last_inverse->chained)
        last_inverse = ((HbStmt *) last_inverse->body->pdata[last_inverse->body->len - 1])->program;
    }

  strip.open = block->open_strip.open;
  strip.close = block->close_strip.close;
  strip.open_standalone = is_next_whitespace (program->body, -1, FALSE);
  strip.close_standalone = is_prev_whitespace ((first_inverse != NULL ? first_inverse
                                                                      : program)->body,
                                               -1, FALSE);

  if (block->open_strip.close)
    omit_right (program->body, -1, TRUE);

  if (inverse != NULL)
    {
      if (block->inverse_strip.open)
        omit_left (program->body, -1, TRUE);
      if (block->inverse_strip.close)
        omit_right (first_inverse->body, -1, TRUE);
      if (block->close_strip.open)
        omit_left (last_inverse->body, -1, TRUE);

      /* a standalone {{else}} */
      if (is_prev_whitespace (program->body, -1, FALSE) &&
          is_next_whitespace (first_inverse->body, -1, FALSE))
        {
          omit_left (program->body, -1, FALSE);
          omit_right (first_inverse->body, -1, FALSE);
        }
    }
  else if (block->close_strip.open)
    {
      omit_left (program->body, -1, TRUE);
    }

  return strip;
}

static WsStrip
ws_accept (HbStmt *stmt)
{
  WsStrip strip = { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE };

  switch (stmt->type)
    {
    case HB_STMT_BLOCK:
    case HB_STMT_DECORATOR_BLOCK:
    case HB_STMT_PARTIAL_BLOCK:
      return ws_block (stmt);
    case HB_STMT_MUSTACHE:
    case HB_STMT_DECORATOR:
      strip.has = TRUE;
      strip.open = stmt->strip.open;
      strip.close = stmt->strip.close;
      return strip;
    case HB_STMT_PARTIAL:
    case HB_STMT_COMMENT:
      strip.has = TRUE;
      strip.inline_standalone = TRUE;
      strip.open = stmt->strip.open;
      strip.close = stmt->strip.close;
      return strip;
    case HB_STMT_CONTENT:
    default:
      return strip;
    }
}

/**
 * _hb_whitespace_control:
 * @root: a freshly parsed template
 *
 * Applies `~` strip flags and the standalone-line rules to the text of @root.
 */
void
_hb_whitespace_control (HbProgram *root)
{
  ws_program (root, TRUE);
}

/* Classification ------------------------------------------------------------------------ */

typedef struct
{
  GenkitHandlebars *env;
  const HbSource   *src;
  GPtrArray        *block_params;   /* char ** per enclosing program, innermost last */
  gboolean          known_only;
  GError          **error;
} HbClassifier;

static gboolean classify_expr    (HbClassifier *c,
                                  HbExpr       *expr);
static gboolean classify_program (HbClassifier *c,
                                  HbProgram    *program);

/* blockParamIndex(name) */
static void
resolve_block_param (HbClassifier *c,
                     HbExpr       *path)
{
  path->bp_depth = -1;
  path->bp_index = -1;
  if (path->depth > 0 || path->scoped || path->n_parts == 0)
    return;

  for (guint depth = 0; depth < c->block_params->len; depth++)
    {
      char **names = c->block_params->pdata[c->block_params->len - 1 - depth];

      if (names == NULL)
        continue;
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], path->parts[0]))
          {
            path->bp_depth = (int) depth;
            path->bp_index = (int) i;
            return;
          }
    }
}

/* transformLiteralToPath(): a literal as a mustache's, block's or sub-expression's name is
 * a one-segment path named by its text. */
static void
literal_to_path (HbExpr *expr)
{
  if (expr->type == HB_EXPR_PATH || expr->type == HB_EXPR_SUBEXPR)
    return;

  expr->parts = g_new0 (char *, 2);
  expr->parts[0] = g_strdup (expr->literal_text);
  expr->n_parts = 1;
  expr->original = g_strdup (expr->literal_text);
  expr->scoped = is_scoped (expr->original);
  expr->data = FALSE;
  expr->depth = 0;
  expr->type = HB_EXPR_PATH;
  g_clear_pointer (&expr->value, json_node_unref);
}

static gboolean
classify_params (HbClassifier *c,
                 HbCall       *call)
{
  if (call->params != NULL)
    for (guint i = 0; i < call->params->len; i++)
      if (!classify_expr (c, call->params->pdata[i]))
        return FALSE;
  if (call->hash_values != NULL)
    for (guint i = 0; i < call->hash_values->len; i++)
      if (!classify_expr (c, call->hash_values->pdata[i]))
        return FALSE;
  return TRUE;
}

/* classifySexpr() followed by the compiler's unknown-helper check. @is_sexpr for
 * sub-expressions, which are always helper calls; @has_args for a mustache or block with
 * params or a hash. */
static gboolean
classify_call (HbClassifier *c,
               HbCall       *call,
               gboolean      is_sexpr)
{
  HbExpr *path = call->path;
  gboolean has_args;
  gboolean is_simple;
  gboolean is_block_param;
  gboolean is_helper;
  gboolean is_eligible;

  literal_to_path (path);
  resolve_block_param (c, path);

  has_args = (call->params != NULL && call->params->len > 0) || call->hash_keys != NULL;
  is_simple = path->n_parts == 1 && !path->scoped && path->depth == 0;
  is_block_param = is_simple && path->bp_depth >= 0;
  is_helper = !is_block_param && (is_sexpr || has_args);
  is_eligible = !is_block_param && (is_helper || is_simple);

  call->simple_id = is_simple;
  call->helper_name = path->n_parts > 0 ? path->parts[0] : NULL;

  if (is_eligible && !is_helper)
    {
      if (call->helper_name != NULL && _genkit_handlebars_lookup_helper (c->env, call->helper_name))
        is_helper = TRUE;
      else if (c->known_only)
        is_eligible = FALSE;
    }

  if (!classify_params (c, call))
    return FALSE;

  if (is_helper)
    {
      call->kind = HB_CALL_HELPER;
      call->known = call->helper_name != NULL &&
                    _genkit_handlebars_lookup_helper (c->env, call->helper_name) != NULL;
      if (!call->known && c->known_only)
        {
          _hb_set_error (c->error, c->src, call->offset, GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER,
                         "unknown helper '%s' (only registered helpers may be used)",
                         call->helper_name != NULL ? call->helper_name : "undefined");
          return FALSE;
        }
    }
  else if (is_eligible)
    {
      call->kind = HB_CALL_AMBIGUOUS;
    }
  else
    {
      call->kind = HB_CALL_SIMPLE;
    }

  return TRUE;
}

static gboolean
classify_expr (HbClassifier *c,
               HbExpr       *expr)
{
  switch (expr->type)
    {
    case HB_EXPR_PATH:
      resolve_block_param (c, expr);
      return TRUE;
    case HB_EXPR_SUBEXPR:
      return classify_call (c, &expr->call, TRUE);
    case HB_EXPR_STRING:
    case HB_EXPR_NUMBER:
    case HB_EXPR_BOOLEAN:
    case HB_EXPR_UNDEFINED:
    case HB_EXPR_NULL:
    default:
      return TRUE;
    }
}

static gboolean
classify_stmt (HbClassifier *c,
               HbStmt       *stmt)
{
  switch (stmt->type)
    {
    case HB_STMT_MUSTACHE:
      return classify_call (c, &stmt->call, FALSE);

    case HB_STMT_BLOCK:
      if (!classify_program (c, stmt->program) || !classify_program (c, stmt->inverse))
        return FALSE;
      return classify_call (c, &stmt->call, FALSE);

    case HB_STMT_PARTIAL:
    case HB_STMT_PARTIAL_BLOCK:
      if (!classify_program (c, stmt->program))
        return FALSE;
      if (stmt->call.params->len > 1)
        {
          _hb_set_error (c->error, c->src, stmt->offset, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                         "unsupported number of partial arguments: %u (a partial takes one "
                         "context and hash arguments)", stmt->call.params->len);
          return FALSE;
        }
      if (stmt->dynamic_name && !classify_expr (c, stmt->call.path))
        return FALSE;
      return classify_params (c, &stmt->call);

    case HB_STMT_DECORATOR:
    case HB_STMT_DECORATOR_BLOCK:
      if (!classify_program (c, stmt->program))
        return FALSE;
      literal_to_path (stmt->call.path);
      return classify_params (c, &stmt->call);

    case HB_STMT_CONTENT:
    case HB_STMT_COMMENT:
    default:
      return TRUE;
    }
}

static gboolean
classify_program (HbClassifier *c,
                  HbProgram    *program)
{
  gboolean ok = TRUE;

  if (program == NULL)
    return TRUE;

  g_ptr_array_add (c->block_params, program->block_params);
  for (guint i = 0; ok && i < program->body->len; i++)
    {
      HbStmt *stmt = program->body->pdata[i];

      ok = classify_stmt (c, stmt);
      if (ok && stmt->type == HB_STMT_BLOCK && stmt->call.kind == HB_CALL_AMBIGUOUS)
        {
          program->has_explicit = TRUE;
          program->last_explicit = i;
        }
    }
  g_ptr_array_set_size (c->block_params, c->block_params->len - 1);
  return ok;
}

/**
 * _hb_classify:
 * @root: a template after whitespace control
 * @env: the environment whose helpers are the known helpers
 * @src: the template, for error messages
 * @error: return location for a %GENKIT_HANDLEBARS_ERROR
 *
 * Decides for each mustache, block and sub-expression whether it calls a helper or looks a
 * value up, resolves block parameters, and, with knownHelpersOnly, refuses unknown helpers.
 *
 * Returns: %TRUE if the template can run
 */
gboolean
_hb_classify (HbProgram        *root,
              GenkitHandlebars *env,
              const HbSource   *src,
              GError          **error)
{
  HbClassifier c = { env, src, NULL, FALSE, error };
  gboolean ok;

  c.known_only = genkit_handlebars_get_known_helpers_only (env);
  c.block_params = g_ptr_array_new ();
  ok = classify_program (&c, root);
  g_ptr_array_unref (c.block_params);
  return ok;
}

/**
 * _hb_collect_partials:
 * @program: a template
 * @names: (element-type utf8): where to add the names
 *
 * Adds the static names of the template's `{{> name}}` partials (not those of partial
 * blocks, nor dynamic names), once each, as Dotprompt's identifyPartials() finds them.
 */
void
_hb_collect_partials (HbProgram *program,
                      GPtrArray *names)
{
  if (program == NULL)
    return;

  for (guint i = 0; i < program->body->len; i++)
    {
      HbStmt *stmt = program->body->pdata[i];

      if (stmt->type == HB_STMT_PARTIAL && !stmt->dynamic_name &&
          stmt->call.path->type != HB_EXPR_NUMBER && stmt->call.path->type != HB_EXPR_BOOLEAN &&
          stmt->call.path->type != HB_EXPR_UNDEFINED && stmt->call.path->type != HB_EXPR_NULL)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < names->len && !seen; j++)
            seen = g_str_equal (names->pdata[j], stmt->partial_name);
          if (!seen)
            g_ptr_array_add (names, g_strdup (stmt->partial_name));
        }
      _hb_collect_partials (stmt->program, names);
      _hb_collect_partials (stmt->inverse, names);
    }
}
