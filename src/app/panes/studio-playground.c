/* studio-playground.c — the runner of models: messages, config, tools, output, side by side
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <genkit-dotprompt-lib.h>

#include "studio-json-editor.h"
#include "studio-playground.h"
#include "studio-schema-form.h"
#include "studio-util.h"

static const char *roles[] = { "system", "user", "model" };

/**
 * StudioPlayground:
 *
 * The runner of a model action (`/model/...`), as Genkit's Dev UI model playground:
 *
 * - the messages of the conversation, each with its role (system, user, model), its text
 *   and an optional media part (an image URL or `data:` URL);
 * - the model's config as a form made from its config schema (the descriptor's
 *   `metadata.model.customOptions`, protocol §5.4);
 * - the runtime's tools, offered to the model as `ToolDefinition`s;
 * - the output format and JSON Schema;
 * - Run (Ctrl+Enter) on one model or, with Compare, on several side by side: every
 *   [class@Studio.PlaygroundColumn] runs the model action with the same `GenerateRequest`
 *   (protocol §7.4) through [method@Genkit.Runtime.run_action_async], streaming when Stream
 *   is on, and shows its latency, tokens and its answer's difference from the first one;
 * - Save as .prompt: the same messages, config, tools and output as a Dotprompt file
 *   ([ctor@Genkit.ParsedPrompt.new_from_generate_options]), which refuses what a `.prompt`
 *   file cannot hold rather than dropping it.
 *
 * All of it (messages, config, tools, output, the models compared, Stream) is kept in the
 * [class@Studio.InputStore] under the model's key as it changes, as `GenerateActionOptions`
 * with `models` (the columns' keys) instead of `model`, and comes back when the model is
 * opened again, after a restart too.
 */
struct _StudioPlayground
{
  GtkWidget         parent_instance;

  /* Template children */
  GtkWidget        *box;
  GtkLabel         *title_label;
  GtkLabel         *key_label;
  GtkDropDown      *model_dropdown;
  GtkToggleButton  *stream_toggle;
  GtkBox           *messages_box;
  GtkWidget        *no_config_label;
  StudioSchemaForm *config_form;
  GtkWidget        *no_tools_label;
  GtkFlowBox       *tools_box;
  GtkDropDown      *format_dropdown;
  GtkLabel         *schema_status_label;
  StudioJsonEditor *schema_editor;
  GtkLabel         *request_label;
  StudioJsonEditor *request_view;
  GtkBox           *columns_box;

  /* Owned */
  GenkitRuntime    *runtime;
  StudioActionItem *item;
  GtkStringList    *models;        /* model names, for model_dropdown */
  GHashTable       *wanted_tools;  /* keys to check once the tools are listed */
  GCancellable     *list_cancellable;
  StudioInputStore *input_store;
  char             *scope;
  gboolean          loading;
  gboolean          schema_valid;
  gboolean          restoring;
};

