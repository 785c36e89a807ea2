/* studio-schema-form.c — an input form generated from a JSON Schema
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <genkit.h>

#include "studio-schema-form.h"
#include "studio-util.h"

/* Deeper than this, or through more $ref hops, a value is edited as JSON text. */
#define MAX_DEPTH 10
#define MAX_REF_HOPS 16

/**
 * StudioSchemaForm:
 *
 * A form for values of a JSON Schema (draft-07, as Genkit's Zod schemas produce them), in
 * libadwaita rows:
 *
 * - `string` → an entry; `integer` and `number` → an entry whose placeholder gives the
 *   bounds (`minimum`, `maximum`, exclusive ones); `boolean` → a switch; `enum` → a combo
 *   row; `const` → the fixed value;
 * - `object` with `properties` → an expander row of its properties (the root object's
 *   properties are the form's rows), in schema order; members the schema does not list are
 *   kept from the last value set;
 * - `array` with one `items` schema → an expander row of items, with add and remove buttons;
 * - nullable values (`"type": ["string", "null"]`, or `anyOf`/`oneOf` with a `null` branch,
 *   as Zod writes `.nullable()`) get a "Null" check; `$ref`s to `#/definitions/…` or
 *   `#/$defs/…` are followed;
 * - anything else (free-form objects, unions, tuples) → an entry for JSON text.
 *
 * A property that is not `required` can be left out: empty entries are left out, booleans and
 * enums get a "Not set" choice, objects and arrays an enable switch. Required values start
 * filled (the schema's `default`, else "", the minimum or 0, false, the first choice), so a
 * new form already holds a value of the right shape.
 *
 * The form does not validate: the runner validates the whole value with
 * [class@Genkit.JsonSchema] and gives the violations to
 * studio_schema_form_set_violations(), which flags the rows their paths name (Genkit's
 * paths: `address.city`, `items.0`, `(root)`).
 */
typedef enum
{
  FIELD_STRING,
  FIELD_INTEGER,
  FIELD_NUMBER,
  FIELD_BOOLEAN,
  FIELD_ENUM,
  FIELD_CONST,
  FIELD_NULL,
  FIELD_OBJECT,
  FIELD_ARRAY,
  FIELD_JSON,
} FieldKind;

typedef struct _Field Field;

struct _Field
{
  StudioSchemaForm *form;
  Field            *parent;
  FieldKind         kind;
  char             *name;          /* the property name; NULL for the root and array items */
  JsonObject       *schema;        /* the resolved schema (borrowed from the form's schema) */
  char             *description;
  JsonNode         *default_value; /* borrowed */
  gboolean          required;
  gboolean          nullable;
  int               depth;

  GtkWidget        *row;           /* NULL for a root object or array: its rows are the form's */
  GtkWidget        *editor;        /* the entry or switch, when the row is not itself the editor */
  GtkWidget        *null_check;
  GtkWidget        *add_row;       /* a root array's "Add Item" row */

  GPtrArray        *children;      /* Field*: properties in schema order, or items */
  JsonObject       *extra;         /* members of the last value the schema does not list */
  JsonArray        *enum_values;   /* the choices of a combo row, after "Not set" if any */
  gboolean          has_unset;     /* a combo row's first choice is "Not set" */
  char             *error;
};

struct _StudioSchemaForm
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkWidget  *root_error;
  GtkListBox *list;

  JsonNode   *schema;
  Field      *root;
  guint       updating;
  guint       n_flagged;
};

G_DEFINE_FINAL_TYPE (StudioSchemaForm, studio_schema_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCHEMA,
  PROP_N_FLAGGED,
  N_PROPS
};

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Field *field_new        (StudioSchemaForm *self,
                                Field            *parent,
                                const char       *name,
                                JsonObject       *schema,
                                gboolean          required,
                                int               depth);
static void   field_set_value  (Field            *field,
                                JsonNode         *value);
static void   field_set_initial (Field           *field);
static void   field_set_enabled (Field           *field,
                                 gboolean         enabled);

/* Schemas ----------------------------------------------------------------------------------- */

