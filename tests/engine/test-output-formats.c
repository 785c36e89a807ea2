/* test-output-formats.c — structured output: json, array, jsonl, enum and text, whole and streamed
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "ai-test-util.h"

typedef struct
{
  GenkitRegistry          *registry;
  GenkitProgrammableModel *pm;     /* no native constrained output: Genkit simulates it */
  GenkitProgrammableModel *cm;     /* constrained: all */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) constrained = test_json ("{\"supports\": {\"constrained\": \"all\", \"output\": [\"json\"]}}");

  f->registry = genkit_registry_new ();
  f->pm = genkit_define_programmable_model (f->registry, "pm", NULL, &error);
  f->cm = genkit_define_programmable_model (f->registry, "cm", json_node_get_object (constrained), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->registry);
}

static GenkitGenerateOptions *
options_for (const char *model,
             const char *format,
             const char *schema_json5)
{
  GenkitGenerateOptions *options = genkit_generate_options_new ();

  genkit_generate_options_set_model (options, model);
  genkit_generate_options_set_prompt (options, "Give me data");
  if (format != NULL)
    genkit_generate_options_set_output_format (options, format);
  if (schema_json5 != NULL)
    {
      g_autoptr(JsonNode) schema = ai_json5 (schema_json5);

      genkit_generate_options_set_output_schema (options, schema);
    }
  return options;
}

static void
push_stream (GenkitProgrammableModel *pm,
             const char * const      *pieces)
{
  GString *whole = g_string_new (NULL);
  g_autoptr(JsonNode) text = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; pieces[i] != NULL; i++)
    g_string_append (whole, pieces[i]);
  text = json_node_init_string (json_node_alloc (), whole->str);
  json = json_to_string (text, FALSE);
  ai_push_text (pm, json);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_text (pieces[i]);

      genkit_programmable_model_add_chunk (pm, chunk);
    }
  g_string_free (whole, TRUE);
}

static void
assert_output (GenkitGenerateResponse *response,
               const char             *expected_json5)
{
  g_autoptr(JsonNode) output = genkit_generate_response_get_output (response);

  g_assert_nonnull (output);
  ai_assert_json (output, expected_json5);
}

static void
assert_chunk_outputs (AiGenerate          *run,
                      const char * const  *expected_json5)
{
  g_assert_cmpuint (run->chunks->len, ==, g_strv_length ((char **) expected_json5));
  for (guint i = 0; i < run->chunks->len; i++)
    {
      g_autoptr(JsonNode) output = genkit_generate_response_chunk_get_output (g_ptr_array_index (run->chunks, i));

      if (g_str_equal (expected_json5[i], "null"))
        g_assert_true (output == NULL || JSON_NODE_HOLDS_NULL (output));
      else
        ai_assert_json (output, expected_json5[i]);
    }
}

static void
assert_schema_failure (AiGenerate *run)
{
  g_assert_error (run->error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (run->error->message, "Schema validation failed."));
}

#define PERSON "{type: 'object', properties: {name: {type: 'string'}, age: {type: 'number'}}, required: ['name']}"

