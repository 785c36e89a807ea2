/* genkit-handlebars-runtime.c — runs a Handlebars tree as handlebars.js' compiled code would
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The tree is interpreted directly, but each step is the one handlebars.js' JavaScript
 * compiler emits: context lookups chain with `!= null`, data lookups with `&&`, blocks run
 * through helpers or blockHelperMissing, programs push their context on the `depths` stack
 * only when it changes, block parameters are scoped by program nesting, partials run with the
 * caller's data and a fresh depth stack, `{{#*inline}}` partials are visible while the
 * program that defines them runs.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-handlebars-private.h"

static gboolean run_program (HbRender                 *r,
                             GenkitHandlebarsTemplate *tmpl,
                             const HbProgram          *program,
                             HbScope                  *parent,
                             HbValue                   context,
                             HbDepths                 *depths,
                             HbFrame                  *data,
                             HbValue                  *block_params,
                             guint                     n_block_params,
                             HbValue                  *result,
                             GError                  **error);

static const HbValue undefined_value = { NULL, FALSE };

/* What a compiled program builds its result with. handlebars.js joins the appends of a
 * program with JavaScript's `+` (`return "x" + a + b;`), and with `noEscape` or `{{{ }}}` the
 * values are not turned into strings first: two numbers or booleans in a row are added
 * (`{{a}}{{b}}` with 1 and 2 gives 3), and a program of one value returns that value. The
 * accumulator keeps a lone value as is and becomes a string as soon as a string joins. */
typedef enum
{
  ACC_NONE,
  ACC_STRING,
  ACC_VALUE,
} HbAccKind;

typedef struct
{
  HbAccKind kind;
  GString  *str;
  HbValue   value;
} HbAcc;

/* Values -------------------------------------------------------------------------------- */

static HbValue
value_of (JsonNode *node)
{
  HbValue v = { node, FALSE };

  return v;
}

/**
 * _hb_render_keep:
 * @render: a render in progress
 * @node: (transfer full): a node made while rendering
 *
 * Keeps @node until the render ends.
 *
 * Returns: (transfer none): @node
 */
JsonNode *
_hb_render_keep (HbRender *render,
                 JsonNode *node)
{
  if (node != NULL)
    g_ptr_array_add (render->arena, node);
  return node;
}

/* Utils.isEmpty(): falsy but not 0, or an empty array. */
gboolean
_hb_value_is_empty (HbValue value)
{
  GenkitJsKind kind;

  if (value.safe)
    return FALSE;
  kind = _genkit_js_kind (value.node);
  if (kind == GENKIT_JS_NUMBER && _genkit_js_number (value.node) == 0)
    return FALSE;
  if (!_genkit_js_truthy (value.node))
    return TRUE;
  return kind == GENKIT_JS_ARRAY && json_array_get_length (json_node_get_array (value.node)) == 0;
}

/* `a != b` for the depth stack: the same object, or equal primitives. */
static gboolean
value_loose_equals (HbValue a,
                    HbValue b)
{
  if (a.safe || b.safe)
    return a.safe == b.safe && a.node == b.node;
  return _genkit_js_loose_equals (a.node, b.node);
}

static const char html_escapes[][7] = {
  ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
  ['\''] = "&#x27;", ['`'] = "&#x60;", ['='] = "&#x3D;",
};

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c < G_N_ELEMENTS (html_escapes) && html_escapes[c][0] != '\0')
        g_string_append (out, html_escapes[c]);
      else
        g_string_append_c (out, (char) c);
    }
}

/* String(value), for a SafeString its text. */
char *
_hb_value_to_string (HbValue value)
{
  return _genkit_js_to_string (value.node);
}

HbValue
_hb_value_string (HbRender *render,
                  char     *text)
{
  HbValue v = { _hb_render_keep (render, _genkit_js_string_node_take (text)), FALSE };

  return v;
}

static gboolean
is_numeric_primitive (HbValue v)
{
  GenkitJsKind kind = _genkit_js_kind (v.node);

  return !v.safe && (kind == GENKIT_JS_NUMBER || kind == GENKIT_JS_BOOLEAN ||
                     kind == GENKIT_JS_NULL || kind == GENKIT_JS_UNDEFINED);
}

static double
to_number (HbValue v)
{
  switch (_genkit_js_kind (v.node))
    {
    case GENKIT_JS_NUMBER:
      return _genkit_js_number (v.node);
    case GENKIT_JS_BOOLEAN:
      return json_node_get_boolean (v.node) ? 1 : 0;
    case GENKIT_JS_NULL:
      return 0;
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_STRING:
    case GENKIT_JS_ARRAY:
    case GENKIT_JS_OBJECT:
    default:
      return NAN;
    }
}

/* JavaScript's `a + b`. */
HbValue
_hb_value_plus (HbRender *render,
                HbValue   a,
                HbValue   b)
{
  GString *out;

  if (is_numeric_primitive (a) && is_numeric_primitive (b))
    {
      HbValue sum = { _hb_render_keep (render, _genkit_js_number_node (to_number (a) + to_number (b))),
                       FALSE };
      return sum;
    }

  out = g_string_new (NULL);
  _genkit_js_append_string (out, a.node);
  _genkit_js_append_string (out, b.node);
  return _hb_value_string (render, g_string_free (out, FALSE));
}

