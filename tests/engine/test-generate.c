/* test-generate.c — generate: the tool loop, interrupts, streaming, /util/generate and its spans
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "ai-test-util.h"
#include "genkit-samples.h"

typedef struct
{
  GenkitRegistry          *registry;
  GenkitProgrammableModel *pm;
  GenkitMemorySpanProcessor *spans;
  TestSpanRecorder        *recorder;
} Fixture;

static const char add_input[] =
  "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},"
  "\"required\":[\"a\",\"b\"]}";

static void
add_tool (GenkitActionRun *run,
          JsonNode        *input,
          gpointer         user_data)
{
  JsonObject *o = json_node_get_object (input);

  genkit_action_run_return_value (run, json_node_init_int (json_node_alloc (),
                                                           json_object_get_int_member (o, "a") +
                                                           json_object_get_int_member (o, "b")));
}

typedef struct
{
  GenkitActionRun *run;
  gint64           value;
} Later;

static void
later_cb (gpointer user_data)
{
  Later *later = user_data;

  genkit_action_run_return_value (later->run, json_node_init_int (json_node_alloc (), later->value));
  g_object_unref (later->run);
  g_free (later);
}

/* Answers a*b after 30 ms, so a quicker tool requested after it completes first. */
static void
slow_mul_tool (GenkitActionRun *run,
               JsonNode        *input,
               gpointer         user_data)
{
  JsonObject *o = json_node_get_object (input);
  Later *later = g_new0 (Later, 1);

  later->run = g_object_ref (run);
  later->value = json_object_get_int_member (o, "a") * json_object_get_int_member (o, "b");
  g_timeout_add_once (30, later_cb, later);
}

static void
failing_tool (GenkitActionRun *run,
              JsonNode        *input,
              gpointer         user_data)
{
  genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "boom: %s", "no way");
}

/* Interrupts unless restarted; a restart answers with what `resumed` said. */
static void
confirm_tool (GenkitActionRun *run,
              JsonNode        *input,
              gpointer         user_data)
{
  JsonNode *resumed = genkit_tool_get_resumed (run);
  g_autoptr(JsonNode) question = NULL;
  JsonObject *result;

  if (resumed == NULL)
    {
      question = test_json ("{\"question\": \"Really book it?\"}");
      genkit_tool_interrupt (run, question);
      return;
    }
  result = json_object_new ();
  json_object_set_member (result, "booked", json_node_copy (resumed));
  json_object_set_member (result, "input", json_node_copy (input));
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), result));
  json_object_unref (result);
}

static void
multipart_tool (GenkitActionRun *run,
                JsonNode        *input,
                gpointer         user_data)
{
  genkit_action_run_return_value (run, test_json ("{\"output\": {\"rows\": 2},"
                                                  " \"content\": [{\"text\": \"row one\"}, {\"media\": {\"url\": \"data:text/plain;base64,QQ==\"}}],"
                                                  " \"metadata\": {\"source\": \"db\"}}"));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) options = test_json ("{\"supports\": {\"tools\": true, \"multiturn\": true}}");
  g_autoptr(JsonNode) input = test_json (add_input);

  f->registry = genkit_registry_new ();
  f->spans = genkit_memory_span_processor_new ();
  genkit_tracer_add_processor (genkit_registry_get_tracer (f->registry), GENKIT_SPAN_PROCESSOR (f->spans));
  f->recorder = test_span_recorder_new (f->registry);
  f->pm = genkit_define_programmable_model (f->registry, "pm", json_node_get_object (options), &error);
  g_assert_no_error (error);
  g_assert_nonnull (genkit_define_tool (f->registry, "add", "Adds two numbers", input, NULL, add_tool,
                                        NULL, NULL, &error));
  g_assert_nonnull (genkit_define_tool (f->registry, "mul", "Multiplies slowly", input, NULL, slow_mul_tool,
                                        NULL, NULL, &error));
  g_assert_nonnull (genkit_define_tool (f->registry, "fail", "Always fails", NULL, NULL, failing_tool,
                                        NULL, NULL, &error));
  g_assert_nonnull (genkit_define_tool (f->registry, "book", "Books after confirmation", NULL, NULL,
                                        confirm_tool, NULL, NULL, &error));
  g_assert_nonnull (genkit_define_multipart_tool (f->registry, "lookup", "Looks rows up", NULL,
                                                  multipart_tool, NULL, NULL, &error));
  g_assert_nonnull (genkit_define_generate_action (f->registry, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->spans);
  g_clear_object (&f->recorder);
  g_clear_object (&f->registry);
}

static GenkitGenerateOptions *
options_for (const char *prompt)
{
  GenkitGenerateOptions *options = genkit_generate_options_new ();

  genkit_generate_options_set_model (options, "pm");
  genkit_generate_options_set_prompt (options, prompt);
  return options;
}

static const char add_definition[] =
  "{name: 'add', description: 'Adds two numbers', outputSchema: {'$schema': 'http://json-schema.org/draft-07/schema#'},"
  " inputSchema: {type: 'object', properties: {a: {type: 'number'}, b: {type: 'number'}}, required: ['a', 'b']},"
  " key: '/tool/add'}";

/* Tool loop branches ----------------------------------------------------------------------------- */

