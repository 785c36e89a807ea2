/* studio-application.c — the studio's application: built-in runtime, telemetry, windows
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <genkit-eval.h>

#include "genkit-samples.h"
#include "genkit-providers.h"
#include "studio-application-private.h"
#include "studio-config.h"
#include "studio-telemetry-settings.h"

/**
 * StudioApplication:
 *
 * The single instance of the studio (`genkit-studio [DIR...]`: each directory opens as a
 * project, in the window that has none yet or in a new one; a second `genkit-studio` hands
 * its directories to the first).
 *
 * It owns what the windows share:
 *
 * - the **built-in runtime**: a [class@Genkit.LocalRuntime] over a registry with the
 *   sample actions (`greet`, `countdown`, `textStats`, `fail`, `sleep`, `whoami`, `add`,
 *   `exactMatch`, ...) and the built-in evaluators (`genkitEval/regex`, ...), always in the
 *   runtime switcher;
 * - the **input store** ([class@Studio.InputStore]);
 * - unless the `telemetry-server` setting is off (it applies at once), a
 *   [class@Genkit.TraceStore] in `$XDG_DATA_HOME/genkit-studio/traces.db` with a Genkit
 *   **telemetry server** on loopback
 *   (first free port from 4033): the built-in runtime's spans go straight into the store,
 *   and the project's runtimes and the app started by Run a Command are told to export
 *   theirs to the server (`/api/notify`, `GENKIT_TELEMETRY_SERVER`), as `genkit start`
 *   does. Open Trace reads from that store.
 *
 * The style follows the system's light or dark preference unless the `color-scheme`
 * setting forces one.
 */

G_DEFINE_FINAL_TYPE (StudioApplication, studio_application, ADW_TYPE_APPLICATION)

static void
studio_application_update_color_scheme (StudioApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint scheme = g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (scheme, G_N_ELEMENTS (schemes) - 1)]);
}

static void
studio_application_set_otlp_exporter (StudioApplication  *self,
                                      GenkitOtlpExporter *exporter)
{
  GenkitTracer *tracer = genkit_registry_get_tracer (self->registry);

  if (self->otlp_exporter != NULL)
    {
      genkit_tracer_remove_processor (tracer, GENKIT_SPAN_PROCESSOR (self->otlp_exporter));
      /* Spans already queued still go out. */
      genkit_span_processor_flush_async (GENKIT_SPAN_PROCESSOR (self->otlp_exporter), NULL, NULL, NULL);
      g_clear_object (&self->otlp_exporter);
    }
  if (exporter != NULL)
    {
      self->otlp_exporter = g_object_ref (exporter);
      genkit_otlp_exporter_set_service_name (exporter, "genkit-studio");
      genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (exporter));
    }
}

static void
studio_application_otlp_credential_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  g_autoptr(StudioApplication) self = user_data;
  g_autofree char *credential = genkit_provider_lookup_api_key_finish (result);
  g_autoptr(GenkitOtlpExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;

  exporter = studio_telemetry_settings_new_exporter (self->settings, credential, &error);
  if (credential != NULL)
    memset (credential, 0, strlen (credential));
  if (error != NULL)
    /* The preferences show the same error where it is set. */
    g_warning ("No OTLP export: %s", error->message);
  studio_application_set_otlp_exporter (self, exporter);
}

/**
 * studio_application_apply_otlp_export:
 * @self: a [class@Studio.Application]
 *
 * Sends the built-in runtime's spans where the `otlp-export` settings say, with the
 * preset's credential from the keyring, replacing the exporter used so far. Called when
 * those settings change and after the preferences store a new credential.
 */
void
studio_application_apply_otlp_export (StudioApplication *self)
{
  g_return_if_fail (STUDIO_IS_APPLICATION (self));

  if (g_settings_get_enum (self->settings, "otlp-export") == 0)
    {
      studio_application_set_otlp_exporter (self, NULL);
      return;
    }
  genkit_provider_lookup_api_key_async (STUDIO_OTLP_KEYRING_NAME, NULL, NULL,
                                        studio_application_otlp_credential_cb, g_object_ref (self));
}

/* A provider was registered again: the windows on the built-in runtime list it again. */
static void
studio_application_providers_changed_cb (StudioApplication *self,
                                         const char        *name)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (STUDIO_IS_WINDOW (l->data) &&
        studio_window_get_runtime (l->data) == self->builtin_runtime)
      g_action_group_activate_action (G_ACTION_GROUP (l->data), "reload", NULL);
}

