/* studio-prompts-pane.c — the prompt editor: .prompt files, live preview, errors, runs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <genkit-dotprompt-lib.h>

#include "studio-json-editor.h"
#include "studio-prompts-pane.h"
#include "studio-schema-form.h"
#include "studio-util.h"

/* Typing pauses this long before the prompt is parsed and rendered again. */
#define UPDATE_DELAY_MS 150

/* Where Genkit looks for a project's prompts (protocol §9.7: `promptDir`, `./prompts`). */
#define PROMPT_DIR "prompts"

static const char *new_prompt_source =
  "---\n"
  "model: echo\n"
  "input:\n"
  "  schema:\n"
  "    name: string\n"
  "---\n"
  "{{role \"system\"}}\n"
  "You are a friendly assistant.\n"
  "{{role \"user\"}}\n"
  "Say hello to {{name}}.\n";

/**
 * StudioPromptsPane:
 *
 * The prompt editor, the window's Prompts page:
 *
 * - on the left the project's `.prompt` files (below `prompts/`, as Genkit loads them;
 *   files named `_name.prompt` are partials) and the runtime's prompt actions that have no
 *   file in the project;
 * - the source in a GtkSourceView with the Dotprompt language (`dotprompt.lang`: YAML
 *   frontmatter, Handlebars with Dotprompt's helpers); as you type it is parsed and
 *   rendered with [class@Genkit.Dotprompt], and an error is underlined at the line and
 *   column it names and said below the editor;
 * - an input form made from the prompt's input schema (Picoschema or JSON Schema), and
 *   the messages the prompt renders to with that input, live;
 * - Run (Ctrl+Enter, the window's `win.run` on this page): the rendered `GenerateRequest` on the prompt's model or another one,
 *   through the runtime's model action, streamed, in a [class@Studio.PlaygroundColumn];
 * - Save (Ctrl+S) writes the file back.
 */
struct _StudioPromptsPane
{
  StudioPane              parent_instance;

  /* Template children */
  GtkPaned               *paned;
  GtkListBox             *prompt_list;
  GtkStack               *editor_stack;
  GtkLabel               *name_label;
  GtkLabel               *path_label;
  GtkDropDown            *model_dropdown;
  GtkToggleButton        *stream_toggle;
  StudioJsonEditor       *source_view;
  GtkWidget              *error_bar;
  GtkLabel               *error_label;
  GtkWidget              *no_input_label;
  StudioSchemaForm       *input_form;
  GtkBox                 *preview_box;
  GtkBox                 *output_box;

  /* Owned */
  char                   *project_root;
  GFile                  *file;            /* the open file, or NULL */
  char                   *display_name;    /* the open prompt's name */
  GenkitDotprompt        *dotprompt;
  GtkStringList          *models;          /* "prompt's model", then the runtime's model names */
  JsonObject             *actions;         /* the runtime's actions, as listed */
  GCancellable           *list_cancellable;
  GFileMonitor           *monitor;         /* of the project's prompts/ */
  char                   *input_schema;    /* the form's schema, as JSON text */
  JsonObject             *rendered;
  GError                 *error;
  StudioPlaygroundColumn *output;
  guint                   update_id;
  gboolean                modified;
  gboolean                loading;
  gboolean                loading_text;
};

G_DEFINE_FINAL_TYPE (StudioPromptsPane, studio_prompts_pane, STUDIO_TYPE_PANE)

