/* studio-pane.c — the base class of the studio's panes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-pane.h"

/**
 * StudioPane:
 *
 * A pane of the studio's window (actions; later traces, playground, prompts, ...), in the
 * manner of sysprof's `SysprofSection`: a title and an icon for the window to list it, and
 * the runtime the window's runtime switcher selected, which subclasses follow in
 * `runtime_changed`.
 */
typedef struct
{
  char          *title;
  char          *icon_name;
  GenkitRuntime    *runtime;
  GenkitTraceStore *trace_store;
} StudioPanePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (StudioPane, studio_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_RUNTIME,
  PROP_TRACE_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
studio_pane_get_title (StudioPane *self)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_val_if_fail (STUDIO_IS_PANE (self), NULL);
  return priv->title;
}

void
studio_pane_set_title (StudioPane *self,
                       const char *title)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_if_fail (STUDIO_IS_PANE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
studio_pane_get_icon_name (StudioPane *self)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_val_if_fail (STUDIO_IS_PANE (self), NULL);
  return priv->icon_name;
}

void
studio_pane_set_icon_name (StudioPane *self,
                           const char *icon_name)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_if_fail (STUDIO_IS_PANE (self));

  if (g_strcmp0 (priv->icon_name, icon_name) == 0)
    return;
  g_free (priv->icon_name);
  priv->icon_name = g_strdup (icon_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

/**
 * studio_pane_get_runtime:
 * @self: a [class@Studio.Pane]
 *
 * Returns: (transfer none) (nullable): the runtime the pane works with
 */
GenkitRuntime *
studio_pane_get_runtime (StudioPane *self)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_val_if_fail (STUDIO_IS_PANE (self), NULL);
  return priv->runtime;
}

/**
 * studio_pane_set_runtime:
 * @self: a [class@Studio.Pane]
 * @runtime: (nullable): the runtime to work with
 *
 * Sets the runtime and calls the class's `runtime_changed`.
 */
void
studio_pane_set_runtime (StudioPane    *self,
                         GenkitRuntime *runtime)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_if_fail (STUDIO_IS_PANE (self));
  g_return_if_fail (runtime == NULL || GENKIT_IS_RUNTIME (runtime));

  if (!g_set_object (&priv->runtime, runtime))
    return;
  if (STUDIO_PANE_GET_CLASS (self)->runtime_changed != NULL)
    STUDIO_PANE_GET_CLASS (self)->runtime_changed (self, runtime);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
}

/**
 * studio_pane_get_trace_store:
 * @self: a [class@Studio.Pane]
 *
 * Returns: (transfer none) (nullable): the studio's trace store, where the traces of every
 *   runtime arrive
 */
GenkitTraceStore *
studio_pane_get_trace_store (StudioPane *self)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_val_if_fail (STUDIO_IS_PANE (self), NULL);
  return priv->trace_store;
}

/**
 * studio_pane_set_trace_store:
 * @self: a [class@Studio.Pane]
 * @store: (nullable): the studio's trace store
 *
 * Sets the trace store and calls the class's `trace_store_changed`.
 */
void
studio_pane_set_trace_store (StudioPane       *self,
                             GenkitTraceStore *store)
{
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_return_if_fail (STUDIO_IS_PANE (self));
  g_return_if_fail (store == NULL || GENKIT_IS_TRACE_STORE (store));

  if (!g_set_object (&priv->trace_store, store))
    return;
  if (STUDIO_PANE_GET_CLASS (self)->trace_store_changed != NULL)
    STUDIO_PANE_GET_CLASS (self)->trace_store_changed (self, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_STORE]);
}

static void
studio_pane_dispose (GObject *object)
{
  StudioPane *self = STUDIO_PANE (object);
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->runtime);
  g_clear_object (&priv->trace_store);

  G_OBJECT_CLASS (studio_pane_parent_class)->dispose (object);
}

static void
studio_pane_finalize (GObject *object)
{
  StudioPane *self = STUDIO_PANE (object);
  StudioPanePrivate *priv = studio_pane_get_instance_private (self);

  g_free (priv->title);
  g_free (priv->icon_name);

  G_OBJECT_CLASS (studio_pane_parent_class)->finalize (object);
}

static void
studio_pane_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  StudioPane *self = STUDIO_PANE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, studio_pane_get_title (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, studio_pane_get_icon_name (self));
      break;
    case PROP_RUNTIME:
      g_value_set_object (value, studio_pane_get_runtime (self));
      break;
    case PROP_TRACE_STORE:
      g_value_set_object (value, studio_pane_get_trace_store (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_pane_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  StudioPane *self = STUDIO_PANE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      studio_pane_set_title (self, g_value_get_string (value));
      break;
    case PROP_ICON_NAME:
      studio_pane_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_RUNTIME:
      studio_pane_set_runtime (self, g_value_get_object (value));
      break;
    case PROP_TRACE_STORE:
      studio_pane_set_trace_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_pane_class_init (StudioPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_pane_dispose;
  object_class->finalize = studio_pane_finalize;
  object_class->get_property = studio_pane_get_property;
  object_class->set_property = studio_pane_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACE_STORE] =
    g_param_spec_object ("trace-store", NULL, NULL, GENKIT_TYPE_TRACE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
studio_pane_init (StudioPane *self)
{
}
