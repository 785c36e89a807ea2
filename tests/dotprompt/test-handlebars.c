/* test-handlebars.c — the Handlebars engine: conformance with handlebars.js, helpers from C,
 * settings, errors with line and column, limits
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "dotprompt-test-util.h"

/* Conformance ----------------------------------------------------------------------------- */

static void
silent_log_cb (GenkitHandlebars *hbs,
               const char       *level,
               const char       *message,
               gpointer          user_data)
{
  g_signal_stop_emission_by_name (hbs, "log");
}

static void
test_golden_cases (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "handlebars-cases.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *partials;
  JsonNode *context;
  JsonArray *cases;
  guint failures = 0;
  guint errors = 0;

  g_test_summary ("Templates render as handlebars.js 4.7 renders them (data/handlebars-cases.json): "
                  "output byte for byte, and errors where it fails");

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  partials = json_object_get_object_member (root, "partials");
  context = json_object_get_member (root, "context");
  cases = json_object_get_array_member (root, "cases");

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);
      const char *template_text = json_object_get_string_member (c, "template");
      gboolean expect_error = json_object_get_boolean_member_with_default (c, "error", FALSE);
      g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
      g_autoptr(GenkitHandlebarsTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GList) names = json_object_get_members (partials);
      g_autofree char *out = NULL;

      genkit_handlebars_set_no_escape (hbs, json_object_get_boolean_member (c, "noEscape"));
      genkit_handlebars_set_known_helpers_only (hbs, json_object_get_boolean_member (c, "knownHelpersOnly"));
      genkit_handlebars_set_limits (hbs, 1 << 20, 100000);
      for (GList *l = names; l != NULL; l = l->next)
        genkit_handlebars_register_partial (hbs, l->data, json_object_get_string_member (partials, l->data), NULL);
      g_signal_connect (hbs, "log", G_CALLBACK (silent_log_cb), NULL);

      template = genkit_handlebars_compile (hbs, template_text, -1, NULL, &local_error);
      if (template != NULL)
        out = genkit_handlebars_template_render (template, context, NULL, &local_error);

      if (expect_error)
        {
          errors++;
          if (out != NULL)
            {
              g_test_message ("case %u %s: expected an error, got '%s'", i, template_text, out);
              failures++;
            }
          continue;
        }
      if (out == NULL || !g_str_equal (out, json_object_get_string_member (c, "out")))
        {
          g_test_message ("case %u %s: expected '%s', got '%s'%s%s", i, template_text,
                          json_object_get_string_member (c, "out"), out ? out : "(error)",
                          local_error ? ": " : "", local_error ? local_error->message : "");
          failures++;
        }
    }

  g_test_message ("%u cases (%u expected errors), %u failures", json_array_get_length (cases),
                  errors, failures);
  g_assert_cmpuint (failures, ==, 0);
}

static char *
render (GenkitHandlebars *hbs,
        const char       *template_text,
        const char       *context_json)
{
  g_autoptr(JsonNode) context = context_json ? dotprompt_test_json (context_json) : NULL;
  g_autoptr(GError) error = NULL;
  char *out = genkit_handlebars_render (hbs, template_text, context, NULL, &error);

  g_assert_no_error (error);
  return out;
}

static void
assert_render (GenkitHandlebars *hbs,
               const char       *template_text,
               const char       *context_json,
               const char       *expected)
{
  g_autofree char *out = render (hbs, template_text, context_json);

  g_assert_cmpstr (out, ==, expected);
}

static void
assert_render_error (GenkitHandlebars *hbs,
                     const char       *template_text,
                     const char       *context_json,
                     int               code,
                     const char       *message)
{
  g_autoptr(JsonNode) context = context_json ? dotprompt_test_json (context_json) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = genkit_handlebars_render (hbs, template_text, context, NULL, &error);

  g_assert_null (out);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, code);
  if (!g_str_has_prefix (error->message, message))
    g_error ("'%s' does not start with '%s'", error->message, message);
}

/* Language features, spelled out --------------------------------------------------------- */

