/* test-app-schema-form.c — forms generated from JSON Schemas, and their violations
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>

#include "studio-schema-form.h"
#include "studio-test-util.h"

static const char person_schema[] =
  "{\"type\": \"object\","
  " \"properties\": {"
  "   \"name\": {\"type\": \"string\", \"description\": \"Who\"},"
  "   \"age\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 150},"
  "   \"ratio\": {\"type\": \"number\", \"exclusiveMinimum\": 0},"
  "   \"admin\": {\"type\": \"boolean\"},"
  "   \"color\": {\"type\": \"string\", \"enum\": [\"red\", \"green\"]},"
  "   \"nickname\": {\"type\": [\"string\", \"null\"]},"
  "   \"score\": {\"anyOf\": [{\"type\": \"number\"}, {\"type\": \"null\"}], \"default\": null},"
  "   \"address\": {\"$ref\": \"#/definitions/Address\"},"
  "   \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
  "   \"kind\": {\"const\": \"person\"},"
  "   \"extra\": {}"
  " },"
  " \"required\": [\"name\", \"age\", \"admin\", \"color\", \"address\"],"
  " \"additionalProperties\": true,"
  " \"definitions\": {\"Address\": {\"type\": \"object\","
  "   \"properties\": {\"city\": {\"type\": \"string\"}, \"zip\": {\"type\": \"string\"}},"
  "   \"required\": [\"city\"]}},"
  " \"$schema\": \"http://json-schema.org/draft-07/schema#\"}";

typedef struct
{
  GtkWidget        *window;
  StudioSchemaForm *form;
  guint             n_changed;
} Fixture;

static void
changed_cb (StudioSchemaForm *form,
            Fixture          *fixture)
{
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  fixture->window = gtk_window_new ();
  fixture->form = STUDIO_SCHEMA_FORM (studio_schema_form_new ());
  g_signal_connect (fixture->form, "changed", G_CALLBACK (changed_cb), fixture);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->form));
  gtk_window_set_child (GTK_WINDOW (fixture->window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static void
set_schema (Fixture    *fixture,
            const char *schema_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) schema = genkit_json_parse (schema_text, -1, &error);

  g_assert_no_error (error);
  studio_schema_form_set_schema (fixture->form, schema);
  gtk_test_widget_wait_for_draw (fixture->window);
}

static void
assert_value (Fixture    *fixture,
              const char *expected_text)
{
  g_autoptr(JsonNode) value = studio_schema_form_dup_value (fixture->form);
  g_autoptr(JsonNode) expected = json_from_string (expected_text, NULL);
  g_autofree char *got = json_to_string (value, FALSE);

  g_test_message ("form value: %s", got);
  g_assert_true (json_node_equal (value, expected));
}

static void
test_initial_value (Fixture       *fixture,
                    gconstpointer  data)
{
  g_test_summary ("A new form holds a value of the schema's shape: required values filled, optional "
                  "ones left out, consts included, $refs followed");

  set_schema (fixture, person_schema);
  assert_value (fixture,
                "{\"name\": \"\", \"age\": 0, \"admin\": false, \"color\": \"red\", \"score\": null,"
                " \"address\": {\"city\": \"\"}, \"kind\": \"person\"}");
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  studio_test_save_png (fixture->window, "schema-form.png");
}

static void
test_widgets (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *age;
  GtkWidget *score_row;

  g_test_summary ("Each kind of value gets its editor: entries, number entries with their bounds, "
                  "switches, combo rows, expander rows, a Null check for nullable values");

  set_schema (fixture, person_schema);
  g_assert_true (GTK_IS_ENTRY (studio_schema_form_get_editor (fixture->form, "name")));
  age = studio_schema_form_get_editor (fixture->form, "age");
  g_assert_true (GTK_IS_ENTRY (age));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (age)), ==, "integer, 0 to 150");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (studio_schema_form_get_editor (fixture->form, "ratio"))),
                   ==, "number > 0");
  g_assert_true (GTK_IS_SWITCH (studio_schema_form_get_editor (fixture->form, "admin")));
  g_assert_true (ADW_IS_COMBO_ROW (studio_schema_form_get_editor (fixture->form, "color")));
  g_assert_true (ADW_IS_EXPANDER_ROW (studio_schema_form_get_editor (fixture->form, "address")));
  g_assert_true (GTK_IS_ENTRY (studio_schema_form_get_editor (fixture->form, "address.city")));
  g_assert_true (ADW_IS_EXPANDER_ROW (studio_schema_form_get_editor (fixture->form, "tags")));
  g_assert_true (GTK_IS_ENTRY (studio_schema_form_get_editor (fixture->form, "extra")));
  g_assert_null (studio_schema_form_get_editor (fixture->form, "nothing"));

  score_row = gtk_widget_get_ancestor (studio_schema_form_get_editor (fixture->form, "score"), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (studio_test_find_type (score_row, GTK_TYPE_CHECK_BUTTON));
}

static void
test_editing (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *entry;

  g_test_summary ("Editing a field changes the value and emits changed");

  set_schema (fixture, person_schema);
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "name")), "Grace");
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "age")), "85");
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "ratio")), "0.25");
  gtk_switch_set_active (GTK_SWITCH (studio_schema_form_get_editor (fixture->form, "admin")), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (studio_schema_form_get_editor (fixture->form, "color")), 1);
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "address.city")), "Arlington");
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "extra")), "{\"x\": [1, 2]}");
  g_assert_true (studio_schema_form_add_item (fixture->form, "tags"));
  entry = studio_schema_form_get_editor (fixture->form, "tags.0");
  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "navy");
  g_assert_cmpuint (fixture->n_changed, >=, 9);

  assert_value (fixture,
                "{\"name\": \"Grace\", \"age\": 85, \"ratio\": 0.25, \"admin\": true, \"color\": \"green\","
                " \"score\": null, \"address\": {\"city\": \"Arlington\"}, \"tags\": [\"navy\"], \"kind\": \"person\","
                " \"extra\": {\"x\": [1, 2]}}");

  /* Text that is no number stays as typed, for the schema check to flag. */
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "age")), "eighty");
  {
    g_autoptr(JsonNode) value = studio_schema_form_dup_value (fixture->form);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (value), "age"), ==, "eighty");
  }
}

