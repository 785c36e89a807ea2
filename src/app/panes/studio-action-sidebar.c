/* studio-action-sidebar.c — the action browser: a runtime's actions by type, with search
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-action-sidebar.h"
#include "studio-util.h"

/**
 * StudioActionSidebar:
 *
 * Lists the actions of the current runtime (`GET /api/actions` through
 * [method@Genkit.Runtime.list_actions_async]) in a [class@Studio.ActionList]: grouped by type
 * under headers with counts, each with its description, filtered by the search entry as
 * you type. Selecting an action emits [signal@Studio.ActionSidebar::action-selected].
 *
 * While listing it shows a spinner; a runtime that cannot be listed shows the error with
 * its Genkit status and a button to try again.
 */
struct _StudioActionSidebar
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
  AdwStatusPage      *error_page;
  GtkLabel           *count_label;

  /* Owned */
  StudioActionList   *list;
  GenkitRuntime      *runtime;
  GCancellable       *cancellable;
  char               *selected_key;
  gboolean            loading;
  guint               restoring;
};

G_DEFINE_FINAL_TYPE (StudioActionSidebar, studio_action_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_LOADING,
  PROP_SELECTED_KEY,
  N_PROPS
};

enum {
  ACTION_SELECTED,
  ACTIONS_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
studio_action_sidebar_set_loading (StudioActionSidebar *self,
                                   gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
studio_action_sidebar_update_page (StudioActionSidebar *self)
{
  guint n_actions = studio_action_list_get_n_actions (self->list);
  guint n_matches = studio_action_list_get_n_matches (self->list);
  g_autofree char *count = NULL;

  if (self->loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    {
      /* The error stays until the next listing. */
    }
  else if (n_actions == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (n_matches == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (studio_action_list_get_filter (self->list) != NULL)
    /* Translators: the footer of the action list while searching: "3 of 9 actions" */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u action", "%u of %u actions", n_actions),
                             n_matches, n_actions);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action", "%u actions", n_actions), n_actions);
  gtk_label_set_text (self->count_label, count);
}

/* Selects the row of the selected key again after the list was rebuilt. */
/* Rows: the layout is studio-action-row.ui; headers are neither selectable nor activatable. */
static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/genkitstudio/Studio/ui/panes/studio-action-row.ui");
  const char *ids[] = { "header_box", "header_title", "header_count", "action_box", "action_title",
                        "action_subtitle" };
  GObject *row = gtk_builder_get_object (builder, "row");

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_object_set_data (row, ids[i], gtk_builder_get_object (builder, ids[i]));
  gtk_list_item_set_child (list_item, GTK_WIDGET (row));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  StudioActionItem *item = gtk_list_item_get_item (list_item);
  GObject *row = G_OBJECT (gtk_list_item_get_child (list_item));
  gboolean header = studio_action_item_is_header (item);
  GtkLabel *subtitle = g_object_get_data (row, "action_subtitle");
  const char *description = studio_action_item_get_description (item);

  gtk_list_item_set_selectable (list_item, !header);
  gtk_list_item_set_activatable (list_item, !header);
  gtk_widget_set_visible (g_object_get_data (row, "header_box"), header);
  gtk_widget_set_visible (g_object_get_data (row, "action_box"), !header);

  if (header)
    {
      g_autofree char *count = g_strdup_printf ("%u", studio_action_item_get_count (item));

      gtk_label_set_text (g_object_get_data (row, "header_title"),
                          studio_action_group_get_label (studio_action_item_get_group (item)));
      gtk_label_set_text (g_object_get_data (row, "header_count"), count);
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
    }
  else
    {
      gtk_label_set_text (g_object_get_data (row, "action_title"), studio_action_item_get_name (item));
      gtk_label_set_text (subtitle, description ? description : "");
      gtk_widget_set_visible (GTK_WIDGET (subtitle), description != NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), studio_action_item_get_key (item));
    }
}

static void
studio_action_sidebar_restore_selection (StudioActionSidebar *self)
{
  guint position = studio_action_list_find_position (self->list, self->selected_key);

  self->restoring++;
  if (position == G_MAXUINT)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_single_selection_set_selected (self->selection, position);
  self->restoring--;
}

static void
studio_action_sidebar_selection_changed_cb (StudioActionSidebar *self)
{
  StudioActionItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (self->restoring > 0 || item == NULL || studio_action_item_is_header (item))
    return;
  if (g_strcmp0 (self->selected_key, studio_action_item_get_key (item)) != 0)
    {
      g_free (self->selected_key);
      self->selected_key = g_strdup (studio_action_item_get_key (item));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_KEY]);
    }
  g_signal_emit (self, signals[ACTION_SELECTED], 0, item);
}

