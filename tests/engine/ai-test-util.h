/* ai-test-util.h — helpers of the generate, model and middleware tests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <string.h>

#include "test-util.h"

G_BEGIN_DECLS

/* A file of the captured JavaScript exchanges, parsed. */
static inline JsonNode *
ai_fixture (const char *relative_path)
{
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");
  g_autofree char *path = g_build_filename (shared ? shared : "../shared", "fixtures", "genkit-js",
                                            relative_path, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("Cannot read the fixture %s: %s", path, error->message);
  return test_json (contents);
}

static inline JsonObject *
ai_member_object (JsonNode   *node,
                  const char *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (node);

  for (guint i = 0; keys[i] != NULL; i++)
    object = json_object_get_object_member (object, keys[i]);
  return object;
}

static inline gboolean
ai_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* Same JSON value; with @check_order, object members also in the same order. Numbers compare
 * as doubles (JSON has one number type). */
static inline void
ai_assert_json_equal_at (JsonNode   *expected,
                         JsonNode   *actual,
                         gboolean    check_order,
                         const char *where)
{
  if (expected == NULL || actual == NULL)
    {
      if (expected != actual)
        g_error ("%s: %s expected, %s found", where, expected ? "a value" : "nothing",
                 actual ? "a value" : "nothing");
      return;
    }
  if (JSON_NODE_TYPE (expected) != JSON_NODE_TYPE (actual))
    {
      g_autofree char *a = json_to_string (expected, FALSE);
      g_autofree char *b = json_to_string (actual, FALSE);

      g_error ("%s: expected %s, found %s", where, a, b);
    }

  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *a = json_node_get_object (expected);
      JsonObject *b = json_node_get_object (actual);
      g_autoptr(GList) keys_a = json_object_get_members (a);
      g_autoptr(GList) keys_b = json_object_get_members (b);
      GList *la, *lb;

      if (g_list_length (keys_a) != g_list_length (keys_b))
        {
          g_autofree char *sa = json_to_string (expected, FALSE);
          g_autofree char *sb = json_to_string (actual, FALSE);

          g_error ("%s: expected %s, found %s", where, sa, sb);
        }
      for (la = keys_a, lb = keys_b; la != NULL; la = la->next, lb = lb->next)
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", where, (const char *) la->data);

          if (check_order && !g_str_equal (la->data, lb->data))
            g_error ("%s: member %s where %s was expected (order)", where, (const char *) lb->data,
                     (const char *) la->data);
          if (!json_object_has_member (b, la->data))
            g_error ("%s: missing", inner);
          ai_assert_json_equal_at (json_object_get_member (a, la->data), json_object_get_member (b, la->data),
                                   check_order, inner);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *a = json_node_get_array (expected);
      JsonArray *b = json_node_get_array (actual);

      if (json_array_get_length (a) != json_array_get_length (b))
        {
          g_autofree char *sa = json_to_string (expected, FALSE);
          g_autofree char *sb = json_to_string (actual, FALSE);

          g_error ("%s: expected %s, found %s", where, sa, sb);
        }
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", where, i);

          ai_assert_json_equal_at (json_array_get_element (a, i), json_array_get_element (b, i),
                                   check_order, inner);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (expected))
    {
      if (ai_is_number (expected) && ai_is_number (actual))
        {
          if (json_node_get_double (expected) != json_node_get_double (actual))
            g_error ("%s: expected %.17g, found %.17g", where, json_node_get_double (expected),
                     json_node_get_double (actual));
        }
      else if (!json_node_equal (expected, actual))
        {
          g_autofree char *a = json_to_string (expected, FALSE);
          g_autofree char *b = json_to_string (actual, FALSE);

          g_error ("%s: expected %s, found %s", where, a, b);
        }
    }
}

static inline void
ai_assert_json_equal (JsonNode *expected,
                      JsonNode *actual)
{
  ai_assert_json_equal_at (expected, actual, TRUE, "$");
}

/* Compares with a JSON literal (JSON5 accepted, so tests can use single quotes). */
static inline void
ai_assert_json (JsonNode   *actual,
                const char *expected_json5)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected = genkit_parse_json5 (expected_json5, &error);

  g_assert_no_error (error);
  ai_assert_json_equal_at (expected, actual, FALSE, "$");
}

static inline JsonNode *
ai_json5 (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = genkit_parse_json5 (text, &error);

  g_assert_no_error (error);
  return node;
}

/* A generate call run to completion. */
typedef struct
{
  GenkitGenerateResponse *response;
  GError                 *error;
  GPtrArray              *chunks;       /* GenkitGenerateResponseChunk */
  gboolean                done;
} AiGenerate;

