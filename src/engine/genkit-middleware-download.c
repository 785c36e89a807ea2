/* genkit-middleware-download.c — downloadRequestMedia: inline http(s) media as data URLs, safely
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-model-middleware.h"
#include "genkit-model-middleware-call.h"

/* Genkit's `downloadRequestMedia` (`js/ai/src/model/middleware.ts`) fetches every http(s)
 * media URL of the request and replaces the part by `{"media": {"contentType", "url":
 * "data:<type>;base64,…"}}`. A runtime that does this on behalf of a prompt writer is an SSRF
 * vector, so this one also:
 *
 * - refuses `file:` URLs and `data:` URLs larger than `maxBytes`;
 * - refuses hosts that are loopback, private (RFC 1918, CGNAT, IPv6 ULA), link-local
 *   (169.254.0.0/16 — cloud metadata — and fe80::/10), unspecified, multicast or broadcast,
 *   whether written as an address or resolving to one, unless listed in `allowedHosts` or
 *   `allowPrivateNetworks` is set;
 * - checks the address each connection actually reaches (so a name that resolves to a public
 *   address for the check and a private one for the connection is still refused), ignores
 *   proxies, and follows redirects itself, checking every hop the same way;
 * - reads at most `maxBytes` of body. */

#define DEFAULT_MAX_BYTES (20 * 1024 * 1024)
#define DEFAULT_MAX_REDIRECTS 5
#define ERROR_BODY_BYTES 4096

typedef struct
{
  gsize                  max_bytes;
  guint                  max_redirects;
  gboolean               allow_private;
  GStrv                  allowed_hosts;
  GenkitMediaFilterFunc  filter;
  gpointer               user_data;
  GDestroyNotify         destroy;
} Download;

static void
download_free (Download *download)
{
  if (download->destroy != NULL)
    download->destroy (download->user_data);
  g_strfreev (download->allowed_hosts);
  g_free (download);
}

/* Address checks -------------------------------------------------------------------------- */

static const char *
blocked_reason (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      /* ::ffff:a.b.c.d reaches the IPv4 address a.b.c.d */
      static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      if (memcmp (bytes, mapped_prefix, 12) == 0)
        {
          g_autoptr(GInetAddress) v4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

          return blocked_reason (v4);
        }
      if ((bytes[0] & 0xfe) == 0xfc)
        return "a private (unique local) address";
    }
  else
    {
      if (bytes[0] == 0)
        return "an unspecified address";
      if (bytes[0] == 100 && (bytes[1] & 0xc0) == 64)
        return "a private (shared, CGNAT) address";
      if (bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255)
        return "a broadcast address";
    }

  if (g_inet_address_get_is_any (address))
    return "an unspecified address";
  if (g_inet_address_get_is_loopback (address))
    return "a loopback address";
  if (g_inet_address_get_is_link_local (address))
    return "a link-local address";
  if (g_inet_address_get_is_site_local (address))
    return "a private address";
  if (g_inet_address_get_is_multicast (address))
    return "a multicast address";
  return NULL;
}

static gboolean
host_is_allowed (Download   *download,
                 const char *host)
{
  if (download->allow_private)
    return TRUE;
  for (guint i = 0; download->allowed_hosts != NULL && download->allowed_hosts[i] != NULL; i++)
    if (g_ascii_strcasecmp (download->allowed_hosts[i], host) == 0)
      return TRUE;
  return FALSE;
}

/* One download, with its redirects ---------------------------------------------------------- */

typedef struct
{
  Download                  *download;
  GenkitModelMiddlewareCall *call;
  GenkitGenerateRequest     *request;       /* the copy being rewritten */
  guint                      message_index;
  guint                      part_index;

  /* the download in progress */
  char                      *original_url;
  char                      *url;           /* current hop */
  char                      *host;
  gboolean                   host_trusted;
  guint                      hops;
  SoupSession               *session;
  SoupMessage               *message;
  GCancellable              *cancellable;   /* this download's; the call's cancels it */
  GSource                   *call_cancelled;
  char                      *refused;       /* why a connection was refused */
  GInputStream              *body;
  GByteArray                *bytes;
} DownloadState;

