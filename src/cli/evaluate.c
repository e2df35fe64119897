/* evaluate.c — the supervision picture of the ledger on one day (see evaluate.h): items,
 * their expected and actual progress and status, the period last due and what is not
 * reported for it. */
#include "cli/evaluate.h"

#include "cli/ledger.h"
#include "model/plan.h"
#include "model/progress.h"

#include <string.h>

/* Grows an arena array of elem-sized items by one; NULL when out of memory. */
static void *eval_push(arena_t *a, void **io_v, size_t *io_n, size_t *io_cap, size_t elem)
{
	if (*io_n == *io_cap) {
		size_t cap = *io_cap ? *io_cap * 2 : 32;
		void *v = arena_alloc(a, cap * elem);
		if (!v)
			return NULL;
		if (*io_n)
			memcpy(v, *io_v, *io_n * elem);
		*io_v = v;
		*io_cap = cap;
	}
	void *p = (char *)*io_v + *io_n * elem;
	memset(p, 0, elem);
	(*io_n)++;
	return p;
}

bool eval_unit_in(const store_unit_t *units, size_t n, long long root, long long x)
{
	for (size_t steps = 0; x > 0 && steps <= n; steps++) {
		long long parent = 0;
		if (x == root)
			return true;
		for (size_t i = 0; i < n; i++)
			if (units[i].id == x)
				parent = units[i].parent_id;
		x = parent;
	}
	return false;
}

static bool eval_counts(const store_report_t *r)
{
	return str_eq_cstr(r->state, "submitted") || str_eq_cstr(r->state, "accepted");
}

/* The last day of a report's period, or 0 when the period text is not one. */
static date_t eval_period_end(str_t text)
{
	period_t p;

	if (period_parse(text, &p, NULL) < 0)
		return 0;
	return period_end(p);
}

const store_report_t *eval_latest(const store_report_t *r, size_t n, const char *kind, long long id,
				  long long unit)
{
	const store_report_t *best = NULL;
	date_t best_end = 0;

	for (size_t i = 0; i < n; i++) {
		if (r[i].item_id != id || !str_eq_cstr(r[i].item_kind, kind) || !eval_counts(&r[i]))
			continue;
		if (unit > 0 && r[i].unit_id != unit)
			continue;
		date_t end = eval_period_end(r[i].period);
		if (!best || end > best_end ||
		    (end == best_end && str_eq_cstr(r[i].state, "accepted"))) {
			best = &r[i];
			best_end = end;
		}
	}
	return best;
}

int eval_reports_load(store_t *s, arena_t *a, int year, date_t until, store_report_t **io_reports,
		      size_t *io_n, err_t *e)
{
	period_t ps[17];
	size_t np = 0, cap = *io_n;

	for (int m = 1; m <= 12; m++)
		ps[np++] = (period_t){ PERIOD_MONTH, year, m };
	for (int q = 1; q <= 4; q++)
		ps[np++] = (period_t){ PERIOD_QUARTER, year, q };
	ps[np++] = (period_t){ PERIOD_YEAR, year, 0 };
	for (size_t i = 0; i < np; i++) {
		char text[16];
		store_report_t *r = NULL;
		size_t n = 0;
		int rc;
		if (!period_valid(ps[i]) || period_start(ps[i]) > until)
			continue;
		if (period_format(ps[i], text, sizeof text) < 0)
			continue;
		rc = store_report_list(s, a, str_from_cstr(text), 0, &r, &n, e);
		if (rc < 0)
			return rc;
		for (size_t k = 0; k < n; k++) {
			store_report_t *dst =
				eval_push(a, (void **)io_reports, io_n, &cap, sizeof **io_reports);
			if (!dst)
				return err_set(e, ERR_NOMEM, "out of memory");
			*dst = r[k];
		}
	}
	return 0;
}

int eval_latest_report(store_t *s, arena_t *a, const char *kind, long long id, long long unit,
		       int year, const store_report_t **out_report, err_t *e)
{
	store_report_t *r = NULL;
	size_t n = 0;
	date_t forever = 0;
	int rc = date_from_ymd(DATE_YEAR_MAX, 12, 31, &forever, e);

	if (rc == 0)
		rc = eval_reports_load(s, a, year, forever, &r, &n, e);

	*out_report = rc == 0 ? eval_latest(r, n, kind, id, unit) : NULL;
	return rc;
}

