/* genkit-parsed-prompt.c — a .prompt file: YAML frontmatter and template
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-parsed-prompt.h"
#include "genkit-yaml-private.h"

/**
 * GenkitParsedPrompt:
 *
 * A `.prompt` file split into its YAML frontmatter and its Handlebars template, with the
 * metadata Dotprompt's `parseDocument()` derives from the frontmatter:
 *
 * ```
 * ---
 * model: googleai/gemini-2.5-flash
 * config:
 *   temperature: 0.4
 * input:
 *   schema:
 *     name: string
 * myco.owner: team-x
 * ---
 * {{role "system"}}You are terse.
 * {{role "user"}}Hello {{name}}
 * ```
 *
 * The frontmatter is what Dotprompt's regular expression finds: optional blank and `#`
 * comment lines, a `---` line, the YAML, a `---` line; CRLF line ends are accepted. With a
 * frontmatter the template is the rest, trimmed; without one, the whole source, untrimmed.
 *
 * [method@Genkit.ParsedPrompt.get_metadata] gives the parsed metadata: `ext`, `metadata` and
 * `config` (empty objects by default), the reserved keys (`config`, `description`, `input`,
 * `model`, `name`, `output`, `tools`, `toolDefs`, `variant`, `version`, …), `raw` (the whole
 * frontmatter), and `ext` entries for namespaced keys: `myco.owner: team-x` becomes
 * `ext["myco"]["owner"]` (split at the last dot).
 *
 * YAML is read as the YAML 1.2 core schema, as Dotprompt's JavaScript `yaml` parser does;
 * syntax errors, duplicate keys and several documents are errors with the file's line and
 * column. Every frontmatter key and value keeps its position
 * ([method@Genkit.ParsedPrompt.locate]), so errors found later — a bad Picoschema type — point
 * into the file too.
 *
 * [method@Genkit.ParsedPrompt.to_string] writes the file back; frontmatter values come back
 * identical, the template byte for byte.
 */

struct _GenkitParsedPrompt
{
  GObject                   parent_instance;

  char                     *source;
  char                     *filename;
  char                     *template_text;
  guint                     template_line;
  guint                     template_column;
  gboolean                  has_frontmatter;
  guint                     frontmatter_line;   /* file line of the YAML's first line */
  JsonObject               *raw;                /* nullable */
  JsonObject               *metadata;
  GHashTable               *locations;          /* nullable: pointer → GenkitYamlLocation */
  GError                   *frontmatter_error;

  /* cache of the compiled template */
  GenkitHandlebars         *compiled_env;       /* weak */
  guint                     compiled_generation;
  GenkitHandlebarsTemplate *compiled;
};

G_DEFINE_FINAL_TYPE (GenkitParsedPrompt, genkit_parsed_prompt, G_TYPE_OBJECT)

const char * const _genkit_dotprompt_reserved_keys[] = {
  "config", "description", "ext", "input", "model", "name", "output", "raw", "toolDefs",
  "tools", "variant", "version", NULL,
};

static void
genkit_parsed_prompt_finalize (GObject *object)
{
  GenkitParsedPrompt *self = GENKIT_PARSED_PROMPT (object);

  g_free (self->source);
  g_free (self->filename);
  g_free (self->template_text);
  g_clear_pointer (&self->raw, json_object_unref);
  g_clear_pointer (&self->metadata, json_object_unref);
  g_clear_pointer (&self->locations, g_hash_table_unref);
  g_clear_error (&self->frontmatter_error);
  g_clear_object (&self->compiled);

  G_OBJECT_CLASS (genkit_parsed_prompt_parent_class)->finalize (object);
}

static void
genkit_parsed_prompt_class_init (GenkitParsedPromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_parsed_prompt_finalize;
}

static void
genkit_parsed_prompt_init (GenkitParsedPrompt *self)
{
  self->template_line = 1;
  self->template_column = 1;
}

/* The frontmatter regular expression ---------------------------------------------------- */

static gboolean
is_newline_char (char c)
{
  return c == '\n' || c == '\r';
}

/* (?:\r\n|\r|\n) at @p: its length, or 0 */
static gsize
newline_at (const char *s,
            gsize       len,
            gsize       p)
{
  if (p >= len)
    return 0;
  if (s[p] == '\r')
    return (p + 1 < len && s[p + 1] == '\n') ? 2 : 1;
  return s[p] == '\n' ? 1 : 0;
}