static void download_next_part (DownloadState *state);
static void download_hop (DownloadState *state);

static void
download_state_clear_transfer (DownloadState *state)
{
  g_clear_pointer (&state->url, g_free);
  g_clear_pointer (&state->original_url, g_free);
  g_clear_pointer (&state->host, g_free);
  g_clear_pointer (&state->refused, g_free);
  if (state->message != NULL)
    g_signal_handlers_disconnect_by_data (state->message, state);
  g_clear_object (&state->message);
  g_clear_object (&state->body);
  g_clear_pointer (&state->bytes, g_byte_array_unref);
}

static void
download_state_free (DownloadState *state)
{
  download_state_clear_transfer (state);
  if (state->call_cancelled != NULL)
    {
      g_source_destroy (state->call_cancelled);
      g_source_unref (state->call_cancelled);
    }
  g_clear_object (&state->cancellable);
  g_clear_object (&state->session);
  genkit_generate_request_unref (state->request);
  g_object_unref (state->call);
  g_free (state);
}

static void
download_fail (DownloadState *state,
               GError        *error)
{
  genkit_model_middleware_call_return_error (state->call, error);
  download_state_free (state);
}

static void
download_refuse (DownloadState *state,
                 const char    *why)
{
  download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_PERMISSION_DENIED,
                                     "downloadRequestMedia refused to fetch '%s': %s",
                                     state->original_url, why));
}

static JsonObject *
current_part (DownloadState *state)
{
  JsonArray *messages = _gk_object_get_array (genkit_generate_request_get_json_object (state->request), "messages");
  JsonArray *content = _gk_object_get_array (json_array_get_object_element (messages, state->message_index), "content");

  return json_array_get_object_element (content, state->part_index);
}

static void
download_part_done (DownloadState *state,
                    const char    *content_type)
{
  JsonArray *messages = _gk_object_get_array (genkit_generate_request_get_json_object (state->request), "messages");
  JsonArray *content = _gk_object_get_array (json_array_get_object_element (messages, state->message_index), "content");
  JsonObject *media = json_object_new ();
  JsonObject *part = json_object_new ();
  g_autofree char *base64 = g_base64_encode (state->bytes->data, state->bytes->len);
  g_autofree char *url = g_strdup_printf ("data:%s;base64,%s", content_type, base64);

  /* Genkit's replacement part keeps only the media (the part's metadata is dropped). */
  json_object_set_string_member (media, "contentType", content_type);
  json_object_set_string_member (media, "url", url);
  json_object_set_object_member (part, "media", media);
  {
    /* json-glib 1.6 cannot replace an element: rebuild the array with the new part in place. */
    JsonArray *rebuilt = json_array_new ();

    for (guint i = 0; i < json_array_get_length (content); i++)
      if (i == state->part_index)
        json_array_add_object_element (rebuilt, json_object_ref (part));
      else
        json_array_add_element (rebuilt, _gk_node_copy (json_array_get_element (content, i)));
    json_object_set_array_member (json_array_get_object_element (messages, state->message_index),
                                  "content", rebuilt);
  }
  json_object_unref (part);

  download_state_clear_transfer (state);
  state->part_index++;
  download_next_part (state);
}

static const char *
content_type_of (DownloadState *state)
{
  const char *given = _gk_object_get_string (_gk_object_get_object (current_part (state), "media"), "contentType");
  const char *header;

  if (given != NULL && *given != '\0')
    return given;
  header = soup_message_headers_get_one (soup_message_get_response_headers (state->message), "Content-Type");
  return header ? header : "";
}

static void download_read (DownloadState *state);