static void
studio_application_start_telemetry (StudioApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitStoreSpanProcessor) processor = NULL;
  g_autofree char *builtin_id = NULL;

  if (!g_settings_get_boolean (self->settings, "telemetry-server"))
    return;

  /* The store stays open when the server is turned off while the studio runs. */
  if (self->trace_store == NULL)
    {
      self->trace_store = genkit_trace_store_new (NULL, &error);
      if (self->trace_store == NULL)
        {
          g_warning ("No trace store, so no telemetry server: %s", error->message);
          return;
        }

      /* The built-in runtime's spans go straight into the store, as its traces. */
      builtin_id = genkit_runtime_dup_id (self->builtin_runtime);
      processor = genkit_store_span_processor_new_for_runtime (self->trace_store, builtin_id);
      genkit_tracer_add_processor (genkit_registry_get_tracer (self->registry), GENKIT_SPAN_PROCESSOR (processor));

      studio_telemetry_settings_bind_retention (self->settings, self->trace_store);
    }

  self->telemetry_server = genkit_telemetry_server_new (self->trace_store);
  if (!genkit_telemetry_server_listen_default (self->telemetry_server, &error))
    {
      g_warning ("Cannot start the telemetry server: %s", error->message);
      g_clear_object (&self->telemetry_server);
      return;
    }
  self->telemetry_server_url = genkit_telemetry_server_get_url (self->telemetry_server);
  g_debug ("Telemetry server at %s", self->telemetry_server_url);
}

/* The telemetry-server switch, applied while the studio runs: the server starts or stops, and
 * the windows tell the app they run (and the runtimes they find) where it is, or that there is
 * none. */
static void
studio_application_telemetry_server_changed_cb (StudioApplication *self)
{
  gboolean wanted = g_settings_get_boolean (self->settings, "telemetry-server");

  if (wanted == (self->telemetry_server != NULL))
    return;
  if (wanted)
    studio_application_start_telemetry (self);
  else
    {
      genkit_telemetry_server_disconnect (self->telemetry_server);
      g_clear_object (&self->telemetry_server);
      g_clear_pointer (&self->telemetry_server_url, g_free);
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (STUDIO_IS_WINDOW (l->data))
      {
        studio_window_set_telemetry_server_url (l->data, self->telemetry_server_url);
        studio_window_set_trace_store (l->data, self->trace_store);
      }
}

static void
studio_application_after_paint_cb (GdkFrameClock     *clock,
                                   StudioApplication *self)
{
  /* The cold-start benchmark (bench/app/run.sh) reads this line. */
  if (!self->first_frame_logged)
    {
      self->first_frame_logged = TRUE;
      g_debug ("First frame painted at %" G_GINT64_FORMAT " µs (real time), %.3f s after startup",
               g_get_real_time (), (g_get_monotonic_time () - self->started_at) / 1e6);
    }
  g_signal_handlers_disconnect_by_func (clock, studio_application_after_paint_cb, self);
}

static void
studio_application_window_mapped_cb (GtkWidget         *window,
                                     StudioApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL && !self->first_frame_logged)
    g_signal_connect (clock, "after-paint", G_CALLBACK (studio_application_after_paint_cb), self);
}

/* A new window of the built-in runtime, with the shared stores. */
StudioWindow *
_studio_application_new_window (StudioApplication *self)
{
  StudioWindow *window = studio_window_new (GTK_APPLICATION (self), self->builtin_runtime, self->input_store);

  studio_window_set_telemetry_server_url (window, self->telemetry_server_url);
  studio_window_set_trace_store (window, self->trace_store);
  g_signal_connect (window, "map", G_CALLBACK (studio_application_window_mapped_cb), self);
  return window;
}

