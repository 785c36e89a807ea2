/* dotprompt-bench.c — render a 20 KB .prompt with a 1,000-item {{#each}}: timings and checksums
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 *   genkit-dotprompt-bench write DIR [ITEMS]   writes DIR/bench.prompt (the template, about
 *                                              20 KB), DIR/_footer.prompt (a partial) and
 *                                              DIR/input.json (ITEMS items, default 1000)
 *   genkit-dotprompt-bench run DIR [ITERS]     renders them ITERS times (default 200) per
 *                                              measurement and prints the figures as one JSON
 *                                              object
 *
 * bench-dotprompt.mjs measures the same files with JavaScript Dotprompt and prints the same
 * keys; run.sh prints both side by side. The measurements, each after 20 warm-up rounds:
 *
 *   cold      a new Dotprompt environment, parse (frontmatter YAML, Picoschema), compile and
 *             render to messages: Dotprompt's `new Dotprompt().render(source, data)`
 *   warm      render an already parsed and compiled prompt to messages, as a loaded prompt
 *             action does on each call: `renderFn(data)` of `await dp.compile(source)`
 *   template  the Handlebars template alone, compiled once, rendered to a string with the
 *             input as context (no metadata, no message splitting)
 *   parse     parsing the file (frontmatter and template) and compiling the template
 *
 * Times are in microseconds (min, median, p90); `messagesSha256` is the SHA-256 of
 * JSON.stringify(messages), equal in both implementations when they render the same.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <genkit-dotprompt-lib.h>

#define WARMUP 20

static const char frontmatter[] =
  "---\n"
  "model: googleai/gemini-2.5-flash\n"
  "config:\n"
  "  temperature: 0.2\n"
  "  maxOutputTokens: 4096\n"
  "input:\n"
  "  schema:\n"
  "    store: string, the shop's name\n"
  "    currency: string\n"
  "    customer(object):\n"
  "      name: string\n"
  "      tier?(enum): [gold, silver, bronze]\n"
  "    items(array, the catalogue):\n"
  "      id: integer\n"
  "      name: string\n"
  "      price: number\n"
  "      tags(array): string\n"
  "      inStock: boolean\n"
  "      description?: string\n"
  "      category(enum): [tools, food, toys, books, garden]\n"
  "      meta(object):\n"
  "        sku: string\n"
  "        weight: number\n"
  "output:\n"
  "  format: json\n"
  "  schema:\n"
  "    summary: string\n"
  "    picks(array): integer\n"
  "myapp.owner: bench\n"
  "---\n";

static const char catalogue[] =
  "{{#each items as |item i|}}\n"
  "{{#if @first}}--- catalogue of {{@root.store}} starts ---{{/if}}\n"
  "Item {{@index}} (#{{item.id}}): {{item.name}} costs {{item.price}} {{../currency}}.\n"
  "{{#if item.inStock}}\n"
  "  In stock.\n"
  "{{else}}\n"
  "  Out of stock; suggest something else from {{@root.store}}.\n"
  "{{/if}}\n"
  "{{#ifEquals item.category \"food\"}}  Perishable: mention freshness.\n{{/ifEquals}}\n"
  "{{#unlessEquals item.category \"toys\"}}  Suitable for every age.\n{{/unlessEquals}}\n"
  "  Tags: {{#each item.tags}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}\n"
  "{{#with item.meta}}  SKU {{sku}}, {{weight}} kg{{/with}}\n"
  "  Description: {{#if item.description}}{{{item.description}}}{{else}}(none){{/if}}\n"
  "  Record: {{json item.meta}}\n"
  "{{#if @last}}--- catalogue ends after {{@root.items.length}} items ---{{/if}}\n"
  "{{/each}}\n";

static const char *const words[] = {
  "accurate", "brief", "careful", "direct", "earnest", "friendly", "gentle", "helpful",
  "informed", "just", "kind", "lucid", "measured", "neutral", "open", "precise",
};

/* The template: a system part with many guidelines (static text and expressions), the
 * catalogue, then a user part with a section, a media part and a partial. About 20 KB. */
