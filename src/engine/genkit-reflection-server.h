/* genkit-reflection-server.h — Genkit's reflection API v1 over HTTP, for any runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-runtime.h"
#include "genkit-reflection-v2-client.h"

G_BEGIN_DECLS

/**
 * GENKIT_REFLECTION_API_SPEC_VERSION:
 *
 * The reflection API version this engine speaks, `reflectionApiSpecVersion` in discovery
 * files and `/api/notify`. The Genkit CLI refuses runtimes reporting a higher one.
 */
#define GENKIT_REFLECTION_API_SPEC_VERSION 1

/**
 * GENKIT_REFLECTION_DEFAULT_MAX_BODY_SIZE:
 *
 * The largest request body the reflection server accepts by default, in bytes: 30 MB, the
 * limit of the JavaScript runtime's JSON body parser.
 */
#define GENKIT_REFLECTION_DEFAULT_MAX_BODY_SIZE (30 * 1024 * 1024)

#define GENKIT_TYPE_REFLECTION_SERVER (genkit_reflection_server_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitReflectionServer, genkit_reflection_server, GENKIT, REFLECTION_SERVER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitReflectionServer *genkit_reflection_server_new               (GenkitRuntime          *runtime);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime          *genkit_reflection_server_get_runtime       (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                genkit_reflection_server_listen            (GenkitReflectionServer *self,
                                                                    guint                   port,
                                                                    GError                **error);
GENKIT_AVAILABLE_IN_ALL
gboolean                genkit_reflection_server_listen_any        (GenkitReflectionServer *self,
                                                                    GError                **error);
GENKIT_AVAILABLE_IN_ALL
guint                   genkit_reflection_server_get_port          (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_reflection_server_get_url           (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_reflection_server_get_runtime_id    (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_reflection_server_set_max_body_size (GenkitReflectionServer *self,
                                                                    gsize                   max_bytes);
GENKIT_AVAILABLE_IN_ALL
gboolean                genkit_reflection_server_write_runtime_file (GenkitReflectionServer *self,
                                                                     const char             *project_root,
                                                                     GError                **error);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_reflection_server_get_runtime_file  (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_reflection_server_stop              (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
GenkitReflectionV2Client *genkit_reflection_server_get_v2_client (GenkitReflectionServer *self);
GENKIT_AVAILABLE_IN_ALL
GenkitReflectionServer *genkit_reflection_server_start_dev         (GenkitRegistry         *registry,
                                                                    const char             *name,
                                                                    GError                **error);

G_END_DECLS
