/* test-download-media.c — downloadRequestMedia inlines http(s) media and refuses what it must not fetch
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include <libsoup/soup.h>

#include "ai-test-util.h"

typedef struct
{
  GenkitRegistry          *registry;
  GenkitProgrammableModel *pm;
  SoupServer              *server;
  guint                    port;
  guint                    hits;
} Fixture;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *location = NULL;

  f->hits++;
  if (g_str_equal (path, "/img.png"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "PNGDATA", 7);
    }
  else if (g_str_equal (path, "/big"))
    {
      g_autofree char *body = g_strnfill (2000, 'x');

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, body, 2000);
    }
  else if (g_str_equal (path, "/chunked-big"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < 10; i++)
        {
          g_autofree char *piece = g_strnfill (500, 'y');

          soup_message_body_append (body, SOUP_MEMORY_COPY, piece, 500);
        }
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/missing"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "not here", 8);
    }
  else
    {
      if (g_str_equal (path, "/redirect-ok"))
        location = g_strdup ("/img.png");
      else if (g_str_equal (path, "/redirect-metadata"))
        location = g_strdup ("http://169.254.169.254/latest/meta-data/");
      else if (g_str_equal (path, "/redirect-private"))
        location = g_strdup ("http://10.0.0.7/internal");
      else if (g_str_equal (path, "/redirect-localhost"))
        location = g_strdup_printf ("http://localhost:%u/img.png", f->port);
      else if (g_str_equal (path, "/redirect-ipv6-loopback"))
        location = g_strdup_printf ("http://[::1]:%u/img.png", f->port);
      else if (g_str_equal (path, "/redirect-file"))
        location = g_strdup ("file:///etc/passwd");
      else if (g_str_equal (path, "/redirect-loop"))
        location = g_strdup ("/redirect-loop");
      else
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      soup_message_headers_replace (headers, "Location", location);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GUri) uri = NULL;

  f->registry = genkit_registry_new ();
  f->pm = genkit_define_programmable_model (f->registry, "pm", NULL, &error);
  g_assert_no_error (error);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  base = test_listen_on_loopback (f->server);
  uri = g_uri_parse (base, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->port = g_uri_get_port (uri);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->registry);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GenkitModelMiddleware *
download (const char *config_json5)
{
  g_autoptr(JsonNode) config = ai_json5 (config_json5);
  g_autoptr(GError) error = NULL;
  GenkitModelMiddleware *middleware = genkit_model_middleware_new_builtin ("downloadRequestMedia", config, &error);

  g_assert_no_error (error);
  return middleware;
}

/* Generates with one media part at @url through @middleware. */
static void
generate_media (Fixture               *f,
                GenkitModelMiddleware *middleware,
                const char            *url,
                const char            *content_type,
                AiGenerate            *run)
{
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
  g_autoptr(GenkitPart) text = genkit_part_new_text ("Describe:");
  g_autoptr(GenkitPart) media = genkit_part_new_media (url, content_type);

  genkit_generate_options_set_model (options, "pm");
  genkit_generate_options_add_prompt_part (options, text);
  genkit_generate_options_add_prompt_part (options, media);
  genkit_generate_options_add_middleware (options, middleware);
  if (genkit_programmable_model_get_n_pending (f->pm) == 0)
    ai_push_text (f->pm, "'a picture'");
  ai_generate (f->registry, options, FALSE, run);
}

static char *
local_url (Fixture    *f,
           const char *host,
           const char *path)
{
  return g_strdup_printf ("http://%s:%u%s", host, f->port, path);
}