static char *
make_template (void)
{
  GString *t = g_string_new (frontmatter);
  const char *tail =
    "{{history}}\n"
    "{{role \"user\"}}\n"
    "{{#if customer.tier}}As a {{customer.tier}} customer, {{/if}}{{customer.name}} asks: "
    "which {{#if customer.tier}}premium {{/if}}items should I buy?\n"
    "{{section \"question\"}}\n"
    "Answer with a summary and the ids of up to five picks.\n"
    "{{media url=\"https://example.com/store.png\" contentType=\"image/png\"}}\n"
    "{{> footer store=store}}\n";
  guint n = 0;

  g_string_append (t, "{{role \"system\"}}\n"
                      "You are the shopping assistant of {{store}}. Prices are in {{currency}}.\n"
                      "{{! The guidelines below are static text with a few expressions each. }}\n");
  while (t->len + strlen (catalogue) + strlen (tail) < 20480 - 260)
    {
      n++;
      g_string_append_printf (t,
                              "Guideline %u: be %s and %s with {{customer.name}}; quote prices "
                              "in {{currency}} exactly as listed, never invent items that "
                              "{{store}} does not sell, and keep each answer %s.%s\n",
                              n, words[n % G_N_ELEMENTS (words)],
                              words[(n * 7) % G_N_ELEMENTS (words)],
                              words[(n * 3) % G_N_ELEMENTS (words)],
                              n % 4 == 0 ? " {{#if customer.tier}}Mention the {{customer.tier}} "
                                           "discount.{{/if}}" : "");
    }
  g_string_append (t, catalogue);
  g_string_append (t, tail);
  return g_string_free (t, FALSE);
}

static const char footer[] =
  "--\n{{store}} assistant. Items and prices as of today; ask staff for anything else.\n";

static JsonNode *
make_input (guint n_items)
{
  static const char *const categories[] = { "tools", "food", "toys", "books", "garden" };
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "store");
  json_builder_add_string_value (b, "Hardware & <Home>");
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, "EUR");
  json_builder_set_member_name (b, "customer");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Ada");
  json_builder_set_member_name (b, "tier");
  json_builder_add_string_value (b, "gold");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *name = g_strdup_printf ("Product %u \"%s\"", i, words[i % 16]);
      g_autofree char *sku = g_strdup_printf ("SKU-%05u", i * 37 % 100000);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, 1000 + i);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "price");
      json_builder_add_double_value (b, (i % 97) + 0.99);
      json_builder_set_member_name (b, "tags");
      json_builder_begin_array (b);
      for (guint k = 0; k < 1 + i % 3; k++)
        json_builder_add_string_value (b, words[(i + k * 5) % 16]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "inStock");
      json_builder_add_boolean_value (b, i % 5 != 0);
      if (i % 2 == 0)
        {
          json_builder_set_member_name (b, "description");
          json_builder_add_string_value (b, "A <b>sturdy</b> & reliable choice for everyday use.");
        }
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, categories[i % G_N_ELEMENTS (categories)]);
      json_builder_set_member_name (b, "meta");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sku");
      json_builder_add_string_value (b, sku);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, 0.25 * (1 + i % 8));
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
bench_write (const char *dir,
             guint       n_items)
{
  g_autofree char *template = make_template ();
  g_autoptr(JsonNode) input = make_input (n_items);
  g_autofree char *input_text = genkit_dotprompt_json_stringify (input, 0);
  g_autofree char *prompt_path = g_build_filename (dir, "bench.prompt", NULL);
  g_autofree char *footer_path = g_build_filename (dir, "_footer.prompt", NULL);
  g_autofree char *input_path = g_build_filename (dir, "input.json", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      !g_file_set_contents (prompt_path, template, -1, &error) ||
      !g_file_set_contents (footer_path, footer, -1, &error) ||
      !g_file_set_contents (input_path, input_text, -1, &error))
    {
      g_printerr ("genkit-dotprompt-bench: cannot write to %s: %s\n", dir,
                  error != NULL ? error->message : g_strerror (errno));
      return 1;
    }
  g_print ("wrote %s (%zu bytes), %s, %s (%u items, %zu bytes)\n", prompt_path,
           strlen (template), footer_path, input_path, n_items, strlen (input_text));
  return 0;
}

