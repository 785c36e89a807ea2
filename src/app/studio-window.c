/* studio-window.c — the studio's main window
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-config.h"
#include "studio-datasets-pane.h"
#include "studio-evals-pane.h"
#include "studio-util.h"
#include "studio-chat-pane.h"
#include "studio-window-private.h"

/**
 * StudioWindow:
 *
 * The studio's window: a header bar with the runtime switcher and the primary menu, the
 * [class@Studio.ActionsPane], and the [class@Studio.CommandPanel] that runs the project's
 * app, below it when shown.
 *
 * The runtime switcher lists the built-in runtime, always there, and the runtimes of the
 * open project as the project's [class@Genkit.RuntimeMonitor] finds them — a JavaScript,
 * Go, Python or C app started with `GENKIT_ENV=dev`, several at once. A runtime that starts
 * while the project's command runs is switched to, and when it is one of the command's
 * processes the traces its app sent under the run's provisional runtime id become its own
 * (see [class@Studio.Command]); one that starts otherwise is announced with a toast to
 * switch to it. When the selected runtime stops, the switcher falls back to
 * another.
 *
 * Window-scoped actions are #GAction entries of the window (see studio-window-actions.c),
 * so that they have accelerators and are reachable over D-Bus like the application's.
 */

G_DEFINE_FINAL_TYPE (StudioWindow, studio_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUILTIN_RUNTIME,
  PROP_INPUT_STORE,
  PROP_RUNTIME,
  PROP_PROJECT,
  PROP_TELEMETRY_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Panes ------------------------------------------------------------------------------------- */

/* Sets a property that every pane has (runtime, trace-store) on the panes of the stack. */
static void
studio_window_foreach_pane (StudioWindow *self,
                            const char   *property,
                            gpointer      object)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->pane_stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (STUDIO_IS_PANE (child))
        g_object_set (child, property, object, NULL);
    }
}

/* Runtimes ---------------------------------------------------------------------------------- */

static char *
runtime_dup_detail (GenkitRuntime *runtime,
                    GenkitRuntime *builtin)
{
  g_autofree char *version = genkit_runtime_dup_genkit_version (runtime);
  g_autofree char *url = genkit_runtime_dup_reflection_server_url (runtime);

  if (runtime == builtin)
    return g_strdup (_("Sample flows, in the studio"));
  if (version != NULL && url != NULL)
    return g_strdup_printf ("%s · %s", version, url);
  return g_strdup (url ? url : version ? version : "");
}

static void
runtime_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  with_detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 32);
  gtk_box_append (GTK_BOX (box), name);
  if (with_detail)
    {
      GtkWidget *detail = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (detail), 48);
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (box), detail);
    }
  gtk_list_item_set_child (list_item, box);
}

static void
runtime_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  with_detail)
{
  GenkitRuntime *runtime = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  StudioWindow *self = g_object_get_data (G_OBJECT (factory), "window");
  g_autofree char *text = genkit_runtime_dup_name (runtime);

  gtk_label_set_text (GTK_LABEL (name), text ? text : _("Unnamed runtime"));
  if (with_detail)
    {
      g_autofree char *detail = runtime_dup_detail (runtime, self->builtin_runtime);

      gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (name)), detail);
    }
}

static GtkListItemFactory *
runtime_factory_new (StudioWindow *self,
                     gboolean      with_detail)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "window", self);
  g_signal_connect (factory, "setup", G_CALLBACK (runtime_setup_cb), GINT_TO_POINTER (with_detail));
  g_signal_connect (factory, "bind", G_CALLBACK (runtime_bind_cb), GINT_TO_POINTER (with_detail));
  return factory;
}

static gboolean
model_contains (GListModel *model,
                gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        return TRUE;
    }
  return FALSE;
}

