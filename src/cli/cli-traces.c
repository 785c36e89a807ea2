/* cli-traces.c — `genkit-studio-cli traces`: the traces kept in a trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit-telemetry.h>

#include "cli-commands.h"
#include "cli-common.h"

/* Longest input or output text `traces show` prints for a span, in characters. */
#define CLI_TRACES_TEXT_PREVIEW 200

/* Opens the store at @path_option (the default store when %NULL). Sets *@missing instead of
 * creating a store that does not exist yet: listing or showing must not create files. */
static GenkitTraceStore *
cli_traces_open_store (const char  *path_option,
                       char       **path_out,
                       gboolean    *missing,
                       GError     **error)
{
  g_autofree char *path = path_option ? g_strdup (path_option)
                                      : genkit_trace_store_get_default_path ();

  *missing = !g_file_test (path, G_FILE_TEST_EXISTS);
  *path_out = g_strdup (path);
  if (*missing)
    return NULL;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "%s is a directory, not a trace store", path);
      return NULL;
    }
  return genkit_trace_store_new (path, error);
}

static int
cli_traces_exit_status (const GError *error)
{
  return g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT)
         ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
}

static double
cli_traces_number (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return 0;
    }
}

static const char *
cli_traces_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
cli_traces_attributes (JsonObject *span)
{
  JsonNode *node = json_object_get_member (span, "attributes");

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* `2026-05-01 12:30:05` in local time, from milliseconds since the epoch. */
static char *
cli_traces_format_time (double ms)
{
  g_autoptr(GDateTime) time = NULL;

  if (ms <= 0)
    return g_strdup ("-");
  time = g_date_time_new_from_unix_local ((gint64) (ms / 1000));
  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("-");
}

static char *
cli_traces_format_duration (double start,
                            double end)
{
  double ms = end - start;

  if (end <= 0 || start <= 0)
    return g_strdup ("running");
  if (ms < 0)
    ms = 0;
  if (ms < 10)
    return g_strdup_printf ("%.2f ms", ms);
  if (ms < 10000)
    return g_strdup_printf ("%.0f ms", ms);
  return g_strdup_printf ("%.1f s", ms / 1000);
}

/* `ok`, `error`, or `running` for a span still open. */
static const char *
cli_traces_status (JsonObject *span)
{
  JsonNode *status = json_object_get_member (span, "status");

  if (cli_traces_number (span, "endTime") <= 0)
    return "running";
  if (status != NULL && JSON_NODE_HOLDS_OBJECT (status) &&
      cli_traces_number (json_node_get_object (status), "code") == 2)
    return "error";
  return "ok";
}

/* What Genkit's trace index calls the type: the subtype of an action (`flow`, `model`),
 * else the span's `genkit:type`. */
static const char *
cli_traces_type (JsonObject *span)
{
  JsonObject *attributes = cli_traces_attributes (span);
  const char *type = cli_traces_string (attributes, "genkit:metadata:subtype");

  if (type == NULL)
    type = cli_traces_string (attributes, "genkit:type");
  return type ? type : "-";
}

/* The root span of a listed trace (the listing holds only that one). */
static JsonObject *
cli_traces_root_span (JsonObject *trace)
{
  JsonNode *spans = json_object_get_member (trace, "spans");
  g_autoptr(GList) values = NULL;

  if (spans == NULL || !JSON_NODE_HOLDS_OBJECT (spans))
    return NULL;
  values = json_object_get_values (json_node_get_object (spans));
  for (GList *l = values; l != NULL; l = l->next)
    if (JSON_NODE_HOLDS_OBJECT (l->data) &&
        !json_object_has_member (json_node_get_object (l->data), "parentSpanId"))
      return json_node_get_object (l->data);
  return NULL;
}

static void
cli_traces_print_table (JsonObject *page)
{
  JsonArray *traces = json_object_get_array_member (page, "traces");
  guint n = json_array_get_length (traces);
  int name_width = 4;

  if (n == 0)
    {
      g_print ("No traces.\n");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *name = cli_traces_string (json_array_get_object_element (traces, i), "displayName");

      name_width = MAX (name_width, (int) MIN (40, g_utf8_strlen (name ? name : "-", -1)));
    }

  g_print ("%-19s  %9s  %-7s  %-10s  %-*s  %s\n", "START", "DURATION", "STATUS", "TYPE",
           name_width, "NAME", "TRACE ID");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *trace = json_array_get_object_element (traces, i);
      JsonObject *root = cli_traces_root_span (trace);
      const char *name = cli_traces_string (trace, "displayName");
      double start = cli_traces_number (trace, "startTime");
      double end = cli_traces_number (trace, "endTime");
      g_autofree char *when = cli_traces_format_time (start);
      g_autofree char *duration = cli_traces_format_duration (start, end);

      if (name == NULL)
        name = "-";
      g_print ("%-19s  %9s  %-7s  %-10s  %-*s  %s\n", when, duration,
               root ? cli_traces_status (root) : "-", root ? cli_traces_type (root) : "-",
               name_width + (int) (strlen (name) - g_utf8_strlen (name, -1)), name,
               cli_traces_string (trace, "traceId"));
    }
  if (json_object_has_member (page, "continuationToken"))
    g_print ("More traces: --offset %s\n", json_object_get_string_member (page, "continuationToken"));
}

