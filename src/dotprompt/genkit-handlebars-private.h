/* genkit-handlebars-private.h — the Handlebars engine's tokens, syntax tree and runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The lexer follows handlebars.l and the parser handlebars.yy (Handlebars 4.x, as vendored in
 * google/dotprompt's spec/handlebars/); the tree has the shape of Handlebars' AST after
 * `prepareBlock()`, `prepareMustache()` and friends, so that the whitespace-control pass and
 * the runtime can follow handlebars.js step by step.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "genkit-handlebars.h"
#include "genkit-handlebars-template.h"
#include "genkit-handlebars-helper-call.h"

G_BEGIN_DECLS

/* Nesting of blocks, sub-expressions, partials and helper calls beyond which a template is
 * refused or a render stops, so neither can exhaust the C stack. */
#define GENKIT_HANDLEBARS_MAX_NESTING 200

/* Tokens ------------------------------------------------------------------------------- */

typedef enum
{
  HB_TOK_CONTENT,
  HB_TOK_COMMENT,
  HB_TOK_OPEN_SEXPR,
  HB_TOK_CLOSE_SEXPR,
  HB_TOK_OPEN_RAW_BLOCK,
  HB_TOK_CLOSE_RAW_BLOCK,
  HB_TOK_END_RAW_BLOCK,
  HB_TOK_OPEN_PARTIAL,
  HB_TOK_OPEN_PARTIAL_BLOCK,
  HB_TOK_OPEN_BLOCK,
  HB_TOK_OPEN_ENDBLOCK,
  HB_TOK_INVERSE,
  HB_TOK_OPEN_INVERSE,
  HB_TOK_OPEN_INVERSE_CHAIN,
  HB_TOK_OPEN_UNESCAPED,
  HB_TOK_OPEN,
  HB_TOK_EQUALS,
  HB_TOK_ID,
  HB_TOK_SEP,
  HB_TOK_CLOSE_UNESCAPED,
  HB_TOK_CLOSE,
  HB_TOK_STRING,
  HB_TOK_DATA,
  HB_TOK_BOOLEAN,
  HB_TOK_UNDEFINED,
  HB_TOK_NULL,
  HB_TOK_NUMBER,
  HB_TOK_OPEN_BLOCK_PARAMS,
  HB_TOK_CLOSE_BLOCK_PARAMS,
  HB_TOK_INVALID,
  HB_TOK_EOF,
  /* Not a Handlebars token: the lexer could not go on (an unclosed comment, raw block). */
  HB_TOK_ERROR,
} HbTokenType;

typedef struct
{
  HbTokenType  type;
  gsize        start;     /* byte offsets into the source */
  gsize        end;
  char        *text;      /* yytext after the lexer's own rewriting (quotes stripped, ...) */
} HbToken;

/* Where a template comes from, for error messages: offsets become LINE:COLUMN in the file. */
typedef struct
{
  const char *source;
  gsize       length;
  const char *filename;     /* nullable */
  guint       first_line;   /* line of the source's first byte in its file, from 1 */
  guint       first_column; /* column of that byte, from 1 */
} HbSource;

GArray   *_hb_tokenize             (const char     *source,
                                    gsize           length);
void      _hb_tokens_free          (GArray         *tokens);
void      _hb_source_position      (const HbSource *src,
                                    gsize           offset,
                                    guint          *line,
                                    guint          *column);
char     *_hb_location_prefix      (const HbSource *src,
                                    gsize           offset);
void      _hb_set_error            (GError        **error,
                                    const HbSource *src,
                                    gsize           offset,
                                    GenkitHandlebarsError code,
                                    const char     *format,
                                    ...) G_GNUC_PRINTF (5, 6);

/* Syntax tree -------------------------------------------------------------------------- */

typedef struct _HbProgram HbProgram;
typedef struct _HbStmt HbStmt;
typedef struct _HbExpr HbExpr;

typedef enum
{
  HB_STMT_CONTENT,
  HB_STMT_COMMENT,
  HB_STMT_MUSTACHE,
  HB_STMT_BLOCK,
  HB_STMT_PARTIAL,
  HB_STMT_PARTIAL_BLOCK,
  HB_STMT_DECORATOR,
  HB_STMT_DECORATOR_BLOCK,
} HbStmtType;

typedef enum
{
  HB_EXPR_PATH,
  HB_EXPR_SUBEXPR,
  HB_EXPR_STRING,
  HB_EXPR_NUMBER,
  HB_EXPR_BOOLEAN,
  HB_EXPR_UNDEFINED,
  HB_EXPR_NULL,
} HbExprType;

/* How a mustache, block or sub-expression is evaluated: Handlebars' classifySexpr(). */
typedef enum
{
  HB_CALL_SIMPLE,      /* a value looked up in the context */
  HB_CALL_HELPER,      /* a helper call (known at compile time, or looked up at run time) */
  HB_CALL_AMBIGUOUS,   /* a helper if one is registered when it runs, else a value */
} HbCallKind;