static void
studio_window_runtime_selected_cb (StudioWindow *self)
{
  GenkitRuntime *runtime = gtk_drop_down_get_selected_item (self->runtime_dropdown);
  g_autoptr(GenkitRuntime) old = NULL;

  if (runtime == self->runtime)
    return;

  old = self->runtime ? g_object_ref (self->runtime) : NULL;
  g_set_object (&self->runtime, runtime);
  studio_window_foreach_pane (self, "runtime", runtime);

  if (old != NULL && !model_contains (G_LIST_MODEL (self->runtimes), old))
    {
      g_autofree char *name = genkit_runtime_dup_name (old);
      g_autofree char *message = g_strdup_printf (_("The runtime “%s” stopped"), name ? name : "");

      studio_window_add_toast (self, adw_toast_new (message));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
}

/**
 * studio_window_select_runtime:
 * @self: a [class@Studio.Window]
 * @id: a runtime id
 *
 * Switches to the runtime with @id.
 *
 * Returns: %TRUE if there is such a runtime
 */
gboolean
studio_window_select_runtime (StudioWindow *self,
                              const char   *id)
{
  GListModel *model;

  g_return_val_if_fail (STUDIO_IS_WINDOW (self), FALSE);

  model = G_LIST_MODEL (self->runtimes);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GenkitRuntime) runtime = g_list_model_get_item (model, i);
      g_autofree char *runtime_id = genkit_runtime_dup_id (runtime);

      if (g_strcmp0 (runtime_id, id) == 0)
        {
          gtk_drop_down_set_selected (self->runtime_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* The process id of @runtime, from its discovery file or v2 registration; 0 if unknown. */
static gint64
studio_window_runtime_pid (GenkitRuntime *runtime)
{
  if (GENKIT_IS_REMOTE_RUNTIME (runtime))
    return genkit_remote_runtime_get_pid (GENKIT_REMOTE_RUNTIME (runtime));
  if (GENKIT_IS_REFLECTION_V2_RUNTIME (runtime))
    return genkit_reflection_v2_runtime_get_pid (GENKIT_REFLECTION_V2_RUNTIME (runtime));
  return 0;
}

static void
studio_window_command_traces_claimed_cb (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (genkit_trace_store_rename_runtime_finish (GENKIT_TRACE_STORE (object), result, &n, &error))
    g_debug ("%u traces sent before the runtime was known are its own now", n);
  else
    g_warning ("The app's traces could not be given its runtime: %s", error->message);
}

/* The runtime of the app the command started: what the app sent to its provisional
 * telemetry URL, before or after, is recorded as this runtime's. */
static void
studio_window_claim_command_traces (StudioWindow  *self,
                                    StudioCommand *command,
                                    GenkitRuntime *runtime,
                                    const char    *runtime_id)
{
  const char *provisional = studio_command_get_provisional_runtime_id (command);

  if (self->trace_store == NULL || provisional == NULL || runtime_id == NULL ||
      !studio_command_owns_process (command, studio_window_runtime_pid (runtime)))
    return;
  g_debug ("Traces of %s are runtime %s's", provisional, runtime_id);
  genkit_trace_store_rename_runtime_async (self->trace_store, provisional, runtime_id, NULL,
                                           studio_window_command_traces_claimed_cb, NULL);
}

static void
studio_window_monitor_changed_cb (GListModel   *monitor,
                                  guint         position,
                                  guint         removed,
                                  guint         added,
                                  StudioWindow *self)
{
  StudioCommand *command = studio_command_panel_get_command (self->command_panel);
  gboolean command_runs = studio_command_get_state (command) == STUDIO_COMMAND_STATE_RUNNING;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GenkitRuntime) runtime = g_list_model_get_item (monitor, i);
      g_autofree char *id = genkit_runtime_dup_id (runtime);
      g_autofree char *name = genkit_runtime_dup_name (runtime);

      if (command_runs)
        {
          studio_window_claim_command_traces (self, command, runtime, id);
          /* The app the studio just started: that is what the user wants to run. */
          studio_window_select_runtime (self, id);
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("The runtime “%s” started"), name ? name : id);
          AdwToast *toast = adw_toast_new (message);

          adw_toast_set_button_label (toast, _("_Switch"));
          adw_toast_set_action_name (toast, "win.select-runtime");
          adw_toast_set_action_target_value (toast, g_variant_new_string (id));
          studio_window_add_toast (self, toast);
        }
    }
}

GListModel *
studio_window_get_runtimes (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->runtimes);
}

