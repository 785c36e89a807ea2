/* studio-preferences-window.c — providers, telemetry and trace retention
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "studio-application.h"
#include "studio-telemetry-settings.h"
#include "studio-preferences-window.h"

/**
 * StudioPreferencesWindow:
 *
 * The studio's preferences (`app.preferences`, Ctrl+,), all kept in GSettings but the keys:
 *
 * - **Providers**: for each model provider of the built-in runtime, its API key (stored in
 *   the keyring through libsecret; the window only ever says whether one is there), its base
 *   URL, the Cloudflare account, and which of its models are listed. Changes re-register the
 *   provider at once ([class@Studio.Providers]).
 * - **Telemetry**: where the built-in runtime's spans are also exported over OTLP (an
 *   endpoint or a backend's preset, its credential in the keyring), and whether the studio
 *   runs its telemetry server.
 * - **Traces**: the trace store's retention (maximum age, maximum number of traces).
 */
struct _StudioPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *providers_group;
  AdwComboRow          *otlp_row;
  AdwEntryRow          *otlp_endpoint_row;
  AdwEntryRow          *otlp_option_row;
  AdwPasswordEntryRow  *otlp_credential_row;
  AdwActionRow         *otlp_status_row;
  GtkSwitch            *telemetry_server_switch;
  GtkSpinButton        *max_age_spin;
  GtkSpinButton        *max_traces_spin;
  AdwActionRow         *apply_retention_row;
  GtkButton            *apply_retention_button;

  StudioProviders      *providers;
  GSettings            *settings;
  GenkitTraceStore     *trace_store;
  GCancellable         *cancellable;
  GHashTable           *provider_rows;   /* name → AdwExpanderRow (owned by the group) */
};

G_DEFINE_FINAL_TYPE (StudioPreferencesWindow, studio_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* What a provider's expander row holds, kept as its data. */
typedef struct
{
  char                *name;
  GtkWidget           *key_row;       /* AdwPasswordEntryRow, or NULL when no key is used */
  GtkWidget           *clear_key_button;
  GtkWidget           *url_row;
  GtkWidget           *models_row;    /* AdwActionRow: the status of the model list */
  GPtrArray           *model_rows;    /* AdwActionRow, each with a GtkCheckButton */
  gboolean             models_listed;
} ProviderRow;

static void
provider_row_free (ProviderRow *row)
{
  g_free (row->name);
  g_ptr_array_unref (row->model_rows);
  g_free (row);
}

static void
toast (StudioPreferencesWindow *self,
       const char              *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* Providers: keys ---------------------------------------------------------------------------- */

static ProviderRow *
provider_row_get (GtkWidget *expander)
{
  return g_object_get_data (G_OBJECT (expander), "provider-row");
}

/* The window an async callback's row still belongs to, or NULL once it is gone. */
static StudioPreferencesWindow *
window_of (GtkWidget *widget)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, STUDIO_TYPE_PREFERENCES_WINDOW);

  return window ? STUDIO_PREFERENCES_WINDOW (window) : NULL;
}

/* The keyring's `provider` attribute for the row's provider. */
static char *
provider_row_dup_keyring_name (StudioPreferencesWindow *self,
                               ProviderRow             *row)
{
  GenkitProviderPlugin *plugin = studio_providers_get_plugin (self->providers, row->name);
  char *keyring_name = NULL;

  g_object_get (plugin, "keyring-provider", &keyring_name, NULL);
  return keyring_name;
}

static char *
env_vars_text (StudioPreferencesWindow *self,
               const char              *name)
{
  GenkitProviderPlugin *plugin = studio_providers_get_plugin (self->providers, name);
  const char * const *vars = plugin ? genkit_provider_plugin_get_key_env_vars (plugin) : NULL;

  return vars && vars[0] ? g_strjoinv (", ", (char **) vars) : NULL;
}

static void
has_key_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWidget) expander = user_data;
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);
  g_autoptr(GError) error = NULL;
  g_autofree char *vars = NULL;
  g_autofree char *subtitle = NULL;
  gboolean has_key = genkit_provider_has_api_key_finish (result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  vars = env_vars_text (self, row->name);
  if (has_key)
    subtitle = g_strdup (_("API key in the keyring"));
  else if (error != NULL)
    /* Translators: %s is a list of environment variables such as OPENAI_API_KEY */
    subtitle = g_strdup_printf (_("No keyring to ask: the key comes from %s when set"), vars);
  else
    /* Translators: %s is a list of environment variables such as OPENAI_API_KEY */
    subtitle = g_strdup_printf (_("No API key in the keyring: the key comes from %s when set"), vars);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  /* Why there is no keyring, for whoever wonders. */
  gtk_widget_set_tooltip_text (expander, error ? error->message : NULL);
  gtk_widget_set_sensitive (row->clear_key_button, has_key);
}

