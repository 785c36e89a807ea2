/* studio-datasets-pane.c — the studio's datasets: list, table editing, versions, import, export
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-datasets-pane.h"
#include "studio-eval-stores.h"
#include "studio-eval-util.h"
#include "studio-util.h"

/**
 * StudioDatasetsPane:
 *
 * The datasets of the studio's [class@Genkit.DatasetStore], as the Genkit Dev UI's datasets
 * page shows them: a list on the left, and the selected dataset's rows in a table whose
 * input, reference and context cells are JSON, edited in place. Every saved change is a new
 * version; the versions menu shows an older version's rows (read only), which can be
 * restored as the latest. Inputs are checked against the input schema of the dataset's
 * target on the current runtime ([func@Genkit.dataset_rows_validate_for_action_async]), and
 * rows whose input does not match are flagged.
 *
 * A row added with "Add Row" is kept in the table only until its input or reference is
 * given: as in Genkit, a row with neither is no test case.
 */
struct _StudioDatasetsPane
{
  StudioPane          parent_instance;

  /* Template children */
  GtkEntry           *new_id_entry;
  GtkStack           *list_stack;
  GtkListView        *dataset_list;
  GtkStack           *content_stack;
  GtkLabel           *title_label;
  GtkLabel           *version_label;
  GtkMenuButton      *versions_button;
  GtkListBox         *versions_list;
  GtkDropDown        *target_dropdown;
  GtkRevealer        *version_revealer;
  GtkLabel           *old_version_label;
  GtkImage           *check_icon;
  GtkLabel           *check_label;
  GtkColumnView      *rows_view;

  /* Owned */
  StudioEvalStores   *stores;
  GtkSingleSelection *dataset_selection;
  GListStore         *rows;            /* GenkitDatasetRow: the version shown */
  GtkSingleSelection *row_selection;
  GtkStringList      *targets;         /* item 0: no target */
  JsonNode           *actions;         /* the runtime's listing */
  GHashTable         *problems;        /* test case id → what is wrong with its input */
  GHashTable         *check_cells;     /* the bound cells showing a row's check: check icons, inputs */
  GCancellable       *cancellable;     /* loads of the selected dataset */
  GCancellable       *runtime_cancellable;
  gboolean            runtime_stale;     /* the runtime changed while the pane was hidden */
  gboolean            load_stale;        /* the dataset to show changed while it was hidden */
  char               *dataset_id;
  gint64              shown_version;   /* 0: the latest */
  gboolean            setting_target;
  guint               busy;
};

G_DEFINE_FINAL_TYPE (StudioDatasetsPane, studio_datasets_pane, STUDIO_TYPE_PANE)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The JSON columns of the table, in order. */
typedef enum
{
  COLUMN_INPUT,
  COLUMN_REFERENCE,
  COLUMN_CONTEXT,
} Column;

static void studio_datasets_pane_load (StudioDatasetsPane *self);
static void studio_datasets_pane_release_focus (StudioDatasetsPane *self);
static void studio_datasets_pane_validate (StudioDatasetsPane *self);

static GenkitDatasetStore *
datasets (StudioDatasetsPane *self)
{
  return self->stores ? studio_eval_stores_get_datasets (self->stores) : NULL;
}

static void
studio_datasets_pane_hold (StudioDatasetsPane *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
studio_datasets_pane_release (StudioDatasetsPane *self)
{
  g_assert (self->busy > 0);
  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Shows a failure where it happened: in the check line of the dataset, and as a toast. */
static void
studio_datasets_pane_show_error (StudioDatasetsPane *self,
                                 const char         *what,
                                 const GError       *error)
{
  g_autofree char *described = studio_error_describe (error);
  g_autofree char *message = g_strdup_printf ("%s: %s", what, described);

  gtk_image_set_from_icon_name (self->check_icon, "dialog-error-symbolic");
  gtk_label_set_text (self->check_label, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->check_label), message);
  studio_widget_add_toast (GTK_WIDGET (self), message);
}

static GenkitDataset *
studio_datasets_pane_dataset (StudioDatasetsPane *self)
{
  if (self->dataset_id == NULL || datasets (self) == NULL)
    return NULL;
  return genkit_dataset_store_lookup (datasets (self), self->dataset_id);
}

/* The rows of the table, in order. */
static GPtrArray *
studio_datasets_pane_dup_rows (StudioDatasetsPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->rows), i));
  return rows;
}

static gboolean
studio_datasets_pane_editable (StudioDatasetsPane *self)
{
  return self->shown_version == 0;
}

/* Header ------------------------------------------------------------------------------ */

static void
studio_datasets_pane_update_header (StudioDatasetsPane *self)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  g_autofree char *version = NULL;
  g_autofree char *old = NULL;

  if (dataset == NULL)
    return;
  gtk_label_set_text (self->title_label, genkit_dataset_get_id (dataset));
  /* Genkit's datasetType, when the dataset was made for a kind of target. */
  if (genkit_dataset_get_dataset_type (dataset) != GENKIT_DATASET_TYPE_UNKNOWN)
    version = g_strdup_printf (ngettext ("%s · version %u · %u row", "%s · version %u · %u rows",
                                         genkit_dataset_get_size (dataset)),
                               genkit_dataset_type_to_string (genkit_dataset_get_dataset_type (dataset)),
                               (guint) genkit_dataset_get_version (dataset), genkit_dataset_get_size (dataset));
  else
    version = g_strdup_printf (ngettext ("version %u · %u row", "version %u · %u rows", genkit_dataset_get_size (dataset)),
                               (guint) genkit_dataset_get_version (dataset), genkit_dataset_get_size (dataset));
  gtk_label_set_text (self->version_label, version);
  gtk_revealer_set_reveal_child (self->version_revealer, self->shown_version != 0);
  if (self->shown_version != 0)
    {
      old = g_strdup_printf (_("Showing version %u of %u, read only"),
                             (guint) self->shown_version, (guint) genkit_dataset_get_version (dataset));
      gtk_label_set_text (self->old_version_label, old);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.add-row", studio_datasets_pane_editable (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "datasets.delete-row", studio_datasets_pane_editable (self));
}

/* Selects the dataset's target in the dropdown, adding it when the runtime lacks it. */
static void
studio_datasets_pane_show_target (StudioDatasetsPane *self)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  const char *target = dataset ? genkit_dataset_get_target_action (dataset) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  guint found = 0;

  for (guint i = 1; target != NULL && i < n && found == 0; i++)
    if (g_str_equal (gtk_string_list_get_string (self->targets, i), target))
      found = i;
  if (target != NULL && found == 0)
    {
      gtk_string_list_append (self->targets, target);
      found = n;
    }
  self->setting_target = TRUE;
  gtk_drop_down_set_selected (self->target_dropdown, found);
  self->setting_target = FALSE;
}

