/* genkit-soup.c — work-arounds for the libsoup of Debian bookworm
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-soup-private.h"

static void
forget_socket_cb (gpointer  data,
                  GObject  *where_the_object_was)
{
  g_hash_table_remove (data, where_the_object_was);
}

static void
plug_accept_leak_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     GHashTable        *seen)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL || g_hash_table_contains (seen, socket))
    return;
  g_hash_table_add (seen, socket);
  g_object_weak_ref (G_OBJECT (socket), forget_socket_cb, seen);
  g_object_unref (socket);
}

static void
seen_sockets_free (GHashTable *seen)
{
  GHashTableIter iter;
  gpointer socket;

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &socket, NULL))
    g_object_weak_unref (socket, forget_socket_cb, seen);
  g_hash_table_unref (seen);
}

/* libsoup before 3.4 keeps one reference too many on every socket its SoupServer accepts
 * (fixed upstream by commit b545d5f0, "soup-listener: Plug a leak"): a long-running server
 * would lose 336 bytes per connection. Drops that one reference, once per connection, and
 * only where the bug exists. */
void
_genkit_soup_server_plug_accept_leak (SoupServer *server)
{
  GHashTable *seen;

  g_return_if_fail (SOUP_IS_SERVER (server));

  if (soup_get_major_version () > 3 || soup_get_minor_version () >= 4)
    return;

  seen = g_hash_table_new (NULL, NULL);
  g_signal_connect_data (server, "request-started", G_CALLBACK (plug_accept_leak_cb), seen,
                         (GClosureNotify) seen_sockets_free, 0);
}
