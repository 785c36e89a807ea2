/* test-providers-builtin.c — the built-in runtime's providers: registration and listing
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

static const char * const key_vars[] = {
  "OPENAI_API_KEY", "DEEPSEEK_API_KEY", "XAI_API_KEY", "GROQ_API_KEY", "MISTRAL_API_KEY",
  "OPENROUTER_API_KEY", "TOGETHER_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY",
  "GOOGLE_API_KEY", "GOOGLE_GENAI_API_KEY", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID",
  "OLLAMA_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL",
  "CLOUDFLARE_API_BASE_URL",
};

static void
test_builtin_register (void)
{
  static const char * const names[] = {
    "openai", "deepseek", "xai", "groq", "mistral", "openrouter", "together", "ollama",
    "anthropic", "googleai", "cloudflare-workers-ai",
  };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("Every provider plugin is registered under its namespace, and registering again "
                  "keeps the plugins already there");

  g_assert_true (genkit_providers_register_builtin (registry, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (genkit_registry_lookup_plugin (registry, names[i]));
  g_assert_true (genkit_providers_register_builtin (registry, &error));
  g_assert_no_error (error);
}

static void
test_builtin_listing_offline (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonNode) listing = NULL;
  g_autoptr(GList) keys = NULL;
  g_autofree char *closed = test_closed_port_url ();
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint unavailable = 0;

  g_test_summary ("Without keys and without Ollama, listing is quick and quiet: the remote "
                  "providers' known models are listed unavailable with their reason, Ollama lists "
                  "nothing, and every config schema compiles");

  for (guint i = 0; i < G_N_ELEMENTS (key_vars); i++)
    g_unsetenv (key_vars[i]);
  g_setenv ("OLLAMA_HOST", closed, TRUE);

  g_assert_true (genkit_providers_register_builtin (registry, &error));
  start = g_get_monotonic_time ();
  listing = model_run_listing (registry);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  keys = json_object_get_members (json_node_get_object (listing));
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonObject *action = json_object_get_object_member (json_node_get_object (listing), l->data);
      JsonObject *metadata = json_object_get_object_member (action, "metadata");
      JsonObject *info = json_object_has_member (metadata, "model") ? json_object_get_object_member (metadata, "model")
                                                                     : json_object_get_object_member (metadata, "embedder");
      g_autoptr(GenkitJsonSchema) schema = NULL;

      g_assert_false (g_str_has_prefix (l->data, "/model/ollama/"));
      g_assert_false (json_object_get_boolean_member (info, "available"));
      g_assert_nonnull (strstr (json_object_get_string_member (info, "unavailableReason"), "is unavailable"));
      if (json_object_has_member (info, "customOptions"))
        {
          schema = genkit_json_schema_new (json_object_get_member (info, "customOptions"), &error);
          g_assert_no_error (error);
        }
      unavailable++;
    }
  g_assert_cmpuint (unavailable, >, 30);
  g_assert_true (json_object_has_member (json_node_get_object (listing), "/model/openai/gpt-4o-mini"));
  g_assert_true (json_object_has_member (json_node_get_object (listing), "/model/anthropic/claude-sonnet-4-5"));
  g_assert_true (json_object_has_member (json_node_get_object (listing), "/model/googleai/gemini-2.5-flash"));
  g_assert_true (json_object_has_member (json_node_get_object (listing),
                                         "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct"));
  g_unsetenv ("OLLAMA_HOST");
}

static void
test_builtin_ollama_detected (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonNode) listing = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *model;

  g_test_summary ("An Ollama at OLLAMA_HOST is found when listing, and its models are listed as "
                  "available");

  g_setenv ("OLLAMA_HOST", replay_server_get_url (server), TRUE);
  g_assert_true (genkit_providers_register_builtin (registry, &error));
  replay_server_expect (server, &(ReplayExchange) {
    .method = "GET", .path = "/api/tags", .content_type = "application/json; charset=utf-8",
    .body = "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44Z\","
            "\"size\":2019393189,\"digest\":\"a80c4f17acd5\",\"details\":{\"format\":\"gguf\",\"family\":\"llama\","
            "\"families\":[\"llama\"],\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}}]}",
  });
  listing = model_run_listing (registry);
  replay_server_assert_done (server);
  model = json_object_get_object_member (json_node_get_object (listing), "/model/ollama/llama3.2:latest");
  g_assert_nonnull (model);
  model = json_object_get_object_member (json_object_get_object_member (model, "metadata"), "model");
  g_assert_false (json_object_has_member (model, "available"));
  g_unsetenv ("OLLAMA_HOST");
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/providers-builtin/register", test_builtin_register);
  g_test_add_func ("/providers-builtin/listing-offline", test_builtin_listing_offline);
  g_test_add_func ("/providers-builtin/ollama-detected", test_builtin_ollama_detected);

  return g_test_run ();
}
