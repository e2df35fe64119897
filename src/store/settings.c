/* settings.c — loading and saving the supervision settings (store/settings.h). */
#include "store/settings.h"

#include "base/mem.h"
#include "store/rows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int setting_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_setting_t *r = store_vec_push(v);
	if (r == NULL)
		return ERR_NOMEM;
	r->key = store_col_str(s, v->a, row, 0);
	r->value = store_col_str(s, v->a, row, 1);
	r->updated_at = store_col_str(s, v->a, row, 2);
	r->updated_by = store_col_str(s, v->a, row, 3);
	return r->updated_by.ptr == NULL ? ERR_NOMEM : 0;
}

int store_settings_list(store_t *s, arena_t *a, store_setting_t **out_rows, size_t *out_n, err_t *e)
{
	void *items = NULL;
	int rc = store_list(s, a, ST_SETTINGS_LIST, NULL, 0, setting_row, sizeof(store_setting_t),
			    &items, out_n, e);
	*out_rows = rc == 0 ? items : NULL;
	return rc;
}

typedef struct apply {
	supervision_cfg_t *cfg;
	err_t err; /* why a stored value was refused */
} apply_t;

/* Applies one stored row to the rules (keys of a newer program ignored). */
static int apply_row(store_t *s, const store_row_t *row, void *ud)
{
	apply_t *ap = ud;
	int rc = supervision_cfg_set(ap->cfg, s->be->col_text(row, 0), s->be->col_text(row, 1),
				     &ap->err);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/* Reads the stored rules into *cfg (defaults first); an error names the key. */
static int load(store_t *s, supervision_cfg_t *cfg, err_t *e)
{
	apply_t ap = { .cfg = cfg };
	err_clear(&ap.err);
	supervision_cfg_default(cfg);
	int rc = store_q_rows(s, ST_SETTINGS_LIST, NULL, 0, apply_row, &ap, e);
	if (rc == ERR_INVALID && e) {
		*e = ap.err;
		err_prefix(e, "store: stored settings");
	}
	if (rc == 0 && (rc = supervision_cfg_validate(cfg, e)) < 0)
		err_prefix(e, "store: stored settings");
	return rc;
}

int store_supervision_load(store_t *s, supervision_cfg_t *out_cfg, err_t *e)
{
	return load(s, out_cfg, e);
}

json_t *store_supervision_json(const supervision_cfg_t *cfg)
{
	json_t *j = json_object();
	char buf[64];
	for (size_t i = 0; j && i < SUPERVISION_NKEYS; i++) {
		double d = 0;
		if (supervision_cfg_get(cfg, i, buf, sizeof buf) == 0)
			d = strtod(buf, NULL);
		json_t *v = d == floor(d) && fabs(d) < 1e15 ? json_integer((json_int_t)d)
							    : json_real(d);
		if (json_object_set_new(j, supervision_key(i), v) < 0) {
			json_decref(j);
			return NULL;
		}
	}
	return j;
}

/* Writes the keys whose value differs between cur and after. */
static int put_changed(store_t *s, str_t actor, const supervision_cfg_t *cur,
		       const supervision_cfg_t *after, const char *now, err_t *e)
{
	char was[64], val[64];
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < SUPERVISION_NKEYS; i++) {
		if ((rc = supervision_cfg_get(cur, i, was, sizeof was)) < 0 ||
		    (rc = supervision_cfg_get(after, i, val, sizeof val)) < 0)
			break;
		if (strcmp(was, val) == 0)
			continue;
		store_val_t p[] = { SV_S(str_from_cstr(supervision_key(i))),
				    SV_S(str_from_cstr(val)), SV_S(str_from_cstr(now)),
				    SV_S(actor) };
		rc = store_q(s, ST_SETTINGS_PUT, p, 4, NULL, e);
	}
	return rc;
}

int store_supervision_save(store_t *s, str_t actor, const supervision_cfg_t *before,
			   const supervision_cfg_t *after, err_t *e)
{
	supervision_cfg_t cur;
	char now[32];
	int rc = supervision_cfg_validate(after, e);
	if (rc < 0)
		return rc;
	if (actor.len == 0)
		return err_set(e, ERR_INVALID, "store: write without an actor");
	if ((rc = store_w_begin(s, e)) < 0)
		return rc;
	rc = store_q(s, ST_SETTINGS_LOCK, NULL, 0, NULL, e);
	if (rc == 0)
		rc = load(s, &cur, e);
	if (rc == 0 && before && !supervision_cfg_equal(&cur, before))
		rc = store_stale("settings", 0, e);
	if (rc == 0 && !supervision_cfg_equal(&cur, after)) {
		store_now(now, sizeof now);
		rc = put_changed(s, actor, &cur, after, now, e);
		if (rc == 0)
			rc = store_audit_json(s, actor, "update", "settings", 0,
					      store_json_take(store_supervision_json(&cur)),
					      store_json_take(store_supervision_json(after)), e);
	}
	return store_w_end(s, rc, e);
}
