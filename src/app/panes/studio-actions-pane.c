/* studio-actions-pane.c — the action browser beside the runner of the selected action
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-actions-pane.h"

/**
 * StudioActionsPane:
 *
 * The studio's main pane: the [class@Studio.ActionSidebar] of the current runtime, and
 * beside it the [class@Studio.Runner] of the selected action — for a model, the
 * [class@Studio.Playground]. Runners are kept per action while the runtime stays, so
 * switching between actions keeps each one's last result.
 *
 * Inputs are kept in the [class@Studio.InputStore] under the scope `builtin` for the
 * built-in runtime and under the project root for the project's runtimes; presets go to
 * the project's `.genkit/studio/inputs/`.
 */
struct _StudioActionsPane
{
  StudioPane           parent_instance;

  /* Template children */
  GtkPaned            *paned;
  StudioActionSidebar *sidebar;
  GtkStack            *runner_stack;

  /* Owned */
  StudioInputStore    *input_store;
  GHashTable          *runners;       /* key → StudioRunner or StudioPlayground (borrowed from the stack) */
  char                *project_root;
};

G_DEFINE_FINAL_TYPE (StudioActionsPane, studio_actions_pane, STUDIO_TYPE_PANE)

enum {
  PROP_0,
  PROP_INPUT_STORE,
  PROP_PROJECT_ROOT,
  PROP_VISIBLE_RUNNER,
  PROP_SIDEBAR_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Models open in the playground, every other action in the generic runner. */
static void
runner_cancel (GtkWidget *runner)
{
  if (STUDIO_IS_PLAYGROUND (runner))
    studio_playground_cancel (STUDIO_PLAYGROUND (runner));
  else
    studio_runner_cancel (STUDIO_RUNNER (runner));
}

static void
runner_set_item (GtkWidget        *runner,
                 StudioActionItem *item)
{
  if (STUDIO_IS_PLAYGROUND (runner))
    studio_playground_set_item (STUDIO_PLAYGROUND (runner), item);
  else
    studio_runner_set_item (STUDIO_RUNNER (runner), item);
}

static void
studio_actions_pane_remove_runners (StudioActionsPane *self)
{
  GHashTableIter iter;
  gpointer runner;

  g_hash_table_iter_init (&iter, self->runners);
  while (g_hash_table_iter_next (&iter, NULL, &runner))
    {
      runner_cancel (runner);
      gtk_stack_remove (self->runner_stack, runner);
    }
  g_hash_table_remove_all (self->runners);
  gtk_stack_set_visible_child_name (self->runner_stack, "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_RUNNER]);
}

/* The input store's scope and the presets directory of the current runtime. */
static const char *
studio_actions_pane_scope (StudioActionsPane *self)
{
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));
  g_autofree char *url = runtime ? genkit_runtime_dup_reflection_server_url (runtime) : NULL;

  /* A runtime in this process is the built-in one; the others belong to the project. */
  if (url == NULL || self->project_root == NULL)
    return "builtin";
  return self->project_root;
}

static GtkWidget *
studio_actions_pane_open_runner (StudioActionsPane *self,
                                 StudioActionItem  *item)
{
  const char *key = studio_action_item_get_key (item);
  GtkWidget *runner = g_hash_table_lookup (self->runners, key);

  if (runner == NULL && g_strcmp0 (studio_action_item_get_action_type (item), "model") == 0)
    {
      runner = GTK_WIDGET (studio_playground_new (studio_pane_get_runtime (STUDIO_PANE (self)), item,
                                                  self->input_store, studio_actions_pane_scope (self)));
      gtk_stack_add_named (self->runner_stack, runner, key);
      g_hash_table_insert (self->runners, g_strdup (key), runner);
    }
  else if (runner == NULL)
    {
      g_autofree char *inputs_dir = self->project_root
                                    ? g_build_filename (self->project_root, ".genkit", "studio", "inputs", NULL)
                                    : NULL;

      runner = GTK_WIDGET (studio_runner_new (studio_pane_get_runtime (STUDIO_PANE (self)), item, self->input_store,
                                              studio_actions_pane_scope (self), inputs_dir));
      gtk_stack_add_named (self->runner_stack, runner, key);
      g_hash_table_insert (self->runners, g_strdup (key), runner);
    }
  else
    runner_set_item (runner, item);

  gtk_stack_set_visible_child (self->runner_stack, runner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_RUNNER]);
  return runner;
}