/* Versions ---------------------------------------------------------------------------- */

static void
studio_datasets_pane_versions_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) versions = genkit_dataset_store_list_versions_finish (GENKIT_DATASET_STORE (object),
                                                                           result, &error);
  JsonArray *array;
  GtkWidget *child;

  studio_datasets_pane_release (self);
  if (versions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        studio_datasets_pane_show_error (self, _("Cannot list the versions"), error);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->versions_list))) != NULL)
    gtk_list_box_remove (self->versions_list, child);
  array = json_node_get_array (versions);
  for (guint i = json_array_get_length (array); i-- > 0;)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      gint64 version = json_object_get_int_member (entry, "version");
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (json_object_get_int_member (entry, "time") / 1000);
      g_autofree char *when = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
      g_autofree char *text = g_strdup_printf (ngettext ("Version %u · %s · %u row · %s",
                                                         "Version %u · %s · %u rows · %s",
                                                         (guint) json_object_get_int_member (entry, "size")),
                                               (guint) version, json_object_get_string_member (entry, "change"),
                                               (guint) json_object_get_int_member (entry, "size"), when);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_append (self->versions_list, label);
      g_object_set_data (G_OBJECT (gtk_widget_get_parent (label)), "version",
                         GINT_TO_POINTER ((int) version));
    }
}

static void
studio_datasets_pane_load_versions (StudioDatasetsPane *self)
{
  studio_datasets_pane_hold (self);
  genkit_dataset_store_list_versions_async (datasets (self), self->dataset_id, self->cancellable,
                                            studio_datasets_pane_versions_cb, g_object_ref (self));
}

static void
studio_datasets_pane_version_activated_cb (StudioDatasetsPane *self,
                                           GtkListBoxRow      *row)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  gint64 version = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "version"));

  gtk_menu_button_popdown (self->versions_button);
  if (dataset == NULL)
    return;
  self->shown_version = version == genkit_dataset_get_version (dataset) ? 0 : version;
  studio_datasets_pane_load (self);
}

/* Rows -------------------------------------------------------------------------------- */

static void
studio_datasets_pane_rows_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = genkit_dataset_store_get_rows_finish (GENKIT_DATASET_STORE (object), result, &error);

  studio_datasets_pane_release (self);
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        studio_datasets_pane_show_error (self, _("Cannot read the rows"), error);
      return;
    }
  studio_datasets_pane_release_focus (self);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), rows->pdata, rows->len);
  studio_datasets_pane_validate (self);
}

/* GTK 4.8's column view keeps a dangling focus child when the rows under a focused cell are
 * replaced: the focus leaves the table first. */
static void
studio_datasets_pane_release_focus (StudioDatasetsPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->rows_view)))
    gtk_root_set_focus (root, NULL);
}

/* Shows the selected dataset at the version chosen (the latest unless one was picked). */
static void
studio_datasets_pane_load (StudioDatasetsPane *self)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);

  /* A hidden pane reads the rows when it is shown: a large dataset costs nothing before. */
  self->load_stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->load_stale)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->problems);

  if (dataset == NULL)
    {
      studio_datasets_pane_release_focus (self);
      g_list_store_remove_all (self->rows);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->content_stack, "dataset");
  studio_datasets_pane_update_header (self);
  studio_datasets_pane_show_target (self);
  studio_datasets_pane_hold (self);
  genkit_dataset_store_get_rows_async (datasets (self), self->dataset_id,
                                       self->shown_version ? self->shown_version : genkit_dataset_get_version (dataset),
                                       self->cancellable, studio_datasets_pane_rows_cb, g_object_ref (self));
  studio_datasets_pane_load_versions (self);
}

/* Validation -------------------------------------------------------------------------- */

/* A cell that shows a row's check: the check column's icon, or the input cell (underlined). */
static void
studio_datasets_pane_update_check_cell (StudioDatasetsPane *self,
                                        GtkWidget          *cell)
{
  GenkitDatasetRow *row = g_object_get_data (G_OBJECT (cell), "row");
  const char *problem = row ? g_hash_table_lookup (self->problems, genkit_dataset_row_get_test_case_id (row)) : NULL;

  studio_eval_set_class (cell, GTK_IS_IMAGE (cell) ? "warning" : "json-cell-invalid", problem != NULL);
  if (!GTK_IS_IMAGE (cell))
    return;
  gtk_image_set_from_icon_name (GTK_IMAGE (cell), problem ? "dialog-warning-symbolic" : NULL);
  gtk_widget_set_tooltip_text (cell, problem);
}

static void
studio_datasets_pane_update_check (StudioDatasetsPane *self,
                                   const char         *target)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint bad = g_hash_table_size (self->problems);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer image;

  if (target == NULL)
    text = g_strdup (_("Choose the target to check the inputs against its input schema"));
  else if (bad == 0)
    text = g_strdup_printf (ngettext ("%u input matches the input schema of %s",
                                      "All %u inputs match the input schema of %s", n), n, target);
  else
    text = g_strdup_printf (ngettext ("%u of %u inputs does not match the input schema of %s",
                                      "%u of %u inputs do not match the input schema of %s", bad), bad, n, target);
  gtk_label_set_text (self->check_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->check_label), text);
  gtk_image_set_from_icon_name (self->check_icon, target == NULL ? "dialog-information-symbolic"
                                                  : bad ? "dialog-warning-symbolic" : "emblem-ok-symbolic");

  g_hash_table_iter_init (&iter, self->check_cells);
  while (g_hash_table_iter_next (&iter, &image, NULL))
    studio_datasets_pane_update_check_cell (self, image);
}