G_DEFINE_FINAL_TYPE (StudioPlayground, studio_playground, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_ITEM,
  PROP_INPUT_STORE,
  PROP_SCOPE,
  PROP_LOADING,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void studio_playground_remember (StudioPlayground *self);
static void studio_playground_select_next_model (StudioPlayground *self);
static void studio_playground_show_request (StudioPlayground *self);

static void
studio_playground_update_actions (StudioPlayground *self)
{
  gboolean running = studio_playground_get_running (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.run", !running && self->schema_valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.add-model",
                                 !running && g_list_model_get_n_items (G_LIST_MODEL (self->models)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playground.save-prompt", self->schema_valid);
}

/* Messages ---------------------------------------------------------------------------------- */

static void
message_remove_clicked_cb (GtkButton        *button,
                           StudioPlayground *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  gtk_box_remove (self->messages_box, row);
  studio_playground_remember (self);
}

/* Largest image file put into a message as a `data:` URL. */
#define MAX_MEDIA_BYTES (20 * 1024 * 1024)

/**
 * studio_playground_dup_data_url:
 * @file: an image (or other media) file
 * @error: return location for a %G_IO_ERROR; %G_IO_ERROR_FAILED for a file over 20 MiB
 *
 * Reads @file as a `data:` URL (`data:image/png;base64,...`), as a media part carries an
 * image from the user's disk.
 *
 * Returns: (transfer full) (nullable): the URL, or %NULL with @error set
 */
char *
studio_playground_dup_data_url (GFile   *file,
                                GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *name = g_file_get_basename (file);
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  if (length > MAX_MEDIA_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s is larger than 20 MiB, too large to send in a message"), name);
      return NULL;
    }
  type = g_content_type_guess (name, (const guchar *) contents, length, NULL);
  mime = g_content_type_get_mime_type (type);
  base64 = g_base64_encode ((const guchar *) contents, length);
  return g_strdup_printf ("data:%s;base64,%s", mime ? mime : "application/octet-stream", base64);
}

static void
media_file_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        GtkEntry        *entry)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      g_autofree char *url = studio_playground_dup_data_url (file, &error);

      if (url != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), url);
      else
        studio_widget_add_toast (GTK_WIDGET (entry), error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
media_icon_press_cb (GtkEntry             *entry,
                     GtkEntryIconPosition  position,
                     StudioPlayground     *self)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  if (position != GTK_ENTRY_ICON_SECONDARY)
    return;
  dialog = gtk_file_chooser_native_new (_("Choose an Image"), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (media_file_response_cb), entry, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/**
 * studio_playground_add_message:
 * @self: a [class@Studio.Playground]
 * @role: `system`, `user` or `model`
 * @text: (nullable): the message's text
 * @media_url: (nullable): the URL (or `data:` URL) of a media part after the text
 *
 * Adds a message at the end of the conversation.
 */
void
studio_playground_add_message (StudioPlayground *self,
                               const char       *role,
                               const char       *text,
                               const char       *media_url)
{
  GtkWidget *row, *top, *dropdown, *remove, *frame, *view, *media;
  guint selected = 1;

  g_return_if_fail (STUDIO_IS_PLAYGROUND (self));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (role, roles[i]) == 0)
      selected = i;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (row, "playground-message");
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  dropdown = gtk_drop_down_new_from_strings ((const char *[]) { _("System"), _("User"), _("Model"), NULL });
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_tooltip_text (dropdown, _("Role"));
  gtk_widget_set_hexpand (dropdown, FALSE);
  gtk_widget_set_halign (dropdown, GTK_ALIGN_START);
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (remove, _("Remove Message"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (message_remove_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (top), dropdown);
  gtk_box_append (GTK_BOX (top), remove);

  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 60);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text ? text : "", -1);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), view);

  media = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (media), _("Image: URL or data: URL (optional)"));
  gtk_entry_set_icon_from_icon_name (GTK_ENTRY (media), GTK_ENTRY_ICON_PRIMARY, "image-x-generic-symbolic");
  gtk_entry_set_icon_from_icon_name (GTK_ENTRY (media), GTK_ENTRY_ICON_SECONDARY, "document-open-symbolic");
  gtk_entry_set_icon_tooltip_text (GTK_ENTRY (media), GTK_ENTRY_ICON_SECONDARY, _("Choose an Image File…"));
  g_signal_connect_object (media, "icon-press", G_CALLBACK (media_icon_press_cb), self, 0);
  gtk_editable_set_text (GTK_EDITABLE (media), media_url ? media_url : "");

  gtk_box_append (GTK_BOX (row), top);
  gtk_box_append (GTK_BOX (row), frame);
  gtk_box_append (GTK_BOX (row), media);
  g_object_set_data (G_OBJECT (row), "role", dropdown);
  g_object_set_data (G_OBJECT (row), "text", view);
  g_object_set_data (G_OBJECT (row), "media", media);
  gtk_box_append (self->messages_box, row);

  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (studio_playground_remember), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (studio_playground_remember), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (media, "changed", G_CALLBACK (studio_playground_remember), self, G_CONNECT_SWAPPED);
  studio_playground_remember (self);
}

/**
 * studio_playground_clear_messages:
 * @self: a [class@Studio.Playground]
 *
 * Removes every message.
 */
void
studio_playground_clear_messages (StudioPlayground *self)
{
  GtkWidget *child;

  g_return_if_fail (STUDIO_IS_PLAYGROUND (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box))) != NULL)
    gtk_box_remove (self->messages_box, child);
}

/* `data:image/png;base64,...` → `image/png`; other URLs have no content type here (the
 * model or Genkit's download middleware finds it). */
static char *
media_content_type (const char *url)
{
  const char *end;

  if (!g_str_has_prefix (url, "data:"))
    return NULL;
  end = url + strlen ("data:") + strcspn (url + strlen ("data:"), ";,");
  if (end == url + strlen ("data:"))
    return NULL;
  return g_strndup (url + strlen ("data:"), end - url - strlen ("data:"));
}

static JsonArray *
studio_playground_dup_messages (StudioPlayground *self)
{
  JsonArray *messages = json_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkDropDown *dropdown = g_object_get_data (G_OBJECT (row), "role");
      GtkTextView *view = g_object_get_data (G_OBJECT (row), "text");
      GtkEditable *media = g_object_get_data (G_OBJECT (row), "media");
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      g_autofree char *text = NULL;
      g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (media)));
      JsonObject *message = json_object_new ();
      JsonArray *content = json_array_new ();
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (*text != '\0')
        {
          JsonObject *part = json_object_new ();

          json_object_set_string_member (part, "text", text);
          json_array_add_object_element (content, part);
        }
      if (*url != '\0')
        {
          JsonObject *part = json_object_new ();
          JsonObject *media_object = json_object_new ();
          g_autofree char *content_type = media_content_type (url);

          json_object_set_string_member (media_object, "url", url);
          if (content_type != NULL)
            json_object_set_string_member (media_object, "contentType", content_type);
          json_object_set_object_member (part, "media", media_object);
          json_array_add_object_element (content, part);
        }
      /* An empty message says nothing; leave it out rather than send a message without
       * parts, which models refuse. */
      if (json_array_get_length (content) == 0)
        {
          json_array_unref (content);
          json_object_unref (message);
          continue;
        }
      json_object_set_string_member (message, "role", roles[MIN (gtk_drop_down_get_selected (dropdown), 2)]);
      json_object_set_array_member (message, "content", content);
      json_array_add_object_element (messages, message);
    }
  return messages;
}

/* Tools and models of the runtime ---------------------------------------------------------- */

static void
studio_playground_clear_tools (StudioPlayground *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tools_box))) != NULL)
    gtk_flow_box_remove (self->tools_box, child);
  gtk_widget_set_visible (self->no_tools_label, TRUE);
}