typedef struct
{
  JsonObject *span;
  double      start;
  const char *id;
} CliSpan;

static int
cli_traces_compare_spans (gconstpointer a,
                          gconstpointer b)
{
  const CliSpan *x = a;
  const CliSpan *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* @text cut to CLI_TRACES_TEXT_PREVIEW characters, on one line. */
static char *
cli_traces_preview (const char *text)
{
  GString *out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = text; *p != '\0' && n < CLI_TRACES_TEXT_PREVIEW; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (g_utf8_strlen (text, -1) > CLI_TRACES_TEXT_PREVIEW)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
cli_traces_print_span (GArray     *spans,
                       guint       index,
                       guint       depth,
                       GHashTable *printed)
{
  CliSpan *span = &g_array_index (spans, CliSpan, index);
  JsonObject *attributes = cli_traces_attributes (span->span);
  JsonNode *status = json_object_get_member (span->span, "status");
  const char *name = cli_traces_string (span->span, "displayName");
  const char *input = cli_traces_string (attributes, "genkit:input");
  const char *output = cli_traces_string (attributes, "genkit:output");
  const char *message = NULL;
  g_autofree char *duration = cli_traces_format_duration (span->start,
                                                          cli_traces_number (span->span, "endTime"));
  int width = MAX (0, 32 - (int) depth * 2);

  g_hash_table_add (printed, (gpointer) span->id);
  if (name == NULL)
    name = "-";
  if (status != NULL && JSON_NODE_HOLDS_OBJECT (status))
    message = cli_traces_string (json_node_get_object (status), "message");

  g_print ("%*s%-*s  %-10s  %9s  %s%s%s\n", (int) depth * 2, "",
           width + (int) (strlen (name) - g_utf8_strlen (name, -1)), name,
           cli_traces_type (span->span), duration, cli_traces_status (span->span),
           message ? ": " : "", message ? message : "");
  if (input != NULL)
    {
      g_autofree char *text = cli_traces_preview (input);

      g_print ("%*s  input:  %s\n", (int) depth * 2, "", text);
    }
  if (output != NULL)
    {
      g_autofree char *text = cli_traces_preview (output);

      g_print ("%*s  output: %s\n", (int) depth * 2, "", text);
    }

  for (guint i = 0; i < spans->len; i++)
    {
      CliSpan *child = &g_array_index (spans, CliSpan, i);
      const char *parent = cli_traces_string (child->span, "parentSpanId");

      if (g_strcmp0 (parent, span->id) == 0 && !g_hash_table_contains (printed, child->id))
        cli_traces_print_span (spans, i, depth + 1, printed);
    }
}

static void
cli_traces_print_trace (JsonObject *trace)
{
  JsonNode *spans_node = json_object_get_member (trace, "spans");
  JsonObject *spans_object = spans_node && JSON_NODE_HOLDS_OBJECT (spans_node)
                             ? json_node_get_object (spans_node) : NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (CliSpan));
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) printed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) members = spans_object ? json_object_get_members (spans_object) : NULL;
  const char *name = cli_traces_string (trace, "displayName");
  double start = cli_traces_number (trace, "startTime");
  g_autofree char *when = cli_traces_format_time (start);
  g_autofree char *duration = cli_traces_format_duration (start, cli_traces_number (trace, "endTime"));

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans_object, l->data);
      CliSpan span;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      span.span = json_node_get_object (node);
      span.start = cli_traces_number (span.span, "startTime");
      span.id = l->data;
      g_array_append_val (spans, span);
      g_hash_table_add (ids, (gpointer) span.id);
    }
  g_array_sort (spans, cli_traces_compare_spans);

  g_print ("%s  %s\n", name ? name : "(no root span yet)", cli_traces_string (trace, "traceId"));
  g_print ("started %s, %s, %u span%s\n\n", when, duration, spans->len, spans->len == 1 ? "" : "s");

  /* Roots first (and spans whose parent is not in the trace), each with its subtree. */
  for (guint i = 0; i < spans->len; i++)
    {
      CliSpan *span = &g_array_index (spans, CliSpan, i);
      const char *parent = cli_traces_string (span->span, "parentSpanId");

      if ((parent == NULL || !g_hash_table_contains (ids, parent)) &&
          !g_hash_table_contains (printed, span->id))
        cli_traces_print_span (spans, i, 0, printed);
    }
  /* A cycle of parents has no root: print what is left flat rather than lose it. */
  for (guint i = 0; i < spans->len; i++)
    if (!g_hash_table_contains (printed, g_array_index (spans, CliSpan, i).id))
      cli_traces_print_span (spans, i, 0, printed);
}

