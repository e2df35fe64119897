/* backend.h — the table of primitives each database backend implements (internal to
 * src/store/).
 *
 * A backend knows how to connect, run a script, run one of the named statements below
 * with typed parameters and hand back rows, and how to read a column.  Each backend keeps
 * its own SQL text for every statement (as literals: "?" for SQLite, "$1" for
 * PostgreSQL) and caches the prepared statements per connection.  The entity logic in
 * store.c, ledger.c, nodes.c and report.c is written once against this table. */
#ifndef DUBAN_STORE_BACKEND_H
#define DUBAN_STORE_BACKEND_H

#include "base/err.h"
#include "base/str.h"
#include "store/store.h"

typedef enum store_vtype { SV_NULL = 0, SV_INT, SV_REAL, SV_TEXT } store_vtype_t;

/* One statement parameter.  Text is a view; the backend copies what it needs. */
typedef struct store_val {
	store_vtype_t type;
	long long i;
	double d;
	str_t s;
} store_val_t;

#define SV_I(x) ((store_val_t){ .type = SV_INT, .i = (x) })
#define SV_R(x) ((store_val_t){ .type = SV_REAL, .d = (x) })
#define SV_S(x) ((store_val_t){ .type = SV_TEXT, .s = (x) })
#define SV_N()  ((store_val_t){ .type = SV_NULL })
/* An id, NULL when 0 (optional foreign keys). */
#define SV_ID(x) ((x) > 0 ? SV_I(x) : SV_N())