static void
studio_playground_add_tool (StudioPlayground *self,
                            const char       *key,
                            JsonNode         *descriptor)
{
  g_autofree char *name = studio_action_key_dup_name (key);
  JsonObject *object = json_node_get_object (descriptor);
  const char *description = json_object_get_string_member_with_default (object, "description", NULL);
  GtkWidget *check = gtk_check_button_new_with_label (name);

  gtk_widget_set_tooltip_text (check, description);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->wanted_tools, key));
  g_object_set_data_full (G_OBJECT (check), "key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (check), "descriptor", json_node_ref (descriptor),
                          (GDestroyNotify) json_node_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (studio_playground_remember), self, G_CONNECT_SWAPPED);
  gtk_flow_box_append (self->tools_box, check);
  gtk_widget_set_visible (self->no_tools_label, FALSE);
}

static void
studio_playground_list_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(StudioPlayground) self = user_data;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) keys = NULL;
  g_auto(GStrv) models = NULL;

  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_cancellable);
  self->loading = FALSE;

  if (actions == NULL || !JSON_NODE_HOLDS_OBJECT (actions))
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the runtime's models and tools: %s"),
                                                  error ? error->message : _("not a JSON object"));

      gtk_label_set_text (GTK_LABEL (self->no_tools_label), message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  models = studio_actions_dup_model_names (json_node_get_object (actions));
  gtk_string_list_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                          (const char * const *) models);
  studio_playground_select_next_model (self);
  keys = g_list_sort (json_object_get_members (json_node_get_object (actions)), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *descriptor = json_object_get_member (json_node_get_object (actions), l->data);

      if (g_str_has_prefix (l->data, "/tool/") && JSON_NODE_HOLDS_OBJECT (descriptor))
        studio_playground_add_tool (self, l->data, descriptor);
    }
  studio_playground_update_actions (self);
  studio_playground_show_request (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
studio_playground_list_actions (StudioPlayground *self)
{
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  gtk_string_list_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)), NULL);
  studio_playground_clear_tools (self);
  if (self->runtime == NULL)
    return;

  self->loading = TRUE;
  self->list_cancellable = g_cancellable_new ();
  genkit_runtime_list_actions_async (self->runtime, self->list_cancellable, studio_playground_list_cb,
                                     g_object_ref (self));
}

/**
 * studio_playground_set_tool_active:
 * @self: a [class@Studio.Playground]
 * @key: a tool's action key, such as `/tool/add`
 * @active: whether to offer the tool to the model
 *
 * Returns: %TRUE if the runtime has the tool (it is remembered for when the tools are
 *   listed, while they are being listed)
 */
gboolean
studio_playground_set_tool_active (StudioPlayground *self,
                                   const char       *key,
                                   gboolean          active)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), FALSE);

  if (active)
    g_hash_table_add (self->wanted_tools, g_strdup (key));
  else
    g_hash_table_remove (self->wanted_tools, key);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tools_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "key"), key) == 0)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
          return TRUE;
        }
    }
  return self->loading;
}

/* The checked tools, as `ToolDefinition`s (@definitions) and as keys (@keys). */
static void
studio_playground_collect_tools (StudioPlayground *self,
                                 JsonArray        *definitions,
                                 JsonArray        *keys)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tools_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *key = g_object_get_data (G_OBJECT (check), "key");
      JsonObject *descriptor = json_node_get_object (g_object_get_data (G_OBJECT (check), "descriptor"));

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        continue;
      if (keys != NULL)
        json_array_add_string_element (keys, key);
      if (definitions != NULL)
        json_array_add_object_element (definitions, studio_tool_definition_new (key, descriptor));
    }
}

/* Config and output ------------------------------------------------------------------------- */

static JsonNode *
studio_playground_get_config_schema (StudioPlayground *self)
{
  JsonObject *metadata = self->item ? studio_action_item_get_metadata (self->item) : NULL;
  JsonNode *model = metadata ? json_object_get_member (metadata, "model") : NULL;
  JsonNode *schema;

  if (model == NULL || !JSON_NODE_HOLDS_OBJECT (model))
    return NULL;
  schema = json_object_get_member (json_node_get_object (model), "customOptions");
  return schema != NULL && JSON_NODE_HOLDS_OBJECT (schema) ? schema : NULL;
}

/* The config form's value, or %NULL when nothing is set. */
static JsonNode *
studio_playground_dup_config (StudioPlayground *self)
{
  g_autoptr(JsonNode) config = NULL;

  if (studio_playground_get_config_schema (self) == NULL)
    return NULL;
  config = studio_schema_form_dup_value (self->config_form);
  if (config == NULL || JSON_NODE_HOLDS_NULL (config) ||
      (JSON_NODE_HOLDS_OBJECT (config) && json_object_get_size (json_node_get_object (config)) == 0))
    return NULL;
  return g_steal_pointer (&config);
}

static const char *
studio_playground_get_format (StudioPlayground *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->format_dropdown);

  if (gtk_drop_down_get_selected (self->format_dropdown) == 0 || item == NULL)
    return NULL;
  return gtk_string_object_get_string (item);
}

static gboolean
studio_playground_parse_schema (StudioPlayground  *self,
                                JsonNode         **schema,
                                GError           **error)
{
  g_autofree char *text = studio_json_editor_dup_text (self->schema_editor);
  g_autoptr(JsonNode) node = NULL;

  *schema = NULL;
  if (*g_strstrip (text) == '\0')
    return TRUE;
  node = genkit_json_parse (text, -1, error);
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           _("The output schema must be a JSON object"));
      return FALSE;
    }
  *schema = g_steal_pointer (&node);
  return TRUE;
}

