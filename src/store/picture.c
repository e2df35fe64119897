/* picture.c — the supervision picture on one day (picture.h): store_status_each rows,
 * judged with the rules of src/model, streamed to the caller or collected, and the unit
 * ranking inputs summed from them. */
#include "store/picture.h"

#include "base/mem.h"
#include "model/deadline.h"
#include "model/plan.h"
#include "model/progress.h"
#include "store/backend.h"

#include <stdlib.h>
#include <string.h>

/* The latest counted report as the rules see it. */
typedef struct pic_last {
	bool has;
	str_t period, state, stage, submitted_at;
	bool has_value;
	double value;
} pic_last_t;

typedef struct pic_walk {
	store_t *s;
	arena_t *a;
	const store_picture_query_t *q;
	store_picture_t *pic;
	char qtext[16];    /* the quarter ending with the due month, or "" */
	long long *tnodes; /* tasks that have targets (mem), sorted before the task walk */
	size_t ntn, tncap;
	bool collect_only; /* the target walk only notes tasks */
	store_vec_t pend;  /* rows that need their history (copies in a) */
	/* the last deadline read (rows of a plan mostly share a few deadline texts) */
	char dl_text[64];
	size_t dl_len;
	int dl_year, dl_rc;
	date_t dl_date;
	store_picture_fn fn;
	void *ud;
	err_t *e;
} pic_walk_t;

bool store_picture_stage_done(str_t stage)
{
	return str_eq_cstr(stage, "竣工") || str_eq_cstr(stage, "投产") ||
	       str_eq_cstr(stage, "完成") || str_eq_cstr(stage, "已完成");
}

static int cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

static int cmp_plan(const void *x, const void *y)
{
	long long a = ((const store_plan_t *)x)->id, b = ((const store_plan_t *)y)->id;
	return (a > b) - (a < b);
}

static const store_plan_t *pic_plan(const store_picture_t *pic, long long id)
{
	store_plan_t key = { .id = id };
	return pic->nplans ? bsearch(&key, pic->plans, pic->nplans, sizeof key, cmp_plan) : NULL;
}

static bool pic_counts(str_t state)
{
	return str_eq_cstr(state, "submitted") || str_eq_cstr(state, "accepted");
}

/* Whether a report submitted at (ISO 8601) was on or before the due day. */
static bool pic_in_time(const store_picture_t *pic, str_t at)
{
	char due[DATE_STR_SIZE];

	date_format(pic->due_date, due);
	return at.len >= 10 && memcmp(at.ptr, due, 10) <= 0;
}

/* Whether the row's latest report cannot answer for the day: it is for a period that
 * starts after as_of, or ends after the due month (was the due month reported?). */
static bool pic_needs_history(const pic_walk_t *w, const store_status_row_t *r)
{
	period_t p;

	if (r->report_id <= 0)
		return false;
	/* the usual case, the due month or its quarter: it starts before and ends with it */
	if (str_eq_cstr(r->period, w->pic->due_text) ||
	    (w->qtext[0] && str_eq_cstr(r->period, w->qtext)))
		return false;
	if (period_parse(r->period, &p, NULL) < 0)
		return false;
	if (period_start(p) > w->pic->as_of)
		return true;
	return w->pic->has_due && period_end(p) > period_end(w->pic->due);
}

const store_report_t *store_picture_latest(const store_report_t *r, size_t n, long long unit,
					   date_t until)
{
	const store_report_t *best = NULL;
	date_t best_end = 0;

	for (size_t i = 0; i < n; i++) {
		period_t p;
		if ((unit > 0 && r[i].unit_id != unit) || !pic_counts(r[i].state) ||
		    period_parse(r[i].period, &p, NULL) < 0 || period_start(p) > until)
			continue;
		if (!best || period_end(p) > best_end ||
		    (period_end(p) == best_end && str_eq_cstr(r[i].state, "accepted"))) {
			best = &r[i];
			best_end = period_end(p);
		}
	}
	return best;
}

/* From an item's history: the latest report of unit (store_picture_latest), whether the
 * due month or its quarter was reported, and whether the month was on time. */