static void
test_single_tool (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("What is 1 + 2?");
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *expected_0 = NULL;
  g_autofree char *expected_1 = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("One tool request: the tool runs and the model is asked again with the model and "
                  "tool messages appended");

  genkit_generate_options_add_tool (options, "add");
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'add', ref: 'r1', input: {a: 1, b: 2}}}]},"
                  " finishReason: 'stop'}");
  ai_push_text (f->pm, "'It is 3.'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);

  expected_0 = g_strdup_printf ("{messages: [{role: 'user', content: [{text: 'What is 1 + 2?'}]}],"
                                " config: {}, tools: [%s], output: {}}", add_definition);
  ai_assert_request (f->pm, 0, expected_0);
  expected_1 = g_strdup_printf ("{messages: [{role: 'user', content: [{text: 'What is 1 + 2?'}]},"
                                "  {role: 'model', content: [{toolRequest: {name: 'add', ref: 'r1', input: {a: 1, b: 2}}}]},"
                                "  {role: 'tool', content: [{toolResponse: {name: 'add', ref: 'r1', output: 3}}]}],"
                                " config: {}, tools: [%s], output: {}}", add_definition);
  ai_assert_request (f->pm, 1, expected_1);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 2);

  text = genkit_generate_response_get_text (run.response);
  g_assert_cmpstr (text, ==, "It is 3.");
  response = genkit_generate_response_to_json (run.response);
  json_object_remove_member (json_node_get_object (response), "request");
  ai_assert_json (response, "{message: {role: 'model', content: [{text: 'It is 3.'}]}, finishReason: 'stop',"
                            " usage: {}, custom: {}}");
}

static void
test_parallel_tools (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Compute both");
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) second = NULL;
  JsonArray *messages;

  g_test_summary ("Several tool requests run at the same time; responses come in completion order");

  genkit_generate_options_add_tool (options, "mul");
  genkit_generate_options_add_tool (options, "add");
  ai_push (f->pm, "{message: {role: 'model', content: [{text: 'Let me see.'},"
                  " {toolRequest: {name: 'mul', ref: 'm', input: {a: 6, b: 7}}},"
                  " {toolRequest: {name: 'add', ref: 'a', input: {a: 1, b: 1}}}]}, finishReason: 'stop'}");
  ai_push_text (f->pm, "'42 and 2'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);

  second = ai_request_json (f->pm, 1);
  messages = json_object_get_array_member (json_node_get_object (second), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  /* add answered first although mul was asked first: they ran at the same time. */
  ai_assert_json (json_array_get_element (messages, 2),
                  "{role: 'tool', content: [{toolResponse: {name: 'add', ref: 'a', output: 2}},"
                  "                         {toolResponse: {name: 'mul', ref: 'm', output: 42}}]}");
  ai_assert_json (json_array_get_element (messages, 1),
                  "{role: 'model', content: [{text: 'Let me see.'},"
                  " {toolRequest: {name: 'mul', ref: 'm', input: {a: 6, b: 7}}},"
                  " {toolRequest: {name: 'add', ref: 'a', input: {a: 1, b: 1}}}]}");
}

static void
test_multipart_tool (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Look it up");
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) second = NULL;
  JsonArray *messages;
  JsonObject *definition;

  g_test_summary ("A multipart (tool.v2) tool answers output, content and metadata in its tool response");

  genkit_generate_options_add_tool (options, "lookup");
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'lookup', ref: 'l1'}}]}, finishReason: 'stop'}");
  ai_push_text (f->pm, "'Two rows.'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);

  second = ai_request_json (f->pm, 1);
  messages = json_object_get_array_member (json_node_get_object (second), "messages");
  ai_assert_json (json_array_get_element (messages, 2),
                  "{role: 'tool', content: [{toolResponse: {name: 'lookup', ref: 'l1', output: {rows: 2},"
                  "  content: [{text: 'row one'}, {media: {url: 'data:text/plain;base64,QQ=='}}]},"
                  "  metadata: {source: 'db'}}]}");
  definition = json_array_get_object_element (json_object_get_array_member (json_node_get_object (second), "tools"), 0);
  g_assert_cmpstr (json_object_get_string_member (definition, "key"), ==, "/tool.v2/lookup");
}

static void
test_interrupt_respond (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Book a flight");
  g_autoptr(GenkitGenerateOptions) resume = genkit_generate_options_new ();
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(GPtrArray) interrupts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GenkitPart) reply = NULL;
  g_autoptr(JsonNode) answer = test_json ("{\"booked\": \"by hand\"}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  GenkitTool *book = GENKIT_TOOL (genkit_registry_lookup_action (f->registry, "/tool/book"));

  g_test_summary ("A tool that interrupts ends the turn with finish reason interrupted; resume.respond "
                  "answers it and the model sees the resolved request and the reply");

  genkit_generate_options_add_tool (options, "book");
  genkit_generate_options_add_tool (options, "add");
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'book', ref: 'b1', input: {to: 'Oslo'}}},"
                  " {toolRequest: {name: 'add', ref: 'a1', input: {a: 2, b: 2}}}]}, finishReason: 'stop'}");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);

  response = genkit_generate_response_to_json (run.response);
  json_object_remove_member (json_node_get_object (response), "request");
  ai_assert_json (response,
                  "{message: {role: 'model', content: ["
                  "   {toolRequest: {name: 'book', ref: 'b1', input: {to: 'Oslo'}},"
                  "    metadata: {interrupt: {question: 'Really book it?'}}},"
                  "   {toolRequest: {name: 'add', ref: 'a1', input: {a: 2, b: 2}}, metadata: {pendingOutput: 4}}]},"
                  " finishReason: 'interrupted', usage: {}, custom: {},"
                  " finishMessage: 'One or more tool calls resulted in interrupts.'}");
  g_assert_cmpint (genkit_generate_response_get_finish_reason (run.response), ==, GENKIT_FINISH_REASON_INTERRUPTED);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 1);

  /* Answer the interrupt and go on with the whole history. */
  interrupts = genkit_generate_response_get_interrupts (run.response);
  g_assert_cmpuint (interrupts->len, ==, 1);
  reply = genkit_tool_respond (book, g_ptr_array_index (interrupts, 0), answer, NULL, &error);
  g_assert_no_error (error);
  history = genkit_generate_response_get_messages (run.response, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    genkit_generate_options_add_message (resume, g_ptr_array_index (history, i));
  genkit_generate_options_set_model (resume, "pm");
  genkit_generate_options_add_tool (resume, "book");
  genkit_generate_options_add_tool (resume, "add");
  genkit_generate_options_add_resume_respond (resume, reply);
  ai_push_text (f->pm, "'Booked by hand; 4.'");
  ai_generate (f->registry, resume, FALSE, &run);
  g_assert_no_error (run.error);

  {
    g_autoptr(JsonNode) request = ai_request_json (f->pm, 1);
    JsonArray *messages = json_object_get_array_member (json_node_get_object (request), "messages");

    g_assert_cmpuint (json_array_get_length (messages), ==, 3);
    ai_assert_json (json_array_get_element (messages, 1),
                    "{role: 'model', content: ["
                    "  {toolRequest: {name: 'book', ref: 'b1', input: {to: 'Oslo'}},"
                    "   metadata: {resolvedInterrupt: {question: 'Really book it?'}}},"
                    "  {toolRequest: {name: 'add', ref: 'a1', input: {a: 2, b: 2}}, metadata: {}}]}");
    ai_assert_json (json_array_get_element (messages, 2),
                    "{role: 'tool', content: ["
                    "  {toolResponse: {name: 'book', ref: 'b1', output: {booked: 'by hand'}},"
                    "   metadata: {interruptResponse: true}},"
                    "  {toolResponse: {name: 'add', ref: 'a1', output: 4}, metadata: {source: 'pending'}}],"
                    " metadata: {resumed: true}}");
  }
}

