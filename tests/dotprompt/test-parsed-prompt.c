/* test-parsed-prompt.c — .prompt files: frontmatter, YAML, metadata, errors, writing back
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "dotprompt-test-util.h"

static GenkitParsedPrompt *
parse (const char *source)
{
  g_autoptr(GError) error = NULL;
  GenkitParsedPrompt *prompt;

  prompt = genkit_parsed_prompt_new_from_string (source, -1, "t.prompt", GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  return prompt;
}

static void
assert_metadata (GenkitParsedPrompt *prompt,
                 const char         *expected_json)
{
  g_autoptr(JsonNode) metadata = dotprompt_test_object_node (genkit_parsed_prompt_get_metadata (prompt));

  dotprompt_test_assert_json_string (metadata, expected_json);
}

static void
test_frontmatter (void)
{
  g_autoptr(GenkitParsedPrompt) plain = parse ("  Hello {{name}}\n");
  g_autoptr(GenkitParsedPrompt) full = NULL;
  g_autoptr(GenkitParsedPrompt) crlf = parse ("---\r\nmodel: m\r\n---\r\n  Body\r\n");
  g_autoptr(GenkitParsedPrompt) license = parse ("# Copyright 2025\n# SPDX: Apache-2.0\n\n---\nmodel: m\n---\nBody");
  g_autoptr(GenkitParsedPrompt) empty = parse ("---\n\n---\nBody\n");
  g_autoptr(GenkitParsedPrompt) blank = parse ("---\n  \n---\n Body \n");
  g_autoptr(GenkitParsedPrompt) unterminated = parse ("---\nmodel: m\n---");

  g_test_summary ("The frontmatter as Dotprompt's regular expression finds it, the template "
                  "trimmed only after a frontmatter, the metadata with defaults and ext keys");

  /* without frontmatter: the whole source, untrimmed */
  g_assert_false (genkit_parsed_prompt_has_frontmatter (plain));
  g_assert_cmpstr (genkit_parsed_prompt_get_template (plain), ==, "  Hello {{name}}\n");
  assert_metadata (plain, "{\"ext\": {}, \"metadata\": {}, \"config\": {}}");

  full = parse ("---\n"
                "model: googleai/gemini-2.5-flash\n"
                "config:\n  temperature: 0.4\n"
                "input:\n  schema:\n    name: string\n  default:\n    name: World\n"
                "output:\n  format: json\n"
                "tools: [lookupWeather]\n"
                "maxTurns: 3\n"
                "metadata:\n  owner: me\n"
                "myco.owner: team-x\n"
                "a.b.c: 1\n"
                "custom: prop\n"
                "---\n\n  {{role \"user\"}}Hi {{name}}  \n\n");
  g_assert_true (genkit_parsed_prompt_has_frontmatter (full));
  g_assert_cmpstr (genkit_parsed_prompt_get_template (full), ==, "{{role \"user\"}}Hi {{name}}");
  g_assert_cmpuint (genkit_parsed_prompt_get_template_line (full), ==, 21);
  g_assert_cmpuint (genkit_parsed_prompt_get_template_column (full), ==, 3);
  assert_metadata (full,
                   "{\"ext\": {\"myco\": {\"owner\": \"team-x\"}, \"a.b\": {\"c\": 1}},"
                   " \"metadata\": {}, \"config\": {\"temperature\": 0.4},"
                   " \"model\": \"googleai/gemini-2.5-flash\","
                   " \"input\": {\"schema\": {\"name\": \"string\"}, \"default\": {\"name\": \"World\"}},"
                   " \"output\": {\"format\": \"json\"}, \"tools\": [\"lookupWeather\"],"
                   " \"raw\": {\"model\": \"googleai/gemini-2.5-flash\", \"config\": {\"temperature\": 0.4},"
                   "   \"input\": {\"schema\": {\"name\": \"string\"}, \"default\": {\"name\": \"World\"}},"
                   "   \"output\": {\"format\": \"json\"}, \"tools\": [\"lookupWeather\"], \"maxTurns\": 3,"
                   "   \"metadata\": {\"owner\": \"me\"}, \"myco.owner\": \"team-x\", \"a.b.c\": 1,"
                   "   \"custom\": \"prop\"}}");

  g_assert_cmpstr (genkit_parsed_prompt_get_template (crlf), ==, "Body");
  g_assert_cmpstr (genkit_parsed_prompt_get_template (license), ==, "Body");
  g_assert_true (genkit_parsed_prompt_has_frontmatter (license));

  /* an empty frontmatter counts as none */
  g_assert_false (genkit_parsed_prompt_has_frontmatter (empty));
  g_assert_cmpstr (genkit_parsed_prompt_get_template (empty), ==, "---\n\n---\nBody\n");
  /* a blank one is an empty object */
  g_assert_true (genkit_parsed_prompt_has_frontmatter (blank));
  g_assert_cmpstr (genkit_parsed_prompt_get_template (blank), ==, "Body");
  /* the closing --- needs its line break */
  g_assert_false (genkit_parsed_prompt_has_frontmatter (unterminated));
}

