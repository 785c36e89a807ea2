/* genkit-ai-private.h — helpers shared by the generate, model and tool files of the engine
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

#include "genkit-types.h"
#include "genkit-part.h"
#include "genkit-message.h"
#include "genkit-document.h"
#include "genkit-generation-usage.h"
#include "genkit-generate-request.h"
#include "genkit-generate-response.h"
#include "genkit-generate-response-chunk.h"
#include "genkit-model-middleware.h"
#include "genkit-model-middleware-call.h"
#include "genkit-model-call.h"
#include "genkit-generate-options.h"

G_BEGIN_DECLS

/* Strict shape checks ------------------------------------------------------------------------ *
 *
 * Every data type of the generate model checks its JSON the way Genkit's Zod schemas do and
 * names the failing field by its path (`messages[1].content[0].toolRequest.name`). */

typedef enum
{
  GK_STRING,
  GK_BOOLEAN,
  GK_NUMBER,
  GK_OBJECT,
  GK_ARRAY,
  GK_STRING_ARRAY,
  GK_NUMBER_ARRAY,
  GK_ANY,
} GkType;

typedef struct
{
  const char  *what;      /* "GenerateRequest", for the message */
  GError     **error;
} GkCheck;

char     *_gk_path_member        (const char  *path,
                                  const char  *member);
char     *_gk_path_index         (const char  *path,
                                  guint        index);