static void
test_features (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();

  g_test_summary ("Escaping, paths, data variables, blocks, block parameters, sub-expressions, "
                  "literals, whitespace control, partials");

  assert_render (hbs, "{{v}}|{{{v}}}|{{&v}}", "{\"v\": \"<a href='x'>&`=\"}",
                 "&lt;a href&#x3D;&#x27;x&#x27;&gt;&amp;&#x60;&#x3D;|<a href='x'>&`=|<a href='x'>&`=");
  assert_render (hbs, "{{a.b.[c d]}} {{a.b.[c d].length}} {{this.a.b.e}}", "{\"a\": {\"b\": {\"c d\": \"xy\", \"e\": 1}}}",
                 "xy 2 1");
  assert_render (hbs, "{{#each list}}{{@index}}/{{@key}}/{{@first}}/{{@last}}:{{.}} {{/each}}",
                 "{\"list\": [\"a\", \"b\"]}", "0/0/true/false:a 1/1/false/true:b ");
  assert_render (hbs, "{{#each o}}{{@key}}{{/each}}", "{\"o\": {\"b\": 1, \"2\": 2, \"a\": 3, \"1\": 4}}", "12ba");
  assert_render (hbs, "{{#each people as |p i|}}{{i}}.{{p.name}}@{{@root.town}} {{/each}}",
                 "{\"town\": \"X\", \"people\": [{\"name\": \"A\"}, {\"name\": \"B\"}]}", "0.A@X 1.B@X ");
  assert_render (hbs, "{{#if a}}A{{else if b}}B{{else}}C{{/if}}", "{\"a\": 0, \"b\": []}", "C");
  assert_render (hbs, "{{#unless a}}none{{/unless}}", "{\"a\": \"\"}", "none");
  assert_render (hbs, "{{#with person}}{{name}} of {{../town}}{{/with}}",
                 "{\"town\": \"T\", \"person\": {\"name\": \"N\"}}", "N of T");
  assert_render (hbs, "{{lookup map key}} {{lookup list 1}}", "{\"map\": {\"k\": \"v\"}, \"key\": \"k\", \"list\": [1, 2]}",
                 "v 2");
  assert_render (hbs, "{{#with (lookup map key)}}{{this}}{{/with}}", "{\"map\": {\"k\": \"v\"}, \"key\": \"k\"}", "v");
  assert_render (hbs, "{{\"str\"}} {{12}} {{true}} {{null}}", "{\"str\": \"S\", \"12\": \"twelve\", \"true\": \"T\", \"null\": \"N\"}",
                 "S twelve T N");
  assert_render (hbs, "a {{~ x ~}} b\n{{#if x}}\n  in\n{{/if}}\nc", "{\"x\": 1}", "a1b\n  in\nc");
  assert_render (hbs, "{{! a comment }}{{!-- a }} comment --}}x", NULL, "x");
  assert_render (hbs, "\\{{x}} {{{{raw}}}}{{x}}{{{{/raw}}}}", "{\"x\": 1, \"raw\": true}", "{{x}} {{x}}");

  genkit_handlebars_register_partial (hbs, "card", "[{{title}}{{#if extra}} {{extra}}{{/if}}]", NULL);
  genkit_handlebars_register_partial (hbs, "lines", "one\ntwo\n", NULL);
  assert_render (hbs, "{{> card}}{{> card item}}{{> card title=\"T\" extra=1}}",
                 "{\"title\": \"root\", \"item\": {\"title\": \"item\"}}", "[root][item][T 1]");
  assert_render (hbs, "list:\n  {{> lines}}\nend", NULL, "list:\n  one\n  two\nend");
  assert_render (hbs, "{{> (lookup . \"which\")}}", "{\"which\": \"card\", \"title\": \"dyn\"}", "[dyn]");
  assert_render (hbs, "{{#> missing}}fallback{{/missing}}", NULL, "fallback");
  assert_render (hbs, "{{#*inline \"x\"}}<{{v}}>{{/inline}}{{> x v=1}}", NULL, "<1>");
}

