/* store.h — the ledger's storage: one interface, two database backends.
 *
 * store_open() picks the backend from the URL: a file path or "sqlite:PATH" opens SQLite
 * (the default: one data file), "postgres://..." or "postgresql://..." opens PostgreSQL
 * through libpq.  Every backend implements the same table of primitives
 * (store_backend_t in store/backend.h, as curl does for its TLS backends); the entity
 * operations below are written once on top of it, so the rules that matter — each write
 * is one transaction that also appends its audit row, version checks, report state
 * guards — cannot differ between backends.
 *
 * Threads: a store handle (store_t) is used by one thread at a time; a server keeps a pool
 * of handles (src/api).
 *
 * Rows: text fields are str_t views.  Every row or list a function returns is allocated
 * in the arena the caller passes (NUL-terminated copies); the caller owns the arena.
 * Ids are > 0; an id field of 0 means "none" (a root unit, a node without a lead unit).
 * Write functions take the acting user's name (actor) for the audit trail.  An *_add
 * function sets the row's id field to the new id, or to 0 when nothing was added.
 *
 * Errors: 0 or a negative ERR_* code.  ERR_NOTFOUND (no such row), ERR_CONFLICT (stale
 * version, duplicate name, report already submitted), ERR_INVALID (missing field, unknown
 * referenced id), ERR_DENIED (the database refused: audit rows are immutable), ERR_DB. */
#ifndef DUBAN_STORE_STORE_H
#define DUBAN_STORE_STORE_H

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct store store_t;

typedef struct store_unit {
	long long id;
	long long parent_id; /* 0: a root (the city) */
	str_t name;          /* unique: 市发改委, 涿州市 ... */
	str_t kind;          /* free text: city, department, county, zone, enterprise */
} store_unit_t;

typedef struct store_user {
	long long id;
	str_t name; /* login name, unique */
	str_t display_name;
	str_t pw_hash;     /* an encoded password hash (libsodium string); never a password */
	str_t role;        /* admin, leader, office, unit */
	long long unit_id; /* 0: none */
	bool disabled;
} store_user_t;

typedef struct store_plan {
	long long id;
	str_t title;
	str_t source; /* where it came from: file name, URL */
	int year;
	str_t state;      /* draft, active, closed (the store does not judge) */
	str_t created_at; /* ISO 8601 UTC, set by the store */
} store_plan_t;

typedef struct store_node {
	long long id;
	long long plan_id;
	long long parent_id; /* 0: top level */
	int seq;             /* position among its siblings */
	str_t label;         /* 一、 （一） 1. */
	str_t title;
	str_t body;
	str_t deadline;
	long long lead_unit_id;         /* 0: none yet */
	const long long *coop_unit_ids; /* cooperating units, in the arena on reads */
	size_t n_coop;
	long long version; /* starts at 1, +1 on every update or assignment */
} store_node_t;

typedef struct store_target {
	long long id;
	long long node_id;
	str_t indicator; /* 生产总值 */
	str_t verb;      /* 增长, 达到, 新增 ... */
	bool has_value;
	double value;
	str_t unit;      /* %, 亿元, 家 */
	str_t qualifier; /* 左右, 以上 ... */
	str_t deadline;
	str_t text;        /* the source sentence */
	bool has_baseline; /* the starting value progress is measured from (schema v3) */
	double baseline;
} store_target_t;

typedef struct store_project {
	long long id;
	long long plan_id; /* 0: none */
	str_t name;
	long long owner_unit_id; /* 0: none */
	str_t place;
	str_t stage; /* 谋划 前期 开工 在建 竣工 投产 */
	double total_invest;
	double plan_invest;
	double done_invest;
} store_project_t;

/* item kinds a report, a search hit or a missing report refers to */
#define STORE_KIND_NODE    "node"
#define STORE_KIND_TARGET  "target"
#define STORE_KIND_PROJECT "project"

typedef struct store_report {
	long long id;
	long long unit_id;
	str_t item_kind; /* node, target, project */
	long long item_id;
	str_t period; /* 2024-03, 2024-Q1 ... */
	str_t state;  /* draft, submitted, accepted, returned */
	bool has_value;
	double actual_value;
	str_t stage;
	str_t narrative;
	str_t comment; /* the reviewer's, on accept or return */
	str_t updated_at;
	str_t submitted_at; /* ISO 8601 UTC of the submission; empty for a draft, and for a
			     * report submitted before schema v4 and accepted since */
} store_report_t;

