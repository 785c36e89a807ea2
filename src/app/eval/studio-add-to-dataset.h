/* studio-add-to-dataset.h — "Add to Dataset": a run's input and result as a dataset's test case
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void studio_add_to_dataset_present (GtkWidget  *parent,
                                    const char *target,
                                    JsonNode   *input,
                                    JsonNode   *reference);

G_END_DECLS