static const char *
schema_string (JsonObject *schema,
               const char *member)
{
  JsonNode *node = schema ? json_object_get_member (schema, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
schema_object (JsonObject *schema,
               const char *member)
{
  JsonNode *node = schema ? json_object_get_member (schema, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
schema_array (JsonObject *schema,
              const char *member)
{
  JsonNode *node = schema ? json_object_get_member (schema, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
schema_number (JsonObject *schema,
               const char *member,
               double     *value)
{
  JsonNode *node = schema ? json_object_get_member (schema, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

/* A JSON pointer ("#/definitions/Address") into the form's whole schema. */
static JsonObject *
lookup_ref (StudioSchemaForm *self,
            const char       *ref)
{
  g_auto(GStrv) tokens = NULL;
  JsonNode *node;

  if (ref == NULL || self->schema == NULL || ref[0] != '#')
    return NULL;
  node = self->schema;
  if (ref[1] == '\0')
    return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (ref[1] != '/')
    return NULL;

  tokens = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_autofree char *unescaped = g_uri_unescape_string (tokens[i], NULL);
      GString *token = g_string_new (unescaped ? unescaped : tokens[i]);

      g_string_replace (token, "~1", "/", 0);
      g_string_replace (token, "~0", "~", 0);
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), token->str);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          guint64 index;

          if (!g_ascii_string_to_unsigned (token->str, 10, 0, G_MAXUINT, &index, NULL) ||
              index >= json_array_get_length (json_node_get_array (node)))
            node = NULL;
          else
            node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        node = NULL;
      g_string_free (token, TRUE);
      if (node == NULL)
        return NULL;
    }
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_null_schema (JsonNode *branch)
{
  JsonObject *object;
  JsonNode *constant;

  if (!JSON_NODE_HOLDS_OBJECT (branch))
    return FALSE;
  object = json_node_get_object (branch);
  if (g_strcmp0 (schema_string (object, "type"), "null") == 0)
    return TRUE;
  constant = json_object_get_member (object, "const");
  return constant != NULL && JSON_NODE_HOLDS_NULL (constant);
}

/* Follows $refs and strips the null branch of a nullable union. */
static JsonObject *
resolve_schema (StudioSchemaForm *self,
                JsonObject       *schema,
                gboolean         *nullable)
{
  for (guint hops = 0; schema != NULL && hops < MAX_REF_HOPS; hops++)
    {
      const char *ref = schema_string (schema, "$ref");
      JsonArray *branches;

      if (ref != NULL)
        {
          schema = lookup_ref (self, ref);
          continue;
        }

      branches = schema_array (schema, "anyOf");
      if (branches == NULL)
        branches = schema_array (schema, "oneOf");
      if (branches != NULL && !json_object_has_member (schema, "type"))
        {
          JsonObject *only = NULL;
          guint n_other = 0;

          for (guint i = 0; i < json_array_get_length (branches); i++)
            {
              JsonNode *branch = json_array_get_element (branches, i);

              if (is_null_schema (branch))
                *nullable = TRUE;
              else if (JSON_NODE_HOLDS_OBJECT (branch))
                {
                  only = json_node_get_object (branch);
                  n_other++;
                }
              else
                n_other++;
            }
          if (n_other == 1 && only != NULL)
            {
              schema = only;
              continue;
            }
        }
      return schema;
    }
  return schema;
}

/* The schema's one non-null type, or NULL; "type": [..., "null"] makes it nullable. */
static const char *
schema_type (JsonObject *schema,
             gboolean   *nullable)
{
  JsonNode *node = json_object_get_member (schema, "type");
  const char *only = NULL;
  JsonArray *types;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  types = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonNode *type = json_array_get_element (types, i);

      if (!JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING)
        return NULL;
      if (g_str_equal (json_node_get_string (type), "null"))
        *nullable = TRUE;
      else if (only != NULL)
        return NULL;
      else
        only = json_node_get_string (type);
    }
  return only ? only : (*nullable ? "null" : NULL);
}

static gboolean
enum_is_simple (JsonArray *values)
{
  if (values == NULL || json_array_get_length (values) == 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (values); i++)
    if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (values, i)) &&
        !JSON_NODE_HOLDS_NULL (json_array_get_element (values, i)))
      return FALSE;
  return TRUE;
}

static FieldKind
schema_kind (JsonObject *schema,
             int         depth,
             gboolean   *nullable)
{
  const char *type;

  if (schema == NULL || depth > MAX_DEPTH)
    return FIELD_JSON;
  if (json_object_has_member (schema, "const"))
    return FIELD_CONST;
  if (enum_is_simple (schema_array (schema, "enum")))
    return FIELD_ENUM;
  if (json_object_has_member (schema, "enum"))
    return FIELD_JSON;

  type = schema_type (schema, nullable);
  if (type == NULL)
    {
      if (json_object_has_member (schema, "type"))
        return FIELD_JSON;
      if (schema_object (schema, "properties") != NULL && schema_array (schema, "anyOf") == NULL &&
          schema_array (schema, "oneOf") == NULL)
        return FIELD_OBJECT;
      if (schema_object (schema, "items") != NULL)
        return FIELD_ARRAY;
      return FIELD_JSON;
    }

  if (g_str_equal (type, "string"))
    return FIELD_STRING;
  if (g_str_equal (type, "integer"))
    return FIELD_INTEGER;
  if (g_str_equal (type, "number"))
    return FIELD_NUMBER;
  if (g_str_equal (type, "boolean"))
    return FIELD_BOOLEAN;
  if (g_str_equal (type, "null"))
    return FIELD_NULL;
  if (g_str_equal (type, "object"))
    return schema_object (schema, "properties") != NULL && json_object_get_size (schema_object (schema, "properties")) > 0
           ? FIELD_OBJECT : FIELD_JSON;
  if (g_str_equal (type, "array"))
    return schema_object (schema, "items") != NULL ? FIELD_ARRAY : FIELD_JSON;
  return FIELD_JSON;
}

/* Numbers ----------------------------------------------------------------------------------- */

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == (double) (gint64) value && ABS (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  /* The shortest text that reads back as the same double. */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

static char *
number_placeholder (Field *field)
{
  double minimum = 0;
  double maximum = 0;
  gboolean has_min = schema_number (field->schema, "minimum", &minimum);
  gboolean has_max = schema_number (field->schema, "maximum", &maximum);
  gboolean min_exclusive = FALSE;
  gboolean max_exclusive = FALSE;
  const char *kind = field->kind == FIELD_INTEGER ? _("integer") : _("number");
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (!has_min && schema_number (field->schema, "exclusiveMinimum", &minimum))
    has_min = min_exclusive = TRUE;
  if (!has_max && schema_number (field->schema, "exclusiveMaximum", &maximum))
    has_max = max_exclusive = TRUE;

  if (has_min)
    low = format_number (minimum);
  if (has_max)
    high = format_number (maximum);

  /* Translators: placeholders of number fields: "integer, 0 to 100", "number ≥ 0" */
  if (has_min && has_max)
    return g_strdup_printf (_("%s, %s%s to %s%s"), kind, min_exclusive ? ">" : "", low,
                            max_exclusive ? "<" : "", high);
  if (has_min)
    return g_strdup_printf ("%s %s %s", kind, min_exclusive ? ">" : "≥", low);
  if (has_max)
    return g_strdup_printf ("%s %s %s", kind, max_exclusive ? "<" : "≤", high);
  return g_strdup (kind);
}

/* Parses a number field's text. Text that is no number stays a string, so the schema check
 * flags it instead of it vanishing. */
static JsonNode *
parse_number (const char *text)
{
  gint64 integer;
  char *end = NULL;
  double value;

  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    return json_node_init_int (json_node_alloc (), integer);
  value = g_ascii_strtod (text, &end);
  if (end != text && *end == '\0' && isfinite (value))
    return json_node_init_double (json_node_alloc (), value);
  return json_node_init_string (json_node_alloc (), text);
}

/* Fields ------------------------------------------------------------------------------------ */

static void
field_free (Field *field)
{
  if (field == NULL)
    return;
  g_clear_pointer (&field->children, g_ptr_array_unref);
  g_clear_pointer (&field->extra, json_object_unref);
  g_clear_pointer (&field->enum_values, json_array_unref);
  g_free (field->name);
  g_free (field->description);
  g_free (field->error);
  g_free (field);
}

static guint
field_index (Field *field)
{
  guint index = 0;

  if (field->parent != NULL)
    g_ptr_array_find (field->parent->children, field, &index);
  return index;
}

static char *
field_dup_title (Field *field)
{
  if (field->name != NULL)
    return g_strdup (field->name);
  if (field->parent != NULL)
    /* Translators: the title of an array element in the input form; %u counts from 1 */
    return g_strdup_printf (_("Item %u"), field_index (field) + 1);
  return g_strdup (_("Input"));
}

static gboolean
field_is_optional (Field *field)
{
  return field->parent != NULL && field->parent->kind == FIELD_OBJECT && !field->required;
}

static void
studio_schema_form_emit_changed (StudioSchemaForm *self)
{
  if (self->updating == 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
field_changed_cb (Field *field)
{
  studio_schema_form_emit_changed (field->form);
}

static void
field_activate_cb (Field *field)
{
  g_signal_emit (field->form, signals[ACTIVATE], 0);
}

static void
field_update_subtitle (Field *field)
{
  const char *subtitle = field->error ? field->error : field->description;

  if (field->row == NULL)
    return;

  if (field->kind == FIELD_ARRAY && field->error == NULL)
    {
      guint n = field->children->len;
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
      g_autofree char *text = field->description ? g_strdup_printf ("%s · %s", count, field->description)
                                                 : g_strdup (count);

      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (field->row), text);
      return;
    }

  if (ADW_IS_EXPANDER_ROW (field->row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (field->row), subtitle ? subtitle : "");
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row), subtitle ? subtitle : "");
}

static void
field_update_null (Field *field)
{
  gboolean is_null = field->null_check && gtk_check_button_get_active (GTK_CHECK_BUTTON (field->null_check));

  if (field->editor != NULL)
    gtk_widget_set_sensitive (field->editor, !is_null);
  else if (field->row != NULL && ADW_IS_COMBO_ROW (field->row))
    gtk_widget_set_sensitive (field->row, TRUE);
  if (field->row != NULL && ADW_IS_EXPANDER_ROW (field->row) && is_null)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (field->row), FALSE);
}

static void
field_null_toggled_cb (Field *field)
{
  field_update_null (field);
  studio_schema_form_emit_changed (field->form);
}

/* Where the rows of an object's properties or an array's items go. */
static void
field_add_child_row (Field     *field,
                     GtkWidget *row)
{
  StudioSchemaForm *self = field->form;

  if (field->row != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (field->row), row);
  else if (field->add_row != NULL)
    gtk_list_box_insert (self->list, row, field->children->len - 1);
  else
    gtk_list_box_append (self->list, row);
}

static void
field_remove_child_row (Field     *field,
                        GtkWidget *row)
{
  if (field->row != NULL)
    adw_expander_row_remove (ADW_EXPANDER_ROW (field->row), row);
  else
    gtk_list_box_remove (field->form->list, row);
}

static void
field_renumber_items (Field *field)
{
  for (guint i = 0; i < field->children->len; i++)
    {
      Field *item = g_ptr_array_index (field->children, i);
      g_autofree char *title = field_dup_title (item);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->row), title);
    }
  field_update_subtitle (field);
}

static void field_remove_item_cb (GtkButton *button,
                                  Field     *item);

static Field *
field_append_item (Field *array)
{
  JsonObject *items = schema_object (array->schema, "items");
  Field *item = field_new (array->form, array, NULL, items, TRUE, array->depth + 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  g_ptr_array_add (array->children, item);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this item"));
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (field_remove_item_cb), item);
  if (ADW_IS_EXPANDER_ROW (item->row))
    adw_expander_row_add_action (ADW_EXPANDER_ROW (item->row), remove);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (item->row), remove);

  field_add_child_row (array, item->row);
  field_renumber_items (array);
  return item;
}