static void pic_from_history(const pic_walk_t *w, const store_report_t *hist, size_t n,
			     long long unit, pic_last_t *out, bool *io_reported, bool *io_on_time)
{
	const store_report_t *b = store_picture_latest(hist, n, unit, w->pic->as_of);

	for (size_t i = 0; i < n; i++) {
		const store_report_t *h = &hist[i];
		if (h->unit_id != unit || !pic_counts(h->state))
			continue;
		if (str_eq_cstr(h->period, w->pic->due_text) ||
		    (w->qtext[0] && str_eq_cstr(h->period, w->qtext)))
			*io_reported = true;
		if (str_eq_cstr(h->period, w->pic->due_text) &&
		    pic_in_time(w->pic, h->submitted_at.len ? h->submitted_at : h->updated_at))
			*io_on_time = true;
	}
	if (b)
		*out = (pic_last_t){ true,           b->period,       b->state,
				     b->stage,       b->submitted_at, b->has_value,
				     b->actual_value };
}

static bool pic_has_targets(const pic_walk_t *w, long long node)
{
	return w->ntn && bsearch(&node, w->tnodes, w->ntn, sizeof node, cmp_ll);
}

/* Expected and actual progress and the status of it (kind, plan, last are known). */
static int pic_judge(const pic_walk_t *w, const store_status_row_t *r, date_t start,
		     const pic_last_t *last, store_picture_item_t *it, err_t *e)
{
	status_cfg_t cfg;
	status_input_t in = { 0 };
	bool target = !strcmp(it->kind, STORE_KIND_TARGET);
	bool project = !strcmp(it->kind, STORE_KIND_PROJECT);
	int rc = progress_expected_time(start, it->deadline, w->pic->as_of, &it->expected_pct, e);

	if (rc < 0)
		return rc;
	if (target) {
		double base = r->has_baseline ? r->baseline : 0;
		it->measurable = r->has_target && r->target != base;
		it->has_actual = it->measurable && last->has && last->has_value &&
				 progress_share(base, r->target, last->value, PROGRESS_AUTO,
						&it->actual_pct, NULL) == 0;
	} else if (project) {
		it->plan_invest = r->plan_invest;
		it->done_invest = last->has && last->has_value ? last->value : r->done_invest;
		it->measurable = r->plan_invest > 0;
		it->has_actual =
			it->measurable && progress_invest_rate(it->done_invest, r->plan_invest,
							       &it->actual_pct, NULL) == 0;
	} else if (last->has && last->has_value) {
		it->has_actual = true;
		it->actual_pct = last->value;
	}
	if (w->q->rules) /* the stored settings (store/settings.h), else the defaults */
		cfg = w->q->rules->status;
	else
		status_cfg_default(&cfg);
	in.completed = (it->has_actual && it->actual_pct >= cfg.done_pct) ||
		       (last->has && store_picture_stage_done(last->stage)) ||
		       (project && store_picture_stage_done(r->stage));
	in.reported = it->reported;
	in.expected_pct = it->expected_pct;
	in.actual_pct = it->has_actual ? it->actual_pct : it->measurable ? 0 : it->expected_pct;
	in.has_deadline = true;
	in.deadline = it->deadline;
	in.today = w->pic->as_of;
	rc = status_eval(&cfg, &in, &it->st, e);
	if (rc == 0 && !it->has_actual && it->reported && it->st.code == STATUS_NORMAL)
		snprintf(it->st.reason, sizeof it->st.reason, "%s",
			 last->has ? "已填报，无量化进度" : "尚无填报");
	return rc;
}

/* deadline_parse of text for a plan of year, remembering the last answer. */
static int pic_deadline(pic_walk_t *w, str_t text, int year, date_t *out_date)
{
	if (w->dl_year == year && text.len == w->dl_len && text.len <= sizeof w->dl_text &&
	    (text.len == 0 || !memcmp(text.ptr, w->dl_text, text.len))) {
		*out_date = w->dl_date;
		return w->dl_rc;
	}
	date_t d = 0;
	int rc = deadline_parse(text, year, &d, NULL);
	*out_date = d;
	if (text.len <= sizeof w->dl_text) {
		if (text.len)
			memcpy(w->dl_text, text.ptr, text.len);
		w->dl_len = text.len;
		w->dl_year = year;
		w->dl_rc = rc;
		w->dl_date = d;
	}
	return rc;
}