static void
studio_actions_pane_action_selected_cb (StudioActionsPane *self,
                                        StudioActionItem  *item)
{
  studio_actions_pane_open_runner (self, item);
}

static void
studio_actions_pane_actions_loaded_cb (StudioActionsPane *self)
{
  StudioActionList *list = studio_action_sidebar_get_list (self->sidebar);
  GHashTableIter iter;
  gpointer key, runner;

  /* Listed again: runners follow their action's new descriptor. */
  g_hash_table_iter_init (&iter, self->runners);
  while (g_hash_table_iter_next (&iter, &key, &runner))
    {
      StudioActionItem *item = studio_action_list_lookup (list, key);

      if (item != NULL)
        runner_set_item (runner, item);
    }
}

static void
studio_actions_pane_position_cb (StudioActionsPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR_WIDTH]);
}

static void
studio_actions_pane_runtime_changed (StudioPane    *pane,
                                     GenkitRuntime *runtime)
{
  StudioActionsPane *self = STUDIO_ACTIONS_PANE (pane);

  studio_actions_pane_remove_runners (self);
  studio_action_sidebar_set_runtime (self->sidebar, runtime);
}

/**
 * studio_actions_pane_get_sidebar:
 * @self: a [class@Studio.ActionsPane]
 *
 * Returns: (transfer none): the action browser
 */
StudioActionSidebar *
studio_actions_pane_get_sidebar (StudioActionsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTIONS_PANE (self), NULL);
  return self->sidebar;
}

/**
 * studio_actions_pane_get_visible_runner:
 * @self: a [class@Studio.ActionsPane]
 *
 * Returns: (transfer none) (nullable): the runner shown
 */
StudioRunner *
studio_actions_pane_get_visible_runner (StudioActionsPane *self)
{
  GtkWidget *child;

  g_return_val_if_fail (STUDIO_IS_ACTIONS_PANE (self), NULL);

  child = gtk_stack_get_visible_child (self->runner_stack);
  return STUDIO_IS_RUNNER (child) ? STUDIO_RUNNER (child) : NULL;
}

/**
 * studio_actions_pane_get_visible_playground:
 * @self: a [class@Studio.ActionsPane]
 *
 * Returns: (transfer none) (nullable): the model playground shown
 */
StudioPlayground *
studio_actions_pane_get_visible_playground (StudioActionsPane *self)
{
  GtkWidget *child;

  g_return_val_if_fail (STUDIO_IS_ACTIONS_PANE (self), NULL);

  child = gtk_stack_get_visible_child (self->runner_stack);
  return STUDIO_IS_PLAYGROUND (child) ? STUDIO_PLAYGROUND (child) : NULL;
}

/**
 * studio_actions_pane_show_action:
 * @self: a [class@Studio.ActionsPane]
 * @key: an action key such as `/flow/greet`
 *
 * Selects the action in the sidebar and shows its runner.
 *
 * Returns: (transfer none) (nullable): the [class@Studio.Runner] (a
 *   [class@Studio.Playground] for a model), or %NULL if the runtime has no such action (or
 *   its actions are not listed yet)
 */
GtkWidget *
studio_actions_pane_show_action (StudioActionsPane *self,
                                 const char        *key)
{
  g_return_val_if_fail (STUDIO_IS_ACTIONS_PANE (self), NULL);

  if (!studio_action_sidebar_select (self->sidebar, key))
    return NULL;
  return g_hash_table_lookup (self->runners, key);
}

/**
 * studio_actions_pane_set_project_root:
 * @self: a [class@Studio.ActionsPane]
 * @project_root: (nullable): the open project's root
 *
 * Sets where presets are saved (and the input scope of the project's runtimes). Runners
 * already open keep the old place until the runtime changes.
 */
void
studio_actions_pane_set_project_root (StudioActionsPane *self,
                                      const char        *project_root)
{
  g_return_if_fail (STUDIO_IS_ACTIONS_PANE (self));

  if (g_strcmp0 (self->project_root, project_root) == 0)
    return;
  g_free (self->project_root);
  self->project_root = g_strdup (project_root);
  studio_actions_pane_remove_runners (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ROOT]);
}

