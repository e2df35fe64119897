/* store.c — opening a store, choosing its backend, migrations, transactions, the audit
 * trail and search: the backend-independent core of src/store/. */
#include "store/store.h"

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/backend.h"
#include "store/docs.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool has_prefix(const char *z, const char *p)
{
	return strncmp(z, p, strlen(p)) == 0;
}

store_t *store_open(const char *url, err_t *e)
{
	if (url == NULL || url[0] == '\0') {
		err_set(e, ERR_INVALID, "store: empty database URL");
		return NULL;
	}
	const store_backend_t *be = &store_sqlite_backend;
	const char *target = url;
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://"))
		be = &store_pg_backend;
	else if (has_prefix(url, "sqlite:"))
		target = url + strlen("sqlite:");
	if (target[0] == '\0') {
		err_set(e, ERR_INVALID, "store: empty SQLite path in '%s'", url);
		return NULL;
	}
	store_t *s = mem_calloc(1, sizeof(*s));
	if (s == NULL) {
		err_set(e, ERR_NOMEM, "store: out of memory");
		return NULL;
	}
	s->be = be;
	if (be->open(s, target, e) < 0) {
		mem_free(s);
		return NULL;
	}
	return s;
}

void store_close(store_t *s)
{
	if (s == NULL)
		return;
	s->be->close(s);
	store_fold_close(s);
	mem_free(s);
}

bool store_healthy(store_t *s)
{
	return s != NULL && s->be->healthy(s) && s->depth == 0;
}

const char *store_backend_name(const store_t *s)
{
	return s->be->name;
}

void store_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- statements ---- */

/* Text reaches either database only as valid UTF-8 without NUL bytes, so both backends
 * accept and refuse the same input (PostgreSQL would refuse it, SQLite would store it). */
static int check_params(const store_val_t *p, int n, err_t *e)
{
	for (int i = 0; i < n; i++) {
		if (p[i].type != SV_TEXT || p[i].s.len == 0)
			continue;
		size_t bad = 0;
		if (utf8_validate(p[i].s.ptr, p[i].s.len, &bad) < 0)
			return err_set_at(e, ERR_INVALID, 0, (long long)bad,
					  "store: text is not valid UTF-8 (byte %zu)", bad);
		if (memchr(p[i].s.ptr, '\0', p[i].s.len) != NULL)
			return err_set(e, ERR_INVALID, "store: text contains a NUL byte");
	}
	return 0;
}

int store_q(store_t *s, store_stmt_t st, const store_val_t *p, int n, long long *out_changes,
	    err_t *e)
{
	int rc = check_params(p, n, e);
	return rc < 0 ? rc : s->be->query(s, st, p, n, NULL, NULL, out_changes, e);
}

int store_q_rows(store_t *s, store_stmt_t st, const store_val_t *p, int n, store_row_fn fn,
		 void *ud, err_t *e)
{
	int rc = check_params(p, n, e);
	return rc < 0 ? rc : s->be->query(s, st, p, n, fn, ud, NULL, e);
}

static int row_id(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_int(row, 0);
	return 0;
}

int store_q_id(store_t *s, store_stmt_t st, const store_val_t *p, int n, long long *out_id,
	       err_t *e)
{
	long long id = 0;
	int rc = store_q_rows(s, st, p, n, row_id, &id, e);
	if (rc == 0 && id <= 0)
		rc = err_set(e, ERR_DB, "store: insert returned no id");
	if (rc == 0)
		*out_id = id;
	return rc;
}

str_t store_col_str(store_t *s, arena_t *a, const store_row_t *row, int col)
{
	str_t v = s->be->col_text(row, col);
	return arena_str(a, v);
}

void *store_vec_push(store_vec_t *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *p = arena_alloc(v->a, cap * v->size);
		if (p == NULL)
			return NULL;
		if (v->n)
			memcpy(p, v->items, v->n * v->size);
		v->items = p;
		v->cap = cap;
	}
	char *slot = (char *)v->items + v->n * v->size;
	memset(slot, 0, v->size);
	v->n++;
	return slot;
}

/* ---- transactions ---- */

int store_begin(store_t *s, err_t *e)
{
	if (s->depth > 0)
		return err_set(e, ERR_USAGE, "store: a transaction is already open");
	int rc = s->be->begin(s, e);
	if (rc == 0)
		s->depth = 1;
	return rc;
}

