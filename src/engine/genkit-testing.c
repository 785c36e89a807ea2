/* genkit-testing.c — models and embedders for tests and for trying things without a key
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-json.h"
#include "genkit-testing.h"

/* The echo model and the fake embedder of the JavaScript reference app
 * (`shared/fixtures/genkit-js/app/app.mjs`), so the two runtimes answer the same requests the
 * same way and the studio can be tried with no provider key. */

/* JavaScript string lengths count UTF-16 code units. */
static glong
js_length (const char *text)
{
  glong n = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    n += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
  return n;
}

static char *
last_user_text (JsonArray *messages)
{
  for (gint i = (gint) json_array_get_length (messages) - 1; i >= 0; i--)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_strcmp0 (_gk_object_get_string (message, "role"), "user") == 0)
        return _gk_parts_text (_gk_object_get_array (message, "content"), "text");
    }
  return g_strdup ("");
}

static void
send_text_chunk (GenkitModelChunkFunc  send_chunk,
                 GenkitModelCall      *call,
                 JsonObject           *part)
{
  g_autoptr(GenkitGenerateResponseChunk) chunk = NULL;
  JsonObject *object;
  JsonArray *content;

  if (send_chunk == NULL)
    return;
  chunk = genkit_generate_response_chunk_new ();
  object = genkit_generate_response_chunk_get_json_object (chunk);
  json_object_remove_member (object, "content");
  json_object_set_int_member (object, "index", 0);
  json_object_set_string_member (object, "role", "model");
  content = json_array_new ();
  json_array_add_object_element (content, json_object_ref (part));
  json_object_set_array_member (object, "content", content);
  send_chunk (call, chunk);
}

static JsonObject *
text_object (const char *text)
{
  JsonObject *part = json_object_new ();

  json_object_set_string_member (part, "text", text);
  return part;
}

static void
answer (GenkitModelCall *call,
        JsonObject      *part,
        gboolean         with_usage,
        glong            input_characters,
        glong            output_characters)
{
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
  JsonObject *object = genkit_generate_response_get_json_object (response);
  JsonObject *message = json_object_new ();
  JsonArray *content = json_array_new ();

  json_object_set_string_member (message, "role", "model");
  json_array_add_object_element (content, json_object_ref (part));
  json_object_set_array_member (message, "content", content);
  json_object_set_object_member (object, "message", message);
  json_object_set_string_member (object, "finishReason", "stop");
  if (with_usage)
    {
      JsonObject *usage = json_object_new ();

      json_object_set_int_member (usage, "inputCharacters", input_characters);
      json_object_set_int_member (usage, "outputCharacters", output_characters);
      json_object_set_object_member (object, "usage", usage);
    }
  genkit_model_call_return_response (call, response);
}