static void
studio_playground_schema_changed_cb (StudioPlayground *self)
{
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(GError) error = NULL;

  self->schema_valid = studio_playground_parse_schema (self, &schema, &error);
  if (self->schema_valid)
    {
      studio_json_editor_clear_error (self->schema_editor);
      gtk_label_set_text (self->schema_status_label, _("Output schema (JSON Schema, optional)"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->schema_status_label), "error");
    }
  else
    {
      studio_json_editor_mark_error (self->schema_editor, error->message);
      gtk_label_set_text (self->schema_status_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->schema_status_label), "error");
    }
  studio_playground_update_actions (self);
  studio_playground_remember (self);
}

/* Requests ---------------------------------------------------------------------------------- */

/**
 * studio_playground_dup_request:
 * @self: a [class@Studio.Playground]
 * @error: return location for an error: `INVALID_ARGUMENT` when there is no message or the
 *   output schema is not a JSON object
 *
 * Returns: (transfer full) (nullable): the `GenerateRequest` (protocol §7.4) the model
 *   actions are run with: `messages`, `config`, `tools` (as `ToolDefinition`s), `output`
 *   (`format`, `schema`)
 */
JsonNode *
studio_playground_dup_request (StudioPlayground  *self,
                               GError           **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) schema = NULL;
  JsonArray *messages;
  JsonArray *tools = json_array_new ();
  JsonNode *config;
  const char *format;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), NULL);

  if (!studio_playground_parse_schema (self, &schema, error))
    {
      json_array_unref (tools);
      return NULL;
    }
  messages = studio_playground_dup_messages (self);
  if (json_array_get_length (messages) == 0)
    {
      json_array_unref (messages);
      json_array_unref (tools);
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           _("Write at least one message"));
      return NULL;
    }
  json_object_set_array_member (request, "messages", messages);
  if ((config = studio_playground_dup_config (self)) != NULL)
    json_object_set_member (request, "config", config);
  studio_playground_collect_tools (self, tools, NULL);
  if (json_array_get_length (tools) > 0)
    json_object_set_array_member (request, "tools", tools);
  else
    json_array_unref (tools);

  format = studio_playground_get_format (self);
  if (format != NULL || schema != NULL)
    {
      JsonObject *output = json_object_new ();

      if (format != NULL)
        json_object_set_string_member (output, "format", format);
      if (schema != NULL)
        json_object_set_member (output, "schema", g_steal_pointer (&schema));
      json_object_set_object_member (request, "output", output);
    }
  return json_node_init_object (json_node_alloc (), request);
}

/**
 * studio_playground_dup_options:
 * @self: a [class@Studio.Playground]
 * @error: return location for an error, as studio_playground_dup_request()
 *
 * Returns: (transfer full) (nullable): the playground as `GenerateActionOptions` (protocol
 *   §7.8): `model` (the first column's), `messages`, `config`, `tools` (keys), `output`
 *   (`format`, `jsonSchema`)
 */
JsonObject *
studio_playground_dup_options (StudioPlayground  *self,
                               GError           **error)
{
  g_autoptr(JsonNode) request = NULL;
  JsonObject *request_object;
  JsonObject *options;
  StudioPlaygroundColumn *first;
  JsonArray *tools;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), NULL);

  request = studio_playground_dup_request (self, error);
  if (request == NULL)
    return NULL;
  request_object = json_node_get_object (request);

  options = json_object_new ();
  first = studio_playground_get_column (self, 0);
  if (first != NULL)
    {
      g_autofree char *model = studio_action_key_dup_name (studio_playground_column_get_model_key (first));

      json_object_set_string_member (options, "model", model);
    }
  json_object_set_member (options, "messages", json_node_copy (json_object_get_member (request_object, "messages")));
  if (json_object_has_member (request_object, "config"))
    json_object_set_member (options, "config", json_node_copy (json_object_get_member (request_object, "config")));
  tools = json_array_new ();
  studio_playground_collect_tools (self, NULL, tools);
  if (json_array_get_length (tools) > 0)
    json_object_set_array_member (options, "tools", tools);
  else
    json_array_unref (tools);
  if (json_object_has_member (request_object, "output"))
    {
      JsonObject *output = json_object_get_object_member (request_object, "output");
      JsonObject *copy = json_object_new ();

      if (json_object_has_member (output, "format"))
        json_object_set_string_member (copy, "format", json_object_get_string_member (output, "format"));
      if (json_object_has_member (output, "schema"))
        json_object_set_member (copy, "jsonSchema", json_node_copy (json_object_get_member (output, "schema")));
      json_object_set_object_member (options, "output", copy);
    }
  return options;
}

/**
 * studio_playground_dup_prompt_text:
 * @self: a [class@Studio.Playground]
 * @error: return location for an error: `INVALID_ARGUMENT` as studio_playground_dup_request(),
 *   or %GENKIT_DOTPROMPT_ERROR_WRITE for what a `.prompt` file cannot hold
 *
 * Returns: (transfer full) (nullable): the playground as a `.prompt` file: its model, config,
 *   tools and output in the frontmatter, its messages as the template
 */
