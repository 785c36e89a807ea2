/* fuzz-handlebars.c — libFuzzer target for the Handlebars tokenizer, parser and renderer
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input's first byte holds settings (bit 0 noEscape, bit 1 knownHelpersOnly, bit 2
 * register two helpers written in C, bit 3 pass @-data); the rest is a template, then up to
 * four partials, separated by NUL bytes and registered as p0 … p3. The template is compiled
 * and, when it compiles, rendered twice against a fixed context: each render must either
 * produce valid UTF-8 or fail with a GENKIT_HANDLEBARS_ERROR that names the place, and both
 * renders must agree. Every error message must start with FILE:LINE:COLUMN.
 *
 * Built and run by run-fuzzers.sh, which reads the next three lines. The template engine
 * uses no engine code, only its headers.
 * FUZZ_SOURCES: ../dotprompt/genkit-dotprompt-json.c ../dotprompt/genkit-handlebars.c ../dotprompt/genkit-handlebars-builtins.c ../dotprompt/genkit-handlebars-helper-call.c ../dotprompt/genkit-handlebars-lexer.c ../dotprompt/genkit-handlebars-parser.c ../dotprompt/genkit-handlebars-runtime.c ../dotprompt/genkit-handlebars-template.c
 * FUZZ_PKGS: json-glib-1.0 gio-2.0 libsoup-3.0
 * FUZZ_CFLAGS: -DGENKIT_DOTPROMPT_COMPILATION
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/dotprompt/genkit-handlebars.h"
#include "src/dotprompt/genkit-handlebars-helper-call.h"
#include "src/dotprompt/genkit-handlebars-template.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define MAX_PARTIALS 4

/* A context with every kind of value: what paths, #each, #with and lookup walk over. */
static const char context_json[] =
  "{\"a\": 1, \"b\": \"<b>&\\\"'`=\", \"s\": \"str\", \"e\": \"\", \"z\": 0, \"neg\": -0.5,"
  " \"big\": 1e21, \"t\": true, \"f\": false, \"n\": null,"
  " \"c\": [1, 2, {\"d\": \"x\", \"c\": [3]}], \"arr\": [],"
  " \"o\": {\"k\": \"v\", \"n\": null, \"t\": true, \"o\": {\"k\": \"w\"}},"
  " \"nested\": {\"nested\": {\"a\": [[1], [2, \"two\"]], \"length\": 2}},"
  " \"items\": [{\"name\": \"x\", \"v\": 1}, {\"name\": \"<y>\", \"v\": 0}, {}],"
  " \"unicode\": \"h\\u00e9llo \\ud83d\\ude00\"}";

static const char data_json[] = "{\"auth\": {\"name\": \"Ada\"}, \"state\": [1, {\"a\": \"s\"}]}";

static JsonNode *context;
static JsonNode *data_node;

/* A broken invariant is a bug even when nothing crashes: make the fuzzer see it. */
#define CHECK(cond) G_STMT_START {                       \
    if (!(cond))                                         \
      {                                                  \
        g_printerr ("CHECK failed: %s\n", #cond);         \
        abort ();                                        \
      }                                                  \
  } G_STMT_END

/* A critical or a warning means an API was misused on the way: a crash. abort() rather
 * than GLib's fatal-criticals breakpoint, because libFuzzer saves the input on SIGABRT but
 * not on SIGTRAP. */
static void
fuzz_log_handler (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_printerr ("%s: %s\n", log_domain != NULL ? log_domain : "(null)", message);
      abort ();
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_default_handler (fuzz_log_handler, NULL);

  context = json_from_string (context_json, NULL);
  data_node = json_from_string (data_json, NULL);
  CHECK (context != NULL && data_node != NULL);
  return 0;
}

/* {{echo a b k=v}}: its arguments and hash as text, through every accessor. */
static gboolean
echo_helper (GenkitHandlebarsHelperCall  *call,
             gpointer                     user_data,
             GError                     **error)
{
  g_autoptr(GString) out = g_string_new (genkit_handlebars_helper_call_get_name (call));
  g_auto(GStrv) keys = genkit_handlebars_helper_call_get_hash_keys (call);

  for (guint i = 0; i < genkit_handlebars_helper_call_get_n_params (call); i++)
    {
      JsonNode *param = genkit_handlebars_helper_call_get_param (call, i);
      g_autofree char *text = param != NULL ? json_to_string (param, FALSE) : NULL;

      g_string_append_printf (out, " %s", text != NULL ? text : "undefined");
    }
  for (guint i = 0; keys[i] != NULL; i++)
    {
      JsonNode *value = genkit_handlebars_helper_call_get_hash (call, keys[i]);  /* NULL: undefined */
      g_autofree char *text = value != NULL ? json_to_string (value, FALSE) : NULL;

      CHECK (genkit_handlebars_helper_call_has_hash (call, keys[i]));
      g_string_append_printf (out, " %s=%s", keys[i], text != NULL ? text : "undefined");
    }
  CHECK (genkit_handlebars_helper_call_lookup_data (call, "root") != NULL);
  if (genkit_handlebars_helper_call_get_n_params (call) % 2 == 1)
    genkit_handlebars_helper_call_return_string (call, out->str);
  else
    genkit_handlebars_helper_call_return_safe_string (call, out->str);
  return TRUE;
}

