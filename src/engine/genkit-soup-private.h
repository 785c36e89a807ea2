/* genkit-soup-private.h — work-arounds for the libsoup of Debian bookworm
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void _genkit_soup_server_plug_accept_leak (SoupServer *server);

G_END_DECLS
