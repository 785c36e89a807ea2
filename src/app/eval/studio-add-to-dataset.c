/* studio-add-to-dataset.c — "Add to Dataset": a run's input and result as a dataset's test case
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-add-to-dataset.h"
#include "studio-eval-stores.h"
#include "studio-eval-util.h"
#include "studio-util.h"

/* What the dialog adds, and where the toast goes. */
typedef struct
{
  StudioEvalStores *stores;
  GtkWidget        *parent;     /* a weak pointer */
  GtkDropDown      *datasets;   /* item 0: a new dataset */
  GtkEntry         *new_id;
  char             *target;
  GenkitDatasetRow *row;
  char             *dataset_id;
} AddToDataset;

static void
add_to_dataset_free (AddToDataset *add)
{
  g_clear_object (&add->stores);
  g_clear_weak_pointer (&add->parent);
  g_free (add->target);
  g_clear_object (&add->row);
  g_free (add->dataset_id);
  g_free (add);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddToDataset *add = user_data;
  GenkitDatasetStore *store = GENKIT_DATASET_STORE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDataset) dataset = NULL;
  g_autofree char *message = NULL;

  if (g_async_result_is_tagged (result, genkit_dataset_store_create_async))
    dataset = genkit_dataset_store_create_finish (store, result, &error);
  else
    dataset = genkit_dataset_store_update_rows_finish (store, result, &error);
  if (dataset == NULL)
    {
      g_autofree char *described = studio_error_describe (error);

      message = g_strdup_printf (_("Cannot add to the dataset: %s"), described);
    }
  else
    message = g_strdup_printf (_("Added to dataset %s (version %u)"), genkit_dataset_get_id (dataset),
                               (guint) genkit_dataset_get_version (dataset));
  if (add->parent != NULL)
    studio_widget_add_toast (add->parent, message);
  add_to_dataset_free (add);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  /* The dialog owns the request until it is answered, once. */
  AddToDataset *add = g_object_steal_data (G_OBJECT (dialog), "add-to-dataset");
  GenkitDatasetStore *store;
  guint selected;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *id = NULL;

  if (add == NULL)
    return;
  if (!g_str_equal (response, "add"))
    {
      add_to_dataset_free (add);
      return;
    }
  store = studio_eval_stores_get_datasets (add->stores);
  selected = gtk_drop_down_get_selected (add->datasets);
  g_ptr_array_add (rows, add->row);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (add->new_id))));
      genkit_dataset_store_create_async (store, *id ? id : NULL, studio_eval_dataset_type_for_key (add->target),
                                         add->target, rows, NULL, added_cb, add);
      return;
    }
  id = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (add->datasets)), selected));
  genkit_dataset_store_update_rows_async (store, id, rows, NULL, NULL, added_cb, add);
}

static void
datasets_selected_cb (GtkDropDown *datasets,
                      GParamSpec  *pspec,
                      GtkWidget   *new_id)
{
  gtk_widget_set_visible (new_id, gtk_drop_down_get_selected (datasets) == 0);
}

/* The dialog's extra child: the dataset (the target's own first), or a new one's id. */
static GtkWidget *
chooser_new (AddToDataset *add)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkStringList *ids = gtk_string_list_new ((const char *[]) { _("New dataset"), NULL });
  GListModel *model = G_LIST_MODEL (studio_eval_stores_get_datasets (add->stores));
  guint n = g_list_model_get_n_items (model);
  guint preferred = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitDataset) dataset = g_list_model_get_item (model, i);

      gtk_string_list_append (ids, genkit_dataset_get_id (dataset));
      if (preferred == 0 && g_strcmp0 (genkit_dataset_get_target_action (dataset), add->target) == 0)
        preferred = i + 1;
    }
  add->datasets = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (ids), NULL));
  add->new_id = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (add->new_id, _("New dataset ID (empty for a random one)"));
  gtk_widget_set_visible (GTK_WIDGET (add->new_id), preferred == 0);
  gtk_drop_down_set_selected (add->datasets, preferred);
  g_signal_connect_object (add->datasets, "notify::selected", G_CALLBACK (datasets_selected_cb), add->new_id, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (add->datasets));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (add->new_id));
  return box;
}

/**
 * studio_add_to_dataset_present:
 * @parent: the widget that asks (a runner); toasts go to its window
 * @target: the key of the action that ran
 * @input: (nullable): its input
 * @reference: (nullable): its result, the new test case's reference output
 *
 * Asks which dataset (or a new one, for @target) gets a test case made of a run's input and
 * result, and adds it: a new version of that dataset, as Genkit's Dev UI "Add to dataset"
 * does.
 */
void
studio_add_to_dataset_present (GtkWidget  *parent,
                               const char *target,
                               JsonNode   *input,
                               JsonNode   *reference)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (parent);
  AddToDataset *add;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (target != NULL);

  add = g_new0 (AddToDataset, 1);
  if (!(add->stores = studio_eval_stores_get_default (&error)))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot add to a dataset: %s"), error->message);

      studio_widget_add_toast (parent, message);
      add_to_dataset_free (add);
      return;
    }
  g_set_weak_pointer (&add->parent, parent);
  add->target = g_strdup (target);
  add->row = genkit_dataset_row_new (NULL, input, reference, NULL);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Add to Dataset"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The input and the result of %s become a test case, the result as its "
                                    "reference output."), target);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), chooser_new (add));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "add-to-dataset", add, (GDestroyNotify) add_to_dataset_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
