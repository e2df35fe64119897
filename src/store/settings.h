/* settings.h — the settings table (schema v7): the supervision rules' thresholds and
 * ranking weights as key/value text (model/supervision.h names the keys), with who set
 * each and when.  Absent keys take their defaults; every save is one transaction with its
 * audit row ("update" on entity "settings", before and after as JSON objects key → value). */
#ifndef DUBAN_STORE_SETTINGS_H
#define DUBAN_STORE_SETTINGS_H

#include "base/arena.h"
#include "base/err.h"
#include "model/supervision.h"
#include "store/store.h"

#include <jansson.h>

/* One stored setting (text in the caller's arena). */
typedef struct store_setting {
	str_t key, value;
	str_t updated_at; /* ISO 8601 UTC */
	str_t updated_by; /* the actor */
} store_setting_t;

/* The stored settings by key (only the keys that were ever set), in arena a. */
int store_settings_list(store_t *s, arena_t *a, store_setting_t **out_rows, size_t *out_n,
			err_t *e);

/* The supervision rules as stored: defaults for keys not set, then the stored values.
 * Rows of keys this program does not know are ignored (a newer program's); a stored value
 * that does not read or validate answers ERR_INVALID naming the key. */
int store_supervision_load(store_t *s, supervision_cfg_t *out_cfg, err_t *e);

/* Saves after (validated first: ERR_INVALID naming the key) if the stored rules still
 * equal before (NULL: no check), else ERR_CONFLICT with field "version" and nothing
 * written.  Writes the keys whose value changes, with one audit row; nothing (and no
 * audit row) when nothing changes. */
int store_supervision_save(store_t *s, str_t actor, const supervision_cfg_t *before,
			   const supervision_cfg_t *after, err_t *e);

/* The rules as a JSON object key → number (new reference; NULL when out of memory). */
json_t *store_supervision_json(const supervision_cfg_t *cfg);

#endif