static void
test_yaml_core_schema (void)
{
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(JsonNode) raw = NULL;

  g_test_summary ("Scalars resolve as the YAML 1.2 core schema does (the JavaScript yaml package)");

  prompt = parse ("---\n"
                  "a: yes\nb: 0o17\nc: 0x1f\nd: +12\ne: .5\nf: 1_000\ng: ~\nh: 1e3\nj: 1.0\n"
                  "k: 2024-01-01\nl: 012\nm: \"12\"\nn: !!str 12\nq: -0\ns: Null\nt: TRUE\n"
                  "u: |\n  two\n  lines\n1: one\nx: &anchor {k: 1}\ny: *anchor\n"
                  "---\n");
  raw = dotprompt_test_object_node (genkit_parsed_prompt_get_raw (prompt));
  dotprompt_test_assert_json_string (raw,
    "{\"1\": \"one\", \"a\": \"yes\", \"b\": 15, \"c\": 31, \"d\": 12, \"e\": 0.5, \"f\": \"1_000\","
    " \"g\": null, \"h\": 1000, \"j\": 1, \"k\": \"2024-01-01\", \"l\": 12, \"m\": \"12\", \"n\": \"12\","
    " \"q\": 0, \"s\": null, \"t\": true, \"u\": \"two\\nlines\\n\", \"x\": {\"k\": 1}, \"y\": {\"k\": 1}}");

  /* JavaScript's key order: array indices first */
  {
    g_autofree char *text = genkit_dotprompt_json_stringify (raw, 0);

    g_assert_true (g_str_has_prefix (text, "{\"1\":\"one\",\"a\":\"yes\""));
  }
}

typedef struct
{
  const char *source;
  const char *message;
} ErrorCase;

static void
test_yaml_errors (void)
{
  static const ErrorCase cases[] = {
    { "---\nmodel: x\nconfig:\n  temperature: [1, 2\n---\nHi\n",
      "t.prompt:5:1: invalid YAML frontmatter: did not find expected ',' or ']' while parsing a "
      "flow sequence (started at line 4, column 16)" },
    { "# license\n\n---\nmodel: x\nmodel: y\n---\nHi\n",
      "t.prompt:5:1: invalid YAML frontmatter: Map keys must be unique: 'model' appears twice" },
    { "---\na:\n\t- b\n---\nHi\n",
      "t.prompt:3:1: invalid YAML frontmatter: found character that cannot start any token" },
    { "---\na: 1\n...\nb: 2\n---\nHi\n",
      "t.prompt:4:1: invalid YAML frontmatter: " },
    { "---\na: *nowhere\n---\nHi\n",
      "t.prompt:2:4: invalid YAML frontmatter: unknown alias *nowhere" },
  };

  g_test_summary ("YAML errors give the file, line and column (and the lenient mode keeps them)");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GenkitParsedPrompt) prompt = NULL;
      g_autoptr(GenkitParsedPrompt) lenient = NULL;

      prompt = genkit_parsed_prompt_new_from_string (cases[i].source, -1, "t.prompt",
                                                     GENKIT_PARSED_PROMPT_NONE, &error);
      g_assert_null (prompt);
      g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_FRONTMATTER);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: '%s' does not start with '%s'", i, error->message, cases[i].message);
      g_clear_error (&error);

      /* parseDocument(): the whole source, trimmed, becomes the template */
      lenient = genkit_parsed_prompt_new_from_string (cases[i].source, -1, "t.prompt",
                                                      GENKIT_PARSED_PROMPT_LENIENT, &error);
      g_assert_no_error (error);
      g_assert_false (genkit_parsed_prompt_has_frontmatter (lenient));
      g_assert_nonnull (genkit_parsed_prompt_get_frontmatter_error (lenient));
      g_assert_true (g_str_has_prefix (genkit_parsed_prompt_get_template (lenient), "---") ||
                     g_str_has_prefix (genkit_parsed_prompt_get_template (lenient), "#"));
    }
}

