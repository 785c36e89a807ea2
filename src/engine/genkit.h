/* genkit.h — the one header of libgenkit-1
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#define GENKIT_INSIDE
# include "genkit-version-macros.h"
# include "genkit-types.h"
# include "genkit-enums.h"
# include "genkit-error.h"
# include "genkit-json.h"
# include "genkit-schema-violation.h"
# include "genkit-json-schema.h"
# include "genkit-span.h"
# include "genkit-span-processor.h"
# include "genkit-memory-span-processor.h"
# include "genkit-tracer.h"
# include "genkit-run-options.h"
# include "genkit-action-result.h"
# include "genkit-action.h"
# include "genkit-action-run.h"
# include "genkit-middleware-call.h"
# include "genkit-flow.h"
# include "genkit-evaluator.h"
# include "genkit-plugin.h"
# include "genkit-dynamic-action-provider.h"
# include "genkit-registry.h"
# include "genkit-runtime.h"
# include "genkit-project.h"
# include "genkit-remote-runtime.h"
# include "genkit-runtime-monitor.h"
# include "genkit-local-runtime.h"
# include "genkit-reflection-server.h"
#undef GENKIT_INSIDE