/* Whether unit reported on (kind, id) for the due month, or the quarter ending with it. */
static bool eval_reported_due(const eval_set_t *set, const char *kind, long long id, long long unit)
{
	char q[16] = "";

	if (set->due.index % 3 == 0) {
		period_t qp = { PERIOD_QUARTER, set->due.year, set->due.index / 3 };
		period_format(qp, q, sizeof q);
	}
	for (size_t i = 0; i < set->nreports; i++) {
		const store_report_t *r = &set->reports[i];
		if (r->item_id != id || !str_eq_cstr(r->item_kind, kind) || !eval_counts(r))
			continue;
		if (unit > 0 && r->unit_id != unit)
			continue;
		if (str_eq_cstr(r->period, set->due_text) || (q[0] && str_eq_cstr(r->period, q)))
			return true;
	}
	return false;
}

static bool eval_stage_done(str_t stage)
{
	return str_eq_cstr(stage, "竣工") || str_eq_cstr(stage, "投产") ||
	       str_eq_cstr(stage, "完成") || str_eq_cstr(stage, "已完成");
}

/* Fills expected/actual progress and the status of it (its kind, unit, deadline, last,
 * measurable and the project amounts are set). */
static int eval_item(eval_set_t *set, const store_plan_t *plan, eval_item_t *it,
		     const store_target_t *tg, err_t *e)
{
	status_cfg_t cfg;
	status_input_t in = { 0 };
	date_t start;
	int rc = date_from_ymd(plan->year >= DATE_YEAR_MIN ? plan->year : 2000, 1, 1, &start, e);

	if (rc < 0)
		return rc;
	if (it->deadline < start)
		start = it->deadline;
	rc = progress_expected_time(start, it->deadline, set->as_of, &it->expected_pct, e);
	if (rc < 0)
		return rc;
	if (tg && it->measurable && it->last && it->last->has_value)
		it->has_actual = progress_share(tg->has_baseline ? tg->baseline : 0, tg->value,
						it->last->actual_value, PROGRESS_AUTO,
						&it->actual_pct, NULL) == 0;
	else if (!tg && !strcmp(it->kind, STORE_KIND_PROJECT) && it->measurable)
		it->has_actual = progress_invest_rate(it->done_invest, it->plan_invest,
						      &it->actual_pct, NULL) == 0;
	else if (!tg && it->last && it->last->has_value) {
		it->has_actual = true;
		it->actual_pct = it->last->actual_value;
	}
	it->reported = !set->has_due || period_end(set->due) < start ||
		       eval_reported_due(set, it->kind, it->id, it->unit_id);
	in.completed = (it->has_actual && it->actual_pct >= STATUS_DONE_PCT_DEFAULT) ||
		       (it->last && eval_stage_done(it->last->stage));
	in.reported = it->reported;
	in.expected_pct = it->expected_pct;
	in.actual_pct = it->has_actual ? it->actual_pct : it->measurable ? 0 : it->expected_pct;
	in.has_deadline = true;
	in.deadline = it->deadline;
	in.today = set->as_of;
	status_cfg_default(&cfg);
	rc = status_eval(&cfg, &in, &it->st, e);
	if (rc == 0 && !it->has_actual && it->reported && it->st.code == STATUS_NORMAL)
		snprintf(it->st.reason, sizeof it->st.reason, "%s",
			 it->last ? "已填报，无量化进度" : "尚无填报");
	return rc;
}

static eval_item_t *eval_new_item(eval_set_t *set, arena_t *a, const char *kind, long long id,
				  long long plan_id, long long unit, const char *title)
{
	eval_item_t *it =
		eval_push(a, (void **)&set->items, &set->nitems, &set->icap, sizeof *set->items);
	if (it) {
		it->kind = kind;
		it->id = id;
		it->plan_id = plan_id;
		it->unit_id = unit;
		it->title = title;
	}
	return it;
}

static bool eval_unit_ok(const eval_set_t *set, const eval_opts_t *o, long long unit)
{
	return o->unit_id == 0 || eval_unit_in(set->units, set->nunits, o->unit_id, unit);
}

static int eval_duty(eval_set_t *set, arena_t *a, const char *kind, long long id, long long plan_id,
		     long long unit, err_t *e)
{
	eval_duty_t *d =
		eval_push(a, (void **)&set->duties, &set->nduties, &set->dcap, sizeof *set->duties);
	if (!d)
		return err_set(e, ERR_NOMEM, "out of memory");
	*d = (eval_duty_t){ kind, id, plan_id, unit };
	return 0;
}

