/* genkit-provider-private.h — what the providers share: HTTP, keys, JSON helpers
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <libsoup/soup.h>

#include "genkit-provider-plugin.h"
#include "genkit-provider-stream.h"

G_BEGIN_DECLS

/* The provider plugin's hooks for its subclasses ------------------------------------------- */

gpointer    _genkit_provider_plugin_get_client        (GenkitProviderPlugin *self);
void        _genkit_provider_plugin_set_key_env_vars  (GenkitProviderPlugin *self,
                                                       const char * const   *env_vars);
void        _genkit_provider_plugin_set_key_required  (GenkitProviderPlugin *self,
                                                       gboolean              required);
void        _genkit_provider_plugin_set_discovery_cache_seconds (GenkitProviderPlugin *self,
                                                                 guint                 seconds);
char       *_genkit_provider_plugin_build_url         (GenkitProviderPlugin *self,
                                                       const char           *path);
void        _genkit_provider_plugin_set_default_base_url (GenkitProviderPlugin *self,
                                                          const char           *env_var,
                                                          const char           *fallback);

/* HTTP ------------------------------------------------------------------------------------ */

typedef enum
{
  GENKIT_PROVIDER_STREAM_NONE,
  GENKIT_PROVIDER_STREAM_SSE,
  GENKIT_PROVIDER_STREAM_NDJSON,
} GenkitProviderStream;

/* One event of a streamed answer: for SSE the event's name (or %NULL) and its data parsed as
 * JSON, or %NULL data for OpenAI's `data: [DONE]`; for NDJSON a %NULL name and the line. */
typedef gboolean (*GenkitProviderEventFunc) (const char  *event,
                                             JsonNode    *data,
                                             gpointer     user_data,
                                             GError     **error);

/* A non-streamed answer (or the headers of a streamed one). */
typedef struct
{
  guint     status;
  char     *content_type;
  GBytes   *body;           /* %NULL for a streamed answer */
  JsonNode *json;           /* the body, when it is JSON */
} GenkitProviderReply;

void                 _genkit_provider_reply_free (GenkitProviderReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitProviderReply, _genkit_provider_reply_free)

#define GENKIT_TYPE_PROVIDER_CLIENT (_genkit_provider_client_get_type ())
G_DECLARE_FINAL_TYPE (GenkitProviderClient, _genkit_provider_client, GENKIT, PROVIDER_CLIENT, GObject)

GenkitProviderClient *_genkit_provider_client_new            (const char              *label);
const char           *_genkit_provider_client_get_label      (GenkitProviderClient    *self);
void                  _genkit_provider_client_set_timeout_ms (GenkitProviderClient    *self,
                                                              guint                    timeout_ms);