static void
test_json_format (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", NULL, PERSON);
  g_autoptr(GenkitGenerateOptions) native = options_for ("cm", NULL, PERSON);
  static const char * const pieces[] = { "```json\n{\"name\": \"A", "da\", \"age\": 3", "7}\n```", NULL };
  static const char * const partial[] = { "{name: 'A'}", "{name: 'Ada', age: 3}", "{name: 'Ada', age: 37}", NULL };
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) message_metadata = NULL;

  g_test_summary ("json: a schema alone selects it; a model without constrained output gets the schema "
                  "as instructions, one with it gets the schema; output is parsed, checked and streamed "
                  "as partial JSON");

  /* Simulated constrained output: the model sees instructions and an unconstrained request. */
  ai_push_text (f->pm, "'Sure: {\"name\": \"Ada\", \"age\": 36}'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  assert_output (run.response, "{name: 'Ada', age: 36}");
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'},"
                     "  {text: 'Output should be in JSON format and conform to the following schema:\\n\\n```\\n"
                     "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"number\"}},"
                     "\"required\":[\"name\"]}\\n```\\n', metadata: {purpose: 'output'}}]}],"
                     " config: {}, tools: [], output: {constrained: false}}");
  message_metadata = json_node_copy (json_object_get_member (
    json_object_get_object_member (genkit_generate_response_get_json_object (run.response), "message"), "metadata"));
  ai_assert_json (message_metadata, "{generate: {output: {contentType: 'application/json', format: 'json'}}}");

  /* Native constrained output: the schema goes to the model, no instructions. */
  ai_push_text (f->cm, "'{\"name\": \"Bo\"}'");
  ai_generate (f->registry, native, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->cm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'}]}], config: {}, tools: [],"
                     " output: {constrained: true, contentType: 'application/json', format: 'json', schema: "
                     PERSON "}}");

  /* Invalid output fails the schema. */
  ai_push_text (f->pm, "'{\"nom\": 1}'");
  ai_generate (f->registry, options, FALSE, &run);
  assert_schema_failure (&run);

  /* Streamed: every chunk carries the partial object so far. */
  push_stream (f->pm, pieces);
  ai_generate (f->registry, options, TRUE, &run);
  g_assert_no_error (run.error);
  assert_chunk_outputs (&run, partial);
  assert_output (run.response, "{name: 'Ada', age: 37}");
}

#define ITEMS "{type: 'array', items: {type: 'object', properties: {n: {type: 'number'}}, required: ['n']}}"

static void
test_array (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "array", ITEMS);
  g_autoptr(GenkitGenerateOptions) wrong = options_for ("pm", "array", "{type: 'object'}");
  static const char * const pieces[] = { "[{\"n\": 1}, {\"n\"", ": 2}, {\"n\": 3}", "]", NULL };
  static const char * const partial[] = { "[{n: 1}]", "[{n: 2}, {n: 3}]", "[]", NULL };
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("array: instructions for the schema, complete items parsed, each item streamed once");

  ai_push_text (f->pm, "'Here: [{\"n\": 1}, {\"n\": 2}] done'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  assert_output (run.response, "[{n: 1}, {n: 2}]");
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'},"
                     "  {text: 'Output should be a JSON array conforming to the following schema:\\n    \\n```\\n"
                     "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}},"
                     "\"required\":[\"n\"]}}\\n```\\n    ', metadata: {purpose: 'output'}}]}],"
                     " config: {}, tools: [], output: {constrained: false}}");

  ai_push_text (f->pm, "'[{\"n\": \"one\"}]'");
  ai_generate (f->registry, options, FALSE, &run);
  assert_schema_failure (&run);

  push_stream (f->pm, pieces);
  ai_generate (f->registry, options, TRUE, &run);
  g_assert_no_error (run.error);
  assert_chunk_outputs (&run, partial);

  ai_generate (f->registry, wrong, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Must supply an 'array' schema type when using the 'items' parser format.");
}

static void
test_jsonl (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "jsonl", ITEMS);
  g_autoptr(GenkitGenerateOptions) wrong = options_for ("pm", "jsonl", "{type: 'array', items: {type: 'string'}}");
  static const char * const pieces[] = { "{\"n\": 1}\n{\"n\"", ": 2}\n", "{\"n\": 3}", NULL };
  static const char * const partial[] = { "[{n: 1}]", "[{n: 2}]", "[{n: 3}]", NULL };
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("jsonl: one object per line, instructions for the item schema, lines streamed as they end");

  ai_push_text (f->pm, "'{\"n\": 1}\\nnot json\\n{\"n\": 2}\\n'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  assert_output (run.response, "[{n: 1}, {n: 2}]");
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'},"
                     "  {text: 'Output should be JSONL format, a sequence of JSON objects (one per line) separated by "
                     "a newline `\\\\n` character. Each line should be a JSON object conforming to the following schema:"
                     "\\n\\n```\\n{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}},\"required\":[\"n\"]}"
                     "\\n```\\n    ', metadata: {purpose: 'output'}}]}],"
                     " config: {}, tools: [], output: {contentType: 'application/jsonl', format: 'jsonl', "
                     " schema: " ITEMS "}}");

  ai_push_text (f->pm, "'{\"m\": 1}'");
  ai_generate (f->registry, options, FALSE, &run);
  assert_schema_failure (&run);

  push_stream (f->pm, pieces);
  ai_generate (f->registry, options, TRUE, &run);
  g_assert_no_error (run.error);
  assert_chunk_outputs (&run, partial);

  ai_generate (f->registry, wrong, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Must supply an 'array' schema type containing 'object' items when "
                                           "using the 'jsonl' parser format.");
}

