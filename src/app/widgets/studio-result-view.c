/* studio-result-view.c — an action's result: Markdown text, a foldable tree, or JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "studio-json-editor.h"
#include "studio-json-tree-item.h"
#include "studio-markdown-view.h"
#include "studio-result-view.h"
#include "studio-util.h"

/* Results with more values than this open folded: expanding everything would be slow and
 * no help. */
#define AUTOEXPAND_LIMIT 400

/**
 * StudioResultView:
 *
 * Shows a JSON value three ways, switched by the buttons on top:
 *
 * - **Text**, only for a model's `GenerateResponse`: the message's text rendered as
 *   Markdown ([class@Studio.MarkdownView]) and its media parts as images (`data:` and
 *   `file:` URLs; other URLs as links, since the studio fetches nothing by itself), with
 *   the token usage beside the buttons;
 * - **Tree**: members and elements as rows that fold and unfold (a #GtkTreeListModel);
 * - **JSON**: the value pretty-printed, highlighted and selectable.
 *
 * The copy button puts the pretty-printed JSON on the clipboard.
 */
struct _StudioResultView
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkWidget          *box;
  GtkStack           *stack;
  GtkStackPage       *text_page;
  StudioMarkdownView *markdown_view;
  GtkFlowBox         *media_box;
  GtkListView        *tree_view;
  StudioJsonEditor   *json_view;
  GtkLabel           *summary_label;

  /* Owned */
  JsonNode           *value;
  GtkTreeListModel   *tree;
};

G_DEFINE_FINAL_TYPE (StudioResultView, studio_result_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GListModel *
studio_result_view_create_children_cb (gpointer item,
                                       gpointer user_data)
{
  return studio_json_tree_item_dup_children (item);
}

static void
tree_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *key = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_widget_add_css_class (key, "json-key");
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (value), TRUE);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), value);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
tree_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  static const char *kinds[] = { "json-object", "json-array", "json-string", "json-number",
                                 "json-boolean", "json-null" };
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  StudioJsonTreeItem *item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *key = gtk_widget_get_first_child (box);
  GtkWidget *value = gtk_widget_get_next_sibling (key);
  g_autofree char *summary = studio_json_tree_item_dup_summary (item);
  g_autofree char *kind_class = g_strconcat ("json-", studio_json_tree_item_get_kind (item), NULL);
  const char *label = studio_json_tree_item_get_label (item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (key), label ? label : "");
  gtk_widget_set_visible (key, label != NULL);
  gtk_label_set_text (GTK_LABEL (value), summary);
  gtk_widget_set_tooltip_text (value, summary);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_widget_remove_css_class (value, kinds[i]);
  gtk_widget_add_css_class (value, kind_class);

  g_object_unref (item);
}

/* `data:[type][;base64],payload` → the payload's bytes, or %NULL with @error. */
static GBytes *
decode_data_url (const char  *url,
                 GError     **error)
{
  const char *comma = strchr (url, ',');
  g_autofree char *meta = NULL;

  if (!g_str_has_prefix (url, "data:") || comma == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Not a data: URL"));
      return NULL;
    }
  meta = g_strndup (url + strlen ("data:"), comma - url - strlen ("data:"));
  if (g_str_has_suffix (meta, ";base64"))
    {
      gsize length = 0;
      guchar *data = g_base64_decode (comma + 1, &length);

      return g_bytes_new_take (data, length);
    }
  return g_uri_unescape_bytes (comma + 1, -1, NULL, error);
}