static void
field_remove_item_cb (GtkButton *button,
                      Field     *item)
{
  Field *array = item->parent;

  field_remove_child_row (array, item->row);
  g_ptr_array_remove (array->children, item);
  field_renumber_items (array);
  studio_schema_form_emit_changed (array->form);
}

static void
field_add_item_cb (Field *array)
{
  Field *item;

  array->form->updating++;
  field_set_enabled (array, TRUE);
  item = field_append_item (array);
  field_set_initial (item);
  array->form->updating--;

  if (array->row != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (array->row), TRUE);
  studio_schema_form_emit_changed (array->form);
}

static GtkWidget *
make_entry (Field *field)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 16);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (field_changed_cb), field);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (field_activate_cb), field);
  return entry;
}

static void
field_build_combo (Field     *field,
                   JsonArray *values,
                   gboolean   with_unset)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  field->enum_values = json_array_ref (values);
  field->has_unset = with_unset;
  if (with_unset)
    gtk_string_list_append (labels, _("Not set"));
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *value = json_array_get_element (values, i);

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        gtk_string_list_append (labels, json_node_get_string (value));
      else
        {
          g_autofree char *text = json_to_string (value, FALSE);

          gtk_string_list_append (labels, text);
        }
    }

  field->row = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (labels));
  g_signal_connect_swapped (field->row, "notify::selected", G_CALLBACK (field_changed_cb), field);
}