int store_commit(store_t *s, err_t *e)
{
	if (s->depth != 1)
		return err_set(e, ERR_USAGE, "store: no transaction to commit");
	int rc = s->be->commit(s, e);
	if (rc < 0) {
		s->be->rollback(s, NULL);
	}
	s->depth = 0;
	return rc;
}

int store_rollback(store_t *s, err_t *e)
{
	if (s->depth != 1)
		return err_set(e, ERR_USAGE, "store: no transaction to roll back");
	s->depth = 0;
	return s->be->rollback(s, e);
}

int store_analyze(store_t *s, err_t *e)
{
	if (s->depth > 0)
		return err_set(e, ERR_USAGE, "store: analyze inside a transaction");
	return s->be->analyze ? s->be->exec_script(s, s->be->analyze, e) : 0;
}

int store_exec_literal(store_t *s, const char *sql, err_t *e)
{
	return s->be->exec_script(s, sql, e);
}

int store_w_begin(store_t *s, err_t *e)
{
	int rc = s->depth == 0 ? s->be->begin(s, e) : s->be->exec_script(s, "SAVEPOINT store_w", e);
	if (rc == 0)
		s->depth++;
	return rc;
}

int store_w_end(store_t *s, int rc, err_t *e)
{
	s->depth--;
	if (s->depth == 0) {
		if (rc == 0) {
			rc = s->be->commit(s, e);
			if (rc < 0)
				s->be->rollback(s, NULL);
		} else {
			s->be->rollback(s, NULL);
		}
		return rc;
	}
	if (rc == 0)
		return s->be->exec_script(s, "RELEASE SAVEPOINT store_w", e);
	s->be->exec_script(s, "ROLLBACK TO SAVEPOINT store_w; RELEASE SAVEPOINT store_w", NULL);
	return rc;
}

/* ---- migrations ---- */

static int row_int(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_null(row, 0) ? 0 : s->be->col_int(row, 0);
	return 0;
}