static void
provider_row_update_key_status (StudioPreferencesWindow *self,
                                GtkWidget               *expander)
{
  ProviderRow *row = provider_row_get (expander);
  g_autofree char *keyring_name = NULL;

  if (row->key_row == NULL)
    {
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _("No API key needed"));
      return;
    }
  keyring_name = provider_row_dup_keyring_name (self, row);
  genkit_provider_has_api_key_async (keyring_name, self->cancellable, has_key_cb, g_object_ref (expander));
}

static void provider_row_list_models (StudioPreferencesWindow *self,
                                      GtkWidget               *expander);

/* After a key or the base URL changed: register the provider again, and ask it anew. */
static void
provider_row_changed (StudioPreferencesWindow *self,
                      GtkWidget               *expander)
{
  ProviderRow *row = provider_row_get (expander);

  studio_providers_reconfigure (self->providers, row->name);
  provider_row_update_key_status (self, expander);
  if (row->models_listed)
    provider_row_list_models (self, expander);
}

/* After a key was stored or removed: say how it went, where it happened. */
static void
key_change_done (GtkWidget  *expander,
                 gboolean    ok,
                 GError     *error,
                 const char *failure,
                 const char *success)
{
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      /* Translators: a failure ("Cannot store the key in the keyring"), then why */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), failure, error->message);

      gtk_widget_add_css_class (row->key_row, "error");
      toast (self, message);
      return;
    }
  gtk_widget_remove_css_class (row->key_row, "error");
  toast (self, success);
  provider_row_changed (self, expander);
}

static void
store_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) expander = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = genkit_provider_store_api_key_finish (result, &error);

  key_change_done (expander, ok, error, _("Cannot store the key in the keyring"),
                   _("API key stored in the keyring"));
}

static void
key_apply_cb (GtkWidget *key_row,
              GtkWidget *expander)
{
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);
  g_autofree char *key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (key_row)));
  g_autofree char *keyring_name = provider_row_dup_keyring_name (self, row);

  g_strstrip (key);
  /* The key leaves the widget at once: it is never shown again. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "");
  if (*key == '\0')
    return;
  genkit_provider_store_api_key_async (keyring_name, key, self->cancellable, store_key_cb,
                                       g_object_ref (expander));
  memset (key, 0, strlen (key));
}

static void
clear_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) expander = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = genkit_provider_clear_api_key_finish (result, &error);

  key_change_done (expander, ok, error, _("Cannot remove the key from the keyring"),
                   _("API key removed from the keyring"));
}

static void
clear_key_clicked_cb (GtkButton *button,
                      GtkWidget *expander)
{
  StudioPreferencesWindow *self = window_of (expander);
  g_autofree char *keyring_name = provider_row_dup_keyring_name (self, provider_row_get (expander));

  genkit_provider_clear_api_key_async (keyring_name, self->cancellable, clear_key_cb,
                                       g_object_ref (expander));
}

/* Providers: settings ------------------------------------------------------------------------- */

/* Sets (or with a %NULL @value removes) @name in the a{s*} dictionary @key. */
static void
settings_set_entry (GSettings  *settings,
                    const char *key,
                    const char *name,
                    GVariant   *value)
{
  g_autoptr(GVariant) old = g_settings_get_value (settings, key);
  g_autoptr(GVariant) sunk = value ? g_variant_ref_sink (value) : NULL;
  const GVariantType *entry_type = g_variant_type_element (g_variant_get_type (old));
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *entry;

  g_variant_builder_init (&builder, g_variant_get_type (old));
  g_variant_iter_init (&iter, old);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) entry_key = g_variant_get_child_value (entry, 0);

      if (!g_str_equal (g_variant_get_string (entry_key, NULL), name))
        g_variant_builder_add_value (&builder, entry);
      g_variant_unref (entry);
    }
  if (sunk != NULL)
    g_variant_builder_add_value (&builder, g_variant_new_dict_entry (g_variant_new_string (name), sunk));
  g_assert (g_variant_type_is_dict_entry (entry_type));
  g_settings_set_value (settings, key, g_variant_builder_end (&builder));
}

