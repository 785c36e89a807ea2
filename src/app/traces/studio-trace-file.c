/* studio-trace-file.c — traces as files: Genkit trace JSON and OTLP JSON, out and in
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <genkit.h>

#include "genkit-trace-data-private.h"
#include "studio-trace-file.h"
#include "studio-util.h"

/* A trace saved from the studio is read back by the studio (or by any OpenTelemetry tool,
 * in OTLP JSON) without a telemetry server: these helpers write and read the two formats
 * and drive the file choosers of Export and Open. OTLP goes through the telemetry library's
 * own mapping (`_genkit_otlp_write_span`, `_genkit_otlp_to_trace_data`), the one
 * `POST /api/otlp` and the OTLP exporter use, so a round trip keeps every span field. */

/**
 * studio_trace_file_write:
 * @trace_data: a Genkit `TraceData` object
 * @format: the file format
 *
 * Returns: (transfer full): the file's contents, UTF-8 JSON
 */
char *
studio_trace_file_write (JsonNode          *trace_data,
                         StudioTraceFormat  format)
{
  g_autoptr(GString) out = NULL;
  JsonNode *spans;
  JsonObjectIter iter;
  const char *name;
  JsonNode *span;
  gboolean first = TRUE;

  g_return_val_if_fail (trace_data != NULL && JSON_NODE_HOLDS_OBJECT (trace_data), NULL);

  if (format == STUDIO_TRACE_FORMAT_GENKIT)
    return studio_json_to_pretty_string (trace_data);

  out = g_string_new ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},"
                      "\"scopeSpans\":[{\"scope\":{\"name\":\"genkit-tracer\",\"version\":\"v1\"},\"spans\":[");
  spans = json_object_get_member (json_node_get_object (trace_data), "spans");
  if (spans != NULL && JSON_NODE_HOLDS_OBJECT (spans))
    {
      json_object_iter_init (&iter, json_node_get_object (spans));
      while (json_object_iter_next (&iter, &name, &span))
        {
          if (!JSON_NODE_HOLDS_OBJECT (span))
            continue;
          if (!first)
            g_string_append_c (out, ',');
          _genkit_otlp_write_span (out, json_node_get_object (span));
          first = FALSE;
        }
    }
  g_string_append (out, "]}]}]}\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * studio_trace_file_parse:
 * @contents: a file's contents
 * @length: the length of @contents in bytes, or -1 if it is nul-terminated
 * @error: return location for an error
 *
 * Reads a trace file: Genkit `TraceData` JSON (also wrapped as the Dev UI's `getTrace`
 * answer, `{"result": {"data": …}}`) or an OTLP/JSON `ExportTraceServiceRequest`, whose
 * first trace is taken.
 *
 * Errors: %GENKIT_ERROR_INVALID_ARGUMENT when the contents are not JSON or neither format.
 *
 * Returns: (transfer full) (nullable): the Genkit `TraceData`, %NULL with @error set
 */
JsonNode *
studio_trace_file_parse (const char  *contents,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;

  g_return_val_if_fail (contents != NULL, NULL);

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   _("The file is not JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto not_a_trace;
  root = json_node_get_object (json_parser_get_root (parser));

  if (json_object_has_member (root, "resourceSpans"))
    {
      g_autoptr(GPtrArray) traces = _genkit_otlp_to_trace_data (json_parser_get_root (parser), error);

      if (traces == NULL)
        return NULL;
      if (traces->len == 0)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       _("The OTLP file holds no spans"));
          return NULL;
        }
      return json_node_ref (g_ptr_array_index (traces, 0));
    }
  if (json_object_has_member (root, "result")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "result"))
      && json_object_has_member (json_object_get_object_member (root, "result"), "data"))
    {
      JsonNode *data = json_object_get_member (json_object_get_object_member (root, "result"), "data");

      if (!JSON_NODE_HOLDS_OBJECT (data))
        goto not_a_trace;
      root = json_node_get_object (data);
    }
  if (json_object_has_member (root, "traceId")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "spans")))
    {
      JsonNode *trace = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (trace, root);
      return trace;
    }

not_a_trace:
  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
               _("The file is neither a Genkit trace (traceId, spans) nor OTLP JSON (resourceSpans)"));
  return NULL;
}

/* ---- Export ---- */