static void
field_build_row (Field *field)
{
  g_autofree char *title = field_dup_title (field);

  switch (field->kind)
    {
    case FIELD_STRING:
    case FIELD_INTEGER:
    case FIELD_NUMBER:
    case FIELD_JSON:
      field->row = adw_action_row_new ();
      field->editor = make_entry (field);
      if (field->kind == FIELD_INTEGER || field->kind == FIELD_NUMBER)
        {
          g_autofree char *placeholder = number_placeholder (field);

          gtk_entry_set_placeholder_text (GTK_ENTRY (field->editor), placeholder);
          gtk_entry_set_input_purpose (GTK_ENTRY (field->editor),
                                       field->kind == FIELD_INTEGER ? GTK_INPUT_PURPOSE_DIGITS
                                                                    : GTK_INPUT_PURPOSE_NUMBER);
          gtk_editable_set_width_chars (GTK_EDITABLE (field->editor), 12);
          gtk_widget_set_hexpand (field->editor, FALSE);
          gtk_widget_add_css_class (field->editor, "numeric");
        }
      else if (field->kind == FIELD_JSON)
        {
          gtk_entry_set_placeholder_text (GTK_ENTRY (field->editor), _("JSON"));
          gtk_widget_add_css_class (field->editor, "monospace");
        }
      else
        {
          const char *format = schema_string (field->schema, "format");

          if (format != NULL)
            gtk_entry_set_placeholder_text (GTK_ENTRY (field->editor), format);
          else if (field_is_optional (field))
            gtk_entry_set_placeholder_text (GTK_ENTRY (field->editor), _("Not set"));
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->editor);
      break;

    case FIELD_BOOLEAN:
      if (field_is_optional (field))
        {
          g_autoptr(JsonArray) values = json_array_new ();

          json_array_add_boolean_element (values, TRUE);
          json_array_add_boolean_element (values, FALSE);
          field_build_combo (field, values, TRUE);
        }
      else
        {
          field->row = adw_action_row_new ();
          field->editor = gtk_switch_new ();
          gtk_widget_set_valign (field->editor, GTK_ALIGN_CENTER);
          g_signal_connect_swapped (field->editor, "notify::active", G_CALLBACK (field_changed_cb), field);
          adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->editor);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->editor);
        }
      break;

    case FIELD_ENUM:
      field_build_combo (field, schema_array (field->schema, "enum"), field_is_optional (field));
      break;

    case FIELD_CONST:
    case FIELD_NULL:
      {
        JsonNode *constant = json_object_get_member (field->schema, "const");
        g_autofree char *text = constant ? json_to_string (constant, FALSE) : g_strdup ("null");
        GtkWidget *label = gtk_label_new (text);

        gtk_widget_add_css_class (label, "monospace");
        gtk_widget_add_css_class (label, "dim-label");
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        field->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), label);
      }
      break;

    case FIELD_OBJECT:
    case FIELD_ARRAY:
      field->row = adw_expander_row_new ();
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (field->row), field->depth <= 2);
      if (field_is_optional (field))
        {
          adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (field->row), TRUE);
          g_signal_connect_swapped (field->row, "notify::enable-expansion", G_CALLBACK (field_changed_cb), field);
        }
      if (field->kind == FIELD_ARRAY)
        {
          GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

          gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (add, _("Add an item"));
          gtk_widget_add_css_class (add, "flat");
          g_signal_connect_swapped (add, "clicked", G_CALLBACK (field_add_item_cb), field);
          adw_expander_row_add_action (ADW_EXPANDER_ROW (field->row), add);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);

  if (field->nullable && field->kind != FIELD_NULL)
    {
      field->null_check = gtk_check_button_new_with_label (_("Null"));
      gtk_widget_set_valign (field->null_check, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (field->null_check, "toggled", G_CALLBACK (field_null_toggled_cb), field);
      if (ADW_IS_EXPANDER_ROW (field->row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (field->row), field->null_check);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->null_check);
    }

  field_update_subtitle (field);
}

static void
field_build_children (Field *field)
{
  if (field->kind == FIELD_OBJECT)
    {
      JsonObject *props = schema_object (field->schema, "properties");
      JsonArray *required = schema_array (field->schema, "required");
      JsonObjectIter iter;
      const char *name;
      JsonNode *child_schema;

      json_object_iter_init_ordered (&iter, props);
      while (json_object_iter_next_ordered (&iter, &name, &child_schema))
        {
          gboolean is_required = FALSE;
          Field *child;

          for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
            {
              JsonNode *entry = json_array_get_element (required, i);

              if (JSON_NODE_HOLDS_VALUE (entry) && json_node_get_value_type (entry) == G_TYPE_STRING &&
                  g_str_equal (json_node_get_string (entry), name))
                is_required = TRUE;
            }

          child = field_new (field->form, field, name,
                             JSON_NODE_HOLDS_OBJECT (child_schema) ? json_node_get_object (child_schema) : NULL,
                             is_required, field->depth + 1);
          g_ptr_array_add (field->children, child);
          field_add_child_row (field, child->row);
        }
    }
}

