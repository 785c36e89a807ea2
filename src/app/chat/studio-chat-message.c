/* studio-chat-message.c — one message of a conversation: its role and its parts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-chat-message.h"
#include "studio-markdown-view.h"
#include "studio-util.h"

/**
 * StudioChatMessage:
 *
 * One Genkit `Message` (`{role, content: Part[], metadata?}`) as the chat pane shows it: a
 * card headed by who spoke, then each part — text as Markdown, media as a picture (inline
 * `data:` images; other media as a link, nothing is fetched), reasoning, tool requests and
 * tool responses with their JSON, data parts as JSON — and a footer for the pane's controls
 * (regenerate, the turn's trace). The pane can put controls right after a part too, such as
 * the answer form of an interrupted tool request.
 */
struct _StudioChatMessage
{
  GtkWidget   parent_instance;

  JsonObject *message;
  GtkWidget  *header;
  GtkWidget  *parts_box;
  GPtrArray  *part_widgets;  /* GtkWidget, borrowed: children of parts_box */
  GtkWidget  *footer;
};

G_DEFINE_FINAL_TYPE (StudioChatMessage, studio_chat_message, GTK_TYPE_WIDGET)

static GtkWidget *
mono_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  return label;
}

/* GtkTextView (GTK 4.8) lays out its lines after it got its size and never asks again
 * when it is not in a scrolled window: the card would keep a height that clips the text.
 * Its vertical adjustment tells when the text's height (upper) and the view's (page size)
 * differ. */
static gboolean
resize_tick_cb (GtkWidget     *text_view,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  g_object_set_data (G_OBJECT (text_view), "studio-fit-tick", NULL);
  gtk_widget_queue_resize (text_view);
  return G_SOURCE_REMOVE;
}

/* Tick callbacks end with the view's realization; the next one must be able to start. */
static void
forget_tick_cb (GtkWidget *text_view)
{
  g_object_set_data (G_OBJECT (text_view), "studio-fit-tick", NULL);
}

static void
fit_text_cb (GtkAdjustment *adjustment,
             GtkWidget     *text_view)
{
  /* This runs while the view is being allocated, when a new size request is ignored: ask
   * on the next frame. */
  if ((int) gtk_adjustment_get_upper (adjustment) != (int) gtk_adjustment_get_page_size (adjustment) &&
      g_object_get_data (G_OBJECT (text_view), "studio-fit-tick") == NULL)
    g_object_set_data (G_OBJECT (text_view), "studio-fit-tick",
                       GUINT_TO_POINTER (gtk_widget_add_tick_callback (text_view, resize_tick_cb, NULL, NULL)));
}

/**
 * studio_chat_text_new:
 * @markdown: a text part's text
 *
 * Shows text as Markdown inside a message card: a [class@Studio.MarkdownView] whose text
 * has no margins of its own (GtkTextView leaves its top and bottom margins out of the height
 * it asks for, which clips the last line outside a scrolled window), on the card's colour.
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
studio_chat_text_new (const char *markdown)
{
  GtkWidget *view = studio_markdown_view_new ();
  GtkTextView *text_view = GTK_TEXT_VIEW (gtk_widget_get_first_child (view));

  gtk_text_view_set_top_margin (text_view, 0);
  gtk_text_view_set_bottom_margin (text_view, 0);
  gtk_text_view_set_left_margin (text_view, 0);
  gtk_text_view_set_right_margin (text_view, 0);
  gtk_widget_add_css_class (view, "chat-text");
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view)), "changed",
                           G_CALLBACK (fit_text_cb), text_view, 0);
  g_signal_connect (text_view, "unrealize", G_CALLBACK (forget_tick_cb), NULL);
  studio_markdown_view_set_markdown (STUDIO_MARKDOWN_VIEW (view), markdown);
  return view;
}

static GtkWidget *
heading_label_new (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  return label;
}

/* A picture for an inline `data:` image; NULL for anything else. */
static GtkWidget *
data_picture_new (const char *url)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *comma;
  guchar *data;
  gsize length;
  GtkWidget *picture;

  if (!g_str_has_prefix (url, "data:image/") || (comma = strchr (url, ',')) == NULL ||
      comma - url < 7 || strncmp (comma - 7, ";base64", 7) != 0)
    return NULL;
  data = g_base64_decode (comma + 1, &length);
  bytes = g_bytes_new_take (data, length);
  if ((texture = gdk_texture_new_from_bytes (bytes, NULL)) == NULL)
    return NULL;
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, -1, MIN (gdk_texture_get_height (texture), 240));
  gtk_widget_set_halign (picture, GTK_ALIGN_START);
  return picture;
}