enum {
  PROP_0,
  PROP_PROJECT_ROOT,
  PROP_MODIFIED,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void studio_prompts_pane_schedule_update (StudioPromptsPane *self);

/* The title, with a dot while there are unsaved changes (as GNOME's editors show them). */
static void
studio_prompts_pane_set_modified (StudioPromptsPane *self,
                                  gboolean           modified)
{
  g_autofree char *title = modified ? g_strconcat ("• ", self->display_name, NULL) : g_strdup (self->display_name);

  gtk_label_set_text (self->name_label, title);
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
studio_prompts_pane_update_actions (StudioPromptsPane *self)
{
  gboolean open = g_strcmp0 (gtk_stack_get_visible_child_name (self->editor_stack), "editor") == 0;
  gboolean running = self->output != NULL &&
                     studio_playground_column_get_state (self->output) == STUDIO_RUNNER_STATE_RUNNING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.save", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.run", open && !running && self->rendered != NULL &&
                                                                   self->error == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prompts.cancel", running);
}

/* The list ---------------------------------------------------------------------------------- */

static GtkWidget *
prompt_row_new (const char *title,
                const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *sub = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Collects `*.prompt` below @dir (relative names with `/`), partials included. */
static void
collect_prompt_files (const char *dir,
                      const char *relative,
                      GPtrArray  *names)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *rel = relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_prompt_files (path, rel, names);
      else if (g_str_has_suffix (name, ".prompt"))
        g_ptr_array_add (names, g_steal_pointer (&rel));
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* `sub/_header.prompt` → partial `sub/header` (Dotprompt's partial naming). */
static char *
partial_name (const char *relative)
{
  g_autofree char *dir = g_path_get_dirname (relative);
  g_autofree char *base = g_path_get_basename (relative);
  g_autofree char *stem = g_strndup (base + 1, strlen (base) - 1 - strlen (".prompt"));

  return g_str_equal (dir, ".") ? g_steal_pointer (&stem) : g_strconcat (dir, "/", stem, NULL);
}

static void
studio_prompts_pane_refresh (StudioPromptsPane *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) file_prompts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *dir = self->project_root ? g_build_filename (self->project_root, PROMPT_DIR, NULL) : NULL;
  GtkListBoxRow *first;

  /* Rows only: the placeholder is a child of the list too. */
  while ((first = gtk_list_box_get_row_at_index (self->prompt_list, 0)) != NULL)
    gtk_list_box_remove (self->prompt_list, GTK_WIDGET (first));

  if (dir != NULL)
    collect_prompt_files (dir, NULL, names);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *rel = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, rel, NULL);
      g_autofree char *base = g_path_get_basename (rel);
      GtkWidget *row;

      if (base[0] == '_')
        {
          g_autofree char *source = NULL;
          g_autofree char *partial = partial_name (rel);

          /* Partials are not prompts of their own, but every prompt may include them. */
          if (g_file_get_contents (path, &source, NULL, NULL))
            genkit_dotprompt_define_partial (self->dotprompt, partial, source, path);
        }
      row = prompt_row_new (rel, base[0] == '_' ? _("Partial") : _("File of the project"));
      g_object_set_data_full (G_OBJECT (row), "path", g_steal_pointer (&path), g_free);
      gtk_list_box_append (self->prompt_list, row);
      g_hash_table_add (file_prompts, g_strndup (rel, strlen (rel) - strlen (".prompt")));
    }

  /* The runtime's prompts that are not files of the project (another folder, code). */
  if (self->actions != NULL)
    {
      g_autoptr(GList) keys = g_list_sort (json_object_get_members (self->actions), (GCompareFunc) g_strcmp0);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          GtkWidget *row;

          if (!g_str_has_prefix (key, "/prompt/") || g_hash_table_contains (file_prompts, key + strlen ("/prompt/")))
            continue;
          row = prompt_row_new (key + strlen ("/prompt/"), _("Prompt of the runtime"));
          g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
          gtk_list_box_append (self->prompt_list, row);
        }
    }
}

/**
 * studio_prompts_pane_get_n_prompts:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: how many prompts (files and runtime prompts) the list shows
 */
guint
studio_prompts_pane_get_n_prompts (StudioPromptsPane *self)
{
  guint n = 0;

  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), 0);

  while (gtk_list_box_get_row_at_index (self->prompt_list, n) != NULL)
    n++;
  return n;
}

/* What to do once unsaved changes are saved or discarded; @arg is a path, a key or %NULL. */
typedef void (*ProceedFunc) (StudioPromptsPane *self,
                             const char        *arg);

static void studio_prompts_pane_then (StudioPromptsPane *self,
                                      ProceedFunc        proceed,
                                      const char        *arg);

static void
open_path_proceed (StudioPromptsPane *self,
                   const char        *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!studio_prompts_pane_open_file (self, file, &error))
    studio_widget_add_toast (GTK_WIDGET (self), error->message);
}

static void
open_key_proceed (StudioPromptsPane *self,
                  const char        *key)
{
  g_autoptr(GError) error = NULL;

  if (!studio_prompts_pane_open_action (self, key, &error))
    studio_widget_add_toast (GTK_WIDGET (self), error->message);
}

static void
studio_prompts_pane_row_activated_cb (StudioPromptsPane *self,
                                      GtkListBoxRow     *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  if (path != NULL)
    studio_prompts_pane_then (self, open_path_proceed, path);
  else
    studio_prompts_pane_then (self, open_key_proceed, g_object_get_data (G_OBJECT (row), "key"));
}

/* The runtime's models and tools ----------------------------------------------------------- */

static void
studio_prompts_pane_list_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(StudioPromptsPane) self = user_data;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_cancellable);
  self->loading = FALSE;
  if (actions == NULL || !JSON_NODE_HOLDS_OBJECT (actions))
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the runtime's models and tools: %s"),
                                                  error ? error->message : _("not a JSON object"));

      studio_widget_add_toast (GTK_WIDGET (self), message);
    }
  else
    {
      g_auto(GStrv) models = NULL;

      self->actions = json_object_ref (json_node_get_object (actions));
      models = studio_actions_dup_model_names (self->actions);
      gtk_string_list_splice (self->models, 1, g_list_model_get_n_items (G_LIST_MODEL (self->models)) - 1,
                              (const char * const *) models);
    }
  studio_prompts_pane_refresh (self);
  /* Tools the prompt names may be known now. */
  studio_prompts_pane_schedule_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