static void
test_settings_both_ways (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;

  g_test_summary ("noEscape and knownHelpersOnly, each on and off");

  /* escaping on by default, off with no-escape */
  assert_render (hbs, "{{v}}", "{\"v\": \"<&>\"}", "&lt;&amp;&gt;");
  genkit_handlebars_set_no_escape (hbs, TRUE);
  assert_render (hbs, "{{v}}", "{\"v\": \"<&>\"}", "<&>");
  /* With noEscape, handlebars.js adds adjacent numbers instead of concatenating them. */
  assert_render (hbs, "{{a}}{{b}}|", "{\"a\": 1, \"b\": 2}", "3|");
  genkit_handlebars_set_no_escape (hbs, FALSE);
  assert_render (hbs, "{{a}}{{b}}|", "{\"a\": 1, \"b\": 2}", "12|");

  /* an unknown helper: missing at run time by default, refused at compile time when only
   * known helpers are allowed */
  assert_render_error (hbs, "x\n {{shout name}}", "{\"name\": \"n\"}",
                       GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER, "2:2: Missing helper: \"shout\"");
  assert_render (hbs, "[{{shout}}]", NULL, "[]");
  genkit_handlebars_set_known_helpers_only (hbs, TRUE);
  template = genkit_handlebars_compile (hbs, "x\n {{shout name}}", -1, "t.hbs", &error);
  g_assert_null (template);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER);
  g_assert_cmpstr (error->message, ==, "t.hbs:2:2: unknown helper 'shout' (only registered helpers may be used)");
  g_clear_error (&error);
  /* a plain name is a value lookup then */
  assert_render (hbs, "[{{shout}}]", "{\"shout\": \"s\"}", "[s]");
}

/* Helpers registered from C ----------------------------------------------------------------- */

static gboolean
shout_helper (GenkitHandlebarsHelperCall  *call,
              gpointer                     user_data,
              GError                     **error)
{
  JsonNode *value = genkit_handlebars_helper_call_get_param (call, 0);
  JsonNode *suffix = genkit_handlebars_helper_call_get_hash (call, "suffix");
  g_autofree char *text = NULL;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "shout wants a string");
      return FALSE;
    }
  text = g_strconcat (json_node_get_string (value),
                      suffix != NULL ? json_node_get_string (suffix) : "", NULL);
  if (GPOINTER_TO_INT (user_data))
    genkit_handlebars_helper_call_return_safe_string (call, text);
  else
    genkit_handlebars_helper_call_return_string (call, text);
  return TRUE;
}

static gboolean
pair_helper (GenkitHandlebarsHelperCall  *call,
             gpointer                     user_data,
             GError                     **error)
{
  g_autoptr(JsonNode) pair = dotprompt_test_json ("{\"left\": 1, \"right\": 2}");

  genkit_handlebars_helper_call_return_value (call, pair);
  return TRUE;
}

/* {{#times n as |i|}}…{{/times}}: a block helper with data variables and block params */
static gboolean
times_helper (GenkitHandlebarsHelperCall  *call,
              gpointer                     user_data,
              GError                     **error)
{
  JsonNode *n = genkit_handlebars_helper_call_get_param (call, 0);
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 count;

  g_assert_cmpuint (genkit_handlebars_helper_call_get_n_block_params (call), <=, 1);
  count = n != NULL ? json_node_get_int (n) : 0;
  if (count <= 0)
    {
      g_autofree char *inverse = genkit_handlebars_helper_call_render_inverse (call,
                                   genkit_handlebars_helper_call_get_context (call), error);

      if (inverse == NULL)
        return FALSE;
      genkit_handlebars_helper_call_return_safe_string (call, inverse);
      return TRUE;
    }
  for (gint64 i = 0; i < count; i++)
    {
      g_autoptr(JsonObject) data = json_object_new ();
      g_autoptr(JsonNode) index = json_node_new (JSON_NODE_VALUE);
      g_autofree char *text = NULL;
      JsonNode *params[1];

      json_node_set_int (index, i);
      json_object_set_int_member (data, "turn", i + 1);
      params[0] = index;
      text = genkit_handlebars_helper_call_render_block_full (call,
                                                              genkit_handlebars_helper_call_get_context (call),
                                                              data, params, 1, error);
      if (text == NULL)
        return FALSE;
      g_string_append (out, text);
    }
  genkit_handlebars_helper_call_return_safe_string (call, out->str);
  return TRUE;
}

