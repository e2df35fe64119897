/* test_store_settings.c — the settings table (schema v7, store/settings.h): defaults for
 * keys never set, a save with its audit row, the stale check, invalid values refused
 * naming the key, a backup that keeps them, and the supervision picture judging by the
 * stored thresholds and weights.  Run against SQLite and, when DUBAN_TEST_PG_URL is set,
 * PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/pgtest.h"
#include "store/picture.h"
#include "store/settings.h"

#include <stdio.h>
#include <string.h>

#define ACTOR STR_LIT("admin")
#define OK    PGTEST_OK
#define FAILS PGTEST_FAILS

static void set(supervision_cfg_t *c, const char *key, const char *value)
{
	OK(supervision_cfg_set(c, str_from_cstr(key), str_from_cstr(value), &e_));
}

static void test_defaults_save_load(void **state)
{
	pgtest_fx_t *f = *state;
	supervision_cfg_t def, c, got;
	store_setting_t *rows;
	size_t n;

	supervision_cfg_default(&def);
	OK(store_supervision_load(f->s, &c, &e_));
	assert_true(supervision_cfg_equal(&c, &def)); /* nothing stored: the defaults */
	OK(store_settings_list(f->s, f->a, &rows, &n, &e_));
	assert_int_equal(n, 0);

	set(&c, "status.lag_points", "12");
	set(&c, "rank.w_invest", "0.3");
	store_set_client(f->s, STR_LIT("cli"));
	OK(store_supervision_save(f->s, ACTOR, &def, &c, &e_));
	store_set_client(f->s, STR_NULL);
	OK(store_supervision_load(f->s, &got, &e_));
	assert_true(supervision_cfg_equal(&got, &c));
	assert_true(got.status.lag_points == 12 && got.rank.w_invest == 0.3);
	/* only the changed keys are stored, with who and when */
	OK(store_settings_list(f->s, f->a, &rows, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(rows[0].key, "rank.w_invest") && str_eq_cstr(rows[0].value, "0.3"));
	assert_true(str_eq_cstr(rows[1].key, "status.lag_points"));
	assert_true(str_eq_cstr(rows[1].updated_by, "admin") && rows[1].updated_at.len == 20);

	/* one audit row with before and after, from where */
	store_audit_t *au;
	store_audit_query_t q = { .entity = STR_LIT("settings") };
	OK(store_audit_list(f->s, f->a, &q, &au, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(au[0].action, "update") && str_eq_cstr(au[0].client, "cli"));
	assert_non_null(strstr(au[0].before.ptr, "\"status.lag_points\":10"));
	assert_non_null(strstr(au[0].after.ptr, "\"status.lag_points\":12"));

	/* saving the same values again writes nothing and audits nothing */
	OK(store_supervision_save(f->s, ACTOR, &got, &got, &e_));
	OK(store_audit_list(f->s, f->a, &q, &au, &n, &e_));
	assert_int_equal(n, 1);
}

static void test_stale_and_invalid(void **state)
{
	pgtest_fx_t *f = *state;
	err_t e;
	supervision_cfg_t def, a, b, got;
	store_audit_t *au;
	size_t n;
	store_audit_query_t q = { .entity = STR_LIT("settings") };

	supervision_cfg_default(&def);
	a = b = def;
	set(&a, "status.serious_points", "30");
	set(&b, "status.serious_points", "40");
	OK(store_supervision_save(f->s, ACTOR, &def, &a, &e_));
	/* b was read before a was saved: refused, nothing written */
	FAILS(ERR_CONFLICT, store_supervision_save(f->s, ACTOR, &def, &b, &e));
	assert_string_equal(e.field, "version");
	OK(store_supervision_load(f->s, &got, &e_));
	assert_true(got.status.serious_points == 30);
	/* no check when before is NULL */
	OK(store_supervision_save(f->s, ACTOR, NULL, &b, &e_));
	OK(store_supervision_load(f->s, &got, &e_));
	assert_true(got.status.serious_points == 40);

	/* invalid wholes are refused naming the key, nothing written */
	supervision_cfg_t bad = got;
	set(&bad, "status.lag_points", "50"); /* above serious_points */
	FAILS(ERR_INVALID, store_supervision_save(f->s, ACTOR, &got, &bad, &e));
	assert_string_equal(e.field, "status.serious_points");
	bad = got;
	set(&bad, "rank.invest_cap", "-5");
	FAILS(ERR_INVALID, store_supervision_save(f->s, ACTOR, &got, &bad, &e));
	assert_string_equal(e.field, "rank.invest_cap");
	FAILS(ERR_INVALID, store_supervision_save(f->s, STR_NULL, &got, &def, &e));
	OK(store_audit_list(f->s, f->a, &q, &au, &n, &e_));
	assert_int_equal(n, 2);

	/* a stored value that does not read is reported naming the key; keys of a newer
	 * program are ignored */
	OK(store_exec_literal(f->s,
			      "INSERT INTO settings (key, value, updated_at, updated_by) VALUES "
			      "('status.future', 'x', '2026-01-01T00:00:00Z', 'x')",
			      &e_));
	OK(store_supervision_load(f->s, &got, &e_));
	OK(store_exec_literal(
		f->s, "UPDATE settings SET value = 'abc' WHERE key = 'status.serious_points'",
		&e_));
	FAILS(ERR_INVALID, store_supervision_load(f->s, &got, &e));
	assert_string_equal(e.field, "status.serious_points");
}

static void test_backup_keeps_settings(void **state)
{
	pgtest_fx_t *f = *state;
	supervision_cfg_t def, c, got;
	char path[512], url[600];

	supervision_cfg_default(&def);
	c = def;
	set(&c, "status.overdue_grace_days", "7");
	OK(store_supervision_save(f->s, ACTOR, &def, &c, &e_));
	assert_int_equal(pgtest_sqlite_path(path, sizeof path), 0);
	OK(store_backup(f->s, path, &e_));
	snprintf(url, sizeof url, "sqlite:%s", path);
	store_t *copy = store_open(url, NULL);
	assert_non_null(copy);
	OK(store_supervision_load(copy, &got, &e_));
	assert_int_equal(got.status.overdue_grace_days, 7);
	store_close(copy);
	pgtest_sqlite_remove(path);
}

/* An active plan with one target 5 of 100 reported for March; judged on 10 April it is
 * 22.6 points behind the expected 27.6%. */
static long long build_ledger(pgtest_fx_t *f, long long *out_unit)
{
	long long unit = pgtest_add_unit(f->s, "市发改委", 0);
	store_plan_t p = { .title = STR_LIT("2024年计划"), .year = 2024 };
	OK(store_plan_add(f->s, ACTOR, &p, &e_));
	OK(store_plan_set_state(f->s, ACTOR, p.id, STR_LIT("active"), &e_));
	long long node = pgtest_add_node(f->s, p.id, 0, 1, "抓投资", unit);
	store_target_t t = { .node_id = node,
			     .indicator = STR_LIT("固定资产投资"),
			     .has_value = true,
			     .value = 100 };
	OK(store_target_add(f->s, ACTOR, &t, &e_));
	store_report_t r = { .unit_id = unit,
			     .item_kind = STR_LIT("target"),
			     .item_id = t.id,
			     .period = STR_LIT("2024-03"),
			     .has_value = true,
			     .actual_value = 5 };
	OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	*out_unit = unit;
	return t.id;
}

static status_code_t judged(pgtest_fx_t *f, const supervision_cfg_t *rules)
{
	store_picture_query_t q = { .rules = rules, .kinds = STORE_STATUS_TARGETS };
	store_picture_t pic;
	store_picture_item_t *it;
	size_t n;
	OK(date_from_ymd(2024, 4, 10, &q.as_of, &e_));
	OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(n, 1);
	return it[0].st.code;
}

static void test_picture_uses_rules(void **state)
{
	pgtest_fx_t *f = *state;
	supervision_cfg_t c;
	long long unit = 0;

	build_ledger(f, &unit);
	assert_int_equal(judged(f, NULL), STATUS_LAGGING); /* defaults: 10 / 25 */
	OK(store_supervision_load(f->s, &c, &e_));
	assert_int_equal(judged(f, &c), STATUS_LAGGING);
	set(&c, "status.lag_points", "23");
	set(&c, "status.serious_points", "30");
	assert_int_equal(judged(f, &c), STATUS_NORMAL);
	set(&c, "status.lag_points", "10");
	set(&c, "status.serious_points", "20");
	assert_int_equal(judged(f, &c), STATUS_SERIOUS);
	set(&c, "status.done_pct", "5");
	assert_int_equal(judged(f, &c), STATUS_DONE);

	/* the ranking: on schedule by the thresholds, scored by the weights */
	store_picture_query_t q = { 0 };
	store_picture_t pic;
	rank_input_t *in;
	rank_row_t *rows;
	size_t n;
	OK(date_from_ymd(2024, 4, 10, &q.as_of, &e_));
	OK(store_picture_rank_inputs(f->s, f->a, &q, &pic, NULL, NULL, &in, &n, &e_));
	assert_true(n == 1 && in[0].unit == unit && in[0].items == 1);
	assert_int_equal(in[0].items_on_schedule, 0); /* lagging by the defaults */
	assert_true(in[0].reports_due == 1 && in[0].reports_on_time == 0);
	supervision_cfg_default(&c);
	set(&c, "status.lag_points", "23");
	set(&c, "status.serious_points", "30");
	q.rules = &c;
	OK(store_picture_rank_inputs(f->s, f->a, &q, &pic, NULL, NULL, &in, &n, &e_));
	assert_int_equal(in[0].items_on_schedule, 1); /* normal by the stored thresholds */
	OK(store_picture_rank(f->a, &c.rank, in, n, &rows, &e_));
	assert_true(rows[0].score > 49.99 && rows[0].score < 50.01); /* 0.4 x 0 + 0.4 x 100 */
	set(&c, "rank.w_ontime", "0");
	OK(store_picture_rank(f->a, &c.rank, in, n, &rows, &e_));
	assert_true(rows[0].score > 99.99); /* only being on schedule counts */
}

static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_defaults_save_load),
	PGTEST_CASE(test_stale_and_invalid),
	PGTEST_CASE(test_backup_keeps_settings),
	PGTEST_CASE(test_picture_uses_rules),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