static void
download_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DownloadState *state = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  guint status = soup_message_get_status (state->message);

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      download_fail (state, g_error_new (GENKIT_ERROR, g_cancellable_is_cancelled (state->cancellable)
                                                       ? GENKIT_ERROR_CANCELLED : GENKIT_ERROR_UNAVAILABLE,
                                         "Error downloading media '%s': %s", state->original_url,
                                         error->message));
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      if (status == SOUP_STATUS_OK && state->bytes->len + g_bytes_get_size (chunk) > state->download->max_bytes)
        {
          download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                             "Media '%s' is larger than maxBytes (%" G_GSIZE_FORMAT " bytes)",
                                             state->original_url, state->download->max_bytes));
          return;
        }
      if (status != SOUP_STATUS_OK && state->bytes->len >= ERROR_BODY_BYTES)
        ;   /* enough of an error body for the message */
      else
        {
          g_byte_array_append (state->bytes, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
          download_read (state);
          return;
        }
    }

  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *text = g_utf8_make_valid ((const char *) state->bytes->data,
                                                 MIN (state->bytes->len, ERROR_BODY_BYTES));

      download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                         "HTTP error downloading media '%s': %s", state->original_url, text));
      return;
    }

  download_part_done (state, content_type_of (state));
}

static void
download_read (DownloadState *state)
{
  g_input_stream_read_bytes_async (state->body, 64 * 1024, G_PRIORITY_DEFAULT, state->cancellable,
                                   download_read_cb, state);
}

static void
download_send_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DownloadState *state = user_data;
  g_autoptr(GError) error = NULL;
  guint status;

  state->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (state->body == NULL)
    {
      if (state->refused != NULL)
        {
          g_autofree char *why = g_steal_pointer (&state->refused);

          download_refuse (state, why);
        }
      else
        download_fail (state, g_error_new (GENKIT_ERROR, g_cancellable_is_cancelled (state->cancellable)
                                                         ? GENKIT_ERROR_CANCELLED : GENKIT_ERROR_UNAVAILABLE,
                                           "Error downloading media '%s': %s", state->original_url,
                                           error->message));
      return;
    }

  status = soup_message_get_status (state->message);
  if (SOUP_STATUS_IS_REDIRECTION (status) &&
      soup_message_headers_get_one (soup_message_get_response_headers (state->message), "Location") != NULL)
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (state->message),
                                                           "Location");
      g_autoptr(GUri) next = NULL;
      g_autoptr(GUri) base = g_uri_parse (state->url, G_URI_FLAGS_ENCODED, NULL);

      next = base ? g_uri_parse_relative (base, location, G_URI_FLAGS_ENCODED, NULL) : NULL;
      if (next == NULL)
        {
          download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                             "Media '%s' redirected to an invalid location", state->original_url));
          return;
        }
      if (++state->hops > state->download->max_redirects)
        {
          download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                             "Media '%s' redirected more than %u times", state->original_url,
                                             state->download->max_redirects));
          return;
        }
      g_input_stream_close (state->body, NULL, NULL);
      g_clear_object (&state->body);
      g_signal_handlers_disconnect_by_data (state->message, state);
      g_clear_object (&state->message);
      g_free (state->url);
      state->url = g_uri_to_string (next);
      download_hop (state);
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (state->message));

      if (length > 0 && (guint64) length > state->download->max_bytes)
        {
          download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                             "Media '%s' is larger than maxBytes (%" G_GSIZE_FORMAT " bytes)",
                                             state->original_url, state->download->max_bytes));
          return;
        }
    }

  state->bytes = g_byte_array_new ();
  download_read (state);
}

