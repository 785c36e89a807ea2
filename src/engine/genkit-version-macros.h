/* genkit-version-macros.h — symbol visibility and availability annotations
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include <glib.h>

#ifndef _GENKIT_EXTERN
# define _GENKIT_EXTERN __attribute__((visibility ("default"))) extern
#endif

#define GENKIT_AVAILABLE_IN_ALL _GENKIT_EXTERN