static void
test_interrupt_restart (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Book a flight");
  g_autoptr(GenkitGenerateOptions) resume = genkit_generate_options_new ();
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(GPtrArray) interrupts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GenkitPart) restart = NULL;
  g_autoptr(JsonNode) confirmed = test_json ("{\"confirmedBy\": \"Ada\"}");
  g_autoptr(JsonNode) new_input = test_json ("{\"to\": \"Bergen\"}");
  g_autoptr(JsonNode) restart_json = NULL;
  g_autoptr(GError) error = NULL;
  GenkitTool *book = GENKIT_TOOL (genkit_registry_lookup_action (f->registry, "/tool/book"));

  g_test_summary ("resume.restart runs an interrupted tool again; the tool sees `resumed` and its span "
                  "records it");

  genkit_generate_options_add_tool (options, "book");
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'book', ref: 'b1', input: {to: 'Oslo'}}}]},"
                  " finishReason: 'stop'}");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  interrupts = genkit_generate_response_get_interrupts (run.response);
  g_assert_cmpuint (interrupts->len, ==, 1);

  restart = genkit_tool_restart (book, g_ptr_array_index (interrupts, 0), confirmed, new_input, &error);
  g_assert_no_error (error);
  restart_json = genkit_part_to_json (restart);
  ai_assert_json (restart_json, "{toolRequest: {name: 'book', ref: 'b1', input: {to: 'Bergen'}},"
                                " metadata: {interrupt: {question: 'Really book it?'},"
                                "            resumed: {confirmedBy: 'Ada'}, replacedInput: {to: 'Oslo'}}}");

  history = genkit_generate_response_get_messages (run.response, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    genkit_generate_options_add_message (resume, g_ptr_array_index (history, i));
  genkit_generate_options_set_model (resume, "pm");
  genkit_generate_options_add_tool (resume, "book");
  genkit_generate_options_add_resume_restart (resume, restart);
  ai_push_text (f->pm, "'Booked.'");
  ai_generate (f->registry, resume, FALSE, &run);
  g_assert_no_error (run.error);

  {
    g_autoptr(JsonNode) request = ai_request_json (f->pm, 1);
    JsonArray *messages = json_object_get_array_member (json_node_get_object (request), "messages");

    ai_assert_json (json_array_get_element (messages, 1),
                    "{role: 'model', content: [{toolRequest: {name: 'book', ref: 'b1', input: {to: 'Oslo'}},"
                    "  metadata: {resolvedInterrupt: {question: 'Really book it?'}}}]}");
    ai_assert_json (json_array_get_element (messages, 2),
                    "{role: 'tool', content: [{toolResponse: {name: 'book', ref: 'b1',"
                    "  output: {booked: {confirmedBy: 'Ada'}, input: {to: 'Bergen'}}}}], metadata: {resumed: true}}");
  }

  /* The restarted tool's span says so. */
  {
    GenkitSpan *span = test_span_find (f->recorder, "book", 1);

    g_assert_nonnull (span);
    g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:metadata:resumed"), ==, "{\"confirmedBy\":\"Ada\"}");
    g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:state"), ==, "success");
    span = test_span_find (f->recorder, "book", 0);
    g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:metadata:interrupt"), ==,
                     "{\"question\":\"Really book it?\"}");
  }
}

static void
test_max_turns (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Loop forever");
  g_autoptr(GenkitGenerateOptions) defaults = options_for ("Loop forever");
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("A model that keeps asking for tools stops after maxTurns rounds with ABORTED");

  genkit_generate_options_add_tool (options, "add");
  genkit_generate_options_set_max_turns (options, 2);
  for (guint i = 0; i < 3; i++)
    ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'add', input: {a: 1, b: 1}}}]}, finishReason: 'stop'}");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_ABORTED);
  g_assert_cmpstr (run.error->message, ==, "Exceeded maximum tool call iterations (2)");
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 3);
  g_assert_cmpuint (genkit_programmable_model_get_n_pending (f->pm), ==, 0);

  /* The default is 5 rounds: six model calls. */
  genkit_generate_options_add_tool (defaults, "add");
  for (guint i = 0; i < 6; i++)
    ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'add', input: {a: 1, b: 1}}}]}, finishReason: 'stop'}");
  ai_generate (f->registry, defaults, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_ABORTED);
  g_assert_cmpstr (run.error->message, ==, "Exceeded maximum tool call iterations (5)");
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 3 + 6);
}