char *
studio_playground_dup_prompt_text (StudioPlayground  *self,
                                   GError           **error)
{
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(GenkitParsedPrompt) prompt = NULL;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), NULL);

  options = studio_playground_dup_options (self, error);
  if (options == NULL)
    return NULL;
  prompt = genkit_parsed_prompt_new_from_generate_options (options, error);
  if (prompt == NULL)
    return NULL;
  return genkit_parsed_prompt_to_string (prompt, error);
}

/**
 * studio_playground_save_prompt:
 * @self: a [class@Studio.Playground]
 * @file: where to write the `.prompt` file
 * @error: return location for an error: those of studio_playground_dup_prompt_text(), or a
 *   %G_IO_ERROR
 *
 * Writes the playground as a `.prompt` file (replacing @file).
 *
 * Returns: %TRUE when written
 */
gboolean
studio_playground_save_prompt (StudioPlayground  *self,
                               GFile             *file,
                               GError           **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = studio_playground_dup_prompt_text (self, error);
  return text != NULL &&
         g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

/* Offers to compare with a model that is not in a column yet. */
static void
studio_playground_select_next_model (StudioPlayground *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->models));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat ("/model/", gtk_string_list_get_string (self->models, i), NULL);
      gboolean shown = FALSE;

      for (guint c = 0; c < studio_playground_get_n_columns (self) && !shown; c++)
        shown = g_str_equal (studio_playground_column_get_model_key (studio_playground_get_column (self, c)), key);
      if (!shown)
        {
          gtk_drop_down_set_selected (self->model_dropdown, i);
          return;
        }
    }
}

/* Kept inputs -------------------------------------------------------------------------------- */

/* The playground as kept: `GenerateActionOptions` with `models` instead of `model`. */
static JsonObject *
studio_playground_dup_state (StudioPlayground *self)
{
  g_autoptr(JsonObject) state = studio_playground_dup_options (self, NULL);
  JsonArray *models;

  if (state == NULL)
    return NULL;
  json_object_remove_member (state, "model");
  models = json_array_new ();
  for (guint i = 0; i < studio_playground_get_n_columns (self); i++)
    json_array_add_string_element (models, studio_playground_column_get_model_key (studio_playground_get_column (self, i)));
  json_object_set_array_member (state, "models", models);
  return g_steal_pointer (&state);
}

/* The request as it would be sent, or why there is none. */
static void
studio_playground_show_request (StudioPlayground *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = studio_playground_dup_request (self, &error);
  g_autofree char *text = studio_json_to_pretty_string (request);

  studio_json_editor_set_text (self->request_view, request ? text : "");
  gtk_label_set_text (self->request_label, request ? _("The GenerateRequest each model is run with")
                                                   : error->message);
}

static void
studio_playground_remember (StudioPlayground *self)
{
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  /* Rows going away with the widget change nothing. */
  if (self->request_view == NULL)
    return;
  studio_playground_show_request (self);

  /* A state that does not make a request (no message, a broken schema) is not kept: the
   * last good one stays. */
  if (self->restoring || self->input_store == NULL || self->item == NULL ||
      (state = studio_playground_dup_state (self)) == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), state);
  text = studio_json_to_pretty_string (node);
  studio_input_store_remember (self->input_store, self->scope, studio_action_item_get_key (self->item), text, "",
                               gtk_toggle_button_get_active (self->stream_toggle));
}

/* The text of a message's first text part and the URL of its first media part. */
static void
message_dup_parts (JsonObject  *message,
                   char       **text,
                   char       **media_url)
{
  JsonArray *content = studio_json_object_get_array (message, "content");

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonNode *node = json_array_get_element (content, i);
      JsonObject *part = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *media = part ? json_object_get_member (part, "media") : NULL;

      if (part != NULL && *text == NULL && json_object_has_member (part, "text"))
        *text = g_strdup (json_object_get_string_member_with_default (part, "text", ""));
      else if (media != NULL && JSON_NODE_HOLDS_OBJECT (media) && *media_url == NULL)
        *media_url = g_strdup (json_object_get_string_member_with_default (json_node_get_object (media), "url", ""));
    }
}

static const char *
string_element (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* Fills the playground from @state: the kept state, or a GenerateRequest (whose output
 * schema is `schema` where the kept state says `jsonSchema`). */
static void
studio_playground_apply_state (StudioPlayground *self,
                               JsonObject       *state)
{
  JsonObject *output;
  JsonArray *array;

  if ((array = studio_json_object_get_array (state, "messages")) != NULL)
    {
      studio_playground_clear_messages (self);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *message = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
          g_autofree char *message_text = NULL;
          g_autofree char *media_url = NULL;

          /* The kept file can be edited by hand: what is not a message is left out. */
          if (message == NULL)
            continue;
          message_dup_parts (message, &message_text, &media_url);
          studio_playground_add_message (self, json_object_get_string_member_with_default (message, "role", "user"),
                                         message_text, media_url);
        }
    }
  if (json_object_has_member (state, "config") && studio_playground_get_config_schema (self) != NULL)
    studio_schema_form_set_value (self->config_form, json_object_get_member (state, "config"));
  for (guint i = 0; (array = studio_json_object_get_array (state, "tools")) != NULL && i < json_array_get_length (array); i++)
    if (string_element (array, i) != NULL)
      studio_playground_set_tool_active (self, string_element (array, i), TRUE);
  output = studio_json_object_get_object (state, "output");
  if (output != NULL)
    {
      const char *format = json_object_get_string_member_with_default (output, "format", NULL);
      GListModel *formats = gtk_drop_down_get_model (self->format_dropdown);
      JsonNode *schema = json_object_has_member (output, "jsonSchema") ? json_object_get_member (output, "jsonSchema")
                                                                        : json_object_get_member (output, "schema");

      for (guint i = 1; format != NULL && i < g_list_model_get_n_items (formats); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (formats), i), format) == 0)
          gtk_drop_down_set_selected (self->format_dropdown, i);
      if (schema != NULL)
        {
          g_autofree char *schema_text = studio_json_to_pretty_string (schema);

          studio_json_editor_set_text (self->schema_editor, schema_text);
        }
    }
  /* The first column is always the model opened; the others are the ones compared. */
  for (guint i = 1; (array = studio_json_object_get_array (state, "models")) != NULL && i < json_array_get_length (array); i++)
    if (string_element (array, i) != NULL)
      studio_playground_add_column (self, string_element (array, i));
}

