/* draft.h — the draft plan that extraction produces: outline, statements (targets and
 * results), projects, units and places, glossary, and facts about the document.
 *
 * Every string is owned by the draft's arena and NUL-terminated; every span is a
 * half-open byte range [start, end) of the ORIGINAL input bytes.  The JSON form is
 * documented in docs/extract-format.md. */
#ifndef DUBAN_EXTRACT_DRAFT_H
#define DUBAN_EXTRACT_DRAFT_H

#include "base/arena.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct draft_span {
	size_t start, end;
} draft_span_t;

typedef struct draft_node {
	int id;            /* 1-based, in document order */
	int parent;        /* 0 for a top-level node */
	int level;         /* 1 = top */
	const char *label; /* as written: "一、", "（三）", "一是", "#", "" */
	const char *title;
	draft_span_t span; /* the heading (label and title) */
	/* internal, not in JSON: norm-text offsets (see text.h) of the heading and of the
	 * end of the node's own body (up to the next node) */
	size_t norm_start, norm_end;
} draft_node_t;

typedef enum draft_kind { DRAFT_TARGET = 0, DRAFT_RESULT = 1 } draft_kind_t;

typedef struct draft_stmt {
	draft_kind_t kind;
	const char *indicator; /* "生产总值"; "" when none found */
	const char *verb;      /* "增长", "达到", "新增" ...; "" when none */
	double value;
	double value_max; /* == value unless a range */
	bool is_range;
	const char *unit;      /* as written, with magnitude: "亿元", "%", "个百分点", "家" */
	double base_value;     /* value in base_unit: 308.12亿元 -> 30812000000 */
	const char *base_unit; /* "元", "%", "pp", "家", "亩", "平方米", "米", "人" ... */
	const char *qualifier; /* "about", "at_least", "at_most", "nearly", "strive",
				  "guarantee" or NULL */
	const char *deadline;  /* "2023", "2025", "年底", "年内" or NULL */
	int year;              /* year the statement is about, 0 if unknown */
	int node;              /* id of the outline node it belongs to, 0 if none */
	const char *text;      /* the clause, original script unless simplified */
	draft_span_t span;       /* the clause */
	draft_span_t value_span; /* the quantity: number, magnitude and unit */
} draft_stmt_t;

typedef struct draft_project {
	const char *name;
	double investment; /* as written, in unit */
	const char *unit;  /* "亿元", "万元" */
	double base_investment; /* in 元 */
	const char *stage; /* "谋划", "前期", "开工", "在建", "竣工", "投产" or NULL */
	const char *place; /* county/district/zone named with it, or NULL */
	int node;
	draft_span_t span;
} draft_project_t;

typedef struct draft_unit {
	const char *name; /* "市发改委", "涞水县", "高新区" */
	const char *kind; /* "department", "county", "district", "city", "zone", "enterprise" */
	int node;
	draft_span_t span;
} draft_unit_t;

typedef struct draft_gloss {
	const char *label; /* "[5]" */
	const char *term;
	const char *definition;
	draft_span_t span;
	draft_span_t *cited; /* where the body cites the label */
	size_t ncited;
	size_t norm_start, norm_end; /* internal: the note's norm-text range */
} draft_gloss_t;

typedef struct draft_range {
	long first_line, last_line; /* 1-based, inclusive, of the original input */
	const char *why;            /* "page chrome before the body", "page footer" ... */
} draft_range_t;

typedef struct draft_doc {
	const char *title;
	const char *encoding; /* "UTF-8", "GB18030", "BIG5", "BIG5-HKSCS", "UTF-16LE" ... */
	const char *script;   /* "simplified" or "traditional" */
	int year;             /* 0 if unknown */
	size_t bytes;
	draft_range_t *dropped;
	size_t ndropped;
	const char **warnings;
	size_t nwarnings;
} draft_doc_t;

/* A growable array inside the arena. */
#define DRAFT_VEC(T)                                                                      \
	struct {                                                                          \
		T *v;                                                                     \
		size_t n, cap;                                                            \
	}

typedef struct draft {
	arena_t *arena;
	draft_doc_t doc;
	DRAFT_VEC(draft_node_t) nodes;
	DRAFT_VEC(draft_stmt_t) stmts;
	DRAFT_VEC(draft_project_t) projects;
	DRAFT_VEC(draft_unit_t) units;
	DRAFT_VEC(draft_gloss_t) glossary;
} draft_t;

/* A new empty draft with its own arena (capped at max_bytes, 0 = no cap); NULL when out
 * of memory.  Caller owns it: draft_free. */
draft_t *draft_new(size_t max_bytes);
void draft_free(draft_t *d);

/* Appends a zeroed element to one of the draft's arrays and returns it (owned by the
 * draft), or NULL when out of memory.  Usage: draft_node_t *n = DRAFT_PUSH(d, nodes); */
void *draft_push(draft_t *d, void **io_v, size_t *io_n, size_t *io_cap, size_t elem);
#define DRAFT_PUSH(d, field)                                                              \
	draft_push((d), (void **)&(d)->field.v, &(d)->field.n, &(d)->field.cap,           \
		   sizeof *(d)->field.v)

/* Adds a warning (copied into the arena); ERR_NOMEM on failure. */
int draft_warn(draft_t *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