static void
test_tool_throws (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Try it");
  g_autoptr(GenkitGenerateOptions) unknown = options_for ("Try another");
  g_autoptr(GenkitGenerateOptions) returned = options_for ("Just tell me");
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) response = NULL;

  g_test_summary ("A tool's error fails the generation; an unknown tool is NOT_FOUND; "
                  "returnToolRequests stops before running tools");

  genkit_generate_options_add_tool (options, "fail");
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'fail', ref: 'f'}}]}, finishReason: 'stop'}");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "boom: no way");
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 1);

  genkit_generate_options_add_tool (unknown, "add");
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'teleport'}}]}, finishReason: 'stop'}");
  ai_generate (f->registry, unknown, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (run.error->message, ==, "Tool teleport not found");

  genkit_generate_options_add_tool (returned, "add");
  genkit_generate_options_set_return_tool_requests (returned, TRUE);
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'add', input: {a: 1, b: 2}}}]}, finishReason: 'stop'}");
  ai_generate (f->registry, returned, FALSE, &run);
  g_assert_no_error (run.error);
  response = genkit_generate_response_to_json (run.response);
  ai_assert_json (json_object_get_member (json_node_get_object (response), "message"),
                  "{role: 'model', content: [{toolRequest: {name: 'add', input: {a: 1, b: 2}}}]}");
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 3);
}

static void
test_resume_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) no_model_message = options_for ("Hi");
  g_autoptr(GenkitGenerateOptions) unresolved = genkit_generate_options_new ();
  g_autoptr(GenkitGenerateOptions) again = genkit_generate_options_new ();
  g_autoptr(GenkitMessage) user = genkit_message_new_text (GENKIT_ROLE_USER, "Book it");
  g_autoptr(JsonNode) model_json = test_json ("{\"role\": \"model\", \"content\": ["
                                              "{\"toolRequest\": {\"name\": \"book\", \"ref\": \"b1\"},"
                                              " \"metadata\": {\"interrupt\": true}}]}");
  g_autoptr(GenkitMessage) model = genkit_message_new_from_json (model_json, NULL);
  g_autoptr(JsonNode) restart_json = test_json ("{\"toolRequest\": {\"name\": \"book\", \"ref\": \"b1\"}}");
  g_autoptr(GenkitPart) restart = genkit_part_new_from_json (restart_json, NULL);
  g_autoptr(JsonNode) other_json = test_json ("{\"toolResponse\": {\"name\": \"book\", \"ref\": \"zz\", \"output\": 1}}");
  g_autoptr(GenkitPart) other = genkit_part_new_from_json (other_json, NULL);
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("Resume needs a model message with tool requests, every request answered, and a "
                  "restart that does not interrupt again");

  genkit_generate_options_add_resume_respond (no_model_message, other);
  ai_generate (f->registry, no_model_message, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_cmpstr (run.error->message, ==, "Cannot 'resume' generation unless the previous message is a model "
                                           "message with at least one tool request.");

  genkit_generate_options_set_model (unresolved, "pm");
  genkit_generate_options_add_message (unresolved, user);
  genkit_generate_options_add_message (unresolved, model);
  genkit_generate_options_add_tool (unresolved, "book");
  genkit_generate_options_add_resume_respond (unresolved, other);
  ai_generate (f->registry, unresolved, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Unresolved tool request 'book#b1' was not handled by the 'resume' "
                                           "argument. You must supply replies or restarts for all interrupted "
                                           "tool requests.'");

  /* A restart without `resumed` interrupts again. */
  genkit_generate_options_set_model (again, "pm");
  genkit_generate_options_add_message (again, user);
  genkit_generate_options_add_message (again, model);
  genkit_generate_options_add_tool (again, "book");
  genkit_generate_options_add_resume_restart (again, restart);
  ai_generate (f->registry, again, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_cmpstr (run.error->message, ==, "One or more tools triggered an interrupt during a restarted execution.");
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 0);
}

/* /util/generate and the samples against the JavaScript runtime's answers ------------------ */

static GenkitRegistry *
samples_registry (void)
{
  GenkitRegistry *registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_samples_register (registry, &error));
  g_assert_no_error (error);
  return registry;
}

static void
replay (GenkitRegistry *registry,
        const char     *file)
{
  g_autoptr(JsonNode) exchange = ai_fixture (file);
  JsonObject *request = ai_member_object (exchange, "request.body");
  JsonNode *expected_body = json_object_get_member (ai_member_object (exchange, "response"), "body");
  const char *key = json_object_get_string_member (request, "key");
  GenkitAction *action = genkit_registry_lookup_action (registry, key);
  gboolean stream = JSON_NODE_HOLDS_VALUE (expected_body);
  g_auto(TestRun) run = { 0 };
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) ours = NULL;

  g_test_message ("%s", file);
  g_assert_nonnull (action);
  test_run_action (action, json_object_get_member (request, "input"), NULL, NULL, stream, &run);
  g_assert_no_error (run.error);

  if (stream)
    {
      g_auto(GStrv) lines = g_strsplit (json_node_get_string (expected_body), "\n", -1);
      guint n = g_strv_length (lines);
      g_autoptr(JsonNode) last = test_json (lines[n - 1]);

      g_assert_cmpuint (run.chunks->len, ==, n - 1);
      for (guint i = 0; i + 1 < n; i++)
        {
          g_autoptr(JsonNode) chunk = test_json (lines[i]);

          ai_assert_json_equal (chunk, g_ptr_array_index (run.chunks, i));
        }
      expected = json_node_copy (json_object_get_member (json_node_get_object (last), "result"));
    }
  else
    expected = json_node_copy (json_object_get_member (json_node_get_object (expected_body), "result"));

  ours = json_node_copy (genkit_action_result_get_result (run.result));
  ai_strip_latency (expected);
  ai_strip_latency (ours);
  ai_assert_json_equal (expected, ours);
}