/* Judges one row (with its history when hist is not NULL) and hands it to fn. */
static int pic_emit(pic_walk_t *w, const store_status_row_t *r, bool use_hist,
		    const store_report_t *hist, size_t nhist, err_t *e)
{
	const store_plan_t *plan = pic_plan(w->pic, r->plan_id);
	store_picture_item_t it = { .kind = r->item_kind,
				    .id = r->item_id,
				    .plan_id = r->plan_id,
				    .node_id = r->node_id,
				    .unit_id = r->unit_id,
				    .title = r->title };
	pic_last_t last = { 0 };
	date_t start = 0, year_end = 0;
	bool node = !strcmp(it.kind, STORE_KIND_NODE);

	if (!plan)
		return 0;
	it.duty = r->unit_id > 0 && strcmp(it.kind, STORE_KIND_TARGET) != 0;
	it.listed = !node || (it.duty && !pic_has_targets(w, r->item_id));
	if (!it.listed && !it.duty)
		return 0;
	if (date_from_ymd(plan->year, 1, 1, &start, e) < 0 ||
	    date_from_ymd(plan->year, 12, 31, &year_end, e) < 0)
		return ERR_INVALID;
	if (!strcmp(it.kind, STORE_KIND_PROJECT) ||
	    pic_deadline(w, r->deadline, plan->year, &it.deadline) < 0)
		it.deadline = year_end;
	if (it.deadline < start)
		start = it.deadline;
	if (use_hist) {
		pic_from_history(w, hist, nhist, r->unit_id, &last, &it.reported, &it.on_time);
	} else if (r->report_id > 0) {
		last = (pic_last_t){
			true,         r->period, r->state, r->report_stage, r->submitted_at,
			r->has_value, r->value
		};
		it.reported = str_eq_cstr(r->period, w->pic->due_text) ||
			      (w->qtext[0] && str_eq_cstr(r->period, w->qtext));
		it.on_time = str_eq_cstr(r->period, w->pic->due_text) &&
			     pic_in_time(w->pic, r->submitted_at);
	}
	if (!w->pic->has_due || period_end(w->pic->due) < start)
		it.reported = true;
	it.has_last = last.has;
	it.last_period = last.period;
	it.last_state = last.state;
	int rc = pic_judge(w, r, start, &last, &it, e);
	if (rc == 0)
		rc = w->fn(&it, w->ud);
	return rc;
}

static int pic_row(const store_status_row_t *r, void *ud)
{
	pic_walk_t *w = ud;

	if (!strcmp(r->item_kind, STORE_KIND_TARGET) && w->tnodes) {
		if (w->ntn == w->tncap) {
			size_t cap = w->tncap * 2;
			long long *v = mem_realloc(w->tnodes, cap * sizeof *v);
			if (!v)
				return ERR_NOMEM;
			w->tnodes = v;
			w->tncap = cap;
		}
		w->tnodes[w->ntn++] = r->node_id;
	}
	if (w->collect_only || !pic_plan(w->pic, r->plan_id))
		return 0;
	if (pic_needs_history(w, r)) {
		store_status_row_t *c = store_vec_push(&w->pend);
		if (!c)
			return ERR_NOMEM;
		*c = *r;
		c->title = arena_str(w->a, r->title);
		c->deadline = arena_str(w->a, r->deadline);
		c->stage = arena_str(w->a, r->stage);
		return c->title.ptr && c->deadline.ptr && c->stage.ptr ? 0 : ERR_NOMEM;
	}
	return pic_emit(w, r, false, NULL, 0, w->e);
}

/* The rows set aside: each judged with its item's report history. */
static int pic_pending(pic_walk_t *w, err_t *e)
{
	arena_t *scratch = w->pend.n ? arena_new(0, 0) : NULL;
	int rc = w->pend.n && !scratch ? err_set(e, ERR_NOMEM, "out of memory") : 0;

	for (size_t i = 0; rc == 0 && i < w->pend.n; i++) {
		const store_status_row_t *r = (const store_status_row_t *)w->pend.items + i;
		store_report_t *hist = NULL;
		size_t nh = 0;
		rc = store_report_history(w->s, scratch, str_from_cstr(r->item_kind), r->item_id,
					  &hist, &nh, e);
		if (rc == 0)
			rc = pic_emit(w, r, true, hist, nh, e);
		arena_reset(scratch);
	}
	arena_free(scratch);
	return rc;
}