static void
test_enum (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "enum", "{type: 'string', enum: ['red', 'green']}");
  static const char * const pieces[] = { "\"gre", "en\"", NULL };
  static const char * const partial[] = { "null", "null", NULL };
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) output = NULL;

  g_test_summary ("enum: the values as instructions, quotes and space dropped, values outside the enum refused");

  ai_push_text (f->pm, "'  \"green\"\\n'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  output = genkit_generate_response_get_output (run.response);
  g_assert_cmpstr (json_node_get_string (output), ==, "green");
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'},"
                     "  {text: 'Output should be ONLY one of the following enum values. Do not output any "
                     "additional information or add quotes.\\n\\nred\\ngreen', metadata: {purpose: 'output'}}]}],"
                     " config: {}, tools: [], output: {constrained: false}}");

  ai_push_text (f->pm, "'blue'");
  ai_generate (f->registry, options, FALSE, &run);
  assert_schema_failure (&run);

  /* enum has no chunk parser: chunks fall back to JSON, which text is not. */
  push_stream (f->pm, pieces);
  ai_generate (f->registry, options, TRUE, &run);
  g_assert_no_error (run.error);
  assert_chunk_outputs (&run, partial);
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "text", NULL);
  static const char * const pieces[] = { "Hello ", "there", NULL };
  static const char * const partial[] = { "'Hello '", "'there'", NULL };
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) output = NULL;

  g_test_summary ("text: the output is the text; chunks give their own text");

  push_stream (f->pm, pieces);
  ai_generate (f->registry, options, TRUE, &run);
  g_assert_no_error (run.error);
  output = genkit_generate_response_get_output (run.response);
  g_assert_cmpstr (json_node_get_string (output), ==, "Hello there");
  assert_chunk_outputs (&run, partial);
  ai_assert_request (f->pm, 0, "{messages: [{role: 'user', content: [{text: 'Give me data'}]}],"
                               " config: {}, tools: [], output: {contentType: 'text/plain', format: 'text'}}");
}

static void
test_instructions_option (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) custom = options_for ("cm", "json", PERSON);
  g_autoptr(GenkitGenerateOptions) none = options_for ("pm", "array", ITEMS);
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("output.instructions: a string replaces the format's instructions, false removes them");

  genkit_generate_options_set_output_instructions (custom, TRUE, "Answer as a person object.");
  ai_push_text (f->cm, "'{\"name\": \"Cy\"}'");
  ai_generate (f->registry, custom, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->cm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'},"
                     "  {text: 'Answer as a person object.', metadata: {purpose: 'output'}}]}], config: {}, tools: [],"
                     " output: {constrained: true, contentType: 'application/json', format: 'json', schema: " PERSON "}}");

  genkit_generate_options_set_output_instructions (none, FALSE, NULL);
  ai_push_text (f->pm, "'[]'");
  ai_generate (f->registry, none, FALSE, &run);
  g_assert_no_error (run.error);
  /* No format instructions; the constrained simulation still explains the schema. */
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Give me data'},"
                     "  {text: 'Output should be in JSON format and conform to the following schema:\\n\\n```\\n"
                     "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}},"
                     "\"required\":[\"n\"]}}\\n```\\n', metadata: {purpose: 'output'}}]}],"
                     " config: {}, tools: [], output: {constrained: false}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/output-formats/json", test_json_format);
  ADD ("/output-formats/array", test_array);
  ADD ("/output-formats/jsonl", test_jsonl);
  ADD ("/output-formats/enum", test_enum);
  ADD ("/output-formats/text", test_text);
  ADD ("/output-formats/instructions-option", test_instructions_option);
#undef ADD

  return g_test_run ();
}