static void
test_fixture_replay (void)
{
  static const char * const files[] = {
    "reflection/12-run-flow-greet.json",
    "reflection/16-run-flow-streamEcho-stream.json",
    "reflection/17-run-flow-useTool.json",
    "reflection/23-run-util-generate.json",
    "reflection/24-run-util-generate-stream.json",
    "reflection/25-run-util-generate-tool-loop.json",
    "reflection/30-run-tool-add.json",
    "reflection/31-run-tool-v2-add.json",
  };
  g_autoptr(GenkitRegistry) registry = samples_registry ();

  g_test_summary ("/util/generate, the tool and the flows that generate answer the captured requests "
                  "exactly as the JavaScript runtime did, chunks included");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    replay (registry, files[i]);
}

static JsonNode *
exported_span (const char *file)
{
  g_autoptr(JsonNode) exchange = ai_fixture (file);
  JsonObject *spans = ai_member_object (exchange, "request.body.spans");
  g_autoptr(GList) ids = json_object_get_members (spans);

  return json_node_copy (json_object_get_member (spans, ids->data));
}

/* Compares one of our spans with the exported JavaScript span: same parent, same attributes
 * (JSON attributes compared as JSON, latency aside), ids and times aside. */
static void
assert_span_like (GenkitSpan *ours,
                  const char *file,
                  const char *parent_name)
{
  g_autoptr(JsonNode) theirs = exported_span (file);
  g_autoptr(JsonNode) ours_json = genkit_span_to_json (ours);
  JsonObject *a = json_object_get_object_member (json_node_get_object (theirs), "attributes");
  JsonObject *b = json_object_get_object_member (json_node_get_object (ours_json), "attributes");
  g_autoptr(GList) keys = json_object_get_members (a);

  g_test_message ("span %s", genkit_span_get_name (ours));
  if (parent_name == NULL)
    g_assert_null (genkit_span_get_parent (ours));
  else
    g_assert_cmpstr (genkit_span_get_name (genkit_span_get_parent (ours)), ==, parent_name);
  g_assert_cmpuint (json_object_get_size (a), ==, json_object_get_size (b));

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *x = json_object_get_member (a, key);
      JsonNode *y = json_object_get_member (b, key);

      g_assert_nonnull (y);
      if (g_str_equal (key, "genkit:input") || g_str_equal (key, "genkit:output"))
        {
          g_autoptr(JsonNode) jx = test_json (json_node_get_string (x));
          g_autoptr(JsonNode) jy = test_json (json_node_get_string (y));

          ai_strip_latency (jx);
          ai_strip_latency (jy);
          ai_assert_json_equal (jx, jy);
        }
      else
        g_assert_true (json_node_equal (x, y));
    }
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (ours_json), "status"), "code"),
                   ==, 0);
}

static void
test_greet_spans (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(TestSpanRecorder) recorder = test_span_recorder_new (registry);
  g_autoptr(JsonNode) input = test_json ("{\"name\": \"Ada\"}");
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonObject) context = json_object_new ();
  g_auto(TestRun) run = { 0 };

  g_test_summary ("greet traces like the JavaScript app: the flow, its step, a generate util span and the "
                  "model span inside it, with the same attributes as the exported spans");

  genkit_run_options_set_context (options, context);
  test_run_action (genkit_registry_lookup_action (registry, "/flow/greet"), input, options, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (recorder->ended->len, ==, 4);

  assert_span_like (test_span_find (recorder, "build-prompt", 0),
                    "telemetry-export/simple/01-flow-greet-POST-traces.json", "greet");
  assert_span_like (test_span_find (recorder, "echo", 0),
                    "telemetry-export/simple/02-flow-greet-POST-traces.json", "generate");
  assert_span_like (test_span_find (recorder, "generate", 0),
                    "telemetry-export/simple/03-flow-greet-POST-traces.json", "greet");
  assert_span_like (test_span_find (recorder, "greet", 0),
                    "telemetry-export/simple/04-flow-greet-POST-traces.json", NULL);
}

/* A flow that generates with the options it is given. */
static void
generate_flow_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;

  response = genkit_generate_finish (GENKIT_REGISTRY (source), result, &error);
  if (response == NULL)
    genkit_action_run_return_error (run, error);
  else
    genkit_action_run_return_value (run, genkit_generate_response_to_json (response));
}

static void
generate_flow (GenkitActionRun *run,
               JsonNode        *input,
               gpointer         user_data)
{
  genkit_generate_async (NULL, run, user_data, NULL, generate_flow_done_cb, g_object_ref (run));
}

static void
assert_path (TestSpanRecorder *recorder,
             const char       *name,
             guint             nth,
             const char       *path)
{
  GenkitSpan *span = test_span_find (recorder, name, nth);

  g_assert_nonnull (span);
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:path"), ==, path);
}