static void
cli_traces_close_store (GenkitTraceStore **store)
{
  g_clear_object (store);
  cli_drain_main_context ();
}

static int
cli_traces_list (int    argc,
                 char **argv)
{
  g_autofree char *filter_text = NULL;
  g_autofree char *search = NULL;
  g_autofree char *store_option = NULL;
  g_autofree char *path = NULL;
  int limit = 10;
  int offset = 0;
  gboolean json_output = FALSE;
  const GOptionEntry entries[] = {
    { "filter", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &filter_text,
      "Only traces matching this Genkit TraceQueryFilter, e.g. "
      "'{\"eq\":{\"type\":\"flow\"},\"gt\":{\"start\":1700000000000}}' (fields id, type, name, "
      "start, end, status, genkitx:*; operators eq, neq, gt, gte, lt, lte, contains)", "JSON" },
    { "search", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &search,
      "Only traces with a span whose name, input or output holds all these words", "TEXT" },
    { "limit", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &limit,
      "List at most N traces (default 10)", "N" },
    { "offset", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &offset,
      "Skip the N newest matching traces (the continuation token of the previous page)", "N" },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json_output,
      "Print the page as the telemetry API's GET /api/traces does: {\"traces\": [...], "
      "\"continuationToken\"?}, each trace with its root span only", NULL },
    { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &store_option,
      "The trace store (default: $XDG_DATA_HOME/genkit-studio/traces.db)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) filter = NULL;
  g_autoptr(JsonNode) page = NULL;
  gboolean missing = FALSE;

  context = cli_option_context_new (NULL,
                                    "Lists the traces of a trace store, newest first: when they "
                                    "started, how long they\ntook, their status, type and name.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) > 1)
    {
      cli_printerr ("unexpected argument '%s'", args[1]);
      return CLI_EXIT_USAGE;
    }
  if (limit < 1 || limit > 10000)
    {
      cli_printerr ("--limit must be between 1 and 10000");
      return CLI_EXIT_USAGE;
    }
  if (offset < 0)
    {
      cli_printerr ("--offset must not be negative");
      return CLI_EXIT_USAGE;
    }
  if (filter_text != NULL)
    {
      if (!(filter = cli_parse_json (filter_text, -1, "--filter", &error)) ||
          !genkit_trace_store_check_filter (filter, &error))
        {
          cli_printerr ("%s", error->message);
          return CLI_EXIT_USAGE;
        }
    }
  if (search != NULL && g_strstrip (search)[0] == '\0')
    g_clear_pointer (&search, g_free);

  store = cli_traces_open_store (store_option, &path, &missing, &error);
  if (store == NULL && !missing)
    {
      cli_printerr ("cannot open the trace store %s: %s", path, error->message);
      return cli_traces_exit_status (error);
    }

  if (store != NULL)
    {
      /* The full-text index trails the writes a little; a flush brings it up to date. */
      if (search != NULL)
        {
          genkit_trace_store_flush_async (store, NULL, cli_store_result_cb, &result);
          cli_wait_for_result (&result);
          if (!genkit_trace_store_flush_finish (store, result, &error))
            {
              cli_printerr ("cannot update the search index of %s: %s", path, error->message);
              cli_traces_close_store (&store);
              return CLI_EXIT_FAILURE;
            }
          g_clear_object (&result);
        }
      genkit_trace_store_list_traces_async (store, filter, search, (guint) offset, (guint) limit,
                                            NULL, cli_store_result_cb, &result);
      cli_wait_for_result (&result);
      page = genkit_trace_store_list_traces_finish (store, result, &error);
      g_clear_object (&result);
      cli_traces_close_store (&store);
      if (page == NULL)
        {
          cli_printerr ("cannot list the traces of %s: %s", path, error->message);
          return cli_traces_exit_status (error);
        }
    }
  else
    page = json_from_string ("{\"traces\":[]}", NULL);

  if (json_output)
    cli_print_json (page, TRUE);
  else
    cli_traces_print_table (json_node_get_object (page));
  return CLI_EXIT_OK;
}

static int
cli_traces_show (int    argc,
                 char **argv)
{
  g_autofree char *store_option = NULL;
  g_autofree char *path = NULL;
  gboolean json_output = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json_output,
      "Print the trace as the telemetry API's GET /api/traces/ID does (Genkit TraceData)", NULL },
    { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &store_option,
      "The trace store (default: $XDG_DATA_HOME/genkit-studio/traces.db)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) trace = NULL;
  gboolean missing = FALSE;

  context = cli_option_context_new ("ID",
                                    "Shows one trace of a trace store: its spans as a tree, "
                                    "with their type, duration,\nstatus, input and output.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) < 2)
    {
      cli_printerr ("which trace? Give its id (see 'genkit-studio-cli traces list')");
      return CLI_EXIT_USAGE;
    }
  if (g_strv_length (args) > 2)
    {
      cli_printerr ("unexpected argument '%s'", args[2]);
      return CLI_EXIT_USAGE;
    }

  /* What the store refuses to hold (ids that could name a path), refused before opening it. */
  if (args[1][0] == '\0' || strchr (args[1], '/') != NULL || strchr (args[1], '\\') != NULL ||
      g_str_equal (args[1], ".") || g_str_equal (args[1], ".."))
    {
      cli_printerr ("'%s' is not a trace id", args[1]);
      return CLI_EXIT_USAGE;
    }

  store = cli_traces_open_store (store_option, &path, &missing, &error);
  if (missing)
    {
      cli_printerr ("no trace %s: there is no trace store at %s", args[1], path);
      return CLI_EXIT_FAILURE;
    }
  if (store == NULL)
    {
      cli_printerr ("cannot open the trace store %s: %s", path, error->message);
      return cli_traces_exit_status (error);
    }

  genkit_trace_store_get_trace_async (store, args[1], NULL, cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  trace = genkit_trace_store_get_trace_finish (store, result, &error);
  g_clear_object (&result);
  cli_traces_close_store (&store);
  if (trace == NULL)
    {
      if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
        cli_printerr ("no trace %s in %s", args[1], path);
      else
        cli_printerr ("cannot read trace %s: %s", args[1], error->message);
      return cli_traces_exit_status (error);
    }

  if (json_output)
    cli_print_json (trace, TRUE);
  else
    cli_traces_print_trace (json_node_get_object (trace));
  return CLI_EXIT_OK;
}

static const CliCommand cli_traces_commands[] = {
  { "list", "List the traces of a trace store, newest first", cli_traces_list },
  { "show", "Show one trace: its spans as a tree", cli_traces_show },
};

/**
 * cli_traces_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `traces`, then a subcommand and its options
 *
 * The `traces` command group, over a [class@Genkit.TraceStore] (`--store FILE`, by default
 * the studio's `$XDG_DATA_HOME/genkit-studio/traces.db`, which `serve` fills):
 *
 * - `traces list [--filter JSON] [--search TEXT] [--limit N] [--offset N] [--json]`: a table
 *   of the newest traces (start, duration, status, type, name, id), or with `--json` the page
 *   `GET /api/traces` answers;
 * - `traces show ID [--json]`: the trace's spans as a tree with type, duration, status, input
 *   and output, or with `--json` the `TraceData` of `GET /api/traces/ID`.
 *
 * A store that does not exist is not created: `list` shows no traces, `show` fails.
 * A malformed filter or trace id is a usage error (2), an unknown trace a failure (1).
 *
 * Returns: a #CliExit status
 */
int
cli_traces_main (int    argc,
                 char **argv)
{
  return cli_dispatch ("genkit-studio-cli traces",
                       "The traces kept in a trace store (the one 'genkit-studio-cli serve' "
                       "writes by default).",
                       cli_traces_commands, G_N_ELEMENTS (cli_traces_commands), argc, argv);
}