studio_prompts_pane_runtime_changed (StudioPane    *pane,
                                     GenkitRuntime *runtime)
{
  StudioPromptsPane *self = STUDIO_PROMPTS_PANE (pane);

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_pointer (&self->actions, json_object_unref);
  gtk_string_list_splice (self->models, 1, g_list_model_get_n_items (G_LIST_MODEL (self->models)) - 1, NULL);
  studio_prompts_pane_cancel (self);
  studio_prompts_pane_refresh (self);
  if (runtime == NULL)
    return;

  self->loading = TRUE;
  self->list_cancellable = g_cancellable_new ();
  genkit_runtime_list_actions_async (runtime, self->list_cancellable, studio_prompts_pane_list_cb,
                                     g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Dotprompt's tool resolver: the runtime's tools, as `ToolDefinition`s. */
static JsonObject *
resolve_tool (const char  *name,
              gpointer     user_data,
              GError     **error)
{
  StudioPromptsPane *self = user_data;
  g_autofree char *key = g_str_has_prefix (name, "/") ? g_strdup (name) : g_strconcat ("/tool/", name, NULL);
  JsonNode *descriptor = self->actions ? json_object_get_member (self->actions, key) : NULL;

  if (descriptor == NULL || !JSON_NODE_HOLDS_OBJECT (descriptor))
    {
      g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_TOOL_NOT_FOUND,
                   _("The runtime has no tool %s"), name);
      return NULL;
    }
  return studio_tool_definition_new (key, json_node_get_object (descriptor));
}

/* Parse, render, preview -------------------------------------------------------------------- */

static char *
studio_prompts_pane_dup_source (StudioPromptsPane *self)
{
  return studio_json_editor_dup_text (self->source_view);
}

static void
studio_prompts_pane_show_error (StudioPromptsPane *self,
                                GError            *error)
{
  g_clear_error (&self->error);
  self->error = error;
  gtk_widget_set_visible (self->error_bar, error != NULL);
  if (error == NULL)
    {
      studio_json_editor_clear_error (self->source_view);
      return;
    }
  gtk_label_set_text (self->error_label, error->message);
  studio_json_editor_mark_error (self->source_view, error->message);
}

static void
studio_prompts_pane_update_input_form (StudioPromptsPane *self,
                                       JsonObject        *metadata)
{
  JsonNode *input = json_object_get_member (metadata, "input");
  JsonNode *schema = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (input != NULL && JSON_NODE_HOLDS_OBJECT (input))
    schema = json_object_get_member (json_node_get_object (input), "schema");
  if (schema != NULL && !JSON_NODE_HOLDS_OBJECT (schema))
    schema = NULL;
  text = schema ? studio_json_to_compact_string (schema) : NULL;
  if (g_strcmp0 (text, self->input_schema) == 0)
    return;

  /* A new schema: a new form, keeping what was typed where it still fits. */
  g_free (self->input_schema);
  self->input_schema = g_steal_pointer (&text);
  value = studio_schema_form_dup_value (self->input_form);
  studio_schema_form_set_schema (self->input_form, schema);
  /* What was typed where it still fits; else the prompt's own `input.default`. */
  if (schema != NULL &&
      (value == NULL || JSON_NODE_HOLDS_NULL (value) ||
       (JSON_NODE_HOLDS_OBJECT (value) && json_object_get_size (json_node_get_object (value)) == 0)))
    {
      g_clear_pointer (&value, json_node_unref);
      if (json_object_has_member (json_node_get_object (input), "default"))
        value = json_node_copy (json_object_get_member (json_node_get_object (input), "default"));
    }
  if (value != NULL && schema != NULL)
    studio_schema_form_set_value (self->input_form, value);
  gtk_widget_set_visible (GTK_WIDGET (self->input_form), schema != NULL);
  gtk_widget_set_visible (self->no_input_label, schema == NULL);
}

static GtkWidget *
message_card_new (JsonObject *message)
{
  const char *role = json_object_get_string_member_with_default (message, "role", "user");
  JsonArray *content = studio_json_object_get_array (message, "content");
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *role_label = gtk_label_new (role);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *text_label;

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      JsonObject *media = studio_json_object_get_object (part, "media");

      if (json_object_has_member (part, "text"))
        g_string_append (text, json_object_get_string_member (part, "text"));
      else if (media != NULL)
        /* Translators: a media part in the preview of a prompt's messages; %s is its URL */
        g_string_append_printf (text, _("[media: %s]"), json_object_get_string_member_with_default (media, "url", ""));
    }

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "prompt-message");
  gtk_label_set_xalign (GTK_LABEL (role_label), 0);
  gtk_widget_add_css_class (role_label, "caption-heading");
  gtk_widget_add_css_class (role_label, "dim-label");
  /* Dotprompt keeps the line breaks around {{role}} tags; they say nothing here. */
  text_label = gtk_label_new (g_strstrip (text->str));
  gtk_label_set_xalign (GTK_LABEL (text_label), 0);
  gtk_label_set_wrap (GTK_LABEL (text_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (text_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (text_label), 40);
  for (GtkWidget *w = role_label; w != NULL; w = w == role_label ? text_label : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_margin_top (role_label, 6);
  gtk_widget_set_margin_bottom (text_label, 8);
  gtk_box_append (GTK_BOX (card), role_label);
  gtk_box_append (GTK_BOX (card), text_label);
  return card;
}

static void
studio_prompts_pane_show_preview (StudioPromptsPane *self)
{
  JsonArray *messages = studio_json_object_get_array (self->rendered, "messages");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_box))) != NULL)
    gtk_box_remove (self->preview_box, child);
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonNode *message = json_array_get_element (messages, i);

      if (JSON_NODE_HOLDS_OBJECT (message))
        gtk_box_append (self->preview_box, message_card_new (json_node_get_object (message)));
    }
}

