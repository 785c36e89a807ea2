/* e2e-util.h — what the end-to-end tests share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean      e2e_init                (void);
const char   *e2e_app_dir             (void);
void          e2e_die_with_parent     (gpointer             data);
gboolean      e2e_flag_timeout_cb     (gpointer             data);
gboolean      e2e_run_command         (const char * const  *argv,
                                       const char          *cwd,
                                       guint                timeout_s,
                                       char               **output,
                                       GError             **error);
void          e2e_copy_file           (const char          *from_dir,
                                       const char          *to_dir,
                                       const char          *name);
void          e2e_remove_tree         (const char          *path);
char         *e2e_ensure_node_modules (void);
char         *e2e_make_project        (const char          *node_modules);
void          e2e_result_cb           (GObject             *object,
                                       GAsyncResult        *result,
                                       gpointer             user_data);
GAsyncResult *e2e_wait_result         (GAsyncResult       **slot,
                                       guint                timeout_s);

G_END_DECLS