guint                 _genkit_provider_client_get_timeout_ms (GenkitProviderClient    *self);
SoupSession          *_genkit_provider_client_get_session    (GenkitProviderClient    *self);
void                  _genkit_provider_client_request_full_async (GenkitProviderClient *self,
                                                              const char              *method,
                                                              const char              *url,
                                                              const char * const      *headers,
                                                              JsonNode                *body,
                                                              GenkitProviderStream     stream,
                                                              GenkitProviderEventFunc  on_event,
                                                              gpointer                 event_data,
                                                              guint                    timeout_ms,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
void                  _genkit_provider_client_request_async  (GenkitProviderClient    *self,
                                                              const char              *method,
                                                              const char              *url,
                                                              const char * const      *headers,
                                                              JsonNode                *body,
                                                              GenkitProviderStream     stream,
                                                              GenkitProviderEventFunc  on_event,
                                                              gpointer                 event_data,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
GenkitProviderReply  *_genkit_provider_client_request_finish (GenkitProviderClient    *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);

GError *_genkit_provider_error_from_http (const char          *label,
                                          guint                status,
                                          const char          *reason,
                                          SoupMessageHeaders  *headers,
                                          const guint8        *body,
                                          gsize                body_len,
                                          const char * const  *secrets);
GError *_genkit_provider_error_from_body (const char          *label,
                                          JsonNode            *body,
                                          int                  fallback_code,
                                          const char * const  *secrets);
char   *_genkit_provider_redact          (const char          *text,
                                          const char * const  *secrets);
GenkitError _genkit_provider_code_from_http_status (guint status);

/* Keys ------------------------------------------------------------------------------------ */

/* Finds a key: the keyring (libsecret, schema io.github.genkitstudio.Studio.ApiKey, attribute
 * `provider`) unless @use_keyring is FALSE, then each of @env_vars. Finishes with %NULL (and no
 * error) when there is none; never fails. */
void   _genkit_provider_lookup_key_async  (const char           *provider,
                                           const char * const   *env_vars,
                                           gboolean              use_keyring,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
char  *_genkit_provider_lookup_key_finish (GAsyncResult         *result);

/* JSON ------------------------------------------------------------------------------------ */

JsonNode   *_genkit_provider_json_parse_bytes  (GBytes              *bytes,
                                                GError             **error);
const char *_genkit_provider_json_get_string   (JsonObject          *object,
                                                const char          *member);
JsonObject *_genkit_provider_json_get_object   (JsonObject          *object,
                                                const char          *member);
JsonArray  *_genkit_provider_json_get_array    (JsonObject          *object,
                                                const char          *member);
gboolean    _genkit_provider_json_get_number   (JsonObject          *object,
                                                const char          *member,
                                                double              *value);
gboolean    _genkit_provider_json_get_bool     (JsonObject          *object,
                                                const char          *member,
                                                gboolean             fallback);
gboolean    _genkit_provider_json_copy_member  (JsonObject          *to,
                                                const char          *to_member,
                                                JsonObject          *from,
                                                const char          *from_member);
JsonNode   *_genkit_provider_json_take_object  (JsonObject          *object);
JsonObject *_genkit_provider_json_object_parse (const char          *text);
char       *_genkit_provider_json_to_string    (JsonNode            *node);
JsonNode   *_genkit_provider_json_clean_schema (JsonNode            *schema,
                                                const char * const  *drop);

/* Generate helpers ------------------------------------------------------------------------ */

gboolean                _genkit_provider_parse_data_url        (const char            *url,
                                                                char                 **mime_type,
                                                                char                 **base64);
JsonObject             *_genkit_provider_request_get_config    (GenkitGenerateRequest *request);
JsonNode               *_genkit_provider_parse_tool_arguments  (const char            *arguments);
char                   *_genkit_provider_tool_output_to_string (GenkitPart            *part);
char                   *_genkit_provider_text_of_parts         (GenkitMessage         *message);
void                    _genkit_provider_send_chunk            (GenkitModelCall       *call,
                                                                GenkitPart            *part);
void                    _genkit_provider_usage_set             (GenkitGenerationUsage *usage,
                                                                const char            *name,
                                                                JsonObject            *from,
                                                                const char            *member);
GenkitGenerateResponse *_genkit_provider_response_new          (GenkitMessage         *message,
                                                                GenkitFinishReason     reason,
                                                                const char            *finish_message,
                                                                GenkitGenerationUsage *usage);
JsonArray              *_genkit_provider_function_tools        (GenkitGenerateRequest *request);
GArray                 *_genkit_provider_vector_of_array       (JsonArray             *values);

/* The model options of a provider's model: label, supports, configSchema. */
JsonObject             *_genkit_provider_model_info_new        (const char            *label,
                                                                gboolean               multiturn,
                                                                gboolean               media,
                                                                gboolean               tools,
                                                                gboolean               system_role,
                                                                const char            *constrained,
                                                                JsonNode              *config_schema);

/* Discovery (genkit-provider-discover.c) ---------------------------------------------------- */

/* Reads one object of a provider's model list: its @id and @kind (`model` or `embedder`),
 * both pointing into @item or static; %FALSE leaves it out. */
typedef gboolean (*GenkitProviderModelFunc) (GenkitProviderPlugin  *plugin,
                                             JsonObject            *item,
                                             const char           **id,
                                             const char           **kind);

/* GETs @url (with the client's timeout, or @timeout_ms when not 0) and reads the answer's
 * @list_member array (a static string) with @read_model; a provider's `discover` and
 * `discover_finish`. */
void       _genkit_provider_discover_async  (GenkitProviderPlugin    *plugin,
                                             const char              *url,
                                             const char * const      *headers,
                                             guint                    timeout_ms,
                                             const char              *list_member,
                                             GenkitProviderModelFunc  read_model,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
GPtrArray *_genkit_provider_discover_finish (GenkitProviderPlugin    *plugin,
                                             GAsyncResult            *result,
                                             GError                 **error);

/* Embeddings (genkit-provider-embed.c) ------------------------------------------------------ */

/* Finds, in an embed answer (%NULL when the body was not JSON), the array that holds one
 * vector per document; %NULL without @error set when there is none, %NULL with @error set
 * when the answer itself is an error. */
typedef JsonArray *(*GenkitProviderEmbeddingsFunc) (JsonNode    *answer,
                                                    const char  *label,
                                                    GError     **error);
/* Reads the vector of one item of that array; %NULL when it is malformed. */
typedef GArray    *(*GenkitProviderVectorFunc)     (JsonNode    *item);

/* POSTs @body to @url and returns to @run one vector per document (or a `DATA_LOSS` error
 * when the answer does not hold exactly @n_documents well-formed vectors, in order). */
void       _genkit_provider_embed_async       (GenkitProviderPlugin         *plugin,
                                               GenkitActionRun              *run,
                                               guint                         n_documents,
                                               const char                   *url,
                                               const char * const           *headers,
                                               JsonNode                     *body,
                                               GenkitProviderEmbeddingsFunc  embeddings_of,
                                               GenkitProviderVectorFunc      vector_of);
/* An item that is itself the array of numbers (Cloudflare, Ollama). */
GArray    *_genkit_provider_vector_of_node    (JsonNode                     *item);
/* The answer's top-level `embeddings` array (Gemini, Ollama). */
JsonArray *_genkit_provider_embeddings_member (JsonNode                     *answer,
                                               const char                   *label,
                                               GError                      **error);

G_END_DECLS
