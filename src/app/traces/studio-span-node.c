/* studio-span-node.c — one span of a trace as the trace view shows it, with its children
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "studio-span-node.h"

/**
 * StudioSpanNode:
 *
 * One Genkit `SpanData` (protocol §6.2) in the span tree of a [class@Studio.TraceView]: its
 * name, kind, times and status read from the span, and its child spans in start order. The
 * view replaces the span as newer versions arrive ([signal@Genkit.TraceStore::span-ended]
 * after [signal@Genkit.TraceStore::span-started]); the node then notifies `span` so rows and
 * the timeline redraw.
 *
 * The token counts of a model span come from the `usage` of its `genkit:output` (Genkit's
 * `GenerateResponse`); they are parsed once per version of the span, only for model spans,
 * so a trace of thousands of spans with large payloads stays cheap to show.
 */
struct _StudioSpanNode
{
  GObject         parent_instance;

  JsonNode       *span;
  JsonObject     *object;          /* borrowed from span */
  JsonObject     *attributes;      /* borrowed from span, nullable */
  GListStore     *children;        /* StudioSpanNode, by start time */
  StudioSpanNode *parent;          /* weak: the parent owns us through its children */
  gint64          input_tokens;
  gint64          output_tokens;
};

G_DEFINE_FINAL_TYPE (StudioSpanNode, studio_span_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPAN,
  PROP_NAME,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
member_number (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return 0;
}

/* What the trace store says of an attribute it left out of the span (see
 * genkit_trace_store_get_trace_elided_async()): `{"bytes", "usage"?}`, or %NULL. */
static JsonObject *
studio_span_node_get_elided (StudioSpanNode *self,
                             const char     *name)
{
  JsonNode *elided = json_object_get_member (self->object, "elidedAttributes");
  JsonNode *entry;

  if (elided == NULL || !JSON_NODE_HOLDS_OBJECT (elided))
    return NULL;
  entry = json_object_get_member (json_node_get_object (elided), name);
  return entry && JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
}

/* Reads `usage.inputTokens`/`usage.outputTokens` of a model span's output (of what the
 * store kept of it when it left the output out). */
static void
studio_span_node_read_tokens (StudioSpanNode *self)
{
  const char *output = studio_span_node_get_attribute (self, "genkit:output");
  JsonObject *elided = studio_span_node_get_elided (self, "genkit:output");
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *usage = NULL;

  self->input_tokens = self->output_tokens = 0;
  if (output == NULL || g_strcmp0 (studio_span_node_get_kind (self), "model") != 0)
    return;
  if (elided != NULL)
    {
      JsonNode *kept = json_object_get_member (elided, "usage");

      usage = kept && JSON_NODE_HOLDS_OBJECT (kept) ? json_node_get_object (kept) : NULL;
      self->input_tokens = (gint64) member_number (usage, "inputTokens");
      self->output_tokens = (gint64) member_number (usage, "outputTokens");
      return;
    }
  if (strstr (output, "Tokens") == NULL)
    return;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, output, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
      && json_object_has_member (json_node_get_object (root), "usage")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "usage")))
    usage = json_object_get_object_member (json_node_get_object (root), "usage");
  self->input_tokens = (gint64) member_number (usage, "inputTokens");
  self->output_tokens = (gint64) member_number (usage, "outputTokens");
}

static void
studio_span_node_set_span (StudioSpanNode *self,
                           JsonNode       *span)
{
  JsonNode *attributes;

  g_clear_pointer (&self->span, json_node_unref);
  self->span = json_node_ref (span);
  self->object = json_node_get_object (span);
  attributes = json_object_get_member (self->object, "attributes");
  self->attributes = attributes && JSON_NODE_HOLDS_OBJECT (attributes)
                     ? json_node_get_object (attributes) : NULL;
  studio_span_node_read_tokens (self);
}

/**
 * studio_span_node_new:
 * @span: a Genkit `SpanData` object, as the trace store stores it
 *
 * Returns: (transfer full): a node without parent or children
 */