static void
studio_datasets_pane_validated_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) problems = genkit_dataset_rows_validate_for_action_finish (result, &error);
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  JsonArray *array;

  studio_datasets_pane_release (self);
  if (problems == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        studio_datasets_pane_show_error (self, _("Cannot check the inputs"), error);
      return;
    }

  g_hash_table_remove_all (self->problems);
  array = json_node_get_array (problems);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *problem = json_array_get_object_element (array, i);
      JsonArray *errors = json_object_get_array_member (problem, "errors");
      GString *text = g_string_new (NULL);

      for (guint e = 0; errors != NULL && e < json_array_get_length (errors); e++)
        {
          JsonObject *entry = json_array_get_object_element (errors, e);
          const char *path = json_object_get_string_member_with_default (entry, "path", "");

          g_string_append_printf (text, "%s%s%s%s", e ? "\n" : "", path, *path ? ": " : "",
                                  json_object_get_string_member_with_default (entry, "message", ""));
        }
      g_hash_table_insert (self->problems, g_strdup (json_object_get_string_member (problem, "testCaseId")),
                           g_string_free (text, FALSE));
    }
  studio_datasets_pane_update_check (self, dataset ? genkit_dataset_get_target_action (dataset) : NULL);
}

static void
studio_datasets_pane_validate (StudioDatasetsPane *self)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));
  const char *target = dataset ? genkit_dataset_get_target_action (dataset) : NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_hash_table_remove_all (self->problems);
  if (target == NULL || runtime == NULL)
    {
      studio_datasets_pane_update_check (self, NULL);
      return;
    }
  rows = studio_datasets_pane_dup_rows (self);
  studio_datasets_pane_hold (self);
  genkit_dataset_rows_validate_for_action_async (rows, runtime, target, self->cancellable,
                                                 studio_datasets_pane_validated_cb, g_object_ref (self));
}

/* Saving edits ------------------------------------------------------------------------ */

typedef struct
{
  StudioDatasetsPane *self;
  GenkitDatasetRow   *row;      /* the row of the table */
  GenkitDatasetRow   *after;    /* what is saved; %NULL to delete the row */
  GtkWidget          *cell;     /* (nullable): the cell edited, a weak pointer */
} Edit;

static void
edit_free (Edit *edit)
{
  g_object_unref (edit->self);
  g_clear_object (&edit->row);
  g_clear_object (&edit->after);
  g_clear_weak_pointer (&edit->cell);
  g_free (edit);
}

/* The table keeps its row objects (replacing them would rebuild the cell being edited): the
 * saved values are copied into the row shown. */
static void
copy_row_values (GenkitDatasetRow *row,
                 GenkitDatasetRow *from)
{
  genkit_dataset_row_set_input (row, genkit_dataset_row_get_input (from));
  genkit_dataset_row_set_reference (row, genkit_dataset_row_get_reference (from));
  genkit_dataset_row_set_context (row, genkit_dataset_row_get_context (from), NULL);
}

static void studio_datasets_pane_refresh_cell (GtkWidget *cell);

static void
studio_datasets_pane_dataset_changed_cb (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
  Edit *edit = user_data;
  StudioDatasetsPane *self = edit->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDataset) dataset = genkit_dataset_store_update_rows_finish (GENKIT_DATASET_STORE (object),
                                                                             result, &error);
  guint position;

  studio_datasets_pane_release (self);
  if (dataset == NULL)
    {
      studio_datasets_pane_show_error (self, _("Cannot save the change"), error);
      edit_free (edit);
      return;
    }
  if (g_strcmp0 (genkit_dataset_get_id (dataset), self->dataset_id) == 0 &&
      g_list_store_find (self->rows, edit->row, &position))
    {
      if (edit->after != NULL)
        {
          copy_row_values (edit->row, edit->after);
          if (edit->cell != NULL)
            studio_datasets_pane_refresh_cell (edit->cell);
        }
      else
        {
          studio_datasets_pane_release_focus (self);
          g_list_store_remove (self->rows, position);
        }
      studio_datasets_pane_update_header (self);
      studio_datasets_pane_load_versions (self);
      studio_datasets_pane_validate (self);
    }
  edit_free (edit);
}

/* Saves @after as the new values of @row (or deletes @row when @after is %NULL): a new
 * version. */
static void
studio_datasets_pane_save_row (StudioDatasetsPane *self,
                               GenkitDatasetRow   *row,
                               GenkitDatasetRow   *after,
                               GtkWidget          *cell)
{
  Edit *edit = g_new0 (Edit, 1);
  g_autoptr(GPtrArray) upserts = g_ptr_array_new ();
  const char *deletes[] = { genkit_dataset_row_get_test_case_id (row), NULL };

  edit->self = g_object_ref (self);
  edit->row = g_object_ref (row);
  edit->after = after ? g_object_ref (after) : NULL;
  g_set_weak_pointer (&edit->cell, cell);
  if (after != NULL)
    g_ptr_array_add (upserts, after);
  studio_datasets_pane_hold (self);
  genkit_dataset_store_update_rows_async (datasets (self), self->dataset_id, upserts,
                                          after ? NULL : deletes, NULL,
                                          studio_datasets_pane_dataset_changed_cb, edit);
}

static JsonNode *
row_value (GenkitDatasetRow *row,
           Column            column)
{
  switch (column)
    {
    case COLUMN_INPUT:
      return genkit_dataset_row_get_input (row);
    case COLUMN_REFERENCE:
      return genkit_dataset_row_get_reference (row);
    case COLUMN_CONTEXT:
    default:
      return genkit_dataset_row_get_context (row);
    }
}

/* A JSON cell was edited: parse it, and save the row with the new value. */
static void
studio_datasets_pane_cell_edited (StudioDatasetsPane *self,
                                  GtkEntry           *label)
{
  GenkitDatasetRow *row = g_object_get_data (G_OBJECT (label), "row");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (label));
  g_autofree char *before = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GenkitDatasetRow) changed = NULL;
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;
  before = studio_eval_cell_text (row_value (row, column));
  if (g_str_equal (before, text))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      return;
    }
  changed = genkit_dataset_row_copy (row);
  if (!studio_eval_parse_cell (text, &value, &error) ||
      (column == COLUMN_CONTEXT && !genkit_dataset_row_set_context (changed, value, &error)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      studio_datasets_pane_show_error (self, genkit_dataset_row_get_test_case_id (row), error);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (column == COLUMN_INPUT)
    genkit_dataset_row_set_input (changed, value);
  else if (column == COLUMN_REFERENCE)
    genkit_dataset_row_set_reference (changed, value);

  /* A row with neither input nor reference is no test case: nothing to store yet. */
  if (genkit_dataset_row_get_input (changed) == NULL && genkit_dataset_row_get_reference (changed) == NULL)
    {
      copy_row_values (row, changed);
      return;
    }
  studio_datasets_pane_save_row (self, row, changed, GTK_WIDGET (label));
}

/* Enter commits a cell, as leaving it does; Escape puts the saved value back. */
static void
studio_datasets_pane_cell_activate_cb (GtkEntry *entry,
                                       gpointer  user_data)
{
  studio_datasets_pane_cell_edited (STUDIO_DATASETS_PANE (user_data), entry);
}

static void
studio_datasets_pane_cell_leave_cb (GtkEventControllerFocus *controller,
                                    gpointer                 user_data)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  /* The window is going away: nothing to save from a cell no longer shown. */
  if (!gtk_widget_get_mapped (entry))
    return;
  studio_datasets_pane_cell_edited (STUDIO_DATASETS_PANE (user_data), GTK_ENTRY (entry));
}