static void
test_tool_loop_spans (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("1 + 2?");
  g_autoptr(GenkitFlow) flow = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TestRun) run = { 0 };
  GenkitSpan *first, *second;

  g_test_summary ("Each turn is a util span nested in the previous one; the model and tool spans sit "
                  "in their turn's span");

  genkit_generate_options_add_tool (options, "add");
  genkit_generate_options_set_step_name (options, "ask");
  flow = genkit_flow_new ("calc", generate_flow, genkit_generate_options_ref (options),
                          (GDestroyNotify) genkit_generate_options_unref);
  g_assert_true (genkit_registry_register_action (f->registry, GENKIT_ACTION (flow), &error));
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'add', ref: 'r', input: {a: 1, b: 2}}}]}, finishReason: 'stop'}");
  ai_push_text (f->pm, "'3'");
  test_run_action (GENKIT_ACTION (flow), NULL, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);

  assert_path (f->recorder, "pm", 0, "/{calc,t:flow}/{ask,t:util}/{pm,t:action,s:model}");
  assert_path (f->recorder, "add", 0, "/{calc,t:flow}/{ask,t:util}/{add,t:action,s:tool}");
  assert_path (f->recorder, "pm", 1, "/{calc,t:flow}/{ask,t:util}/{ask,t:util}/{pm,t:action,s:model}");
  first = test_span_find (f->recorder, "ask", 1);
  second = test_span_find (f->recorder, "ask", 0);
  g_assert_true (genkit_span_get_parent (second) == first);
  g_assert_cmpstr (genkit_span_get_name (genkit_span_get_parent (first)), ==, "calc");
  g_assert_cmpstr (genkit_span_get_string_attribute (first, "genkit:type"), ==, "util");
  g_assert_nonnull (genkit_span_get_string_attribute (first, "genkit:input"));
  g_assert_nonnull (genkit_span_get_string_attribute (second, "genkit:output"));
}

static void
test_util_generate_spans (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(TestSpanRecorder) recorder = test_span_recorder_new (registry);
  g_autoptr(JsonNode) exchange = ai_fixture ("reflection/25-run-util-generate-tool-loop.json");
  g_auto(TestRun) run = { 0 };
  GenkitSpan *root, *turn2;

  g_test_summary ("/util/generate runs its first turn in its own span; the next turn is a nested util span");

  test_run_action (genkit_registry_lookup_action (registry, "/util/generate"),
                   json_object_get_member (ai_member_object (exchange, "request.body"), "input"),
                   NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);

  root = test_span_find (recorder, "generate", 1);
  turn2 = test_span_find (recorder, "generate", 0);
  g_assert_null (genkit_span_get_parent (root));
  g_assert_cmpstr (genkit_span_get_string_attribute (root, "genkit:metadata:subtype"), ==, "util");
  g_assert_true (genkit_span_get_parent (turn2) == root);
  assert_path (recorder, "echo", 0, "/{generate,t:action}/{echo,t:action,s:model}");
  assert_path (recorder, "add", 0, "/{generate,t:action}/{add,t:action,s:tool}");
  assert_path (recorder, "echo", 1, "/{generate,t:action}/{generate,t:util}/{echo,t:action,s:model}");
}

/* Streaming, docs, models --------------------------------------------------------------------- */

static void
test_streaming_indices (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Add please");
  g_autoptr(JsonNode) first_chunk = test_json ("{\"content\": [{\"text\": \"Let me add. \"}]}");
  g_autoptr(GenkitGenerateResponseChunk) chunk0 = genkit_generate_response_chunk_new_from_json (first_chunk, NULL);
  g_autoptr(GenkitGenerateResponseChunk) chunk1 = genkit_generate_response_chunk_new_text ("It is ");
  g_autoptr(GenkitGenerateResponseChunk) chunk2 = genkit_generate_response_chunk_new_text ("3.");
  g_auto(AiGenerate) run = { 0 };
  static const struct { const char *role; int index; const char *text; const char *accumulated; } expected[] = {
    { "model", 0, "Let me add. ", "Let me add. " },
    { "tool", 1, "", "Let me add. " },
    { "model", 2, "It is ", "It is " },
    { "model", 2, "3.", "It is 3." },
  };

  g_test_summary ("Chunks carry the role and the index of their message: model 0, tool 1, model 2");

  genkit_generate_options_add_tool (options, "add");
  ai_push (f->pm, "{message: {role: 'model', content: [{text: 'Let me add. '},"
                  " {toolRequest: {name: 'add', ref: 'r', input: {a: 1, b: 2}}}]}, finishReason: 'stop'}");
  genkit_programmable_model_add_chunk (f->pm, chunk0);
  ai_push_text (f->pm, "'It is 3.'");
  genkit_programmable_model_add_chunk (f->pm, chunk1);
  genkit_programmable_model_add_chunk (f->pm, chunk2);
  ai_generate (f->registry, options, TRUE, &run);
  g_assert_no_error (run.error);

  g_assert_cmpuint (run.chunks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < run.chunks->len; i++)
    {
      GenkitGenerateResponseChunk *chunk = g_ptr_array_index (run.chunks, i);
      g_autofree char *text = genkit_generate_response_chunk_get_text (chunk);
      g_autofree char *accumulated = genkit_generate_response_chunk_get_accumulated_text (chunk);
      GenkitRole role;

      g_assert_true (genkit_generate_response_chunk_get_role (chunk, &role));
      g_assert_cmpstr (genkit_role_to_string (role), ==, expected[i].role);
      g_assert_cmpint (genkit_generate_response_chunk_get_index (chunk), ==, expected[i].index);
      g_assert_cmpstr (text, ==, expected[i].text);
      g_assert_cmpstr (accumulated, ==, expected[i].accumulated);
    }
  {
    g_autoptr(JsonNode) tool_chunk = genkit_generate_response_chunk_to_json (g_ptr_array_index (run.chunks, 1));

    ai_assert_json (tool_chunk, "{role: 'tool', index: 1, content: [{toolResponse: {name: 'add', ref: 'r', output: 3}}]}");
  }
}