static void
studio_action_sidebar_search_changed_cb (StudioActionSidebar *self)
{
  studio_action_list_set_filter (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  studio_action_sidebar_restore_selection (self);
  studio_action_sidebar_update_page (self);
}

static void
studio_action_sidebar_search_activate_cb (StudioActionSidebar *self)
{
  GListModel *model = G_LIST_MODEL (self->list);

  /* Enter in the search opens the first action found. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(StudioActionItem) item = g_list_model_get_item (model, i);

      if (!studio_action_item_is_header (item))
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
}

static void
studio_action_sidebar_stop_search_cb (StudioActionSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
studio_action_sidebar_listed_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(StudioActionSidebar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = NULL;

  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  if (actions == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (GENKIT_RUNTIME (object) != self->runtime)
    return;

  g_clear_object (&self->cancellable);
  studio_action_sidebar_set_loading (self, FALSE);

  if (actions == NULL)
    {
      g_autofree char *description = studio_error_describe (error);

      studio_action_list_clear (self->list);
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      studio_action_sidebar_update_page (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "list");
  studio_action_list_set_actions (self->list, actions);
  studio_action_sidebar_restore_selection (self);
  studio_action_sidebar_update_page (self);
  g_signal_emit (self, signals[ACTIONS_LOADED], 0);
}

/**
 * studio_action_sidebar_reload:
 * @self: a [class@Studio.ActionSidebar]
 *
 * Lists the runtime's actions again (after the app changed them, say).
 */
void
studio_action_sidebar_reload (StudioActionSidebar *self)
{
  g_return_if_fail (STUDIO_IS_ACTION_SIDEBAR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->runtime == NULL)
    {
      studio_action_list_clear (self->list);
      studio_action_sidebar_set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      studio_action_sidebar_update_page (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  studio_action_sidebar_set_loading (self, TRUE);
  /* Keep showing the old list while a reload of the same runtime runs. */
  if (studio_action_list_get_n_actions (self->list) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    studio_action_sidebar_update_page (self);
  genkit_runtime_list_actions_async (self->runtime, self->cancellable,
                                     studio_action_sidebar_listed_cb, g_object_ref (self));
}

static void
studio_action_sidebar_reload_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  studio_action_sidebar_reload (STUDIO_ACTION_SIDEBAR (widget));
}

GenkitRuntime *
studio_action_sidebar_get_runtime (StudioActionSidebar *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_SIDEBAR (self), NULL);
  return self->runtime;
}

/**
 * studio_action_sidebar_set_runtime:
 * @self: a [class@Studio.ActionSidebar]
 * @runtime: (nullable): the runtime whose actions to list
 */
void
studio_action_sidebar_set_runtime (StudioActionSidebar *self,
                                   GenkitRuntime       *runtime)
{
  g_return_if_fail (STUDIO_IS_ACTION_SIDEBAR (self));

  if (!g_set_object (&self->runtime, runtime))
    return;
  g_clear_pointer (&self->selected_key, g_free);
  studio_action_list_clear (self->list);
  studio_action_sidebar_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
}

/**
 * studio_action_sidebar_get_list:
 * @self: a [class@Studio.ActionSidebar]
 *
 * Returns: (transfer none): the list shown
 */
StudioActionList *
studio_action_sidebar_get_list (StudioActionSidebar *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_SIDEBAR (self), NULL);
  return self->list;
}

gboolean
studio_action_sidebar_get_loading (StudioActionSidebar *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_SIDEBAR (self), FALSE);
  return self->loading;
}

/**
 * studio_action_sidebar_select:
 * @self: a [class@Studio.ActionSidebar]
 * @key: an action key
 *
 * Selects the action with @key (clearing a search that hides it), which emits
 * [signal@Studio.ActionSidebar::action-selected].
 *
 * Returns: %TRUE if the runtime has such an action
 */
gboolean
studio_action_sidebar_select (StudioActionSidebar *self,
                              const char          *key)
{
  guint position;

  g_return_val_if_fail (STUDIO_IS_ACTION_SIDEBAR (self), FALSE);

  if (studio_action_list_lookup (self->list, key) == NULL)
    return FALSE;
  position = studio_action_list_find_position (self->list, key);
  if (position == G_MAXUINT)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      studio_action_list_set_filter (self->list, NULL);
      position = studio_action_list_find_position (self->list, key);
    }
  if (gtk_single_selection_get_selected (self->selection) == position)
    studio_action_sidebar_selection_changed_cb (self);
  else
    gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

/**
 * studio_action_sidebar_get_selected_key:
 * @self: a [class@Studio.ActionSidebar]
 *
 * Returns: (nullable): the key of the action last selected
 */
const char *
studio_action_sidebar_get_selected_key (StudioActionSidebar *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_SIDEBAR (self), NULL);
  return self->selected_key;
}

