/* ledger.h — helpers shared by the ledger commands (init, unit, user, plan, assign, target,
 * project, report, status, rank, import): opening and migrating the store, the acting
 * user's name, resolving units by name or id, parsing ids and numbers from options with
 * messages that name the option, printing tables aligned for CJK text, and JSON output. */
#ifndef DUBAN_CLI_LEDGER_H
#define DUBAN_CLI_LEDGER_H

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/cli.h"
#include "model/date.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The option every ledger command takes. */
#define LEDGER_OPT_DB                                                                              \
	{                                                                                          \
		"db", CLI_VALUE, "FILE|URL",                                                       \
			"数据库（默认 $DUBAN_DB，否则 ./duban.db）" CLI_EN                         \
			"the database (default $DUBAN_DB or ./duban.db)"                           \
	}
#define LEDGER_OPT_JSON                                                                            \
	{                                                                                          \
		"json", CLI_FLAG, NULL, "以 JSON 输出" CLI_EN "print as JSON"                      \
	}

#define LEDGER_DB_DEFAULT "duban.db"

/* The database URL: the --db value, else $DUBAN_DB, else ./duban.db (static or borrowed
 * storage). */
const char *ledger_db_url(const char *opt);

/* Opens the store named by --db / $DUBAN_DB / ./duban.db and migrates it.  *out_store is
 * owned by the caller (store_close); *out_version (may be NULL) gets the schema version. */
int ledger_open(const cli_ctx_t *ctx, store_t **out_store, int *out_version, err_t *e);

/* The acting user for the audit trail: $DUBAN_USER, else the OS user name, else
 * "unknown".  Owned by the arena. */
str_t ledger_actor(arena_t *a);

/* The messages of these helpers are in the language of the process (cli_msg). */

/* Parses a positive id from text; ERR_INVALID naming field when it is not one. */
int ledger_parse_id(const char *text, const char *field, long long *out_id, err_t *e);
/* Parses a finite decimal number; ERR_INVALID naming field. */
int ledger_parse_num(const char *text, const char *field, double *out_value, err_t *e);

/* Finds a unit by id (all digits) or exact name.  ERR_INVALID with field set and a
 * message naming the option when there is none (the unit row is in arena a). */
int ledger_unit_resolve(store_t *s, arena_t *a, const char *ref, const char *field,
			store_unit_t *out_unit, err_t *e);
/* The name of unit id among units[0..n), or "" (id 0) / "#id" (unknown); owned by a. */
const char *ledger_unit_name(arena_t *a, const store_unit_t *units, size_t n, long long id);

/* Display width of UTF-8 text in terminal columns: East Asian wide and full-width
 * characters count 2, combining marks 0, everything else 1 (invalid bytes count 1). */
size_t ledger_display_width(const char *z, size_t n);

/* A table printed with columns padded to the widest cell (by display width). */
#define LEDGER_TABLE_MAX_COLS 12

typedef struct ledger_table {
	arena_t *a;
	size_t ncols;
	const char *head[LEDGER_TABLE_MAX_COLS];
	const char **cells; /* nrows * ncols, row-major, in the arena */
	size_t nrows, cap;
	int err; /* sticky: ERR_NOMEM */
} ledger_table_t;

/* Starts a table with ncols (<= LEDGER_TABLE_MAX_COLS) headings (borrowed). */
void ledger_table_init(ledger_table_t *t, arena_t *a, size_t ncols, const char *const *head);
/* Appends one row of ncols cells (copied into the arena; NULL is printed as ""). */
int ledger_table_row(ledger_table_t *t, const char *const *cells);
/* Prints the table: headings, a rule, the rows; columns two spaces apart.  Returns the
 * sticky error (0 when fine). */
int ledger_table_print(const ledger_table_t *t, FILE *f);

/* Prints j (consumed: the reference is dropped) as indented JSON with a newline; NULL j
 * means out of memory. */
int ledger_json_print(FILE *f, json_t *j, err_t *e);
/* A JSON string of a view (json_null() for a NULL view). */
json_t *ledger_json_str(str_t s);

/* Today's date (local time) as a day number; ERR_INTERNAL when the clock fails. */
int ledger_today(date_t *out_date, err_t *e);

/* A target's qualifier from the command line or the extractor: a code (about, at_least,
 * at_most, nearly, strive, guarantee) or its Chinese word (左右, 以上, 以内, 接近, 力争,
 * 确保); the code in static storage, or NULL when unknown.  "" gives "". */
const char *ledger_qualifier_code(const char *text);
/* The Chinese word of a qualifier code, or the text itself when unknown. */
const char *ledger_qualifier_label(const char *code);

/* The last day a deadline as written means, for a plan of plan_year: "2024-06-30";
 * "2025", "到2025年", "2025年底", "2025年前" (the year's last day); "年底", "年内" or ""
 * (the plan year's last day).  ERR_INVALID naming field when none of these. */
int ledger_deadline_date(const char *text, int plan_year, const char *field, date_t *out_date,
			 err_t *e);

/* 0 when the ledger of plan plan_id may still be edited (draft or active); ERR_CONFLICT
 * with a message in Chinese when it is closed. */
int ledger_plan_editable(store_t *s, arena_t *a, long long plan_id, err_t *e);

/* Maps a store error to what a person at the command line needs: ERR_NOTFOUND on an
 * item named by the user becomes ERR_INVALID naming field (exit 3); others stay.  what
 * is the item's English kind ("plan", "node", "target", "project", "report", "unit"),
 * named in Chinese in a Chinese message. */
int ledger_not_found(int rc, const char *what, long long id, const char *field, err_t *e);

#endif