/* `\s*(?:\r\n|\r|\n)` at @p, greedy with backtracking: the whitespace run must hold a line
 * break; returns where the text after the last one starts, or -1. */
static gssize
spaces_then_newline (const char *s,
                     gsize       len,
                     gsize       p)
{
  gsize end = p;
  gsize n;
  gssize after = -1;

  while ((n = _genkit_js_space_at (s + end, s + len)) > 0)
    end += n;

  /* the largest k in [p, end) where a line break matches */
  for (gsize k = end; k > p; k--)
    {
      gsize nl = newline_at (s, len, k - 1);

      if (nl > 0)
        {
          after = (gssize) (k - 1 + nl);
          break;
        }
    }
  return after;
}

/* ([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)([\s\S]*)$ from @from: the earliest closing `---`
 * line, and where the body after it starts. */
static gboolean
match_closing (const char *s,
               gsize       len,
               gsize       from,
               gsize      *fm_end,
               gsize      *body_start)
{
  for (gsize q = from; q < len; q++)
    {
      if (!is_newline_char (s[q]))
        continue;
      /* each of \r\n, \r, \n in turn */
      for (int alt = 0; alt < 3; alt++)
        {
          gssize body;
          gsize nl;

          if (alt == 0)
            nl = (s[q] == '\r' && q + 1 < len && s[q + 1] == '\n') ? 2 : 0;
          else if (alt == 1)
            nl = s[q] == '\r' ? 1 : 0;
          else
            nl = s[q] == '\n' ? 1 : 0;
          if (nl == 0)
            continue;
          if (q + nl + 3 > len || memcmp (s + q + nl, "---", 3) != 0)
            continue;
          if ((body = spaces_then_newline (s, len, q + nl + 3)) < 0)
            continue;
          *fm_end = q;
          *body_start = (gsize) body;
          return TRUE;
        }
    }
  return FALSE;
}

/* FRONTMATTER_AND_BODY_REGEX: finds [fm_start, fm_end) and where the body starts, with the
 * regular expression's backtracking: the opening `---\s*` gives back white space line break
 * by line break until the rest matches. */
static gboolean
match_frontmatter (const char *s,
                   gsize       len,
                   gsize      *fm_start,
                   gsize      *fm_end,
                   gsize      *body_start)
{
  gsize p = 0;
  gsize spaces_end;
  gsize n;

  /* (?:(?:#[^\n]*|[ \t]*)\n)* */
  for (;;)
    {
      gsize q = p;

      if (q < len && s[q] == '#')
        {
          while (q < len && s[q] != '\n')
            q++;
        }
      else
        {
          while (q < len && (s[q] == ' ' || s[q] == '\t'))
            q++;
        }
      if (q < len && s[q] == '\n')
        {
          p = q + 1;
          continue;
        }
      break;
    }

  if (p + 3 > len || memcmp (s + p, "---", 3) != 0)
    return FALSE;

  /* ---\s*(?:\r\n|\r|\n): every line break in the white space run, last first */
  spaces_end = p + 3;
  while ((n = _genkit_js_space_at (s + spaces_end, s + len)) > 0)
    spaces_end += n;
  for (gsize k = spaces_end; k > p + 3; k--)
    {
      gsize nl = newline_at (s, len, k - 1);

      if (nl == 0)
        continue;
      *fm_start = k - 1 + nl;
      if (match_closing (s, len, *fm_start, fm_end, body_start))
        return TRUE;
    }
  return FALSE;
}

static void
offset_position (const char *s,
                 gsize       offset,
                 guint      *line,
                 guint      *column)
{
  guint l = 1;
  gsize line_start = 0;

  for (gsize i = 0; i < offset; i++)
    if (s[i] == '\n')
      {
        l++;
        line_start = i + 1;
      }
  *line = l;
  *column = (guint) g_utf8_strlen (s + line_start, offset - line_start) + 1;
}

/* Metadata ------------------------------------------------------------------------------- */

static gboolean
is_reserved (const char *key)
{
  for (guint i = 0; _genkit_dotprompt_reserved_keys[i] != NULL; i++)
    if (g_str_equal (key, _genkit_dotprompt_reserved_keys[i]))
      return TRUE;
  return FALSE;
}