static void
echo_model (GenkitGenerateRequest *request,
            GenkitModelChunkFunc   send_chunk,
            GenkitModelCall       *call,
            gpointer               user_data)
{
  JsonObject *object = genkit_generate_request_get_json_object (request);
  JsonArray *messages = _gk_object_get_array (object, "messages");
  guint n = json_array_get_length (messages);
  JsonObject *last = n > 0 ? json_array_get_object_element (messages, n - 1) : NULL;
  g_autofree char *user_text = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GRegex) tool_regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  JsonArray *tools = _gk_object_get_array (object, "tools");
  const char *prefix = _gk_object_get_string (_gk_object_get_object (object, "config"), "prefix");
  const char *format = _gk_object_get_string (_gk_object_get_object (object, "output"), "format");

  /* Tool loop: answer with the tool's output once it is in the history. */
  if (last != NULL && g_strcmp0 (_gk_object_get_string (last, "role"), "tool") == 0)
    {
      JsonArray *content = _gk_object_get_array (last, "content");
      JsonObject *response = NULL;
      g_autofree char *output = NULL;
      g_autoptr(JsonObject) part = NULL;

      for (guint i = 0; content != NULL && i < json_array_get_length (content) && response == NULL; i++)
        response = _gk_object_get_object (json_array_get_object_element (content, i), "toolResponse");
      output = response && json_object_has_member (response, "output")
               ? _gk_json_stringify (json_object_get_member (response, "output"))
               : g_strdup ("undefined");
      text = g_strdup_printf ("tool %s said: %s", response ? _gk_object_get_string (response, "name") : "undefined",
                              output);
      part = text_object (text);
      send_text_chunk (send_chunk, call, part);
      answer (call, part, TRUE, 0, js_length (text));
      return;
    }

  user_text = last_user_text (messages);

  /* "/tool NAME {json}" asks for that tool when the request offers it. */
  tool_regex = g_regex_new ("^/tool\\s+(\\S+)\\s*(.*)$", G_REGEX_DOTALL, G_REGEX_MATCH_DEFAULT, NULL);
  if (g_regex_match (tool_regex, user_text, G_REGEX_MATCH_DEFAULT, &match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *arguments = g_match_info_fetch (match, 2);
      gboolean offered = FALSE;

      for (guint i = 0; tools != NULL && i < json_array_get_length (tools); i++)
        offered |= g_strcmp0 (_gk_object_get_string (json_array_get_object_element (tools, i), "name"), name) == 0;
      if (offered)
        {
          g_autoptr(JsonNode) input = NULL;
          g_autoptr(JsonObject) part = json_object_new ();
          JsonObject *tool_request = json_object_new ();

          if (*arguments == '\0')
            input = _gk_node_take_object (json_object_new ());
          else if ((input = genkit_json_parse (arguments, -1, NULL)) == NULL)
            {
              JsonObject *raw = json_object_new ();

              json_object_set_string_member (raw, "raw", arguments);
              input = _gk_node_take_object (raw);
            }
          json_object_set_string_member (tool_request, "name", name);
          json_object_set_string_member (tool_request, "ref", "call-1");
          json_object_set_member (tool_request, "input", g_steal_pointer (&input));
          json_object_set_object_member (part, "toolRequest", tool_request);
          send_text_chunk (send_chunk, call, part);
          answer (call, part, FALSE, 0, 0);
          return;
        }
    }

  text = g_strconcat (prefix && *prefix ? prefix : "", user_text, NULL);
  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonObject) echo = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (echo, "echo", text);
      node = json_node_init_object (json_node_alloc (), echo);
      g_free (text);
      text = _gk_json_stringify (node);
    }

  if (send_chunk != NULL)
    {
      /* One chunk per word with the white space after it (`text.split(/(?<=\s)/)`: a cut after
       * each white space character that is not the last character). */
      const char *start = text;
      const char *p = text;

      while (*p != '\0')
        {
          gunichar c = g_utf8_get_char (p);

          p = g_utf8_next_char (p);
          if (g_unichar_isspace (c) && *p != '\0')
            {
              g_autofree char *word = g_strndup (start, p - start);
              g_autoptr(JsonObject) part = text_object (word);

              send_text_chunk (send_chunk, call, part);
              start = p;
            }
        }
      {
        g_autoptr(JsonObject) part = text_object (start);

        send_text_chunk (send_chunk, call, part);
      }
    }

  {
    g_autoptr(JsonObject) part = text_object (text);

    answer (call, part, TRUE, js_length (user_text), js_length (text));
  }
}

/**
 * genkit_define_echo_model:
 * @registry: the registry
 * @error: return location for an error: `ALREADY_EXISTS` when `/model/echo` is taken
 *
 * Defines `/model/echo`, the JavaScript reference app's test model (label "Echo (test
 * model)", version `echo-1`, supports multiturn, tools, system role and `text`/`json` output,
 * config `prefix` and `temperature`). It answers the text of the last user message, after
 * `config.prefix`, as `{"echo": text}` JSON when `output.format` is `json`, streaming one
 * chunk per word. A last user message `/tool NAME {json}` asks for that tool (when offered)
 * with ref `call-1`; once a tool response is in the history it answers
 * `tool NAME said: <output JSON>`. Usage counts characters as JavaScript does.
 *
 * Returns: (transfer none) (nullable): the model, owned by the registry, or %NULL with @error
 */