/* Ends the program when a step that cannot fail in a correct build failed. */
static void
check (const GError *error)
{
  if (error != NULL)
    {
      g_printerr ("genkit-dotprompt-bench: %s\n", error->message);
      exit (1);
    }
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Adds {"minUs", "medianUs", "p90Us", "perSecond"} for @samples (nanoseconds) to @b. */
static void
add_stats (JsonBuilder *b,
           const char  *name,
           GArray      *samples)
{
  gint64 *s = (gint64 *) (void *) samples->data;
  double median;

  g_array_sort (samples, compare_gint64);
  median = s[samples->len / 2] / 1000.0;
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "minUs");
  json_builder_add_double_value (b, s[0] / 1000.0);
  json_builder_set_member_name (b, "medianUs");
  json_builder_add_double_value (b, median);
  json_builder_set_member_name (b, "p90Us");
  json_builder_add_double_value (b, s[(samples->len * 9) / 10] / 1000.0);
  json_builder_set_member_name (b, "perSecond");
  json_builder_add_double_value (b, median > 0 ? 1e6 / median : 0);
  json_builder_end_object (b);
}

typedef struct
{
  char       *source;
  char       *footer;
  JsonObject *data;
  JsonNode   *input;
} BenchFiles;

static void
bench_files_clear (BenchFiles *f)
{
  g_clear_pointer (&f->source, g_free);
  g_clear_pointer (&f->footer, g_free);
  g_clear_pointer (&f->data, json_object_unref);
  g_clear_pointer (&f->input, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchFiles, bench_files_clear)

static GenkitDotprompt *
new_env (BenchFiles *f)
{
  GenkitDotprompt *dp = genkit_dotprompt_new ();

  genkit_dotprompt_define_partial (dp, "footer", f->footer, "_footer.prompt");
  return dp;
}

static JsonObject *
render_cold (BenchFiles  *f,
             GError     **error)
{
  g_autoptr(GenkitDotprompt) dp = new_env (f);

  return genkit_dotprompt_render_source (dp, f->source, f->data, NULL, error);
}

/* VmHWM of this process, in kB. */
static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen ("VmHWM:"), NULL, 10);
}