typedef struct store_audit {
	long long id;
	str_t at; /* ISO 8601 UTC */
	str_t actor;
	str_t action; /* add, update, assign, set_state, draft, submit, accept, return */
	str_t entity; /* unit, user, plan, node, target, project, report */
	long long entity_id;
	str_t before; /* JSON, empty view when there was no row before */
	str_t after;  /* JSON */
	str_t client; /* where the write came from: a client address, "cli"; empty before v7 */
} store_audit_t;

typedef struct store_missing {
	str_t item_kind;
	long long item_id;
	long long unit_id; /* the responsible unit that has not reported */
	str_t title;
} store_missing_t;

typedef struct store_hit {
	str_t kind;
	long long id;
	str_t title;
} store_hit_t;

/* Opens the store at url (see above); does not migrate.  NULL on failure, with the code
 * (ERR_INVALID bad URL, ERR_IO cannot connect, ERR_DB cannot open the file, ERR_NOMEM)
 * and message in e.  The caller owns the result: store_close. */
store_t *store_open(const char *url, err_t *e);
void store_close(store_t *s);
/* Whether the connection is still usable (false after a lost PostgreSQL connection: the
 * caller closes it and opens a new one). */
bool store_healthy(store_t *s);
/* "sqlite" or "postgres"; static storage. */
const char *store_backend_name(const store_t *s);

/* The schema version the migrations of this program lead to (both backends). */
#define STORE_SCHEMA_VERSION 7

/* Applies every migration not yet recorded in schema_migrations, in order, each in its
 * own transaction.  Running it again does nothing.  *out_version (may be NULL) is the
 * schema version afterwards.  ERR_DB, changing nothing, when the database was migrated
 * by a newer program (a version this one does not know). */
int store_migrate(store_t *s, int *out_version, err_t *e);

/* An explicit transaction around several writes.  Writes inside it use savepoints, so a
 * failed write is undone on its own and the caller decides about the rest. */
int store_begin(store_t *s, err_t *e);
int store_commit(store_t *s, err_t *e);
int store_rollback(store_t *s, err_t *e);

/* Refreshes the query planner's statistics after a large import.  PostgreSQL: ANALYZE
 * (otherwise it plans the "not reported" list on a freshly loaded table as a nested scan,
 * 1.9 s instead of 25 ms in bench/ledger, until autovacuum gets to it).  SQLite: nothing —
 * the store's statements are written for its statistics-free planner (backend.h).
 * ERR_USAGE inside a transaction. */
int store_analyze(store_t *s, err_t *e);

/* Runs literal SQL with no parameters (tests and maintenance only: never with data). */
int store_exec_literal(store_t *s, const char *sql, err_t *e);

/* ---- units ---- */
int store_unit_add(store_t *s, str_t actor, store_unit_t *unit, err_t *e); /* sets unit->id */
int store_unit_get(store_t *s, arena_t *a, long long id, store_unit_t *out_unit, err_t *e);
int store_unit_list(store_t *s, arena_t *a, store_unit_t **out_units, size_t *out_n, err_t *e);
/* Children of parent_id (0: the roots), in the order they were added. */
int store_unit_children(store_t *s, arena_t *a, long long parent_id, store_unit_t **out_units,
			size_t *out_n, err_t *e);

/* One page of units (all units: the tree is not secret), filtered and sorted in the query.
 * limit 0 or above STORE_PAGE_MAX (500): STORE_PAGE_MAX. */
typedef struct store_unit_query {
	long long parent_id; /* > 0: only its direct children */
	str_t kind;          /* non-empty: only this kind */
	str_t name_part;     /* non-empty: only names containing it (bytes, case-sensitive) */
	bool by_name;        /* order by name (else by id); id breaks ties */
	size_t limit;        /* 0 or more than STORE_PAGE_MAX: STORE_PAGE_MAX */
	size_t offset;
} store_unit_query_t;
/* The units of the page and *out_total, how many match on every page. */
int store_unit_page(store_t *s, arena_t *a, const store_unit_query_t *q, store_unit_t **out_units,
		    size_t *out_n, long long *out_total, err_t *e);