static void
test_docs_context (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("Where is Paris?");
  g_autoptr(JsonNode) meta = test_json ("{\"ref\": \"atlas\"}");
  g_autoptr(GenkitDocument) doc1 = genkit_document_new_from_text ("Paris is in France.", json_node_get_object (meta));
  g_autoptr(GenkitDocument) doc2 = genkit_document_new_from_text ("Lyon too.", NULL);
  g_autoptr(JsonNode) native_options = test_json ("{\"supports\": {\"context\": true}}");
  g_autoptr(GError) error = NULL;
  GenkitProgrammableModel *native;
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("docs reach the model; a model without native context gets them rendered into the "
                  "last user message by augmentWithContext");

  genkit_generate_options_add_doc (options, doc1);
  genkit_generate_options_add_doc (options, doc2);
  ai_push_text (f->pm, "'France.'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Where is Paris?'},"
                     "  {text: '\\n\\nUse the following information to complete your task:\\n\\n"
                     "- [atlas]: Paris is in France.\\n- [1]: Lyon too.\\n\\n', metadata: {purpose: 'context'}}]}],"
                     " config: {}, docs: [{content: [{text: 'Paris is in France.'}], metadata: {ref: 'atlas'}},"
                     "                    {content: [{text: 'Lyon too.'}]}],"
                     " tools: [], output: {}}");

  native = genkit_define_programmable_model (f->registry, "native", json_node_get_object (native_options), &error);
  g_assert_no_error (error);
  genkit_generate_options_set_model (options, "native");
  ai_push_text (native, "'France.'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (native, 0,
                     "{messages: [{role: 'user', content: [{text: 'Where is Paris?'}]}],"
                     " config: {}, docs: [{content: [{text: 'Paris is in France.'}], metadata: {ref: 'atlas'}},"
                     "                    {content: [{text: 'Lyon too.'}]}],"
                     " tools: [], output: {}}");
}

static void
test_model_resolution (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) no_model = genkit_generate_options_new ();
  g_autoptr(GenkitGenerateOptions) unknown = options_for ("hi");
  g_autoptr(GenkitGenerateOptions) by_key = options_for ("hi");
  g_autoptr(GenkitGenerateOptions) empty = genkit_generate_options_new ();
  g_autoptr(JsonNode) default_model = test_json ("\"pm\"");
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("The model is found by name, by key or as the registry's default model");

  genkit_generate_options_set_prompt (no_model, "hi");
  ai_generate (f->registry, no_model, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Must supply a `model` to `generate()` calls.");

  genkit_registry_register_value (f->registry, "defaultModel", "defaultModel", default_model);
  ai_push_text (f->pm, "'default'");
  ai_generate (f->registry, no_model, FALSE, &run);
  g_assert_no_error (run.error);

  genkit_generate_options_set_model (unknown, "nope");
  ai_generate (f->registry, unknown, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (run.error->message, ==, "Model 'nope' not found");

  genkit_generate_options_set_model (by_key, "/model/pm");
  ai_push_text (f->pm, "'by key'");
  ai_generate (f->registry, by_key, FALSE, &run);
  g_assert_no_error (run.error);

  ai_generate (f->registry, empty, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "at least one message is required in generate request");
}

static void
test_bad_responses (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("anything");
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("A blocked generation or a response without a message is FAILED_PRECONDITION");

  ai_push (f->pm, "{finishReason: 'blocked', finishMessage: 'unsafe'}");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_cmpstr (run.error->message, ==, "Generation blocked: unsafe");

  ai_push (f->pm, "{finishReason: 'other'}");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_cmpstr (run.error->message, ==, "Model did not generate a message. Finish reason: 'other': undefined");

  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, "down"));
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
}

static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("slow");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AiGenerate run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("Cancelling a generate stops the model call at once with CANCELLED");

  ai_push_text (f->pm, "'late'");
  genkit_programmable_model_set_delay (f->pm, 10000);
  g_timeout_add_once (20, cancel_cb, cancellable);
  genkit_generate_async (f->registry, NULL, options, cancellable, ai_generate_done_cb, &run);
  test_wait_until (&run.done);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ai_generate_clear (&run);
}

static void
test_util_use_by_name (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) input = ai_json5 ("{model: 'pm', messages: [{role: 'system', content: [{text: 'Be brief.'}]},"
                                        "  {role: 'user', content: [{text: 'hi'}]}],"
                                        " use: [{name: 'simulateSystemPrompt', config: {acknowledgement: 'OK.'}}]}");
  g_autoptr(JsonNode) missing = ai_json5 ("{model: 'pm', messages: [{role: 'user', content: [{text: 'hi'}]}],"
                                          " use: [{name: 'nope'}]}");
  g_auto(TestRun) run = { 0 };

  g_test_summary ("/util/generate instantiates `use` middleware registered by name with their config");

  test_run_key (f->registry, "/util/generate", missing, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (run.error->message, ==, "Middleware 'nope' not found");

  genkit_register_builtin_model_middleware (f->registry);
  ai_push_text (f->pm, "'hello'");
  test_run_key (f->registry, "/util/generate", input, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'SYSTEM INSTRUCTIONS:\\n'}, {text: 'Be brief.'}]},"
                     "  {role: 'model', content: [{text: 'OK.'}]}, {role: 'user', content: [{text: 'hi'}]}],"
                     " tools: [], output: {}}");
}

