/* genkit-handlebars.h — a Handlebars environment: helpers, partials, settings, compilation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

/**
 * GENKIT_HANDLEBARS_ERROR:
 *
 * The error domain of the Handlebars engine. Codes are [enum@Genkit.HandlebarsError]. Every
 * message starts with the place of the problem, `FILE:LINE:COLUMN: ` (lines and columns
 * from 1, columns in characters; `FILE:` is left out when the template has no file name).
 */
#define GENKIT_HANDLEBARS_ERROR (genkit_handlebars_error_quark ())

/**
 * GenkitHandlebarsError:
 * @GENKIT_HANDLEBARS_ERROR_SYNTAX: the template does not follow the Handlebars grammar
 *   (an unexpected token, an invalid path, an unclosed comment, a template that is not
 *   UTF-8 or holds a NUL character)
 * @GENKIT_HANDLEBARS_ERROR_UNCLOSED_BLOCK: the template ends inside a block (`{{#each}}`
 *   without `{{/each}}`); the position is the block's opening tag
 * @GENKIT_HANDLEBARS_ERROR_MISMATCHED_BLOCK: a block is closed by a tag of another name
 *   (`{{#if}}…{{/each}}`); the position is the opening tag
 * @GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER: with `known-helpers-only`, the template calls a
 *   helper that is not registered; without it, a helper call with arguments finds neither a
 *   helper nor a value (`Missing helper`)
 * @GENKIT_HANDLEBARS_ERROR_UNKNOWN_PARTIAL: a partial the template includes is not
 *   registered (and the tag is not a partial block with fallback content)
 * @GENKIT_HANDLEBARS_ERROR_HELPER: a helper failed while rendering (such as `{{#if}}`
 *   without an argument, or an error from a helper registered from C)
 * @GENKIT_HANDLEBARS_ERROR_LIMIT: rendering stopped at a limit: nesting deeper than 200
 *   levels (partials including themselves), more output or work than
 *   [method@Genkit.Handlebars.set_limits] allows
 *
 * Errors of [class@Genkit.Handlebars] and [class@Genkit.HandlebarsTemplate].
 */
typedef enum
{
  GENKIT_HANDLEBARS_ERROR_SYNTAX,
  GENKIT_HANDLEBARS_ERROR_UNCLOSED_BLOCK,
  GENKIT_HANDLEBARS_ERROR_MISMATCHED_BLOCK,
  GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER,
  GENKIT_HANDLEBARS_ERROR_UNKNOWN_PARTIAL,
  GENKIT_HANDLEBARS_ERROR_HELPER,
  GENKIT_HANDLEBARS_ERROR_LIMIT,
} GenkitHandlebarsError;

GENKIT_AVAILABLE_IN_ALL
GQuark genkit_handlebars_error_quark (void);

typedef struct _GenkitHandlebarsHelperCall GenkitHandlebarsHelperCall;
typedef struct _GenkitHandlebarsTemplate GenkitHandlebarsTemplate;

/**
 * GenkitHandlebarsHelperFunc:
 * @call: the call: its arguments, hash, context and blocks, and where the result goes
 * @user_data: the data given when the helper was registered
 * @error: return location for an error
 *
 * A helper registered from C, Handlebars' `function (...args, options)`. It reads its
 * arguments from @call and sets its result with one of the `return` methods of
 * [struct@Genkit.HandlebarsHelperCall] (no result is `undefined`, which prints nothing).
 * A block helper renders its block with
 * [method@Genkit.HandlebarsHelperCall.render_block] and returns the text.
 *
 * Returns: %TRUE on success, %FALSE with @error set to stop the render
 */
typedef gboolean (*GenkitHandlebarsHelperFunc) (GenkitHandlebarsHelperCall  *call,
                                                gpointer                     user_data,
                                                GError                     **error);

#define GENKIT_TYPE_HANDLEBARS (genkit_handlebars_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitHandlebars, genkit_handlebars, GENKIT, HANDLEBARS, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitHandlebars         *genkit_handlebars_new                    (void);

GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_handlebars_get_no_escape          (GenkitHandlebars           *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_set_no_escape          (GenkitHandlebars           *self,
                                                                    gboolean                    no_escape);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_handlebars_get_known_helpers_only (GenkitHandlebars           *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_set_known_helpers_only (GenkitHandlebars           *self,
                                                                    gboolean                    known_helpers_only);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_set_limits             (GenkitHandlebars           *self,
                                                                    gsize                       max_output_bytes,
                                                                    guint64                     max_steps);

GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_register_helper        (GenkitHandlebars           *self,
                                                                    const char                 *name,
                                                                    GenkitHandlebarsHelperFunc  func,
                                                                    gpointer                    user_data,
                                                                    GDestroyNotify              destroy);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_unregister_helper      (GenkitHandlebars           *self,
                                                                    const char                 *name);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_handlebars_has_helper             (GenkitHandlebars           *self,
                                                                    const char                 *name);

GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_register_partial       (GenkitHandlebars           *self,
                                                                    const char                 *name,
                                                                    const char                 *source,
                                                                    const char                 *filename);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_handlebars_unregister_partial     (GenkitHandlebars           *self,
                                                                    const char                 *name);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_handlebars_has_partial            (GenkitHandlebars           *self,
                                                                    const char                 *name);

GENKIT_AVAILABLE_IN_ALL
GenkitHandlebarsTemplate *genkit_handlebars_compile                (GenkitHandlebars           *self,
                                                                    const char                 *source,
                                                                    gssize                      length,
                                                                    const char                 *filename,
                                                                    GError                    **error);
GENKIT_AVAILABLE_IN_ALL
GenkitHandlebarsTemplate *genkit_handlebars_compile_at             (GenkitHandlebars           *self,
                                                                    const char                 *source,
                                                                    gssize                      length,
                                                                    const char                 *filename,
                                                                    guint                       first_line,
                                                                    guint                       first_column,
                                                                    GError                    **error);
GENKIT_AVAILABLE_IN_ALL
char                     *genkit_handlebars_render                 (GenkitHandlebars           *self,
                                                                    const char                 *source,
                                                                    JsonNode                   *context,
                                                                    JsonObject                 *data,
                                                                    GError                    **error);

G_END_DECLS