/* The lead unit of node i, or of its nearest ancestor that has one. */
static long long eval_lead(const store_node_t *nd, size_t n, size_t i)
{
	long long id = nd[i].id;

	for (size_t steps = 0; steps <= n; steps++) {
		size_t k = 0;
		while (k < n && nd[k].id != id)
			k++;
		if (k == n)
			return 0;
		if (nd[k].lead_unit_id)
			return nd[k].lead_unit_id;
		id = nd[k].parent_id;
	}
	return 0;
}

static int eval_nodes(store_t *s, arena_t *a, eval_set_t *set, const eval_opts_t *o,
		      const store_plan_t *plan, err_t *e)
{
	store_node_t *nd = NULL;
	size_t n = 0;
	date_t year_end;
	int rc = store_node_list(s, a, plan->id, &nd, &n, e);

	if (rc == 0)
		rc = ledger_deadline_date("", plan->year, "year", &year_end, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		store_target_t *t = NULL;
		size_t nt = 0;
		long long unit = eval_lead(nd, n, i);
		date_t node_dl = year_end;
		rc = store_target_list(s, a, nd[i].id, &t, &nt, e);
		if (rc == 0 && nd[i].deadline.len &&
		    ledger_deadline_date(nd[i].deadline.ptr, plan->year, "deadline", &node_dl,
					 NULL) < 0)
			node_dl = year_end;
		if (rc == 0 && nd[i].lead_unit_id)
			rc = eval_duty(set, a, STORE_KIND_NODE, nd[i].id, plan->id,
				       nd[i].lead_unit_id, e);
		for (size_t k = 0; rc == 0 && k < nt; k++) {
			if (!eval_unit_ok(set, o, unit))
				continue;
			const char *title = arena_printf(a, "%s%s%s", t[k].indicator.ptr,
							 t[k].verb.len ? " " : "", t[k].verb.ptr);
			eval_item_t *it = eval_new_item(set, a, STORE_KIND_TARGET, t[k].id,
							plan->id, unit, title);
			if (!it || !title)
				return err_set(e, ERR_NOMEM, "out of memory");
			it->deadline = node_dl;
			if (t[k].deadline.len &&
			    ledger_deadline_date(t[k].deadline.ptr, plan->year, "deadline",
						 &it->deadline, NULL) < 0)
				it->deadline = node_dl;
			it->measurable = t[k].has_value &&
					 t[k].value != (t[k].has_baseline ? t[k].baseline : 0);
			it->last = eval_latest(set->reports, set->nreports, STORE_KIND_TARGET,
					       t[k].id, unit);
			rc = eval_item(set, plan, it, &t[k], e);
		}
		if (rc < 0 || nt > 0 || !nd[i].lead_unit_id || !eval_unit_ok(set, o, unit))
			continue;
		eval_item_t *it =
			eval_new_item(set, a, STORE_KIND_NODE, nd[i].id, plan->id, unit,
				      arena_printf(a, "%s%s", nd[i].label.ptr, nd[i].title.ptr));
		if (!it || !it->title)
			return err_set(e, ERR_NOMEM, "out of memory");
		it->deadline = node_dl;
		it->last =
			eval_latest(set->reports, set->nreports, STORE_KIND_NODE, nd[i].id, unit);
		rc = eval_item(set, plan, it, NULL, e);
	}
	return rc;
}

static int eval_projects(store_t *s, arena_t *a, eval_set_t *set, const eval_opts_t *o,
			 const store_plan_t *plan, err_t *e)
{
	store_project_t *p = NULL;
	size_t n = 0;
	date_t year_end;
	int rc = store_project_list(s, a, plan->id, &p, &n, e);

	if (rc == 0)
		rc = ledger_deadline_date("", plan->year, "year", &year_end, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (p[i].owner_unit_id)
			rc = eval_duty(set, a, STORE_KIND_PROJECT, p[i].id, plan->id,
				       p[i].owner_unit_id, e);
		if (rc < 0 || !eval_unit_ok(set, o, p[i].owner_unit_id))
			continue;
		eval_item_t *it = eval_new_item(set, a, STORE_KIND_PROJECT, p[i].id, plan->id,
						p[i].owner_unit_id, p[i].name.ptr);
		if (!it)
			return err_set(e, ERR_NOMEM, "out of memory");
		it->deadline = year_end;
		it->last = eval_latest(set->reports, set->nreports, STORE_KIND_PROJECT, p[i].id,
				       p[i].owner_unit_id);
		it->plan_invest = p[i].plan_invest;
		it->done_invest =
			it->last && it->last->has_value ? it->last->actual_value : p[i].done_invest;
		it->measurable = p[i].plan_invest > 0;
		rc = eval_item(set, plan, it, NULL, e);
	}
	return rc;
}