static gboolean
studio_datasets_pane_cell_key_cb (GtkEventControllerKey *controller,
                                  guint                  keyval,
                                  guint                  keycode,
                                  GdkModifierType        state,
                                  gpointer               user_data)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (keyval != GDK_KEY_Escape)
    return FALSE;
  gtk_widget_remove_css_class (entry, "error");
  studio_datasets_pane_refresh_cell (entry);
  return TRUE;
}

/* Table cells ------------------------------------------------------------------------- */

/* The JSON cells are flat entries: GTK 4.8's GtkEditableLabel stops editing in a timeout that
 * outlives it when its row or window goes away while it has the focus. */
static void
setup_json_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  StudioDatasetsPane *self = user_data;
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_object_set_data (G_OBJECT (entry), "column", g_object_get_data (G_OBJECT (factory), "column"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  gtk_widget_add_css_class (entry, "monospace");
  gtk_widget_add_css_class (entry, "json-cell");
  g_signal_connect (entry, "activate", G_CALLBACK (studio_datasets_pane_cell_activate_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (studio_datasets_pane_cell_leave_cb), self);
  gtk_widget_add_controller (entry, focus);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (studio_datasets_pane_cell_key_cb), self);
  gtk_widget_add_controller (entry, keys);
  gtk_list_item_set_child (item, entry);
}

static void
bind_json_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  StudioDatasetsPane *self = user_data;
  GtkWidget *entry = gtk_list_item_get_child (item);

  g_object_set_data_full (G_OBJECT (entry), "row", g_object_ref (gtk_list_item_get_item (item)), g_object_unref);
  gtk_editable_set_editable (GTK_EDITABLE (entry), studio_datasets_pane_editable (self));
  gtk_widget_remove_css_class (entry, "error");
  studio_datasets_pane_refresh_cell (entry);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "column")) == COLUMN_INPUT)
    {
      g_hash_table_add (self->check_cells, entry);
      studio_datasets_pane_update_check_cell (self, entry);
    }
}

/* Shows a row's value as the table does (compact JSON). */
static void
studio_datasets_pane_refresh_cell (GtkWidget *cell)
{
  GenkitDatasetRow *row = g_object_get_data (G_OBJECT (cell), "row");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "column"));
  g_autofree char *text = row ? studio_eval_cell_text (row_value (row, column)) : NULL;

  if (text == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (cell), text);
  /* Setting a tooltip costs a relayout, even the same one. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (cell), *text ? text : NULL) != 0)
    gtk_widget_set_tooltip_text (cell, *text ? text : NULL);
}

static void
unbind_json_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  StudioDatasetsPane *self = user_data;

  /* Scrolled away: nothing is saved for a row no longer shown. */
  g_hash_table_remove (self->check_cells, gtk_list_item_get_child (item));
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "row", NULL);
}

static void
setup_id_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = studio_eval_id_label_new ();

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_id_cell_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GenkitDatasetRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), genkit_dataset_row_get_test_case_id (row));
  if (g_strcmp0 (gtk_widget_get_tooltip_text (label), genkit_dataset_row_get_test_case_id (row)) != 0)
    gtk_widget_set_tooltip_text (label, genkit_dataset_row_get_test_case_id (row));
}

static void
setup_check_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  gtk_list_item_set_child (item, gtk_image_new ());
}

static void
bind_check_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  StudioDatasetsPane *self = user_data;
  GtkWidget *image = gtk_list_item_get_child (item);

  g_object_set_data_full (G_OBJECT (image), "row", g_object_ref (gtk_list_item_get_item (item)), g_object_unref);
  g_hash_table_add (self->check_cells, image);
  studio_datasets_pane_update_check_cell (self, image);
}

static void
unbind_check_cell_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  StudioDatasetsPane *self = user_data;
  GtkWidget *image = gtk_list_item_get_child (item);

  g_hash_table_remove (self->check_cells, image);
  g_object_set_data (G_OBJECT (image), "row", NULL);
}

static void
studio_datasets_pane_add_column (StudioDatasetsPane *self,
                                 const char         *title,
                                 int                 column,
                                 GCallback           setup,
                                 GCallback           bind,
                                 GCallback           unbind,
                                 gboolean            expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->rows_view, view_column);
}

/* The dataset list -------------------------------------------------------------------- */

static void
dataset_row_update (GtkWidget *row,
                    gpointer   item)
{
  GenkitDataset *dataset = item;
  g_autofree char *text = g_strdup_printf (ngettext ("%u row · version %u", "%u rows · version %u",
                                                     genkit_dataset_get_size (dataset)),
                                           genkit_dataset_get_size (dataset), (guint) genkit_dataset_get_version (dataset));

  studio_eval_two_line_set (row, genkit_dataset_get_id (dataset), text);
}

static void
studio_datasets_pane_dataset_selected_cb (StudioDatasetsPane *self)
{
  GenkitDataset *dataset = gtk_single_selection_get_selected_item (self->dataset_selection);
  const char *id = dataset ? genkit_dataset_get_id (dataset) : NULL;

  if (g_strcmp0 (id, self->dataset_id) == 0)
    return;
  g_free (self->dataset_id);
  self->dataset_id = g_strdup (id);
  self->shown_version = 0;
  studio_datasets_pane_load (self);
}

static void
studio_datasets_pane_datasets_changed_cb (StudioDatasetsPane *self)
{
  gtk_stack_set_visible_child_name (self->list_stack, g_list_model_get_n_items (G_LIST_MODEL (datasets (self)))
                                                      ? "list" : "none");
  /* The dataset shown was deleted (here or elsewhere). */
  if (self->dataset_id != NULL && studio_datasets_pane_dataset (self) == NULL)
    {
      g_clear_pointer (&self->dataset_id, g_free);
      studio_datasets_pane_load (self);
    }
}

/* The dataset's target ---------------------------------------------------------------- */

