/* genkit-session-store-private.h — what the engine's session stores share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-session-store.h"

G_BEGIN_DECLS

char *_genkit_session_store_finish_snapshot (GenkitSessionSnapshot  *snapshot,
                                             const char             *snapshot_id,
                                             GError                **error);

G_END_DECLS