/* ---- users ---- */
int store_user_add(store_t *s, str_t actor, store_user_t *user, err_t *e); /* sets user->id */
int store_user_get_by_name(store_t *s, arena_t *a, str_t name, store_user_t *out_user, err_t *e);
int store_user_get(store_t *s, arena_t *a, long long id, store_user_t *out_user, err_t *e);
int store_user_list(store_t *s, arena_t *a, store_user_t **out_users, size_t *out_n, err_t *e);
/* Writes display_name, role, unit_id and disabled of user->id (name and pw_hash are
 * ignored: a login name never changes, the hash has its own function). */
int store_user_update(store_t *s, str_t actor, const store_user_t *user, err_t *e);
/* store_user_update of after, but only if the user is still as before says (display name,
 * role, unit, disabled), checked inside the write transaction: otherwise ERR_CONFLICT
 * with field "version" and nothing written (the API's If-Match). */
int store_user_update_if(store_t *s, str_t actor, const store_user_t *before,
			 const store_user_t *after, err_t *e);
/* Replaces the password hash; the audit row says that it changed, never the hash. */
int store_user_set_pw_hash(store_t *s, str_t actor, long long id, str_t pw_hash, err_t *e);

/* One page of users, filtered and sorted in the query (limit as store_unit_query_t). */
typedef enum store_user_state {
	STORE_USERS_ALL = 0,
	STORE_USERS_DISABLED, /* only disabled accounts */
	STORE_USERS_ACTIVE,   /* only accounts that are not disabled */
} store_user_state_t;
typedef struct store_user_query {
	long long unit_id; /* > 0: only this unit's users */
	str_t role;        /* non-empty: only this role */
	store_user_state_t state;
	bool by_name; /* order by login name (else by id); id breaks ties */
	size_t limit;
	size_t offset;
} store_user_query_t;
int store_user_page(store_t *s, arena_t *a, const store_user_query_t *q, store_user_t **out_users,
		    size_t *out_n, long long *out_total, err_t *e);

/* ---- plans ---- */
/* Sets plan->id; an empty state becomes "draft". */
int store_plan_add(store_t *s, str_t actor, store_plan_t *plan, err_t *e);
int store_plan_get(store_t *s, arena_t *a, long long id, store_plan_t *out_plan, err_t *e);
int store_plan_list(store_t *s, arena_t *a, store_plan_t **out_plans, size_t *out_n, err_t *e);
int store_plan_set_state(store_t *s, str_t actor, long long id, str_t state, err_t *e);
/* One page of plans, filtered and sorted in the query (limit as store_unit_query_t). */
typedef enum store_plan_sort {
	STORE_PLAN_BY_ID = 0,
	STORE_PLAN_BY_YEAR, /* newest first */
	STORE_PLAN_BY_TITLE,
} store_plan_sort_t;
typedef struct store_plan_query {
	str_t state; /* non-empty: only plans in this state */
	int year;    /* > 0: only this year's */
	store_plan_sort_t sort;
	size_t limit;
	size_t offset;
} store_plan_query_t;
int store_plan_page(store_t *s, arena_t *a, const store_plan_query_t *q, store_plan_t **out_plans,
		    size_t *out_n, long long *out_total, err_t *e);
/* Sets the state to `to` only if it is still `from` (checked in the UPDATE itself, so of
 * two concurrent moves one wins): ERR_CONFLICT (field "state") when it is not,
 * ERR_NOTFOUND when there is no such plan. */
int store_plan_move(store_t *s, str_t actor, long long id, str_t from, str_t to, err_t *e);

/* ---- nodes (the task tree) ---- */
/* Adds the node with its cooperating units; sets node->id and node->version (1). */
int store_node_add(store_t *s, str_t actor, store_node_t *node, err_t *e);
int store_node_get(store_t *s, arena_t *a, long long id, store_node_t *out_node, err_t *e);
/* The seq that places a new node last among the children of parent_id (0: the top
 * level) in the plan: one more than the largest, 1 when there are none. */
int store_node_next_seq(store_t *s, long long plan_id, long long parent_id, int *out_seq, err_t *e);
/* Every node of the plan, ordered by parent then seq. */
int store_node_list(store_t *s, arena_t *a, long long plan_id, store_node_t **out_nodes,
		    size_t *out_n, err_t *e);