static void
studio_datasets_pane_metadata_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDataset) dataset = genkit_dataset_store_update_metadata_finish (GENKIT_DATASET_STORE (object),
                                                                                 result, &error);

  studio_datasets_pane_release (self);
  if (dataset == NULL)
    {
      studio_datasets_pane_show_error (self, _("Cannot change the target"), error);
      return;
    }
  studio_datasets_pane_update_header (self);
  studio_datasets_pane_load_versions (self);
  studio_datasets_pane_validate (self);
}

static void
studio_datasets_pane_target_selected_cb (StudioDatasetsPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->target_dropdown);
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  const char *key;

  if (self->setting_target || dataset == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return;
  key = gtk_string_list_get_string (self->targets, selected);
  if (g_strcmp0 (key, genkit_dataset_get_target_action (dataset)) == 0)
    return;
  studio_datasets_pane_hold (self);
  genkit_dataset_store_update_metadata_async (datasets (self), self->dataset_id, key, NULL, NULL, NULL,
                                              studio_datasets_pane_metadata_cb, g_object_ref (self));
}

/* The runtime's actions --------------------------------------------------------------- */

static void
studio_datasets_pane_actions_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  g_autoptr(GtkStringList) keys = NULL;
  guint n;

  studio_datasets_pane_release (self);
  if (actions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        studio_datasets_pane_show_error (self, _("Cannot list the runtime's actions"), error);
      return;
    }
  g_clear_pointer (&self->actions, json_node_unref);
  self->actions = g_steal_pointer (&actions);
  keys = studio_eval_target_keys (self->actions);
  n = g_list_model_get_n_items (G_LIST_MODEL (keys));
  self->setting_target = TRUE;
  gtk_string_list_splice (self->targets, 1, g_list_model_get_n_items (G_LIST_MODEL (self->targets)) - 1, NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->targets, gtk_string_list_get_string (keys, i));
  self->setting_target = FALSE;
  studio_datasets_pane_show_target (self);
  studio_datasets_pane_validate (self);
}

/* Lists the current runtime's actions: the targets (and evaluators) it offers. */
static void
studio_datasets_pane_list_actions (StudioDatasetsPane *self)
{
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));

  g_cancellable_cancel (self->runtime_cancellable);
  g_clear_object (&self->runtime_cancellable);
  self->runtime_cancellable = g_cancellable_new ();
  studio_datasets_pane_hold (self);
  genkit_runtime_list_actions_async (runtime, self->runtime_cancellable, studio_datasets_pane_actions_cb,
                                     g_object_ref (self));
}

static void
studio_datasets_pane_runtime_changed (StudioPane    *pane,
                                      GenkitRuntime *runtime)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (pane);

  g_cancellable_cancel (self->runtime_cancellable);
  g_clear_object (&self->runtime_cancellable);
  /* A pane not shown lists the runtime's actions when it is (one request less at start). */
  self->runtime_stale = runtime != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (runtime != NULL && !self->runtime_stale)
    studio_datasets_pane_list_actions (self);
}

static void
studio_datasets_pane_map (GtkWidget *widget)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);

  GTK_WIDGET_CLASS (studio_datasets_pane_parent_class)->map (widget);
  if (self->load_stale)
    studio_datasets_pane_load (self);
  if (self->runtime_stale)
    {
      self->runtime_stale = FALSE;
      studio_datasets_pane_list_actions (self);
    }
}

/* Actions: create, delete, rows ------------------------------------------------------- */

static void
studio_datasets_pane_created_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDataset) dataset = NULL;

  studio_datasets_pane_release (self);
  if (g_async_result_is_tagged (result, genkit_dataset_store_create_async))
    dataset = genkit_dataset_store_create_finish (GENKIT_DATASET_STORE (object), result, &error);
  else
    dataset = genkit_dataset_store_import_file_finish (GENKIT_DATASET_STORE (object), result, &error);
  if (dataset == NULL)
    {
      g_autofree char *message = studio_error_describe (error);

      gtk_widget_add_css_class (GTK_WIDGET (self->new_id_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_id_entry), message);
      studio_widget_add_toast (GTK_WIDGET (self), message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->new_id_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->new_id_entry), "");
  studio_datasets_pane_select (self, genkit_dataset_get_id (dataset));
}

static void
studio_datasets_pane_create_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_id_entry))));

  if (datasets (self) == NULL)
    return;
  studio_datasets_pane_hold (self);
  genkit_dataset_store_create_async (datasets (self), *id ? id : NULL, GENKIT_DATASET_TYPE_UNKNOWN, NULL, NULL,
                                     NULL, studio_datasets_pane_created_cb, g_object_ref (self));
}

static void
studio_datasets_pane_new_id_activate_cb (StudioDatasetsPane *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "datasets.create", NULL);
}

static void
studio_datasets_pane_deleted_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;

  studio_datasets_pane_release (self);
  if (!genkit_dataset_store_delete_finish (GENKIT_DATASET_STORE (object), result, &error))
    studio_datasets_pane_show_error (self, _("Cannot delete the dataset"), error);
}

static void
studio_datasets_pane_delete_response_cb (AdwMessageDialog *dialog,
                                         const char       *response,
                                         gpointer          user_data)
{
  StudioDatasetsPane *self = user_data;
  /* Answered once: a close after the answer responds again. */
  g_autofree char *id = g_object_steal_data (G_OBJECT (dialog), "dataset");

  if (id == NULL || !g_str_equal (response, "delete"))
    return;
  studio_datasets_pane_hold (self);
  genkit_dataset_store_delete_async (datasets (self), id, NULL, studio_datasets_pane_deleted_cb, g_object_ref (self));
}

static void
studio_datasets_pane_delete_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->dataset_id == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Delete the Dataset?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and all its versions are deleted. Eval runs of it keep their results."),
                                  self->dataset_id);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dataset", g_strdup (self->dataset_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_datasets_pane_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
studio_datasets_pane_add_row_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);
  g_autoptr(GenkitDatasetRow) row = genkit_dataset_row_new (NULL, NULL, NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  g_list_store_append (self->rows, row);
  gtk_single_selection_set_selected (self->row_selection, n);
}

static void
studio_datasets_pane_delete_row_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);
  GenkitDatasetRow *row = gtk_single_selection_get_selected_item (self->row_selection);

  if (row == NULL)
    return;
  /* Not stored yet: only the table has it. */
  if (genkit_dataset_row_get_input (row) == NULL && genkit_dataset_row_get_reference (row) == NULL)
    {
      studio_datasets_pane_release_focus (self);
      g_list_store_remove (self->rows, gtk_single_selection_get_selected (self->row_selection));
      return;
    }
  studio_datasets_pane_save_row (self, row, NULL, NULL);
}