GenkitModel *
genkit_define_echo_model (GenkitRegistry  *registry,
                          GError         **error)
{
  g_autoptr(JsonNode) options = _gk_parse_literal (
    "{\"label\":\"Echo (test model)\","
    "\"versions\":[\"echo-1\"],"
    "\"supports\":{\"multiturn\":true,\"tools\":true,\"systemRole\":true,\"media\":false,"
    "\"output\":[\"text\",\"json\"]},"
    "\"configSchema\":{\"type\":\"object\",\"properties\":{\"prefix\":{\"type\":\"string\","
    "\"description\":\"text put before the echo\"},\"temperature\":{\"type\":\"number\"}},"
    "\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}}");

  return genkit_define_streaming_model (registry, "echo", json_node_get_object (options), echo_model,
                                        NULL, NULL, error);
}

/* Genkit's testing echoModel (`js/ai/tests/helpers.ts` defineEchoModel) ------------------------ */

static void
countdown_echo_model (GenkitGenerateRequest *request,
                      GenkitModelChunkFunc   send_chunk,
                      GenkitModelCall       *call,
                      gpointer               user_data)
{
  JsonObject *object = genkit_generate_request_get_json_object (request);
  JsonArray *messages = _gk_object_get_array (object, "messages");
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
  JsonObject *response_object = genkit_generate_response_get_json_object (response);
  JsonObject *message = json_object_new ();
  JsonArray *content = json_array_new ();
  g_autoptr(GString) echo = g_string_new ("Echo: ");
  g_autofree char *config = NULL;
  g_autofree char *config_text = NULL;

  if (send_chunk != NULL)
    {
      static const char *const countdown[] = { "3", "2", "1" };

      for (guint i = 0; i < G_N_ELEMENTS (countdown); i++)
        {
          g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new ();
          JsonArray *chunk_content = json_array_new ();

          json_array_add_object_element (chunk_content, text_object (countdown[i]));
          json_object_set_array_member (genkit_generate_response_chunk_get_json_object (chunk), "content",
                                        chunk_content);
          send_chunk (call, chunk);
        }
    }

  /* messages.map(m => (user or model ? '' : `${role}: `) + m.content.map(c => c.text).join()).join() */
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      const char *role = _gk_object_get_string (m, "role");
      JsonArray *parts = _gk_object_get_array (m, "content");

      if (i > 0)
        g_string_append_c (echo, ',');
      if (g_strcmp0 (role, "user") != 0 && g_strcmp0 (role, "model") != 0)
        g_string_append_printf (echo, "%s: ", role ? role : "undefined");
      for (guint j = 0; parts != NULL && j < json_array_get_length (parts); j++)
        {
          const char *text = _gk_object_get_string (json_array_get_object_element (parts, j), "text");

          if (j > 0)
            g_string_append_c (echo, ',');
          if (text != NULL)
            g_string_append (echo, text);
        }
    }

  config = json_object_has_member (object, "config")
           ? _gk_json_stringify (json_object_get_member (object, "config"))
           : g_strdup ("undefined");
  config_text = g_strconcat ("; config: ", config, NULL);
  json_array_add_object_element (content, text_object (echo->str));
  json_array_add_object_element (content, text_object (config_text));
  json_object_set_string_member (message, "role", "model");
  json_object_set_array_member (message, "content", content);
  json_object_set_object_member (response_object, "message", message);
  json_object_set_string_member (response_object, "finishReason", "stop");
  genkit_model_call_return_response (call, response);
}

