/* fake-secret-service.h — a Secret Service of the test's own on a private D-Bus, for libsecret
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the fake keyring holds and saw. */
typedef struct
{
  GHashTable *keys;          /* provider attribute → secret */
  char       *last_schema;   /* the xdg:schema libsecret searched or stored with */
  guint       n_searches;
  guint       n_stores;
  guint       object_ids[3];
} FakeKeyring;

void fake_secret_service_bus_up    (void);
void fake_keyring_register         (FakeKeyring *keyring);
void fake_keyring_unregister       (FakeKeyring *keyring);

G_END_DECLS