static void
acc_init (HbAcc *acc)
{
  acc->kind = ACC_NONE;
  acc->str = NULL;
  acc->value = undefined_value;
}

static void
acc_clear (HbAcc *acc)
{
  if (acc->str != NULL)
    g_string_free (acc->str, TRUE);
  acc_init (acc);
}

static gboolean
check_output (HbRender       *r,
              gsize           added,
              const HbSource *src,
              gsize           offset,
              GError        **error)
{
  r->output_bytes += added;
  if (r->max_output > 0 && r->output_bytes > r->max_output)
    {
      _hb_set_error (error, src, offset, GENKIT_HANDLEBARS_ERROR_LIMIT,
                     "the output grows beyond %" G_GSIZE_FORMAT " bytes", r->max_output);
      return FALSE;
    }
  return TRUE;
}

/* Turns a lone value into the string it stands for, so text can be appended. */
static void
acc_to_string (HbAcc *acc)
{
  if (acc->kind == ACC_STRING)
    return;
  acc->str = g_string_new (NULL);
  if (acc->kind == ACC_VALUE)
    _genkit_js_append_string (acc->str, acc->value.node);
  acc->kind = ACC_STRING;
  acc->value = undefined_value;
}

/* acc = acc + "text" */
static void
acc_add_text (HbAcc      *acc,
              const char *text,
              gsize       len)
{
  acc_to_string (acc);
  g_string_append_len (acc->str, text, len);
}

/* acc = acc + value */
static void
acc_add_value (HbRender *r,
               HbAcc    *acc,
               HbValue   value)
{
  switch (acc->kind)
    {
    case ACC_NONE:
      acc->kind = ACC_VALUE;
      acc->value = value;
      break;
    case ACC_VALUE:
      if (is_numeric_primitive (acc->value) && is_numeric_primitive (value))
        {
          acc->value = _hb_value_plus (r, acc->value, value);
          break;
        }
      acc_to_string (acc);
      G_GNUC_FALLTHROUGH;
    case ACC_STRING:
    default:
      if (_genkit_js_kind (value.node) == GENKIT_JS_STRING)
        g_string_append (acc->str, json_node_get_string (value.node));
      else
        _genkit_js_append_string (acc->str, value.node);
      break;
    }
}

/* The program's result: "" for no appends at all. */
static HbValue
acc_finish (HbRender *r,
            HbAcc    *acc)
{
  HbValue value;

  switch (acc->kind)
    {
    case ACC_NONE:
      value = _hb_value_string (r, g_strdup (""));
      break;
    case ACC_VALUE:
      value = acc->value;
      break;
    case ACC_STRING:
    default:
      value = _hb_value_string (r, g_string_free (acc->str, FALSE));
      acc->str = NULL;
      break;
    }
  acc_init (acc);
  return value;
}

/* `out + result`: the program's result, as acc_finish() would give it, appended to @out
 * (a string) without making a node of it. */
static void
acc_finish_into (HbAcc   *acc,
                 GString *out)
{
  switch (acc->kind)
    {
    case ACC_NONE:
      break;
    case ACC_VALUE:
      _genkit_js_append_string (out, acc->value.node);
      break;
    case ACC_STRING:
    default:
      g_string_append_len (out, acc->str->str, acc->str->len);
      break;
    }
  acc_clear (acc);
}

static gsize
acc_length (HbAcc *acc)
{
  return acc->kind == ACC_STRING ? acc->str->len : 0;
}

static const HbValue empty_string_marker = { NULL, TRUE };

/* `(v != null ? v : "")`, the value an inline append adds. */
static HbValue
append_operand (HbValue value,
                gboolean *is_empty)
{
  GenkitJsKind kind = _genkit_js_kind (value.node);

  *is_empty = !value.safe && (kind == GENKIT_JS_UNDEFINED || kind == GENKIT_JS_NULL);
  return *is_empty ? empty_string_marker : value;
}

/* Adds one append of a mustache (escaped: escapeExpression(v), always a string), a block or
 * a partial to @acc. */
static gboolean
acc_append (HbRender       *r,
            HbAcc          *acc,
            HbValue         value,
            gboolean        escape,
            const HbSource *src,
            gsize           offset,
            GError        **error)
{
  gsize before = acc_length (acc);
  gboolean is_empty;

  value = append_operand (value, &is_empty);
  if (is_empty)
    acc_add_text (acc, "", 0);
  else if (escape && !value.safe)
    {
      g_autofree char *text = _genkit_js_to_string (value.node);

      acc_to_string (acc);
      append_escaped (acc->str, text, strlen (text));
    }
  else
    acc_add_value (r, acc, value);

  return check_output (r, acc_length (acc) - MIN (before, acc_length (acc)), src, offset, error);
}

/* Data frames --------------------------------------------------------------------------- */

/* g_str_equal(), quicker for the data names (index, first, last, key, root), which differ
 * in their first letter. */