static void
url_apply_cb (GtkWidget *url_row,
              GtkWidget *expander)
{
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (url_row))));
  g_autofree char *fallback = studio_providers_dup_default_base_url (self->providers, row->name);
  g_autofree char *scheme = g_uri_parse_scheme (url);

  if (*url != '\0' && g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      gtk_widget_add_css_class (url_row, "error");
      toast (self, _("The base URL must be an http or https URL"));
      return;
    }
  gtk_widget_remove_css_class (url_row, "error");
  /* The default is no setting, so the environment variable keeps working. */
  if (*url == '\0' || g_strcmp0 (url, fallback) == 0)
    {
      settings_set_entry (self->settings, "provider-base-urls", row->name, NULL);
      gtk_editable_set_text (GTK_EDITABLE (url_row), fallback ? fallback : "");
    }
  else
    settings_set_entry (self->settings, "provider-base-urls", row->name, g_variant_new_string (url));
  if (row->models_listed)
    provider_row_list_models (self, expander);
}

static void
account_apply_cb (GtkWidget               *account_row,
                  StudioPreferencesWindow *self)
{
  g_autofree char *account = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (account_row))));

  g_settings_set_string (self->settings, "cloudflare-account-id", account);
}

/* Providers: models --------------------------------------------------------------------------- */

static void
model_toggled_cb (GtkCheckButton *check,
                  GtkWidget      *expander)
{
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);
  g_autoptr(GStrvBuilder) enabled = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  gboolean all = TRUE;

  if (self == NULL)
    return;
  for (guint i = 0; i < row->model_rows->len; i++)
    {
      GtkWidget *model_row = g_ptr_array_index (row->model_rows, i);
      GtkCheckButton *box = g_object_get_data (G_OBJECT (model_row), "check");

      if (gtk_check_button_get_active (box))
        g_strv_builder_add (enabled, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (model_row)));
      else
        all = FALSE;
    }
  ids = g_strv_builder_end (enabled);
  settings_set_entry (self->settings, "provider-enabled-models", row->name,
                      all ? NULL : g_variant_new_strv ((const char * const *) ids, -1));
}

static void
list_models_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) expander = user_data;
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = genkit_provider_plugin_list_models_finish (GENKIT_PROVIDER_PLUGIN (object), result, &error);
  GenkitProviderPlugin *plugin;
  const char * const *enabled;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ids == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row->models_row), error->message);
      return;
    }

  for (guint i = 0; i < row->model_rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (expander), g_ptr_array_index (row->model_rows, i));
  g_ptr_array_set_size (row->model_rows, 0);

  plugin = studio_providers_get_plugin (self->providers, row->name);
  enabled = plugin ? genkit_provider_plugin_get_enabled_models (plugin) : NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *model_row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (model_row), ids[i]);
      gtk_widget_set_name (model_row, "model");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   enabled == NULL || g_strv_contains (enabled, ids[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (model_row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (model_row), check);
      g_object_set_data (G_OBJECT (model_row), "check", check);
      g_signal_connect (check, "toggled", G_CALLBACK (model_toggled_cb), expander);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), model_row);
      g_ptr_array_add (row->model_rows, model_row);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->models_row),
                               ids[0] ? _("The built-in runtime lists the checked ones")
                                      : _("The provider lists no models"));
}

static void
provider_row_list_models (StudioPreferencesWindow *self,
                          GtkWidget               *expander)
{
  ProviderRow *row = provider_row_get (expander);
  GenkitProviderPlugin *plugin = studio_providers_get_plugin (self->providers, row->name);

  row->models_listed = TRUE;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->models_row), _("Asking the provider…"));
  genkit_provider_plugin_list_models_async (plugin, self->cancellable, list_models_cb, g_object_ref (expander));
}

static void
expanded_cb (GtkWidget  *expander,
             GParamSpec *pspec,
             gpointer    user_data)
{
  StudioPreferencesWindow *self = window_of (expander);
  ProviderRow *row = provider_row_get (expander);

  /* The models are asked for (a network call) only when someone looks. */
  if (self != NULL && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)) && !row->models_listed)
    provider_row_list_models (self, expander);
}

/* Providers: rows ----------------------------------------------------------------------------- */

