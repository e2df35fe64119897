/* api.h — the JSON API of duban (src/api/, one file per resource), as the application
 * `duban serve` plugs into the HTTP server: routes, the authorization hook (sessions,
 * CSRF and Origin checks, the model's policy table) and the storage it opens.
 * See docs/api.md. */
#ifndef DUBAN_API_API_H
#define DUBAN_API_API_H

#include "base/err.h"
#include "http/server.h"

/* The application: routes, authorize, open (store from the --db URL, migrated; settings
 * from the --config file) and close. */
extern const http_app_t api_app;

/* The settings the API reads from the serve config file (NULL-terminated), so that the
 * CLI accepts them as known keys. */
extern const char *const api_config_keys[];

/* Creates user name as admin with password (hashed with argon2id) unless an admin
 * exists already; *out_created says whether it did.  ctx is what api_app.open gave.
 * ERR_INVALID for an empty name or a password shorter than 8 bytes. */
int api_bootstrap_admin(void *ctx, const char *name, const char *password, bool *out_created,
			err_t *e);

#endif