static void
assert_refused (Fixture               *f,
                GenkitModelMiddleware *middleware,
                const char            *url,
                GenkitError            code,
                const char            *message_part)
{
  g_auto(AiGenerate) run = { 0 };
  guint calls = genkit_programmable_model_get_requests (f->pm)->len;

  g_test_message ("refusing %.60s", url);
  generate_media (f, middleware, url, NULL, &run);
  g_assert_error (run.error, GENKIT_ERROR, (int) code);
  if (strstr (run.error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", run.error->message, message_part);
  /* The model was never called. */
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, calls);
}

static void
test_inlines (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) middleware = download ("{allowedHosts: ['127.0.0.1'], maxBytes: 1000}");
  g_autofree char *url = local_url (f, "127.0.0.1", "/img.png");
  g_autofree char *redirect = local_url (f, "127.0.0.1", "/redirect-ok");
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("An allowed http URL is fetched and inlined as a data URL with the response's content "
                  "type, unless the part has one; redirects within allowed hosts are followed");

  generate_media (f, middleware, url, NULL, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 0, "{messages: [{role: 'user', content: [{text: 'Describe:'},"
                               " {media: {contentType: 'image/png', url: 'data:image/png;base64,UE5HREFUQQ=='}}]}],"
                               " config: {}, tools: [], output: {}}");

  generate_media (f, middleware, redirect, "image/x-custom", &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 1, "{messages: [{role: 'user', content: [{text: 'Describe:'},"
                               " {media: {contentType: 'image/x-custom', url: 'data:image/x-custom;base64,UE5HREFUQQ=='}}]}],"
                               " config: {}, tools: [], output: {}}");
}

static void
test_refuses_addresses (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) strict = download ("{}");
  g_autofree char *loopback = local_url (f, "127.0.0.1", "/img.png");
  g_autofree char *localhost = local_url (f, "localhost", "/img.png");
  g_autofree char *ipv6 = local_url (f, "[::1]", "/img.png");

  g_test_summary ("Loopback, private, link-local and mapped addresses are refused, written or resolved, "
                  "before any request is sent");

  assert_refused (f, strict, loopback, GENKIT_ERROR_PERMISSION_DENIED, "127.0.0.1 is a loopback address");
  assert_refused (f, strict, localhost, GENKIT_ERROR_PERMISSION_DENIED, "localhost resolves to");
  assert_refused (f, strict, ipv6, GENKIT_ERROR_PERMISSION_DENIED, "is a loopback address");
  assert_refused (f, strict, "http://169.254.169.254/latest/meta-data/", GENKIT_ERROR_PERMISSION_DENIED,
                  "169.254.169.254 is a link-local address");
  assert_refused (f, strict, "http://10.1.2.3/secret", GENKIT_ERROR_PERMISSION_DENIED, "10.1.2.3 is a private address");
  assert_refused (f, strict, "http://192.168.0.1/", GENKIT_ERROR_PERMISSION_DENIED, "is a private address");
  assert_refused (f, strict, "http://172.16.5.4/", GENKIT_ERROR_PERMISSION_DENIED, "is a private address");
  assert_refused (f, strict, "http://100.64.0.1/", GENKIT_ERROR_PERMISSION_DENIED, "CGNAT");
  assert_refused (f, strict, "http://0.0.0.0/", GENKIT_ERROR_PERMISSION_DENIED, "unspecified");
  assert_refused (f, strict, "http://[::ffff:127.0.0.1]/", GENKIT_ERROR_PERMISSION_DENIED, "loopback");
  assert_refused (f, strict, "http://[fd00::1]/", GENKIT_ERROR_PERMISSION_DENIED, "unique local");
  assert_refused (f, strict, "http://[fe80::1]/", GENKIT_ERROR_PERMISSION_DENIED, "link-local");
  g_assert_cmpuint (f->hits, ==, 0);
}

