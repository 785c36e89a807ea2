/* genkit-model-middleware.h — a middleware around model calls, and Genkit's seven built-in ones
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-part.h"
#include "genkit-document.h"
#include "genkit-generate-request.h"

G_BEGIN_DECLS

typedef struct _GenkitModelMiddlewareCall GenkitModelMiddlewareCall;

/**
 * GenkitModelMiddlewareFunc:
 * @call: this invocation: call [method@Genkit.ModelMiddlewareCall.next_async] to run the rest
 *   of the chain (and finally the model), then complete @call with
 *   [method@Genkit.ModelMiddlewareCall.return_response] or
 *   [method@Genkit.ModelMiddlewareCall.return_error]
 * @request: (transfer none): the request this layer received
 * @user_data: the data given to [ctor@Genkit.ModelMiddleware.new]
 *
 * A model middleware, Genkit's `ModelMiddleware` `(req, next) => Promise<GenerateResponse>`
 * (`js/ai/src/model.ts`). It may change the request (copy it with
 * [method@Genkit.GenerateRequest.copy] first), call the next layer several times (retry), call
 * another model (fallback), or answer without calling it. It must complete @call exactly once.
 */
typedef void (*GenkitModelMiddlewareFunc) (GenkitModelMiddlewareCall *call,
                                           GenkitGenerateRequest     *request,
                                           gpointer                   user_data);

/**
 * GenkitMiddlewareErrorFunc:
 * @error: the error that made the middleware retry or fall back
 * @attempt: for retry, the number of the retry about to happen (1 for the first); for
 *   fallback, 0
 * @user_data: the data given with the callback
 *
 * Genkit's `onError` option of `retry` and `fallback`: told about every error that is retried
 * or that moves on to the next model.
 */
typedef void (*GenkitMiddlewareErrorFunc) (const GError *error,
                                           guint         attempt,
                                           gpointer      user_data);

/**
 * GenkitMediaFilterFunc:
 * @part: a media part with an `http(s)` URL
 * @user_data: the data given with the callback
 *
 * The `filter` option of `downloadRequestMedia`: whether to download this part.
 *
 * Returns: %TRUE to download and inline the part, %FALSE to leave it as it is
 */
typedef gboolean (*GenkitMediaFilterFunc) (GenkitPart *part,
                                           gpointer    user_data);

/**
 * GenkitContextItemFunc:
 * @document: one context document
 * @index: its position in `docs`, from 0
 * @user_data: the data given with the callback
 *
 * The `itemTemplate` option of `augmentWithContext`: renders one document.
 *
 * Returns: (transfer full): the text for the document, e.g. `- [0]: Paris is in France\n`
 */
typedef char *(*GenkitContextItemFunc) (GenkitDocument *document,
                                        guint           index,
                                        gpointer        user_data);

/**
 * GenkitInstructionsFunc:
 * @schema: (transfer none): the output JSON Schema of the request
 * @user_data: the data given with the callback
 *
 * The `instructionsRenderer` option of `simulateConstrainedGeneration`.
 *
 * Returns: (transfer full): the instructions for the model
 */
typedef char *(*GenkitInstructionsFunc) (JsonNode *schema,
                                         gpointer  user_data);

#define GENKIT_TYPE_MODEL_MIDDLEWARE (genkit_model_middleware_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitModelMiddleware, genkit_model_middleware, GENKIT, MODEL_MIDDLEWARE, GObject)

/**
 * GenkitModelMiddlewareFactory:
 * @config: (transfer none) (nullable): the `config` of the `use` entry, e.g.
 *   `{"maxRetries": 2}`
 * @user_data: the data given to [func@Genkit.register_model_middleware]
 * @error: return location for an error, e.g. `INVALID_ARGUMENT` for a bad config
 *
 * Makes a middleware from a `{"name", "config"}` reference of `GenerateActionOptions.use`, the
 * way Genkit's registered middleware definitions are instantiated with their config.
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
typedef GenkitModelMiddleware *(*GenkitModelMiddlewareFactory) (JsonNode  *config,
                                                                gpointer   user_data,
                                                                GError   **error);

GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_model_middleware_new      (const char                *name,
                                                         GenkitModelMiddlewareFunc  func,
                                                         gpointer                   user_data,
                                                         GDestroyNotify             destroy);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_model_middleware_get_name (GenkitModelMiddleware     *self);

GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_model_middleware_new_builtin (const char *name,
                                                            JsonNode   *config,
                                                            GError    **error);

GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_retry_middleware_new            (JsonObject                *options,
                                                               GenkitMiddlewareErrorFunc  on_error,
                                                               gpointer                   user_data,
                                                               GDestroyNotify             destroy,
                                                               GError                   **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_fallback_middleware_new         (JsonObject                *options,
                                                               GenkitMiddlewareErrorFunc  on_error,
                                                               gpointer                   user_data,
                                                               GDestroyNotify             destroy,
                                                               GError                   **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_simulate_system_prompt_middleware_new (const char            *preface,
                                                                     const char            *acknowledgement);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_augment_with_context_middleware_new (JsonObject            *options,
                                                                   GenkitContextItemFunc  item_template,
                                                                   gpointer               user_data,
                                                                   GDestroyNotify         destroy,
                                                                   GError               **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_download_request_media_middleware_new (JsonObject            *options,
                                                                     GenkitMediaFilterFunc  filter,
                                                                     gpointer               user_data,
                                                                     GDestroyNotify         destroy,
                                                                     GError               **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_validate_support_middleware_new (const char                *name,
                                                               JsonObject                *supports);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_simulate_constrained_generation_middleware_new (GenkitInstructionsFunc renderer,
                                                                              gpointer               user_data,
                                                                              GDestroyNotify         destroy);

GENKIT_AVAILABLE_IN_ALL
void     genkit_register_model_middleware         (GenkitRegistry               *registry,
                                                   const char                   *name,
                                                   GenkitModelMiddlewareFactory  factory,
                                                   gpointer                      user_data,
                                                   GDestroyNotify                destroy);
GENKIT_AVAILABLE_IN_ALL
void     genkit_register_builtin_model_middleware (GenkitRegistry               *registry);
GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware *genkit_lookup_model_middleware (GenkitRegistry           *registry,
                                                       const char               *name,
                                                       JsonNode                 *config,
                                                       GError                  **error);

G_END_DECLS
