/* test-app-preferences.c — the preferences: a provider's key (keyring), base URL and models
 * reach the built-in runtime at once; retention reaches the trace store; OTLP settings are
 * checked; every provider's config schema renders a form
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>

#include "fake-secret-service.h"
#include "provider-test-util.h"
#include "studio-application.h"
#include "studio-preferences-window.h"
#include "studio-schema-form.h"
#include "studio-telemetry-settings.h"
#include "studio-test-util.h"
#include "studio-window.h"

#define SCHEMA_ID "io.github.genkitstudio.Studio"
#define TEST_KEY  "sk-test-preferences-0123456789"

typedef struct
{
  FakeKeyring              keyring;
  GSettings               *settings;
  GenkitRuntime           *runtime;
  StudioProviders         *providers;
  StudioWindow            *window;
  StudioPreferencesWindow *prefs;
} Fixture;

/* What the application does when a provider is registered again (studio-application.c). */
static void
providers_changed_cb (StudioProviders *providers,
                      const char      *name,
                      StudioWindow    *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "reload", NULL);
}

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fake_keyring_register (&fixture->keyring);
  fixture->settings = g_settings_new (SCHEMA_ID);
  reset_settings (fixture->settings);
  fixture->runtime = studio_test_builtin_runtime ();
  fixture->providers = studio_providers_new (genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (fixture->runtime)),
                                             fixture->settings);
  fixture->window = studio_window_new (NULL, fixture->runtime, NULL);
  g_signal_connect_object (fixture->providers, "changed", G_CALLBACK (providers_changed_cb), fixture->window, 0);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->prefs != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->prefs));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->providers);
  g_clear_object (&fixture->runtime);
  g_clear_object (&fixture->settings);
  fake_keyring_unregister (&fixture->keyring);
}

static StudioPreferencesWindow *
open_preferences (Fixture          *fixture,
                  GenkitTraceStore *store)
{
  fixture->prefs = studio_preferences_window_new (fixture->providers, fixture->settings, store);
  gtk_window_present (GTK_WINDOW (fixture->prefs));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->prefs));
  return fixture->prefs;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            const char *title)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 &&
      (title == NULL || g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *key;
  gboolean    listed;
} Listed;

static gboolean
action_listed_is (gpointer user_data)
{
  Listed *l = user_data;
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (l->fixture->window));

  return !studio_action_sidebar_get_loading (sidebar) &&
         (studio_action_list_lookup (studio_action_sidebar_get_list (sidebar), l->key) != NULL) == l->listed;
}

static void
wait_listed (Fixture    *fixture,
             const char *key,
             gboolean    listed)
{
  Listed l = { fixture, key, listed };

  g_assert_true (studio_test_wait (action_listed_is, &l, 20000));
}

static gboolean
subtitle_is (gpointer user_data)
{
  GtkWidget *row = ((gpointer *) user_data)[0];

  return g_strcmp0 (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ((gpointer *) user_data)[1]) == 0;
}

static gboolean
playground_idle (gpointer user_data)
{
  return !studio_playground_get_loading (user_data) && !studio_playground_get_running (user_data);
}

static gboolean
model_row_listed (gpointer user_data)
{
  return find_named (user_data, "model", "gpt-studio-test") != NULL;
}

static void
assert_key_nowhere_in_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, TEST_KEY));
    }
}

static void
expect_models (ReplayServer *server)
{
  replay_server_expect (server, &(ReplayExchange) {
    .method = "GET", .path = "/v1/models",
    .expect_headers = { "Authorization", "Bearer " TEST_KEY, NULL },
    .content_type = "application/json",
    .body = "{\"object\":\"list\",\"data\":["
            "{\"id\":\"gpt-studio-test\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"test\"},"
            "{\"id\":\"text-embedding-studio\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"test\"}]}",
  });
}

