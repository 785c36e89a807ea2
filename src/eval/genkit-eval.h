/* genkit-eval.h — the one header of the evaluation library: datasets, eval runs, the runner
 * and the built-in evaluators
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>
#include <genkit-telemetry.h>

#define GENKIT_EVAL_INSIDE
# include "genkit-eval-enums.h"
# include "genkit-dataset-row.h"
# include "genkit-dataset.h"
# include "genkit-dataset-store.h"
# include "genkit-eval-result.h"
# include "genkit-eval-run.h"
# include "genkit-eval-store.h"
# include "genkit-eval-runner.h"
# include "genkit-eval-evaluators.h"
#undef GENKIT_EVAL_INSIDE