/* Every node, in any plan, that the unit leads or cooperates on; by plan, parent, seq. */
int store_node_list_by_unit(store_t *s, arena_t *a, long long unit_id, store_node_t **out_nodes,
			    size_t *out_n, err_t *e);
/* Writes parent, seq, label, title, body, deadline if node->version is still current
 * (else ERR_CONFLICT); on success node->version is the new version. */
int store_node_update(store_t *s, str_t actor, store_node_t *node, err_t *e);
/* Sets the lead unit (0: none) and replaces the cooperating units, with the same version
 * check; *io_version is the version read before and the new one after. */
int store_node_assign(store_t *s, str_t actor, long long node_id, long long *io_version,
		      long long lead_unit_id, const long long *coop_ids, size_t n_coop, err_t *e);

/* ---- targets ---- */
int store_target_add(store_t *s, str_t actor, store_target_t *target, err_t *e);
/* The target with this id (text views in a); ERR_NOTFOUND when there is none. */
int store_target_get(store_t *s, arena_t *a, long long id, store_target_t *out_target, err_t *e);
int store_target_list(store_t *s, arena_t *a, long long node_id, store_target_t **out_targets,
		      size_t *out_n, err_t *e);

/* ---- key projects ---- */
int store_project_add(store_t *s, str_t actor, store_project_t *project, err_t *e);
int store_project_get(store_t *s, arena_t *a, long long id, store_project_t *out_project, err_t *e);
/* plan_id 0: every project. */
int store_project_list(store_t *s, arena_t *a, long long plan_id, store_project_t **out_projects,
		       size_t *out_n, err_t *e);

/* ---- reports: one per unit x item x period ---- */
/* Creates or rewrites the report as a draft (submit false) or submitted (submit true).
 * ERR_CONFLICT when it is already submitted or accepted; ERR_INVALID when the item does
 * not exist.  Sets report->id and report->state. */
int store_report_put(store_t *s, str_t actor, store_report_t *report, bool submit, err_t *e);
/* store_report_put(…, submit true) with a given submission time instead of the time of
 * the write: for importing historical reports and for the demo.  submitted_at is ISO 8601
 * UTC (YYYY-MM-DDTHH:MM:SSZ) and not after now (ERR_INVALID, field submitted_at).  The
 * report's updated_at and the audit row's time are the real time of the write; the audit
 * row's after-image carries the given submitted_at and "backdated": true. */
int store_report_submit_at(store_t *s, str_t actor, store_report_t *report, str_t submitted_at,
			   err_t *e);
/* Accepts (accept true) or returns a submitted report with the reviewer's comment;
 * ERR_CONFLICT when it is not in state submitted. */
int store_report_review(store_t *s, str_t actor, long long report_id, bool accept, str_t comment,
			err_t *e);
/* The reports of period, of every unit (unit_id 0) or of one unit. */
int store_report_list(store_t *s, arena_t *a, str_t period, long long unit_id,
		      store_report_t **out_reports, size_t *out_n, err_t *e);
/* Nodes with a lead unit and projects with an owner unit, in the plan, for which that unit
 * has no submitted or accepted report for period. */
int store_report_missing(store_t *s, arena_t *a, long long plan_id, str_t period,
			 store_missing_t **out_missing, size_t *out_n, err_t *e);

/* Every report on one item (all units), oldest period first, then by unit: the item's
 * history.  Served by the index reports(item_kind, item_id, unit_id, period, state). */
int store_report_history(store_t *s, arena_t *a, str_t item_kind, long long item_id,
			 store_report_t **out_reports, size_t *out_n, err_t *e);

/* ---- supervision at scale (status.c) ---- */
/* One tracked item with what the status rules need: its responsible unit (node: lead
 * unit; target: its node's lead unit; project: owner unit), deadline, target and
 * baseline, and the responsible unit's latest submitted or accepted report (by period;
 * drafts and returned reports are not counted).  Text views: see the functions. */