/* {{#twice x}}…{{else}}…{{/twice}}: the block twice with x (and block params), else the
 * inverse. */
static gboolean
twice_helper (GenkitHandlebarsHelperCall  *call,
              gpointer                     user_data,
              GError                     **error)
{
  JsonNode *arg = genkit_handlebars_helper_call_get_n_params (call) > 0
                    ? genkit_handlebars_helper_call_get_param (call, 0) : NULL;
  JsonNode *ctx = genkit_handlebars_helper_call_get_context (call);
  g_autoptr(GString) out = g_string_new (NULL);

  if (!genkit_handlebars_helper_call_is_block (call))
    {
      genkit_handlebars_helper_call_return_value (call, arg);
      return TRUE;
    }
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *params[2] = { arg != NULL ? arg : ctx, NULL };
      g_autoptr(JsonNode) index = json_node_new (JSON_NODE_VALUE);
      char *text;

      json_node_set_int (index, i);
      params[1] = index;
      text = genkit_handlebars_helper_call_render_block_full (
        call, arg != NULL ? arg : ctx, NULL, params,
        MIN (genkit_handlebars_helper_call_get_n_block_params (call), 2), error);
      if (text == NULL)
        return FALSE;
      g_string_append (out, text);
      g_free (text);
    }
  {
    g_autofree char *inverse = genkit_handlebars_helper_call_render_inverse (call, ctx, error);

    if (inverse == NULL)
      return FALSE;
    g_string_append (out, inverse);
  }
  genkit_handlebars_helper_call_take_safe_string (call, g_string_free (g_steal_pointer (&out),
                                                                       FALSE));
  return TRUE;
}

static gboolean
swallow_log (GenkitHandlebars *hb,
             const char       *level,
             const char       *message,
             gpointer          user_data)
{
  CHECK (level != NULL && message != NULL);
  return TRUE;
}

/* Every error names the file, line and column, "NAME:LINE:COLUMN: ...". */
static void
check_error (const GError *error)
{
  const char *p;

  CHECK (error != NULL);
  CHECK (error->domain == GENKIT_HANDLEBARS_ERROR);
  CHECK (g_utf8_validate (error->message, -1, NULL));
  CHECK (g_str_has_prefix (error->message, "t.hbs:") || g_str_has_prefix (error->message, "p"));
  p = strchr (error->message, ':');
  CHECK (p != NULL && g_ascii_isdigit (p[1]));
  p = strchr (p + 1, ':');
  CHECK (p != NULL && g_ascii_isdigit (p[1]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GenkitHandlebars) hb = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) at_data = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) second_error = NULL;
  g_auto(GStrv) partial_names = NULL;
  const char *text;
  const char *end;
  size_t template_length;
  guint flags;
  guint n_partials = 0;

  if (size < 1)
    return 0;
  flags = data[0];
  text = (const char *) data + 1;
  end = (const char *) data + size;

  hb = genkit_handlebars_new ();
  genkit_handlebars_set_no_escape (hb, (flags & 1) != 0);
  genkit_handlebars_set_known_helpers_only (hb, (flags & 2) != 0);
  genkit_handlebars_set_limits (hb, 1 << 16, 100000);
  g_signal_connect (hb, "log", G_CALLBACK (swallow_log), NULL);
  if (flags & 4)
    {
      genkit_handlebars_register_helper (hb, "echo", echo_helper, NULL, NULL);
      genkit_handlebars_register_helper (hb, "twice", twice_helper, NULL, NULL);
    }
  if (flags & 8)
    at_data = json_object_ref (json_node_get_object (data_node));

  template_length = strnlen (text, (size_t) (end - text));
  for (const char *p = text + template_length; p < end && n_partials < MAX_PARTIALS; n_partials++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", n_partials);
      g_autofree char *filename = g_strdup_printf ("p%u.hbs", n_partials);
      g_autofree char *source = NULL;
      size_t length;

      p++;                                      /* the NUL before it */
      length = strnlen (p, (size_t) (end - p));
      source = g_strndup (p, length);
      genkit_handlebars_register_partial (hb, name, source, filename);
      p += length;
    }

  template = genkit_handlebars_compile (hb, text, (gssize) template_length, "t.hbs", &error);
  if (template == NULL)
    {
      check_error (error);
      return 0;
    }

  partial_names = genkit_handlebars_template_get_partial_names (template);
  CHECK (partial_names != NULL);

  first = genkit_handlebars_template_render (template, context, at_data, &error);
  second = genkit_handlebars_template_render (template, context, at_data, &second_error);
  if (first == NULL)
    {
      check_error (error);
      CHECK (second == NULL);
      CHECK (g_error_matches (second_error, error->domain, error->code));
      CHECK (strcmp (error->message, second_error->message) == 0);
      return 0;
    }
  CHECK (second != NULL);
  CHECK (strcmp (first, second) == 0);
  CHECK (strlen (first) <= (1 << 16));
  CHECK (g_utf8_validate (first, -1, NULL));
  return 0;
}