/* Versions: back to the latest, restore ------------------------------------------------ */

static void
studio_datasets_pane_show_latest_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);

  self->shown_version = 0;
  studio_datasets_pane_load (self);
}

/* A restored version or rows replaced from a file: a new version, shown. */
static void
studio_datasets_pane_new_version_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean restore = g_async_result_is_tagged (result, genkit_dataset_store_replace_rows_async);
  g_autoptr(GenkitDataset) dataset = NULL;

  studio_datasets_pane_release (self);
  if (restore)
    dataset = genkit_dataset_store_replace_rows_finish (GENKIT_DATASET_STORE (object), result, &error);
  else
    dataset = genkit_dataset_store_import_file_finish (GENKIT_DATASET_STORE (object), result, &error);
  if (dataset == NULL)
    {
      studio_datasets_pane_show_error (self, restore ? _("Cannot restore the version") : _("Cannot import the file"),
                                       error);
      return;
    }
  self->shown_version = 0;
  studio_datasets_pane_load (self);
}

static void
studio_datasets_pane_restore_version_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);
  g_autoptr(GPtrArray) rows = NULL;

  if (self->dataset_id == NULL || self->shown_version == 0)
    return;
  rows = studio_datasets_pane_dup_rows (self);
  studio_datasets_pane_hold (self);
  genkit_dataset_store_replace_rows_async (datasets (self), self->dataset_id, rows, NULL,
                                           studio_datasets_pane_new_version_cb, g_object_ref (self));
}

/* Import and export ------------------------------------------------------------------- */

static void studio_datasets_pane_import_file   (StudioDatasetsPane *self,
                                                const char         *path);
static void studio_datasets_pane_replace_file  (StudioDatasetsPane *self,
                                                const char         *path);
static void studio_datasets_pane_export_file   (StudioDatasetsPane *self,
                                                const char         *path);
static void studio_datasets_pane_import_genkit (StudioDatasetsPane *self,
                                                const char         *path);
static void studio_datasets_pane_export_genkit (StudioDatasetsPane *self,
                                                const char         *path);

/**
 * studio_datasets_pane_transfer:
 * @self: a [class@Studio.DatasetsPane]
 * @transfer: what to do
 * @path: the file (import or export of rows) or folder (a Genkit project, or its
 *   `.genkit/datasets`)
 *
 * Imports or exports, as the pane's menus do once a file is chosen. The outcome is shown in
 * the pane (and the [property@Studio.DatasetsPane:busy] property says when it is done).
 */
void
studio_datasets_pane_transfer (StudioDatasetsPane     *self,
                               StudioDatasetsTransfer  transfer,
                               const char             *path)
{
  g_return_if_fail (STUDIO_IS_DATASETS_PANE (self));
  g_return_if_fail (path != NULL);

  if (datasets (self) == NULL)
    return;
  switch (transfer)
    {
    case STUDIO_DATASETS_IMPORT_FILE:
      studio_datasets_pane_import_file (self, path);
      break;
    case STUDIO_DATASETS_REPLACE_FROM_FILE:
      studio_datasets_pane_replace_file (self, path);
      break;
    case STUDIO_DATASETS_EXPORT_FILE:
      studio_datasets_pane_export_file (self, path);
      break;
    case STUDIO_DATASETS_IMPORT_GENKIT:
      studio_datasets_pane_import_genkit (self, path);
      break;
    case STUDIO_DATASETS_EXPORT_GENKIT:
    default:
      studio_datasets_pane_export_genkit (self, path);
      break;
    }
}

typedef struct
{
  StudioDatasetsPane     *self;
  StudioDatasetsTransfer  transfer;
} Choice;

static void
studio_datasets_pane_chosen (GFile    *file,
                             gpointer  user_data)
{
  Choice *choice = user_data;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    studio_datasets_pane_transfer (choice->self, choice->transfer, path);
  g_object_unref (choice->self);
  g_free (choice);
}

static void
studio_datasets_pane_choose (StudioDatasetsPane     *self,
                             StudioDatasetsTransfer  transfer,
                             const char             *title,
                             GtkFileChooserAction    action,
                             const char             *suggested_name)
{
  Choice *choice = g_new0 (Choice, 1);

  choice->self = g_object_ref (self);
  choice->transfer = transfer;
  studio_eval_choose_file (GTK_WIDGET (self), title, action, suggested_name, studio_datasets_pane_chosen, choice);
}

static void
studio_datasets_pane_import_file (StudioDatasetsPane *self,
                                  const char         *path)
{
  studio_datasets_pane_hold (self);
  genkit_dataset_store_import_file_async (datasets (self), path, NULL, GENKIT_DATASET_TYPE_UNKNOWN, NULL,
                                          GENKIT_DATASET_IMPORT_NONE, NULL, studio_datasets_pane_created_cb,
                                          g_object_ref (self));
}

static void
studio_datasets_pane_import_file_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  studio_datasets_pane_choose (STUDIO_DATASETS_PANE (widget), STUDIO_DATASETS_IMPORT_FILE,
                               _("Import a Dataset (JSON, JSONL or CSV)"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL);
}

static void
studio_datasets_pane_replace_file (StudioDatasetsPane *self,
                                   const char         *path)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);

  if (dataset == NULL)
    return;
  studio_datasets_pane_hold (self);
  genkit_dataset_store_import_file_async (datasets (self), path, self->dataset_id,
                                          genkit_dataset_get_dataset_type (dataset),
                                          genkit_dataset_get_target_action (dataset),
                                          GENKIT_DATASET_IMPORT_REPLACE, NULL, studio_datasets_pane_new_version_cb,
                                          g_object_ref (self));
}

static void
studio_datasets_pane_replace_file_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  studio_datasets_pane_choose (STUDIO_DATASETS_PANE (widget), STUDIO_DATASETS_REPLACE_FROM_FILE,
                               _("Replace the Rows (JSON, JSONL or CSV)"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL);
}

/* The Genkit CLI's datasets of a project folder, or the .genkit/datasets folder itself. */
static char *
genkit_datasets_dir (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *parent_base = g_path_get_basename (parent);

  if (g_str_equal (base, "datasets") && g_str_equal (parent_base, ".genkit"))
    return g_strdup (path);
  return g_build_filename (path, ".genkit", "datasets", NULL);
}