typedef struct store_status_row {
	const char *item_kind; /* STORE_KIND_*: static storage */
	long long item_id;
	long long plan_id;
	long long node_id; /* node: itself; target: its node; project: 0 */
	long long unit_id; /* 0: nobody responsible yet */
	str_t title;       /* node title, target indicator and verb, project name */
	str_t deadline;    /* target: its own, else its node's; project: empty */
	bool has_target;   /* target: its value; project: planned investment */
	double target;
	bool has_baseline;
	double baseline;
	double total_invest, plan_invest, done_invest; /* projects; 0 otherwise */
	str_t stage;                                   /* projects: 谋划 … 投产 */
	long long report_id;                           /* the latest report, 0: none */
	str_t period;
	str_t state; /* submitted or accepted */
	bool has_value;
	double value;
	str_t submitted_at; /* ISO 8601 UTC; for reports older than schema v3 the last update */
	str_t report_stage; /* the latest report's stage (谋划 … 投产), may be empty */
} store_status_row_t;

#define STORE_STATUS_NODES    1u
#define STORE_STATUS_TARGETS  2u
#define STORE_STATUS_PROJECTS 4u

typedef struct store_status_query {
	long long plan_id; /* 0: every plan (projects without a plan included) */
	long long unit_id; /* 0: every item; else items whose responsible unit is this unit or
			    * one below it in the unit tree */
	unsigned kinds;    /* STORE_STATUS_* bits; 0: all three */
} store_status_query_t;

/* Called once per item; the row's views are valid only during the call. */
typedef int (*store_status_fn)(const store_status_row_t *row, void *ud);

/* Streams the items of the query: nodes, then targets, then projects, each by id.  One
 * query per item kind (the latest report, with its stage: a primary-key join on
 * report_latest), so
 * memory stays flat however large the ledger (SQLite; libpq holds one kind's result).
 * fn returning non-zero stops the walk with that code. */
int store_status_each(store_t *s, const store_status_query_t *q, store_status_fn fn, void *ud,
		      err_t *e);
/* The same rows as one array; rows and text live in a (the caller's arena). */
int store_status_rows(store_t *s, arena_t *a, const store_status_query_t *q,
		      store_status_row_t **out_rows, size_t *out_n, err_t *e);

/* ---- backup (backup.c) ---- */
/* Writes a consistent copy of the whole database to a new SQLite file at path while
 * others keep writing; refuses (ERR_CONFLICT) when path exists.  SQLite: the online
 * backup API in one read transaction.  PostgreSQL: every duban table exported inside one
 * REPEATABLE READ READ ONLY transaction into a SQLite file with the same schema, so the
 * copy is one file that any command opens with --db FILE.  On failure nothing is left at path.
 * ERR_USAGE inside an explicit transaction. */
int store_backup(store_t *s, const char *path, err_t *e);

/* ---- audit ---- */
/* Where this handle's writes come from, recorded in the client column of every audit row
 * it appends until changed: the client address of an API request, "cli" for the command
 * line, empty for none (the default).  Copied into the handle; text longer than
 * STORE_CLIENT_MAX - 1 bytes is cut at a character boundary. */
#define STORE_CLIENT_MAX 64
void store_set_client(store_t *s, str_t client);
/* The handle's client (empty view when none); valid until the next store_set_client. */
str_t store_client(const store_t *s);
/* Appends one audit row in its own transaction (for events outside the store's own
 * writes, e.g. a login).  Store writes append theirs themselves. */
int store_audit_append(store_t *s, str_t actor, str_t action, str_t entity, long long entity_id,
		       str_t before_json, str_t after_json, err_t *e);
/* Which audit rows: entity empty means every entity; entity_id > 0 narrows to one row's
 * history.  Rows with id > after_id (0: from the start), oldest first, at most limit
 * (0 or more than STORE_AUDIT_MAX: STORE_AUDIT_MAX).  To page, pass the last id seen. */
typedef struct store_audit_query {
	str_t entity;
	long long entity_id;
	long long after_id;
	size_t limit;
} store_audit_query_t;

#define STORE_AUDIT_MAX 1000

int store_audit_list(store_t *s, arena_t *a, const store_audit_query_t *q, store_audit_t **out_rows,
		     size_t *out_n, err_t *e);

/* ---- search over node, target and project text ---- */
/* Substring search, Traditional folded to Simplified on both sides; at most limit hits
 * (0: 50), ordered by item id. */