/* The address a connection actually reached, checked before any byte of the request goes out. */
static void
download_network_event_cb (SoupMessage        *message,
                           GSocketClientEvent  event,
                           GIOStream          *connection,
                           gpointer            user_data)
{
  DownloadState *state = user_data;
  g_autoptr(GSocketAddress) remote = NULL;
  GInetAddress *address;
  const char *why;

  if (event != G_SOCKET_CLIENT_CONNECTED || state->host_trusted || !G_IS_SOCKET_CONNECTION (connection))
    return;

  remote = g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (connection), NULL);
  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    {
      state->refused = g_strdup ("the connection's address is unknown");
      g_cancellable_cancel (state->cancellable);
      return;
    }
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  if ((why = blocked_reason (address)) != NULL)
    {
      g_autofree char *text = g_inet_address_to_string (address);

      state->refused = g_strdup_printf ("%s connects to %s, %s", state->host, text, why);
      g_cancellable_cancel (state->cancellable);
    }
}

static void
download_send (DownloadState *state)
{
  g_autofree char *agent = g_strdup_printf ("genkit-studio/%s", PACKAGE_VERSION);

  state->message = soup_message_new (SOUP_METHOD_GET, state->url);
  if (state->message == NULL)
    {
      download_refuse (state, "the URL is not valid");
      return;
    }
  soup_message_add_flags (state->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (state->message), "User-Agent", agent);
  g_signal_connect (state->message, "network-event", G_CALLBACK (download_network_event_cb), state);
  soup_session_send_async (state->session, state->message, G_PRIORITY_DEFAULT, state->cancellable,
                           download_send_cb, state);
}

static void
download_resolve_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DownloadState *state = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (addresses == NULL)
    {
      download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                                         "Error downloading media '%s': %s", state->original_url,
                                         error->message));
      return;
    }

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      const char *why = blocked_reason (l->data);

      if (why != NULL)
        {
          g_autofree char *text = g_inet_address_to_string (l->data);
          g_autofree char *message = g_strdup_printf ("%s resolves to %s, %s", state->host, text, why);

          g_resolver_free_addresses (addresses);
          download_refuse (state, message);
          return;
        }
    }
  g_resolver_free_addresses (addresses);
  download_send (state);
}

/* Checks one hop's URL and host, then fetches it. */
static void
download_hop (DownloadState *state)
{
  g_autoptr(GUri) uri = g_uri_parse (state->url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GInetAddress) literal = NULL;
  const char *scheme;
  const char *why;
  g_autoptr(GResolver) resolver = NULL;

  if (uri == NULL)
    {
      download_refuse (state, "the URL is not valid");
      return;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_autofree char *why_scheme = g_strdup_printf ("only http and https URLs are fetched, not %s:", scheme);

      download_refuse (state, why_scheme);
      return;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      download_refuse (state, "the URL has no host");
      return;
    }

  g_free (state->host);
  state->host = g_strdup (g_uri_get_host (uri));
  state->host_trusted = host_is_allowed (state->download, state->host);
  if (state->host_trusted)
    {
      download_send (state);
      return;
    }

  literal = g_inet_address_new_from_string (state->host);
  if (literal != NULL)
    {
      if ((why = blocked_reason (literal)) != NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is %s", state->host, why);

          download_refuse (state, message);
          return;
        }
      download_send (state);
      return;
    }

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, state->host, state->cancellable, download_resolve_cb, state);
}

/* Decoded size of a data: URL's payload. */
static gsize
data_url_size (const char *url)
{
  const char *comma = strchr (url, ',');
  gsize length;

  if (comma == NULL)
    return 0;
  length = strlen (comma + 1);
  if (g_strstr_len (url, comma - url, ";base64") != NULL)
    return length / 4 * 3;
  return length;
}

static void
download_finish_request (DownloadState *state)
{
  g_autoptr(GenkitGenerateRequest) request = genkit_generate_request_ref (state->request);
  GenkitModelMiddlewareCall *call = g_object_ref (state->call);

  download_state_free (state);
  _gk_middleware_forward (call, request);
  g_object_unref (call);
}