StudioSpanNode *
studio_span_node_new (JsonNode *span)
{
  StudioSpanNode *self;

  g_return_val_if_fail (span != NULL && JSON_NODE_HOLDS_OBJECT (span), NULL);

  self = g_object_new (STUDIO_TYPE_SPAN_NODE, NULL);
  studio_span_node_set_span (self, span);
  return self;
}

/**
 * studio_span_node_update:
 * @self: a [class@Studio.SpanNode]
 * @span: a newer version of the same span
 *
 * Takes @span unless it would replace an ended span by a running one (realtime exports
 * arrive out of order, as in the trace store).
 *
 * Returns: %TRUE if the node changed
 */
gboolean
studio_span_node_update (StudioSpanNode *self,
                         JsonNode       *span)
{
  gboolean was_running;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), FALSE);
  g_return_val_if_fail (span != NULL && JSON_NODE_HOLDS_OBJECT (span), FALSE);

  was_running = studio_span_node_is_running (self);
  if (!was_running && member_number (json_node_get_object (span), "endTime") == 0)
    return FALSE;
  studio_span_node_set_span (self, span);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPAN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (was_running != studio_span_node_is_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/**
 * studio_span_node_get_span:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: (transfer none): the span, a Genkit `SpanData` object
 */
JsonNode *
studio_span_node_get_span (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);
  return self->span;
}

/**
 * studio_span_node_get_span_id:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: (transfer none): the span id
 */
const char *
studio_span_node_get_span_id (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);
  return json_object_get_string_member_with_default (self->object, "spanId", "");
}

/**
 * studio_span_node_get_parent_id:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: (transfer none) (nullable): the parent span's id, %NULL for a root span
 */
const char *
studio_span_node_get_parent_id (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);
  return json_object_get_string_member_with_default (self->object, "parentSpanId", NULL);
}

/**
 * studio_span_node_get_attribute:
 * @self: a [class@Studio.SpanNode]
 * @name: an attribute name, e.g. `genkit:input`
 *
 * Returns: (transfer none) (nullable): the attribute if it is a string (only its start when
 *   the trace store left it out, see [method@Studio.SpanNode.is_elided])
 */
const char *
studio_span_node_get_attribute (StudioSpanNode *self,
                                const char     *name)
{
  JsonNode *node;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);

  node = self->attributes ? json_object_get_member (self->attributes, name) : NULL;
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * studio_span_node_get_attribute_size:
 * @self: a [class@Studio.SpanNode]
 * @name: an attribute name, e.g. `genkit:output`
 *
 * Gets the whole size of a string attribute, also when the span holds only its start
 * (see [method@Studio.SpanNode.is_elided]).
 *
 * Returns: the size in bytes, 0 when the attribute is not a string
 */
gsize
studio_span_node_get_attribute_size (StudioSpanNode *self,
                                     const char     *name)
{
  const char *value;
  JsonObject *elided;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), 0);

  value = studio_span_node_get_attribute (self, name);
  if (value == NULL)
    return 0;
  elided = studio_span_node_get_elided (self, name);
  return elided ? (gsize) member_number (elided, "bytes") : strlen (value);
}

/**
 * studio_span_node_is_elided:
 * @self: a [class@Studio.SpanNode]
 * @name: an attribute name, e.g. `genkit:output`
 *
 * Gets whether the trace store left the attribute out of the span, for being long: the
 * span then holds its start (see [method@Genkit.TraceStore.get_trace_elided_async]), and
 * [method@Genkit.TraceStore.get_span_attribute_async] reads it whole.
 *
 * Returns: whether @name holds only the start of its value
 */
gboolean
studio_span_node_is_elided (StudioSpanNode *self,
                            const char     *name)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), FALSE);
  return studio_span_node_get_elided (self, name) != NULL;
}

/**
 * studio_span_node_get_name:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: (transfer none): the span's `displayName`, else its `genkit:name`
 */
const char *
studio_span_node_get_name (StudioSpanNode *self)
{
  const char *name;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);

  name = json_object_get_string_member_with_default (self->object, "displayName", NULL);
  if (name == NULL || *name == '\0')
    name = studio_span_node_get_attribute (self, "genkit:name");
  return name ? name : studio_span_node_get_span_id (self);
}