/* The form's value as the prompt's input: `{input: {...}}`. */
static JsonObject *
studio_prompts_pane_dup_render_data (StudioPromptsPane *self)
{
  g_autoptr(JsonNode) value = studio_schema_form_dup_value (self->input_form);
  JsonObject *data = json_object_new ();

  if (self->input_schema != NULL && value != NULL && JSON_NODE_HOLDS_OBJECT (value))
    json_object_set_member (data, "input", g_steal_pointer (&value));
  return data;
}

/**
 * studio_prompts_pane_update_now:
 * @self: a [class@Studio.PromptsPane]
 *
 * Parses and renders the source now, rather than when typing pauses: the error mark, the
 * input form and the rendered messages follow it.
 */
void
studio_prompts_pane_update_now (StudioPromptsPane *self)
{
  g_autofree char *source = NULL;
  g_autoptr(GenkitParsedPrompt) parsed = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) rendered = NULL;
  GError *error = NULL;

  g_return_if_fail (STUDIO_IS_PROMPTS_PANE (self));

  g_clear_handle_id (&self->update_id, g_source_remove);
  source = studio_prompts_pane_dup_source (self);
  parsed = genkit_parsed_prompt_new_from_string (source, -1, self->display_name, GENKIT_PARSED_PROMPT_NONE, &error);
  if (parsed != NULL)
    metadata = genkit_dotprompt_render_metadata (self->dotprompt, parsed, NULL, &error);
  if (metadata != NULL)
    {
      studio_prompts_pane_update_input_form (self, metadata);
      data = studio_prompts_pane_dup_render_data (self);
      rendered = genkit_dotprompt_render (self->dotprompt, parsed, data, NULL, &error);
    }

  /* On an error the last good preview stays, for reference while fixing it. */
  studio_prompts_pane_show_error (self, error);
  if (rendered != NULL)
    {
      g_clear_pointer (&self->rendered, json_object_unref);
      self->rendered = g_steal_pointer (&rendered);
      studio_prompts_pane_show_preview (self);
    }
  studio_prompts_pane_update_actions (self);
}

static gboolean
studio_prompts_pane_update_cb (gpointer user_data)
{
  StudioPromptsPane *self = user_data;

  self->update_id = 0;
  studio_prompts_pane_update_now (self);
  return G_SOURCE_REMOVE;
}

static void
studio_prompts_pane_schedule_update (StudioPromptsPane *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->editor_stack), "editor") != 0)
    return;
  g_clear_handle_id (&self->update_id, g_source_remove);
  self->update_id = g_timeout_add (UPDATE_DELAY_MS, studio_prompts_pane_update_cb, self);
}

static void
studio_prompts_pane_source_changed_cb (StudioPromptsPane *self)
{
  if (self->loading_text)
    return;
  if (!self->modified)
    studio_prompts_pane_set_modified (self, TRUE);
  studio_prompts_pane_schedule_update (self);
}

static void
studio_prompts_pane_input_changed_cb (StudioPromptsPane *self)
{
  studio_prompts_pane_schedule_update (self);
}

/* Opening and saving ------------------------------------------------------------------------ */

static void
studio_prompts_pane_load (StudioPromptsPane *self,
                          GFile             *file,
                          const char        *name,
                          const char        *source)
{
  g_autofree char *shown = file ? g_file_get_path (file) : NULL;
  g_autofree char *short_path = shown ? studio_shorten_path (shown) : NULL;

  g_set_object (&self->file, file);
  g_free (self->display_name);
  self->display_name = g_strdup (name);
  gtk_label_set_text (self->path_label, short_path ? short_path : _("Not saved in a file"));

  /* A new prompt: its own input form and output. */
  g_clear_pointer (&self->input_schema, g_free);
  studio_schema_form_set_schema (self->input_form, NULL);
  g_clear_pointer (&self->rendered, json_object_unref);
  studio_prompts_pane_show_preview (self);
  if (self->output != NULL)
    {
      studio_playground_column_cancel (self->output);
      gtk_box_remove (self->output_box, GTK_WIDGET (self->output));
      self->output = NULL;
    }

  self->loading_text = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)), source, -1);
  self->loading_text = FALSE;
  studio_prompts_pane_set_modified (self, file == NULL);
  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
  studio_prompts_pane_update_now (self);
}

/**
 * studio_prompts_pane_open_file:
 * @self: a [class@Studio.PromptsPane]
 * @file: a `.prompt` file
 * @error: return location for a %G_IO_ERROR
 *
 * Opens @file in the editor (parsed and rendered at once).
 *
 * Returns: %TRUE when opened
 */
gboolean
studio_prompts_pane_open_file (StudioPromptsPane  *self,
                               GFile              *file,
                               GError            **error)
{
  g_autofree char *source = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!g_file_load_contents (file, NULL, &source, &length, NULL, error))
    return FALSE;
  if (!g_utf8_validate (source, length, NULL))
    {
      g_autofree char *path = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not UTF-8 text"), path);
      return FALSE;
    }
  name = g_file_get_basename (file);
  studio_prompts_pane_load (self, file, name, source);
  return TRUE;
}