static void
test_provider_key_url_models (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autofree char *v1 = g_strconcat (replay_server_get_url (server), "/v1", NULL);
  gpointer in_keyring[2];
  GtkWidget *row, *url_row, *key_row, *model_row;
  StudioPlayground *playground;
  StudioPlaygroundColumn *column;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *result_text = NULL;

  g_test_summary ("In the preferences, a base URL pointing at a local OpenAI-compatible server and a key "
                  "stored in the (test's) keyring make the provider's discovered models appear in the "
                  "built-in runtime's action list and run against that server, without a restart; the key "
                  "is in no setting and leaves the entry; unchecking models takes them off the list");

  g_unsetenv ("OPENAI_API_KEY");
  g_unsetenv ("OPENAI_BASE_URL");
  wait_listed (fixture, "/flow/greet", TRUE);
  open_preferences (fixture, NULL);
  row = studio_preferences_window_get_provider_row (fixture->prefs, "openai");
  g_assert_nonnull (row);

  /* The base URL: a setting, applied to a newly registered plugin. */
  url_row = find_named (row, "base-url", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "https://api.openai.com/v1");
  gtk_editable_set_text (GTK_EDITABLE (url_row), "ftp://nowhere");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (url_row), v1);
  g_signal_emit_by_name (url_row, "apply");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  {
    g_autoptr(GVariant) urls = g_settings_get_value (fixture->settings, "provider-base-urls");
    const char *url = NULL;

    g_assert_true (g_variant_lookup (urls, "openai", "&s", &url));
    g_assert_cmpstr (url, ==, v1);
  }
  g_assert_cmpstr (genkit_provider_plugin_get_base_url (studio_providers_get_plugin (fixture->providers, "openai")),
                   ==, v1);
  /* No key yet: the known models are listed, unavailable; the server is not asked. */
  wait_listed (fixture, "/model/openai/gpt-4o-mini", TRUE);

  /* The key: into the keyring, out of the entry, never into the settings. */
  expect_models (server);
  key_row = find_named (row, "api-key", NULL);
  gtk_editable_set_text (GTK_EDITABLE (key_row), TEST_KEY);
  g_signal_emit_by_name (key_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  in_keyring[0] = row;
  in_keyring[1] = (gpointer) "API key in the keyring";
  g_assert_true (studio_test_wait (subtitle_is, in_keyring, 20000));
  g_assert_cmpstr (g_hash_table_lookup (fixture->keyring.keys, "openai"), ==, TEST_KEY);
  g_assert_cmpstr (fixture->keyring.last_schema, ==, GENKIT_PROVIDER_KEYRING_SCHEMA);
  assert_key_nowhere_in_settings (fixture->settings);

  /* The provider's own models appear, and one runs against the server. */
  wait_listed (fixture, "/model/openai/gpt-studio-test", TRUE);
  wait_listed (fixture, "/embedder/openai/text-embedding-studio", TRUE);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_headers = { "Authorization", "Bearer " TEST_KEY, NULL },
    .expect_contains = { "\"model\":\"gpt-studio-test\"", "Say hi", NULL },
    /* The playground streams: the answer comes as OpenAI's server-sent events. */
    .content_type = "text/event-stream",
    .body = "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            "\"model\":\"gpt-studio-test\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            "\"content\":\"Hi from the local server\"},\"finish_reason\":null}]}\n\n"
            "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            "\"model\":\"gpt-studio-test\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}\n\n"
            "data: [DONE]\n\n",
  });
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action",
                                  g_variant_new_string ("/model/openai/gpt-studio-test"));
  /* A model opens in the playground. */
  playground = studio_actions_pane_get_visible_playground (studio_window_get_actions_pane (fixture->window));
  g_assert_nonnull (playground);
  g_assert_true (studio_test_wait (playground_idle, playground, 20000));
  request = genkit_json_parse ("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Say hi\"}]}]}",
                               -1, NULL);
  studio_playground_clear_messages (playground);
  studio_playground_set_request (playground, json_node_get_object (request));
  g_assert_true (studio_playground_run (playground));
  g_assert_true (studio_test_wait (playground_idle, playground, 20000));
  column = studio_playground_get_column (playground, 0);
  g_assert_no_error ((GError *) studio_playground_column_get_error (column));
  g_assert_cmpint (studio_playground_column_get_state (column), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  result_text = json_to_string (studio_playground_column_get_result (column), FALSE);
  g_assert_nonnull (strstr (result_text, "Hi from the local server"));

  /* Enabled models: only the checked ones are listed. The plugin is registered anew, so it asks
   * the server for its models again. */
  expect_models (server);
  {
    const char *only[] = { "gpt-studio-test", NULL };

    g_settings_set_value (fixture->settings, "provider-enabled-models",
                          g_variant_new_parsed ("{'openai': %^as}", only));
  }
  wait_listed (fixture, "/model/openai/gpt-4o-mini", FALSE);
  wait_listed (fixture, "/model/openai/gpt-studio-test", TRUE);
  g_assert_false (action_listed_is (&(Listed) { fixture, "/embedder/openai/text-embedding-studio", TRUE }));

  /* The preferences show the checks, from the same (cached) discovery. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_true (studio_test_wait (model_row_listed, row, 20000));
  model_row = find_named (row, "model", "gpt-studio-test");
  g_assert_true (gtk_check_button_get_active (g_object_get_data (G_OBJECT (model_row), "check")));
  model_row = find_named (row, "model", "gpt-4o-mini");
  g_assert_false (gtk_check_button_get_active (g_object_get_data (G_OBJECT (model_row), "check")));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->prefs));
  studio_test_save_png (GTK_WIDGET (fixture->prefs), "preferences-providers.png");

  replay_server_assert_done (server);
}

/* Retention ---------------------------------------------------------------------------------- */

static guint
count_traces (GenkitTraceStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GError) error = NULL;

  genkit_trace_store_list_traces_async (store, NULL, NULL, 0, 100, NULL, studio_test_store_result_cb, &result);
  listed = genkit_trace_store_list_traces_finish (store, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (listed), "traces"));
}