/**
 * studio_window_get_runtime:
 * @self: a [class@Studio.Window]
 *
 * Returns: (transfer none) (nullable): the runtime the switcher selected
 */
GenkitRuntime *
studio_window_get_runtime (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->runtime;
}

/**
 * studio_window_get_builtin_runtime:
 * @self: a [class@Studio.Window]
 *
 * Returns: (transfer none): the built-in runtime
 */
GenkitRuntime *
studio_window_get_builtin_runtime (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->builtin_runtime;
}

/* Projects ---------------------------------------------------------------------------------- */

static void
studio_window_update_recent_menu (StudioWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autofree char *path = studio_shorten_path (recent[i]);
      /* Translators: a recent project in the menu: "my-app (~/src/my-app)" */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), name, path);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-project-path", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
    }
}

static void
studio_window_remember_project (StudioWindow *self,
                                const char   *root)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, root);
  for (guint i = 0; recent[i] != NULL && n < 10; i++)
    if (g_strcmp0 (recent[i], root) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) updated);
}

static void
studio_window_update_title (StudioWindow *self)
{
  if (self->project != NULL)
    {
      g_autofree char *path = studio_shorten_path (studio_project_get_root (self->project));

      adw_view_switcher_title_set_subtitle (self->switcher_title, path);
      gtk_window_set_title (GTK_WINDOW (self), studio_project_get_name (self->project));
    }
  else
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, _("No project open"));
      gtk_window_set_title (GTK_WINDOW (self), _("Genkit Studio"));
    }
}

static void
studio_window_set_project (StudioWindow  *self,
                           StudioProject *project)
{
  if (self->project != NULL)
    {
      g_clear_signal_handler (&self->monitor_changed_id, studio_project_get_monitor (self->project));
      if (g_list_model_get_n_items (G_LIST_MODEL (self->runtime_sources)) > 1)
        g_list_store_remove (self->runtime_sources, 1);
    }
  g_set_object (&self->project, project);

  if (project != NULL)
    {
      g_list_store_append (self->runtime_sources, studio_project_get_runtimes (project));
      self->monitor_changed_id = g_signal_connect (studio_project_get_monitor (project), "items-changed",
                                                   G_CALLBACK (studio_window_monitor_changed_cb), self);
    }

  studio_actions_pane_set_project_root (self->actions_pane, project ? studio_project_get_root (project) : NULL);
  studio_prompts_pane_set_project_root (self->prompts_pane, project ? studio_project_get_root (project) : NULL);
  studio_command_panel_set_project (self->command_panel, project ? studio_project_get_root (project) : NULL,
                                    self->settings);
  studio_window_update_title (self);
  _studio_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

/**
 * studio_window_open_project:
 * @self: a [class@Studio.Window]
 * @directory: (type filename): a directory in the project
 * @error: return location for an error
 *
 * Opens the project @directory belongs to: its runtimes join the switcher as they start,
 * Run a Command starts its app, presets are saved in it. It replaces the project that was
 * open, whose app is stopped.
 *
 * Returns: %TRUE on success
 */
gboolean
studio_window_open_project (StudioWindow  *self,
                            const char    *directory,
                            GError       **error)
{
  g_autoptr(StudioProject) project = NULL;

  g_return_val_if_fail (STUDIO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, _("“%s” is not a directory"), directory);
      return FALSE;
    }

  project = studio_project_new (directory);
  if (self->project != NULL &&
      g_strcmp0 (studio_project_get_root (project), studio_project_get_root (self->project)) == 0)
    return TRUE;
  if (!studio_project_start (project, self->telemetry_server_url, error))
    return FALSE;

  studio_window_set_project (self, project);
  studio_window_remember_project (self, studio_project_get_root (project));
  return TRUE;
}

/**
 * studio_window_close_project:
 * @self: a [class@Studio.Window]
 *
 * Closes the open project: its app is stopped, only the built-in runtime stays.
 */
void
studio_window_close_project (StudioWindow *self)
{
  g_return_if_fail (STUDIO_IS_WINDOW (self));

  if (self->project != NULL)
    studio_window_set_project (self, NULL);
}