static void
test_set_value (Fixture       *fixture,
                gconstpointer  data)
{
  const char *full =
    "{\"name\": \"Ada\", \"age\": 36, \"ratio\": 0.5, \"admin\": true, \"color\": \"green\","
    " \"nickname\": null, \"score\": 9.75, \"address\": {\"city\": \"London\", \"zip\": \"W1\", \"planet\": \"Earth\"},"
    " \"tags\": [\"a\", \"b\"], \"kind\": \"person\", \"extra\": {\"x\": [1]}, \"unknown\": 1}";
  g_autoptr(JsonNode) value = json_from_string (full, NULL);

  g_test_summary ("A value set from the JSON editor shows in the form and comes back whole, members "
                  "the schema does not list included, without emitting changed");

  set_schema (fixture, person_schema);
  studio_schema_form_set_value (fixture->form, value);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "name"))), ==, "Ada");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "tags.1"))), ==, "b");
  assert_value (fixture, full);

  /* Fewer items, and a left-out optional object. */
  {
    g_autoptr(JsonNode) smaller = json_from_string ("{\"name\": \"Ada\", \"tags\": [\"z\"]}", NULL);

    studio_schema_form_set_value (fixture->form, smaller);
    g_assert_null (studio_schema_form_get_editor (fixture->form, "tags.1"));
    assert_value (fixture, "{\"name\": \"Ada\", \"admin\": false, \"color\": \"red\", \"address\": {\"city\": \"\"},"
                           " \"tags\": [\"z\"], \"kind\": \"person\"}");
  }
}