static Field *
field_new (StudioSchemaForm *self,
           Field            *parent,
           const char       *name,
           JsonObject       *schema,
           gboolean          required,
           int               depth)
{
  Field *field = g_new0 (Field, 1);
  const char *description = schema_string (schema, "description");
  JsonNode *default_value = schema ? json_object_get_member (schema, "default") : NULL;
  gboolean nullable = FALSE;
  JsonObject *resolved = resolve_schema (self, schema, &nullable);

  field->form = self;
  field->parent = parent;
  field->name = g_strdup (name);
  field->required = required;
  field->depth = depth;
  field->children = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  field->kind = schema_kind (resolved, depth, &nullable);
  field->schema = resolved;
  field->nullable = nullable;
  if (description == NULL)
    description = schema_string (resolved, "description");
  if (description == NULL)
    description = schema_string (resolved, "title");
  field->description = g_strdup (description);
  if (default_value == NULL && resolved != NULL)
    default_value = json_object_get_member (resolved, "default");
  field->default_value = default_value;

  if (parent == NULL && (field->kind == FIELD_OBJECT || field->kind == FIELD_ARRAY))
    {
      /* The root object's properties (the root array's items) are the form's own rows. */
      if (field->kind == FIELD_ARRAY)
        {
          GtkWidget *button = gtk_button_new_with_label (_("Add Item"));
          GtkWidget *row = gtk_list_box_row_new ();

          gtk_widget_add_css_class (button, "flat");
          g_signal_connect_swapped (button, "clicked", G_CALLBACK (field_add_item_cb), field);
          gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
          field->add_row = row;
          gtk_list_box_append (self->list, row);
        }
    }
  else
    field_build_row (field);

  field_build_children (field);
  return field;
}

/* Values ------------------------------------------------------------------------------------ */

static JsonNode *field_dup_value (Field *field);

static gboolean
field_is_null (Field *field)
{
  return field->null_check != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (field->null_check));
}

/* The field's value, or NULL when it is left out. */
static JsonNode *
field_dup_value (Field *field)
{
  if (field_is_null (field))
    return json_node_new (JSON_NODE_NULL);

  switch (field->kind)
    {
    case FIELD_STRING:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (field->editor));

        if (text[0] == '\0' && field_is_optional (field))
          return NULL;
        return json_node_init_string (json_node_alloc (), text);
      }

    case FIELD_INTEGER:
    case FIELD_NUMBER:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->editor))));

        if (text[0] == '\0')
          return NULL;
        return parse_number (text);
      }

    case FIELD_JSON:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (field->editor));
        g_autoptr(JsonNode) value = NULL;

        if (text[0] == '\0')
          return NULL;
        value = genkit_json_parse (text, -1, NULL);
        /* Text that is not JSON yet stays a string: the schema check flags it. */
        return value ? g_steal_pointer (&value) : json_node_init_string (json_node_alloc (), text);
      }

    case FIELD_BOOLEAN:
      if (field->editor != NULL)
        return json_node_init_boolean (json_node_alloc (), gtk_switch_get_active (GTK_SWITCH (field->editor)));
      G_GNUC_FALLTHROUGH;
    case FIELD_ENUM:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

        if (selected == GTK_INVALID_LIST_POSITION || (field->has_unset && selected == 0))
          return NULL;
        if (field->has_unset)
          selected--;
        if (selected >= json_array_get_length (field->enum_values))
          return NULL;
        return json_node_copy (json_array_get_element (field->enum_values, selected));
      }

    case FIELD_CONST:
      return json_node_copy (json_object_get_member (field->schema, "const"));

    case FIELD_NULL:
      return json_node_new (JSON_NODE_NULL);

    case FIELD_OBJECT:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        if (field->row != NULL && adw_expander_row_get_show_enable_switch (ADW_EXPANDER_ROW (field->row)) &&
            !adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (field->row)))
          return NULL;

        for (guint i = 0; i < field->children->len; i++)
          {
            Field *child = g_ptr_array_index (field->children, i);
            JsonNode *value = field_dup_value (child);

            if (value != NULL)
              json_object_set_member (object, child->name, value);
          }
        if (field->extra != NULL)
          {
            JsonObjectIter iter;
            const char *name;
            JsonNode *member;

            json_object_iter_init_ordered (&iter, field->extra);
            while (json_object_iter_next_ordered (&iter, &name, &member))
              if (!json_object_has_member (object, name))
                json_object_set_member (object, name, json_node_copy (member));
          }
        return json_node_init_object (json_node_alloc (), object);
      }

    case FIELD_ARRAY:
      {
        JsonArray *array;
        JsonNode *node;

        if (field->row != NULL && adw_expander_row_get_show_enable_switch (ADW_EXPANDER_ROW (field->row)) &&
            !adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (field->row)))
          return NULL;

        array = json_array_new ();
        for (guint i = 0; i < field->children->len; i++)
          {
            JsonNode *value = field_dup_value (g_ptr_array_index (field->children, i));

            json_array_add_element (array, value ? value : json_node_new (JSON_NODE_NULL));
          }
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }

    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
field_select_choice (Field    *field,
                     JsonNode *value)
{
  guint selected = field->has_unset ? 0 : GTK_INVALID_LIST_POSITION;

  for (guint i = 0; value != NULL && i < json_array_get_length (field->enum_values); i++)
    if (json_node_equal (json_array_get_element (field->enum_values, i), value))
      {
        selected = i + (field->has_unset ? 1 : 0);
        break;
      }
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), selected);
}

static void
field_set_enabled (Field    *field,
                   gboolean  enabled)
{
  if (field->row != NULL && ADW_IS_EXPANDER_ROW (field->row) &&
      adw_expander_row_get_show_enable_switch (ADW_EXPANDER_ROW (field->row)))
    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (field->row), enabled);
}