static GtkWidget *
media_widget_new (JsonObject *media)
{
  const char *url = studio_json_get_string (media, "url", "");
  const char *type = studio_json_get_string (media, "contentType", "");
  GtkWidget *picture = data_picture_new (url);
  g_autofree char *label = NULL;

  if (picture != NULL)
    return picture;
  if (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"))
    {
      /* Translators: a media part of a message that is not shown inline; %s is its URL */
      label = g_strdup_printf (_("Media: %s"), url);
      return gtk_link_button_new_with_label (url, label);
    }
  /* Translators: a media part that cannot be shown; %s is its content type */
  label = g_strdup_printf (_("Media (%s), not shown"), *type ? type : "?");
  return heading_label_new (label);
}

/* "Calls tool <b>name</b>" / "Tool <b>name</b> answered", with the JSON under it. */
static GtkWidget *
tool_widget_new (JsonObject *tool,
                 gboolean    request,
                 gboolean    interrupt)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *name = studio_json_get_string (tool, "name", "?");
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  /* Translators: a tool call in a conversation; %s is the tool's name (markup) */
  g_autofree char *markup = request ? g_strdup_printf (_("Calls tool <b>%s</b>"), escaped)
  /* Translators: a tool's answer in a conversation; %s is the tool's name (markup) */
                                    : g_strdup_printf (_("Tool <b>%s</b> answered"), escaped);
  JsonNode *value = json_object_get_member (tool, request ? "input" : "output");
  g_autofree char *json = value ? studio_json_to_compact_string (value) : NULL;

  gtk_widget_add_css_class (box, "chat-tool");
  gtk_box_append (GTK_BOX (box), heading_label_new (markup));
  if (json != NULL)
    gtk_box_append (GTK_BOX (box), mono_label_new (json));
  if (interrupt)
    {
      GtkWidget *note = heading_label_new (_("Interrupt: the turn waits for an answer"));

      gtk_widget_add_css_class (note, "warning");
      gtk_box_append (GTK_BOX (box), note);
    }
  return box;
}

static gboolean
part_is_interrupt (JsonObject *part)
{
  JsonNode *metadata = json_object_get_member (part, "metadata");
  JsonNode *interrupt;

  if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
    return FALSE;
  interrupt = json_object_get_member (json_node_get_object (metadata), "interrupt");
  /* Genkit marks an interrupt with `true` or with the interrupt's metadata object. */
  if (interrupt == NULL || JSON_NODE_HOLDS_NULL (interrupt))
    return FALSE;
  return !(JSON_NODE_HOLDS_VALUE (interrupt) && json_node_get_value_type (interrupt) == G_TYPE_BOOLEAN &&
           !json_node_get_boolean (interrupt));
}