static void
test_locate (void)
{
  g_autoptr(GenkitParsedPrompt) prompt = parse ("---\ninput:\n  schema:\n    title: string\n"
                                                "    tone?(enum): [A, B]\n---\nx");
  guint line = 0;
  guint column = 0;

  g_assert_true (genkit_parsed_prompt_locate (prompt, "/input/schema/tone?(enum)", TRUE, &line, &column));
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (column, ==, 5);
  g_assert_true (genkit_parsed_prompt_locate (prompt, "/input/schema/tone?(enum)", FALSE, &line, &column));
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (column, ==, 18);
  g_assert_true (genkit_parsed_prompt_locate (prompt, "/input/schema/tone?(enum)/1", FALSE, &line, &column));
  g_assert_cmpuint (column, ==, 22);
  g_assert_false (genkit_parsed_prompt_locate (prompt, "/nope", FALSE, &line, &column));
}

/* Writing ---------------------------------------------------------------------------------- */

static void
assert_round_trip (const char *source,
                   const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitParsedPrompt) first = NULL;
  g_autoptr(GenkitParsedPrompt) second = NULL;
  g_autofree char *written = NULL;

  first = genkit_parsed_prompt_new_from_string (source, -1, label, GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  written = genkit_parsed_prompt_to_string (first, &error);
  g_assert_no_error (error);
  second = genkit_parsed_prompt_new_from_string (written, -1, label, GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (genkit_parsed_prompt_has_frontmatter (first), ==,
                   genkit_parsed_prompt_has_frontmatter (second));
  g_assert_cmpstr (genkit_parsed_prompt_get_template (first), ==,
                   genkit_parsed_prompt_get_template (second));
  {
    g_autoptr(JsonNode) a = dotprompt_test_object_node (genkit_parsed_prompt_get_metadata (first));
    g_autoptr(JsonNode) b = dotprompt_test_object_node (genkit_parsed_prompt_get_metadata (second));
    g_autofree char *ta = genkit_dotprompt_json_stringify (a, 0);
    g_autofree char *tb = genkit_dotprompt_json_stringify (b, 0);

    /* same values and the same key order */
    g_assert_cmpstr (ta, ==, tb);
  }
}

static void
test_round_trip_files (void)
{
  g_autofree char *spec_dir = dotprompt_test_shared_path ("fixtures", "dotprompt-spec", NULL);
  g_autofree char *hello = dotprompt_test_shared_path ("fixtures", "genkit-js", "app", "prompts",
                                                       "hello.prompt", NULL);
  const char *files[] = { "metadata.yaml", "partials.yaml", "picoschema.yaml", "variables.yaml",
                          "helpers/history.yaml", "helpers/ifEquals.yaml", "helpers/json.yaml",
                          "helpers/media.yaml", "helpers/role.yaml", "helpers/section.yaml",
                          "helpers/unlessEquals.yaml" };
  g_autofree char *hello_source = NULL;
  guint n = 0;

  g_test_summary ("Every conformance template and the fixture app's prompt survive being "
                  "written back: same frontmatter values, same template");

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (spec_dir, files[f], NULL);
      g_autoptr(JsonNode) suites = dotprompt_test_read_yaml (path);

      for (guint s = 0; s < json_array_get_length (json_node_get_array (suites)); s++)
        {
          JsonObject *suite = json_array_get_object_element (json_node_get_array (suites), s);

          assert_round_trip (json_object_get_string_member (suite, "template"), files[f]);
          n++;
        }
    }

  g_assert_true (g_file_get_contents (hello, &hello_source, NULL, NULL));
  assert_round_trip (hello_source, hello);

  /* values that need quoting, multi-line strings, odd keys */
  assert_round_trip ("---\n"
                     "a: \"true\"\nb: \"12\"\nc: \"\"\nd: \"null\"\ne: \"- x\"\nf: \"a: b\"\n"
                     "g: \"line1\\nline2\\n\"\nh: \"  leading\"\n\"1\": one\n\"key: colon\": v\n"
                     "i: \"---\"\nj: [1, \"2\", null, true, 0.5, 1e+21]\nk: {}\nl: []\n"
                     "m: \"\\ttab\"\nn: \"yes\"\no: \"0x10\"\np: \"#hash\"\nq: 'quote \"x\" here'\n"
                     "r: \"trailing  \"\ns: \"é ü 👋\"\n"
                     "---\nBody {{x}}\n", "quoting");
  g_test_message ("%u conformance templates written back and read again", n);
}