int store_migrate_to(store_t *s, int version, int *out_version, err_t *e)
{
	static const char boot[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
				   "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
	if (s->depth > 0)
		return err_set(e, ERR_USAGE, "store: migrate inside a transaction");
	if (version < 1 || version > s->be->n_migrations)
		return err_set(e, ERR_USAGE, "store: no schema version %d", version);
	int rc = store_w_begin(s, e);
	if (rc < 0)
		return rc;
	/* serializes concurrent migrators (SQLite: BEGIN IMMEDIATE already does) */
	rc = store_q(s, ST_MIG_LOCK, NULL, 0, NULL, e);
	if (rc == 0)
		rc = s->be->exec_script(s, boot, e);
	long long max = 0;
	if (rc == 0)
		rc = store_q_rows(s, ST_MIG_MAX, NULL, 0, row_int, &max, e);
	if (rc == 0 && max > s->be->n_migrations)
		rc = err_set(
			e, ERR_DB,
			"store: the database has schema version %lld, newer than this program's "
			"%d: upgrade duban",
			max, s->be->n_migrations);
	rc = store_w_end(s, rc, e);
	for (int v = 1; rc == 0 && v <= version; v++) {
		rc = store_w_begin(s, e);
		if (rc < 0)
			break;
		long long have = 0;
		store_val_t p[2] = { SV_I(v) };
		rc = store_q(s, ST_MIG_LOCK, NULL, 0, NULL, e);
		if (rc == 0)
			rc = store_q_rows(s, ST_MIG_HAS, p, 1, row_int, &have, e);
		if (rc == 0 && have == 0) {
			char now[32];
			store_now(now, sizeof(now));
			rc = s->be->exec_script(s, s->be->migrations[v - 1], e);
			p[1] = SV_S(str_from_cstr(now));
			if (rc == 0)
				rc = store_q(s, ST_MIG_ADD, p, 2, NULL, e);
			if (rc < 0)
				err_prefix(e, "migration %d", v);
		}
		rc = store_w_end(s, rc, e);
	}
	if (rc == 0 && out_version != NULL) {
		rc = store_q_rows(s, ST_MIG_MAX, NULL, 0, row_int, &max, e);
		*out_version = (int)max;
	}
	return rc;
}

int store_migrate(store_t *s, int *out_version, err_t *e)
{
	return store_migrate_to(s, s->be->n_migrations, out_version, e);
}

/* ---- audit ---- */

void store_set_client(store_t *s, str_t client)
{
	size_t n = client.ptr ? client.len : 0;
	if (n >= sizeof s->client) {
		n = sizeof s->client - 1;
		while (n > 0 && ((unsigned char)client.ptr[n] & 0xC0) == 0x80)
			n--; /* never cut inside a UTF-8 sequence */
	}
	if (n > 0)
		memcpy(s->client, client.ptr, n);
	s->client[n] = '\0';
}

str_t store_client(const store_t *s)
{
	return str_from_cstr(s->client);
}

int store_audit_in_tx(store_t *s, str_t actor, const char *action, const char *entity, long long id,
		      const char *before, const char *after, err_t *e)
{
	char now[32];
	store_now(now, sizeof(now));
	if (actor.len == 0)
		return err_set(e, ERR_INVALID, "store: write without an actor");
	store_val_t p[] = { SV_S(str_from_cstr(now)),
			    SV_S(actor),
			    SV_S(str_from_cstr(action)),
			    SV_S(str_from_cstr(entity)),
			    SV_I(id),
			    before ? SV_S(str_from_cstr(before)) : SV_N(),
			    after ? SV_S(str_from_cstr(after)) : SV_N(),
			    SV_S(str_from_cstr(s->client)) };
	return store_q(s, ST_AUDIT_ADD, p, 8, NULL, e);
}

int store_audit_append(store_t *s, str_t actor, str_t action, str_t entity, long long entity_id,
		       str_t before_json, str_t after_json, err_t *e)
{
	char now[32];
	store_now(now, sizeof(now));
	if (actor.len == 0 || action.len == 0 || entity.len == 0)
		return err_set(e, ERR_INVALID, "store: audit row needs actor, action and entity");
	store_val_t p[] = { SV_S(str_from_cstr(now)),
			    SV_S(actor),
			    SV_S(action),
			    SV_S(entity),
			    SV_I(entity_id),
			    before_json.len ? SV_S(before_json) : SV_N(),
			    after_json.len ? SV_S(after_json) : SV_N(),
			    SV_S(str_from_cstr(s->client)) };
	int rc = store_w_begin(s, e);
	if (rc < 0)
		return rc;
	rc = store_q(s, ST_AUDIT_ADD, p, 8, NULL, e);
	return store_w_end(s, rc, e);
}

static int audit_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_audit_t *r = store_vec_push(v);
	if (r == NULL)
		return ERR_NOMEM;
	r->id = s->be->col_int(row, 0);
	r->at = store_col_str(s, v->a, row, 1);
	r->actor = store_col_str(s, v->a, row, 2);
	r->action = store_col_str(s, v->a, row, 3);
	r->entity = store_col_str(s, v->a, row, 4);
	r->entity_id = s->be->col_int(row, 5);
	r->before = store_col_str(s, v->a, row, 6);
	r->after = store_col_str(s, v->a, row, 7);
	r->client = store_col_str(s, v->a, row, 8);
	return r->after.ptr == NULL || r->client.ptr == NULL ? ERR_NOMEM : 0;
}

int store_audit_list(store_t *s, arena_t *a, const store_audit_query_t *q, store_audit_t **out_rows,
		     size_t *out_n, err_t *e)
{
	store_vec_t v = { .a = a, .size = sizeof(store_audit_t) };
	long long limit =
		q->limit > 0 && q->limit < STORE_AUDIT_MAX ? (long long)q->limit : STORE_AUDIT_MAX;
	store_val_t p[4] = { SV_S(q->entity) };
	int rc;
	if (q->entity.len == 0) {
		p[0] = SV_I(q->after_id);
		p[1] = SV_I(limit);
		rc = store_q_rows(s, ST_AUDIT_LIST, p, 2, audit_row, &v, e);
	} else if (q->entity_id <= 0) {
		p[1] = SV_I(q->after_id);
		p[2] = SV_I(limit);
		rc = store_q_rows(s, ST_AUDIT_LIST_ENTITY, p, 3, audit_row, &v, e);
	} else {
		p[1] = SV_I(q->entity_id);
		p[2] = SV_I(q->after_id);
		p[3] = SV_I(limit);
		rc = store_q_rows(s, ST_AUDIT_LIST_ENTITY_ID, p, 4, audit_row, &v, e);
	}
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory listing audit rows");
	*out_rows = rc == 0 ? v.items : NULL;
	*out_n = rc == 0 ? v.n : 0;
	return rc;
}

/* ---- search ---- */

