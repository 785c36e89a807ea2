/* genkit-run-options-private.h — the fields of GenkitRunOptions, for the engine's run code
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-run-options.h"

G_BEGIN_DECLS

struct _GenkitRunOptions
{
  gatomicrefcount       ref_count;

  JsonObject           *context;
  JsonObject           *telemetry_labels;
  GenkitActionRun      *parent;
  JsonNode             *init;
  GenkitInputChannel   *input_channel;

  GenkitStreamFunc      stream_func;
  gpointer              stream_data;
  GDestroyNotify        stream_destroy;

  GenkitRunStartedFunc  started_func;
  gpointer              started_data;
  GDestroyNotify        started_destroy;

  /* Set on copies, which borrow the callbacks' data of the options they came from. */
  GenkitRunOptions     *source;
};

G_END_DECLS