static inline gboolean
same_name (const char *a,
           const char *b)
{
  return a[0] == b[0] && strcmp (a, b) == 0;
}

HbFrame *
_hb_frame_new (HbRender *render,
               HbFrame  *parent)
{
  HbFrame *frame = g_new0 (HbFrame, 1);

  frame->parent = parent;
  frame->names = g_ptr_array_new_with_free_func (g_free);
  frame->values = g_array_new (FALSE, FALSE, sizeof (HbValue));
  g_ptr_array_add (render->frames, frame);
  return frame;
}

void
_hb_frame_set (HbFrame    *frame,
               const char *name,
               HbValue     value)
{
  for (guint i = 0; i < frame->names->len; i++)
    if (same_name (frame->names->pdata[i], name))
      {
        g_array_index (frame->values, HbValue, i) = value;
        return;
      }
  g_ptr_array_add (frame->names, g_strdup (name));
  g_array_append_val (frame->values, value);
}

gboolean
_hb_frame_lookup (HbFrame    *frame,
                  const char *name,
                  HbValue    *value)
{
  for (; frame != NULL; frame = frame->parent)
    for (guint i = 0; i < frame->names->len; i++)
      if (same_name (frame->names->pdata[i], name))
        {
          *value = g_array_index (frame->values, HbValue, i);
          return TRUE;
        }
  *value = undefined_value;
  return FALSE;
}

static HbClosure *
frame_partial_block (HbFrame *frame)
{
  for (; frame != NULL; frame = frame->parent)
    if (frame->has_partial_block)
      return frame->partial_block;
  return NULL;
}

/* Lookups ------------------------------------------------------------------------------- */

static gboolean
step (HbRender       *r,
      const HbSource *src,
      gsize           offset,
      GError        **error)
{
  r->steps++;
  if (r->max_steps > 0 && r->steps > r->max_steps)
    {
      _hb_set_error (error, src, offset, GENKIT_HANDLEBARS_ERROR_LIMIT,
                     "rendering takes more than %" G_GUINT64_FORMAT " steps", r->max_steps);
      return FALSE;
    }
  return TRUE;
}

static HbValue
context_at_depth (HbScope *scope,
                  guint    depth)
{
  HbDepths *d;

  if (depth == 0)
    return scope->context;
  d = scope->depths;
  for (guint i = 0; d != NULL && i < depth; i++)
    d = d->next;
  return d != NULL ? value_of (d->context) : undefined_value;
}

/* resolvePath(): `current != null ? lookupProperty(current, part) : current` per segment,
 * or `current && lookupProperty(...)` for data. */
static HbValue
resolve_parts (HbRender *r,
               HbValue   current,
               char    **parts,
               guint     from,
               guint     n_parts,
               gboolean  falsy)
{
  for (guint i = from; i < n_parts; i++)
    {
      if (falsy)
        {
          if (!current.safe && !_genkit_js_truthy (current.node))
            return current;
        }
      else
        {
          GenkitJsKind kind = _genkit_js_kind (current.node);

          if (!current.safe && (kind == GENKIT_JS_UNDEFINED || kind == GENKIT_JS_NULL))
            return current;
        }
      current = value_of (_genkit_js_get_property (current.node, parts[i], r->arena));
    }
  return current;
}

static HbValue
eval_path (HbRender *r,
           HbScope  *scope,
           HbExpr   *path)
{
  if (path->bp_depth >= 0)
    {
      HbScope *s = scope;
      HbValue value = undefined_value;

      for (int i = 0; s != NULL && i < path->bp_depth; i++)
        s = s->parent;
      if (s != NULL && (guint) path->bp_index < s->n_block_params)
        value = s->block_params[path->bp_index];
      return resolve_parts (r, value, path->parts, 1, path->n_parts, FALSE);
    }

  if (path->n_parts == 0)
    return context_at_depth (scope, path->depth);

  if (path->data)
    {
      HbFrame *frame = scope->data;
      HbValue value;

      for (guint i = 0; frame != NULL && i < path->depth; i++)
        frame = frame->parent;
      if (frame == NULL)
        return undefined_value;
      _hb_frame_lookup (frame, path->parts[0], &value);
      return resolve_parts (r, value, path->parts, 1, path->n_parts, TRUE);
    }

  return resolve_parts (r, context_at_depth (scope, path->depth), path->parts, 0,
                        path->n_parts, FALSE);
}

/* Calls --------------------------------------------------------------------------------- */

static gboolean eval_call  (HbRender       *r,
                            HbScope        *scope,
                            const HbSource *src,
                            HbCall         *call,
                            const HbProgram *program,
                            const HbProgram *inverse,
                            gboolean        is_block,
                            HbValue        *result,
                            GError        **error);