static GtkWidget *
media_widget (const char *url)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *picture;

  if (g_str_has_prefix (url, "data:"))
    {
      g_autoptr(GBytes) bytes = decode_data_url (url, &error);

      if (bytes != NULL)
        texture = gdk_texture_new_from_bytes (bytes, &error);
    }
  else if (g_str_has_prefix (url, "file:"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);

      texture = gdk_texture_new_from_file (file, &error);
    }
  else
    return gtk_link_button_new (url);

  if (texture == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This media part is not an image that can be shown: %s"),
                                                  error->message);
      GtkWidget *label = gtk_label_new (message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      return label;
    }
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, MIN (gdk_texture_get_width (texture), 320),
                               MIN (gdk_texture_get_height (texture), 320));
  gtk_widget_set_tooltip_text (picture, g_str_has_prefix (url, "data:") ? NULL : url);
  gtk_widget_add_css_class (picture, "result-media");
  return picture;
}

static void
studio_result_view_show_media (StudioResultView *self,
                               JsonNode         *value)
{
  g_auto(GStrv) urls = studio_generate_response_dup_media (value);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->media_box))) != NULL)
    gtk_flow_box_remove (self->media_box, child);
  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    gtk_flow_box_append (self->media_box, media_widget (urls[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->media_box), urls != NULL);
}

/**
 * studio_result_view_get_n_media:
 * @self: a [class@Studio.ResultView]
 *
 * Returns: how many media parts of a `GenerateResponse` the Text view shows
 */
