/* rows.h — helpers shared by the entity files of src/store/ (internal): listing and
 * fetching rows into an arena, required-field checks, and the audit row of a write. */
#ifndef DUBAN_STORE_ROWS_H
#define DUBAN_STORE_ROWS_H

#include "store/backend.h"

/* Runs a listing statement; *out_items is an array of n items of size bytes in a. */
int store_list(store_t *s, arena_t *a, store_stmt_t st, const store_val_t *p, int n,
	       store_row_fn fn, size_t size, void **out_items, size_t *out_n, err_t *e);
/* Runs a statement giving at most one row and copies it to out (ERR_NOTFOUND, with
 * "no such <what>", when there is none). */
int store_get_one(store_t *s, arena_t *a, store_stmt_t st, const store_val_t *p, int n,
		  store_row_fn fn, size_t size, void *out, const char *what, err_t *e);
/* 0 when v holds more than white space, else ERR_INVALID naming field. */
int store_need(str_t v, const char *field, err_t *e);
/* Appends the audit row of a write in the current transaction, then frees before and
 * after (JSON texts from store_json_take; after NULL means out of memory). */
int store_audit_json(store_t *s, str_t actor, const char *action, const char *entity, long long id,
		     char *before, char *after, err_t *e);
/* Row reader for the unit columns (id, parent_id, name, kind) into a store_vec_t. */
int store_unit_row(store_t *s, const store_row_t *row, void *ud);
/* Reads the user columns (id, name, display_name, pw_hash, role, unit_id, disabled) that
 * start at col0 into *u, strings copied into a; ERR_NOMEM when a copy fails. */
int store_user_fill(store_t *s, arena_t *a, const store_row_t *row, int col0, store_user_t *u);
/* 0 when the target exists, else ERR_NOTFOUND (reports check their item with it). */
int store_target_exists(store_t *s, long long id, err_t *e);

/* *out_small: whether a paged list in unit root's subtree is better read from the
 * subtree's units than from the plan: the subtree holds at most one unit in n_plans of
 * all units (so its items across every plan are about one plan's worth at most).
 * False for root 0 (everything). */
int store_subtree_small(store_t *s, long long root, bool *out_small, err_t *e);

/* ERR_CONFLICT, field "version": what was read before has changed since (a checked
 * edit, store_unit_update …). */
int store_stale(const char *what, long long id, err_t *e);

#endif