int store_search(store_t *s, arena_t *a, str_t query, size_t limit, store_hit_t **out_hits,
		 size_t *out_n, err_t *e);

/* ---- access scope (a unit's subtree: the unit and every unit below it) ---- */
/* *out_in: whether unit lies in the subtree of root. */
int store_unit_in_subtree(store_t *s, long long root, long long unit, bool *out_in, err_t *e);
/* *out_visible: whether node_id is led by, or has a cooperating unit in, root's subtree
 * (false when there is no such node). */
int store_node_visible(store_t *s, long long node_id, long long root, bool *out_visible, err_t *e);

/* One page of a plan's nodes, filtered in the query. */
typedef struct store_node_query {
	long long plan_id;
	long long scope_unit_id; /* > 0: only nodes visible to this unit's subtree */
	long long lead_unit_id;  /* > 0: only nodes this unit leads */
	size_t limit;            /* 0 or more than STORE_PAGE_MAX: STORE_PAGE_MAX */
	size_t offset;
	bool by_deadline; /* order by deadline first (else tree order: parent, seq, id) */
} store_node_query_t;

#define STORE_PAGE_MAX 500

/* The nodes of the page with their cooperating units and *out_total, the number of
 * nodes matching the filters on every page.  Filter, order and page are applied in the
 * query, which starts from the lead unit (lead_unit_id), from the units of a small scope
 * subtree, or else from the plan (tree order follows its index, so the page stops early);
 * see sqlite_list.h. */
int store_node_page(store_t *s, arena_t *a, const store_node_query_t *q, store_node_t **out_nodes,
		    size_t *out_n, long long *out_total, err_t *e);
/* store_report_missing limited to items owned by scope_unit_id's subtree (0: all). */
int store_report_missing_scoped(store_t *s, arena_t *a, long long plan_id, str_t period,
				long long scope_unit_id, store_missing_t **out_missing,
				size_t *out_n, err_t *e);
/* One page of the items of a plan without a submitted or accepted report for a period. */
typedef struct store_missing_query {
	long long plan_id;
	str_t period;
	long long scope_unit_id; /* > 0: only items this unit's subtree is responsible for */
	bool by_unit;            /* order by responsible unit first (else kind, then id) */
	size_t limit;            /* 0 or more than STORE_PAGE_MAX: STORE_PAGE_MAX */
	size_t offset;
} store_missing_query_t;

/* The page (ordered by [unit,] kind, id: stable) and *out_total, the number of missing
 * items on every page; read from the plan, or from the units of a small subtree. */
int store_report_missing_page(store_t *s, arena_t *a, const store_missing_query_t *q,
			      store_missing_t **out_missing, size_t *out_n, long long *out_total,
			      err_t *e);
int store_report_get(store_t *s, arena_t *a, long long id, store_report_t *out_report, err_t *e);

/* One page (limit 0 or above STORE_PAGE_MAX: STORE_PAGE_MAX) of the reports of period
 * by units in scope_unit_id's subtree (0: every unit), in state (empty: any); ordered
 * by unit, item kind, item id. */
int store_report_list_scoped(store_t *s, arena_t *a, str_t period, long long scope_unit_id,
			     str_t state, size_t limit, size_t offset, store_report_t **out_reports,
			     size_t *out_n, err_t *e);

/* What a responsible unit has in a plan for a period (for rankings). */
typedef struct store_unit_counts {
	long long unit_id;
	long long items; /* nodes it leads and projects it owns */
	long long filed; /* of those, with a submitted or accepted report for the period */
	double plan_invest, done_invest; /* over its projects */
} store_unit_counts_t;

/* One row per unit with at least one item in the plan, ordered by unit id. */
int store_unit_report_counts(store_t *s, arena_t *a, long long plan_id, str_t period,
			     store_unit_counts_t **out_rows, size_t *out_n, err_t *e);

/* ---- checked edits (the API's If-Match): before is the row as the caller read it ----
 * Each reads the row again inside its write transaction (PostgreSQL: locked FOR UPDATE;
 * SQLite: the write transaction is already exclusive) and answers ERR_CONFLICT with field
 * "version", writing nothing, when it differs from before in any field; else writes after (its id is
 * before's) with an audit row "update" holding both.  ERR_NOTFOUND when the row is gone. */