/* Walks the parts and starts the next download, or calls the model when all are done. */
static void
download_next_part (DownloadState *state)
{
  JsonArray *messages = _gk_object_get_array (genkit_generate_request_get_json_object (state->request), "messages");

  for (; messages != NULL && state->message_index < json_array_get_length (messages);
       state->message_index++, state->part_index = 0)
    {
      JsonArray *content = _gk_object_get_array (json_array_get_object_element (messages, state->message_index),
                                                 "content");

      for (; content != NULL && state->part_index < json_array_get_length (content); state->part_index++)
        {
          JsonObject *part = json_array_get_object_element (content, state->part_index);
          const char *url = _gk_object_get_string (_gk_object_get_object (part, "media"), "url");

          if (url == NULL)
            continue;

          if (g_ascii_strncasecmp (url, "file:", 5) == 0)
            {
              state->original_url = g_strdup (url);
              download_refuse (state, "file: URLs are never read");
              return;
            }
          if (g_ascii_strncasecmp (url, "data:", 5) == 0)
            {
              if (data_url_size (url) > state->download->max_bytes)
                {
                  download_fail (state, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                                     "A data: URL media part is larger than maxBytes "
                                                     "(%" G_GSIZE_FORMAT " bytes)", state->download->max_bytes));
                  return;
                }
              continue;
            }
          if (g_ascii_strncasecmp (url, "http:", 5) != 0 && g_ascii_strncasecmp (url, "https:", 6) != 0)
            continue;   /* gs://, other schemes: for the model to read, as in Genkit */

          if (state->download->filter != NULL)
            {
              g_autoptr(GenkitPart) view = _genkit_part_wrap (part);

              if (!state->download->filter (view, state->download->user_data))
                continue;
            }

          state->original_url = g_strdup (url);
          state->url = g_strdup (url);
          state->hops = 0;
          download_hop (state);
          return;
        }
    }

  download_finish_request (state);
}

static gboolean
download_call_cancelled_cb (GCancellable *cancellable,
                            gpointer      user_data)
{
  DownloadState *state = user_data;

  g_cancellable_cancel (state->cancellable);
  return G_SOURCE_REMOVE;
}

static void
download_mw (GenkitModelMiddlewareCall *call,
             GenkitGenerateRequest     *request,
             gpointer                   user_data)
{
  DownloadState *state = g_new0 (DownloadState, 1);
  GCancellable *call_cancellable = genkit_model_middleware_call_get_cancellable (call);

  state->download = user_data;
  state->call = g_object_ref (call);
  state->request = genkit_generate_request_copy (request);
  state->cancellable = g_cancellable_new ();
  if (call_cancellable != NULL)
    {
      state->call_cancelled = g_cancellable_source_new (call_cancellable);
      g_source_set_callback (state->call_cancelled, G_SOURCE_FUNC (download_call_cancelled_cb), state, NULL);
      g_source_attach (state->call_cancelled, g_main_context_get_thread_default ());
    }
  /* No proxy: a proxy would hide the address each connection reaches. */
  state->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 60, NULL);
  download_next_part (state);
}