/**
 * genkit_define_test_echo_model:
 * @registry: the registry
 * @name: (nullable): the model's name; %NULL for `echoModel`, Genkit's
 * @error: return location for an error: `ALREADY_EXISTS` when the key is taken
 *
 * Defines the echo model of Genkit's own tests (`defineEchoModel` of
 * `js/ai/tests/helpers.ts`), with no model info. When streamed it first sends three chunks
 * whose content is `[{"text": "3"}]`, `"2"` and `"1"` (a countdown). It answers two text
 * parts: `Echo: ` followed by, for each message joined with `,`, the role and `: ` for roles
 * other than `user` and `model`, then the text of its parts joined with `,`; and
 * `; config: <request.config as JSON>` (`undefined` without config). Finish reason `stop`, no
 * usage.
 *
 * For example the single user message `hi` with config `{"temperature": 1}` gives
 * `Echo: hi` and `; config: {"temperature":1}`.
 *
 * Returns: (transfer none) (nullable): the model, owned by the registry, or %NULL with @error
 */
GenkitModel *
genkit_define_test_echo_model (GenkitRegistry  *registry,
                               const char      *name,
                               GError         **error)
{
  return genkit_define_streaming_model (registry, name ? name : "echoModel", NULL, countdown_echo_model,
                                        NULL, NULL, error);
}

/**
 * genkit_test_embedding:
 * @text: the text to embed
 *
 * Computes the reference app's fake embedding: 8 dimensions, dimension `i mod 8` summing the
 * UTF-16 code units of the text divided by 1000, normalized to length 1 and rounded to six
 * decimals. Deterministic, so tests can assert exact vectors and similarities.
 *
 * Returns: (transfer full) (element-type gdouble): the 8 values
 */
GArray *
genkit_test_embedding (const char *text)
{
  GArray *vector = g_array_sized_new (FALSE, TRUE, sizeof (double), 8);
  double values[8] = { 0 };
  double norm = 0;
  glong n_units = 0;
  g_autofree gunichar2 *units = NULL;

  g_return_val_if_fail (text != NULL, vector);

  units = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  for (glong i = 0; units != NULL && i < n_units; i++)
    values[i % 8] += units[i] / 1000.0;
  for (guint i = 0; i < 8; i++)
    norm += values[i] * values[i];
  norm = sqrt (norm);
  if (norm == 0)
    norm = 1;
  for (guint i = 0; i < 8; i++)
    {
      double value = floor (values[i] / norm * 1e6 + 0.5) / 1e6;

      g_array_append_val (vector, value);
    }
  return vector;
}

static void
test_embedder (GenkitActionRun *run,
               GPtrArray       *documents,
               JsonNode        *options,
               gpointer         user_data)
{
  g_autoptr(GPtrArray) vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *text = genkit_document_get_text (g_ptr_array_index (documents, i));

      g_ptr_array_add (vectors, genkit_test_embedding (text));
    }
  genkit_embedder_return_vectors (run, vectors);
}

/**
 * genkit_define_test_embedder:
 * @registry: the registry
 * @name: (nullable): the embedder's name; %NULL for `fakeEmbedder`, the reference app's
 * @error: return location for an error: `ALREADY_EXISTS` when the key is taken
 *
 * Defines a deterministic embedder: each document's text embedded with
 * [func@Genkit.test_embedding] (info: label "Fake deterministic embedder", 8 dimensions,
 * text input).
 *
 * Returns: (transfer none) (nullable): the embedder, owned by the registry, or %NULL with
 *   @error set
 */
GenkitEmbedder *
genkit_define_test_embedder (GenkitRegistry  *registry,
                             const char      *name,
                             GError         **error)
{
  g_autoptr(JsonNode) info = _gk_parse_literal ("{\"label\":\"Fake deterministic embedder\","
                                                "\"dimensions\":8,\"supports\":{\"input\":[\"text\"]}}");

  return genkit_define_embedder (registry, name ? name : "fakeEmbedder", json_node_get_object (info), NULL,
                                 test_embedder, NULL, NULL, error);
}
