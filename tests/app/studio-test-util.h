/* studio-test-util.h — helpers of the studio's tests: headless set-up, waiting, finding widgets
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>

G_BEGIN_DECLS

typedef gboolean (*StudioTestCondition) (gpointer user_data);

void           studio_test_init_headless     (int                 *argc,
                                              char              ***argv);
void           studio_test_init              (int                 *argc,
                                              char              ***argv);
GenkitRuntime *studio_test_builtin_runtime   (void);
void           studio_test_store_result_cb   (GObject             *object,
                                              GAsyncResult        *result,
                                              gpointer             user_data);
GAsyncResult  *studio_test_wait_result       (GAsyncResult       **result);
gboolean       studio_test_wait              (StudioTestCondition  condition,
                                              gpointer             user_data,
                                              guint                timeout_ms);
void           studio_test_wait_ms           (guint                ms);
void           studio_test_remove_tree       (const char          *path);
GtkWidget     *studio_test_find              (GtkWidget           *root,
                                              const char          *buildable_id);
GtkWidget     *studio_test_find_type         (GtkWidget           *root,
                                              GType                type);
gboolean       studio_test_shows_label       (GtkWidget           *root,
                                              const char          *text);
void           studio_test_save_png          (GtkWidget           *widget,
                                              const char          *name);

G_END_DECLS