/* Strip flags of a tag (`{{~` / `~}}`); `set` is FALSE where handlebars.js has `undefined`. */
typedef struct
{
  guint set   : 1;
  guint open  : 1;
  guint close : 1;
} HbStrip;

typedef struct
{
  HbExpr     *path;          /* the helper name or value path (a partial's name) */
  GPtrArray  *params;        /* HbExpr */
  GPtrArray  *hash_keys;     /* char *, or NULL without a hash */
  GPtrArray  *hash_values;   /* HbExpr */
  HbCallKind  kind;
  gboolean    known;         /* HELPER: the name was a registered helper when compiled */
  gboolean    simple_id;     /* the path is a single plain segment (Handlebars' simpleId) */
  const char *helper_name;   /* path->parts[0], or NULL */
  gsize       offset;
} HbCall;

struct _HbExpr
{
  HbExprType  type;
  gsize       offset;

  /* HB_EXPR_PATH */
  gboolean    data;
  guint       depth;
  char      **parts;
  guint       n_parts;
  char       *original;
  gboolean    scoped;
  int         bp_depth;      /* block parameter (programs up, index), or -1 */
  int         bp_index;

  /* literals: their value (NULL for undefined) and `original + ''` */
  JsonNode   *value;
  char       *literal_text;

  /* HB_EXPR_SUBEXPR */
  HbCall      call;
};

struct _HbStmt
{
  HbStmtType  type;
  gsize       offset;

  /* HB_STMT_CONTENT: value is original[value_start, value_end) */
  char       *original;
  gsize       original_len;
  gsize       value_start;
  gsize       value_end;
  gboolean    left_stripped;
  gboolean    right_stripped;

  /* mustaches, blocks, partials, decorators */
  HbCall      call;
  gboolean    escaped;
  HbStrip     strip;          /* mustache, comment, partial */
  HbProgram  *program;
  HbProgram  *inverse;
  HbStrip     open_strip;
  HbStrip     inverse_strip;
  HbStrip     close_strip;
  char       *indent;         /* standalone partial */
  gboolean    dynamic_name;   /* partial name is a sub-expression */
  char       *partial_name;   /* static partial name */
};

struct _HbProgram
{
  GPtrArray  *body;           /* HbStmt */
  char      **block_params;   /* NULL-terminated, or NULL */
  guint       n_block_params;
  gboolean    chained;
  gboolean    has_decorators;
  gboolean    has_explicit;   /* holds an ambiguous block, which handlebars.js appends with
                               * `if (v != null) buffer += v` outside the `+` chain */
  guint       last_explicit;  /* the index of the last such block */
};

HbProgram *_hb_parse               (const HbSource *src,
                                    GError        **error);
void       _hb_program_free        (HbProgram      *program);
void       _hb_whitespace_control  (HbProgram      *root);
gboolean   _hb_classify            (HbProgram      *root,
                                    GenkitHandlebars *env,
                                    const HbSource *src,
                                    GError        **error);
void       _hb_collect_partials    (HbProgram      *program,
                                    GPtrArray      *names);

/* Runtime ------------------------------------------------------------------------------- */

typedef struct _HbValue HbValue;
typedef struct _HbScope HbScope;
typedef struct _HbFrame HbFrame;
typedef struct _HbDepths HbDepths;
typedef struct _HbClosure HbClosure;
typedef struct _HbRender HbRender;
typedef struct _HbPartials HbPartials;

/* A value: a JSON node (NULL for undefined), or a helper's SafeString, which prints
 * unescaped and is truthy even when empty. */
struct _HbValue
{
  JsonNode *node;
  gboolean  safe;
};

struct _HbDepths
{
  JsonNode *context;
  HbDepths *next;
};

/* A data frame (`@index`, `@root`, ...): lookups walk to the parents, as handlebars.js'
 * createFrame() copies them. */
struct _HbFrame
{
  HbFrame    *parent;
  GPtrArray  *names;          /* const char *, parallel to values */
  GArray     *values;         /* HbValue */
  gboolean    has_partial_block;
  HbClosure  *partial_block;  /* `@partial-block`, or NULL for undefined */
};

/* One running program: handlebars.js' wrapProgram() state. */
struct _HbScope
{
  HbScope        *parent;         /* the scope the program's block was evaluated in */
  GenkitHandlebarsTemplate *tmpl; /* the template the program belongs to */
  const HbProgram *program;
  HbValue         context;
  HbDepths       *depths;
  HbFrame        *data;
  HbValue        *block_params;
  guint           n_block_params;
};

/* A program bound to the scope it was created in: options.fn / options.inverse. */
struct _HbClosure
{
  const HbProgram           *program;
  HbScope                   *scope;
  GenkitHandlebarsTemplate  *template;
  HbClosure                 *partial_block_outer;  /* for @partial-block wrappers */
  gboolean                   is_partial_block;
  HbClosure                 *block;                /* wrapped block of a partial block */
};

struct _HbPartials
{
  HbPartials *parent;
  GHashTable *inline_partials;   /* name → HbClosure */
};