static void
studio_playground_restore (StudioPlayground *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean streams = TRUE;

  if (self->input_store == NULL || self->item == NULL ||
      !studio_input_store_lookup (self->input_store, self->scope, studio_action_item_get_key (self->item),
                                  &text, NULL, &streams) ||
      (node = genkit_json_parse (text, -1, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  self->restoring = TRUE;
  gtk_toggle_button_set_active (self->stream_toggle, streams);
  studio_playground_apply_state (self, json_node_get_object (node));
  self->restoring = FALSE;
}

/**
 * studio_playground_set_request:
 * @self: a [class@Studio.Playground]
 * @request: a Genkit `GenerateRequest` (`messages`, `config`, `output`)
 *
 * Fills the conversation, the config form and the output format and schema from @request,
 * as "Open in Runner" does with a model span's input. Parts other than the first text and
 * media part of a message, and tools given as definitions, are left out.
 */
void
studio_playground_set_request (StudioPlayground *self,
                               JsonObject       *request)
{
  g_return_if_fail (STUDIO_IS_PLAYGROUND (self));
  g_return_if_fail (request != NULL);

  studio_playground_apply_state (self, request);
}

/* Columns and runs -------------------------------------------------------------------------- */

static void studio_playground_column_state_cb (StudioPlayground *self);

static void
studio_playground_update_columns (StudioPlayground *self)
{
  guint n = studio_playground_get_n_columns (self);

  for (guint i = 0; i < n; i++)
    studio_playground_column_set_removable (studio_playground_get_column (self, i), n > 1);
}

static void
studio_playground_column_remove_cb (StudioPlayground       *self,
                                    StudioPlaygroundColumn *column)
{
  if (studio_playground_get_n_columns (self) < 2)
    return;
  studio_playground_column_cancel (column);
  gtk_box_remove (self->columns_box, GTK_WIDGET (column));
  studio_playground_update_columns (self);
  studio_playground_update_actions (self);
  studio_playground_remember (self);
}

/**
 * studio_playground_add_column:
 * @self: a [class@Studio.Playground]
 * @model_key: a model action key such as `/model/echo`
 *
 * Adds a model to run side by side with the others.
 *
 * Returns: (transfer none): the new column
 */
StudioPlaygroundColumn *
studio_playground_add_column (StudioPlayground *self,
                              const char       *model_key)
{
  StudioPlaygroundColumn *column;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), NULL);

  column = studio_playground_column_new (model_key);
  g_signal_connect_object (column, "remove", G_CALLBACK (studio_playground_column_remove_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (column, "notify::state", G_CALLBACK (studio_playground_column_state_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->columns_box, GTK_WIDGET (column));
  studio_playground_update_columns (self);
  studio_playground_select_next_model (self);
  studio_playground_remember (self);
  return column;
}

/**
 * studio_playground_get_n_columns:
 * @self: a [class@Studio.Playground]
 *
 * Returns: how many models run side by side
 */
guint
studio_playground_get_n_columns (StudioPlayground *self)
{
  guint n = 0;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/**
 * studio_playground_get_column:
 * @self: a [class@Studio.Playground]
 * @position: a column's position, from 0 on the left
 *
 * Returns: (transfer none) (nullable): the column, or %NULL past the last
 */
StudioPlaygroundColumn *
studio_playground_get_column (StudioPlayground *self,
                              guint             position)
{
  GtkWidget *child;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), NULL);

  child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
  for (guint i = 0; child != NULL && i < position; i++)
    child = gtk_widget_get_next_sibling (child);
  return child ? STUDIO_PLAYGROUND_COLUMN (child) : NULL;
}

/**
 * studio_playground_get_running:
 * @self: a [class@Studio.Playground]
 *
 * Returns: %TRUE while one of the models is running
 */
gboolean
studio_playground_get_running (StudioPlayground *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), FALSE);

  for (guint i = 0; i < studio_playground_get_n_columns (self); i++)
    if (studio_playground_column_get_state (studio_playground_get_column (self, i)) == STUDIO_RUNNER_STATE_RUNNING)
      return TRUE;
  return FALSE;
}

/* When the last model has answered, every other column shows how it differs from the
 * first. */
static void
studio_playground_column_state_cb (StudioPlayground *self)
{
  StudioPlaygroundColumn *first = studio_playground_get_column (self, 0);
  g_autofree char *first_text = NULL;
  g_autofree char *first_name = NULL;
  guint n = studio_playground_get_n_columns (self);

  studio_playground_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (studio_playground_get_running (self) || n < 2 ||
      studio_playground_column_get_state (first) != STUDIO_RUNNER_STATE_SUCCEEDED)
    return;

  first_text = studio_playground_column_dup_text (first);
  first_name = studio_action_key_dup_name (studio_playground_column_get_model_key (first));
  for (guint i = 1; i < n; i++)
    {
      StudioPlaygroundColumn *column = studio_playground_get_column (self, i);

      if (studio_playground_column_get_state (column) == STUDIO_RUNNER_STATE_SUCCEEDED)
        studio_playground_column_set_diff_base (column, first_name, first_text);
    }
}

/**
 * studio_playground_run:
 * @self: a [class@Studio.Playground]
 *
 * Runs every column's model with the same request, as the Run button does. A request that
 * cannot be built (no message, a broken output schema) is said in a toast.
 *
 * Returns: %TRUE if the runs started
 */
gboolean
studio_playground_run (StudioPlayground *self)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GError) error = NULL;
  gboolean streaming;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), FALSE);

  if (self->runtime == NULL || studio_playground_get_running (self))
    return FALSE;
  request = studio_playground_dup_request (self, &error);
  if (request == NULL)
    {
      studio_widget_add_toast (GTK_WIDGET (self), error->message);
      return FALSE;
    }

  streaming = gtk_toggle_button_get_active (self->stream_toggle);
  for (guint i = 0; i < studio_playground_get_n_columns (self); i++)
    studio_playground_column_run (studio_playground_get_column (self, i), self->runtime, request, streaming);
  return TRUE;
}