/**
 * studio_span_node_get_kind:
 * @self: a [class@Studio.SpanNode]
 *
 * Gets what the span is, the way Genkit's trace index types it: `genkit:metadata:subtype`
 * (`flow`, `model`, `tool`...), else `genkit:type` (`action`, `flowStep`, `util`).
 *
 * Returns: (transfer none) (nullable): the kind
 */
const char *
studio_span_node_get_kind (StudioSpanNode *self)
{
  const char *kind;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);

  kind = studio_span_node_get_attribute (self, "genkit:metadata:subtype");
  return kind ? kind : studio_span_node_get_attribute (self, "genkit:type");
}

/**
 * studio_span_node_dup_action_key:
 * @self: a [class@Studio.SpanNode]
 *
 * Gets the key of the action the span ran: `genkit:key`, else `/{subtype}/{name}`.
 *
 * Returns: (transfer full) (nullable): the key, %NULL when the span is not an action
 */
char *
studio_span_node_dup_action_key (StudioSpanNode *self)
{
  const char *subtype, *name;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);

  if (studio_span_node_get_attribute (self, "genkit:key") != NULL)
    return g_strdup (studio_span_node_get_attribute (self, "genkit:key"));
  if (g_strcmp0 (studio_span_node_get_attribute (self, "genkit:type"), "action") != 0)
    return NULL;
  subtype = studio_span_node_get_attribute (self, "genkit:metadata:subtype");
  name = studio_span_node_get_attribute (self, "genkit:name");
  if (subtype == NULL || name == NULL)
    return NULL;
  return g_strdup_printf ("/%s/%s", subtype, name);
}

/**
 * studio_span_node_get_start_time:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: the start, in milliseconds since the epoch
 */
double
studio_span_node_get_start_time (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), 0);
  return member_number (self->object, "startTime");
}

/**
 * studio_span_node_get_end_time:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: the end, in milliseconds since the epoch, 0 while the span runs
 */
double
studio_span_node_get_end_time (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), 0);
  return member_number (self->object, "endTime");
}

/**
 * studio_span_node_is_running:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: whether the span has not ended yet
 */
gboolean
studio_span_node_is_running (StudioSpanNode *self)
{
  return studio_span_node_get_end_time (self) == 0;
}

/**
 * studio_span_node_is_error:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: whether the span's status code is OpenTelemetry's ERROR (2)
 */
gboolean
studio_span_node_is_error (StudioSpanNode *self)
{
  JsonNode *status;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), FALSE);

  status = json_object_get_member (self->object, "status");
  if (status == NULL || !JSON_NODE_HOLDS_OBJECT (status))
    return FALSE;
  return member_number (json_node_get_object (status), "code") == 2;
}

/**
 * studio_span_node_get_children:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: (transfer none): the child spans, by start time
 */
GListStore *
studio_span_node_get_children (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);
  /* Made when first asked for: most spans of a large trace are leaves. */
  if (self->children == NULL)
    self->children = g_list_store_new (STUDIO_TYPE_SPAN_NODE);
  return self->children;
}

/**
 * studio_span_node_get_n_children:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: how many child spans the node has
 */
guint
studio_span_node_get_n_children (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), 0);
  return self->children ? g_list_model_get_n_items (G_LIST_MODEL (self->children)) : 0;
}

/**
 * studio_span_node_get_parent:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: (transfer none) (nullable): the node whose children hold this one
 */
StudioSpanNode *
studio_span_node_get_parent (StudioSpanNode *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), NULL);
  return self->parent;
}

/**
 * studio_span_node_set_parent:
 * @self: a [class@Studio.SpanNode]
 * @parent: (nullable): the node whose children hold this one
 *
 * Records the parent (not a reference: the parent's children own the node).
 */
void
studio_span_node_set_parent (StudioSpanNode *self,
                             StudioSpanNode *parent)
{
  g_return_if_fail (STUDIO_IS_SPAN_NODE (self));
  self->parent = parent;
}

/**
 * studio_span_node_get_tokens:
 * @self: a [class@Studio.SpanNode]
 * @input_tokens: (out): the span's own input tokens
 * @output_tokens: (out): the span's own output tokens
 *
 * Gets the token usage a model span reported, 0 for other spans.
 */