static GtkWidget *
studio_preferences_window_add_provider (StudioPreferencesWindow *self,
                                        const char              *name)
{
  GenkitProviderPlugin *plugin = studio_providers_get_plugin (self->providers, name);
  const char * const *vars = genkit_provider_plugin_get_key_env_vars (plugin);
  GtkWidget *expander = adw_expander_row_new ();
  ProviderRow *row = g_new0 (ProviderRow, 1);
  g_autoptr(GVariant) urls = g_settings_get_value (self->settings, "provider-base-urls");
  g_autofree char *url = NULL;

  row->name = g_strdup (name);
  row->model_rows = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (expander), "provider-row", row, (GDestroyNotify) provider_row_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), genkit_provider_plugin_get_label (plugin));
  gtk_widget_set_name (expander, name);

  if (vars != NULL && vars[0] != NULL)
    {
      row->key_row = adw_password_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->key_row), _("API Key"));
      gtk_widget_set_name (row->key_row, "api-key");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row->key_row), TRUE);
      g_signal_connect (row->key_row, "apply", G_CALLBACK (key_apply_cb), expander);
      row->clear_key_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_tooltip_text (row->clear_key_button, _("Remove the key from the keyring"));
      gtk_widget_set_valign (row->clear_key_button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (row->clear_key_button, FALSE);
      gtk_widget_add_css_class (row->clear_key_button, "flat");
      g_signal_connect (row->clear_key_button, "clicked", G_CALLBACK (clear_key_clicked_cb), expander);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->key_row), row->clear_key_button);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row->key_row);
    }

  row->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->url_row), _("Base URL"));
  gtk_widget_set_name (row->url_row, "base-url");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row->url_row), TRUE);
  if (!g_variant_lookup (urls, name, "s", &url))
    url = studio_providers_dup_default_base_url (self->providers, name);
  gtk_editable_set_text (GTK_EDITABLE (row->url_row), url ? url : "");
  g_signal_connect (row->url_row, "apply", G_CALLBACK (url_apply_cb), expander);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row->url_row);

  if (g_str_equal (name, "cloudflare-workers-ai"))
    {
      GtkWidget *account_row = adw_entry_row_new ();
      g_autofree char *account = g_settings_get_string (self->settings, "cloudflare-account-id");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (account_row), _("Account ID (else CLOUDFLARE_ACCOUNT_ID)"));
      gtk_widget_set_name (account_row, "account-id");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (account_row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (account_row), account);
      g_signal_connect (account_row, "apply", G_CALLBACK (account_apply_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), account_row);
    }

  row->models_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->models_row), _("Models"));
  gtk_widget_set_name (row->models_row, "models");
  gtk_widget_add_css_class (row->models_row, "property");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row->models_row);
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (expanded_cb), NULL);

  adw_preferences_group_add (self->providers_group, expander);
  g_hash_table_insert (self->provider_rows, g_strdup (name), expander);
  provider_row_update_key_status (self, expander);
  return expander;
}

/**
 * studio_preferences_window_get_provider_row:
 * @self: a [class@Studio.PreferencesWindow]
 * @name: a provider plugin's name
 *
 * Returns: (transfer none) (nullable): the provider's expander row; its rows are named
 *   (gtk_widget_get_name()) `api-key`, `base-url`, `account-id` (Cloudflare's), `models`, and
 *   `model` for each model once listed, titled with the model's id
 */
GtkWidget *
studio_preferences_window_get_provider_row (StudioPreferencesWindow *self,
                                            const char              *name)
{
  g_return_val_if_fail (STUDIO_IS_PREFERENCES_WINDOW (self), NULL);
  return g_hash_table_lookup (self->provider_rows, name);
}

/* Telemetry ---------------------------------------------------------------------------------- */

static void
studio_preferences_window_update_otlp_status (StudioPreferencesWindow *self,
                                              const char              *credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitOtlpExporter) exporter = studio_telemetry_settings_new_exporter (self->settings, credential, &error);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->otlp_status_row), "error");
  if (error != NULL)
    {
      text = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->otlp_status_row), "error");
    }
  else if (exporter != NULL)
    /* Translators: %s is a URL */
    text = g_strdup_printf (_("Spans go to %s"), genkit_otlp_exporter_get_endpoint (exporter));
  else
    text = g_strdup (_("Spans stay in the studio"));
  adw_action_row_set_subtitle (self->otlp_status_row, text);
}

