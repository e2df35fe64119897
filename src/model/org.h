/* org.h — the organisation tree (units and users) and the access rule of the ledger:
 * may user U perform action A on an item owned by unit X?
 *
 * The rule is a declarative table role × action → scope (org_policy), read by the API
 * layer; org_check applies it to one user, one action and one owning unit.  Units form a
 * tree given as a parent array: parent[id] is the parent unit's id, or ORG_NO_PARENT for
 * the root (ids are 0..n-1). */
#ifndef DUBAN_MODEL_ORG_H
#define DUBAN_MODEL_ORG_H

#include "base/err.h"
#include "base/str.h"

#include <stdbool.h>
#include <stddef.h>

#define ORG_NO_PARENT (-1)

typedef enum org_unit_kind {
	ORG_UNIT_CITY = 0,       /* 市 */
	ORG_UNIT_DEPARTMENT = 1, /* 市直部门: 市发改委, 市住建局 */
	ORG_UNIT_DISTRICT = 2,   /* 区 */
	ORG_UNIT_COUNTY = 3,     /* 县, 县级市 */
	ORG_UNIT_ZONE = 4,       /* 开发区: 高新区, 经开区 */
	ORG_UNIT_ENTERPRISE = 5, /* 国有企业 */
	ORG_UNIT_KIND_COUNT = 6
} org_unit_kind_t;

typedef enum org_role {
	ORG_ROLE_ADMIN = 0,       /* system administrator: everything */
	ORG_ROLE_SUPERVISOR = 1,  /* 督查室 staff: maintain the ledger, review reports */
	ORG_ROLE_LEADER = 2,      /* 领导: read everything */
	ORG_ROLE_UNIT_EDITOR = 3, /* 单位填报员: edit and report for the own unit subtree */
	ORG_ROLE_UNIT_VIEWER = 4, /* 单位查看: read the own unit subtree */
	ORG_ROLE_COUNT = 5
} org_role_t;

typedef enum org_action {
	ORG_ACT_READ = 0,   /* see items, reports, history */
	ORG_ACT_EDIT = 1,   /* change the ledger: tasks, targets, units, deadlines */
	ORG_ACT_REPORT = 2, /* file and submit a progress report (填报) */
	ORG_ACT_REVIEW = 3, /* accept or return a report (审核) */
	ORG_ACT_ADMIN = 4,  /* users, units, settings */
	ORG_ACT_COUNT = 5
} org_action_t;

typedef enum org_scope {
	ORG_SCOPE_NONE = 0,    /* never */
	ORG_SCOPE_SUBTREE = 1, /* items owned by the user's unit or a unit below it */
	ORG_SCOPE_ALL = 2      /* every item */
} org_scope_t;

typedef struct org_unit {
	int id;
	int parent; /* ORG_NO_PARENT for the root */
	org_unit_kind_t kind;
} org_unit_t;

typedef struct org_user {
	int id;
	int unit; /* the unit the user belongs to; ORG_NO_PARENT for none */
	org_role_t role;
} org_user_t;

/* The table: what scope a role has for an action.  Out-of-range values give NONE. */
org_scope_t org_policy(org_role_t role, org_action_t action);

/* True when unit x is root or lies below root in the tree parent[0..n).  Robust against
 * bad data: out-of-range ids give false and a cycle stops the walk after n steps. */
bool org_in_subtree(const int *parent, size_t n, int root, int x);

/* Checks that parent[0..n) is a forest: every parent is ORG_NO_PARENT or a valid id, and
 * there is no cycle.  0 or ERR_INVALID naming the first bad unit. */
int org_tree_validate(const int *parent, size_t n, err_t *e);

/* May the user perform action on an item owned by unit owner?  0 when allowed, else
 * ERR_DENIED with a message in Chinese for the office staff (or ERR_INVALID for a bad
 * user/role). */
int org_check(const org_user_t *user, org_action_t action, int owner, const int *parent, size_t n,
	      err_t *e);

/* Stable English names ("admin", "read", "county" ...; static storage, "unknown" for an
 * out-of-range value) and their parsers. */
const char *org_role_name(org_role_t role);
const char *org_action_name(org_action_t action);
const char *org_unit_kind_name(org_unit_kind_t kind);
const char *org_scope_name(org_scope_t scope);
int org_role_parse(str_t s, org_role_t *out_role, err_t *e);
int org_action_parse(str_t s, org_action_t *out_action, err_t *e);
int org_unit_kind_parse(str_t s, org_unit_kind_t *out_kind, err_t *e);
/* Labels for the UI (static storage, "?" when out of range): lang "zh-CN"/"zh"/NULL gives
 * Chinese, anything else English. */
const char *org_role_label(org_role_t role, const char *lang);
const char *org_action_label(org_action_t action, const char *lang);
const char *org_unit_kind_label(org_unit_kind_t kind, const char *lang);

/* True for lang NULL, "", "zh" or "zh-*" (the default language is Chinese). */
bool org_lang_is_zh(const char *lang);

#endif