static gboolean
one_trace_left (gpointer user_data)
{
  return count_traces (user_data) == 1;
}

static gboolean
is_sensitive (gpointer user_data)
{
  return gtk_widget_get_sensitive (user_data);
}

static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "preferences-traces.db", NULL);
  GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (fixture->runtime));
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitStoreSpanProcessor) processor = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *spin, *button;

  g_test_summary ("The Traces page's maximum number of traces is the trace store's retention policy, "
                  "applied at once; Delete Old Traces applies it on demand");

  store = genkit_trace_store_new (path, &error);
  g_assert_no_error (error);
  processor = genkit_store_span_processor_new (store);
  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
  studio_telemetry_settings_bind_retention (fixture->settings, store);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GenkitActionResult) run = NULL;
      g_autoptr(JsonNode) input = json_from_string ("{\"name\": \"Ada\"}", NULL);

      genkit_runtime_run_action_async (fixture->runtime, "/flow/greet", input, NULL, NULL,
                                       studio_test_store_result_cb, &result);
      run = genkit_runtime_run_action_finish (fixture->runtime, studio_test_wait_result (&result), &error);
      g_assert_no_error (error);
    }
  g_assert_true (genkit_flush_tracing (&error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_traces (store), ==, 3);

  open_preferences (fixture, store);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->prefs), "traces");
  button = studio_test_find (GTK_WIDGET (fixture->prefs), "apply_retention_button");
  /* No limit yet: nothing to delete. */
  g_assert_false (gtk_widget_get_sensitive (button));
  spin = studio_test_find (GTK_WIDGET (fixture->prefs), "max_traces_spin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "trace-max-traces"), ==, 1);
  g_assert_cmpuint (genkit_trace_store_get_max_traces (store), ==, 1);
  g_assert_true (studio_test_wait (one_trace_left, store, 20000));

  /* The age part: days in the settings, seconds in the store. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (studio_test_find (GTK_WIDGET (fixture->prefs), "max_age_spin")), 30);
  g_assert_cmpint (genkit_trace_store_get_max_age (store), ==, 30 * 24 * 60 * 60);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (studio_test_find (GTK_WIDGET (fixture->prefs), "apply_retention_row")));
  g_assert_true (studio_test_wait (is_sensitive, studio_test_find (GTK_WIDGET (fixture->prefs), "apply_retention_row"),
                                   20000));
  g_assert_cmpuint (count_traces (store), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->prefs));
  studio_test_save_png (GTK_WIDGET (fixture->prefs), "preferences-traces.png");
  genkit_tracer_remove_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
}

/* OTLP export -------------------------------------------------------------------------------- */

static gboolean
status_is (gpointer user_data)
{
  AdwActionRow *row = ((gpointer *) user_data)[0];

  return g_strcmp0 (adw_action_row_get_subtitle (row), ((gpointer *) user_data)[1]) == 0;
}

static gboolean
is_flagged (gpointer user_data)
{
  return gtk_widget_has_css_class (user_data, "error");
}

static void
test_otlp_export (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *combo, *credential, *endpoint, *status;
  gpointer wait[2];
  g_autoptr(GenkitOtlpExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("The Telemetry page chooses the OTLP export: a preset's missing credential is flagged, "
                  "the credential goes to the keyring, a custom endpoint must be an http(s) URL");

  open_preferences (fixture, NULL);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->prefs), "telemetry");
  combo = studio_test_find (GTK_WIDGET (fixture->prefs), "otlp_row");
  credential = studio_test_find (GTK_WIDGET (fixture->prefs), "otlp_credential_row");
  endpoint = studio_test_find (GTK_WIDGET (fixture->prefs), "otlp_endpoint_row");
  status = studio_test_find (GTK_WIDGET (fixture->prefs), "otlp_status_row");
  g_assert_false (gtk_widget_get_visible (credential));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status)), ==, "Spans stay in the studio");

  /* Honeycomb needs its ingest key. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 3);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "otlp-export"), ==, 3);
  g_assert_true (gtk_widget_get_visible (credential));
  /* After asking the keyring for the credential, which it has not. */
  g_assert_true (studio_test_wait (is_flagged, status, 20000));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status)), "Honeycomb"));

  gtk_editable_set_text (GTK_EDITABLE (credential), "hcaik_test_key");
  g_signal_emit_by_name (credential, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (credential)), ==, "");
  wait[0] = status;
  wait[1] = (gpointer) "Spans go to https://api.honeycomb.io/v1/traces";
  g_assert_true (studio_test_wait (status_is, wait, 20000));
  g_assert_false (gtk_widget_has_css_class (status, "error"));
  g_assert_cmpstr (g_hash_table_lookup (fixture->keyring.keys, "otlp-export"), ==, "hcaik_test_key");

  /* A custom endpoint. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  g_assert_true (gtk_widget_get_visible (endpoint));
  g_assert_false (gtk_widget_get_visible (credential));
  gtk_editable_set_text (GTK_EDITABLE (endpoint), "localhost:4318");
  g_signal_emit_by_name (endpoint, "apply");
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  gtk_editable_set_text (GTK_EDITABLE (endpoint), "http://127.0.0.1:4318/v1/traces");
  g_signal_emit_by_name (endpoint, "apply");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status)), ==,
                   "Spans go to http://127.0.0.1:4318/v1/traces");
  exporter = studio_telemetry_settings_new_exporter (fixture->settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (exporter), ==, "http://127.0.0.1:4318/v1/traces");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->prefs));
  studio_test_save_png (GTK_WIDGET (fixture->prefs), "preferences-telemetry.png");
}

/* Config schemas ----------------------------------------------------------------------------- */