/**
 * studio_window_get_project:
 * @self: a [class@Studio.Window]
 *
 * Returns: (transfer none) (nullable): the open project
 */
StudioProject *
studio_window_get_project (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->project;
}

/* The rest ---------------------------------------------------------------------------------- */

/**
 * studio_window_get_actions_pane:
 * @self: a [class@Studio.Window]
 *
 * Returns: (transfer none): the actions pane
 */
StudioActionsPane *
studio_window_get_actions_pane (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->actions_pane;
}

/**
 * studio_window_get_traces_pane:
 * @self: a [class@Studio.Window]
 *
 * Returns: (transfer none): the traces pane
 */
StudioTracesPane *
studio_window_get_traces_pane (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->traces_pane;
}

/**
 * studio_window_get_command_panel:
 * @self: a [class@Studio.Window]
 *
 * Returns: (transfer none): the command panel
 */
StudioCommandPanel *
studio_window_get_command_panel (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->command_panel;
}

const char *
studio_window_get_telemetry_server_url (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->telemetry_server_url;
}

/**
 * studio_window_set_telemetry_server_url:
 * @self: a [class@Studio.Window]
 * @url: (nullable): the studio's telemetry server
 *
 * Sets the telemetry server the project's runtimes are told about (`/api/notify`) and the
 * command's app gets as `GENKIT_TELEMETRY_SERVER`.
 */
void
studio_window_set_telemetry_server_url (StudioWindow *self,
                                        const char   *url)
{
  g_return_if_fail (STUDIO_IS_WINDOW (self));

  if (g_strcmp0 (self->telemetry_server_url, url) == 0)
    return;
  g_free (self->telemetry_server_url);
  self->telemetry_server_url = g_strdup (url);
  studio_command_set_telemetry_server_url (studio_command_panel_get_command (self->command_panel), url);
  if (self->project != NULL)
    genkit_runtime_monitor_set_telemetry_server_url (studio_project_get_monitor (self->project), url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TELEMETRY_SERVER_URL]);
}

/**
 * studio_window_set_trace_store:
 * @self: a [class@Studio.Window]
 * @store: (nullable): the studio's trace store, where Open Trace reads traces
 */
void
studio_window_set_trace_store (StudioWindow     *self,
                               GenkitTraceStore *store)
{
  g_return_if_fail (STUDIO_IS_WINDOW (self));
  if (!g_set_object (&self->trace_store, store))
    return;
  studio_window_foreach_pane (self, "trace-store", store);
}

/**
 * studio_window_add_toast:
 * @self: a [class@Studio.Window]
 * @toast: (transfer full): a toast
 */