static gboolean
root_helper (GenkitHandlebarsHelperCall  *call,
             gpointer                     user_data,
             GError                     **error)
{
  genkit_handlebars_helper_call_return_value (call, genkit_handlebars_helper_call_lookup_data (call, "root"));
  return TRUE;
}

static void
test_c_helpers (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_test_summary ("Helpers registered from C: arguments, hash, strings and SafeStrings, values for "
                  "sub-expressions, blocks with data and block parameters, errors");

  genkit_handlebars_register_helper (hbs, "shout", shout_helper, GINT_TO_POINTER (FALSE), NULL);
  genkit_handlebars_register_helper (hbs, "shoutSafe", shout_helper, GINT_TO_POINTER (TRUE), NULL);
  genkit_handlebars_register_helper (hbs, "pair", pair_helper, NULL, NULL);
  genkit_handlebars_register_helper (hbs, "times", times_helper, NULL, NULL);
  genkit_handlebars_register_helper (hbs, "root", root_helper, NULL, NULL);
  g_assert_true (genkit_handlebars_has_helper (hbs, "shout"));

  assert_render (hbs, "{{shout v suffix=\"!\"}} {{shoutSafe v}}", "{\"v\": \"<b>\"}", "&lt;b&gt;! <b>");
  assert_render (hbs, "{{#with (pair)}}{{left}}+{{right}}{{/with}}", NULL, "1+2");
  assert_render (hbs, "{{#times 3 as |i|}}{{i}}:{{@turn}}:{{name}} {{/times}}{{#times 0}}x{{else}}none{{/times}}",
                 "{\"name\": \"n\"}", "0:1:n 1:2:n 2:3:n none");
  assert_render (hbs, "{{#with (root)}}{{name}}{{/with}}", "{\"name\": \"r\"}", "r");
  /* a SafeString is the object {string: "…"} to #each, as in handlebars.js */
  assert_render (hbs, "{{#each (shoutSafe v)}}[{{@key}}={{this}}|{{@first}}{{@last}}]{{else}}none{{/each}}",
                 "{\"v\": \"ab\"}", "[string=ab|truetrue]");

  /* a helper's error, prefixed with the place of the call */
  out = genkit_handlebars_render (hbs, "ok\n  {{shout (pair)}}", NULL, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "2:3: shout wants a string");
  g_clear_error (&error);

  /* render_block on a mustache call is refused */
  genkit_handlebars_set_known_helpers_only (hbs, TRUE);
  assert_render_error (hbs, "{{times 2}}", NULL, GENKIT_HANDLEBARS_ERROR_HELPER,
                       "1:1: the helper 'times' has no block to render");

  genkit_handlebars_unregister_helper (hbs, "shout");
  g_assert_false (genkit_handlebars_has_helper (hbs, "shout"));
}

/* Errors: precise places ------------------------------------------------------------------ */