/**
 * studio_playground_cancel:
 * @self: a [class@Studio.Playground]
 *
 * Cancels every run in progress.
 */
void
studio_playground_cancel (StudioPlayground *self)
{
  g_return_if_fail (STUDIO_IS_PLAYGROUND (self));

  for (guint i = 0; i < studio_playground_get_n_columns (self); i++)
    studio_playground_column_cancel (studio_playground_get_column (self, i));
}

/* Item -------------------------------------------------------------------------------------- */

/**
 * studio_playground_get_item:
 * @self: a [class@Studio.Playground]
 *
 * Returns: (transfer none) (nullable): the model action the playground opened on
 */
StudioActionItem *
studio_playground_get_item (StudioPlayground *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), NULL);
  return self->item;
}

/**
 * studio_playground_set_item:
 * @self: a [class@Studio.Playground]
 * @item: (nullable): the model action, as listed again
 *
 * Follows the model's descriptor (title, config schema); the messages and the config typed
 * so far stay.
 */
void
studio_playground_set_item (StudioPlayground *self,
                            StudioActionItem *item)
{
  g_autoptr(JsonNode) config = NULL;
  JsonNode *schema;

  g_return_if_fail (STUDIO_IS_PLAYGROUND (self));

  if (self->item != NULL)
    config = studio_schema_form_dup_value (self->config_form);
  if (!g_set_object (&self->item, item) || item == NULL)
    return;

  gtk_label_set_text (self->title_label, studio_action_item_get_name (item));
  gtk_label_set_text (self->key_label, studio_action_item_get_key (item));
  schema = studio_playground_get_config_schema (self);
  studio_schema_form_set_schema (self->config_form, schema);
  if (config != NULL && schema != NULL)
    studio_schema_form_set_value (self->config_form, config);
  gtk_widget_set_visible (GTK_WIDGET (self->config_form), schema != NULL);
  gtk_widget_set_visible (self->no_config_label, schema == NULL);
  if (studio_playground_get_n_columns (self) == 0)
    {
      /* Not kept before what was kept is read. */
      self->restoring = TRUE;
      studio_playground_add_column (self, studio_action_item_get_key (item));
      self->restoring = FALSE;
      studio_playground_restore (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * studio_playground_get_loading:
 * @self: a [class@Studio.Playground]
 *
 * Returns: %TRUE while the runtime's models and tools are being listed
 */
gboolean
studio_playground_get_loading (StudioPlayground *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND (self), FALSE);
  return self->loading;
}

/**
 * studio_playground_new:
 * @runtime: the runtime that has the model
 * @item: the model action
 * @input_store: (nullable): where the playground is kept
 * @scope: (nullable): the input store's scope: `builtin` or a project root
 *
 * Returns: (transfer floating): a new playground: as kept in @input_store, or with one user
 *   message and one column
 */
StudioPlayground *
studio_playground_new (GenkitRuntime    *runtime,
                       StudioActionItem *item,
                       StudioInputStore *input_store,
                       const char       *scope)
{
  return g_object_new (STUDIO_TYPE_PLAYGROUND, "runtime", runtime, "input-store", input_store,
                       "scope", scope ? scope : "builtin", "item", item, NULL);
}

/* Actions ----------------------------------------------------------------------------------- */

static void
studio_playground_run_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  studio_playground_run (STUDIO_PLAYGROUND (widget));
}

static void
studio_playground_cancel_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  studio_playground_cancel (STUDIO_PLAYGROUND (widget));
}

static void
studio_playground_add_message_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  studio_playground_add_message (STUDIO_PLAYGROUND (widget), "user", NULL, NULL);
}

static void
studio_playground_add_model_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  StudioPlayground *self = STUDIO_PLAYGROUND (widget);
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->model_dropdown);
  g_autofree char *key = NULL;

  if (item == NULL)
    return;
  key = g_strconcat ("/model/", gtk_string_object_get_string (item), NULL);
  studio_playground_add_column (self, key);
  studio_playground_update_actions (self);
}