void
studio_span_node_get_tokens (StudioSpanNode *self,
                             gint64         *input_tokens,
                             gint64         *output_tokens)
{
  g_return_if_fail (STUDIO_IS_SPAN_NODE (self));
  *input_tokens = self->input_tokens;
  *output_tokens = self->output_tokens;
}

/**
 * studio_span_node_get_subtree_tokens:
 * @self: a [class@Studio.SpanNode]
 * @input_tokens: (out): input tokens of the span and all its descendants
 * @output_tokens: (out): output tokens of the span and all its descendants
 *
 * Sums the token usage of a subtree.
 */
void
studio_span_node_get_subtree_tokens (StudioSpanNode *self,
                                     gint64         *input_tokens,
                                     gint64         *output_tokens)
{
  guint n;

  g_return_if_fail (STUDIO_IS_SPAN_NODE (self));

  *input_tokens = self->input_tokens;
  *output_tokens = self->output_tokens;
  n = self->children ? g_list_model_get_n_items (G_LIST_MODEL (self->children)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StudioSpanNode) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);
      gint64 in, out;

      studio_span_node_get_subtree_tokens (child, &in, &out);
      *input_tokens += in;
      *output_tokens += out;
    }
}

/**
 * studio_span_node_get_subtree_size:
 * @self: a [class@Studio.SpanNode]
 *
 * Returns: how many spans the subtree holds, this one included
 */
guint
studio_span_node_get_subtree_size (StudioSpanNode *self)
{
  guint n, size = 1;

  g_return_val_if_fail (STUDIO_IS_SPAN_NODE (self), 0);

  n = self->children ? g_list_model_get_n_items (G_LIST_MODEL (self->children)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StudioSpanNode) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);

      size += studio_span_node_get_subtree_size (child);
    }
  return size;
}

/**
 * studio_span_node_compare:
 * @a: a [class@Studio.SpanNode]
 * @b: a [class@Studio.SpanNode]
 * @user_data: unused
 *
 * A #GCompareDataFunc ordering spans by start time, then id.
 *
 * Returns: <0, 0 or >0
 */
int
studio_span_node_compare (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  StudioSpanNode *node_a = (StudioSpanNode *) a, *node_b = (StudioSpanNode *) b;
  double start_a = studio_span_node_get_start_time (node_a);
  double start_b = studio_span_node_get_start_time (node_b);

  if (start_a != start_b)
    return start_a < start_b ? -1 : 1;
  return g_strcmp0 (studio_span_node_get_span_id (node_a), studio_span_node_get_span_id (node_b));
}

static void
studio_span_node_dispose (GObject *object)
{
  StudioSpanNode *self = STUDIO_SPAN_NODE (object);

  if (self->children != NULL)
    g_list_store_remove_all (self->children);

  G_OBJECT_CLASS (studio_span_node_parent_class)->dispose (object);
}

static void
studio_span_node_finalize (GObject *object)
{
  StudioSpanNode *self = STUDIO_SPAN_NODE (object);

  g_clear_object (&self->children);
  g_clear_pointer (&self->span, json_node_unref);

  G_OBJECT_CLASS (studio_span_node_parent_class)->finalize (object);
}

static void
studio_span_node_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StudioSpanNode *self = STUDIO_SPAN_NODE (object);

  switch (prop_id)
    {
    case PROP_SPAN:
      g_value_set_boxed (value, self->span);
      break;
    case PROP_NAME:
      g_value_set_string (value, studio_span_node_get_name (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, studio_span_node_is_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_span_node_class_init (StudioSpanNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = studio_span_node_dispose;
  object_class->finalize = studio_span_node_finalize;
  object_class->get_property = studio_span_node_get_property;

  /**
   * StudioSpanNode:span:
   *
   * The span, a Genkit `SpanData` object; notified when a newer version replaced it.
   */
  properties[PROP_SPAN] =
    g_param_spec_boxed ("span", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * StudioSpanNode:name:
   *
   * The span's display name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * StudioSpanNode:running:
   *
   * Whether the span has not ended yet.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
studio_span_node_init (StudioSpanNode *self)
{
}
