/* provider-test-util.h — a local server replaying a provider's wire format, and model runs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>
#include <libsoup/soup.h>

#include "genkit-providers.h"

G_BEGIN_DECLS

/* One request the server expects, and its answer. */
typedef struct
{
  const char  *method;
  const char  *path;             /* path and query, exactly */
  const char  *expect_body;      /* JSON the request body must equal, or NULL */
  const char  *expect_contains[4];/* texts the request body must contain */
  const char  *expect_headers[7];/* name, value, …: headers the request must carry */
  guint        status;           /* 0 = 200 */
  const char  *content_type;
  const char  *headers[5];       /* name, value, …: extra response headers */
  const char  *body;
  gsize        body_len;         /* 0 = strlen (body) */
  gsize        chunk_size;       /* > 0: chunked, this many bytes at a time */
  gsize        stall_after;      /* > 0: stop sending after this many bytes, keep the socket open */
} ReplayExchange;

typedef struct _ReplayServer ReplayServer;

ReplayServer *replay_server_new             (void);
void          replay_server_free            (ReplayServer         *server);
const char   *replay_server_get_url         (ReplayServer         *server);
void          replay_server_expect          (ReplayServer         *server,
                                             const ReplayExchange *exchange);
void          replay_server_assert_done     (ReplayServer         *server);
const char   *replay_server_get_last_body   (ReplayServer         *server);
gboolean      replay_server_wait_client_gone (ReplayServer        *server,
                                              guint                timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReplayServer, replay_server_free)

/* A closed port on 127.0.0.1: bound, then closed again. */
char         *test_closed_port_url          (void);

/* The outcome of one model or embedder run. */
typedef struct
{
  JsonNode  *output;
  GError    *error;
  GPtrArray *chunks;            /* JsonNode */
} ModelRun;

void          model_run_clear               (ModelRun             *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ModelRun, model_run_clear)

void          test_run_model                (GenkitRegistry       *registry,
                                             const char           *key,
                                             const char           *input_json,
                                             gboolean              stream,
                                             guint                 cancel_after_chunks,
                                             ModelRun             *out);
char         *model_run_text                (ModelRun             *run);
char         *model_run_chunk_text          (ModelRun             *run);
JsonObject   *model_run_message_part        (ModelRun             *run,
                                             guint                 index);
double        model_run_usage               (ModelRun             *run,
                                             const char           *name);
JsonNode     *model_run_listing             (GenkitRegistry       *registry);
gboolean      test_json_equal               (JsonNode             *a,
                                             JsonNode             *b);
void          test_provider_init            (int                  *argc,
                                             char               ***argv);

G_END_DECLS

G_BEGIN_DECLS

/* What the tests every provider shares need to know of it. */
typedef struct
{
  const char  *prefix;                  /* test path prefix, e.g. "/ollama" */
  GenkitProviderPlugin *(*make) (const char *base_url);   /* key given, timeout 400 ms */
  const char  *key;                     /* the key @make gives, never to show in an error */
  const char  *model_key;               /* "/model/ollama/llama3.2" */
  const char  *request;                 /* a GenerateRequest */
  const char  *path;                    /* where a plain request goes */
  const char  *stream_path;             /* where a streamed one goes */
  const char  *stream_content_type;
  const char  *stream_body;             /* a real transcript */
  gsize        stall_after;             /* a byte count inside the first events */
  const char  *stream_text;             /* the text the transcript adds up to */
  guint        stream_chunks;           /* how many chunks it makes, or 0 */
  const char  *error_content_type;
  const char  *error_bodies[4];         /* the provider's 400, 401, 429 and 500 bodies */
  GenkitError  error_codes[4];
} ProviderSpec;

GenkitRegistry *test_registry_with        (GenkitProviderPlugin *plugin);
void            test_define_canned_tool   (GenkitRegistry       *registry,
                                           const char           *name,
                                           const char           *description,
                                           const char           *input_schema,
                                           const char           *member,
                                           const char           *expected,
                                           const char           *answer);
void            provider_add_common_tests (const ProviderSpec   *spec);

G_END_DECLS
