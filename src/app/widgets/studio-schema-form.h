/* studio-schema-form.h — an input form generated from a JSON Schema
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_SCHEMA_FORM (studio_schema_form_get_type ())

G_DECLARE_FINAL_TYPE (StudioSchemaForm, studio_schema_form, STUDIO, SCHEMA_FORM, GtkWidget)

GtkWidget *studio_schema_form_new             (void);
JsonNode  *studio_schema_form_get_schema      (StudioSchemaForm *self);
void       studio_schema_form_set_schema      (StudioSchemaForm *self,
                                               JsonNode         *schema);
JsonNode  *studio_schema_form_dup_value       (StudioSchemaForm *self);
void       studio_schema_form_set_value       (StudioSchemaForm *self,
                                               JsonNode         *value);
void       studio_schema_form_set_violations  (StudioSchemaForm *self,
                                               GPtrArray        *violations);
guint      studio_schema_form_get_n_flagged   (StudioSchemaForm *self);
GtkWidget *studio_schema_form_get_editor      (StudioSchemaForm *self,
                                               const char       *path);
gboolean   studio_schema_form_add_item        (StudioSchemaForm *self,
                                               const char       *path);

G_END_DECLS