static void
studio_trace_file_saved_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GtkWidget) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot export the trace: %s"), error->message);

      studio_widget_add_toast (parent, message);
    }
  else
    studio_widget_add_toast (parent, _("Trace exported"));
}

static void
studio_trace_file_export_response_cb (GtkNativeDialog *dialog,
                                      int              response,
                                      GtkWidget       *parent)
{
  JsonNode *trace = g_object_get_data (G_OBJECT (dialog), "trace");
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  GtkFileFilter *filter;
  StudioTraceFormat format = STUDIO_TRACE_FORMAT_GENKIT;
  char *contents;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    {
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      basename = g_file_get_basename (file);
      if ((filter != NULL && g_object_get_data (G_OBJECT (filter), "otlp") != NULL)
          || (basename != NULL && g_str_has_suffix (basename, ".otlp.json")))
        format = STUDIO_TRACE_FORMAT_OTLP;
      contents = studio_trace_file_write (trace, format);
      g_file_replace_contents_bytes_async (file, g_bytes_new_take (contents, strlen (contents)),
                                           NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                           studio_trace_file_saved_cb, g_object_ref (parent));
    }
  g_object_unref (parent);
  g_object_unref (dialog);
}

static GtkFileFilter *
json_filter (const char *name,
             const char *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  return filter;
}

/**
 * studio_trace_file_export:
 * @parent: the widget whose window the dialog belongs to (toasts go there too)
 * @trace_data: the Genkit `TraceData` to save
 *
 * Asks where to save a trace, as Genkit trace JSON or, when the OTLP filter is chosen or the
 * name ends in `.otlp.json`, OTLP JSON, and saves it; the outcome is shown in a toast.
 */
void
studio_trace_file_export (GtkWidget *parent,
                          JsonNode  *trace_data)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *genkit, *otlp;
  g_autofree char *name = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (trace_data != NULL && JSON_NODE_HOLDS_OBJECT (trace_data));

  dialog = gtk_file_chooser_native_new (_("Export the Trace"), GTK_WINDOW (gtk_widget_get_root (parent)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  genkit = json_filter (_("Genkit Trace JSON"), "*.json");
  otlp = json_filter (_("OTLP JSON"), "*.json");
  g_object_set_data (G_OBJECT (otlp), "otlp", GINT_TO_POINTER (TRUE));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), genkit);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), otlp);
  g_object_unref (genkit);
  g_object_unref (otlp);
  name = g_strdup_printf ("trace-%s.json",
                          json_object_get_string_member_with_default (json_node_get_object (trace_data), "traceId", ""));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "trace", json_node_ref (trace_data), (GDestroyNotify) json_node_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (studio_trace_file_export_response_cb), g_object_ref (parent));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Open ---- */

static void
studio_trace_file_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *contents = NULL;
  gsize length;
  GError *error = NULL;
  JsonNode *trace;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  trace = studio_trace_file_parse (contents, length, &error);
  if (trace == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, trace, (GDestroyNotify) json_node_unref);
}

static void
studio_trace_file_open_response_cb (GtkNativeDialog *dialog,
                                    int              response,
                                    GTask           *task)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    g_file_load_contents_async (file, NULL, studio_trace_file_loaded_cb, task);
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
      g_object_unref (task);
    }
  g_object_unref (dialog);
}

/**
 * studio_trace_file_open:
 * @parent: the widget whose window the dialog belongs to
 * @callback: called with the trace, see [func@Studio.trace_file_open_finish]
 * @user_data: data for @callback
 *
 * Asks for a trace file and reads it (Genkit trace JSON or OTLP JSON).
 */
void
studio_trace_file_open (GtkWidget           *parent,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;
  GTask *task;

  g_return_if_fail (GTK_IS_WIDGET (parent));

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, studio_trace_file_open);
  dialog = gtk_file_chooser_native_new (_("Open a Trace"), GTK_WINDOW (gtk_widget_get_root (parent)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  filter = json_filter (_("Genkit Trace or OTLP JSON"), "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_signal_connect (dialog, "response", G_CALLBACK (studio_trace_file_open_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/**
 * studio_trace_file_open_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [func@Studio.trace_file_open].
 *
 * Errors: %G_IO_ERROR_CANCELLED when no file was chosen, the file's read error, or those of
 * [func@Studio.trace_file_parse].
 *
 * Returns: (transfer full) (nullable): the Genkit `TraceData`, %NULL with @error set
 */
JsonNode *
studio_trace_file_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