/* {...value} of whatever YAML gave: objects copy, strings and arrays become index-keyed
 * objects, the rest nothing. */
static JsonObject *
spread_object (JsonNode *value)
{
  JsonObject *object = json_object_new ();

  _genkit_js_object_spread (object, value);
  return object;
}

/* BASE_METADATA: {ext: {}, metadata: {}, config: {}} */
static JsonObject *
base_metadata (void)
{
  JsonObject *metadata = json_object_new ();

  json_object_set_object_member (metadata, "ext", json_object_new ());
  json_object_set_object_member (metadata, "metadata", json_object_new ());
  json_object_set_object_member (metadata, "config", json_object_new ());
  return metadata;
}

/* parseDocument(): {...pruned, raw, ext} */
static JsonObject *
metadata_from_raw (JsonObject *raw)
{
  JsonObject *metadata = base_metadata ();
  JsonObject *ext = json_object_new ();
  g_autoptr(GPtrArray) keys = _genkit_js_object_keys (raw);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      JsonNode *value = json_object_get_member (raw, key);

      if (is_reserved (key))
        {
          _genkit_js_object_set (metadata, key, _genkit_js_node_copy (value));
        }
      else if (strchr (key, '.') != NULL)
        {
          /* convertNamespacedEntryToNestedObject(): split at the last dot */
          const char *dot = strrchr (key, '.');
          g_autofree char *ns = g_strndup (key, dot - key);
          JsonNode *ns_node = json_object_get_member (ext, ns);

          if (ns_node == NULL || !JSON_NODE_HOLDS_OBJECT (ns_node))
            {
              ns_node = json_node_new (JSON_NODE_OBJECT);
              json_node_take_object (ns_node, json_object_new ());
              _genkit_js_object_set (ext, ns, ns_node);
            }
          _genkit_js_object_set (json_node_get_object (ns_node), dot + 1, _genkit_js_node_copy (value));
        }
    }

  {
    JsonNode *raw_node = json_node_new (JSON_NODE_OBJECT);
    JsonNode *ext_node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (raw_node, raw);
    _genkit_js_object_set (metadata, "raw", raw_node);
    json_node_take_object (ext_node, ext);
    _genkit_js_object_set (metadata, "ext", ext_node);
  }
  return metadata;
}

/* Construction --------------------------------------------------------------------------- */

static char *
frontmatter_error_prefix (GenkitParsedPrompt *self,
                          guint               line,
                          guint               column)
{
  if (self->filename != NULL)
    return g_strdup_printf ("%s:%u:%u: ", self->filename, line, column);
  return g_strdup_printf ("%u:%u: ", line, column);
}

/* Sets the template to source[start, end) trimmed (@trim) or as is, and its position. */
static void
set_template (GenkitParsedPrompt *self,
              gsize               start,
              gsize               end,
              gboolean            trim)
{
  const char *s = self->source;

  if (trim)
    {
      gsize n;

      while (start < end && (n = _genkit_js_space_at (s + start, s + end)) > 0)
        start += n;
      while (end > start)
        {
          const char *prev = g_utf8_find_prev_char (s + start, s + end);

          if (prev == NULL || _genkit_js_space_at (prev, s + end) == 0)
            break;
          end = prev - s;
        }
    }

  g_free (self->template_text);
  self->template_text = g_strndup (s + start, end - start);
  offset_position (s, start, &self->template_line, &self->template_column);
}

/**
 * genkit_parsed_prompt_new_from_string:
 * @source: the text of a `.prompt` file
 * @length: its length in bytes, or -1 if it is nul-terminated
 * @filename: (nullable): the file it comes from, for error messages
 * @flags: how to treat a frontmatter that is not valid YAML
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR
 *
 * Splits a `.prompt` source into frontmatter and template and derives the metadata, as
 * Dotprompt's `parse()` does. The source must be UTF-8.
 *
 * Returns: (transfer full) (nullable): the parsed prompt, or %NULL with @error set (invalid
 *   UTF-8; invalid YAML unless @flags has %GENKIT_PARSED_PROMPT_LENIENT)
 */