static void
context_tool (GenkitActionRun *run,
              JsonNode        *input,
              gpointer         user_data)
{
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), genkit_action_run_get_context (run)));
}

static void
test_context_and_names (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("who?");
  g_autoptr(GenkitGenerateOptions) duplicate = options_for ("two adds");
  g_autoptr(JsonNode) context = test_json ("{\"auth\": {\"uid\": \"ada\"}}");
  g_autoptr(GError) error = NULL;
  g_auto(AiGenerate) run = { 0 };
  g_autoptr(JsonNode) second = NULL;
  JsonArray *messages;

  g_test_summary ("Tools see the generate context; namespaced tools are offered by their short name, "
                  "and two tools with one short name are refused");

  g_assert_nonnull (genkit_define_tool (f->registry, "acme/whoami", "Says who calls", NULL, NULL, context_tool,
                                        NULL, NULL, &error));
  g_assert_no_error (error);
  genkit_generate_options_add_tool (options, "acme/whoami");
  genkit_generate_options_set_context (options, json_node_get_object (context));
  ai_push (f->pm, "{message: {role: 'model', content: [{toolRequest: {name: 'whoami'}}]}, finishReason: 'stop'}");
  ai_push_text (f->pm, "'ada'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  second = ai_request_json (f->pm, 1);
  messages = json_object_get_array_member (json_node_get_object (second), "messages");
  ai_assert_json (json_array_get_element (messages, 2),
                  "{role: 'tool', content: [{toolResponse: {name: 'whoami', output: {auth: {uid: 'ada'}}}}]}");
  ai_assert_json (json_array_get_element (json_object_get_array_member (json_node_get_object (second), "tools"), 0),
                  "{name: 'whoami', description: 'Says who calls',"
                  " outputSchema: {'$schema': 'http://json-schema.org/draft-07/schema#'},"
                  " inputSchema: {'$schema': 'http://json-schema.org/draft-07/schema#'},"
                  " key: '/tool/acme/whoami', metadata: {originalName: 'acme/whoami'}}");

  g_assert_nonnull (genkit_define_tool (f->registry, "acme/add", "Another add", NULL, NULL, add_tool,
                                        NULL, NULL, &error));
  genkit_generate_options_add_tool (duplicate, "add");
  genkit_generate_options_add_tool (duplicate, "acme/add");
  ai_generate (f->registry, duplicate, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Cannot provide two tools with the same name: 'acme/add' and 'add'");
}

static void
resource_action (GenkitActionRun *run,
                 JsonNode        *input,
                 gpointer         user_data)
{
  const char *uri = json_object_get_string_member (json_node_get_object (input), "uri");
  g_autofree char *json = g_strdup_printf ("{\"content\": [{\"text\": \"contents of %s\"}]}", uri);

  genkit_action_run_return_value (run, test_json (json));
}

static void
test_resources (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GenkitAction) notes = genkit_action_new (GENKIT_ACTION_TYPE_RESOURCE, "notes", resource_action, NULL, NULL);
  g_autoptr(GenkitGenerateOptions) options = options_for ("Summarize:");
  g_autoptr(GenkitGenerateOptions) unmatched = options_for ("Summarize:");
  g_autoptr(JsonNode) metadata = test_json ("{\"resource\": {\"template\": \"notes://{id}\"}, \"type\": \"resource\"}");
  g_autoptr(GenkitPart) part = genkit_part_new_resource ("notes://42");
  g_autoptr(GenkitPart) other = genkit_part_new_resource ("files://x");
  g_autoptr(GError) error = NULL;
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("Resource parts are replaced by what the matching resource action returns");

  genkit_action_set_metadata (notes, json_node_get_object (metadata));
  g_assert_true (genkit_registry_register_action (f->registry, notes, &error));
  genkit_generate_options_add_prompt_part (options, part);
  genkit_generate_options_add_resource (options, "notes");
  ai_push_text (f->pm, "'ok'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 0, "{messages: [{role: 'user', content: [{text: 'Summarize:'}, {text: 'contents of notes://42'}]}],"
                               " config: {}, tools: [], output: {}}");

  genkit_generate_options_add_prompt_part (unmatched, other);
  genkit_generate_options_add_resource (unmatched, "notes");
  ai_generate (f->registry, unmatched, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (run.error->message, ==, "failed to find matching resource for files://x");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/generate/tools/single", test_single_tool);
  ADD ("/generate/tools/parallel", test_parallel_tools);
  ADD ("/generate/tools/multipart", test_multipart_tool);
  ADD ("/generate/tools/interrupt-respond", test_interrupt_respond);
  ADD ("/generate/tools/interrupt-restart", test_interrupt_restart);
  ADD ("/generate/tools/max-turns", test_max_turns);
  ADD ("/generate/tools/tool-throws", test_tool_throws);
  ADD ("/generate/tools/resume-errors", test_resume_errors);
  ADD ("/generate/spans/tool-loop", test_tool_loop_spans);
  ADD ("/generate/streaming/indices", test_streaming_indices);
  ADD ("/generate/docs-context", test_docs_context);
  ADD ("/generate/model-resolution", test_model_resolution);
  ADD ("/generate/bad-responses", test_bad_responses);
  ADD ("/generate/cancel", test_cancel);
  ADD ("/generate/util/use-by-name", test_util_use_by_name);
  ADD ("/generate/context-and-names", test_context_and_names);
  ADD ("/generate/resources", test_resources);
#undef ADD
  g_test_add_func ("/generate/fixture-replay", test_fixture_replay);
  g_test_add_func ("/generate/spans/greet", test_greet_spans);
  g_test_add_func ("/generate/spans/util-generate", test_util_generate_spans);

  return g_test_run ();
}