static int
bench_run (const char *dir,
           guint       iters)
{
  g_auto(BenchFiles) f = { 0 };
  g_autofree char *prompt_path = g_build_filename (dir, "bench.prompt", NULL);
  g_autofree char *footer_path = g_build_filename (dir, "_footer.prompt", NULL);
  g_autofree char *input_path = g_build_filename (dir, "input.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) tpl = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) parse = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GenkitDotprompt) dp = NULL;
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *messages_json = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  gsize text_length = 0;
  JsonNode *messages;

  if (!g_file_get_contents (prompt_path, &f.source, NULL, &error) ||
      !g_file_get_contents (footer_path, &f.footer, NULL, &error) ||
      !(f.input = json_from_string ((g_file_get_contents (input_path, &text, NULL, &error)
                                       ? text : "null"), &error)) ||
      error != NULL)
    {
      g_printerr ("genkit-dotprompt-bench: %s (run 'write %s' first)\n",
                  error != NULL ? error->message : "cannot read the input", dir);
      return 1;
    }
  f.data = json_object_new ();
  json_object_set_member (f.data, "input", json_node_ref (f.input));

  /* cold: environment, parse, compile, render */
  for (guint i = 0; i < WARMUP + iters; i++)
    {
      gint64 t0 = now_ns ();
      g_autoptr(JsonObject) r = render_cold (&f, &error);

      if (r == NULL)
        {
          g_printerr ("genkit-dotprompt-bench: %s\n", error->message);
          return 1;
        }
      if (i >= WARMUP)
        {
          gint64 dt = now_ns () - t0;

          g_array_append_val (cold, dt);
        }
      if (i == 0)
        result = g_steal_pointer (&r);
    }

  /* warm: one environment and parsed prompt, compiled on the first render */
  dp = new_env (&f);
  prompt = genkit_parsed_prompt_new_from_string (f.source, -1, "bench.prompt",
                                                 GENKIT_PARSED_PROMPT_NONE, &error);
  check (error);
  for (guint i = 0; i < WARMUP + iters; i++)
    {
      gint64 t0 = now_ns ();
      g_autoptr(JsonObject) r = genkit_dotprompt_render (dp, prompt, f.data, NULL, &error);

      check (error);
      if (i >= WARMUP)
        {
          gint64 dt = now_ns () - t0;

          g_array_append_val (warm, dt);
        }
    }

  /* parse: the file and the template's compilation */
  for (guint i = 0; i < WARMUP + iters; i++)
    {
      gint64 t0 = now_ns ();
      g_autoptr(GenkitParsedPrompt) p = genkit_parsed_prompt_new_from_string (
        f.source, -1, "bench.prompt", GENKIT_PARSED_PROMPT_NONE, &error);
      g_autoptr(GenkitHandlebarsTemplate) t = NULL;

      check (error);
      t = genkit_handlebars_compile (genkit_dotprompt_get_handlebars (dp),
                                     genkit_parsed_prompt_get_template (p), -1, "bench.prompt",
                                     &error);
      check (error);
      if (i >= WARMUP)
        {
          gint64 dt = now_ns () - t0;

          g_array_append_val (parse, dt);
        }
    }

  /* template: Handlebars alone */
  template = genkit_handlebars_compile (genkit_dotprompt_get_handlebars (dp),
                                        genkit_parsed_prompt_get_template (prompt), -1,
                                        "bench.prompt", &error);
  check (error);
  for (guint i = 0; i < WARMUP + iters; i++)
    {
      gint64 t0 = now_ns ();
      g_autofree char *s = genkit_handlebars_template_render (template, f.input, NULL, &error);

      check (error);
      if (i >= WARMUP)
        {
          gint64 dt = now_ns () - t0;

          g_array_append_val (tpl, dt);
        }
      if (i == 0)
        out = g_steal_pointer (&s);
    }

  messages = json_object_get_member (result, "messages");
  messages_json = genkit_dotprompt_json_stringify (messages, 0);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, messages_json, -1);
  text_length = strlen (out);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "implementation");
  json_builder_add_string_value (b, "C (genkit-dotprompt)");
  json_builder_set_member_name (b, "templateBytes");
  json_builder_add_int_value (b, (gint64) strlen (f.source));
  json_builder_set_member_name (b, "items");
  json_builder_add_int_value (b, (gint64) json_array_get_length (
                                json_object_get_array_member (json_node_get_object (f.input),
                                                              "items")));
  json_builder_set_member_name (b, "renderedBytes");
  json_builder_add_int_value (b, (gint64) text_length);
  json_builder_set_member_name (b, "messagesBytes");
  json_builder_add_int_value (b, (gint64) strlen (messages_json));
  json_builder_set_member_name (b, "messagesSha256");
  json_builder_add_string_value (b, sha);
  json_builder_set_member_name (b, "iterations");
  json_builder_add_int_value (b, iters);
  add_stats (b, "cold", cold);
  add_stats (b, "warm", warm);
  add_stats (b, "template", tpl);
  add_stats (b, "parse", parse);
  json_builder_set_member_name (b, "peakRssKb");
  json_builder_add_int_value (b, peak_rss_kb ());
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  {
    g_autofree char *json = genkit_dotprompt_json_stringify (root, 0);

    g_print ("%s\n", json);
  }
  return 0;
}

static guint
parse_count (const char *text,
             guint       fallback)
{
  guint64 value;

  if (text == NULL)
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 1, 1000000, &value, NULL))
    {
      g_printerr ("genkit-dotprompt-bench: not a count: %s\n", text);
      exit (2);
    }
  return (guint) value;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 3 && strcmp (argv[1], "write") == 0)
    return bench_write (argv[2], parse_count (argc > 3 ? argv[3] : NULL, 1000));
  if (argc >= 3 && strcmp (argv[1], "run") == 0)
    return bench_run (argv[2], parse_count (argc > 3 ? argv[3] : NULL, 200));

  g_printerr ("usage: genkit-dotprompt-bench write DIR [ITEMS]\n"
              "       genkit-dotprompt-bench run DIR [ITERS]\n");
  return 2;
}