/* The selected plans, by id; the due month and its quarter. */
static int pic_begin(store_t *s, arena_t *a, const store_picture_query_t *q, pic_walk_t *w,
		     store_picture_t *pic, err_t *e)
{
	period_window_cfg_t wcfg;
	date_t open;
	int y, m, d, rc;

	memset(pic, 0, sizeof *pic);
	pic->as_of = q->as_of;
	period_window_cfg_default(&wcfg);
	pic->has_due = period_last_due(&wcfg, PERIOD_MONTH, q->as_of, &pic->due, NULL) == 0 &&
		       period_format(pic->due, pic->due_text, sizeof pic->due_text) == 0 &&
		       period_window(&wcfg, pic->due, &open, &pic->due_date, NULL) == 0;
	if (pic->has_due && pic->due.index % 3 == 0)
		period_format((period_t){ PERIOD_QUARTER, pic->due.year, pic->due.index / 3 },
			      w->qtext, sizeof w->qtext);
	if (q->unit_id) {
		store_unit_t u;
		rc = store_unit_get(s, a, q->unit_id, &u, e);
		if (rc == ERR_NOTFOUND) {
			err_set(e, ERR_INVALID, "no unit %lld", q->unit_id);
			return err_field(e, "unit");
		}
		if (rc < 0)
			return rc;
	}
	if (q->plan_id) {
		pic->plans = arena_alloc(a, sizeof *pic->plans);
		if (!pic->plans)
			return err_set(e, ERR_NOMEM, "out of memory");
		rc = store_plan_get(s, a, q->plan_id, pic->plans, e);
		if (rc == ERR_NOTFOUND) {
			err_set(e, ERR_INVALID, "no plan %lld", q->plan_id);
			return err_field(e, "plan");
		}
		pic->nplans = rc == 0;
	} else {
		size_t n = 0, k = 0;
		rc = store_plan_list(s, a, &pic->plans, &n, e);
		for (size_t i = 0; rc == 0 && i < n; i++)
			if (str_eq_cstr(pic->plans[i].state, plan_state_name(PLAN_ACTIVE)))
				pic->plans[k++] = pic->plans[i];
		pic->nplans = k;
	}
	date_to_ymd(q->as_of, &y, &m, &d);
	for (size_t i = 0; i < pic->nplans; i++)
		if (pic->plans[i].year < DATE_YEAR_MIN || pic->plans[i].year > DATE_YEAR_MAX)
			pic->plans[i].year = y;
	if (pic->nplans)
		qsort(pic->plans, pic->nplans, sizeof *pic->plans, cmp_plan);
	return rc;
}

/* One kind of rows through pic_row. */
static int pic_kind(pic_walk_t *w, unsigned kind, err_t *e)
{
	store_status_query_t sq = { .plan_id = w->q->plan_id,
				    .unit_id = w->q->unit_id,
				    .kinds = kind };
	int rc = store_status_each(w->s, &sq, pic_row, w, e);

	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory judging status rows");
	return rc;
}