static void
studio_datasets_pane_genkit_imported_cb (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) imported = genkit_dataset_store_import_genkit_finish (GENKIT_DATASET_STORE (object),
                                                                            result, &error);
  g_autofree char *message = NULL;

  studio_datasets_pane_release (self);
  if (imported == NULL)
    {
      g_autofree char *described = studio_error_describe (error);

      message = g_strdup_printf (_("Cannot import the Genkit datasets: %s"), described);
      studio_widget_add_toast (GTK_WIDGET (self), message);
      return;
    }
  message = g_strdup_printf (ngettext ("Imported %u dataset", "Imported %u datasets", imported->len), imported->len);
  studio_widget_add_toast (GTK_WIDGET (self), message);
  if (imported->len > 0)
    studio_datasets_pane_select (self, genkit_dataset_get_id (g_ptr_array_index (imported, 0)));
}

static void
studio_datasets_pane_import_genkit (StudioDatasetsPane *self,
                                    const char         *path)
{
  g_autofree char *dir = genkit_datasets_dir (path);

  studio_datasets_pane_hold (self);
  genkit_dataset_store_import_genkit_async (datasets (self), dir, NULL, GENKIT_DATASET_IMPORT_NONE, NULL,
                                            studio_datasets_pane_genkit_imported_cb, g_object_ref (self));
}

static void
studio_datasets_pane_import_genkit_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  studio_datasets_pane_choose (STUDIO_DATASETS_PANE (widget), STUDIO_DATASETS_IMPORT_GENKIT,
                               _("Import the Datasets of a Genkit Project"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, NULL);
}

static void
studio_datasets_pane_exported_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(StudioDatasetsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  studio_datasets_pane_release (self);
  if (g_async_result_is_tagged (result, genkit_dataset_store_export_file_async))
    done = genkit_dataset_store_export_file_finish (GENKIT_DATASET_STORE (object), result, &error);
  else
    done = genkit_dataset_store_export_genkit_finish (GENKIT_DATASET_STORE (object), result, &error);
  if (!done)
    studio_datasets_pane_show_error (self, _("Cannot export the dataset"), error);
  else
    studio_widget_add_toast (GTK_WIDGET (self), _("Dataset exported"));
}

static void
studio_datasets_pane_export_file (StudioDatasetsPane *self,
                                  const char         *path)
{
  GenkitDataset *dataset = studio_datasets_pane_dataset (self);
  GenkitDatasetFormat format;

  if (dataset == NULL)
    return;
  if (!genkit_dataset_format_from_path (path, &format))
    {
      g_autoptr(GError) error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                             _("Name the file .json, .jsonl or .csv"));

      studio_datasets_pane_show_error (self, _("Cannot export the dataset"), error);
      return;
    }
  studio_datasets_pane_hold (self);
  genkit_dataset_store_export_file_async (datasets (self), self->dataset_id,
                                          self->shown_version ? self->shown_version : genkit_dataset_get_version (dataset),
                                          path, format, NULL, studio_datasets_pane_exported_cb, g_object_ref (self));
}

static void
studio_datasets_pane_export_file_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (widget);
  g_autofree char *name = g_strconcat (self->dataset_id, ".json", NULL);

  studio_datasets_pane_choose (self, STUDIO_DATASETS_EXPORT_FILE, _("Export the Dataset (.json, .jsonl or .csv)"),
                               GTK_FILE_CHOOSER_ACTION_SAVE, name);
}

static void
studio_datasets_pane_export_genkit (StudioDatasetsPane *self,
                                    const char         *path)
{
  g_autofree char *dir = genkit_datasets_dir (path);
  const char *ids[] = { self->dataset_id, NULL };

  if (self->dataset_id == NULL)
    return;
  studio_datasets_pane_hold (self);
  genkit_dataset_store_export_genkit_async (datasets (self), ids, dir, NULL, studio_datasets_pane_exported_cb,
                                            g_object_ref (self));
}

static void
studio_datasets_pane_export_genkit_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  studio_datasets_pane_choose (STUDIO_DATASETS_PANE (widget), STUDIO_DATASETS_EXPORT_GENKIT,
                               _("Export to a Genkit Project (.genkit/datasets)"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                               NULL);
}

/* Public ------------------------------------------------------------------------------ */

/**
 * studio_datasets_pane_select:
 * @self: a [class@Studio.DatasetsPane]
 * @id: a dataset id
 *
 * Shows a dataset, at its latest version.
 *
 * Returns: whether the store has that dataset
 */
gboolean
studio_datasets_pane_select (StudioDatasetsPane *self,
                             const char         *id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (STUDIO_IS_DATASETS_PANE (self), FALSE);

  if (datasets (self) == NULL)
    return FALSE;
  model = G_LIST_MODEL (datasets (self));
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitDataset) dataset = g_list_model_get_item (model, i);

      if (g_str_equal (genkit_dataset_get_id (dataset), id))
        {
          gtk_single_selection_set_selected (self->dataset_selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * studio_datasets_pane_get_dataset_id:
 * @self: a [class@Studio.DatasetsPane]
 *
 * Returns: (nullable): the id of the dataset shown
 */
const char *
studio_datasets_pane_get_dataset_id (StudioDatasetsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_DATASETS_PANE (self), NULL);
  return self->dataset_id;
}

/**
 * studio_datasets_pane_get_rows:
 * @self: a [class@Studio.DatasetsPane]
 *
 * Returns: (transfer none): a #GListModel of the [class@Genkit.DatasetRow]s in the table
 */
GListModel *
studio_datasets_pane_get_rows (StudioDatasetsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_DATASETS_PANE (self), NULL);
  return G_LIST_MODEL (self->rows);
}

/**
 * studio_datasets_pane_get_busy:
 * @self: a [class@Studio.DatasetsPane]
 *
 * Returns: whether the pane waits for the store or the runtime
 */
gboolean
studio_datasets_pane_get_busy (StudioDatasetsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_DATASETS_PANE (self), FALSE);
  return self->busy > 0;
}

/**
 * studio_datasets_pane_get_n_problems:
 * @self: a [class@Studio.DatasetsPane]
 *
 * Returns: how many rows' inputs do not match the target's input schema
 */
guint
studio_datasets_pane_get_n_problems (StudioDatasetsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_DATASETS_PANE (self), 0);
  return g_hash_table_size (self->problems);
}

/**
 * studio_datasets_pane_set_target:
 * @self: a [class@Studio.DatasetsPane]
 * @key: a target's key, as the target menu lists it
 *
 * Chooses the target of the dataset shown, as the target menu does.
 *
 * Returns: whether the menu lists @key
 */
