/* promise.c — linking targets to results and judging them. */
#include "model/promise.h"

#include "model/org.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Removed from the front, repeatedly, in any order: scope, time and leading verbs. */
static const char *const prefixes[] = { "全市", "全县", "全区", "全省", "全年", "今年",
					"本年", "年内", "年底", "当年", "实现", "完成" };
/* Removed from the end: words that only restate that the figure is a rate. */
static const char *const suffixes[] = { "增速", "增幅", "增长" };

static bool has_prefix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && memcmp(s, p, k) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && memcmp(s + n - k, p, k) == 0;
}

/* Copies z without ASCII white space and U+3000 into out; the length or -1 if too long. */
static long copy_no_space(const char *z, char *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; z[i]; i++) {
		if (z[i] == ' ' || z[i] == '\t' || z[i] == '\r' || z[i] == '\n')
			continue;
		if ((unsigned char)z[i] == 0xE3 && (unsigned char)z[i + 1] == 0x80 &&
		    (unsigned char)z[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = z[i];
	}
	out[n] = '\0';
	return (long)n;
}

int promise_normalize(const char *indicator, char *out, size_t cap)
{
	long len;
	const char *s;
	size_t n;
	bool again = true;

	if (cap == 0)
		return ERR_LIMIT;
	if ((len = copy_no_space(indicator ? indicator : "", out, cap)) < 0) {
		out[0] = '\0';
		return ERR_LIMIT;
	}
	s = out;
	n = (size_t)len;
	while (again) {
		again = false;
		for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
			if (has_prefix(s, n, prefixes[i]) && n > strlen(prefixes[i])) {
				s += strlen(prefixes[i]);
				n -= strlen(prefixes[i]);
				again = true;
			}
		}
	}
	if (has_prefix(s, n, "地区生产总值")) {
		s += strlen("地区");
		n -= strlen("地区");
	}
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		if (has_suffix(s, n, suffixes[i]) && n > strlen(suffixes[i])) {
			n -= strlen(suffixes[i]);
			break;
		}
	}
	memmove(out, s, n);
	out[n] = '\0';
	return 0;
}

static const char *const qual_names[] = { "none",   "at_least", "at_most",  "about",
					  "nearly", "strive",   "guarantee" };

promise_qual_t promise_qual_from_name(const char *name)
{
	if (!name)
		return PROMISE_Q_NONE;
	for (size_t i = 1; i < sizeof qual_names / sizeof qual_names[0]; i++)
		if (strcmp(name, qual_names[i]) == 0)
			return (promise_qual_t)i;
	return PROMISE_Q_NONE;
}

const char *promise_qual_name(promise_qual_t q)
{
	return (unsigned)q < sizeof qual_names / sizeof qual_names[0] ? qual_names[q] : "unknown";
}

static bool verb_in(const char *verb, const char *const *list, size_t n)
{
	for (size_t i = 0; verb && i < n; i++)
		if (strcmp(verb, list[i]) == 0)
			return true;
	return false;
}

void promise_stmt_from_draft(const draft_stmt_t *s, promise_stmt_t *out)
{
	static const char *const growth[] = { "增长", "增速", "增幅", "下降", "降低", "减少" };
	static const char *const down[] = { "下降", "降低", "减少", "压减", "压降" };
	bool pct = s->base_unit && strcmp(s->base_unit, "%") == 0;

	memset(out, 0, sizeof *out);
	out->indicator = s->indicator;
	out->value = s->value;
	out->unit = s->unit;
	out->base_value = s->base_value;
	out->base_unit = s->base_unit;
	out->kind = pct && verb_in(s->verb, growth, sizeof growth / sizeof growth[0])
			    ? PROMISE_GROWTH
			    : PROMISE_LEVEL;
	out->decrease = verb_in(s->verb, down, sizeof down / sizeof down[0]);
	out->qual = promise_qual_from_name(s->qualifier);
}

static const char *or_empty(const char *z)
{
	return z ? z : "";
}

/* Whether the two amounts can be compared; on success the comparable numbers. */
static bool comparable(const promise_stmt_t *t, const promise_stmt_t *r, double *out_t,
		       double *out_r)
{
	if (t->kind != r->kind)
		return false;
	if (t->kind == PROMISE_GROWTH) {
		*out_t = t->value;
		*out_r = r->value;
		return true;
	}
	if (*or_empty(t->base_unit) &&
	    strcmp(or_empty(t->base_unit), or_empty(r->base_unit)) == 0) {
		*out_t = t->base_value;
		*out_r = r->base_value;
		return true;
	}
	if (!*or_empty(t->base_unit) && !*or_empty(r->base_unit) &&
	    strcmp(or_empty(t->unit), or_empty(r->unit)) == 0) {
		*out_t = t->value;
		*out_r = r->value;
		return true;
	}
	return false;
}

