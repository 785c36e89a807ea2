/* studio-presets.h — named inputs of an action, saved in the project for code review
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

/**
 * StudioPreset:
 * @name: the name the user gave it
 * @path: the file it is kept in
 * @input: (nullable): the input
 * @context: (nullable): the action context
 *
 * One named input of an action.
 */
typedef struct
{
  char       *name;
  char       *path;
  JsonNode   *input;
  JsonObject *context;
} StudioPreset;

void          studio_preset_free            (StudioPreset         *preset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StudioPreset, studio_preset_free)

char         *studio_presets_dup_dir        (const char           *inputs_dir,
                                             const char           *key);
char         *studio_presets_dup_file       (const char           *inputs_dir,
                                             const char           *key,
                                             const char           *name);
void          studio_presets_list_async     (const char           *inputs_dir,
                                             const char           *key,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *studio_presets_list_finish    (GAsyncResult         *result,
                                             GError              **error);
void          studio_presets_save_async     (const char           *inputs_dir,
                                             const char           *key,
                                             const char           *name,
                                             JsonNode             *input,
                                             JsonObject           *context,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char         *studio_presets_save_finish    (GAsyncResult         *result,
                                             GError              **error);
gboolean      studio_presets_delete         (const char           *path,
                                             GError              **error);

G_END_DECLS
