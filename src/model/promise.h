/* promise.h — checking last year's promises (目标) against this year's results (完成情况):
 * link a target to a result by normalised indicator and comparable unit, then mark it
 * met / missed / unknown with a reason.
 *
 * Rules (docs/rules.md, "Promise check"):
 *   - indicators are compared after stripping scope and time prefixes (全市, 全年, 今年 …),
 *     leading verbs (实现, 完成) and 地区 before 生产总值, and white space;
 *   - a level is compared through base values (308.12亿元 and 3081200万元 are the same),
 *     so both sides need the same base unit; a growth rate is compared in percent;
 *   - at_least / guarantee / strive / no qualifier: met when actual >= target;
 *     at_most: met when actual <= target;
 *     about / nearly: met when actual >= target - tolerance, tolerance 0.5 percentage
 *     point for growth rates and 5% of the target (relative) for levels;
 *   - decreasing targets (下降, 降低, 减少, 压减) are met by a decrease at least as large. */
#ifndef DUBAN_MODEL_PROMISE_H
#define DUBAN_MODEL_PROMISE_H

#include "base/err.h"
#include "extract/draft.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum promise_kind {
	PROMISE_LEVEL = 0, /* a level or an amount: 达到1100亿元, 新增200家 */
	PROMISE_GROWTH = 1 /* a growth rate in %: 增长7% */
} promise_kind_t;

typedef enum promise_qual {
	PROMISE_Q_NONE = 0,
	PROMISE_Q_AT_LEAST = 1, /* 以上 */
	PROMISE_Q_AT_MOST = 2,  /* 以内 */
	PROMISE_Q_ABOUT = 3,    /* 左右 */
	PROMISE_Q_NEARLY = 4,   /* 近, 接近 */
	PROMISE_Q_STRIVE = 5,   /* 力争 */
	PROMISE_Q_GUARANTEE = 6 /* 确保 */
} promise_qual_t;

/* A target or a result.  Strings are borrowed (NUL-terminated, may be NULL). */
typedef struct promise_stmt {
	const char *indicator;
	double value;          /* as written, in unit */
	const char *unit;      /* "亿元", "%" */
	double base_value;     /* in base_unit */
	const char *base_unit; /* "元", "%", "家"; NULL or "" when unknown */
	promise_kind_t kind;
	bool decrease; /* 下降 … : the value is the size of a decrease */
	promise_qual_t qual;
} promise_stmt_t;

#define PROMISE_GROWTH_TOL_PP 0.5
#define PROMISE_LEVEL_TOL_REL 0.05

typedef enum promise_verdict {
	PROMISE_UNKNOWN = 0, /* 无法判断 */
	PROMISE_MET = 1,     /* 已兑现 */
	PROMISE_MISSED = 2   /* 未兑现 */
} promise_verdict_t;

#define PROMISE_REASON_MAX 384

typedef struct promise_check {
	promise_verdict_t verdict;
	long result;                     /* index of the linked result, -1 if none */
	char reason[PROMISE_REASON_MAX]; /* zh-CN */
} promise_check_t;

/* Writes the normalised indicator into out (cap bytes, NUL-terminated); 0 or ERR_LIMIT
 * when it does not fit. */
int promise_normalize(const char *indicator, char *out, size_t cap);
/* The qualifier for draft's strings ("about", "at_least" …; NULL → NONE). */
promise_qual_t promise_qual_from_name(const char *name);
/* Static storage; "unknown" when out of range. */
const char *promise_qual_name(promise_qual_t q);
/* Fills out from an extracted statement (pointers borrowed from the draft): kind GROWTH
 * for 增长/增速 in %, decrease for 下降/降低/减少/压减/压降. */
void promise_stmt_from_draft(const draft_stmt_t *s, promise_stmt_t *out);

/* Compares one target with one result already known to be about the same indicator. */
void promise_judge(const promise_stmt_t *target, const promise_stmt_t *result,
		   promise_check_t *out);
/* Links target to the first comparable result in results[0..n) and judges it; UNKNOWN
 * with the reason when none has the indicator or none has a comparable unit. */
void promise_check(const promise_stmt_t *target, const promise_stmt_t *results, size_t n,
		   promise_check_t *out);

/* Static storage. */
const char *promise_verdict_name(promise_verdict_t v);
const char *promise_verdict_label(promise_verdict_t v, const char *lang);

#endif