static void
test_config_forms (Fixture       *fixture,
                   gconstpointer  data)
{
  /* One model of each provider, any id resolving as Genkit's dynamic models do. */
  static const char * const keys[] = {
    "/model/openai/gpt-4o-mini", "/model/deepseek/deepseek-reasoner", "/model/xai/grok-3",
    "/model/groq/llama-3.3-70b-versatile", "/model/mistral/mistral-large-latest",
    "/model/openrouter/openai/gpt-4o", "/model/together/meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "/model/ollama/llama3.2", "/model/anthropic/claude-sonnet-4-5", "/model/googleai/gemini-2.5-flash",
    "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct",
  };
  GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (fixture->runtime));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  g_test_summary ("Each provider's model publishes a config schema that our JSON Schema validator "
                  "accepts and that renders a config form in the studio; a value out of the "
                  "documented range is flagged in the form");

  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GenkitAction) action = NULL;
      g_autoptr(JsonNode) descriptor = NULL;
      g_autoptr(GenkitJsonSchema) validator = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *metadata, *model;
      JsonNode *schema;
      GtkWidget *form;

      genkit_registry_lookup_action_async (registry, keys[i], NULL, studio_test_store_result_cb, &result);
      action = genkit_registry_lookup_action_finish (registry, studio_test_wait_result (&result), &error);
      g_assert_no_error (error);
      descriptor = genkit_action_to_descriptor (action);
      metadata = json_object_get_object_member (json_node_get_object (descriptor), "metadata");
      model = json_object_get_object_member (metadata, "model");
      schema = json_object_get_member (model, "customOptions");
      g_assert_nonnull (schema);
      validator = genkit_json_schema_new (schema, &error);
      g_assert_no_error (error);

      form = studio_schema_form_new ();
      studio_schema_form_set_schema (STUDIO_SCHEMA_FORM (form), schema);
      gtk_box_append (GTK_BOX (box), form);
      g_assert_cmpuint (studio_schema_form_get_n_flagged (STUDIO_SCHEMA_FORM (form)), ==, 0);
      g_assert_nonnull (studio_schema_form_get_editor (STUDIO_SCHEMA_FORM (form), "temperature"));

      if (g_str_has_prefix (keys[i], "/model/cloudflare-workers-ai/"))
        {
          g_autoptr(JsonNode) value = json_from_string ("{\"temperature\": 9}", NULL);
          g_autoptr(GPtrArray) violations = NULL;

          studio_schema_form_set_value (STUDIO_SCHEMA_FORM (form), value);
          g_assert_false (genkit_json_schema_validate (validator, value, &violations, &error));
          g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
          g_assert_cmpuint (violations->len, >, 0);
          studio_schema_form_set_violations (STUDIO_SCHEMA_FORM (form), violations);
          g_assert_cmpuint (studio_schema_form_get_n_flagged (STUDIO_SCHEMA_FORM (form)), >, 0);
        }
    }
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The application's wiring ---------------------------------------------------------------- */

