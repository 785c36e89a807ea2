/* studio-pane.h — the base class of the studio's panes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>
#include <genkit-telemetry.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_PANE (studio_pane_get_type ())

G_DECLARE_DERIVABLE_TYPE (StudioPane, studio_pane, STUDIO, PANE, GtkWidget)

/**
 * StudioPaneClass:
 * @parent_class: the parent class
 * @runtime_changed: the runtime the pane works with changed (it may be %NULL)
 * @trace_store_changed: the studio's trace store changed (it may be %NULL)
 *
 * What a pane of the window implements.
 */
struct _StudioPaneClass
{
  GtkWidgetClass parent_class;

  void (*runtime_changed) (StudioPane    *self,
                           GenkitRuntime *runtime);
  void (*trace_store_changed) (StudioPane       *self,
                               GenkitTraceStore *store);
};

const char    *studio_pane_get_title     (StudioPane    *self);
void           studio_pane_set_title     (StudioPane    *self,
                                          const char    *title);
const char    *studio_pane_get_icon_name (StudioPane    *self);
void           studio_pane_set_icon_name (StudioPane    *self,
                                          const char    *icon_name);
GenkitRuntime *studio_pane_get_runtime   (StudioPane    *self);
void           studio_pane_set_runtime   (StudioPane    *self,
                                          GenkitRuntime *runtime);
GenkitTraceStore *studio_pane_get_trace_store (StudioPane       *self);
void              studio_pane_set_trace_store (StudioPane       *self,
                                               GenkitTraceStore *store);

G_END_DECLS