typedef struct
{
  const char *template_text;
  int         code;
  const char *message;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "Hi\n{{#each items}}\n  {{name}}\n", GENKIT_HANDLEBARS_ERROR_UNCLOSED_BLOCK,
      "p.hbs:2:1: unclosed block {{#each}}: the template ends before {{/each}}" },
    { "{{#if a}}\n{{#with b}}x{{/if}}", GENKIT_HANDLEBARS_ERROR_MISMATCHED_BLOCK,
      "p.hbs:2:1: with doesn't match if" },
    { "line\n  {{foo bar=}}", GENKIT_HANDLEBARS_ERROR_SYNTAX,
      "p.hbs:2:13: expected a helper name, path or literal, found '}}'" },
    { "{{a.[b}}", GENKIT_HANDLEBARS_ERROR_SYNTAX, "p.hbs:1:5: expected " },
    { "x {{!-- never closed", GENKIT_HANDLEBARS_ERROR_SYNTAX, "p.hbs:1:3: unclosed comment" },
    { "{{/if}}", GENKIT_HANDLEBARS_ERROR_SYNTAX, "p.hbs:1:1: unexpected {{/if}}: no block is open" },
    { "{{else}}", GENKIT_HANDLEBARS_ERROR_SYNTAX, "p.hbs:1:1: unexpected {{else}} outside a block" },
    { "{{a/../b}}", GENKIT_HANDLEBARS_ERROR_SYNTAX, "p.hbs:1:3: invalid path: a/.." },
    { "é {{> nope}}", GENKIT_HANDLEBARS_ERROR_UNKNOWN_PARTIAL,
      "p.hbs:1:3: The partial nope could not be found" },
    { "{{#if}}x{{/if}}", GENKIT_HANDLEBARS_ERROR_HELPER, "p.hbs:1:1: #if requires exactly one argument" },
    { "{{{{raw}}}} x", GENKIT_HANDLEBARS_ERROR_UNCLOSED_BLOCK,
      "p.hbs:1:1: unclosed raw block {{{{raw}}}}" },
    { "{{> a b c}}", GENKIT_HANDLEBARS_ERROR_SYNTAX, "p.hbs:1:1: unsupported number of partial arguments: 2" },
  };
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();

  g_test_summary ("Syntax errors, unclosed and mismatched blocks, unknown partials and helper "
                  "failures name the file, line and column");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GenkitHandlebarsTemplate) template = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      template = genkit_handlebars_compile (hbs, cases[i].template_text, -1, "p.hbs", &error);
      if (template != NULL)
        out = genkit_handlebars_template_render (template, NULL, NULL, &error);
      g_assert_null (out);
      g_assert_nonnull (error);
      if (error->domain != GENKIT_HANDLEBARS_ERROR || error->code != cases[i].code ||
          !g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u %s: got %d '%s', expected %d '%s'", i, cases[i].template_text,
                 error->code, error->message, cases[i].code, cases[i].message);
    }
}

static void
test_compile_at (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;

  g_test_summary ("A template that starts inside a file reports positions in the file");

  template = genkit_handlebars_compile_at (hbs, "ab {{#if x}}", -1, "f.prompt", 7, 3, &error);
  g_assert_null (template);
  g_assert_cmpstr (error->message, ==, "f.prompt:7:6: unclosed block {{#if}}: the template ends before {{/if}}");
  g_clear_error (&error);

  template = genkit_handlebars_compile_at (hbs, "ab\n  {{#if x}}", -1, "f.prompt", 7, 3, &error);
  g_assert_null (template);
  g_assert_true (g_str_has_prefix (error->message, "f.prompt:8:3: "));
}

static void
test_invalid_text (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;

  template = genkit_handlebars_compile (hbs, "ok\xff", -1, NULL, &error);
  g_assert_null (template);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_SYNTAX);
  g_clear_error (&error);

  template = genkit_handlebars_compile (hbs, "a\0b", 3, NULL, &error);
  g_assert_null (template);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "NUL"));
}

/* Limits -------------------------------------------------------------------------------- */

static void
test_limits (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;

  g_test_summary ("Self-including partials, runaway loops and deep nesting stop with an error");

  genkit_handlebars_register_partial (hbs, "self", "x{{> self}}", NULL);
  assert_render_error (hbs, "{{> self}}", NULL, GENKIT_HANDLEBARS_ERROR_LIMIT, "<partial self>:1:2: ");

  genkit_handlebars_set_limits (hbs, 1000, 0);
  assert_render_error (hbs, "{{#each a}}{{#each ../a}}{{#each ../../a}}0123456789{{/each}}{{/each}}{{/each}}",
                       "{\"a\": [1,2,3,4,5,6,7,8,9,10]}", GENKIT_HANDLEBARS_ERROR_LIMIT, "1:");

  genkit_handlebars_set_limits (hbs, 0, 50);
  assert_render_error (hbs, "{{#each a}}{{#each ../a}}{{#each ../../a}}{{/each}}{{/each}}{{/each}}",
                       "{\"a\": [1,2,3,4,5,6,7,8,9,10]}", GENKIT_HANDLEBARS_ERROR_LIMIT, "1:");

  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "{{#if x}}");
  template = genkit_handlebars_compile (hbs, deep->str, -1, NULL, &error);
  g_assert_null (template);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_SYNTAX);
}

