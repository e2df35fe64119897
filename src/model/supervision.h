/* supervision.h — the configurable rules of supervision in one struct: the warning
 * thresholds of model/status.h and the ranking weights of model/rank.h, with their
 * setting keys ("status.lag_points", "rank.w_ontime" ...), text values, defaults and
 * validation.  Stored as key/value settings (store/settings.h); documented in
 * docs/rules.md ("Settings").  A key that is not set keeps its default. */
#ifndef DUBAN_MODEL_SUPERVISION_H
#define DUBAN_MODEL_SUPERVISION_H

#include "base/err.h"
#include "base/str.h"
#include "model/rank.h"
#include "model/status.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct supervision_cfg {
	status_cfg_t status;
	rank_cfg_t rank;
} supervision_cfg_t;

/* The number of setting keys, and key i (0 .. SUPERVISION_NKEYS - 1) in a stable order. */
#define SUPERVISION_NKEYS 8
const char *supervision_key(size_t i);
/* The key's meaning for people: zh-CN unless lang starts with "en".  NULL for i out of
 * range. */
const char *supervision_key_label(size_t i, const char *lang);

/* Every field at its default (status_cfg_default, rank_cfg_default). */
void supervision_cfg_default(supervision_cfg_t *cfg);
/* status_cfg_validate and rank_cfg_validate; on failure ERR_INVALID with their message
 * and the offending key as the field ("status.serious_points"). */
int supervision_cfg_validate(const supervision_cfg_t *cfg, err_t *e);

/* Sets key to the value text (a decimal number; an integer for
 * status.overdue_grace_days).  ERR_NOTFOUND (field = key) for an unknown key,
 * ERR_INVALID (field = key) for a value that is not a number of the right kind.  Does not
 * validate the whole: call supervision_cfg_validate. */
int supervision_cfg_set(supervision_cfg_t *cfg, str_t key, str_t value, err_t *e);
/* The value of key i as text ("%.15g", the shortest exact form for these values) into
 * buf; 0, or ERR_NOTFOUND for i out of range, ERR_LIMIT when buf is too small. */
int supervision_cfg_get(const supervision_cfg_t *cfg, size_t i, char *buf, size_t size);
/* Whether a and b hold the same values. */
bool supervision_cfg_equal(const supervision_cfg_t *a, const supervision_cfg_t *b);

#endif