GenkitParsedPrompt *
genkit_parsed_prompt_new_from_string (const char               *source,
                                      gssize                    length,
                                      const char               *filename,
                                      GenkitParsedPromptFlags   flags,
                                      GError                  **error)
{
  g_autoptr(GenkitParsedPrompt) self = NULL;
  gsize len;
  gsize fm_start;
  gsize fm_end;
  gsize body_start;
  const char *bad;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (source) : (gsize) length;
  self = g_object_new (GENKIT_TYPE_PARSED_PROMPT, NULL);
  self->source = g_strndup (source, len);
  self->filename = g_strdup (filename);

  if (!g_utf8_validate (source, len, &bad) || memchr (source, '\0', len) != NULL)
    {
      guint line;
      guint column;
      g_autofree char *where = NULL;

      if (memchr (source, '\0', len) != NULL && (const char *) memchr (source, '\0', len) < bad)
        bad = memchr (source, '\0', len);
      offset_position (self->source, bad - source, &line, &column);
      where = frontmatter_error_prefix (self, line, column);
      g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_INVALID,
                   "%sthe prompt is not valid UTF-8 text", where);
      return NULL;
    }

  /* A frontmatter whose YAML is the empty string counts as none (`if (frontmatter)`). */
  if (!match_frontmatter (self->source, len, &fm_start, &fm_end, &body_start) ||
      fm_end == fm_start)
    {
      self->metadata = base_metadata ();
      set_template (self, 0, len, FALSE);
      return g_steal_pointer (&self);
    }

  {
    g_autoptr(GError) yaml_error = NULL;
    g_autoptr(JsonNode) parsed = NULL;
    GenkitYamlMark mark = { 1, 1 };
    guint fm_column;

    offset_position (self->source, fm_start, &self->frontmatter_line, &fm_column);
    self->locations = _genkit_yaml_locations_new ();
    parsed = _genkit_yaml_parse (self->source + fm_start, fm_end - fm_start,
                                 self->frontmatter_line, self->locations, &mark, &yaml_error);
    if (parsed == NULL)
      {
        g_autofree char *where = frontmatter_error_prefix (self,
                                                           self->frontmatter_line + mark.line - 1,
                                                           mark.column);

        g_prefix_error (&yaml_error, "%sinvalid YAML frontmatter: ", where);
        if (!(flags & GENKIT_PARSED_PROMPT_LENIENT))
          {
            g_propagate_error (error, g_steal_pointer (&yaml_error));
            return NULL;
          }

        /* parseDocument()'s catch: the whole source, trimmed, is the template. */
        self->frontmatter_error = g_steal_pointer (&yaml_error);
        g_clear_pointer (&self->locations, g_hash_table_unref);
        self->metadata = base_metadata ();
        set_template (self, 0, len, TRUE);
        return g_steal_pointer (&self);
      }

    self->has_frontmatter = TRUE;
    self->raw = spread_object (parsed);
    self->metadata = metadata_from_raw (self->raw);
    set_template (self, body_start, len, TRUE);
  }

  return g_steal_pointer (&self);
}

/**
 * genkit_parsed_prompt_new_from_file:
 * @path: a `.prompt` file
 * @flags: how to treat a frontmatter that is not valid YAML
 * @error: return location for an error: a #GFileError, or a %GENKIT_DOTPROMPT_ERROR
 *
 * Reads and parses a `.prompt` file; error messages name @path.
 *
 * Returns: (transfer full) (nullable): the parsed prompt, or %NULL with @error set
 */
GenkitParsedPrompt *
genkit_parsed_prompt_new_from_file (const char               *path,
                                    GenkitParsedPromptFlags   flags,
                                    GError                  **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return genkit_parsed_prompt_new_from_string (contents, length, path, flags, error);
}

/**
 * genkit_parsed_prompt_new:
 * @frontmatter: (nullable): the frontmatter, or %NULL for a prompt without one
 * @template_text: the template
 *
 * Builds a prompt from its parts, to write it with [method@Genkit.ParsedPrompt.to_string].
 * With a frontmatter the template is trimmed, as it would be when read back.
 *
 * Returns: (transfer full): the prompt
 */