static GtkWidget *
part_widget_new (JsonNode *node)
{
  JsonObject *part;
  JsonNode *member;
  g_autofree char *json = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mono_label_new ((json = studio_json_to_compact_string (node)));
  part = json_node_get_object (node);

  if (studio_json_get_string (part, "text", NULL) != NULL)
    return studio_chat_text_new (studio_json_get_string (part, "text", NULL));
  if (studio_json_get_string (part, "reasoning", NULL) != NULL)
    {
      GtkWidget *label = heading_label_new (NULL);

      gtk_label_set_text (GTK_LABEL (label), studio_json_get_string (part, "reasoning", ""));
      gtk_widget_add_css_class (label, "dim-label");
      return label;
    }
  if ((member = json_object_get_member (part, "media")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    return media_widget_new (json_node_get_object (member));
  if ((member = json_object_get_member (part, "toolRequest")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    return tool_widget_new (json_node_get_object (member), TRUE, part_is_interrupt (part));
  if ((member = json_object_get_member (part, "toolResponse")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    return tool_widget_new (json_node_get_object (member), FALSE, FALSE);
  if ((member = json_object_get_member (part, "data")) != NULL)
    return mono_label_new ((json = studio_json_to_pretty_string (member)));
  return mono_label_new ((json = studio_json_to_compact_string (node)));
}

static const char *
role_title (const char *role)
{
  if (g_strcmp0 (role, "user") == 0)
    return _("You");
  if (g_strcmp0 (role, "model") == 0)
    return _("Model");
  if (g_strcmp0 (role, "tool") == 0)
    return _("Tool");
  if (g_strcmp0 (role, "system") == 0)
    return _("System");
  return role ? role : "?";
}

static void
studio_chat_message_dispose (GObject *object)
{
  StudioChatMessage *self = STUDIO_CHAT_MESSAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->part_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->message, json_object_unref);

  G_OBJECT_CLASS (studio_chat_message_parent_class)->dispose (object);
}

static void
studio_chat_message_class_init (StudioChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_chat_message_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatmessage");
}

static void
studio_chat_message_init (StudioChatMessage *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  self->part_widgets = g_ptr_array_new ();

  self->header = heading_label_new (NULL);
  gtk_widget_add_css_class (self->header, "caption-heading");
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
  self->parts_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->parts_box, GTK_WIDGET (self));
  self->footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_visible (self->footer, FALSE);
  gtk_widget_set_parent (self->footer, GTK_WIDGET (self));
}

/**
 * studio_chat_message_new:
 * @message: a Genkit `Message`: `{role, content: Part[]}`
 *
 * Creates the view of one message. User messages are styled `chat-user`, the others
 * `chat-<role>`.
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
studio_chat_message_new (JsonObject *message)
{
  StudioChatMessage *self;
  JsonNode *content;
  const char *role;
  g_autofree char *css = NULL;

  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (STUDIO_TYPE_CHAT_MESSAGE, NULL);
  self->message = json_object_ref (message);
  role = studio_json_get_string (message, "role", NULL);
  gtk_label_set_text (GTK_LABEL (self->header), role_title (role));
  css = g_strconcat ("chat-", role ? role : "unknown", NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self), css);

  content = json_object_get_member (message, "content");
  for (guint i = 0; content != NULL && JSON_NODE_HOLDS_ARRAY (content) &&
                    i < json_array_get_length (json_node_get_array (content)); i++)
    {
      GtkWidget *part = part_widget_new (json_array_get_element (json_node_get_array (content), i));

      gtk_box_append (GTK_BOX (self->parts_box), part);
      g_ptr_array_add (self->part_widgets, part);
    }
  return GTK_WIDGET (self);
}

/**
 * studio_chat_message_get_message:
 * @self: a [class@Studio.ChatMessage]
 *
 * Returns: (transfer none): the message shown
 */
JsonObject *
studio_chat_message_get_message (StudioChatMessage *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_MESSAGE (self), NULL);
  return self->message;
}

/**
 * studio_chat_message_get_role:
 * @self: a [class@Studio.ChatMessage]
 *
 * Returns: (nullable): the message's role (`user`, `model`, `tool`, `system`)
 */
const char *
studio_chat_message_get_role (StudioChatMessage *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_MESSAGE (self), NULL);
  return studio_json_get_string (self->message, "role", NULL);
}

/**
 * studio_chat_message_add_footer:
 * @self: a [class@Studio.ChatMessage]
 * @child: (transfer floating): a control to show under the parts
 *
 * Adds a control to the message's footer row.
 */
void
studio_chat_message_add_footer (StudioChatMessage *self,
                                GtkWidget         *child)
{
  g_return_if_fail (STUDIO_IS_CHAT_MESSAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_box_append (GTK_BOX (self->footer), child);
  gtk_widget_set_visible (self->footer, TRUE);
}

/**
 * studio_chat_message_add_after_part:
 * @self: a [class@Studio.ChatMessage]
 * @part_index: the index of a part in the message's `content`
 * @child: (transfer floating): what to show right after that part
 *
 * Puts @child right under one part, such as the answer form of an interrupt.
 */
void
studio_chat_message_add_after_part (StudioChatMessage *self,
                                    guint              part_index,
                                    GtkWidget         *child)
{
  g_return_if_fail (STUDIO_IS_CHAT_MESSAGE (self));
  g_return_if_fail (part_index < self->part_widgets->len);

  gtk_box_insert_child_after (GTK_BOX (self->parts_box), child, g_ptr_array_index (self->part_widgets, part_index));
}

/**
 * studio_chat_parts_new:
 * @parts: Genkit `Part`s (an artifact's, a message's content)
 *
 * Shows parts the way a message shows them, without a card around them.
 *
 * Returns: (transfer floating): a vertical box of the parts' views
 */
GtkWidget *
studio_chat_parts_new (JsonArray *parts)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  g_return_val_if_fail (parts != NULL, NULL);

  for (guint i = 0; i < json_array_get_length (parts); i++)
    gtk_box_append (GTK_BOX (box), part_widget_new (json_array_get_element (parts, i)));
  return box;
}