static void
test_refuses_schemes_and_sizes (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) capped = download ("{allowedHosts: ['127.0.0.1'], maxBytes: 1000}");
  g_autofree char *big = local_url (f, "127.0.0.1", "/big");
  g_autofree char *chunked = local_url (f, "127.0.0.1", "/chunked-big");
  g_autofree char *missing = local_url (f, "127.0.0.1", "/missing");
  g_autofree char *huge_data = NULL;
  g_autofree char *payload = g_strnfill (2000, 'A');
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("file: URLs, data: URLs over the cap, bodies over the cap and HTTP errors fail; "
                  "small data: and gs: URLs pass unchanged");

  assert_refused (f, capped, "file:///etc/passwd", GENKIT_ERROR_PERMISSION_DENIED, "file: URLs are never read");
  huge_data = g_strdup_printf ("data:text/plain;base64,%s", payload);
  assert_refused (f, capped, huge_data, GENKIT_ERROR_INVALID_ARGUMENT, "larger than maxBytes (1000 bytes)");
  assert_refused (f, capped, big, GENKIT_ERROR_INVALID_ARGUMENT, "larger than maxBytes (1000 bytes)");
  assert_refused (f, capped, chunked, GENKIT_ERROR_INVALID_ARGUMENT, "larger than maxBytes (1000 bytes)");
  assert_refused (f, capped, missing, GENKIT_ERROR_INTERNAL, "HTTP error downloading media");
  assert_refused (f, capped, missing, GENKIT_ERROR_INTERNAL, "': not here");

  generate_media (f, capped, "data:text/plain;base64,QUJD", NULL, &run);
  g_assert_no_error (run.error);
  generate_media (f, capped, "gs://bucket/cat.png", "image/png", &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 1, "{messages: [{role: 'user', content: [{text: 'Describe:'},"
                               " {media: {contentType: 'image/png', url: 'gs://bucket/cat.png'}}]}],"
                               " config: {}, tools: [], output: {}}");
}

static void
test_refuses_redirects (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) middleware = download ("{allowedHosts: ['127.0.0.1'], maxRedirects: 3}");
  g_autofree char *metadata = local_url (f, "127.0.0.1", "/redirect-metadata");
  g_autofree char *private = local_url (f, "127.0.0.1", "/redirect-private");
  g_autofree char *localhost = local_url (f, "127.0.0.1", "/redirect-localhost");
  g_autofree char *ipv6 = local_url (f, "127.0.0.1", "/redirect-ipv6-loopback");
  g_autofree char *file = local_url (f, "127.0.0.1", "/redirect-file");
  g_autofree char *loop = local_url (f, "127.0.0.1", "/redirect-loop");

  g_test_summary ("Every redirect hop is checked: redirects to metadata, private, loopback and file: "
                  "URLs are refused, endless redirects stop");

  assert_refused (f, middleware, metadata, GENKIT_ERROR_PERMISSION_DENIED, "169.254.169.254 is a link-local address");
  assert_refused (f, middleware, private, GENKIT_ERROR_PERMISSION_DENIED, "10.0.0.7 is a private address");
  assert_refused (f, middleware, localhost, GENKIT_ERROR_PERMISSION_DENIED, "localhost resolves to");
  assert_refused (f, middleware, ipv6, GENKIT_ERROR_PERMISSION_DENIED, "loopback");
  assert_refused (f, middleware, file, GENKIT_ERROR_PERMISSION_DENIED, "only http and https URLs are fetched, not file:");
  assert_refused (f, middleware, loop, GENKIT_ERROR_INTERNAL, "redirected more than 3 times");
}

static gboolean
only_png (GenkitPart *part,
          gpointer    user_data)
{
  return g_str_has_suffix (genkit_part_get_media_url (part), ".png");
}

static void
test_filter_and_options (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) filtered = NULL;
  g_autoptr(GenkitModelMiddleware) open_network = download ("{allowPrivateNetworks: true}");
  g_autoptr(JsonNode) bad = ai_json5 ("{maxBytes: 'lots'}");
  g_autofree char *skipped = local_url (f, "10.9.9.9", "/photo.jpg");
  g_autofree char *loopback = local_url (f, "127.0.0.1", "/img.png");
  g_autoptr(GError) error = NULL;
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("A filter leaves parts alone; allowPrivateNetworks fetches local addresses; bad options fail");

  filtered = genkit_download_request_media_middleware_new (NULL, only_png, NULL, NULL, &error);
  g_assert_no_error (error);
  generate_media (f, filtered, skipped, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (f->hits, ==, 0);

  generate_media (f, open_network, loopback, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (f->hits, ==, 1);

  g_assert_null (genkit_model_middleware_new_builtin ("downloadRequestMedia", bad, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/download-media/inlines", test_inlines);
  ADD ("/download-media/refuses-addresses", test_refuses_addresses);
  ADD ("/download-media/refuses-schemes-and-sizes", test_refuses_schemes_and_sizes);
  ADD ("/download-media/refuses-redirects", test_refuses_redirects);
  ADD ("/download-media/filter-and-options", test_filter_and_options);
#undef ADD

  return g_test_run ();
}