/**
 * studio_prompts_pane_open_action:
 * @self: a [class@Studio.PromptsPane]
 * @key: a prompt action key of the runtime, such as `/prompt/greet`
 * @error: return location for an error: `NOT_FOUND` when the runtime has no such prompt
 *   or does not publish its template
 *
 * Opens the source of a runtime's prompt, made again from the frontmatter and template its
 * descriptor publishes (`metadata.prompt.raw` and `.template`, protocol §5.4); Save asks
 * where to write it.
 *
 * Returns: %TRUE when opened
 */
gboolean
studio_prompts_pane_open_action (StudioPromptsPane  *self,
                                 const char         *key,
                                 GError            **error)
{
  JsonNode *descriptor;
  JsonObject *metadata, *prompt;
  g_autoptr(GenkitParsedPrompt) parsed = NULL;
  g_autofree char *source = NULL;
  g_autofree char *name = NULL;
  JsonNode *raw;

  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);

  descriptor = self->actions ? json_object_get_member (self->actions, key) : NULL;
  metadata = descriptor && JSON_NODE_HOLDS_OBJECT (descriptor)
             ? studio_json_object_get_object (json_node_get_object (descriptor), "metadata") : NULL;
  prompt = studio_json_object_get_object (metadata, "prompt");
  if (prompt == NULL || !json_object_has_member (prompt, "template"))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                   _("The runtime does not publish the template of %s"), key);
      return FALSE;
    }

  raw = json_object_get_member (prompt, "raw");
  parsed = genkit_parsed_prompt_new (raw && JSON_NODE_HOLDS_OBJECT (raw) ? json_node_get_object (raw) : NULL,
                                     json_object_get_string_member_with_default (prompt, "template", ""));
  source = genkit_parsed_prompt_to_string (parsed, error);
  if (source == NULL)
    return FALSE;
  name = g_strconcat (key + strlen ("/prompt/"), ".prompt", NULL);
  studio_prompts_pane_load (self, NULL, name, source);
  return TRUE;
}

/**
 * studio_prompts_pane_ask_open_file:
 * @self: a [class@Studio.PromptsPane]
 * @file: a `.prompt` file
 *
 * Opens @file as the prompt list does: after asking whether to save or discard the changes
 * to the prompt open, if it has any; an error opening it is said in a toast.
 */
void
studio_prompts_pane_ask_open_file (StudioPromptsPane *self,
                                   GFile             *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (STUDIO_IS_PROMPTS_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = g_strdup_printf (_("%s is not a local file"), uri);

      studio_widget_add_toast (GTK_WIDGET (self), message);
      return;
    }
  studio_prompts_pane_then (self, open_path_proceed, path);
}

static void
close_window_proceed (StudioPromptsPane *self,
                      const char        *arg)
{
  /* Saved or discarded: closing again goes through. */
  studio_prompts_pane_set_modified (self, FALSE);
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
}

/**
 * studio_prompts_pane_close_request:
 * @self: a [class@Studio.PromptsPane]
 *
 * What the window asks before it closes: with unsaved changes to the prompt open, asks
 * whether to save or discard them, and closes the window after either.
 *
 * Returns: %TRUE when the window must stay open for now
 */
gboolean
studio_prompts_pane_close_request (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);

  if (!self->modified || g_strcmp0 (gtk_stack_get_visible_child_name (self->editor_stack), "editor") != 0)
    return FALSE;
  studio_prompts_pane_then (self, close_window_proceed, NULL);
  return TRUE;
}

/**
 * studio_prompts_pane_save:
 * @self: a [class@Studio.PromptsPane]
 * @error: return location for a %G_IO_ERROR; `FAILED_PRECONDITION` when the prompt has no
 *   file yet
 *
 * Writes the source to its file.
 *
 * Returns: %TRUE when written
 */
gboolean
studio_prompts_pane_save (StudioPromptsPane  *self,
                          GError            **error)
{
  g_autofree char *source = NULL;

  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);

  if (self->file == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                           _("This prompt has no file yet"));
      return FALSE;
    }
  source = studio_prompts_pane_dup_source (self);
  if (!g_file_replace_contents (self->file, source, strlen (source), NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, error))
    return FALSE;
  studio_prompts_pane_set_modified (self, FALSE);
  studio_prompts_pane_refresh (self);
  return TRUE;
}