/* Search documents are keyed by one number: id * 8 + a code per kind (schema v5; it was
 * id * 4 for the first three kinds, and migration 5 moved those keys). */
static long long doc_id(const char *kind, long long id)
{
	static const char *const kinds[] = { STORE_KIND_NODE,     STORE_KIND_TARGET,
					     STORE_KIND_PROJECT,  STORE_KIND_DOCUMENT,
					     STORE_KIND_GLOSSARY, STORE_KIND_RESULT };
	int code = 3;
	for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			code = i + 1;
	return id * 8 + code;
}

int store_search_put(store_t *s, const char *kind, long long id, str_t title, str_t body, err_t *e)
{
	buf_t b;
	buf_init(&b, 0);
	buf_append_str(&b, title);
	buf_putc(&b, '\n');
	buf_append_str(&b, body);
	char *folded = buf_error(&b) ? NULL : store_fold(s, buf_str(&b));
	if (folded)
		buf_printf(&b, "\n%s", folded);
	mem_free(folded);
	int rc =
		folded == NULL || buf_error(&b) ? err_set(e, ERR_NOMEM, "store: out of memory") : 0;
	store_val_t del[] = { SV_I(doc_id(kind, id)) };
	store_val_t put[] = { SV_I(doc_id(kind, id)), SV_S(str_from_cstr(kind)), SV_I(id),
			      SV_S(title), SV_S(buf_str(&b)) };
	if (rc == 0)
		rc = store_q(s, ST_SEARCH_DEL, del, 1, NULL, e);
	if (rc == 0)
		rc = store_q(s, ST_SEARCH_PUT, put, 5, NULL, e);
	buf_free(&b);
	return rc;
}

static int hit_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_hit_t *h = store_vec_push(v);
	if (h == NULL)
		return ERR_NOMEM;
	h->kind = store_col_str(s, v->a, row, 0);
	h->id = s->be->col_int(row, 1);
	h->title = store_col_str(s, v->a, row, 2);
	return h->title.ptr == NULL ? ERR_NOMEM : 0;
}

/* Counts UTF-8 code points. */
static size_t count_chars(str_t q)
{
	size_t n = 0;
	for (size_t i = 0; i < q.len; i++)
		n += ((unsigned char)q.ptr[i] & 0xC0) != 0x80;
	return n;
}

int store_search(store_t *s, arena_t *a, str_t query, size_t limit, store_hit_t **out_hits,
		 size_t *out_n, err_t *e)
{
	*out_hits = NULL;
	*out_n = 0;
	str_t q = str_trim(query);
	if (q.len == 0)
		return err_set(e, ERR_INVALID, "store: empty search");
	char *folded = store_fold(s, q);
	if (folded == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_vec_t v = { .a = a, .size = sizeof(store_hit_t) };
	store_val_t p[] = { SV_S(str_from_cstr(folded)), SV_I(limit ? (long long)limit : 50) };
	/* The trigram index needs three characters; shorter queries scan. */
	store_stmt_t st = count_chars(q) >= 3 ? ST_SEARCH_MATCH : ST_SEARCH_SCAN;
	int rc = store_q_rows(s, st, p, 2, hit_row, &v, e);
	mem_free(folded);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory listing search hits");
	*out_hits = v.items;
	*out_n = rc == 0 ? v.n : 0;
	return rc;
}

int store_search_scoped(store_t *s, arena_t *a, str_t query, long long scope_unit_id, size_t limit,
			store_hit_t **out_hits, size_t *out_n, err_t *e)
{
	*out_hits = NULL;
	*out_n = 0;
	str_t q = str_trim(query);
	if (q.len == 0)
		return err_set(e, ERR_INVALID, "store: empty search");
	char *folded = store_fold(s, q);
	if (folded == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_vec_t v = { .a = a, .size = sizeof(store_hit_t) };
	store_val_t p[] = { SV_S(str_from_cstr(folded)), SV_I(limit ? (long long)limit : 50),
			    SV_I(scope_unit_id > 0 ? scope_unit_id : 0) };
	store_stmt_t st = count_chars(q) >= 3 ? ST_SEARCH_MATCH_SCOPE : ST_SEARCH_SCAN_SCOPE;
	int rc = store_q_rows(s, st, p, 3, hit_row, &v, e);
	mem_free(folded);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory listing search hits");
	*out_hits = v.items;
	*out_n = rc == 0 ? v.n : 0;
	return rc;
}