static void
test_write_without_frontmatter (void)
{
  g_autoptr(GenkitParsedPrompt) plain = genkit_parsed_prompt_new (NULL, "  keep {{spaces}}  \n");
  g_autoptr(GenkitParsedPrompt) tricky = genkit_parsed_prompt_new (NULL, "---\na: 1\n---\nbody\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = genkit_parsed_prompt_to_string (plain, &error);
  g_autofree char *refused = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "  keep {{spaces}}  \n");

  refused = genkit_parsed_prompt_to_string (tricky, &error);
  g_assert_null (refused);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE);
}

/* Saving generate options as a .prompt -------------------------------------------------------- */

static void
test_from_generate_options (void)
{
  g_autoptr(JsonNode) options = dotprompt_test_json (
    "{\"model\": \"googleai/gemini-2.5-flash\","
    " \"config\": {\"temperature\": 0.4, \"stopSequences\": [\"END\"]},"
    " \"tools\": [\"/tool/lookupWeather\", \"calc\"],"
    " \"toolChoice\": \"auto\", \"maxTurns\": 3, \"returnToolRequests\": false,"
    " \"use\": [{\"name\": \"retry\", \"config\": {\"maxRetries\": 2}}],"
    " \"metadata\": {\"owner\": \"studio\"},"
    " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"type\": \"object\", \"properties\":"
    "   {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}},"
    " \"messages\": ["
    "   {\"role\": \"system\", \"content\": [{\"text\": \"Be terse.\\n\"}]},"
    "   {\"role\": \"user\", \"content\": ["
    "     {\"text\": \"  What is in {{this}} picture? \\\\\"},"
    "     {\"media\": {\"url\": \"https://x.test/a b?.png\", \"contentType\": \"image/png\"}},"
    "     {\"text\": \"}} and \\\\{{ and a \\\"quote\\\"\"},"
    "     {\"metadata\": {\"purpose\": \"output\", \"pending\": true}}]},"
    "   {\"role\": \"model\", \"content\": [{\"media\": {\"url\": \"data:image/png;base64,AAA=\"}}]},"
    "   {\"role\": \"user\", \"content\": [{\"text\": \"last, with trailing space\\n  \"}]}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitParsedPrompt) built = NULL;

  /* a URL with a space cannot survive the media marker */
  built = genkit_parsed_prompt_new_from_generate_options (json_node_get_object (options), &error);
  g_assert_null (built);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE);
  g_clear_error (&error);

  {
    JsonObject *media = json_object_get_object_member (
      json_array_get_object_element (json_object_get_array_member (
        json_array_get_object_element (json_object_get_array_member (json_node_get_object (options),
                                                                     "messages"), 1),
        "content"), 1),
      "media");

    json_object_set_string_member (media, "url", "https://x.test/a.png");
  }

  built = genkit_parsed_prompt_new_from_generate_options (json_node_get_object (options), &error);
  g_assert_no_error (error);

  {
    g_autofree char *text = genkit_parsed_prompt_to_string (built, &error);
    g_autoptr(GenkitParsedPrompt) reread = NULL;
    g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
    g_autoptr(JsonObject) rendered = NULL;
    JsonObject *o = json_node_get_object (options);

    g_assert_no_error (error);
    g_test_message ("%s", text);

    reread = genkit_parsed_prompt_new_from_string (text, -1, "saved.prompt", GENKIT_PARSED_PROMPT_NONE,
                                                   &error);
    g_assert_no_error (error);
    rendered = genkit_dotprompt_render (dotprompt, reread, NULL, NULL, &error);
    g_assert_no_error (error);

    /* the messages come back exactly, the rest as frontmatter */
    dotprompt_test_assert_json (json_object_get_member (rendered, "messages"),
                                json_object_get_member (o, "messages"));
    g_assert_cmpstr (json_object_get_string_member (rendered, "model"), ==, "googleai/gemini-2.5-flash");
    dotprompt_test_assert_json (json_object_get_member (rendered, "config"),
                                json_object_get_member (o, "config"));
    dotprompt_test_assert_json_string (json_object_get_member (rendered, "tools"),
                                       "[\"lookupWeather\", \"calc\"]");
    dotprompt_test_assert_json_string (json_object_get_member (rendered, "output"),
                                       "{\"format\": \"json\", \"schema\": {\"type\": \"object\","
                                       " \"properties\": {\"city\": {\"type\": \"string\"}},"
                                       " \"required\": [\"city\"]}}");
    {
      JsonObject *raw = json_object_get_object_member (rendered, "raw");

      g_assert_cmpstr (json_object_get_string_member (raw, "toolChoice"), ==, "auto");
      g_assert_cmpint (json_object_get_int_member (raw, "maxTurns"), ==, 3);
      g_assert_false (json_object_get_boolean_member (raw, "returnToolRequests"));
      dotprompt_test_assert_json (json_object_get_member (raw, "use"), json_object_get_member (o, "use"));
      dotprompt_test_assert_json (json_object_get_member (raw, "metadata"), json_object_get_member (o, "metadata"));
    }
  }
}