/**
 * studio_actions_pane_cancel_runs:
 * @self: a [class@Studio.ActionsPane]
 *
 * Cancels every run in progress (when the window closes).
 */
void
studio_actions_pane_cancel_runs (StudioActionsPane *self)
{
  GHashTableIter iter;
  gpointer runner;

  g_return_if_fail (STUDIO_IS_ACTIONS_PANE (self));

  g_hash_table_iter_init (&iter, self->runners);
  while (g_hash_table_iter_next (&iter, NULL, &runner))
    runner_cancel (runner);
}

/**
 * studio_actions_pane_new:
 * @input_store: (nullable): where runners keep inputs
 *
 * Returns: (transfer floating): a new pane
 */
GtkWidget *
studio_actions_pane_new (StudioInputStore *input_store)
{
  return g_object_new (STUDIO_TYPE_ACTIONS_PANE, "input-store", input_store, NULL);
}

static void
studio_actions_pane_dispose (GObject *object)
{
  StudioActionsPane *self = STUDIO_ACTIONS_PANE (object);

  if (self->runners != NULL)
    studio_actions_pane_cancel_runs (self);
  g_clear_pointer (&self->runners, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_ACTIONS_PANE);
  g_clear_object (&self->input_store);

  G_OBJECT_CLASS (studio_actions_pane_parent_class)->dispose (object);
}

static void
studio_actions_pane_finalize (GObject *object)
{
  StudioActionsPane *self = STUDIO_ACTIONS_PANE (object);

  g_free (self->project_root);

  G_OBJECT_CLASS (studio_actions_pane_parent_class)->finalize (object);
}

static void
studio_actions_pane_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  StudioActionsPane *self = STUDIO_ACTIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_INPUT_STORE:
      g_value_set_object (value, self->input_store);
      break;
    case PROP_PROJECT_ROOT:
      g_value_set_string (value, self->project_root);
      break;
    case PROP_VISIBLE_RUNNER:
      g_value_set_object (value, studio_actions_pane_get_visible_runner (self));
      break;
    case PROP_SIDEBAR_WIDTH:
      g_value_set_int (value, gtk_paned_get_position (self->paned));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_actions_pane_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  StudioActionsPane *self = STUDIO_ACTIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_INPUT_STORE:
      g_set_object (&self->input_store, g_value_get_object (value));
      break;
    case PROP_PROJECT_ROOT:
      studio_actions_pane_set_project_root (self, g_value_get_string (value));
      break;
    case PROP_SIDEBAR_WIDTH:
      gtk_paned_set_position (self->paned, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_actions_pane_class_init (StudioActionsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  StudioPaneClass *pane_class = STUDIO_PANE_CLASS (klass);

  object_class->dispose = studio_actions_pane_dispose;
  object_class->finalize = studio_actions_pane_finalize;
  object_class->get_property = studio_actions_pane_get_property;
  object_class->set_property = studio_actions_pane_set_property;

  pane_class->runtime_changed = studio_actions_pane_runtime_changed;

  properties[PROP_INPUT_STORE] =
    g_param_spec_object ("input-store", NULL, NULL, STUDIO_TYPE_INPUT_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_ROOT] =
    g_param_spec_string ("project-root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_RUNNER] =
    g_param_spec_object ("visible-runner", NULL, NULL, STUDIO_TYPE_RUNNER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioActionsPane:sidebar-width:
   *
   * The width of the action list, in pixels.
   */
  properties[PROP_SIDEBAR_WIDTH] =
    g_param_spec_int ("sidebar-width", NULL, NULL, 0, G_MAXINT, 280,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/panes/studio-actions-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioActionsPane, paned);
  gtk_widget_class_bind_template_child (widget_class, StudioActionsPane, sidebar);
  gtk_widget_class_bind_template_child (widget_class, StudioActionsPane, runner_stack);
  gtk_widget_class_bind_template_callback (widget_class, studio_actions_pane_action_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_actions_pane_actions_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_actions_pane_position_cb);

  gtk_widget_class_set_css_name (widget_class, "actionspane");

  g_type_ensure (STUDIO_TYPE_ACTION_SIDEBAR);
  g_type_ensure (STUDIO_TYPE_RUNNER);
  g_type_ensure (STUDIO_TYPE_PLAYGROUND);
}

static void
studio_actions_pane_init (StudioActionsPane *self)
{
  self->runners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