static void
otlp_credential_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(StudioPreferencesWindow) self = user_data;
  g_autofree char *credential = genkit_provider_lookup_api_key_finish (result);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->otlp_credential_row),
                                 credential ? _("Credential (in the keyring)") : _("Credential"));
  studio_preferences_window_update_otlp_status (self, credential);
  if (credential != NULL)
    memset (credential, 0, strlen (credential));
}

/* Shows the rows the chosen export uses, titled for it, and whether it can work. */
static void
studio_preferences_window_update_otlp (StudioPreferencesWindow *self)
{
  static const char * const option_titles[] = {
    NULL, NULL,
    N_("Base URL (optional, else http://localhost:4318)"),
    N_("Dataset (Honeycomb Classic only)"),
    N_("Stack OTLP endpoint"),
    N_("Dataset"),
    N_("Agent base URL (optional, else http://localhost:4318)"),
    NULL,
  };
  guint choice = g_settings_get_enum (self->settings, "otlp-export");
  gboolean credential = studio_telemetry_settings_needs_credential (self->settings);

  gtk_widget_set_visible (GTK_WIDGET (self->otlp_endpoint_row), choice == 1);
  gtk_widget_set_visible (GTK_WIDGET (self->otlp_option_row),
                          choice < G_N_ELEMENTS (option_titles) && option_titles[choice] != NULL);
  if (choice < G_N_ELEMENTS (option_titles) && option_titles[choice] != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->otlp_option_row), _(option_titles[choice]));
  gtk_widget_set_visible (GTK_WIDGET (self->otlp_credential_row), credential);
  if (credential)
    genkit_provider_lookup_api_key_async (STUDIO_OTLP_KEYRING_NAME, NULL, self->cancellable,
                                          otlp_credential_cb, g_object_ref (self));
  else
    studio_preferences_window_update_otlp_status (self, NULL);
}

static void
studio_preferences_window_otlp_selected_cb (StudioPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->otlp_row);

  if (selected != GTK_INVALID_LIST_POSITION && (int) selected != g_settings_get_enum (self->settings, "otlp-export"))
    g_settings_set_enum (self->settings, "otlp-export", selected);
}

static void
studio_preferences_window_otlp_endpoint_apply_cb (StudioPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->otlp_endpoint_row))));

  g_settings_set_string (self->settings, "otlp-endpoint", text);
}

static void
studio_preferences_window_otlp_option_apply_cb (StudioPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->otlp_option_row))));

  g_settings_set_string (self->settings, "otlp-option", text);
}

static void
store_credential_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(StudioPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GApplication *application = g_application_get_default ();

  if (!genkit_provider_store_api_key_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Cannot store the credential in the keyring: %s"), error->message);
      toast (self, message);
      return;
    }
  toast (self, _("Credential stored in the keyring"));
  studio_preferences_window_update_otlp (self);
  if (STUDIO_IS_APPLICATION (application))
    studio_application_apply_otlp_export (STUDIO_APPLICATION (application));
}

static void
studio_preferences_window_otlp_credential_apply_cb (StudioPreferencesWindow *self)
{
  g_autofree char *credential = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->otlp_credential_row))));

  gtk_editable_set_text (GTK_EDITABLE (self->otlp_credential_row), "");
  if (*credential == '\0')
    return;
  genkit_provider_store_api_key_async (STUDIO_OTLP_KEYRING_NAME, credential, self->cancellable,
                                       store_credential_cb, g_object_ref (self));
  memset (credential, 0, strlen (credential));
}

/* Traces ------------------------------------------------------------------------------------- */

static gboolean
uint_to_double (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
double_to_uint (const GValue       *value,
                const GVariantType *type,
                gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) CLAMP (g_value_get_double (value), 0, G_MAXUINT32));
}

static void
apply_retention_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(StudioPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_deleted = 0;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_retention_row), TRUE);
  if (!genkit_trace_store_apply_retention_finish (GENKIT_TRACE_STORE (object), result, &n_deleted, &error))
    message = g_strdup_printf (_("Cannot apply the retention policy: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trace deleted", "%u traces deleted", n_deleted),
                               n_deleted);
  toast (self, message);
}

/* Without a limit there is nothing to delete now. */
static void
studio_preferences_window_update_retention (StudioPreferencesWindow *self)
{
  gboolean limited = g_settings_get_uint (self->settings, "trace-max-age-days") > 0 ||
                     g_settings_get_uint (self->settings, "trace-max-traces") > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_retention_button), limited);
}

