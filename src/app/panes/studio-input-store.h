/* studio-input-store.h — the last input of every action, kept across restarts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_INPUT_STORE (studio_input_store_get_type ())

G_DECLARE_FINAL_TYPE (StudioInputStore, studio_input_store, STUDIO, INPUT_STORE, GObject)

StudioInputStore *studio_input_store_new          (const char        *path);
const char       *studio_input_store_get_path     (StudioInputStore  *self);
gboolean          studio_input_store_lookup       (StudioInputStore  *self,
                                                   const char        *scope,
                                                   const char        *key,
                                                   char             **input_text,
                                                   char             **context_text,
                                                   gboolean          *streams);
void              studio_input_store_remember     (StudioInputStore  *self,
                                                   const char        *scope,
                                                   const char        *key,
                                                   const char        *input_text,
                                                   const char        *context_text,
                                                   gboolean           streams);
gboolean          studio_input_store_flush        (StudioInputStore  *self,
                                                   GError           **error);

G_END_DECLS