static gboolean
eval_expr (HbRender       *r,
           HbScope        *scope,
           const HbSource *src,
           HbExpr         *expr,
           HbValue        *value,
           GError        **error)
{
  switch (expr->type)
    {
    case HB_EXPR_PATH:
      *value = eval_path (r, scope, expr);
      return TRUE;
    case HB_EXPR_SUBEXPR:
      return eval_call (r, scope, src, &expr->call, NULL, NULL, FALSE, value, error);
    case HB_EXPR_STRING:
    case HB_EXPR_NUMBER:
    case HB_EXPR_BOOLEAN:
    case HB_EXPR_UNDEFINED:
    case HB_EXPR_NULL:
    default:
      *value = value_of (expr->value);
      return TRUE;
    }
}

static gboolean
enter (HbRender       *r,
       const HbSource *src,
       gsize           offset,
       GError        **error)
{
  if (++r->nesting > GENKIT_HANDLEBARS_MAX_NESTING)
    {
      r->nesting--;
      _hb_set_error (error, src, offset, GENKIT_HANDLEBARS_ERROR_LIMIT,
                     "helpers, blocks and partials nest more than %d deep (does a partial "
                     "include itself?)", GENKIT_HANDLEBARS_MAX_NESTING);
      return FALSE;
    }
  return TRUE;
}

static void
leave (HbRender *r)
{
  r->nesting--;
}