/* Shows @value (NULL: left out). A value of the wrong type leaves the field empty; the
 * schema check then names the problem. */
static void
field_set_value (Field    *field,
                 JsonNode *value)
{
  if (field->null_check != NULL)
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (field->null_check),
                                   value != NULL && JSON_NODE_HOLDS_NULL (value));
      field_update_null (field);
      if (value != NULL && JSON_NODE_HOLDS_NULL (value))
        return;
    }

  switch (field->kind)
    {
    case FIELD_STRING:
      gtk_editable_set_text (GTK_EDITABLE (field->editor),
                             value && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                             ? json_node_get_string (value) : "");
      break;

    case FIELD_INTEGER:
    case FIELD_NUMBER:
      {
        g_autofree char *text = NULL;

        if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
          {
            if (json_node_get_value_type (value) == G_TYPE_INT64)
              text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
            else if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
              text = format_number (json_node_get_double (value));
            else if (json_node_get_value_type (value) == G_TYPE_STRING)
              text = g_strdup (json_node_get_string (value));
          }
        gtk_editable_set_text (GTK_EDITABLE (field->editor), text ? text : "");
      }
      break;

    case FIELD_JSON:
      {
        g_autofree char *text = NULL;

        if (value != NULL)
          text = json_to_string (value, FALSE);
        gtk_editable_set_text (GTK_EDITABLE (field->editor), text ? text : "");
      }
      break;

    case FIELD_BOOLEAN:
      if (field->editor != NULL)
        {
          gtk_switch_set_active (GTK_SWITCH (field->editor),
                                 value && JSON_NODE_HOLDS_VALUE (value) &&
                                 json_node_get_value_type (value) == G_TYPE_BOOLEAN &&
                                 json_node_get_boolean (value));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case FIELD_ENUM:
      field_select_choice (field, value);
      break;

    case FIELD_CONST:
    case FIELD_NULL:
      break;

    case FIELD_OBJECT:
      {
        JsonObject *object = value && JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;

        field_set_enabled (field, object != NULL);
        g_clear_pointer (&field->extra, json_object_unref);
        for (guint i = 0; i < field->children->len; i++)
          {
            Field *child = g_ptr_array_index (field->children, i);

            field_set_value (child, object ? json_object_get_member (object, child->name) : NULL);
          }
        if (object != NULL)
          {
            JsonObjectIter iter;
            const char *name;
            JsonNode *member;

            json_object_iter_init_ordered (&iter, object);
            while (json_object_iter_next_ordered (&iter, &name, &member))
              {
                gboolean known = FALSE;

                for (guint i = 0; i < field->children->len && !known; i++)
                  known = g_strcmp0 (((Field *) g_ptr_array_index (field->children, i))->name, name) == 0;
                if (known)
                  continue;
                if (field->extra == NULL)
                  field->extra = json_object_new ();
                json_object_set_member (field->extra, name, json_node_copy (member));
              }
          }
      }
      break;

    case FIELD_ARRAY:
      {
        JsonArray *array = value && JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
        guint length = array ? json_array_get_length (array) : 0;

        field_set_enabled (field, array != NULL);
        while (field->children->len > length)
          {
            Field *item = g_ptr_array_index (field->children, field->children->len - 1);

            field_remove_child_row (field, item->row);
            g_ptr_array_remove_index (field->children, field->children->len - 1);
          }
        while (field->children->len < length)
          field_append_item (field);
        for (guint i = 0; i < length; i++)
          field_set_value (g_ptr_array_index (field->children, i), json_array_get_element (array, i));
        field_renumber_items (field);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* What a new form (or a new array item) starts with. */
static void
field_set_initial (Field *field)
{
  if (field->default_value != NULL)
    {
      field_set_value (field, field->default_value);
      return;
    }

  switch (field->kind)
    {
    case FIELD_INTEGER:
    case FIELD_NUMBER:
      if (!field_is_optional (field))
        {
          double minimum = 0;
          g_autoptr(JsonNode) value = NULL;

          if (!schema_number (field->schema, "minimum", &minimum) &&
              schema_number (field->schema, "exclusiveMinimum", &minimum))
            minimum += 1;
          if (field->kind == FIELD_INTEGER || minimum == (gint64) minimum)
            value = json_node_init_int (json_node_alloc (), (gint64) minimum);
          else
            value = json_node_init_double (json_node_alloc (), minimum);
          field_set_value (field, value);
        }
      else
        field_set_value (field, NULL);
      break;

    case FIELD_OBJECT:
      field_set_enabled (field, !field_is_optional (field));
      for (guint i = 0; i < field->children->len; i++)
        field_set_initial (g_ptr_array_index (field->children, i));
      break;

    case FIELD_ENUM:
    case FIELD_BOOLEAN:
      if (field->row != NULL && ADW_IS_COMBO_ROW (field->row))
        adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), 0);
      else
        field_set_value (field, NULL);
      break;

    case FIELD_ARRAY:
      field_set_value (field, NULL);
      field_set_enabled (field, !field_is_optional (field));
      break;

    case FIELD_STRING:
    case FIELD_JSON:
    case FIELD_CONST:
    case FIELD_NULL:
    default:
      field_set_value (field, NULL);
      break;
    }
}

/* Violations -------------------------------------------------------------------------------- */

static void
field_set_error (Field      *field,
                 const char *error)
{
  if (g_strcmp0 (field->error, error) == 0)
    return;
  if (field->error == NULL)
    field->form->n_flagged++;
  else if (error == NULL)
    field->form->n_flagged--;
  g_free (field->error);
  field->error = g_strdup (error);

  if (field->row == NULL)
    return;
  if (error != NULL)
    gtk_widget_add_css_class (field->row, "error");
  else
    gtk_widget_remove_css_class (field->row, "error");
  field_update_subtitle (field);
}

static void
field_clear_errors (Field *field)
{
  field_set_error (field, NULL);
  for (guint i = 0; i < field->children->len; i++)
    field_clear_errors (g_ptr_array_index (field->children, i));
}

/* The field a Genkit path ("a.b.0") names, or the deepest one on the way. */
static Field *
field_find (Field      *field,
            const char *path,
            gboolean   *exact)
{
  *exact = TRUE;
  while (path != NULL && *path != '\0')
    {
      Field *next = NULL;
      const char *rest = NULL;

      if (field->kind == FIELD_OBJECT)
        {
          for (guint i = 0; i < field->children->len && next == NULL; i++)
            {
              Field *child = g_ptr_array_index (field->children, i);
              gsize len = strlen (child->name);

              if (strncmp (path, child->name, len) == 0 && (path[len] == '\0' || path[len] == '.'))
                {
                  next = child;
                  rest = path[len] == '.' ? path + len + 1 : path + len;
                }
            }
        }
      else if (field->kind == FIELD_ARRAY)
        {
          char *end = NULL;
          guint64 index = g_ascii_strtoull (path, &end, 10);

          if (end != path && (*end == '\0' || *end == '.') && index < field->children->len)
            {
              next = g_ptr_array_index (field->children, index);
              rest = *end == '.' ? end + 1 : end;
            }
        }

      if (next == NULL)
        {
          *exact = FALSE;
          return field;
        }
      field = next;
      path = rest;
    }
  return field;
}

/* Reports of a property that is missing name the object; the form shows it on the property. */
static char *
required_property (const char *message)
{
  const char *start = strstr (message, "property '");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("property '");
  end = strrchr (start, '\'');
  return end ? g_strndup (start, end - start) : NULL;
}

/**
 * studio_schema_form_set_violations:
 * @self: a [class@Studio.SchemaForm]
 * @violations: (nullable) (element-type GenkitSchemaViolation): what
 *   genkit_json_schema_validate() found, or %NULL to clear
 *
 * Flags the rows the violations name, with the message as the row's subtitle. Violations of
 * the whole value, or of parts the form has no row for, are listed above the rows.
 */
void
studio_schema_form_set_violations (StudioSchemaForm *self,
                                   GPtrArray        *violations)
{
  g_autoptr(GString) root_text = g_string_new (NULL);
  guint old_flagged;

  g_return_if_fail (STUDIO_IS_SCHEMA_FORM (self));

  old_flagged = self->n_flagged;
  if (self->root != NULL)
    field_clear_errors (self->root);

  for (guint i = 0; violations != NULL && i < violations->len && self->root != NULL; i++)
    {
      GenkitSchemaViolation *violation = g_ptr_array_index (violations, i);
      const char *path = genkit_schema_violation_get_path (violation);
      const char *message = genkit_schema_violation_get_message (violation);
      g_autofree char *full_path = NULL;
      Field *field;
      gboolean exact;

      if (g_strcmp0 (path, "(root)") == 0)
        path = "";
      if (g_strcmp0 (genkit_schema_violation_get_keyword (violation), "required") == 0)
        {
          g_autofree char *property = required_property (message);

          if (property != NULL)
            full_path = path[0] ? g_strconcat (path, ".", property, NULL) : g_strdup (property);
        }

      field = field_find (self->root, full_path ? full_path : path, &exact);
      if (full_path != NULL && exact && field->row != NULL)
        {
          /* "must have required property 'x'" is clearer on the row of x as "required". */
          if (field->error == NULL)
            field_set_error (field, _("Required"));
          continue;
        }
      if (field->row == NULL || !exact)
        {
          if (root_text->len > 0)
            g_string_append_c (root_text, '\n');
          if (path[0] != '\0')
            g_string_append_printf (root_text, "%s: %s", path, message);
          else
            g_string_append (root_text, message);
          if (field->row == NULL)
            continue;
        }
      if (field->error == NULL)
        field_set_error (field, message);
    }

  gtk_label_set_text (GTK_LABEL (self->root_error), root_text->str);
  gtk_widget_set_visible (self->root_error, root_text->len > 0);
  if (root_text->len > 0 && self->root != NULL && self->root->error == NULL)
    {
      self->root->error = g_strdup (root_text->str);
      self->n_flagged++;
    }

  if (old_flagged != self->n_flagged)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FLAGGED]);
}

