/* test-legacy-chat.c — the older Session/Chat API: threads, send, sendStream, persistence
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gstdio.h>
#include <genkit.h>

#include "session-test-util.h"

typedef struct
{
  GenkitRegistry            *registry;
  GenkitMemorySpanProcessor *spans;
  GenkitProgrammableModel   *pm;
  GenkitSessionStore        *store;
  char                      *dir;
} Fixture;

/* Answers "<n> messages: <last text>", streaming it in two chunks. */
static void
count_model (GenkitModelCall       *call,
             GenkitGenerateRequest *request,
             gpointer               user_data)
{
  guint n = genkit_generate_request_get_n_messages (request);
  g_autoptr(GenkitMessage) last = genkit_generate_request_get_message (request, n - 1);
  g_autofree char *said = genkit_message_get_text (last);
  g_autofree char *text = g_strdup_printf ("%u messages: %s", n, said);
  g_autoptr(GenkitGenerateResponseChunk) a = genkit_generate_response_chunk_new_text ("part one, ");
  g_autoptr(GenkitGenerateResponseChunk) b = genkit_generate_response_chunk_new_text ("part two");
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
  g_autoptr(GenkitMessage) reply = genkit_message_new_text (GENKIT_ROLE_MODEL, text);

  genkit_model_call_send_chunk (call, a);
  genkit_model_call_send_chunk (call, b);
  genkit_generate_response_set_message (response, reply);
  genkit_generate_response_set_finish_reason (response, GENKIT_FINISH_REASON_STOP);
  genkit_model_call_return_response (call, response);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) options = st_json ("{'supports': {'multiturn': true, 'systemRole': true}}");
  g_autofree char *path = NULL;

  f->registry = genkit_registry_new ();
  f->spans = genkit_memory_span_processor_new ();
  genkit_tracer_add_processor (genkit_registry_get_tracer (f->registry), GENKIT_SPAN_PROCESSOR (f->spans));
  f->pm = genkit_define_programmable_model (f->registry, "pm", json_node_get_object (options), &error);
  g_assert_no_error (error);
  genkit_programmable_model_set_handler (f->pm, count_model, NULL, NULL);
  f->dir = g_dir_make_tmp ("genkit-legacy-XXXXXX", NULL);
  path = g_build_filename (f->dir, "sessions.db", NULL);
  f->store = GENKIT_SESSION_STORE (genkit_sqlite_session_store_new (path, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "sessions.db", NULL);
  g_autofree char *wal = g_build_filename (f->dir, "sessions.db-wal", NULL);
  g_autofree char *shm = g_build_filename (f->dir, "sessions.db-shm", NULL);

  g_clear_object (&f->store);
  g_clear_object (&f->spans);
  g_clear_object (&f->registry);
  g_remove (db);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GenkitGenerateResponse *
send (GenkitChat *chat,
      const char *text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GenkitGenerateResponse *response;

  genkit_chat_send_async (chat, text, NULL, st_result_cb, &result);
  response = genkit_chat_send_finish (chat, st_wait (&result), &error);
  g_assert_no_error (error);
  return response;
}

static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GenkitSession) session = genkit_session_new (f->registry, f->store, "legacy-1", NULL);
  g_autoptr(JsonNode) options = st_json ("{'model': 'pm', 'system': 'Be brief.'}");
  g_autoptr(GenkitChat) chat = NULL;
  g_autoptr(GenkitGenerateResponse) first = NULL;
  g_autoptr(GenkitGenerateResponse) second = NULL;
  g_autoptr(GenkitSessionSnapshot) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) messages = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(JsonNode) session_json = NULL;

  g_test_summary ("chat.send keeps the thread's history (the system preamble first), saves the "
                  "session through the store after every send, and traces a send helper span");

  chat = genkit_session_chat (session, NULL, json_node_get_object (options), &error);
  g_assert_no_error (error);
  first = send (chat, "hi, my name is Genkit");
  text = genkit_generate_response_get_text (first);
  g_assert_cmpstr (text, ==, "2 messages: hi, my name is Genkit");
  second = send (chat, "what is my name?");
  g_clear_pointer (&text, g_free);
  text = genkit_generate_response_get_text (second);
  g_assert_cmpstr (text, ==, "4 messages: what is my name?");

  messages = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (messages, genkit_chat_get_messages (chat));
  st_assert_subset (messages,
                    "[{'role': 'system', 'content': [{'text': 'Be brief.'}], 'metadata': {'preamble': true}},"
                    " {'role': 'user', 'content': [{'text': 'hi, my name is Genkit'}]},"
                    " {'role': 'model', 'content': [{'text': '2 messages: hi, my name is Genkit'}]},"
                    " {'role': 'user', 'content': [{'text': 'what is my name?'}]},"
                    " {'role': 'model', 'content': [{'text': '4 messages: what is my name?'}]}]");

  /* Saved as the session's latest snapshot, the whole SessionData in its state. */
  saved = st_get_snapshot (f->store, NULL, "legacy-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpint (genkit_session_snapshot_get_status (saved), ==, GENKIT_SNAPSHOT_STATUS_COMPLETED);
  g_assert_nonnull (genkit_session_snapshot_get_parent_id (saved));
  g_assert_cmpuint (json_array_get_length (genkit_session_snapshot_get_messages (saved)), ==, 5);
  session_json = genkit_session_to_json (session);
  st_assert_subset (session_json, "{'id': 'legacy-1', 'threads': {'main': [{}, {}, {}, {}, {}]}}");

  /* The send spans carry the session and the thread (Genkit 1.33's helper span). */
  spans = genkit_memory_span_processor_get_spans (f->spans, NULL);
  {
    guint sends = 0;

    for (guint i = 0; i < spans->len; i++)
      {
        GenkitSpan *span = spans->pdata[i];

        if (g_str_equal (genkit_span_get_name (span), "send"))
          {
            sends++;
            g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:type"), ==, "helper");
            g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:sessionId"), ==, "legacy-1");
            g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:threadName"), ==, "main");
            g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:state"), ==, "success");
          }
        if (g_str_equal (genkit_span_get_name (span), "generate"))
          g_assert_nonnull (genkit_span_get_parent_span_id (span));
      }
    g_assert_cmpuint (sends, ==, 2);
  }
}