/* Calls @helper with the evaluated arguments of @call and, for a block, its programs. */
static gboolean
invoke_helper (HbRender        *r,
               HbScope         *scope,
               const HbSource  *src,
               HbHelper        *helper,
               const char      *name,
               HbCall          *call,
               HbValue         *params,
               guint            n_params,
               HbValue         *hash_values,
               const HbProgram *program,
               const HbProgram *inverse,
               gboolean         is_block,
               HbValue         *result,
               GError         **error)
{
  GenkitHandlebarsHelperCall hc = { 0 };
  HbClosure fn = { 0 };
  HbClosure inv = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!enter (r, src, call->offset, error))
    return FALSE;

  hc.render = r;
  hc.name = name;
  hc.scope = scope;
  hc.params = params;
  hc.n_params = n_params;
  hc.hash_keys = call->hash_keys;
  hc.hash_values = hash_values;
  hc.offset = call->offset;
  hc.src = src;
  hc.result = undefined_value;

  if (is_block)
    {
      fn.program = program;
      fn.scope = scope;
      fn.template = scope->tmpl;
      inv.program = inverse;
      inv.scope = scope;
      inv.template = scope->tmpl;
      hc.fn = &fn;
      hc.inverse = &inv;
      hc.n_block_params = program != NULL ? program->n_block_params : 0;
    }

  ok = helper->func (&hc, helper->user_data, &local_error);
  leave (r);

  if (!ok)
    {
      if (local_error == NULL)
        {
          _hb_set_error (error, src, call->offset, GENKIT_HANDLEBARS_ERROR_HELPER,
                         "the helper '%s' failed", name);
          return FALSE;
        }
      /* An error from the helper's own block already says where it happened. */
      if (!hc.nested_failed)
        {
          g_autofree char *where = _hb_location_prefix (src, call->offset);
          g_prefix_error (&local_error, "%s", where);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = hc.result;
  return TRUE;
}

/* The evaluated arguments and hash values of a call; a few live on the stack. */
#define HB_ARGS_INLINE 8

typedef struct
{
  HbValue *params;
  guint    n_params;
  HbValue *hash;
  guint    n_hash;
  HbValue *heap;
  HbValue  inline_values[HB_ARGS_INLINE];
} HbArgs;

static void
hb_args_clear (HbArgs *args)
{
  g_clear_pointer (&args->heap, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HbArgs, hb_args_clear)

static gboolean
eval_args (HbRender        *r,
           HbScope         *scope,
           const HbSource  *src,
           HbCall          *call,
           HbArgs          *args,
           GError         **error)
{
  guint n_params = call->params != NULL ? call->params->len : 0;
  guint n_hash = call->hash_values != NULL ? call->hash_values->len : 0;
  HbValue *storage = args->inline_values;

  if (n_params + n_hash > HB_ARGS_INLINE)
    storage = args->heap = g_new0 (HbValue, n_params + n_hash);
  args->params = storage;
  args->hash = storage + n_params;
  args->n_params = n_params;
  args->n_hash = n_hash;

  for (guint i = 0; i < n_params; i++)
    if (!eval_expr (r, scope, src, call->params->pdata[i], &args->params[i], error))
      return FALSE;
  for (guint i = 0; i < n_hash; i++)
    if (!eval_expr (r, scope, src, call->hash_values->pdata[i], &args->hash[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
block_helper_missing (HbRender        *r,
                      HbScope         *scope,
                      const HbSource  *src,
                      HbCall          *call,
                      HbValue          context,
                      const HbProgram *program,
                      const HbProgram *inverse,
                      HbValue         *result,
                      GError         **error);

/* A helper call that found no helper: helperMissing() is quiet without arguments and fails
 * with them; a block then goes through blockHelperMissing() like a value. */
static gboolean
helper_missing (HbCall         *call,
                const HbSource *src,
                guint           n_params,
                GError        **error)
{
  if (n_params == 0)
    return TRUE;
  _hb_set_error (error, src, call->offset, GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER,
                 "Missing helper: \"%s\"", call->path->original);
  return FALSE;
}

static gboolean
eval_call (HbRender        *r,
           HbScope         *scope,
           const HbSource  *src,
           HbCall          *call,
           const HbProgram *program,
           const HbProgram *inverse,
           gboolean         is_block,
           HbValue         *result,
           GError         **error)
{
  g_auto(HbArgs) args = { 0 };
  HbHelper *helper = NULL;

  *result = undefined_value;

  switch (call->kind)
    {
    case HB_CALL_SIMPLE:
      {
        HbValue value = eval_path (r, scope, call->path);

        if (!is_block)
          {
            *result = value;
            return TRUE;
          }
        return block_helper_missing (r, scope, src, call, value, program, inverse, result, error);
      }

    case HB_CALL_AMBIGUOUS:
      helper = call->helper_name != NULL ?
               _genkit_handlebars_lookup_helper (r->env, call->helper_name) : NULL;
      if (helper == NULL)
        {
          HbValue value = eval_path (r, scope, call->path);

          if (!is_block)
            {
              *result = value;
              return TRUE;
            }
          return block_helper_missing (r, scope, src, call, value, program, inverse, result,
                                       error);
        }
      if (!eval_args (r, scope, src, call, &args, error))
        return FALSE;
      return invoke_helper (r, scope, src, helper, call->helper_name, call,
                            args.params, args.n_params, args.hash,
                            program, inverse, is_block, result, error);

    case HB_CALL_HELPER:
    default:
      if (!eval_args (r, scope, src, call, &args, error))
        return FALSE;
      if (call->helper_name != NULL && (call->known || call->simple_id))
        helper = _genkit_handlebars_lookup_helper (r->env, call->helper_name);
      if (helper == NULL)
        {
          if (call->known)
            {
              _hb_set_error (error, src, call->offset, GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER,
                             "Missing helper: \"%s\" (it was unregistered)", call->helper_name);
              return FALSE;
            }
          return helper_missing (call, src, args.n_params, error);
        }
      return invoke_helper (r, scope, src, helper, call->helper_name, call,
                            args.params, args.n_params, args.hash,
                            program, inverse, is_block, result, error);
    }
}

/* Runs @closure's program with @context: options.fn(context, {data, blockParams}). A
 * missing program is container.noop, which returns "". */
gboolean
_hb_call_closure (HbRender  *render,
                  HbClosure *closure,
                  HbValue    context,
                  HbFrame   *data,
                  HbValue   *block_params,
                  guint      n_block_params,
                  HbValue   *result,
                  GError   **error)
{
  HbScope *scope = closure->scope;
  HbDepths *depths;
  HbDepths *pushed = NULL;
  gboolean ok;

  if (closure->is_partial_block)
    {
      /* partialBlockWrapper: the block runs with the @partial-block of where it was
       * written. */
      HbFrame *frame = _hb_frame_new (render, data);

      frame->has_partial_block = TRUE;
      frame->partial_block = closure->partial_block_outer;
      return _hb_call_closure (render, closure->block, context, frame, block_params,
                               n_block_params, result, error);
    }

  if (closure->program == NULL)
    {
      *result = _hb_value_string (render, g_strdup (""));
      return TRUE;
    }

  if (data == NULL)
    data = scope != NULL ? scope->data : NULL;

  /* wrapProgram(): push the context on the depths only when it changes. */
  depths = scope != NULL ? scope->depths : NULL;
  if (depths == NULL || !value_loose_equals (context, value_of (depths->context)))
    {
      pushed = g_new0 (HbDepths, 1);
      pushed->context = context.node;
      pushed->next = depths;
      depths = pushed;
    }

  ok = run_program (render, closure->template, closure->program, scope, context, depths, data,
                    block_params, n_block_params, result, error);
  g_free (pushed);
  return ok;
}

static gboolean
render_closure_to_value (HbRender        *r,
                         HbClosure       *closure,
                         HbValue          context,
                         HbValue         *block_params,
                         guint            n_block_params,
                         HbValue         *result,
                         GError         **error)
{
  return _hb_call_closure (r, closure, context, NULL, block_params, n_block_params, result,
                           error);
}

/* blockHelperMissing(context, options): true runs the block, false/null the inverse, an array
 * goes to each, anything else becomes the block's context. */
static gboolean
block_helper_missing (HbRender        *r,
                      HbScope         *scope,
                      const HbSource  *src,
                      HbCall          *call,
                      HbValue          context,
                      const HbProgram *program,
                      const HbProgram *inverse,
                      HbValue         *result,
                      GError         **error)
{
  HbClosure fn = { program, scope, scope->tmpl, NULL, FALSE, NULL };
  HbClosure inv = { inverse, scope, scope->tmpl, NULL, FALSE, NULL };
  GenkitJsKind kind = _genkit_js_kind (context.node);

  if (!context.safe && kind == GENKIT_JS_BOOLEAN && json_node_get_boolean (context.node))
    return render_closure_to_value (r, &fn, scope->context, NULL, 0, result, error);

  if (!context.safe && (kind == GENKIT_JS_UNDEFINED || kind == GENKIT_JS_NULL ||
                        (kind == GENKIT_JS_BOOLEAN && !json_node_get_boolean (context.node))))
    return render_closure_to_value (r, &inv, scope->context, NULL, 0, result, error);

  if (!context.safe && kind == GENKIT_JS_ARRAY)
    {
      if (json_array_get_length (json_node_get_array (context.node)) > 0)
        {
          HbHelper *each = _genkit_handlebars_lookup_helper (r->env, "each");

          if (each == NULL)
            {
              _hb_set_error (error, src, call->offset, GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER,
                             "Missing helper: \"each\"");
              return FALSE;
            }
          return invoke_helper (r, scope, src, each, call->path->original, call, &context, 1,
                                NULL, program, inverse, TRUE, result, error);
        }
      return render_closure_to_value (r, &inv, scope->context, NULL, 0, result, error);
    }

  return render_closure_to_value (r, &fn, context, NULL, 0, result, error);
}

/* Partials ------------------------------------------------------------------------------ */

static HbClosure *
lookup_inline_partial (HbRender   *r,
                       const char *name)
{
  for (HbPartials *p = r->partials; p != NULL; p = p->parent)
    {
      HbClosure *closure = g_hash_table_lookup (p->inline_partials, name);

      if (closure != NULL)
        return closure;
    }
  return NULL;
}

/* Utils.extend({}, context, hash) */
static JsonNode *
extend_context (HbRender   *r,
                HbValue     context,
                HbCall     *call,
                HbValue    *hash_values)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  switch (_genkit_js_kind (context.node))
    {
    case GENKIT_JS_OBJECT:
      {
        JsonObject *from = json_node_get_object (context.node);
        g_autoptr(GPtrArray) keys = _genkit_js_object_keys (from);

        for (guint i = 0; i < keys->len; i++)
          json_object_set_member (object, keys->pdata[i],
                                  json_node_ref (json_object_get_member (from, keys->pdata[i])));
      }
      break;
    case GENKIT_JS_ARRAY:
      {
        JsonArray *from = json_node_get_array (context.node);

        for (guint i = 0; i < json_array_get_length (from); i++)
          {
            char key[16];

            g_snprintf (key, sizeof key, "%u", i);
            json_object_set_member (object, key, json_node_ref (json_array_get_element (from, i)));
          }
      }
      break;
    case GENKIT_JS_STRING:
      {
        const char *s = json_node_get_string (context.node);
        guint i = 0;

        for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p), i++)
          {
            char key[16];
            JsonNode *ch = _genkit_js_string_node_take (g_strndup (p, g_utf8_next_char (p) - p));

            g_snprintf (key, sizeof key, "%u", i);
            json_object_set_member (object, key, ch);
          }
      }
      break;
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    case GENKIT_JS_BOOLEAN:
    case GENKIT_JS_NUMBER:
    default:
      break;
    }

  for (guint i = 0; i < call->hash_keys->len; i++)
    {
      JsonNode *value = hash_values[i].node;

      if (value == NULL)
        {
          /* undefined members are kept by JavaScript but never print or serialize. */
          json_object_remove_member (object, call->hash_keys->pdata[i]);
          continue;
        }
      _genkit_js_object_set (object, call->hash_keys->pdata[i], json_node_ref (value));
    }

  json_node_take_object (node, object);
  return _hb_render_keep (r, node);
}

/* Prefixes every line of @text but a last empty one with @indent. */
static void
append_indented (GString    *out,
                 const char *text,
                 gsize       len,
                 const char *indent)
{
  const char *p = text;
  const char *end = text + len;

  while (p <= end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;

      if (line_end == p && nl == NULL)
        break;
      g_string_append (out, indent);
      g_string_append_len (out, p, line_end - p);
      if (nl == NULL)
        break;
      g_string_append_c (out, '\n');
      p = nl + 1;
    }
}

static gboolean
invoke_partial (HbRender        *r,
                HbScope         *scope,
                const HbSource  *src,
                HbStmt          *stmt,
                HbValue         *result,
                GError         **error)
{
  g_auto(HbArgs) args = { 0 };
  g_autofree char *dynamic_name = NULL;
  const char *name;
  HbValue context;
  HbFrame *data = scope->data;
  HbClosure block = { 0 };
  HbClosure block_wrapper = { 0 };
  HbClosure *partial_closure = NULL;
  g_autoptr(GenkitHandlebarsTemplate) partial_template = NULL;
  g_autoptr(GError) partial_error = NULL;
  gboolean ok;

  if (stmt->dynamic_name)
    {
      HbValue v;

      if (!eval_expr (r, scope, src, stmt->call.path, &v, error))
        return FALSE;
      if (v.safe || _genkit_js_truthy (v.node))
        dynamic_name = _genkit_js_to_string (v.node);
      else
        dynamic_name = g_strdup ("undefined");
      name = dynamic_name;
    }
  else
    {
      name = stmt->partial_name;
    }

  if (!eval_args (r, scope, src, &stmt->call, &args, error))
    return FALSE;

  context = args.n_params > 0 ? args.params[0] : scope->context;
  if (stmt->call.hash_keys != NULL)
    context = value_of (extend_context (r, context, &stmt->call, args.hash));

  /* resolvePartial() */
  if (g_str_equal (name, "@partial-block"))
    partial_closure = frame_partial_block (data);
  else if ((partial_closure = lookup_inline_partial (r, name)) == NULL)
    partial_template = _genkit_handlebars_get_partial (r->env, name, &partial_error);

  if (partial_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&partial_error));
      return FALSE;
    }

  /* invokePartial(): a partial block's content becomes @partial-block, and the fallback. */
  if (stmt->type == HB_STMT_PARTIAL_BLOCK)
    {
      HbClosure *current = frame_partial_block (data);

      block.program = stmt->program;
      block.scope = scope;
      block.template = scope->tmpl;
      block_wrapper.is_partial_block = TRUE;
      block_wrapper.block = &block;
      block_wrapper.partial_block_outer = current;

      data = _hb_frame_new (r, data);
      data->has_partial_block = TRUE;
      data->partial_block = &block_wrapper;

      if (partial_closure == NULL && partial_template == NULL)
        partial_closure = &block_wrapper;
    }

  if (partial_closure == NULL && partial_template == NULL)
    {
      _hb_set_error (error, src, stmt->offset, GENKIT_HANDLEBARS_ERROR_UNKNOWN_PARTIAL,
                     "The partial %s could not be found", name);
      return FALSE;
    }

  if (!enter (r, src, stmt->offset, error))
    return FALSE;
  if (partial_closure != NULL)
    {
      HbPartials *saved = r->partials;

      ok = _hb_call_closure (r, partial_closure, context, data, NULL, 0, result, error);
      r->partials = saved;
    }
  else
    {
      ok = _hb_render_template (r, partial_template, context, data, result, error);
    }
  leave (r);

  if (!ok)
    return FALSE;

  /* A standalone partial: every line of its text gets the tag's indentation. */
  if (stmt->indent != NULL && stmt->indent[0] != '\0')
    {
      g_autofree char *text = _hb_value_to_string (*result);
      GString *indented = g_string_new (NULL);

      append_indented (indented, text, strlen (text), stmt->indent);
      if (!check_output (r, indented->len, src, stmt->offset, error))
        {
          g_string_free (indented, TRUE);
          return FALSE;
        }
      *result = _hb_value_string (r, g_string_free (indented, FALSE));
    }
  return TRUE;
}

/* Programs ------------------------------------------------------------------------------ */

static void
closure_free (HbClosure *closure)
{
  g_free (closure);
}

/* Runs the decorators of @program: `{{#*inline "name"}}` partials for its duration. */
static gboolean
run_decorators (HbRender       *r,
                HbScope        *scope,
                const HbSource *src,
                GenkitHandlebarsTemplate *tmpl,
                HbPartials     *frame,
                GError        **error)
{
  for (guint i = 0; i < scope->program->body->len; i++)
    {
      HbStmt *stmt = scope->program->body->pdata[i];
      g_auto(HbArgs) args = { 0 };
      g_autofree char *name = NULL;
      HbClosure *closure;

      if (stmt->type != HB_STMT_DECORATOR && stmt->type != HB_STMT_DECORATOR_BLOCK)
        continue;

      if (stmt->type != HB_STMT_DECORATOR_BLOCK ||
          !g_str_equal (stmt->call.path->original, "inline"))
        {
          _hb_set_error (error, src, stmt->offset, GENKIT_HANDLEBARS_ERROR_HELPER,
                         "unknown decorator '%s' (only {{#*inline \"name\"}}…{{/inline}} is "
                         "supported)", stmt->call.path->original);
          return FALSE;
        }

      if (!eval_args (r, scope, src, &stmt->call, &args, error))
        return FALSE;
      name = _genkit_js_to_string (args.n_params > 0 ? args.params[0].node
                                                   : NULL);

      closure = g_new0 (HbClosure, 1);
      closure->program = stmt->program;
      closure->scope = scope;
      closure->template = tmpl;
      g_hash_table_replace (frame->inline_partials, g_steal_pointer (&name), closure);
    }
  return TRUE;
}

static gboolean
run_program (HbRender                 *r,
             GenkitHandlebarsTemplate *tmpl,
             const HbProgram          *program,
             HbScope                  *parent,
             HbValue                   context,
             HbDepths                 *depths,
             HbFrame                  *data,
             HbValue                  *block_params,
             guint                     n_block_params,
             HbValue                  *result,
             GError                  **error)
{
  const HbSource *src;
  HbScope scope = { 0 };
  HbPartials partials = { NULL, NULL };
  HbPartials *saved_partials = r->partials;
  HbAcc run;
  HbAcc buffer;
  gboolean seen_source = FALSE;
  gboolean ok = TRUE;
  /* Taken before anything else runs: programs this one runs append elsewhere. */
  GString *sink = g_steal_pointer (&r->pending_sink);

  g_assert (tmpl != NULL);
  scope.parent = parent;
  scope.tmpl = tmpl;
  scope.program = program;
  scope.context = context;
  scope.depths = depths;
  scope.data = data;
  src = _genkit_handlebars_template_get_hb_source (tmpl);
  acc_init (&run);
  acc_init (&buffer);

  if (n_block_params > 0)
    {
      /* Keep the values: a helper may have passed a stack array. */
      scope.block_params = g_memdup2 (block_params, sizeof (HbValue) * n_block_params);
      scope.n_block_params = n_block_params;
    }

  if (program->has_decorators)
    {
      partials.parent = r->partials;
      partials.inline_partials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) closure_free);
      ok = run_decorators (r, &scope, src, tmpl, &partials, error);
      r->partials = &partials;
    }

  /* The appends of a program form `+` chains. An ambiguous block (only without
   * knownHelpersOnly) is appended by a statement of its own, `if (v != null) buffer += v`:
   * the chain before it is `buffer = a + b` (the first) or `buffer += a + b`, and the chain
   * after the last one is `return buffer + a + b`, added one by one. */
  for (guint i = 0; ok && i < program->body->len; i++)
    {
      HbStmt *stmt = program->body->pdata[i];
      gboolean explicit_append = program->has_explicit && i == program->last_explicit;
      HbAcc *target;
      HbValue value;

      if (!(ok = step (r, src, stmt->offset, error)))
        break;

      if (program->has_explicit && i > program->last_explicit)
        target = &buffer;
      else
        target = &run;

      if (stmt->type == HB_STMT_BLOCK && stmt->call.kind == HB_CALL_AMBIGUOUS)
        explicit_append = TRUE;

      switch (stmt->type)
        {
        case HB_STMT_CONTENT:
          if (stmt->value_end > stmt->value_start)
            {
              acc_add_text (target, stmt->original + stmt->value_start,
                            stmt->value_end - stmt->value_start);
              ok = check_output (r, stmt->value_end - stmt->value_start, src, stmt->offset,
                                 error);
            }
          break;

        case HB_STMT_MUSTACHE:
          ok = eval_call (r, &scope, src, &stmt->call, NULL, NULL, FALSE, &value, error) &&
               acc_append (r, target, value,
                           stmt->escaped && !genkit_handlebars_get_no_escape (r->env),
                           src, stmt->offset, error);
          break;

        case HB_STMT_BLOCK:
          if (!(ok = eval_call (r, &scope, src, &stmt->call, stmt->program, stmt->inverse, TRUE,
                                &value, error)))
            break;

          if (!explicit_append)
            {
              ok = acc_append (r, target, value, FALSE, src, stmt->offset, error);
              break;
            }

          if (program->body->len == 1)
            {
              /* isSimple: `if (v != null) return v; else return '';` */
              gboolean is_empty;

              append_operand (value, &is_empty);
              acc_clear (&run);
              if (is_empty)
                acc_add_text (&run, "", 0);
              else
                acc_add_value (r, &run, value);
              break;
            }

          /* Close the chain before this statement. */
          if (!seen_source)
            {
              buffer = run;
              if (buffer.kind == ACC_NONE)
                acc_add_text (&buffer, "", 0);
            }
          else if (run.kind != ACC_NONE)
            {
              acc_add_value (r, &buffer, acc_finish (r, &run));
            }
          acc_init (&run);
          seen_source = TRUE;

          {
            gboolean is_empty;

            append_operand (value, &is_empty);
            if (!is_empty)
              acc_add_value (r, &buffer, value);
          }
          break;

        case HB_STMT_PARTIAL:
        case HB_STMT_PARTIAL_BLOCK:
          ok = invoke_partial (r, &scope, src, stmt, &value, error) &&
               acc_append (r, target, value, FALSE, src, stmt->offset, error);
          break;

        case HB_STMT_COMMENT:
        case HB_STMT_DECORATOR:
        case HB_STMT_DECORATOR_BLOCK:
        default:
          break;
        }
    }

  if (ok)
    {
      HbAcc *final = program->has_explicit && program->body->len > 1 ? &buffer : &run;

      if (sink != NULL)
        {
          acc_finish_into (final, sink);
          *result = undefined_value;
        }
      else
        {
          *result = acc_finish (r, final);
        }
    }
  acc_clear (&run);
  acc_clear (&buffer);

  if (partials.inline_partials != NULL)
    g_hash_table_unref (partials.inline_partials);
  r->partials = saved_partials;
  g_free (scope.block_params);
  return ok;
}

/**
 * _hb_render_template:
 * @render: the render in progress
 * @template: a compiled template (the main one or a partial)
 * @context: its context
 * @data: its data frame
 * @result: (out): what the template returns: usually a string, a lone value as is
 * @error: return location for an error
 *
 * Runs a template's root program with a fresh depth stack and no block parameters.
 *
 * Returns: %TRUE on success
 */
gboolean
_hb_render_template (HbRender                 *render,
                     GenkitHandlebarsTemplate *template,
                     HbValue                   context,
                     HbFrame                  *data,
                     HbValue                  *result,
                     GError                  **error)
{
  HbDepths depths = { context.node, NULL };

  return run_program (render, template, _genkit_handlebars_template_get_program (template), NULL,
                      context, &depths, data, NULL, 0, result, error);
}