static void
studio_prompts_pane_save_as_response_cb (GtkNativeDialog   *dialog,
                                         int                response,
                                         StudioPromptsPane *self)
{
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = g_file_get_basename (file);

      g_set_object (&self->file, file);
      if (studio_prompts_pane_save (self, &error))
        {
          g_autofree char *path = g_file_get_path (file);
          g_autofree char *short_path = studio_shorten_path (path);

          g_free (self->display_name);
          self->display_name = g_steal_pointer (&name);
          studio_prompts_pane_set_modified (self, FALSE);
          gtk_label_set_text (self->path_label, short_path);
        }
      else
        studio_widget_add_toast (GTK_WIDGET (self), error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Asks where to save (or open: @save FALSE) a .prompt file, starting in the prompts folder. */
static GtkFileChooserNative *
prompt_file_chooser_new (StudioPromptsPane *self,
                         gboolean           save)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *dir = self->project_root ? g_build_filename (self->project_root, PROMPT_DIR, NULL) : NULL;

  dialog = gtk_file_chooser_native_new (save ? _("Save Prompt") : _("Open Prompt"),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        save ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Dotprompt files"));
  gtk_file_filter_add_pattern (filter, "*.prompt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  if (dir != NULL && g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), self->display_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  return dialog;
}

static void
studio_prompts_pane_save_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioPromptsPane *self = STUDIO_PROMPTS_PANE (widget);
  g_autoptr(GError) error = NULL;
  GtkFileChooserNative *dialog;

  if (self->file != NULL)
    {
      if (!studio_prompts_pane_save (self, &error))
        studio_widget_add_toast (widget, error->message);
      return;
    }
  dialog = prompt_file_chooser_new (self, TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_prompts_pane_save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
studio_prompts_pane_open_response_cb (GtkNativeDialog   *dialog,
                                      int                response,
                                      StudioPromptsPane *self)
{
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (!studio_prompts_pane_open_file (self, file, &error))
        studio_widget_add_toast (GTK_WIDGET (self), error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_dialog_proceed (StudioPromptsPane *self,
                     const char        *arg)
{
  GtkFileChooserNative *dialog = prompt_file_chooser_new (self, FALSE);

  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_prompts_pane_open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
studio_prompts_pane_open_action_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  studio_prompts_pane_then (STUDIO_PROMPTS_PANE (widget), open_dialog_proceed, NULL);
}

static void
new_prompt_proceed (StudioPromptsPane *self,
                    const char        *arg)
{
  studio_prompts_pane_load (self, NULL, "untitled.prompt", new_prompt_source);
}

static void
studio_prompts_pane_new_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  studio_prompts_pane_then (STUDIO_PROMPTS_PANE (widget), new_prompt_proceed, NULL);
}

/* Unsaved changes --------------------------------------------------------------------------- */

static void
studio_prompts_pane_discard_response_cb (AdwMessageDialog  *dialog,
                                         const char        *response,
                                         StudioPromptsPane *self)
{
  ProceedFunc proceed = g_object_get_data (G_OBJECT (dialog), "proceed");
  g_autofree char *arg = g_strdup (g_object_get_data (G_OBJECT (dialog), "arg"));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "save") && !studio_prompts_pane_save (self, &error))
    {
      studio_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  if (!g_str_equal (response, "save") && !g_str_equal (response, "discard"))
    return;
  /* What follows may close the window the dialog belongs to, which does not outlive it:
   * let go of it first. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  proceed (self, arg);
}

/* Runs @proceed, after asking whether to save or discard the changes to the prompt open
 * when there are any: they are never dropped without a word. */
static void
studio_prompts_pane_then (StudioPromptsPane *self,
                          ProceedFunc        proceed,
                          const char        *arg)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (!self->modified || g_strcmp0 (gtk_stack_get_visible_child_name (self->editor_stack), "editor") != 0)
    {
      proceed (self, arg);
      return;
    }

  /* Translators: %s is a file name such as greet.prompt */
  body = g_strdup_printf (_("The changes to %s are not saved."), self->display_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  /* A prompt with no file yet is saved with Save (Ctrl+S), which asks where. */
  if (self->file != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "proceed", proceed);
  g_object_set_data_full (G_OBJECT (dialog), "arg", g_strdup (arg), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_prompts_pane_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Running ----------------------------------------------------------------------------------- */

/* The rendered prompt as the model action's `GenerateRequest` (protocol §7.4). */
static JsonNode *
studio_prompts_pane_dup_request (StudioPromptsPane *self)
{
  JsonObject *request = json_object_new ();
  static const char *members[] = { "messages", "config", "toolChoice" };
  JsonNode *output = json_object_get_member (self->rendered, "output");
  JsonNode *tool_defs = json_object_get_member (self->rendered, "toolDefs");
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (self->rendered, members[i]))
      json_object_set_member (request, members[i], json_node_copy (json_object_get_member (self->rendered, members[i])));
  if (tool_defs != NULL && JSON_NODE_HOLDS_ARRAY (tool_defs))
    json_object_set_member (request, "tools", json_node_copy (tool_defs));
  if (output != NULL && JSON_NODE_HOLDS_OBJECT (output))
    {
      JsonObject *from = json_node_get_object (output);
      JsonObject *to = json_object_new ();

      if (json_object_has_member (from, "format"))
        json_object_set_member (to, "format", json_node_copy (json_object_get_member (from, "format")));
      if (json_object_has_member (from, "schema"))
        json_object_set_member (to, "schema", json_node_copy (json_object_get_member (from, "schema")));
      json_object_set_object_member (request, "output", to);
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, request);
  return node;
}

static void
studio_prompts_pane_output_state_cb (StudioPromptsPane *self)
{
  studio_prompts_pane_update_actions (self);
}

/**
 * studio_prompts_pane_run:
 * @self: a [class@Studio.PromptsPane]
 *
 * Renders the prompt with the input of the form and runs it on the model chosen above the
 * editor (by default the prompt's own), streamed when Stream is on. What keeps it from
 * running (an error in the prompt, no model) is said in a toast.
 *
 * Returns: %TRUE if the run started
 */
gboolean
studio_prompts_pane_run (StudioPromptsPane *self)
{
  GenkitRuntime *runtime;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *key = NULL;
  const char *model = NULL;
  guint selected;

  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);

  studio_prompts_pane_update_now (self);
  runtime = studio_pane_get_runtime (STUDIO_PANE (self));
  if (self->error != NULL || self->rendered == NULL || runtime == NULL)
    {
      studio_widget_add_toast (GTK_WIDGET (self), self->error ? self->error->message
                                                             : _("There is no runtime to run the prompt on"));
      return FALSE;
    }
  if (self->output != NULL && studio_playground_column_get_state (self->output) == STUDIO_RUNNER_STATE_RUNNING)
    return FALSE;

  selected = gtk_drop_down_get_selected (self->model_dropdown);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    model = gtk_string_list_get_string (self->models, selected);
  else
    model = json_object_get_string_member_with_default (self->rendered, "model", NULL);
  if (model == NULL)
    {
      studio_widget_add_toast (GTK_WIDGET (self), _("The prompt names no model: choose one to run it on"));
      return FALSE;
    }
  key = g_str_has_prefix (model, "/") ? g_strdup (model) : g_strconcat ("/model/", model, NULL);

  if (self->output == NULL || g_strcmp0 (studio_playground_column_get_model_key (self->output), key) != 0)
    {
      if (self->output != NULL)
        gtk_box_remove (self->output_box, GTK_WIDGET (self->output));
      self->output = studio_playground_column_new (key);
      studio_playground_column_set_removable (self->output, FALSE);
      g_signal_connect_object (self->output, "notify::state", G_CALLBACK (studio_prompts_pane_output_state_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->output_box, GTK_WIDGET (self->output));
    }
  request = studio_prompts_pane_dup_request (self);
  return studio_playground_column_run (self->output, runtime, request,
                                       gtk_toggle_button_get_active (self->stream_toggle));
}

/**
 * studio_prompts_pane_cancel:
 * @self: a [class@Studio.PromptsPane]
 *
 * Cancels the run in progress.
 */
void
studio_prompts_pane_cancel (StudioPromptsPane *self)
{
  g_return_if_fail (STUDIO_IS_PROMPTS_PANE (self));

  if (self->output != NULL)
    studio_playground_column_cancel (self->output);
}

static void
studio_prompts_pane_run_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  studio_prompts_pane_run (STUDIO_PROMPTS_PANE (widget));
}

static void
studio_prompts_pane_cancel_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  studio_prompts_pane_cancel (STUDIO_PROMPTS_PANE (widget));
}

/* Accessors --------------------------------------------------------------------------------- */

/**
 * studio_prompts_pane_get_output:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: (transfer none) (nullable): the last run's output
 */
StudioPlaygroundColumn *
studio_prompts_pane_get_output (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), NULL);
  return self->output;
}

/**
 * studio_prompts_pane_get_rendered:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: (transfer none) (nullable): the prompt rendered with the form's input: its
 *   metadata and `messages` (Dotprompt's `RenderedPrompt`); the last good one while the
 *   source has an error
 */
JsonObject *
studio_prompts_pane_get_rendered (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), NULL);
  return self->rendered;
}