static int eval_missing(store_t *s, arena_t *a, eval_set_t *set, const eval_opts_t *o,
			const store_plan_t *plan, err_t *e)
{
	store_missing_t *m = NULL;
	size_t n = 0;
	int rc;

	if (!set->has_due)
		return 0;
	rc = store_report_missing(s, a, plan->id, str_from_cstr(set->due_text), &m, &n, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!eval_unit_ok(set, o, m[i].unit_id))
			continue;
		store_missing_t *dst = eval_push(a, (void **)&set->missing, &set->nmissing,
						 &set->mcap, sizeof *set->missing);
		if (!dst)
			return err_set(e, ERR_NOMEM, "out of memory");
		*dst = m[i];
	}
	return rc;
}

/* Keeps the selected plans: the one asked for, else every active plan. */
static int eval_plans(store_t *s, arena_t *a, const eval_opts_t *o, eval_set_t *set, err_t *e)
{
	store_plan_t *p = NULL;
	size_t n = 0, k = 0;
	int rc;

	if (o->plan_id) {
		set->plans = arena_alloc(a, sizeof *set->plans);
		if (!set->plans)
			return err_set(e, ERR_NOMEM, "out of memory");
		rc = store_plan_get(s, a, o->plan_id, set->plans, e);
		set->nplans = rc == 0;
		return ledger_not_found(rc, "plan", o->plan_id, "--plan", e);
	}
	rc = store_plan_list(s, a, &p, &n, e);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (str_eq_cstr(p[i].state, plan_state_name(PLAN_ACTIVE)))
			p[k++] = p[i];
	set->plans = p;
	set->nplans = k;
	return rc;
}

/* A plan without a usable year is judged as a plan of the year of as_of. */
static void eval_fix_years(eval_set_t *set)
{
	int y, m, d;

	date_to_ymd(set->as_of, &y, &m, &d);
	for (size_t i = 0; i < set->nplans; i++)
		if (set->plans[i].year < DATE_YEAR_MIN || set->plans[i].year > DATE_YEAR_MAX)
			set->plans[i].year = y;
}

int eval_run(store_t *s, arena_t *a, const eval_opts_t *o, eval_set_t *out, err_t *e)
{
	period_window_cfg_t wcfg;
	date_t open;
	int rc;

	memset(out, 0, sizeof *out);
	out->as_of = o->as_of;
	period_window_cfg_default(&wcfg);
	out->has_due = period_last_due(&wcfg, PERIOD_MONTH, o->as_of, &out->due, NULL) == 0 &&
		       period_format(out->due, out->due_text, sizeof out->due_text) == 0 &&
		       period_window(&wcfg, out->due, &open, &out->due_date, NULL) == 0;
	rc = eval_plans(s, a, o, out, e);
	eval_fix_years(out);
	if (rc == 0)
		rc = store_unit_list(s, a, &out->units, &out->nunits, e);
	if (rc == 0 && o->unit_id &&
	    !eval_unit_in(out->units, out->nunits, o->unit_id, o->unit_id)) {
		err_set(e, ERR_INVALID, "--unit: no unit %lld", o->unit_id);
		rc = err_field(e, "unit");
	}
	for (size_t i = 0; rc == 0 && i < out->nplans; i++) {
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen = seen || out->plans[k].year == out->plans[i].year;
		if (!seen)
			rc = eval_reports_load(s, a, out->plans[i].year, o->as_of, &out->reports,
					       &out->nreports, e);
	}
	for (size_t i = 0; rc == 0 && i < out->nplans; i++) {
		rc = eval_nodes(s, a, out, o, &out->plans[i], e);
		if (rc == 0)
			rc = eval_projects(s, a, out, o, &out->plans[i], e);
		if (rc == 0)
			rc = eval_missing(s, a, out, o, &out->plans[i], e);
	}
	return rc;
}