gboolean
studio_datasets_pane_set_target (StudioDatasetsPane *self,
                                 const char         *key)
{
  guint n;

  g_return_val_if_fail (STUDIO_IS_DATASETS_PANE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->targets, i), key))
      {
        gtk_drop_down_set_selected (self->target_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/* GObject ----------------------------------------------------------------------------- */

static void
studio_datasets_pane_dispose (GObject *object)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->runtime_cancellable);
  if (self->stores != NULL)
    g_signal_handlers_disconnect_by_data (datasets (self), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_DATASETS_PANE);

  G_OBJECT_CLASS (studio_datasets_pane_parent_class)->dispose (object);
}

static void
studio_datasets_pane_finalize (GObject *object)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->runtime_cancellable);
  g_clear_object (&self->dataset_selection);
  g_clear_object (&self->row_selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->targets);
  g_clear_object (&self->stores);
  g_clear_pointer (&self->actions, json_node_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_pointer (&self->check_cells, g_hash_table_unref);
  g_free (self->dataset_id);

  G_OBJECT_CLASS (studio_datasets_pane_parent_class)->finalize (object);
}

static void
studio_datasets_pane_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StudioDatasetsPane *self = STUDIO_DATASETS_PANE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, studio_datasets_pane_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_datasets_pane_class_init (StudioDatasetsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  StudioPaneClass *pane_class = STUDIO_PANE_CLASS (klass);

  object_class->dispose = studio_datasets_pane_dispose;
  object_class->finalize = studio_datasets_pane_finalize;
  object_class->get_property = studio_datasets_pane_get_property;
  widget_class->map = studio_datasets_pane_map;
  pane_class->runtime_changed = studio_datasets_pane_runtime_changed;

  /**
   * StudioDatasetsPane:busy:
   *
   * Whether the pane waits for the store or the runtime.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/genkitstudio/Studio/ui/eval/studio-datasets-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, new_id_entry);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, dataset_list);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, version_label);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, versions_button);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, versions_list);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, version_revealer);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, old_version_label);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, check_icon);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, check_label);
  gtk_widget_class_bind_template_child (widget_class, StudioDatasetsPane, rows_view);
  gtk_widget_class_bind_template_callback (widget_class, studio_datasets_pane_new_id_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_datasets_pane_version_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_datasets_pane_target_selected_cb);

  gtk_widget_class_install_action (widget_class, "datasets.create", NULL, studio_datasets_pane_create_action);
  gtk_widget_class_install_action (widget_class, "datasets.delete", NULL, studio_datasets_pane_delete_action);
  gtk_widget_class_install_action (widget_class, "datasets.add-row", NULL, studio_datasets_pane_add_row_action);
  gtk_widget_class_install_action (widget_class, "datasets.delete-row", NULL, studio_datasets_pane_delete_row_action);
  gtk_widget_class_install_action (widget_class, "datasets.show-latest", NULL, studio_datasets_pane_show_latest_action);
  gtk_widget_class_install_action (widget_class, "datasets.restore-version", NULL,
                                   studio_datasets_pane_restore_version_action);
  gtk_widget_class_install_action (widget_class, "datasets.import-file", NULL, studio_datasets_pane_import_file_action);
  gtk_widget_class_install_action (widget_class, "datasets.replace-file", NULL, studio_datasets_pane_replace_file_action);
  gtk_widget_class_install_action (widget_class, "datasets.import-genkit", NULL,
                                   studio_datasets_pane_import_genkit_action);
  gtk_widget_class_install_action (widget_class, "datasets.export-file", NULL, studio_datasets_pane_export_file_action);
  gtk_widget_class_install_action (widget_class, "datasets.export-genkit", NULL,
                                   studio_datasets_pane_export_genkit_action);
}

static void
studio_datasets_pane_init (StudioDatasetsPane *self)
{
  g_autoptr(GError) error = NULL;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->check_cells = g_hash_table_new (NULL, NULL);
  self->rows = g_list_store_new (GENKIT_TYPE_DATASET_ROW);
  self->row_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->row_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->row_selection, TRUE);
  gtk_column_view_set_model (self->rows_view, GTK_SELECTION_MODEL (self->row_selection));
  studio_datasets_pane_add_column (self, _("Test Case"), 0, G_CALLBACK (setup_id_cell_cb),
                                   G_CALLBACK (bind_id_cell_cb), NULL, FALSE);
  studio_datasets_pane_add_column (self, _("Input"), COLUMN_INPUT, G_CALLBACK (setup_json_cell_cb),
                                   G_CALLBACK (bind_json_cell_cb), G_CALLBACK (unbind_json_cell_cb), TRUE);
  studio_datasets_pane_add_column (self, _("Reference"), COLUMN_REFERENCE, G_CALLBACK (setup_json_cell_cb),
                                   G_CALLBACK (bind_json_cell_cb), G_CALLBACK (unbind_json_cell_cb), TRUE);
  studio_datasets_pane_add_column (self, _("Context"), COLUMN_CONTEXT, G_CALLBACK (setup_json_cell_cb),
                                   G_CALLBACK (bind_json_cell_cb), G_CALLBACK (unbind_json_cell_cb), TRUE);
  studio_datasets_pane_add_column (self, _("Check"), 0, G_CALLBACK (setup_check_cell_cb),
                                   G_CALLBACK (bind_check_cell_cb), G_CALLBACK (unbind_check_cell_cb), FALSE);

  self->targets = gtk_string_list_new ((const char *[]) { _("No target"), NULL });
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (self->targets));

  self->stores = studio_eval_stores_get_default (&error);
  if (self->stores == NULL)
    {
      g_warning ("No dataset store: %s", error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  self->dataset_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (datasets (self))));
  /* The first dataset is shown until another is chosen. */
  gtk_single_selection_set_autoselect (self->dataset_selection, TRUE);
  g_signal_connect_swapped (self->dataset_selection, "notify::selected-item",
                            G_CALLBACK (studio_datasets_pane_dataset_selected_cb), self);
  g_signal_connect_swapped (datasets (self), "items-changed", G_CALLBACK (studio_datasets_pane_datasets_changed_cb), self);
  factory = studio_eval_two_line_factory_new (dataset_row_update);
  gtk_list_view_set_factory (self->dataset_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->dataset_list, GTK_SELECTION_MODEL (self->dataset_selection));
  studio_datasets_pane_datasets_changed_cb (self);
  studio_datasets_pane_dataset_selected_cb (self);
}
