/* quantity.h — finds quantities in norm text: Arabic and Chinese numerals, magnitudes
 * (万/亿/万亿), ranges, percent and percentage points, multiples, units and classifiers,
 * and the qualifiers written around them (左右, 以上, 力争 ...).  It also rejects what
 * only looks like a quantity: dates, ordinals, plan/session names, formulas and
 * slogans, footnote marks, category counts, phone numbers and road/line names.
 *
 * A table-driven scanner over code points (no regular expressions): one pass, linear. */
#ifndef DUBAN_EXTRACT_QUANTITY_H
#define DUBAN_EXTRACT_QUANTITY_H

#include "base/arena.h"
#include "base/err.h"
#include "extract/text.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct qty {
	size_t start, end;   /* the quantity in the norm text: number, magnitude, unit */
	size_t qstart, qend; /* the quantity with its qualifier words (⊇ [start, end)) */
	double value;
	double value_max; /* == value unless is_range */
	bool is_range;
	bool chinese;              /* written in Chinese numerals */
	bool measure;              /* a measuring unit (money, %, area ...), not a classifier */
	char unit[32];             /* as written after the number, with magnitude: "亿元", "%" */
	size_t mag_start, mag_end; /* where the magnitude and the unit proper are written */
	size_t unit_start, unit_end; /* (the unit text is mag + unit, without 余/多) */
	const char *base_unit;       /* static: "元", "%", "pp", "亩", "" ... */
	double base_value;           /* value converted to base_unit */
	const char *qualifier;       /* static: "about", "at_least", "at_most", "nearly",
				  "strive", "guarantee" or NULL */
} qty_t;

/* Calls fn for every quantity in s[0..n) (norm text), in order; stops and returns fn's
 * value when it is non-zero.  Returns 0 when the scan completes. */
typedef int (*qty_fn)(const qty_t *q, void *ctx);
int qty_scan(const char *s, size_t n, qty_fn fn, void *ctx);

/* Every quantity of s[0..n), in order: *out_v (heap memory, the caller frees it with
 * mem_free; NULL when none) and *out_n.  0 or ERR_NOMEM. */
int qty_collect(const char *s, size_t n, qty_t **out_v, size_t *out_n);

/* Calls fn for every quantity of t, as qty_scan: from t->qty when a caller collected
 * them once for all stages, else by scanning t->z. */
int qty_each(const text_t *t, qty_fn fn, void *ctx);

/* Parses a Chinese numeral s[0..n) ("三十六", "一百二十", "两", "二〇三五"); 0 and the
 * value, or ERR_INVALID when s is not entirely a Chinese numeral. */
int qty_parse_chinese(const char *s, size_t n, double *out_value);

/* The unit of q as written in the document's own script ("項", not "项"), or in the norm
 * script when simplified is set.  Owned by the arena; NULL when out of memory. */
const char *qty_unit_display(const qty_t *q, const text_t *t, arena_t *a, bool simplified);

#endif