static void
studio_preferences_window_apply_retention_cb (StudioPreferencesWindow *self)
{
  g_return_if_fail (self->trace_store != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_retention_row), FALSE);
  genkit_trace_store_apply_retention_async (self->trace_store, self->cancellable, apply_retention_cb,
                                            g_object_ref (self));
}

/* The object --------------------------------------------------------------------------------- */

/**
 * studio_preferences_window_new:
 * @providers: the built-in runtime's model providers
 * @settings: the studio's settings
 * @trace_store: (nullable): the studio's trace store, whose policy the Traces page applies now
 *
 * Returns: (transfer full): a new preferences window
 */
StudioPreferencesWindow *
studio_preferences_window_new (StudioProviders  *providers,
                               GSettings        *settings,
                               GenkitTraceStore *trace_store)
{
  StudioPreferencesWindow *self;
  const char * const *names;

  g_return_val_if_fail (STUDIO_IS_PROVIDERS (providers), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (STUDIO_TYPE_PREFERENCES_WINDOW, NULL);
  self->providers = g_object_ref (providers);
  self->settings = g_object_ref (settings);
  self->trace_store = trace_store ? g_object_ref (trace_store) : NULL;

  names = studio_providers_get_names (providers);
  for (guint i = 0; names[i] != NULL; i++)
    studio_preferences_window_add_provider (self, names[i]);

  adw_combo_row_set_selected (self->otlp_row, g_settings_get_enum (settings, "otlp-export"));
  g_settings_bind (settings, "otlp-endpoint", self->otlp_endpoint_row, "text", G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (settings, "otlp-option", self->otlp_option_row, "text", G_SETTINGS_BIND_GET_NO_CHANGES);
  g_signal_connect_object (settings, "changed::otlp-export",
                           G_CALLBACK (studio_preferences_window_update_otlp), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::otlp-endpoint",
                           G_CALLBACK (studio_preferences_window_update_otlp), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::otlp-option",
                           G_CALLBACK (studio_preferences_window_update_otlp), self, G_CONNECT_SWAPPED);
  studio_preferences_window_update_otlp (self);
  g_settings_bind (settings, "telemetry-server", self->telemetry_server_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (settings, "trace-max-age-days", gtk_spin_button_get_adjustment (self->max_age_spin),
                                "value", G_SETTINGS_BIND_DEFAULT, uint_to_double, double_to_uint, NULL, NULL);
  g_settings_bind_with_mapping (settings, "trace-max-traces", gtk_spin_button_get_adjustment (self->max_traces_spin),
                                "value", G_SETTINGS_BIND_DEFAULT, uint_to_double, double_to_uint, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->apply_retention_row), trace_store != NULL);
  g_signal_connect_object (settings, "changed::trace-max-age-days",
                           G_CALLBACK (studio_preferences_window_update_retention), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::trace-max-traces",
                           G_CALLBACK (studio_preferences_window_update_retention), self, G_CONNECT_SWAPPED);
  studio_preferences_window_update_retention (self);
  return self;
}

static void
studio_preferences_window_dispose (GObject *object)
{
  StudioPreferencesWindow *self = STUDIO_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->provider_rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (studio_preferences_window_parent_class)->dispose (object);
}

static void
studio_preferences_window_finalize (GObject *object)
{
  StudioPreferencesWindow *self = STUDIO_PREFERENCES_WINDOW (object);

  g_clear_object (&self->providers);
  g_clear_object (&self->settings);
  g_clear_object (&self->trace_store);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->provider_rows);

  G_OBJECT_CLASS (studio_preferences_window_parent_class)->finalize (object);
}

static void
studio_preferences_window_class_init (StudioPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_preferences_window_dispose;
  object_class->finalize = studio_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/studio-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, providers_group);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, otlp_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, otlp_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, otlp_option_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, otlp_credential_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, otlp_status_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, telemetry_server_switch);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, max_age_spin);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, max_traces_spin);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, apply_retention_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, apply_retention_button);
  gtk_widget_class_bind_template_callback (widget_class, studio_preferences_window_otlp_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_preferences_window_otlp_endpoint_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_preferences_window_otlp_option_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_preferences_window_otlp_credential_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_preferences_window_apply_retention_cb);
}

static void
studio_preferences_window_init (StudioPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->provider_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