void
studio_window_add_toast (StudioWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (STUDIO_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * studio_window_new:
 * @application: (nullable): the application
 * @builtin_runtime: the built-in runtime
 * @input_store: (nullable): where runners keep inputs
 *
 * Returns: (transfer full): a new window showing the built-in runtime
 */
StudioWindow *
studio_window_new (GtkApplication   *application,
                   GenkitRuntime    *builtin_runtime,
                   StudioInputStore *input_store)
{
  return g_object_new (STUDIO_TYPE_WINDOW,
                       "application", application,
                       "builtin-runtime", builtin_runtime,
                       "input-store", input_store,
                       NULL);
}

static gboolean
studio_window_close_request (GtkWindow *window)
{
  StudioWindow *self = STUDIO_WINDOW (window);
  int width, height;

  /* Unsaved changes to a prompt: asked about first; the pane closes the window after. */
  if (studio_prompts_pane_close_request (self->prompts_pane))
    return TRUE;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  studio_actions_pane_cancel_runs (self->actions_pane);
  studio_command_panel_stop (self->command_panel);

  return GTK_WINDOW_CLASS (studio_window_parent_class)->close_request (window);
}

static void
studio_window_constructed (GObject *object)
{
  StudioWindow *self = STUDIO_WINDOW (object);
  g_autoptr(GListStore) builtin = g_list_store_new (GENKIT_TYPE_RUNTIME);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;

  G_OBJECT_CLASS (studio_window_parent_class)->constructed (object);

  g_assert (GENKIT_IS_RUNTIME (self->builtin_runtime));

  if (self->input_store == NULL)
    self->input_store = studio_input_store_new (NULL);
  g_object_set (self->actions_pane, "input-store", self->input_store, NULL);

  g_list_store_append (builtin, self->builtin_runtime);
  g_list_store_append (self->runtime_sources, builtin);

  factory = runtime_factory_new (self, FALSE);
  list_factory = runtime_factory_new (self, TRUE);
  gtk_drop_down_set_factory (self->runtime_dropdown, factory);
  gtk_drop_down_set_list_factory (self->runtime_dropdown, list_factory);
  gtk_drop_down_set_model (self->runtime_dropdown, G_LIST_MODEL (self->runtimes));
  studio_window_runtime_selected_cb (self);

  studio_command_panel_set_project (self->command_panel, NULL, self->settings);
  studio_window_update_recent_menu (self);
  studio_window_update_title (self);
  _studio_window_update_actions (self);
}

static void
studio_window_dispose (GObject *object)
{
  StudioWindow *self = STUDIO_WINDOW (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->monitor_changed_id, studio_project_get_monitor (self->project));
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_WINDOW);

  g_clear_object (&self->runtime);
  g_clear_object (&self->runtimes);
  g_clear_object (&self->runtime_sources);
  g_clear_object (&self->project);
  g_clear_object (&self->builtin_runtime);
  g_clear_object (&self->input_store);
  g_clear_object (&self->trace_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (studio_window_parent_class)->dispose (object);
}

static void
studio_window_finalize (GObject *object)
{
  StudioWindow *self = STUDIO_WINDOW (object);

  g_free (self->telemetry_server_url);

  G_OBJECT_CLASS (studio_window_parent_class)->finalize (object);
}

static void
studio_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  StudioWindow *self = STUDIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUILTIN_RUNTIME:
      g_value_set_object (value, self->builtin_runtime);
      break;
    case PROP_INPUT_STORE:
      g_value_set_object (value, self->input_store);
      break;
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      g_value_set_string (value, self->telemetry_server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  StudioWindow *self = STUDIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUILTIN_RUNTIME:
      self->builtin_runtime = g_value_dup_object (value);
      break;
    case PROP_INPUT_STORE:
      self->input_store = g_value_dup_object (value);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      studio_window_set_telemetry_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_window_class_init (StudioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = studio_window_constructed;
  object_class->dispose = studio_window_dispose;
  object_class->finalize = studio_window_finalize;
  object_class->get_property = studio_window_get_property;
  object_class->set_property = studio_window_set_property;

  window_class->close_request = studio_window_close_request;

  properties[PROP_BUILTIN_RUNTIME] =
    g_param_spec_object ("builtin-runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_STORE] =
    g_param_spec_object ("input-store", NULL, NULL, STUDIO_TYPE_INPUT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, STUDIO_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TELEMETRY_SERVER_URL] =
    g_param_spec_string ("telemetry-server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/studio-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, runtime_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, actions_pane);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, prompts_pane);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, traces_pane);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, command_panel);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, studio_window_runtime_selected_cb);

  g_type_ensure (STUDIO_TYPE_ACTIONS_PANE);
  g_type_ensure (STUDIO_TYPE_PROMPTS_PANE);
  g_type_ensure (STUDIO_TYPE_TRACES_PANE);
  g_type_ensure (STUDIO_TYPE_CHAT_PANE);
  g_type_ensure (STUDIO_TYPE_COMMAND_PANEL);
  g_type_ensure (STUDIO_TYPE_DATASETS_PANE);
  g_type_ensure (STUDIO_TYPE_EVALS_PANE);
}

static void
studio_window_init (StudioWindow *self)
{
  self->runtime_sources = g_list_store_new (G_TYPE_LIST_MODEL);
  self->runtimes = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->runtime_sources)));

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (STUDIO_SCHEMA_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "command-panel-height", self->command_panel, "height-request",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "sidebar-width", self->actions_pane, "sidebar-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (studio_window_update_recent_menu), self, G_CONNECT_SWAPPED);

  _studio_window_actions_init (self);
}