/**
 * studio_prompts_pane_get_error:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: (transfer none) (nullable): the error of the source, in %GENKIT_DOTPROMPT_ERROR
 *   or %GENKIT_HANDLEBARS_ERROR, its message starting with `NAME:LINE:COLUMN: `
 */
const GError *
studio_prompts_pane_get_error (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), NULL);
  return self->error;
}

/**
 * studio_prompts_pane_get_file:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: (transfer none) (nullable): the file open in the editor
 */
GFile *
studio_prompts_pane_get_file (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), NULL);
  return self->file;
}

/**
 * studio_prompts_pane_get_modified:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: %TRUE when the source has changes that are not saved
 */
gboolean
studio_prompts_pane_get_modified (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);
  return self->modified;
}

/**
 * studio_prompts_pane_get_loading:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: %TRUE while the runtime's models, tools and prompts are being listed
 */
gboolean
studio_prompts_pane_get_loading (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), FALSE);
  return self->loading;
}

/**
 * studio_prompts_pane_get_project_root:
 * @self: a [class@Studio.PromptsPane]
 *
 * Returns: (nullable): the open project's root
 */
const char *
studio_prompts_pane_get_project_root (StudioPromptsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_PROMPTS_PANE (self), NULL);
  return self->project_root;
}

static void
studio_prompts_pane_folder_changed_cb (StudioPromptsPane *self,
                                       GFile             *file,
                                       GFile             *other,
                                       GFileMonitorEvent  event)
{
  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_DELETED ||
      event == G_FILE_MONITOR_EVENT_MOVED_IN || event == G_FILE_MONITOR_EVENT_MOVED_OUT ||
      event == G_FILE_MONITOR_EVENT_RENAMED)
    studio_prompts_pane_refresh (self);
}