GenkitParsedPrompt *
genkit_parsed_prompt_new (JsonObject *frontmatter,
                          const char *template_text)
{
  GenkitParsedPrompt *self;

  g_return_val_if_fail (template_text != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_PARSED_PROMPT, NULL);
  self->source = g_strdup (template_text);
  if (frontmatter != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, frontmatter);
      self->has_frontmatter = TRUE;
      self->raw = spread_object (node);
      self->metadata = metadata_from_raw (self->raw);
      set_template (self, 0, strlen (template_text), TRUE);
    }
  else
    {
      self->metadata = base_metadata ();
      set_template (self, 0, strlen (template_text), FALSE);
    }
  return self;
}

/* The template alone, as a prompt without frontmatter (Genkit compiles a loaded prompt's
 * body on its own), keeping the file name and position for error messages. */
GenkitParsedPrompt *
_genkit_parsed_prompt_new_template_only (GenkitParsedPrompt *self)
{
  GenkitParsedPrompt *copy = g_object_new (GENKIT_TYPE_PARSED_PROMPT, NULL);

  copy->source = g_strdup (self->template_text);
  copy->filename = g_strdup (self->filename);
  copy->template_text = g_strdup (self->template_text);
  copy->template_line = self->template_line;
  copy->template_column = self->template_column;
  copy->metadata = base_metadata ();
  return copy;
}

/* Accessors ------------------------------------------------------------------------------ */

/**
 * genkit_parsed_prompt_get_template:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * The Handlebars template: the body after the frontmatter, trimmed, or the whole source
 * when there is no frontmatter.
 *
 * Returns: (transfer none): the template
 */
const char *
genkit_parsed_prompt_get_template (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), NULL);

  return self->template_text;
}

/**
 * genkit_parsed_prompt_get_template_line:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * The line of the file where the template starts, from 1.
 *
 * Returns: the line
 */
guint
genkit_parsed_prompt_get_template_line (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), 1);

  return self->template_line;
}

/**
 * genkit_parsed_prompt_get_template_column:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * The column (in characters, from 1) where the template starts on its first line.
 *
 * Returns: the column
 */
guint
genkit_parsed_prompt_get_template_column (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), 1);

  return self->template_column;
}

/**
 * genkit_parsed_prompt_has_frontmatter:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * Whether the source has a (non-empty, valid) YAML frontmatter.
 *
 * Returns: %TRUE if it has
 */
gboolean
genkit_parsed_prompt_has_frontmatter (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), FALSE);

  return self->has_frontmatter;
}

/**
 * genkit_parsed_prompt_get_raw:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * The frontmatter as parsed (Dotprompt's `raw`).
 *
 * Returns: (transfer none) (nullable): the frontmatter object, or %NULL without one
 */
JsonObject *
genkit_parsed_prompt_get_raw (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), NULL);

  return self->raw;
}

/**
 * genkit_parsed_prompt_get_metadata:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * The metadata Dotprompt's parse() gives, without `template`: `ext`, `metadata`, `config`,
 * the reserved keys of the frontmatter, `raw`. Schemas are still as written (Picoschema);
 * [method@Genkit.Dotprompt.render_metadata] resolves them.
 *
 * Returns: (transfer none): the metadata object
 */
JsonObject *
genkit_parsed_prompt_get_metadata (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), NULL);

  return self->metadata;
}

/**
 * genkit_parsed_prompt_get_filename:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * The file name given when parsing.
 *
 * Returns: (transfer none) (nullable): the file name
 */
const char *
genkit_parsed_prompt_get_filename (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), NULL);

  return self->filename;
}

/**
 * genkit_parsed_prompt_get_frontmatter_error:
 * @self: a [class@Genkit.ParsedPrompt]
 *
 * With %GENKIT_PARSED_PROMPT_LENIENT, the YAML error that made the whole source the
 * template (with its file, line and column).
 *
 * Returns: (transfer none) (nullable): the error, or %NULL
 */
const GError *
genkit_parsed_prompt_get_frontmatter_error (GenkitParsedPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), NULL);

  return self->frontmatter_error;
}

/**
 * genkit_parsed_prompt_locate:
 * @self: a [class@Genkit.ParsedPrompt]
 * @pointer: a JSON Pointer into the frontmatter, such as `/output/schema/tone?(enum)`
 * @key: %TRUE for the position of the member's key, %FALSE for its value's
 * @line: (out) (optional): the line in the file, from 1
 * @column: (out) (optional): the column in characters, from 1
 *
 * Where a frontmatter key or value is in the file.
 *
 * Returns: %TRUE if @pointer names something in the frontmatter
 */