/**
 * studio_schema_form_get_n_flagged:
 * @self: a [class@Studio.SchemaForm]
 *
 * Returns: how many places of the form show a violation
 */
guint
studio_schema_form_get_n_flagged (StudioSchemaForm *self)
{
  g_return_val_if_fail (STUDIO_IS_SCHEMA_FORM (self), 0);
  return self->n_flagged;
}

/* Public ------------------------------------------------------------------------------------ */

static void
studio_schema_form_clear (StudioSchemaForm *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->root, field_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  gtk_widget_set_visible (self->root_error, FALSE);
  if (self->n_flagged != 0)
    {
      self->n_flagged = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FLAGGED]);
    }
}

/**
 * studio_schema_form_set_schema:
 * @self: a [class@Studio.SchemaForm]
 * @schema: (nullable): a JSON Schema, or %NULL for no form
 *
 * Builds the form for @schema, filled with its initial value.
 */
void
studio_schema_form_set_schema (StudioSchemaForm *self,
                               JsonNode         *schema)
{
  g_return_if_fail (STUDIO_IS_SCHEMA_FORM (self));

  if (schema == self->schema)
    return;

  studio_schema_form_clear (self);
  if (schema != NULL)
    json_node_ref (schema);
  g_clear_pointer (&self->schema, json_node_unref);
  self->schema = schema;

  if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema))
    {
      self->updating++;
      self->root = field_new (self, NULL, NULL, json_node_get_object (schema), TRUE, 0);
      if (self->root->row != NULL)
        gtk_list_box_append (self->list, self->root->row);
      field_set_initial (self->root);
      self->updating--;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->root != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEMA]);
}