/**
 * studio_action_sidebar_focus_search:
 * @self: a [class@Studio.ActionSidebar]
 *
 * Moves the keyboard focus to the search entry and selects its text.
 */
void
studio_action_sidebar_focus_search (StudioActionSidebar *self)
{
  g_return_if_fail (STUDIO_IS_ACTION_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * studio_action_sidebar_set_search:
 * @self: a [class@Studio.ActionSidebar]
 * @text: what to search for
 *
 * Types @text into the search entry; the list filters at once.
 */
void
studio_action_sidebar_set_search (StudioActionSidebar *self,
                                  const char          *text)
{
  g_return_if_fail (STUDIO_IS_ACTION_SIDEBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* search-changed comes after a delay; filter now. */
  studio_action_sidebar_search_changed_cb (self);
}

/**
 * studio_action_sidebar_new:
 *
 * Returns: (transfer floating): a sidebar without a runtime
 */
GtkWidget *
studio_action_sidebar_new (void)
{
  return g_object_new (STUDIO_TYPE_ACTION_SIDEBAR, NULL);
}

static void
studio_action_sidebar_dispose (GObject *object)
{
  StudioActionSidebar *self = STUDIO_ACTION_SIDEBAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_ACTION_SIDEBAR);
  g_clear_object (&self->list);
  g_clear_object (&self->runtime);

  G_OBJECT_CLASS (studio_action_sidebar_parent_class)->dispose (object);
}

static void
studio_action_sidebar_finalize (GObject *object)
{
  StudioActionSidebar *self = STUDIO_ACTION_SIDEBAR (object);

  g_free (self->selected_key);

  G_OBJECT_CLASS (studio_action_sidebar_parent_class)->finalize (object);
}

static void
studio_action_sidebar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  StudioActionSidebar *self = STUDIO_ACTION_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SELECTED_KEY:
      g_value_set_string (value, self->selected_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_action_sidebar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  StudioActionSidebar *self = STUDIO_ACTION_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      studio_action_sidebar_set_runtime (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_action_sidebar_class_init (StudioActionSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_action_sidebar_dispose;
  object_class->finalize = studio_action_sidebar_finalize;
  object_class->get_property = studio_action_sidebar_get_property;
  object_class->set_property = studio_action_sidebar_set_property;

  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_KEY] =
    g_param_spec_string ("selected-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioActionSidebar::action-selected:
   * @self: the sidebar
   * @item: the [class@Studio.ActionItem] of the action
   *
   * Emitted when an action is selected, by the user or by studio_action_sidebar_select().
   */
  signals[ACTION_SELECTED] =
    g_signal_new ("action-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, STUDIO_TYPE_ACTION_ITEM);
  /**
   * StudioActionSidebar::actions-loaded:
   * @self: the sidebar
   *
   * Emitted each time the runtime's actions have been listed.
   */
  signals[ACTIONS_LOADED] =
    g_signal_new ("actions-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/panes/studio-action-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, box);
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, selection);
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, error_page);
  gtk_widget_class_bind_template_child (widget_class, StudioActionSidebar, count_label);
  gtk_widget_class_bind_template_callback (widget_class, studio_action_sidebar_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_action_sidebar_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_action_sidebar_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_action_sidebar_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "sidebar.reload", NULL, studio_action_sidebar_reload_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "actionsidebar");

  g_type_ensure (STUDIO_TYPE_ACTION_ITEM);
}

static void
studio_action_sidebar_init (StudioActionSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  self->list = studio_action_list_new ();
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  studio_action_sidebar_update_page (self);
}