typedef struct
{
  const char *messages;
  const char *reason;
} RefusedCase;

static void
test_from_generate_options_refuses (void)
{
  static const RefusedCase cases[] = {
    { "[{\"role\": \"model\", \"content\": [{\"toolRequest\": {\"name\": \"t\"}}]}]", "toolRequest part" },
    { "[{\"role\": \"user\", \"content\": [{\"text\": \"a\"}, {\"text\": \"b\"}]}]", "two text parts" },
    { "[{\"role\": \"user\", \"content\": [{\"text\": \"  \\n\"}]}]", "white space" },
    { "[{\"role\": \"user\", \"content\": [{\"text\": \"x <<<dotprompt:role:model>>> y\"}]}]", "marker" },
    { "[{\"role\": \"User\", \"content\": [{\"text\": \"x\"}]}]", "lowercase" },
    { "[{\"role\": \"user\", \"content\": [{\"text\": \"x\"}], \"metadata\": {\"purpose\": \"history\"}}]", "metadata" },
    { "[{\"role\": \"user\", \"content\": []}]", "content parts" },
  };

  g_test_summary ("What a .prompt file cannot hold is refused, not dropped");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"messages\": %s}", cases[i].messages);
      g_autoptr(JsonNode) options = dotprompt_test_json (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GenkitParsedPrompt) built = NULL;

      built = genkit_parsed_prompt_new_from_generate_options (json_node_get_object (options), &error);
      g_assert_null (built);
      g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE);
      if (strstr (error->message, cases[i].reason) == NULL)
        g_error ("case %u: '%s' does not mention '%s'", i, error->message, cases[i].reason);
    }

  {
    g_autoptr(JsonNode) options = dotprompt_test_json ("{\"output\": {\"jsonSchema\": {\"anyOf\": [{\"type\": \"string\"}]}}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitParsedPrompt) built = NULL;

    built = genkit_parsed_prompt_new_from_generate_options (json_node_get_object (options), &error);
    g_assert_null (built);
    g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dotprompt/parsed-prompt/frontmatter", test_frontmatter);
  g_test_add_func ("/dotprompt/parsed-prompt/yaml-core-schema", test_yaml_core_schema);
  g_test_add_func ("/dotprompt/parsed-prompt/yaml-errors", test_yaml_errors);
  g_test_add_func ("/dotprompt/parsed-prompt/locate", test_locate);
  g_test_add_func ("/dotprompt/parsed-prompt/round-trip-files", test_round_trip_files);
  g_test_add_func ("/dotprompt/parsed-prompt/write-without-frontmatter", test_write_without_frontmatter);
  g_test_add_func ("/dotprompt/parsed-prompt/from-generate-options", test_from_generate_options);
  g_test_add_func ("/dotprompt/parsed-prompt/from-generate-options-refuses",
                   test_from_generate_options_refuses);

  return g_test_run ();
}