/**
 * studio_schema_form_get_schema:
 * @self: a [class@Studio.SchemaForm]
 *
 * Returns: (transfer none) (nullable): the schema of the form
 */
JsonNode *
studio_schema_form_get_schema (StudioSchemaForm *self)
{
  g_return_val_if_fail (STUDIO_IS_SCHEMA_FORM (self), NULL);
  return self->schema;
}

/**
 * studio_schema_form_dup_value:
 * @self: a [class@Studio.SchemaForm]
 *
 * Returns: (transfer full) (nullable): the value the form holds, or %NULL without a schema
 */
JsonNode *
studio_schema_form_dup_value (StudioSchemaForm *self)
{
  g_return_val_if_fail (STUDIO_IS_SCHEMA_FORM (self), NULL);

  if (self->root == NULL)
    return NULL;
  return field_dup_value (self->root);
}

/**
 * studio_schema_form_set_value:
 * @self: a [class@Studio.SchemaForm]
 * @value: (nullable): the value to show
 *
 * Shows @value without emitting [signal@Studio.SchemaForm::changed]. Parts the form has no
 * row for are kept and given back by studio_schema_form_dup_value().
 */
void
studio_schema_form_set_value (StudioSchemaForm *self,
                              JsonNode         *value)
{
  g_return_if_fail (STUDIO_IS_SCHEMA_FORM (self));

  if (self->root == NULL)
    return;
  self->updating++;
  field_set_value (self->root, value);
  self->updating--;
}

/**
 * studio_schema_form_get_editor:
 * @self: a [class@Studio.SchemaForm]
 * @path: a Genkit path such as `name`, `address.city` or `tags.0`; "" for a scalar root
 *
 * Returns: (transfer none) (nullable): the widget that edits the value at @path: a #GtkEntry,
 *   a #GtkSwitch, or the row itself (combo and expander rows)
 */
GtkWidget *
studio_schema_form_get_editor (StudioSchemaForm *self,
                               const char       *path)
{
  Field *field;
  gboolean exact;

  g_return_val_if_fail (STUDIO_IS_SCHEMA_FORM (self), NULL);

  if (self->root == NULL)
    return NULL;
  field = field_find (self->root, path, &exact);
  if (!exact)
    return NULL;
  return field->editor ? field->editor : field->row;
}

/**
 * studio_schema_form_add_item:
 * @self: a [class@Studio.SchemaForm]
 * @path: the path of an array
 *
 * Adds an item to the array at @path, as its add button does.
 *
 * Returns: %TRUE if @path names an array of the form
 */
gboolean
studio_schema_form_add_item (StudioSchemaForm *self,
                             const char       *path)
{
  Field *field;
  gboolean exact;

  g_return_val_if_fail (STUDIO_IS_SCHEMA_FORM (self), FALSE);

  if (self->root == NULL)
    return FALSE;
  field = field_find (self->root, path, &exact);
  if (!exact || field->kind != FIELD_ARRAY)
    return FALSE;
  field_add_item_cb (field);
  return TRUE;
}

/**
 * studio_schema_form_new:
 *
 * Returns: (transfer floating): a form without a schema
 */
GtkWidget *
studio_schema_form_new (void)
{
  return g_object_new (STUDIO_TYPE_SCHEMA_FORM, NULL);
}

static void
studio_schema_form_dispose (GObject *object)
{
  StudioSchemaForm *self = STUDIO_SCHEMA_FORM (object);

  g_clear_pointer (&self->root, field_free);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (studio_schema_form_parent_class)->dispose (object);
}

static void
studio_schema_form_finalize (GObject *object)
{
  StudioSchemaForm *self = STUDIO_SCHEMA_FORM (object);

  g_clear_pointer (&self->schema, json_node_unref);

  G_OBJECT_CLASS (studio_schema_form_parent_class)->finalize (object);
}

static void
studio_schema_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StudioSchemaForm *self = STUDIO_SCHEMA_FORM (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      g_value_set_boxed (value, self->schema);
      break;
    case PROP_N_FLAGGED:
      g_value_set_uint (value, self->n_flagged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_schema_form_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  StudioSchemaForm *self = STUDIO_SCHEMA_FORM (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      studio_schema_form_set_schema (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_schema_form_class_init (StudioSchemaFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_schema_form_dispose;
  object_class->finalize = studio_schema_form_finalize;
  object_class->get_property = studio_schema_form_get_property;
  object_class->set_property = studio_schema_form_set_property;

  properties[PROP_SCHEMA] =
    g_param_spec_boxed ("schema", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioSchemaForm:n-flagged:
   *
   * How many places of the form show a violation.
   */
  properties[PROP_N_FLAGGED] =
    g_param_spec_uint ("n-flagged", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioSchemaForm::changed:
   * @self: the form
   *
   * Emitted when the user changed the value.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * StudioSchemaForm::activate:
   * @self: the form
   *
   * Emitted when Enter is pressed in one of the form's entries.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "schemaform");
}

static void
studio_schema_form_init (StudioSchemaForm *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->root_error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->root_error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->root_error), 0);
  gtk_label_set_selectable (GTK_LABEL (self->root_error), TRUE);
  gtk_widget_add_css_class (self->root_error, "error");
  gtk_widget_set_visible (self->root_error, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->root_error);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));
}