static StudioPreferencesWindow *
find_preferences (GtkApplication *app,
                  guint          *n_found)
{
  StudioPreferencesWindow *found = NULL;

  *n_found = 0;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (STUDIO_IS_PREFERENCES_WINDOW (l->data))
      {
        found = l->data;
        (*n_found)++;
      }
  return found;
}

static StudioWindow *
find_studio_window (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (STUDIO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
sidebar_loaded (gpointer user_data)
{
  return !studio_action_sidebar_get_loading (studio_actions_pane_get_sidebar (studio_window_get_actions_pane (user_data)));
}

static void
test_application (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(StudioApplication) app = studio_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  StudioPreferencesWindow *prefs;
  StudioWindow *window;
  guint n_prefs = 0;

  g_test_summary ("In the application, app.preferences (Ctrl+,) opens one preferences window, "
                  "app.preferences-page opens a page, and a provider's new base URL re-registers it "
                  "and lists the built-in runtime's actions again");

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = find_studio_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_true (studio_test_wait (sidebar_loaded, window, 20000));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences-page", g_variant_new_string ("traces"));
  prefs = find_preferences (GTK_APPLICATION (app), &n_prefs);
  g_assert_cmpuint (n_prefs, ==, 1);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "traces");

  /* The application follows the settings the window writes. */
  g_settings_set_value (fixture->settings, "provider-base-urls",
                        g_variant_new_parsed ("{'anthropic': 'http://127.0.0.1:9'}"));
  g_assert_cmpstr (genkit_provider_plugin_get_base_url (studio_providers_get_plugin (studio_application_get_providers (app),
                                                                                     "anthropic")),
                   ==, "http://127.0.0.1:9");
  g_assert_true (studio_action_sidebar_get_loading (studio_actions_pane_get_sidebar (studio_window_get_actions_pane (window))));
  g_assert_true (studio_test_wait (sidebar_loaded, window, 20000));

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* The keyring: a Secret Service of the test's own on a private bus, before anything talks to
   * the session bus. */
  static const char * const proxy_vars[] = {
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
  };

  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  fake_secret_service_bus_up ();
  /* GTestDBus unsets DISPLAY (against X11 autolaunch of D-Bus); the windows need it back. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  studio_test_init (&argc, &argv);
  /* The provider's server is on 127.0.0.1: no proxy of the machine may stand in between. */
  for (guint i = 0; i < G_N_ELEMENTS (proxy_vars); i++)
    g_unsetenv (proxy_vars[i]);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/preferences/provider-key-url-models", test_provider_key_url_models);
  ADD ("/app/preferences/retention", test_retention);
  ADD ("/app/preferences/otlp-export", test_otlp_export);
  ADD ("/app/preferences/config-forms", test_config_forms);
  ADD ("/app/preferences/application", test_application);
#undef ADD

  return g_test_run ();
}