guint
studio_result_view_get_n_media (StudioResultView *self)
{
  guint n = 0;

  g_return_val_if_fail (STUDIO_IS_RESULT_VIEW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->media_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/**
 * studio_result_view_new:
 *
 * Returns: (transfer floating): a new, empty result view
 */
GtkWidget *
studio_result_view_new (void)
{
  return g_object_new (STUDIO_TYPE_RESULT_VIEW, NULL);
}

/**
 * studio_result_view_get_value:
 * @self: a [class@Studio.ResultView]
 *
 * Returns: (transfer none) (nullable): the value shown
 */
JsonNode *
studio_result_view_get_value (StudioResultView *self)
{
  g_return_val_if_fail (STUDIO_IS_RESULT_VIEW (self), NULL);
  return self->value;
}

/**
 * studio_result_view_set_value:
 * @self: a [class@Studio.ResultView]
 * @value: (nullable): the value to show
 *
 * Shows @value, as text if it is a `GenerateResponse` and as a tree otherwise.
 */
void
studio_result_view_set_value (StudioResultView *self,
                              JsonNode         *value)
{
  g_autoptr(GListStore) roots = NULL;
  g_autoptr(GListModel) top = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *text = NULL;
  g_autofree char *usage = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkTreeListModel *tree;

  g_return_if_fail (STUDIO_IS_RESULT_VIEW (self));

  if (value != NULL)
    json_node_ref (value);
  g_clear_pointer (&self->value, json_node_unref);
  self->value = value;

  /* The tree shows an object's members (an array's elements) at the top level. */
  roots = g_list_store_new (STUDIO_TYPE_JSON_TREE_ITEM);
  if (value != NULL)
    {
      g_autoptr(StudioJsonTreeItem) root = studio_json_tree_item_new (NULL, value);

      top = studio_json_tree_item_dup_children (root);
      if (top == NULL)
        g_list_store_append (roots, root);
    }
  tree = gtk_tree_list_model_new (top ? g_steal_pointer (&top) : G_LIST_MODEL (g_object_ref (roots)),
                                  FALSE,
                                  value != NULL &&
                                  studio_json_tree_item_count_nodes (value, AUTOEXPAND_LIMIT) <= AUTOEXPAND_LIMIT,
                                  studio_result_view_create_children_cb, NULL, NULL);
  g_set_object (&self->tree, tree);
  selection = gtk_no_selection_new (G_LIST_MODEL (tree));    /* takes the new reference */
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (selection));

  pretty = studio_json_to_pretty_string (value);
  studio_json_editor_set_text (self->json_view, pretty);

  text = studio_generate_response_dup_text (value);
  usage = studio_generate_response_dup_usage (value);
  studio_markdown_view_set_markdown (self->markdown_view, text);
  studio_result_view_show_media (self, value);
  g_object_set (self->text_page, "visible", text != NULL, NULL);
  gtk_label_set_text (self->summary_label, usage ? usage : "");

  gtk_stack_set_visible_child_name (self->stack, text != NULL ? "text" : "tree");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * studio_result_view_get_mode:
 * @self: a [class@Studio.ResultView]
 *
 * Returns: `text`, `tree` or `json`
 */
const char *
studio_result_view_get_mode (StudioResultView *self)
{
  g_return_val_if_fail (STUDIO_IS_RESULT_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * studio_result_view_set_mode:
 * @self: a [class@Studio.ResultView]
 * @mode: `text` (for a model response), `tree` or `json`
 */
void
studio_result_view_set_mode (StudioResultView *self,
                             const char       *mode)
{
  g_return_if_fail (STUDIO_IS_RESULT_VIEW (self));
  gtk_stack_set_visible_child_name (self->stack, mode);
}

/**
 * studio_result_view_get_tree:
 * @self: a [class@Studio.ResultView]
 *
 * Returns: (transfer none): the rows of the tree: a #GtkTreeListModel of
 *   [class@Studio.JsonTreeItem]s wrapped in #GtkTreeListRow
 */
GListModel *
studio_result_view_get_tree (StudioResultView *self)
{
  g_return_val_if_fail (STUDIO_IS_RESULT_VIEW (self), NULL);
  return G_LIST_MODEL (self->tree);
}

/**
 * studio_result_view_get_markdown:
 * @self: a [class@Studio.ResultView]
 *
 * Returns: (nullable): the Markdown text shown in the Text view, if the value has one
 */
const char *
studio_result_view_get_markdown (StudioResultView *self)
{
  g_return_val_if_fail (STUDIO_IS_RESULT_VIEW (self), NULL);
  return studio_markdown_view_get_markdown (self->markdown_view);
}

static void
studio_result_view_copy_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  StudioResultView *self = STUDIO_RESULT_VIEW (widget);
  g_autofree char *pretty = studio_json_to_pretty_string (self->value);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), pretty);
}

static void
studio_result_view_stack_changed_cb (StudioResultView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
studio_result_view_dispose (GObject *object)
{
  StudioResultView *self = STUDIO_RESULT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_RESULT_VIEW);
  g_clear_object (&self->tree);
  g_clear_pointer (&self->value, json_node_unref);

  G_OBJECT_CLASS (studio_result_view_parent_class)->dispose (object);
}

static void
studio_result_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StudioResultView *self = STUDIO_RESULT_VIEW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_boxed (value, self->value);
      break;
    case PROP_MODE:
      g_value_set_string (value, studio_result_view_get_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_result_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  StudioResultView *self = STUDIO_RESULT_VIEW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      studio_result_view_set_value (self, g_value_get_boxed (value));
      break;
    case PROP_MODE:
      studio_result_view_set_mode (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_result_view_class_init (StudioResultViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_result_view_dispose;
  object_class->get_property = studio_result_view_get_property;
  object_class->set_property = studio_result_view_set_property;

  properties[PROP_VALUE] =
    g_param_spec_boxed ("value", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "tree",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/widgets/studio-result-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, box);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, text_page);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, markdown_view);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, media_box);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, json_view);
  gtk_widget_class_bind_template_child (widget_class, StudioResultView, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, studio_result_view_stack_changed_cb);

  gtk_widget_class_install_action (widget_class, "result.copy", NULL, studio_result_view_copy_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "resultview");

  g_type_ensure (STUDIO_TYPE_MARKDOWN_VIEW);
  g_type_ensure (STUDIO_TYPE_JSON_EDITOR);
}

static void
studio_result_view_init (StudioResultView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (tree_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (tree_bind_cb), NULL);
  gtk_list_view_set_factory (self->tree_view, factory);
  g_object_unref (factory);

  studio_result_view_set_value (self, NULL);
}