int store_picture_each(store_t *s, arena_t *a, const store_picture_query_t *q,
		       store_picture_t *out_pic, store_picture_fn fn, void *ud, err_t *e)
{
	unsigned want = q->kinds ? q->kinds : 7u;
	pic_walk_t w = { .s = s, .a = a, .q = q, .pic = out_pic, .fn = fn, .ud = ud, .e = e };
	int rc = pic_begin(s, a, q, &w, out_pic, e);

	w.pend = (store_vec_t){ .a = a, .size = sizeof(store_status_row_t) };
	if (rc == 0 && (want & STORE_STATUS_NODES)) {
		w.tncap = 1024;
		if (!(w.tnodes = mem_alloc(w.tncap * sizeof *w.tnodes)))
			rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	if (rc == 0 && (want & (STORE_STATUS_TARGETS | STORE_STATUS_NODES)) && out_pic->nplans) {
		w.collect_only = !(want & STORE_STATUS_TARGETS);
		rc = pic_kind(&w, STORE_STATUS_TARGETS, e);
		w.collect_only = false;
	}
	if (w.tnodes && w.ntn)
		qsort(w.tnodes, w.ntn, sizeof *w.tnodes, cmp_ll);
	if (rc == 0 && (want & STORE_STATUS_NODES) && out_pic->nplans)
		rc = pic_kind(&w, STORE_STATUS_NODES, e);
	if (rc == 0 && (want & STORE_STATUS_PROJECTS) && out_pic->nplans)
		rc = pic_kind(&w, STORE_STATUS_PROJECTS, e);
	if (rc == 0)
		rc = pic_pending(&w, e);
	mem_free(w.tnodes);
	return rc;
}

/* ---- collected items ---- */

static int kind_order(const char *kind)
{
	return !strcmp(kind, STORE_KIND_TARGET) ? 0 : !strcmp(kind, STORE_KIND_NODE) ? 1 : 2;
}

static int cmp_item(const void *x, const void *y)
{
	const store_picture_item_t *a = x, *b = y;
	int ka = kind_order(a->kind), kb = kind_order(b->kind);
	if (ka != kb)
		return ka - kb;
	return (a->id > b->id) - (a->id < b->id);
}

static int collect_item(const store_picture_item_t *it, void *ud)
{
	store_vec_t *v = ud;
	store_picture_item_t *c;

	if (!it->listed)
		return 0;
	if (!(c = store_vec_push(v)))
		return ERR_NOMEM;
	*c = *it;
	c->title = arena_str(v->a, it->title);
	c->last_period = arena_str(v->a, it->last_period);
	c->last_state = arena_str(v->a, it->last_state);
	return c->title.ptr && c->last_period.ptr && c->last_state.ptr ? 0 : ERR_NOMEM;
}

int store_picture_items(store_t *s, arena_t *a, const store_picture_query_t *q,
			store_picture_t *out_pic, store_picture_item_t **out_items, size_t *out_n,
			err_t *e)
{
	store_vec_t v = { .a = a, .size = sizeof(store_picture_item_t) };
	int rc = store_picture_each(s, a, q, out_pic, collect_item, &v, e);

	if (rc == ERR_NOMEM && e && !e->msg[0])
		err_set(e, rc, "store: out of memory collecting the picture");
	if (rc == 0 && v.n)
		qsort(v.items, v.n, sizeof(store_picture_item_t), cmp_item);
	*out_items = rc == 0 ? v.items : NULL;
	*out_n = rc == 0 ? v.n : 0;
	return rc;
}

/* ---- ranking inputs ---- */

/* Open addressing from unit id to its input (mem). */
typedef struct rank_acc {
	rank_input_t *slots; /* unit 0: empty */
	size_t cap, n;
} rank_acc_t;

static rank_input_t *acc_slot(rank_acc_t *acc, long long unit)
{
	if (acc->n * 2 >= acc->cap) {
		size_t cap = acc->cap ? acc->cap * 2 : 256;
		rank_input_t *v = mem_calloc(cap, sizeof *v);
		if (!v)
			return NULL;
		for (size_t i = 0; i < acc->cap; i++) {
			if (!acc->slots[i].unit)
				continue;
			size_t h = (size_t)acc->slots[i].unit * 2654435761u & (cap - 1);
			while (v[h].unit)
				h = (h + 1) & (cap - 1);
			v[h] = acc->slots[i];
		}
		mem_free(acc->slots);
		acc->slots = v;
		acc->cap = cap;
	}
	size_t h = (size_t)unit * 2654435761u & (acc->cap - 1);
	while (acc->slots[h].unit && acc->slots[h].unit != (int)unit)
		h = (h + 1) & (acc->cap - 1);
	if (!acc->slots[h].unit) {
		acc->slots[h].unit = (int)unit;
		acc->n++;
	}
	return &acc->slots[h];
}

typedef struct rank_walk {
	rank_acc_t acc;
	store_picture_fn also;
	void *ud;
} rank_walk_t;

static int rank_item(const store_picture_item_t *it, void *ud)
{
	rank_walk_t *w = ud;
	rank_input_t *r;
	int rc = w->also ? w->also(it, w->ud) : 0;

	if (rc)
		return rc;

	if (it->unit_id <= 0 || it->unit_id > 0x7fffffff)
		return 0;
	if (!(r = acc_slot(&w->acc, it->unit_id)))
		return ERR_NOMEM;
	if (it->duty) {
		r->reports_due++;
		r->reports_on_time += it->on_time;
	}
	if (it->listed) {
		r->items++;
		r->items_on_schedule += it->st.code == STATUS_NORMAL || it->st.code == STATUS_DONE;
		if (!strcmp(it->kind, STORE_KIND_PROJECT) && it->plan_invest > 0) {
			r->invest_planned += it->plan_invest;
			r->invest_completed += it->done_invest > 0 ? it->done_invest : 0;
		}
	}
	return 0;
}

static int cmp_input(const void *x, const void *y)
{
	int a = ((const rank_input_t *)x)->unit, b = ((const rank_input_t *)y)->unit;
	return (a > b) - (a < b);
}

int store_picture_rank_inputs(store_t *s, arena_t *a, const store_picture_query_t *q,
			      store_picture_t *out_pic, store_picture_fn also, void *ud,
			      rank_input_t **out_in, size_t *out_n, err_t *e)
{
	rank_walk_t w = { .also = also, .ud = ud };
	rank_acc_t *acc = &w.acc;
	size_t k = 0;
	int rc = store_picture_each(s, a, q, out_pic, rank_item, &w, e);
	rank_input_t *in = rc == 0 ? arena_alloc(a, (acc->n ? acc->n : 1) * sizeof *in) : NULL;

	if (rc == 0 && !in)
		rc = ERR_NOMEM;
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory ranking units");
	for (size_t i = 0; rc == 0 && i < acc->cap; i++) {
		const rank_input_t *r = &acc->slots[i];
		if (r->unit && (r->reports_due || r->items || r->invest_planned > 0))
			in[k++] = *r;
	}
	mem_free(acc->slots);
	if (rc == 0 && k)
		qsort(in, k, sizeof *in, cmp_input);
	*out_in = rc == 0 ? in : NULL;
	*out_n = rc == 0 ? k : 0;
	return rc;
}

int store_picture_rank(arena_t *a, const rank_cfg_t *cfg, const rank_input_t *in, size_t n,
		       rank_row_t **out_rows, err_t *e)
{
	rank_cfg_t def;
	rank_row_t *rows = arena_zalloc(a, (n ? n : 1) * sizeof *rows);
	int rc = rows ? 0 : err_set(e, ERR_NOMEM, "out of memory");

	if (!cfg) {
		rank_cfg_default(&def);
		cfg = &def;
	}
	if (rc == 0 && n)
		rc = rank_compute(cfg, in, n, rows, e);
	*out_rows = rc == 0 ? rows : NULL;
	return rc;
}

int store_picture_missing(store_t *s, arena_t *a, const store_picture_t *pic, long long unit_id,
			  store_missing_t **out_missing, size_t *out_n, err_t *e)
{
	store_vec_t v = { .a = a, .size = sizeof(store_missing_t) };
	int rc = 0;

	for (size_t p = 0; rc == 0 && pic->has_due && p < pic->nplans; p++) {
		store_missing_t *m = NULL;
		size_t n = 0;
		rc = store_report_missing_scoped(s, a, pic->plans[p].id,
						 str_from_cstr(pic->due_text), unit_id, &m, &n, e);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			store_missing_t *c = store_vec_push(&v);
			if (!c)
				rc = err_set(e, ERR_NOMEM, "store: out of memory");
			else
				*c = m[i];
		}
	}
	*out_missing = rc == 0 ? v.items : NULL;
	*out_n = rc == 0 ? v.n : 0;
	return rc;
}

const store_picture_item_t *store_picture_find(const store_picture_item_t *items, size_t n,
					       const char *kind, long long id)
{
	store_picture_item_t key = { .kind = kind, .id = id };
	return n ? bsearch(&key, items, n, sizeof key, cmp_item) : NULL;
}