static inline void
ai_generate_clear (AiGenerate *run)
{
  g_clear_pointer (&run->response, genkit_generate_response_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->chunks, g_ptr_array_unref);
  run->done = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AiGenerate, ai_generate_clear)

static inline void
ai_generate_chunk_cb (GenkitGenerateResponseChunk *chunk,
                      gpointer                     user_data)
{
  AiGenerate *run = user_data;

  g_assert_false (run->done);
  g_ptr_array_add (run->chunks, genkit_generate_response_chunk_ref (chunk));
}

static inline void
ai_generate_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AiGenerate *run = user_data;

  run->response = genkit_generate_finish (GENKIT_REGISTRY (source), result, &run->error);
  run->done = TRUE;
}

static inline void
ai_generate (GenkitRegistry        *registry,
             GenkitGenerateOptions *options,
             gboolean               stream,
             AiGenerate            *run)
{
  ai_generate_clear (run);
  run->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_generate_response_chunk_unref);
  if (stream)
    genkit_generate_options_set_chunk_func (options, ai_generate_chunk_cb, run, NULL);
  genkit_generate_async (registry, NULL, options, NULL, ai_generate_done_cb, run);
  test_wait_until (&run->done);
  g_assert_true ((run->response == NULL) != (run->error == NULL));
  /* Let idles of the finished run (span processors, cancellable clean-up) run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static inline JsonNode *
ai_request_json (GenkitProgrammableModel *pm,
                 guint                    index)
{
  GPtrArray *requests = genkit_programmable_model_get_requests (pm);

  g_assert_cmpuint (index, <, requests->len);
  return genkit_generate_request_to_json (g_ptr_array_index (requests, index));
}

static inline void
ai_assert_request (GenkitProgrammableModel *pm,
                   guint                    index,
                   const char              *expected_json5)
{
  g_autoptr(JsonNode) request = ai_request_json (pm, index);

  ai_assert_json (request, expected_json5);
}

static inline void
ai_push (GenkitProgrammableModel *pm,
         const char              *response_json5)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_programmable_model_push_response_json (pm, response_json5, &error));
  g_assert_no_error (error);
}

/* A text answer of the model. */
static inline void
ai_push_text (GenkitProgrammableModel *pm,
              const char              *text)
{
  g_autofree char *json = g_strdup_printf ("{'message': {'role': 'model', 'content': [{'text': %s}]},"
                                           " 'finishReason': 'stop'}", text);

  ai_push (pm, json);
}

/* Removes the members that change on every run (latencyMs), recursively. */
static inline void
ai_strip_latency (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) keys = NULL;

      json_object_remove_member (object, "latencyMs");
      keys = json_object_get_members (object);
      for (GList *l = keys; l != NULL; l = l->next)
        ai_strip_latency (json_object_get_member (object, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        ai_strip_latency (json_array_get_element (array, i));
    }
}


/* Records every span that ends, in order. */
G_DECLARE_FINAL_TYPE (TestSpanRecorder, test_span_recorder, TEST, SPAN_RECORDER, GObject)

struct _TestSpanRecorder
{
  GObject    parent_instance;
  GPtrArray *ended;     /* GenkitSpan */
};

static void test_span_recorder_iface_init (GenkitSpanProcessorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSpanRecorder, test_span_recorder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_PROCESSOR,
                                                      test_span_recorder_iface_init))

static void
test_span_recorder_on_end (GenkitSpanProcessor *processor,
                           GenkitSpan          *span)
{
  g_ptr_array_add (TEST_SPAN_RECORDER (processor)->ended, g_object_ref (span));
}

static void
test_span_recorder_iface_init (GenkitSpanProcessorInterface *iface)
{
  iface->on_end = test_span_recorder_on_end;
}

static void
test_span_recorder_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_SPAN_RECORDER (object)->ended);
  G_OBJECT_CLASS (test_span_recorder_parent_class)->finalize (object);
}

static void
test_span_recorder_class_init (TestSpanRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_span_recorder_finalize;
}

static void
test_span_recorder_init (TestSpanRecorder *self)
{
  self->ended = g_ptr_array_new_with_free_func (g_object_unref);
}

static inline TestSpanRecorder *
test_span_recorder_new (GenkitRegistry *registry)
{
  TestSpanRecorder *self = g_object_new (test_span_recorder_get_type (), NULL);

  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (self));
  return self;
}

/* The @nth (from 0) ended span called @name, or NULL. */
static inline GenkitSpan *
test_span_find (TestSpanRecorder *self,
                const char       *name,
                guint             nth)
{
  for (guint i = 0; i < self->ended->len; i++)
    {
      GenkitSpan *span = g_ptr_array_index (self->ended, i);

      if (g_str_equal (genkit_span_get_name (span), name) && nth-- == 0)
        return span;
    }
  return NULL;
}

G_END_DECLS