static void verdict(promise_check_t *out, promise_verdict_t v, const char *fmt, double a, double b)
{
	out->verdict = v;
	snprintf(out->reason, sizeof out->reason, fmt, a, b);
}

void promise_judge(const promise_stmt_t *t, const promise_stmt_t *r, promise_check_t *out)
{
	double tv = 0, rv = 0, tol;
	const double eps = 1e-9;

	out->verdict = PROMISE_UNKNOWN;
	if (!comparable(t, r, &tv, &rv)) {
		snprintf(out->reason, sizeof out->reason, "目标单位“%s”与完成情况单位“%s”不可比",
			 or_empty(t->unit), or_empty(r->unit));
		return;
	}
	if (!isfinite(tv) || !isfinite(rv)) {
		snprintf(out->reason, sizeof out->reason, "%s", "数值无效，无法判断");
		return;
	}
	/* Orient both so that larger is better: a decrease of 5 is -5 as a change. */
	if (t->decrease != r->decrease)
		rv = -rv;
	if (t->qual == PROMISE_Q_AT_MOST) {
		if (rv <= tv + eps)
			verdict(out, PROMISE_MET, "实际 %g，未超过上限 %g", rv, tv);
		else
			verdict(out, PROMISE_MISSED, "实际 %g，超过上限 %g", rv, tv);
		return;
	}
	if (t->qual == PROMISE_Q_ABOUT || t->qual == PROMISE_Q_NEARLY) {
		tol = t->kind == PROMISE_GROWTH ? PROMISE_GROWTH_TOL_PP
						: PROMISE_LEVEL_TOL_REL * fabs(tv);
		if (rv >= tv - eps)
			verdict(out, PROMISE_MET, "实际 %g，达到目标 %g", rv, tv);
		else if (rv >= tv - tol - eps)
			verdict(out, PROMISE_MET, "实际 %g，在目标 %g 左右的容差范围内", rv, tv);
		else
			verdict(out, PROMISE_MISSED, "实际 %g，低于目标 %g 的容差下限", rv, tv);
		return;
	}
	if (rv >= tv - eps)
		verdict(out, PROMISE_MET, "实际 %g，达到目标 %g", rv, tv);
	else
		verdict(out, PROMISE_MISSED, "实际 %g，未达到目标 %g", rv, tv);
}

void promise_check(const promise_stmt_t *target, const promise_stmt_t *results, size_t n,
		   promise_check_t *out)
{
	char want[160], have[160];
	long same_name = -1;
	double a, b;

	out->verdict = PROMISE_UNKNOWN;
	out->result = -1;
	if (promise_normalize(target->indicator, want, sizeof want) || !want[0]) {
		snprintf(out->reason, sizeof out->reason, "%s", "目标缺少可识别的指标名称");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (promise_normalize(results[i].indicator, have, sizeof have) ||
		    strcmp(want, have) != 0)
			continue;
		if (same_name < 0)
			same_name = (long)i;
		if (comparable(target, &results[i], &a, &b)) {
			out->result = (long)i;
			promise_judge(target, &results[i], out);
			return;
		}
	}
	if (same_name >= 0) {
		out->result = same_name;
		snprintf(out->reason, sizeof out->reason,
			 "找到指标“%s”的完成情况，但单位或口径不可比（%s / %s）", want,
			 target->kind == PROMISE_GROWTH ? "增速" : "总量",
			 results[same_name].kind == PROMISE_GROWTH ? "增速" : "总量");
		return;
	}
	snprintf(out->reason, sizeof out->reason, "未找到指标“%s”的完成情况", want);
}

const char *promise_verdict_name(promise_verdict_t v)
{
	switch (v) {
	case PROMISE_UNKNOWN: return "unknown";
	case PROMISE_MET: return "met";
	case PROMISE_MISSED: return "missed";
	}
	return "invalid";
}

const char *promise_verdict_label(promise_verdict_t v, const char *lang)
{
	bool zh = org_lang_is_zh(lang);

	switch (v) {
	case PROMISE_UNKNOWN: return zh ? "无法判断" : "Unknown";
	case PROMISE_MET: return zh ? "已兑现" : "Met";
	case PROMISE_MISSED: return zh ? "未兑现" : "Missed";
	}
	return "?";
}
