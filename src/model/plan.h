/* plan.h — the life cycle of a plan and of a progress report, and the kinds of the nodes
 * of a plan's task tree.
 *
 * Plan: draft (imported, being corrected) → active (ledger of record, reports filed) →
 * closed.  Report: draft → submitted → accepted | returned, and returned → submitted.
 * Every transition is checked by a pure function that returns 0 or ERR_CONFLICT with a
 * message in Chinese naming both states. */
#ifndef DUBAN_MODEL_PLAN_H
#define DUBAN_MODEL_PLAN_H

#include "base/err.h"
#include "base/str.h"
#include "model/org.h"

#include <stdbool.h>

typedef enum plan_state {
	PLAN_DRAFT = 0,  /* 草稿 */
	PLAN_ACTIVE = 1, /* 执行中 */
	PLAN_CLOSED = 2, /* 已关闭 */
	PLAN_STATE_COUNT = 3
} plan_state_t;

typedef enum plan_node_kind {
	PLAN_NODE_AREA = 0,    /* 领域: 一、 */
	PLAN_NODE_ARTICLE = 1, /* 条目: （一） */
	PLAN_NODE_TASK = 2,    /* 任务: 1. */
	PLAN_NODE_MEASURE = 3, /* 举措: （1）, 一是… */
	PLAN_NODE_KIND_COUNT = 4
} plan_node_kind_t;

typedef enum plan_report_state {
	PLAN_REPORT_DRAFT = 0,     /* 草稿 */
	PLAN_REPORT_SUBMITTED = 1, /* 已提交 */
	PLAN_REPORT_ACCEPTED = 2,  /* 已通过 */
	PLAN_REPORT_RETURNED = 3,  /* 已退回 */
	PLAN_REPORT_STATE_COUNT = 4
} plan_report_state_t;

/* 0 when a plan may move from -> to; ERR_CONFLICT otherwise (also for from == to). */
int plan_transition(plan_state_t from, plan_state_t to, err_t *e);
/* Whether a plan in this state may be edited as a ledger / receive progress reports. */
bool plan_state_editable(plan_state_t s);
bool plan_state_accepts_reports(plan_state_t s);

/* Whether a node of kind child may sit directly under a node of kind parent; parent < 0
 * means the plan's root (top level).  Kinds never go up: area > article > task > measure,
 * and levels may be skipped (an area may hold tasks directly). */
bool plan_node_may_contain(int parent, plan_node_kind_t child);
/* The default kind for an outline level from extraction (1 = area, 2 = article,
 * 3 = task, 4 and deeper = measure); ERR_INVALID for level < 1. */
int plan_node_kind_for_level(int level, plan_node_kind_t *out_kind, err_t *e);

/* 0 when a report may move from -> to.  Returning (→ returned) needs a non-empty comment
 * telling the unit what to fix (ERR_INVALID otherwise); illegal moves give ERR_CONFLICT. */
int plan_report_transition(plan_report_state_t from, plan_report_state_t to, str_t comment,
			   err_t *e);
/* The action (org.h) a user needs to move a report into state to: submitting needs
 * ORG_ACT_REPORT, accepting or returning ORG_ACT_REVIEW, editing a draft ORG_ACT_REPORT. */
org_action_t plan_report_action(plan_report_state_t to);
/* Whether the report's content may still be changed by the unit (draft, returned). */
bool plan_report_editable(plan_report_state_t s);

/* Stable English names and parsers; Chinese/English labels (lang as in org.h).  Every
 * returned string is static storage. */
const char *plan_state_name(plan_state_t s);
const char *plan_node_kind_name(plan_node_kind_t k);
const char *plan_report_state_name(plan_report_state_t s);
int plan_state_parse(str_t s, plan_state_t *out_state, err_t *e);
int plan_node_kind_parse(str_t s, plan_node_kind_t *out_kind, err_t *e);
int plan_report_state_parse(str_t s, plan_report_state_t *out_state, err_t *e);
const char *plan_state_label(plan_state_t s, const char *lang);
const char *plan_node_kind_label(plan_node_kind_t k, const char *lang);
const char *plan_report_state_label(plan_report_state_t s, const char *lang);

#endif