/* The named statements; both backends define SQL for each, in this order. */
typedef enum store_stmt {
	ST_MIG_LOCK,
	ST_MIG_HAS,
	ST_MIG_ADD,
	ST_MIG_MAX,
	ST_AUDIT_ADD,
	ST_AUDIT_LIST,
	ST_AUDIT_LIST_ENTITY,
	ST_AUDIT_LIST_ENTITY_ID,
	ST_UNIT_ADD,
	ST_UNIT_GET,
	ST_UNIT_LIST,
	ST_UNIT_CHILDREN,
	ST_USER_ADD,
	ST_USER_GET,
	ST_USER_GET_NAME,
	ST_USER_UPDATE,
	ST_USER_SET_HASH,
	ST_USER_LIST,
	ST_PLAN_ADD,
	ST_PLAN_GET,
	ST_PLAN_LIST,
	ST_PLAN_SET_STATE,
	ST_NODE_ADD,
	ST_NODE_GET, /* with its cooperating units' ids, comma-separated (NULL: none) */
	ST_NODE_LIST,
	ST_NODE_LIST_UNIT,
	ST_NODE_UPDATE,
	ST_NODE_SET_LEAD,
	ST_NODE_COOP_CLEAR,
	ST_NODE_COOP_ADD,
	ST_TARGET_ADD,
	ST_TARGET_GET,
	ST_TARGET_LIST,
	ST_PROJECT_ADD,
	ST_PROJECT_GET,
	ST_PROJECT_LIST,
	ST_PROJECT_LIST_ALL,
	ST_REPORT_GET,
	ST_REPORT_GET_KEY,
	ST_REPORT_PUT,
	ST_REPORT_REVIEW,
	ST_REPORT_LIST,
	ST_REPORT_LIST_UNIT,
	ST_REPORT_MISSING,
	ST_SEARCH_DEL,
	ST_SEARCH_PUT,
	ST_SEARCH_MATCH,
	ST_SEARCH_SCAN,
	/* sessions and login throttling (session.c) */
	ST_SESSION_ADD,
	ST_SESSION_GET,
	ST_SESSION_USER_GET,
	ST_SESSION_TOUCH,
	ST_SESSION_DEL,
	ST_SESSION_PURGE,
	ST_LOGIN_FAIL_GET,
	ST_LOGIN_FAIL_ADD,
	ST_LOGIN_FAIL_CLEAR,
	/* access scope: a unit's subtree, in the query */
	ST_UNIT_IN_SUBTREE,
	ST_NODE_VISIBLE,
	ST_NODE_PAGE,
	ST_NODE_PAGE_COUNT,
	ST_REPORT_MISSING_SCOPE,
	ST_UNIT_REPORT_COUNTS,
	ST_REPORT_LIST_SCOPE,
	/* v3: status rows (status.c), one statement per item kind, whole or unit subtree */
	ST_STATUS_NODES,
	ST_STATUS_TARGETS,
	ST_STATUS_PROJECTS,
	ST_STATUS_NODES_SUB,
	ST_STATUS_TARGETS_SUB,
	ST_STATUS_PROJECTS_SUB,
	/* the whole ledger as ordered merges (status.c; SQL in sql_shared.h) */
	ST_STATUS_NODES_ALL,
	ST_STATUS_TARGETS_ALL,
	ST_STATUS_PROJECTS_ALL,
	ST_STATUS_NODE_MAP,
	ST_REPORT_HISTORY,
	/* report_latest: drop and recompute one item x unit; rebuild all (backup) */
	ST_LATEST_DEL,
	ST_LATEST_PUT,
	ST_LATEST_REBUILD,
	/* backup (backup.c): the copy's import setup, then per table a paged export
	 * (keys after $1[, $2], LIMIT last) and an import with explicit ids, in the order
	 * of backup.c's table list */
	ST_COPY_BEGIN,
	ST_COPY_OUT_UNITS,
	ST_COPY_OUT_USERS,
	ST_COPY_OUT_PLANS,
	ST_COPY_OUT_NODES,
	ST_COPY_OUT_NODE_UNITS,
	ST_COPY_OUT_TARGETS,
	ST_COPY_OUT_PROJECTS,
	ST_COPY_OUT_REPORTS,
	ST_COPY_OUT_AUDIT,
	ST_COPY_OUT_SEARCH,
	ST_COPY_IN_UNITS,
	ST_COPY_IN_USERS,
	ST_COPY_IN_PLANS,
	ST_COPY_IN_NODES,
	ST_COPY_IN_NODE_UNITS,
	ST_COPY_IN_TARGETS,
	ST_COPY_IN_PROJECTS,
	ST_COPY_IN_REPORTS,
	ST_COPY_IN_AUDIT,
	ST_COPY_IN_SEARCH,
	/* v5 (docs.c, import.c): source documents, results, glossary, promise checks; SQL in
	 * sqlite_v5.h and pg_v5.h */
	ST_DOC_PUT,
	ST_DOC_GET,
	ST_RESULT_ADD,
	ST_RESULT_LIST,
	ST_GLOSS_ADD,
	ST_GLOSS_LIST,
	ST_PROMISE_GET,
	ST_PROMISE_PUT,
	ST_PROMISE_LIST,
	ST_COPY_OUT_DOCS,
	ST_COPY_OUT_RESULTS,
	ST_COPY_OUT_GLOSSARY,
	ST_COPY_OUT_PROMISES,
	ST_COPY_IN_DOCS,
	ST_COPY_IN_RESULTS,
	ST_COPY_IN_GLOSSARY,
	ST_COPY_IN_PROMISES,
	/* checked edits, project pages and scoped search (the API's resources) */
	ST_UNIT_LOCK,
	ST_UNIT_UPDATE,
	ST_TARGET_LOCK,
	ST_TARGET_UPDATE,
	ST_PROJECT_LOCK,
	ST_PROJECT_UPDATE,
	ST_PROJECT_PAGE,
	ST_PROJECT_PAGE_COUNT,
	ST_SEARCH_MATCH_SCOPE,
	ST_SEARCH_SCAN_SCOPE,
	ST_PLAN_MOVE,
	ST_NODE_NEXT_SEQ,
	/* paged admin lists: units, users, plans (sqlite_pages.h, pg_pages.h) */
	ST_UNIT_PAGE,
	ST_UNIT_PAGE_COUNT,
	ST_USER_PAGE,
	ST_USER_PAGE_COUNT,
	ST_PLAN_PAGE,
	ST_PLAN_PAGE_COUNT,
	/* v7: supervision settings (settings.c; SQL in sqlite_v7.h and pg_v7.h); the copy
	 * pages by LIMIT only (nkeys 0: a handful of known keys) */
	ST_SETTINGS_LOCK,
	ST_SETTINGS_LIST,
	ST_SETTINGS_PUT,
	ST_COPY_OUT_SETTINGS,
	ST_COPY_IN_SETTINGS,
	/* paged lists (SQL in sqlite_list.h, pg_list.h): the size of a unit subtree against
	 * the whole, to choose the way in; a plan's tasks from the plan (ST_NODE_PAGE,
	 * ST_NODE_PAGE_COUNT above, and by deadline), from a small subtree or from the lead
	 * unit (page and total in one statement); the items without a report from the plan
	 * or from a small subtree (page and total in one statement) */
	ST_UNIT_SUBTREE_SHARE,
	ST_NODE_PAGE_DEADLINE,
	ST_NODE_PAGE_SUB,
	ST_NODE_PAGE_LEAD,
	ST_REPORT_MISSING_PAGE,
	ST_REPORT_MISSING_SUB,
	ST_COUNT
} store_stmt_t;

typedef struct store_row store_row_t; /* backend-specific */

/* Called once per result row; returns 0 to go on or a negative ERR_* to stop. */
typedef int (*store_row_fn)(store_t *s, const store_row_t *row, void *ud);