struct _GenkitHandlebarsHelperCall
{
  HbRender     *render;
  const char   *name;
  HbScope      *scope;
  HbValue      *params;
  guint         n_params;
  GPtrArray    *hash_keys;
  HbValue      *hash_values;
  HbClosure    *fn;
  HbClosure    *inverse;
  guint         n_block_params;
  gsize         offset;
  const HbSource *src;
  HbValue       result;
  gboolean      nested_failed;  /* a block it rendered failed: the error has its place */
};

typedef struct
{
  GenkitHandlebarsHelperFunc func;
  gpointer                   user_data;
  GDestroyNotify             destroy;
} HbHelper;

struct _HbRender
{
  GenkitHandlebars *env;
  GPtrArray        *arena;        /* JsonNode: values created while rendering */
  GPtrArray        *frames;       /* HbFrame and HbScope allocations */
  HbPartials       *partials;
  guint             nesting;
  gsize             output_bytes;
  guint64           steps;
  gsize             max_output;
  guint64           max_steps;
  JsonNode         *true_node;
  JsonNode         *false_node;
  GString          *pending_sink; /* where the next program run appends its result */
};

GenkitHandlebarsTemplate *_genkit_handlebars_template_new (GenkitHandlebars *env,
                                                           const char       *source,
                                                           gsize             length,
                                                           const char       *filename,
                                                           guint             first_line,
                                                           guint             first_column,
                                                           GError          **error);
void            _hb_render_init                           (HbRender         *render,
                                                           GenkitHandlebars *env);
void            _hb_render_clear                          (HbRender         *render);
void            _genkit_handlebars_template_borrow_env    (GenkitHandlebarsTemplate *self);
const HbSource *_genkit_handlebars_template_get_hb_source (GenkitHandlebarsTemplate *self);
HbProgram      *_genkit_handlebars_template_get_program   (GenkitHandlebarsTemplate *self);

HbHelper  *_genkit_handlebars_lookup_helper  (GenkitHandlebars  *self,
                                              const char        *name);
GenkitHandlebarsTemplate *_genkit_handlebars_get_partial (GenkitHandlebars *self,
                                                          const char       *name,
                                                          GError          **error);
void       _genkit_handlebars_emit_log       (GenkitHandlebars  *self,
                                              const char        *level,
                                              const char        *message);
void       _genkit_handlebars_get_limits     (GenkitHandlebars  *self,
                                              gsize             *max_output,
                                              guint64           *max_steps);
void       _genkit_handlebars_register_builtins (GenkitHandlebars *self);

gboolean   _hb_render_template     (HbRender                 *render,
                                    GenkitHandlebarsTemplate *template,
                                    HbValue                   context,
                                    HbFrame                  *data,
                                    HbValue                  *result,
                                    GError                  **error);
HbFrame   *_hb_frame_new           (HbRender       *render,
                                    HbFrame        *parent);
void       _hb_frame_set           (HbFrame        *frame,
                                    const char     *name,
                                    HbValue         value);
gboolean   _hb_frame_lookup        (HbFrame        *frame,
                                    const char     *name,
                                    HbValue        *value);
gboolean   _hb_call_closure        (HbRender       *render,
                                    HbClosure      *closure,
                                    HbValue         context,
                                    HbFrame        *data,
                                    HbValue        *block_params,
                                    guint           n_block_params,
                                    HbValue        *result,
                                    GError        **error);
char      *_hb_value_to_string     (HbValue         value);
HbValue    _hb_value_string        (HbRender       *render,
                                    char           *text);
HbValue    _hb_value_plus          (HbRender       *render,
                                    HbValue         a,
                                    HbValue         b);
JsonNode  *_hb_render_keep         (HbRender       *render,
                                    JsonNode       *node);
gboolean   _hb_value_is_empty      (HbValue         value);

HbValue    _hb_helper_call_get_param_value   (GenkitHandlebarsHelperCall *self,
                                              guint                       index);
HbValue    _hb_helper_call_get_context_value (GenkitHandlebarsHelperCall *self);
void       _hb_helper_call_set_result        (GenkitHandlebarsHelperCall *self,
                                              HbValue                     value);
HbRender  *_hb_helper_call_get_render        (GenkitHandlebarsHelperCall *self);
HbFrame   *_hb_helper_call_get_frame         (GenkitHandlebarsHelperCall *self);
gboolean   _hb_helper_call_render            (GenkitHandlebarsHelperCall *self,
                                              gboolean                    inverse,
                                              HbValue                     context,
                                              HbFrame                    *data,
                                              HbValue                    *block_params,
                                              guint                       n_block_params,
                                              HbValue                    *result,
                                              GError                    **error);
gboolean   _hb_helper_call_render_append     (GenkitHandlebarsHelperCall *self,
                                              gboolean                    inverse,
                                              HbValue                     context,
                                              HbFrame                    *data,
                                              HbValue                    *block_params,
                                              guint                       n_block_params,
                                              GString                    *out,
                                              GError                    **error);

G_END_DECLS