static void
studio_playground_save_response_cb (GtkNativeDialog  *dialog,
                                    int               response,
                                    StudioPlayground *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!studio_playground_save_prompt (self, file, &error))
        studio_widget_add_toast (GTK_WIDGET (self), error->message);
      else
        {
          g_autofree char *basename = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Saved %s"), basename);
          g_autofree char *path = g_file_get_path (file);
          GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
          AdwToast *toast = adw_toast_new (message);

          /* On to the prompt editor with it (the window's win.open-prompt). */
          if (path != NULL)
            {
              adw_toast_set_button_label (toast, _("_Edit"));
              adw_toast_set_action_name (toast, "win.open-prompt");
              adw_toast_set_action_target_value (toast, g_variant_new_string (path));
            }
          if (overlay != NULL)
            adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
          else
            g_object_unref (toast);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
studio_playground_save_prompt_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  StudioPlayground *self = STUDIO_PLAYGROUND (widget);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;
  g_autofree char *name = NULL;

  /* Say what cannot be saved before asking where. */
  text = studio_playground_dup_prompt_text (self, &error);
  if (text == NULL)
    {
      studio_widget_add_toast (widget, error->message);
      return;
    }

  dialog = gtk_file_chooser_native_new (_("Save as .prompt File"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Dotprompt files"));
  gtk_file_filter_add_pattern (filter, "*.prompt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  name = g_strdup_printf ("%s.prompt", self->item ? studio_action_item_get_name (self->item) : "playground");
  g_strdelimit (name, "/", '-');
  /* A project's runtime: where Genkit loads the project's prompts from. */
  if (self->scope != NULL && g_path_is_absolute (self->scope))
    {
      g_autofree char *dir = g_build_filename (self->scope, "prompts", NULL);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_playground_save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* GObject ----------------------------------------------------------------------------------- */

static void
studio_playground_dispose (GObject *object)
{
  StudioPlayground *self = STUDIO_PLAYGROUND (object);

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->columns_box != NULL)
    studio_playground_cancel (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_PLAYGROUND);
  g_clear_object (&self->runtime);
  g_clear_object (&self->item);
  g_clear_object (&self->models);
  g_clear_object (&self->input_store);
  g_clear_pointer (&self->wanted_tools, g_hash_table_unref);

  G_OBJECT_CLASS (studio_playground_parent_class)->dispose (object);
}

static void
studio_playground_finalize (GObject *object)
{
  StudioPlayground *self = STUDIO_PLAYGROUND (object);

  g_free (self->scope);

  G_OBJECT_CLASS (studio_playground_parent_class)->finalize (object);
}

static void
studio_playground_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StudioPlayground *self = STUDIO_PLAYGROUND (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_INPUT_STORE:
      g_value_set_object (value, self->input_store);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, studio_playground_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_playground_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  StudioPlayground *self = STUDIO_PLAYGROUND (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      self->runtime = g_value_dup_object (value);
      studio_playground_list_actions (self);
      break;
    case PROP_ITEM:
      studio_playground_set_item (self, g_value_get_object (value));
      break;
    case PROP_INPUT_STORE:
      self->input_store = g_value_dup_object (value);
      break;
    case PROP_SCOPE:
      self->scope = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_playground_class_init (StudioPlaygroundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_playground_dispose;
  object_class->finalize = studio_playground_finalize;
  object_class->get_property = studio_playground_get_property;
  object_class->set_property = studio_playground_set_property;

  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, STUDIO_TYPE_ACTION_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_STORE] =
    g_param_spec_object ("input-store", NULL, NULL, STUDIO_TYPE_INPUT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, "builtin",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/panes/studio-playground.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, box);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, key_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, stream_toggle);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, messages_box);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, no_config_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, config_form);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, no_tools_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, tools_box);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, schema_status_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, schema_editor);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, request_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, request_view);
  gtk_widget_class_bind_template_child (widget_class, StudioPlayground, columns_box);

  gtk_widget_class_install_action (widget_class, "playground.run", NULL, studio_playground_run_action);
  gtk_widget_class_install_action (widget_class, "playground.cancel", NULL, studio_playground_cancel_action);
  gtk_widget_class_install_action (widget_class, "playground.add-message", NULL, studio_playground_add_message_action);
  gtk_widget_class_install_action (widget_class, "playground.add-model", NULL, studio_playground_add_model_action);
  gtk_widget_class_install_action (widget_class, "playground.save-prompt", NULL, studio_playground_save_prompt_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "playground.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playground");

  g_type_ensure (STUDIO_TYPE_SCHEMA_FORM);
  g_type_ensure (STUDIO_TYPE_JSON_EDITOR);
}

static void
studio_playground_init (StudioPlayground *self)
{
  self->models = gtk_string_list_new (NULL);
  self->wanted_tools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->schema_valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (self->models));
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->schema_editor)), "changed",
                           G_CALLBACK (studio_playground_schema_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config_form, "changed", G_CALLBACK (studio_playground_remember), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_dropdown, "notify::selected", G_CALLBACK (studio_playground_remember),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream_toggle, "toggled", G_CALLBACK (studio_playground_remember), self,
                           G_CONNECT_SWAPPED);
  studio_playground_add_message (self, "user", _("Hello"), NULL);
  studio_playground_update_actions (self);
}