/**
 * genkit_download_request_media_middleware_new:
 * @options: (nullable): `maxBytes` (the most bytes one media may have, downloaded or in a
 *   `data:` URL; default 20 MiB), `maxRedirects` (default 5), `allowedHosts` (host names or
 *   addresses, as written in URLs, that may be fetched even when private, e.g. a local test
 *   server), `allowPrivateNetworks` (fetch loopback, private and link-local addresses too;
 *   default false, for development only)
 * @filter: (nullable) (scope notified) (closure user_data) (destroy destroy): which http(s)
 *   media parts to download; %NULL downloads all of them
 * @user_data: data for @filter
 * @destroy: (nullable): frees @user_data
 * @error: return location for an error: `INVALID_ARGUMENT` for bad options
 *
 * Makes Genkit's `downloadRequestMedia` middleware: every `http`/`https` media URL of the
 * request is fetched and the part replaced by `{"media": {"contentType", "url": "data:…"}}`
 * (the part's `contentType`, else the response's `Content-Type`). Other URL schemes (`gs:`)
 * pass unchanged.
 *
 * Unlike Genkit's, it defends against server-side request forgery: `file:` URLs, `data:` URLs
 * over `maxBytes`, and hosts that are (or resolve to, or connect to) loopback, private,
 * link-local, unspecified, multicast or broadcast addresses fail the call with
 * `PERMISSION_DENIED` or `INVALID_ARGUMENT`; redirects are followed by hand and each hop is
 * checked; proxies are not used; a body over `maxBytes` fails with `INVALID_ARGUMENT`. An HTTP
 * status other than 200 fails with `INTERNAL` "HTTP error downloading media '<url>': <body>",
 * network failures with `UNAVAILABLE`.
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
GenkitModelMiddleware *
genkit_download_request_media_middleware_new (JsonObject             *options,
                                              GenkitMediaFilterFunc   filter,
                                              gpointer                user_data,
                                              GDestroyNotify          destroy,
                                              GError                **error)
{
  JsonNode *max_bytes = options ? json_object_get_member (options, "maxBytes") : NULL;
  JsonNode *max_redirects = options ? json_object_get_member (options, "maxRedirects") : NULL;
  JsonNode *allow_private = options ? json_object_get_member (options, "allowPrivateNetworks") : NULL;
  JsonNode *allowed_hosts = options ? json_object_get_member (options, "allowedHosts") : NULL;
  g_autoptr(GStrvBuilder) hosts = g_strv_builder_new ();
  Download *download;

  if (max_bytes != NULL && (!JSON_NODE_HOLDS_VALUE (max_bytes) ||
                            (json_node_get_value_type (max_bytes) != G_TYPE_INT64 &&
                             json_node_get_value_type (max_bytes) != G_TYPE_DOUBLE) ||
                            json_node_get_double (max_bytes) < 0))
    goto bad;
  if (max_redirects != NULL && (!JSON_NODE_HOLDS_VALUE (max_redirects) ||
                                json_node_get_value_type (max_redirects) != G_TYPE_INT64 ||
                                json_node_get_int (max_redirects) < 0))
    goto bad;
  if (allow_private != NULL && (!JSON_NODE_HOLDS_VALUE (allow_private) ||
                                json_node_get_value_type (allow_private) != G_TYPE_BOOLEAN))
    goto bad;
  if (allowed_hosts != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (allowed_hosts))
        goto bad;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (allowed_hosts)); i++)
        {
          JsonNode *host = json_array_get_element (json_node_get_array (allowed_hosts), i);

          if (!JSON_NODE_HOLDS_VALUE (host) || json_node_get_value_type (host) != G_TYPE_STRING)
            goto bad;
          g_strv_builder_add (hosts, json_node_get_string (host));
        }
    }

  download = g_new0 (Download, 1);
  download->max_bytes = max_bytes ? (gsize) json_node_get_double (max_bytes) : DEFAULT_MAX_BYTES;
  download->max_redirects = max_redirects ? (guint) json_node_get_int (max_redirects) : DEFAULT_MAX_REDIRECTS;
  download->allow_private = allow_private != NULL && json_node_get_boolean (allow_private);
  download->allowed_hosts = g_strv_builder_end (hosts);
  download->filter = filter;
  download->user_data = user_data;
  download->destroy = destroy;
  return genkit_model_middleware_new ("downloadRequestMedia", download_mw, download,
                                      (GDestroyNotify) download_free);

bad:
  g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "downloadRequestMedia: maxBytes and maxRedirects must be non-negative numbers, "
                       "allowPrivateNetworks a boolean and allowedHosts an array of strings");
  if (destroy != NULL)
    destroy (user_data);
  return NULL;
}