static void
test_violations (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) schema = genkit_json_parse (person_schema, -1, &error);
  g_autoptr(GenkitJsonSchema) compiled = genkit_json_schema_new (schema, &error);
  g_autoptr(JsonNode) value = json_from_string ("{\"age\": 200, \"admin\": false, \"color\": \"red\", \"address\": {}}", NULL);
  g_autoptr(GPtrArray) violations = NULL;
  GtkWidget *name_row;
  GtkWidget *age_row;
  GtkWidget *city_row;

  g_test_summary ("Violations from the schema check flag the rows they name, a missing required "
                  "property on its own row");

  g_assert_no_error (error);
  set_schema (fixture, person_schema);
  studio_schema_form_set_value (fixture->form, value);
  g_assert_false (genkit_json_schema_validate (compiled, value, &violations, NULL));
  studio_schema_form_set_violations (fixture->form, violations);

  name_row = gtk_widget_get_ancestor (studio_schema_form_get_editor (fixture->form, "name"), ADW_TYPE_ACTION_ROW);
  age_row = gtk_widget_get_ancestor (studio_schema_form_get_editor (fixture->form, "age"), ADW_TYPE_ACTION_ROW);
  city_row = gtk_widget_get_ancestor (studio_schema_form_get_editor (fixture->form, "address.city"), ADW_TYPE_ACTION_ROW);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (name_row)), ==, "Required");
  g_assert_true (gtk_widget_has_css_class (age_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (age_row)), ==, "must be <= 150");
  g_assert_true (gtk_widget_has_css_class (city_row, "error"));
  g_assert_cmpuint (studio_schema_form_get_n_flagged (fixture->form), ==, 3);
  studio_test_save_png (fixture->window, "schema-form-violations.png");

  studio_schema_form_set_violations (fixture->form, NULL);
  g_assert_false (gtk_widget_has_css_class (age_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (name_row)), ==, "Who");
  g_assert_cmpuint (studio_schema_form_get_n_flagged (fixture->form), ==, 0);
}

static void
test_root_scalar (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) violations = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_schema_violation_unref);

  g_test_summary ("A schema that is not an object gets one row for the whole input");

  set_schema (fixture, "{\"type\": \"string\"}");
  assert_value (fixture, "\"\"");
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "")), "to be or not");
  assert_value (fixture, "\"to be or not\"");

  g_ptr_array_add (violations, genkit_schema_violation_new ("(root)", "type", "must be string"));
  studio_schema_form_set_violations (fixture->form, violations);
  g_assert_cmpuint (studio_schema_form_get_n_flagged (fixture->form), ==, 1);
}

static void
test_root_array (Fixture       *fixture,
                 gconstpointer  data)
{
  g_test_summary ("An array input lists its items with an Add Item row");

  set_schema (fixture, "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}, \"required\": [\"n\"]}}");
  assert_value (fixture, "[]");
  g_assert_true (studio_schema_form_add_item (fixture->form, ""));
  g_assert_true (studio_schema_form_add_item (fixture->form, ""));
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (fixture->form, "1.n")), "7");
  assert_value (fixture, "[{\"n\": 0}, {\"n\": 7}]");
}

static void
test_no_schema (Fixture       *fixture,
                gconstpointer  data)
{
  set_schema (fixture, "{\"type\": \"object\", \"additionalProperties\": true}");
  g_assert_true (GTK_IS_ENTRY (studio_schema_form_get_editor (fixture->form, "")));
  studio_schema_form_set_schema (fixture->form, NULL);
  g_assert_null (studio_schema_form_dup_value (fixture->form));
  g_assert_null (studio_schema_form_get_editor (fixture->form, ""));
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/schema-form/initial-value", test_initial_value);
  ADD ("/app/schema-form/widgets", test_widgets);
  ADD ("/app/schema-form/editing", test_editing);
  ADD ("/app/schema-form/set-value", test_set_value);
  ADD ("/app/schema-form/violations", test_violations);
  ADD ("/app/schema-form/root-scalar", test_root_scalar);
  ADD ("/app/schema-form/root-array", test_root_array);
  ADD ("/app/schema-form/no-schema", test_no_schema);
#undef ADD

  return g_test_run ();
}
