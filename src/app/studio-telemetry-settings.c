/* studio-telemetry-settings.c — the OTLP export and trace retention the settings ask for
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-telemetry-settings.h"

/* The `otlp-export` enum's values, after "off" and "endpoint", are these presets. */
#define OTLP_EXPORT_OFF      0
#define OTLP_EXPORT_ENDPOINT 1

static const GenkitOtlpPreset presets[] = {
  GENKIT_OTLP_PRESET_OTEL_COLLECTOR,
  GENKIT_OTLP_PRESET_HONEYCOMB,
  GENKIT_OTLP_PRESET_GRAFANA,
  GENKIT_OTLP_PRESET_AXIOM,
  GENKIT_OTLP_PRESET_DATADOG,
  GENKIT_OTLP_PRESET_SENTRY,
};

/**
 * studio_telemetry_settings_needs_credential:
 * @settings: the studio's settings
 *
 * Tells whether the OTLP export chosen in `otlp-export` takes a credential (Honeycomb's API
 * key, Grafana Cloud's `INSTANCE_ID:TOKEN`, Axiom's token, Sentry's DSN), kept in the
 * keyring under [const@Studio.OTLP_KEYRING_NAME].
 *
 * Returns: %TRUE if it does
 */
gboolean
studio_telemetry_settings_needs_credential (GSettings *settings)
{
  int choice = g_settings_get_enum (settings, "otlp-export");

  if (choice <= OTLP_EXPORT_ENDPOINT || choice - 2 >= (int) G_N_ELEMENTS (presets))
    return FALSE;
  switch (presets[choice - 2])
    {
    case GENKIT_OTLP_PRESET_HONEYCOMB:
    case GENKIT_OTLP_PRESET_GRAFANA:
    case GENKIT_OTLP_PRESET_AXIOM:
    case GENKIT_OTLP_PRESET_SENTRY:
      return TRUE;
    case GENKIT_OTLP_PRESET_OTEL_COLLECTOR:
    case GENKIT_OTLP_PRESET_DATADOG:
    default:
      return FALSE;
    }
}

/**
 * studio_telemetry_settings_new_exporter:
 * @settings: the studio's settings
 * @credential: (nullable): the preset's credential, from the keyring
 * @error: return location for an error
 *
 * Makes the exporter `otlp-export`, `otlp-endpoint` and `otlp-option` describe.
 *
 * Returns: (transfer full) (nullable): the exporter; %NULL without @error when the export is
 *   off, %NULL with `INVALID_ARGUMENT` when the settings miss what the preset requires or
 *   the endpoint is no http(s) URL
 */
GenkitOtlpExporter *
studio_telemetry_settings_new_exporter (GSettings   *settings,
                                   const char  *credential,
                                   GError     **error)
{
  int choice = g_settings_get_enum (settings, "otlp-export");
  g_autofree char *option = g_settings_get_string (settings, "otlp-option");

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (choice == OTLP_EXPORT_OFF)
    return NULL;
  if (choice == OTLP_EXPORT_ENDPOINT)
    {
      g_autofree char *endpoint = g_settings_get_string (settings, "otlp-endpoint");
      g_autofree char *scheme = g_uri_parse_scheme (endpoint);

      if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       _("The OTLP endpoint must be an http or https URL, such as "
                         "http://localhost:4318/v1/traces"));
          return NULL;
        }
      return genkit_otlp_exporter_new (endpoint);
    }
  if (choice - 2 >= (int) G_N_ELEMENTS (presets))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, _("Unknown OTLP export preset"));
      return NULL;
    }
  return genkit_otlp_exporter_new_for_preset (presets[choice - 2],
                                              credential && *credential ? credential : NULL,
                                              *option != '\0' ? option : NULL, error);
}

static gboolean
days_to_seconds (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_int64 (value, (gint64) g_variant_get_uint32 (variant) * 24 * 60 * 60);
  return TRUE;
}

/**
 * studio_telemetry_settings_bind_retention:
 * @settings: the studio's settings
 * @store: the studio's trace store
 *
 * Makes `trace-max-age-days` and `trace-max-traces` the retention policy of @store
 * ([property@Genkit.TraceStore:max-age], [property@Genkit.TraceStore:max-traces]), which the
 * store applies as soon as it changes and then every hour.
 */
void
studio_telemetry_settings_bind_retention (GSettings        *settings,
                                          GenkitTraceStore *store)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (GENKIT_IS_TRACE_STORE (store));

  g_settings_bind_with_mapping (settings, "trace-max-age-days", store, "max-age", G_SETTINGS_BIND_GET,
                                days_to_seconds, NULL, NULL, NULL);
  g_settings_bind (settings, "trace-max-traces", store, "max-traces", G_SETTINGS_BIND_GET);
}