static void
studio_application_startup (GApplication *application)
{
  StudioApplication *self = STUDIO_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitLocalRuntime) runtime = NULL;

  G_APPLICATION_CLASS (studio_application_parent_class)->startup (application);

  gtk_source_init ();
  g_set_application_name (_("Genkit Studio"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (STUDIO_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (studio_application_update_color_scheme), self, G_CONNECT_SWAPPED);
  studio_application_update_color_scheme (self);

  self->registry = genkit_registry_new ();
  if (!genkit_samples_register (self->registry, &error))
    g_critical ("Cannot register the sample actions: %s", error->message);
  g_clear_error (&error);
  /* The sample agents keep their snapshots in the studio's session database. */
  if (!genkit_samples_register_agents (self->registry, NULL, &error))
    g_warning ("Cannot register the sample agents: %s", error->message);
  g_clear_error (&error);
  /* The model providers, configured from the settings: no network until a model runs or the
   * actions are listed. */
  self->providers = studio_providers_new (self->registry, self->settings);
  g_signal_connect_object (self->providers, "changed",
                           G_CALLBACK (studio_application_providers_changed_cb), self, G_CONNECT_SWAPPED);
  /* The built-in evaluators (regex, deep equal, JSON schema, LLM judges) for eval runs. */
  if (!genkit_eval_define_builtin_evaluators (self->registry, NULL, &error))
    g_critical ("Cannot register the built-in evaluators: %s", error->message);
  runtime = genkit_local_runtime_new (self->registry);
  genkit_local_runtime_set_name (runtime, _("Built-in runtime"));
  self->builtin_runtime = GENKIT_RUNTIME (g_steal_pointer (&runtime));

  self->input_store = studio_input_store_new (NULL);
  studio_application_start_telemetry (self);
  g_signal_connect_object (self->settings, "changed::telemetry-server",
                           G_CALLBACK (studio_application_telemetry_server_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const keys[] = { "changed::otlp-export", "changed::otlp-endpoint",
                                            "changed::otlp-option" };

      g_signal_connect_object (self->settings, keys[i], G_CALLBACK (studio_application_apply_otlp_export),
                               self, G_CONNECT_SWAPPED);
    }
  if (g_settings_get_enum (self->settings, "otlp-export") != 0)
    studio_application_apply_otlp_export (self);

  _studio_application_actions_init (self);
}

static void
studio_application_activate (GApplication *application)
{
  StudioApplication *self = STUDIO_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (_studio_application_new_window (self));
  gtk_window_present (window);
}

/* The window a project should open in: the active one if it has no project yet. */
static StudioWindow *
studio_application_window_for_project (StudioApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (STUDIO_IS_WINDOW (active) && studio_window_get_project (STUDIO_WINDOW (active)) == NULL)
    return STUDIO_WINDOW (active);
  return _studio_application_new_window (self);
}

static void
studio_application_open (GApplication  *application,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  StudioApplication *self = STUDIO_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autoptr(GError) error = NULL;
      StudioWindow *window = studio_application_window_for_project (self);

      if (path == NULL || !studio_window_open_project (window, path, &error))
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = g_strdup_printf (_("Cannot open “%s” as a project: %s"),
                                                      path ? path : uri,
                                                      error ? error->message : _("not a local directory"));

          g_printerr ("genkit-studio: %s\n", message);
          studio_window_add_toast (window, adw_toast_new (message));
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
studio_application_shutdown (GApplication *application)
{
  StudioApplication *self = STUDIO_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (self->input_store != NULL && !studio_input_store_flush (self->input_store, &error))
    g_warning ("Cannot save the inputs: %s", error->message);
  g_clear_error (&error);

  /* Nothing a run produced may be lost on the way out. */
  if (self->trace_store != NULL && !genkit_flush_tracing (&error))
    g_warning ("Some traces could not be written: %s", error->message);
  if (self->telemetry_server != NULL)
    genkit_telemetry_server_disconnect (self->telemetry_server);

  G_APPLICATION_CLASS (studio_application_parent_class)->shutdown (application);
}

static int
studio_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("genkit-studio %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

/**
 * studio_application_new:
 *
 * Returns: (transfer full): the application
 */
StudioApplication *
studio_application_new (void)
{
  return g_object_new (STUDIO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", STUDIO_RESOURCE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * studio_application_get_builtin_runtime:
 * @self: a [class@Studio.Application]
 *
 * Returns: (transfer none) (nullable): the built-in runtime (after startup)
 */
GenkitRuntime *
studio_application_get_builtin_runtime (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->builtin_runtime;
}

/**
 * studio_application_get_settings:
 * @self: a [class@Studio.Application]
 *
 * Returns: (transfer none) (nullable): the studio's settings (after startup)
 */
GSettings *
studio_application_get_settings (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * studio_application_get_input_store:
 * @self: a [class@Studio.Application]
 *
 * Returns: (transfer none) (nullable): where runners keep inputs (after startup)
 */
StudioInputStore *
studio_application_get_input_store (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->input_store;
}

/**
 * studio_application_get_providers:
 * @self: a [class@Studio.Application]
 *
 * Returns: (transfer none) (nullable): the built-in runtime's model providers (after startup)
 */
StudioProviders *
studio_application_get_providers (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->providers;
}

/**
 * studio_application_get_trace_store:
 * @self: a [class@Studio.Application]
 *
 * Returns: (transfer none) (nullable): the trace store, if the telemetry server runs
 */
GenkitTraceStore *
studio_application_get_trace_store (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->trace_store;
}

/**
 * studio_application_get_telemetry_server_url:
 * @self: a [class@Studio.Application]
 *
 * Returns: (nullable): the telemetry server's base URL, if it runs
 */
const char *
studio_application_get_telemetry_server_url (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->telemetry_server_url;
}

static void
studio_application_dispose (GObject *object)
{
  StudioApplication *self = STUDIO_APPLICATION (object);

  g_clear_object (&self->otlp_exporter);
  g_clear_object (&self->providers);
  g_clear_object (&self->telemetry_server);
  g_clear_object (&self->trace_store);
  g_clear_object (&self->input_store);
  g_clear_object (&self->builtin_runtime);
  g_clear_object (&self->registry);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (studio_application_parent_class)->dispose (object);
}

static void
studio_application_finalize (GObject *object)
{
  StudioApplication *self = STUDIO_APPLICATION (object);

  g_free (self->telemetry_server_url);

  G_OBJECT_CLASS (studio_application_parent_class)->finalize (object);
}

static void
studio_application_class_init (StudioApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = studio_application_dispose;
  object_class->finalize = studio_application_finalize;

  application_class->startup = studio_application_startup;
  application_class->activate = studio_application_activate;
  application_class->open = studio_application_open;
  application_class->shutdown = studio_application_shutdown;
  application_class->handle_local_options = studio_application_handle_local_options;
}

static void
studio_application_init (StudioApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  self->started_at = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[DIRECTORY…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens each DIRECTORY as a Genkit project: its running "
                                              "runtimes, found as the Genkit CLI finds them, join the "
                                              "built-in one."));
}