typedef struct store_backend {
	const char *name;
	/* target: the URL without a "sqlite:" prefix (SQLite) or the whole URL (libpq). */
	int (*open)(store_t *s, const char *target, err_t *e);
	void (*close)(store_t *s);
	/* A parameterless script of one or more statements (migrations, savepoints). */
	int (*exec_script)(store_t *s, const char *sql, err_t *e);
	int (*begin)(store_t *s, err_t *e);
	int (*commit)(store_t *s, err_t *e);
	int (*rollback)(store_t *s, err_t *e);
	/* A read-only transaction that sees one snapshot of the whole database until it ends
	 * (rollback): SQLite BEGIN (WAL), PostgreSQL REPEATABLE READ READ ONLY. */
	int (*begin_snapshot)(store_t *s, err_t *e);
	/* A native online copy into the existing empty file path, or NULL: store_backup then
	 * exports table by table in a snapshot (backup.c). */
	int (*backup)(store_t *s, const char *path, err_t *e);
	/* Runs statement st; fn (may be NULL) sees each row; *out_changes (may be NULL) gets
	 * the number of rows an INSERT/UPDATE/DELETE touched. */
	int (*query)(store_t *s, store_stmt_t st, const store_val_t *params, int n_params,
		     store_row_fn fn, void *ud, long long *out_changes, err_t *e);
	bool (*col_null)(const store_row_t *row, int col);
	long long (*col_int)(const store_row_t *row, int col);
	double (*col_real)(const store_row_t *row, int col);
	/* Valid until the next row; copy it. */
	str_t (*col_text)(const store_row_t *row, int col);
	/* Whether the connection is usable (a lost PostgreSQL connection is not). */
	bool (*healthy)(store_t *s);
	/* What store_analyze runs, or NULL: SQLite's statistics made its planner add Bloom
	 * filters that scan report_latest and nodes whole on every subtree query (146 ms
	 * instead of ~20 ms at full bench size), so SQLite runs without them. */
	const char *analyze;
	/* The schema, one script per version (index 0 is version 1). */
	const char *const *migrations;
	int n_migrations;
} store_backend_t;

struct store {
	const store_backend_t *be;
	void *impl; /* the backend's connection state */
	int depth;  /* 0: no transaction; 1: in a transaction; >1: savepoints inside */
	void *fold; /* OpenCC handle (opencc_t) or NULL: see fold.c */
	bool fold_tried;
	char client[STORE_CLIENT_MAX]; /* store_set_client; NUL-terminated */
};

extern const store_backend_t store_sqlite_backend;
extern const store_backend_t store_pg_backend;

/* Runs st with params, no rows expected; see store_backend_t.query. */
int store_q(store_t *s, store_stmt_t st, const store_val_t *p, int n, long long *out_changes,
	    err_t *e);
/* Runs st and calls fn for each row. */
int store_q_rows(store_t *s, store_stmt_t st, const store_val_t *p, int n, store_row_fn fn,
		 void *ud, err_t *e);
/* Runs st (an INSERT ... RETURNING id) and stores the id (*out_id untouched on failure). */
int store_q_id(store_t *s, store_stmt_t st, const store_val_t *p, int n, long long *out_id,
	       err_t *e);

/* store_migrate, but only up to schema version `version` (1 .. the program's): the hook
 * the migration tests use to build a database as an older program left it.  ERR_USAGE
 * for a version this program does not have. */
int store_migrate_to(store_t *s, int version, int *out_version, err_t *e);

/* Write bracket: starts a transaction, or a savepoint inside one. */
int store_w_begin(store_t *s, err_t *e);
/* Ends what store_w_begin started: commits (rc == 0) or rolls back; returns rc, or the
 * commit's error. */
int store_w_end(store_t *s, int rc, err_t *e);

/* Appends the audit row of a write inside the current transaction.  before/after are
 * JSON texts (NULL: none). */
int store_audit_in_tx(store_t *s, str_t actor, const char *action, const char *entity, long long id,
		      const char *before, const char *after, err_t *e);

/* Now as ISO 8601 UTC "2026-11-23T10:48:30Z" into buf (at least 32 bytes). */
void store_now(char *buf, size_t size);

/* A column's text copied into the arena (NUL-terminated); ptr NULL when out of memory. */
str_t store_col_str(store_t *s, arena_t *a, const store_row_t *row, int col);

/* Growing array in an arena for list results. */
typedef struct store_vec {
	arena_t *a;
	void *items;
	size_t n, cap, size;
} store_vec_t;
/* A new zeroed slot at the end; NULL when out of memory. */
void *store_vec_push(store_vec_t *v);

/* Simplified-folded copy of text (OpenCC t2s) for search; caller owns the result
 * (mem_free).  When OpenCC is not available, a plain copy.  NULL when out of memory. */
char *store_fold(store_t *s, str_t text);
void store_fold_close(store_t *s);

/* Writes the search document of an item (replacing any earlier one) in the current
 * transaction. */
int store_search_put(store_t *s, const char *kind, long long id, str_t title, str_t body, err_t *e);

/* JSON for audit rows (json.c). */
#include <jansson.h>
/* A JSON string of the view (json_null for a NULL view). */
json_t *store_json_str(str_t v);
/* An id, json_null when 0. */
json_t *store_json_id(long long id);
/* Compact text of j, then releases j; caller owns the text (mem_free).  NULL when out of
 * memory or j is NULL. */
char *store_json_take(json_t *j);

#endif