/* Writes parent_id, name and kind.  ERR_INVALID (field parent_id) when the new parent
 * does not exist or lies in the unit's own subtree (a cycle). */
int store_unit_update(store_t *s, str_t actor, const store_unit_t *before,
		      const store_unit_t *after, err_t *e);
/* Writes every field but id and node_id; refreshes the search document. */
int store_target_update(store_t *s, str_t actor, const store_target_t *before,
			const store_target_t *after, err_t *e);
/* Writes every field but id; refreshes the search document. */
int store_project_update(store_t *s, str_t actor, const store_project_t *before,
			 const store_project_t *after, err_t *e);

/* One page of key projects, filtered in the query. */
typedef enum store_project_sort {
	STORE_PROJECT_BY_ID = 0,
	STORE_PROJECT_BY_NAME,
	STORE_PROJECT_BY_INVEST, /* total investment, largest first */
	STORE_PROJECT_BY_DONE,   /* completed investment, largest first */
} store_project_sort_t;

typedef struct store_project_query {
	long long scope_unit_id; /* > 0: only projects owned by this unit's subtree */
	long long plan_id;       /* > 0: only this plan's */
	long long owner_unit_id; /* > 0: only this owner's */
	str_t stage;             /* non-empty: only this stage */
	store_project_sort_t sort;
	size_t limit; /* 0 or more than STORE_PAGE_MAX: STORE_PAGE_MAX */
	size_t offset;
} store_project_query_t;

/* The projects of the page (id breaks ties) and *out_total, how many match on every
 * page. */
int store_project_page(store_t *s, arena_t *a, const store_project_query_t *q,
		       store_project_t **out_projects, size_t *out_n, long long *out_total,
		       err_t *e);

/* store_search limited, in the query, to items visible to scope_unit_id's subtree (0:
 * all): nodes it leads or cooperates on, targets of such nodes, projects it owns. */
int store_search_scoped(store_t *s, arena_t *a, str_t query, long long scope_unit_id, size_t limit,
			store_hit_t **out_hits, size_t *out_n, err_t *e);

/* ---- sessions (shared by every server on the database) and login throttling ---- */
typedef struct store_session {
	long long id;
	str_t token_hash; /* hex of a hash of the token; the token itself is never stored */
	long long user_id;
	long long created_at; /* Unix seconds */
	long long last_seen;
	long long expires_at; /* absolute end */
	str_t csrf;           /* the session's CSRF token */
	str_t client;         /* the address it was created from */
} store_session_t;

/* Adds the session (token_hash, user_id, times, csrf, client required) with an audit row
 * "login" on entity "session" (never the hash or CSRF token); sets sess->id.  actor is the
 * user's name.  ERR_CONFLICT when the hash exists. */
int store_session_create(store_t *s, str_t actor, store_session_t *sess, err_t *e);
int store_session_get(store_t *s, arena_t *a, str_t token_hash, store_session_t *out_session,
		      err_t *e);
/* The session with token_hash and its user, read together (one statement: what every API
 * request does first); strings in a.  ERR_NOTFOUND when there is no such session (a
 * session's user is never deleted while it has sessions: users are disabled instead). */
int store_session_user_get(store_t *s, arena_t *a, str_t token_hash, store_session_t *out_session,
			   store_user_t *out_user, err_t *e);
/* Sets last_seen (no audit row: not a change of the ledger). */
int store_session_touch(store_t *s, long long id, long long now, err_t *e);
/* Deletes the session with an audit row "logout"; ERR_NOTFOUND when it is gone. */
int store_session_delete(store_t *s, str_t actor, long long id, err_t *e);
/* Deletes sessions past expires_at (<= now) or idle since before idle_before; *out_n
 * (may be NULL) is how many. */
int store_session_purge(store_t *s, long long now, long long idle_before, long long *out_n,
			err_t *e);
/* Failed logins under key ("user:NAME", "addr:IP") in the window that started at or
 * after since; 0 when none. */
int store_login_failure_count(store_t *s, str_t key, long long since, long long *out_count,
			      err_t *e);
/* Counts one failure at now; a window older than window_s seconds starts again. */
int store_login_failure_add(store_t *s, str_t key, long long now, long long window_s, err_t *e);
int store_login_failure_clear(store_t *s, str_t key, err_t *e);

#endif