gboolean  _gk_fail               (GkCheck     *check,
                                  const char  *path,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (3, 4);
gboolean  _gk_check_node         (GkCheck     *check,
                                  JsonNode    *node,
                                  const char  *path,
                                  GkType       type);
gboolean  _gk_check_member       (GkCheck     *check,
                                  JsonObject  *object,
                                  const char  *path,
                                  const char  *member,
                                  GkType       type,
                                  gboolean     required);
gboolean  _gk_check_enum_member  (GkCheck     *check,
                                  JsonObject  *object,
                                  const char  *path,
                                  const char  *member,
                                  const char  *const *allowed,
                                  gboolean     required);

gboolean  _genkit_part_check          (GkCheck     *check,
                                       JsonNode    *node,
                                       const char  *path);
gboolean  _genkit_message_check       (GkCheck     *check,
                                       JsonNode    *node,
                                       const char  *path);
gboolean  _genkit_document_check      (GkCheck     *check,
                                       JsonNode    *node,
                                       const char  *path);
gboolean  _genkit_usage_check         (GkCheck     *check,
                                       JsonNode    *node,
                                       const char  *path);
gboolean  _genkit_request_check       (GkCheck     *check,
                                       JsonNode    *node,
                                       const char  *path);
gboolean  _genkit_parts_check         (GkCheck     *check,
                                       JsonObject  *object,
                                       const char  *path,
                                       const char  *member,
                                       gboolean     required);

/* Wrapping a checked object without copying it (the views of the data types share storage). */
GenkitPart     *_genkit_part_wrap         (JsonObject *object);
GenkitMessage  *_genkit_message_wrap      (JsonObject *object);
GenkitDocument *_genkit_document_wrap     (JsonObject *object);
GenkitGenerationUsage *_genkit_usage_wrap (JsonObject *object);
GenkitGenerateRequest *_genkit_request_wrap (JsonObject *object);
GenkitGenerateResponse *_genkit_response_wrap (JsonObject *object);
GenkitGenerateResponseChunk *_genkit_chunk_wrap (JsonObject *object);

/* Small JSON helpers ------------------------------------------------------------------------ */

JsonNode   *_gk_node_take_object    (JsonObject  *object);
JsonNode   *_gk_node_new_string     (const char  *string);
JsonNode   *_gk_node_copy           (JsonNode    *node);
JsonObject *_gk_object_copy         (JsonObject  *object);
JsonArray  *_gk_array_copy          (JsonArray   *array);
const char *_gk_object_get_string   (JsonObject  *object,
                                     const char  *member);
JsonObject *_gk_object_get_object   (JsonObject  *object,
                                     const char  *member);
JsonArray  *_gk_object_get_array    (JsonObject  *object,
                                     const char  *member);
gboolean    _gk_object_get_boolean  (JsonObject  *object,
                                     const char  *member,
                                     gboolean     default_value);
gboolean    _gk_node_is_truthy      (JsonNode    *node);
char       *_gk_parts_text          (JsonArray   *parts,
                                     const char  *kind);
JsonNode   *_gk_parse_literal       (const char  *json);
char       *_gk_json_stringify      (JsonNode    *node);

/* Output formats (js/ai/src/formats) --------------------------------------------------------- */

typedef struct _GkFormat GkFormat;

const GkFormat *_genkit_format_lookup            (const char   *name);
const char     *_genkit_format_get_name          (const GkFormat *format);
JsonObject     *_genkit_format_get_config        (const GkFormat *format);
gboolean        _genkit_format_check_schema      (const GkFormat *format,
                                                  JsonNode     *schema,
                                                  GError      **error);
char           *_genkit_format_instructions      (const GkFormat *format,
                                                  JsonNode     *schema);
JsonNode       *_genkit_format_parse_message     (const char   *format_name,
                                                  JsonArray    *content);
JsonNode       *_genkit_format_parse_chunk       (const char   *format_name,
                                                  const char   *previous_text,
                                                  gboolean      has_previous,
                                                  JsonArray    *content);

/* The output a message holds: the format's parse of it, else its first data part, else the
 * JSON found in its text (Genkit's `Message.output`). */
JsonNode       *_genkit_message_output           (JsonArray    *content,
                                                  const char   *format_name);

void  _genkit_generate_response_set_format  (GenkitGenerateResponse      *self,
                                             const char                  *format);
void  _genkit_chunk_set_stream_state        (GenkitGenerateResponseChunk *self,
                                             const char                  *previous_text,
                                             gboolean                     has_previous,
                                             const char                  *format);

/* The JSON Schemas Genkit publishes for its AI actions (zod-to-json-schema output) ---------- */

JsonNode *_genkit_schema_generate_request        (void);
JsonNode *_genkit_schema_generate_response       (void);
JsonNode *_genkit_schema_generate_response_chunk (void);
JsonNode *_genkit_schema_generate_action_options (void);
JsonNode *_genkit_schema_multipart_tool_response (void);
JsonNode *_genkit_schema_embed_request           (JsonNode *options_schema);
JsonNode *_genkit_schema_embed_response          (void);
JsonNode *_genkit_schema_retriever_request       (JsonNode *options_schema);
JsonNode *_genkit_schema_retriever_response      (void);
JsonNode *_genkit_schema_indexer_request         (JsonNode *options_schema);
JsonNode *_genkit_schema_reranker_request        (JsonNode *options_schema);
JsonNode *_genkit_schema_reranker_response       (void);
JsonNode *_genkit_schema_agent_input             (void);
JsonNode *_genkit_schema_agent_init              (void);
JsonNode *_genkit_schema_agent_output            (void);
JsonNode *_genkit_schema_agent_snapshot_request  (void);
JsonNode *_genkit_schema_session_snapshot        (void);
JsonNode *_genkit_schema_agent_abort_request     (void);
JsonNode *_genkit_schema_agent_abort_response    (void);


/* Model middleware chains ------------------------------------------------------------------- *
 *
 * One chain runs a list of [class@Genkit.ModelMiddleware], outermost first; past the last one
 * the chain's final function calls the model. Generate builds one per model call from the
 * call-time `use` list; a model builds one per run from its own `use` list and the built-in
 * context and constrained-output simulation. */

typedef struct _GkModelChain GkModelChain;

/* Calls the model with @request and returns a GenkitGenerateResponse through @task, which it
 * owns. */
typedef void (*GkModelFinalFunc) (GkModelChain          *chain,
                                  GenkitGenerateRequest *request,
                                  GTask                 *task,
                                  gpointer               user_data);

GkModelChain *_gk_model_chain_new          (GPtrArray             *middleware,
                                            GenkitRegistry        *registry,
                                            GenkitActionRun       *parent,
                                            JsonObject            *context,
                                            GCancellable          *cancellable,
                                            gboolean               streaming,
                                            GenkitStreamFunc       chunk_func,
                                            gpointer               chunk_data,
                                            GkModelFinalFunc       final,
                                            gpointer               final_data,
                                            GDestroyNotify         final_destroy);
GkModelChain *_gk_model_chain_ref          (GkModelChain          *chain);
void          _gk_model_chain_unref        (GkModelChain          *chain);
void          _gk_model_chain_run_async    (GkModelChain          *chain,
                                            guint                  index,
                                            GenkitGenerateRequest *request,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
GenkitGenerateResponse *_gk_model_chain_run_finish (GAsyncResult   *result,
                                                    GError        **error);

GenkitRegistry  *_gk_model_chain_get_registry     (GkModelChain *chain);
GenkitActionRun *_gk_model_chain_get_parent       (GkModelChain *chain);
JsonObject      *_gk_model_chain_get_context      (GkModelChain *chain);
GCancellable    *_gk_model_chain_get_cancellable  (GkModelChain *chain);
gboolean         _gk_model_chain_is_streaming     (GkModelChain *chain);
void             _gk_model_chain_send_chunk       (GkModelChain *chain,
                                                   JsonNode     *chunk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkModelChain, _gk_model_chain_unref)

GenkitModelMiddlewareCall *_genkit_model_middleware_call_new (GenkitModelMiddleware *middleware,
                                                              GkModelChain          *chain,
                                                              guint                  index,
                                                              GenkitGenerateRequest *request,
                                                              GTask                 *task);
void _gk_middleware_forward          (GenkitModelMiddlewareCall *call,
                                      GenkitGenerateRequest     *request);
void _genkit_model_middleware_invoke (GenkitModelMiddleware     *self,
                                      GenkitModelMiddlewareCall *call,
                                      GenkitGenerateRequest     *request);

/* Genkit's `injectInstructions` for the constrained-generation simulation. */
JsonArray *_genkit_inject_instructions (JsonArray  *messages,
                                        const char *instructions);

/* Models and tools --------------------------------------------------------------------------- */

JsonObject *_genkit_model_get_supports (GenkitAction *model);
GenkitModelCall *_genkit_model_call_new (GenkitAction          *model,
                                         GenkitActionRun       *run,
                                         GenkitGenerateRequest *request);

/* Prepares @options so that the tool sees its request's metadata (and `resumed`, for a
 * restart) through genkit_tool_get_resumed() and genkit_tool_get_request_metadata(). */
void      _genkit_tool_prepare_call   (GenkitAction     *tool,
                                       GenkitRunOptions *options,
                                       JsonObject       *request_metadata);
JsonNode *_genkit_tool_definition     (GenkitAction     *tool);

GPtrArray  *_genkit_generate_options_get_middleware (GenkitGenerateOptions *self);
JsonObject *_genkit_generate_options_get_context    (GenkitGenerateOptions *self);
GenkitGenerateChunkFunc _genkit_generate_options_get_chunk_func (GenkitGenerateOptions *self,
                                                                 gpointer              *user_data);
gboolean  _genkit_tool_is_multipart   (GenkitAction     *tool);


/* Running an action by key, for the retrieval helpers -------------------------------------- */

void       _gk_run_key_async        (GenkitRegistry      *registry,
                                     GenkitActionRun     *parent,
                                     const char          *key,
                                     JsonNode            *input,
                                     GCancellable        *cancellable,
                                     gpointer             source,
                                     gpointer             source_tag,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
JsonNode  *_gk_run_key_finish       (GAsyncResult        *result,
                                     GError             **error);
GPtrArray *_gk_documents_from_array (JsonArray           *array);
JsonArray *_gk_documents_to_array   (GPtrArray           *documents);
gboolean   _gk_check_schema         (JsonNode            *schema,
                                     GError             **error);
gboolean   _gk_describe_retrieval_action (GenkitAction   *action,
                                          const char     *type,
                                          const char     *info_member,
                                          JsonObject     *info,
                                          JsonNode       *config_schema,
                                          JsonNode       *input_schema,
                                          JsonNode       *output_schema,
                                          GError        **error);
char      *_gk_action_key           (const char          *type,
                                     const char          *name);

G_END_DECLS
