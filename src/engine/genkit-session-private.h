/* genkit-session-private.h — what the session, store and agent files of the engine share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

#include "genkit-types.h"

G_BEGIN_DECLS

/* Wire names shared by the agent files. */
#define GENKIT_AGENT_HEARTBEAT_INTERVAL_MS 30000
#define GENKIT_AGENT_HEARTBEAT_TIMEOUT_MS  60000

JsonNode   *_genkit_json_deep_copy        (JsonNode      *node);
JsonObject *_genkit_json_object_deep_copy (JsonObject    *object);
JsonNode   *_genkit_json_take_object      (JsonObject    *object);
const char *_genkit_json_get_string       (JsonObject    *object,
                                           const char    *member);
JsonObject *_genkit_json_get_object       (JsonObject    *object,
                                           const char    *member);
JsonArray  *_genkit_json_get_array        (JsonObject    *object,
                                           const char    *member);
char       *_genkit_json_to_compact       (JsonNode      *node);

char       *_genkit_new_uuid              (void);
char       *_genkit_iso_timestamp_now     (void);
char       *_genkit_iso_timestamp         (gint64         unix_ms);
gint64      _genkit_iso_timestamp_parse   (const char    *timestamp);

gboolean    _genkit_session_check_id      (const char    *id,
                                           const char    *label,
                                           GError       **error);
JsonNode   *_genkit_runtime_error_from_gerror (const GError *error);
GError     *_genkit_gerror_from_runtime_error (JsonObject   *runtime_error);

G_END_DECLS