/**
 * studio_prompts_pane_set_project_root:
 * @self: a [class@Studio.PromptsPane]
 * @project_root: (nullable): the open project's root
 *
 * Lists the project's prompts (below `prompts/`).
 */
void
studio_prompts_pane_set_project_root (StudioPromptsPane *self,
                                      const char        *project_root)
{
  g_return_if_fail (STUDIO_IS_PROMPTS_PANE (self));

  if (g_strcmp0 (self->project_root, project_root) == 0)
    return;
  g_free (self->project_root);
  self->project_root = g_strdup (project_root);

  /* Files added or removed in prompts/ (by Save as .prompt, the user's editor, git) show. */
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  if (project_root != NULL)
    {
      g_autofree char *dir = g_build_filename (project_root, PROMPT_DIR, NULL);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (self->monitor != NULL)
        g_signal_connect_object (self->monitor, "changed", G_CALLBACK (studio_prompts_pane_folder_changed_cb),
                                 self, G_CONNECT_SWAPPED);
    }
  studio_prompts_pane_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ROOT]);
}

/**
 * studio_prompts_pane_new:
 *
 * Returns: (transfer floating): a new prompt editor
 */
GtkWidget *
studio_prompts_pane_new (void)
{
  return g_object_new (STUDIO_TYPE_PROMPTS_PANE, NULL);
}

/* GObject ----------------------------------------------------------------------------------- */

static void
studio_prompts_pane_dispose (GObject *object)
{
  StudioPromptsPane *self = STUDIO_PROMPTS_PANE (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  if (self->output != NULL)
    studio_playground_column_cancel (self->output);
  self->output = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_PROMPTS_PANE);
  g_clear_object (&self->file);
  g_clear_object (&self->dotprompt);
  g_clear_object (&self->models);
  g_clear_pointer (&self->actions, json_object_unref);
  g_clear_pointer (&self->rendered, json_object_unref);

  G_OBJECT_CLASS (studio_prompts_pane_parent_class)->dispose (object);
}

static void
studio_prompts_pane_finalize (GObject *object)
{
  StudioPromptsPane *self = STUDIO_PROMPTS_PANE (object);

  g_free (self->project_root);
  g_free (self->display_name);
  g_free (self->input_schema);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (studio_prompts_pane_parent_class)->finalize (object);
}

static void
studio_prompts_pane_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  StudioPromptsPane *self = STUDIO_PROMPTS_PANE (object);

  switch (prop_id)
    {
    case PROP_PROJECT_ROOT:
      g_value_set_string (value, self->project_root);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_prompts_pane_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  StudioPromptsPane *self = STUDIO_PROMPTS_PANE (object);

  switch (prop_id)
    {
    case PROP_PROJECT_ROOT:
      studio_prompts_pane_set_project_root (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_prompts_pane_class_init (StudioPromptsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  StudioPaneClass *pane_class = STUDIO_PANE_CLASS (klass);

  object_class->dispose = studio_prompts_pane_dispose;
  object_class->finalize = studio_prompts_pane_finalize;
  object_class->get_property = studio_prompts_pane_get_property;
  object_class->set_property = studio_prompts_pane_set_property;

  pane_class->runtime_changed = studio_prompts_pane_runtime_changed;

  properties[PROP_PROJECT_ROOT] =
    g_param_spec_string ("project-root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/panes/studio-prompts-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, paned);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, prompt_list);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, name_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, path_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, stream_toggle);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, source_view);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, error_bar);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, no_input_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, input_form);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, preview_box);
  gtk_widget_class_bind_template_child (widget_class, StudioPromptsPane, output_box);
  gtk_widget_class_bind_template_callback (widget_class, studio_prompts_pane_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_prompts_pane_input_changed_cb);

  gtk_widget_class_install_action (widget_class, "prompts.run", NULL, studio_prompts_pane_run_action);
  gtk_widget_class_install_action (widget_class, "prompts.cancel", NULL, studio_prompts_pane_cancel_action);
  gtk_widget_class_install_action (widget_class, "prompts.save", NULL, studio_prompts_pane_save_action);
  gtk_widget_class_install_action (widget_class, "prompts.open", NULL, studio_prompts_pane_open_action_cb);
  gtk_widget_class_install_action (widget_class, "prompts.new", NULL, studio_prompts_pane_new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "prompts.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "prompts.cancel", NULL);

  gtk_widget_class_set_css_name (widget_class, "promptspane");

  g_type_ensure (STUDIO_TYPE_JSON_EDITOR);
  g_type_ensure (STUDIO_TYPE_SCHEMA_FORM);
}

static void
studio_prompts_pane_init (StudioPromptsPane *self)
{
  const char *first[] = { _("Prompt's model"), NULL };

  self->dotprompt = genkit_dotprompt_new ();
  genkit_dotprompt_set_tool_resolver (self->dotprompt, resolve_tool, self, NULL);
  self->models = gtk_string_list_new (first);

  gtk_widget_init_template (GTK_WIDGET (self));

  studio_json_editor_set_language (self->source_view, "dotprompt");
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (self->models));
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)), "changed",
                           G_CALLBACK (studio_prompts_pane_source_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->editor_stack, "empty");
  studio_prompts_pane_update_actions (self);
}
