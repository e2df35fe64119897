/* docs.h — what a plan was imported from (schema v5): the source document, the results
 * (完成情况) and the glossary extraction found, and the promise checks that link the
 * targets of one plan to the results of a later report.
 *
 * Spans are byte ranges [start, end) of the stored document text (UTF-8, as decoded
 * from the original bytes), so a reviewer can be shown the exact clause; import.c maps
 * the extractor's spans over the original bytes onto it.
 *
 * Rows and their text live in the arena the caller passes (see store.h). */
#ifndef DUBAN_STORE_DOCS_H
#define DUBAN_STORE_DOCS_H

#include "store/store.h"

/* search hit kinds added by schema v5 */
#define STORE_KIND_DOCUMENT "document" /* item id: the plan's id */
#define STORE_KIND_GLOSSARY "glossary"
#define STORE_KIND_RESULT   "result"

typedef struct store_document {
	long long plan_id;  /* one document per plan */
	str_t file_name;    /* as given to the import */
	str_t encoding;     /* of the original bytes: UTF-8, GB18030, BIG5 ... */
	str_t script;       /* simplified, traditional */
	long long bytes;    /* size of the original bytes */
	str_t dropped_json; /* [{"first_line":N,"last_line":M,"why":"..."}]: lines of the
			      * original the extractor left out (page chrome, footers) */
	str_t text;         /* the whole document as UTF-8 */
	str_t created_at;   /* ISO 8601 UTC */
} store_document_t;

typedef struct store_result {
	long long id;
	long long plan_id;
	long long node_id; /* 0: outside any node */
	str_t indicator;   /* 生产总值 */
	str_t verb;        /* 增长, 达到 */
	double value;      /* as written, in unit */
	double value_max;  /* == value unless a range */
	str_t unit;        /* 亿元, % */
	bool has_base;
	double base_value; /* in base_unit: 308.12亿元 -> 30812000000 元 */
	str_t base_unit;
	str_t qualifier; /* about, at_least ... or empty */
	int year;        /* the year it is about, 0: unknown */
	str_t text;      /* the clause */
	long long span_start, span_end;
} store_result_t;

typedef struct store_gloss {
	long long id;
	long long plan_id;
	int seq; /* order in the document, from 1 */
	str_t label;
	str_t term;
	str_t definition;
	long long span_start, span_end;
	str_t cited_json; /* [[start,end],...]: where the body cites the label */
} store_gloss_t;

/* The verdict of one target of a plan against a later report (plan against_plan_id). */
typedef struct store_promise {
	long long target_id;
	long long against_plan_id;
	long long result_id; /* 0: no matching result (未核验) */
	str_t verdict;       /* met, missed, unverified */
	str_t reason;        /* zh-CN, for people */
	str_t checked_at;    /* ISO 8601 UTC, set by the store */
} store_promise_t;

/* The document plan_id was imported from; ERR_NOTFOUND when it has none. */
int store_document_get(store_t *s, arena_t *a, long long plan_id, store_document_t *out_doc,
		       err_t *e);
/* The plan's results in document order. */
int store_result_list(store_t *s, arena_t *a, long long plan_id, store_result_t **out_results,
		      size_t *out_n, err_t *e);
/* The plan's glossary in document order. */
int store_glossary_list(store_t *s, arena_t *a, long long plan_id, store_gloss_t **out_gloss,
			size_t *out_n, err_t *e);

/* Records (or replaces) the verdict of p->target_id against p->against_plan_id, with an
 * audit row (action "promise_check", entity "target", before: the earlier verdict).
 * ERR_INVALID for an unknown target, plan or result, or a verdict not in the list. */
int store_promise_put(store_t *s, str_t actor, store_promise_t *p, err_t *e);
/* The verdicts recorded for the targets of plan_id against against_plan_id (0: any),
 * by target id. */
int store_promise_list(store_t *s, arena_t *a, long long plan_id, long long against_plan_id,
		       store_promise_t **out_rows, size_t *out_n, err_t *e);

#endif