/* Partials, log -------------------------------------------------------------------------- */

static void
test_partial_names (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;
  g_auto(GStrv) names = NULL;

  template = genkit_handlebars_compile (hbs, "{{> a}}{{#if x}}{{> \"b c\"}}{{/if}}{{> a}}{{> (dyn)}}"
                                             "{{#> blockpartial}}{{> inner}}{{/blockpartial}}",
                                        -1, NULL, &error);
  g_assert_no_error (error);
  names = genkit_handlebars_template_get_partial_names (template);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "a");
  g_assert_cmpstr (names[1], ==, "b c");
  g_assert_cmpstr (names[2], ==, "inner");

  genkit_handlebars_register_partial (hbs, "a", "A", NULL);
  g_assert_true (genkit_handlebars_has_partial (hbs, "a"));
  genkit_handlebars_unregister_partial (hbs, "a");
  g_assert_false (genkit_handlebars_has_partial (hbs, "a"));
}

static void
log_cb (GenkitHandlebars *hbs,
        const char       *level,
        const char       *message,
        gpointer          user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "[%s] %s\n", level, message);
  g_signal_stop_emission_by_name (hbs, "log");
}

static void
test_log (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(GString) log = g_string_new (NULL);

  g_signal_connect (hbs, "log", G_CALLBACK (log_cb), log);
  assert_render (hbs, "a{{log \"hello\" n obj level=\"warn\"}}b{{log 1}}", "{\"n\": 2, \"obj\": {\"k\": [1]}}", "ab");
  g_assert_cmpstr (log->str, ==, "[warn] hello 2 {\"k\":[1]}\n[info] 1\n");
}

/* A partial's hash member that is the very node the context already holds ({{> p a=a}}):
 * the context and its values are the caller's, shared and left as they were. The
 * sanitizer build checks that no reference is lost or kept. */
static void
test_partial_hash_same_value (void)
{
  g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
  g_autoptr(JsonNode) context = dotprompt_test_json ("{\"a\": \"x\", \"o\": {\"a\": [1]}}");
  JsonNode *a = json_object_get_member (json_node_get_object (context), "a");
  g_autofree char *before = json_to_string (context, FALSE);

  genkit_handlebars_register_partial (hbs, "p", "[{{a}}]", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = genkit_handlebars_render (hbs, "{{> p a=a}}{{> p o a=o.a}}{{> p a=a b=a}}",
                                                       context, NULL, &error);
      g_autofree char *after = json_to_string (context, FALSE);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, "[x][1][x]");
      g_assert_cmpstr (after, ==, before);
      g_assert_true (json_object_get_member (json_node_get_object (context), "a") == a);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dotprompt/handlebars/golden-cases", test_golden_cases);
  g_test_add_func ("/dotprompt/handlebars/features", test_features);
  g_test_add_func ("/dotprompt/handlebars/settings-both-ways", test_settings_both_ways);
  g_test_add_func ("/dotprompt/handlebars/c-helpers", test_c_helpers);
  g_test_add_func ("/dotprompt/handlebars/errors", test_errors);
  g_test_add_func ("/dotprompt/handlebars/compile-at", test_compile_at);
  g_test_add_func ("/dotprompt/handlebars/invalid-text", test_invalid_text);
  g_test_add_func ("/dotprompt/handlebars/limits", test_limits);
  g_test_add_func ("/dotprompt/handlebars/partial-names", test_partial_names);
  g_test_add_func ("/dotprompt/handlebars/log", test_log);
  g_test_add_func ("/dotprompt/handlebars/partial-hash-same-value", test_partial_hash_same_value);

  return g_test_run ();
}