static void
chunk_cb (GenkitGenerateResponseChunk *chunk,
          gpointer                     user_data)
{
  GString *text = user_data;
  g_autofree char *piece = genkit_generate_response_chunk_get_text (chunk);

  g_string_append (text, piece);
}

static void
test_threads_and_reload (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) state = st_json ("{'user': 'ada'}");
  g_autoptr(JsonNode) new_state = st_json ("{'user': 'ada', 'mood': 'curious'}");
  g_autoptr(GenkitSession) session = genkit_session_new (f->registry, f->store, NULL, state);
  g_autoptr(JsonNode) options = st_json ("{'model': 'pm'}");
  g_autoptr(GenkitChat) main_chat = NULL;
  g_autoptr(GenkitChat) side_chat = NULL;
  g_autoptr(GenkitChat) reopened = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GenkitSession) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) stream_result = NULL;
  g_autoptr(GAsyncResult) state_result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autoptr(GenkitSession) missing = NULL;
  g_autoptr(GString) streamed = g_string_new (NULL);
  g_autoptr(JsonNode) stream_options = st_json ("{'prompt': [{'text': 'streamed'}], 'config': {'temperature': 0}}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) threads = NULL;

  g_test_summary ("Named threads keep their own histories; sendStream streams; a session loads "
                  "back from the store with its state and every thread");

  main_chat = genkit_session_chat (session, NULL, json_node_get_object (options), &error);
  side_chat = genkit_session_chat (session, "side", json_node_get_object (options), &error);
  g_assert_no_error (error);
  g_clear_pointer (&response, genkit_generate_response_unref);
  response = send (main_chat, "main one");
  g_clear_pointer (&response, genkit_generate_response_unref);
  response = send (side_chat, "side one");

  genkit_chat_send_stream_async (side_chat, json_node_get_object (stream_options), chunk_cb,
                                 streamed, NULL, NULL, st_result_cb, &stream_result);
  g_clear_pointer (&response, genkit_generate_response_unref);
  response = genkit_chat_send_finish (side_chat, st_wait (&stream_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (streamed->str, ==, "part one, part two");
  g_assert_cmpuint (json_array_get_length (genkit_session_get_thread (session, "side")), ==, 4);
  g_assert_cmpuint (json_array_get_length (genkit_session_get_thread (session, NULL)), ==, 2);
  {
    g_autoptr(JsonNode) request = genkit_generate_request_to_json (genkit_programmable_model_get_last_request (f->pm));

    st_assert_subset (request, "{'config': {'temperature': 0}}");
  }

  genkit_session_update_state_async (session, new_state, NULL, st_result_cb, &state_result);
  g_assert_true (genkit_session_update_state_finish (session, st_wait (&state_result), &error));

  genkit_session_load_async (f->registry, f->store, genkit_session_get_id (session), NULL,
                             st_result_cb, &result);
  loaded = genkit_session_load_finish (st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_get_id (loaded), ==, genkit_session_get_id (session));
  g_assert_true (genkit_json_equal (genkit_session_get_state (loaded), new_state));
  threads = genkit_session_dup_thread_names (loaded);
  g_assert_cmpuint (g_strv_length (threads), ==, 2);
  g_assert_cmpuint (json_array_get_length (genkit_session_get_thread (loaded, "side")), ==, 4);

  /* A chat reopened on the loaded session continues the thread. */
  reopened = genkit_session_chat (loaded, "side", json_node_get_object (options), &error);
  g_clear_pointer (&response, genkit_generate_response_unref);
  response = send (reopened, "side again");
  {
    g_autofree char *text = genkit_generate_response_get_text (response);

    g_assert_cmpstr (text, ==, "5 messages: side again");
  }

  genkit_session_load_async (f->registry, f->store, "nobody", NULL, st_result_cb, &missing_result);
  missing = genkit_session_load_finish (st_wait (&missing_result), &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/legacy-chat/send", Fixture, NULL, fixture_setup, test_send, fixture_teardown);
  g_test_add ("/legacy-chat/threads-and-reload", Fixture, NULL, fixture_setup,
              test_threads_and_reload, fixture_teardown);

  return g_test_run ();
}