gboolean
genkit_parsed_prompt_locate (GenkitParsedPrompt *self,
                             const char         *pointer,
                             gboolean            key,
                             guint              *line,
                             guint              *column)
{
  GenkitYamlLocation *location;
  GenkitYamlMark mark;

  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), FALSE);
  g_return_val_if_fail (pointer != NULL, FALSE);

  if (self->locations == NULL || (location = g_hash_table_lookup (self->locations, pointer)) == NULL)
    return FALSE;

  mark = key && location->has_key ? location->key : location->value;
  if (line != NULL)
    *line = self->frontmatter_line + mark.line - 1;
  if (column != NULL)
    *column = mark.column;
  return TRUE;
}

/* `FILE:LINE:COLUMN: ` for @pointer (or the nearest enclosing member that has a position),
 * or NULL. */
char *
_genkit_parsed_prompt_location_prefix (GenkitParsedPrompt *self,
                                       const char         *pointer,
                                       gboolean            key)
{
  g_autofree char *p = g_strdup (pointer);
  guint line;
  guint column;

  for (;;)
    {
      char *slash;

      if (genkit_parsed_prompt_locate (self, p, key, &line, &column))
        return frontmatter_error_prefix (self, line, column);
      if ((slash = strrchr (p, '/')) == NULL)
        break;
      *slash = '\0';
      key = TRUE;
    }

  if (self->filename != NULL)
    return g_strdup_printf ("%s: ", self->filename);
  return NULL;
}

GenkitHandlebarsTemplate *
_genkit_parsed_prompt_get_compiled (GenkitParsedPrompt  *self,
                                    GenkitHandlebars    *handlebars,
                                    GError             **error)
{
  GenkitHandlebarsTemplate *compiled;

  if (self->compiled != NULL && self->compiled_env == handlebars &&
      self->compiled_generation == _genkit_handlebars_get_generation (handlebars))
    return g_object_ref (self->compiled);

  compiled = genkit_handlebars_compile_at (handlebars, self->template_text, -1, self->filename,
                                           self->template_line, self->template_column, error);
  if (compiled == NULL)
    return NULL;

  g_set_object (&self->compiled, compiled);
  self->compiled_env = handlebars;
  self->compiled_generation = _genkit_handlebars_get_generation (handlebars);
  return compiled;
}

/* Writing -------------------------------------------------------------------------------- */

/**
 * genkit_parsed_prompt_to_string:
 * @self: a [class@Genkit.ParsedPrompt]
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR_WRITE error
 *
 * Writes the prompt as a `.prompt` file: a `---` line, the frontmatter as YAML, a `---` line
 * and the template; or the template alone for a prompt without frontmatter. Reading the text
 * back gives the same frontmatter values (strings that would read as other types are
 * quoted, multi-line strings are literal blocks) and the same template. Comments and the
 * layout of a frontmatter that was read from a file are not kept.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set when a prompt
 *   without frontmatter has a template that would read as one
 */
char *
genkit_parsed_prompt_to_string (GenkitParsedPrompt  *self,
                                GError             **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->has_frontmatter)
    {
      gsize a;
      gsize b;
      gsize c;

      if (match_frontmatter (self->template_text, strlen (self->template_text), &a, &b, &c) &&
          b > a)
        {
          g_set_error_literal (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE,
                               "the template starts with a '---' block that would be read as "
                               "a frontmatter; give the prompt a frontmatter");
          return NULL;
        }
      return g_strdup (self->template_text);
    }

  {
    g_autoptr(JsonNode) raw = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (raw, self->raw);
    g_string_append (out, "---\n");
    if (!_genkit_yaml_emit (out, raw, error))
      return NULL;
    if (out->len > 0 && out->str[out->len - 1] != '\n')
      g_string_append_c (out, '\n');
    g_string_append (out, "---\n");
  }
  g_string_append (out, self->template_text);
  if (self->template_text[0] != '\0')
    g_string_append_c (out, '\n');

  return g_string_free (g_steal_pointer (&out), FALSE);
}
