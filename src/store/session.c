/* session.c — login sessions kept in the database, so that several `duban serve`
 * processes on one PostgreSQL share them, and the login-failure counters the API uses
 * to throttle password guessing (per account and per address, in a time window).
 *
 * The store keeps only a hash of each session token; creating and deleting a session
 * append "login" / "logout" audit rows in the same transaction. */
#include "store/backend.h"
#include "store/rows.h"

#include <jansson.h>

static int session_fill(store_t *s, arena_t *a, const store_row_t *row, store_session_t *x)
{
	x->id = s->be->col_int(row, 0);
	x->token_hash = store_col_str(s, a, row, 1);
	x->user_id = s->be->col_int(row, 2);
	x->created_at = s->be->col_int(row, 3);
	x->last_seen = s->be->col_int(row, 4);
	x->expires_at = s->be->col_int(row, 5);
	x->csrf = store_col_str(s, a, row, 6);
	x->client = store_col_str(s, a, row, 7);
	return x->token_hash.ptr && x->csrf.ptr && x->client.ptr ? 0 : ERR_NOMEM;
}

static int session_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_session_t *x = store_vec_push(v);
	return x == NULL ? ERR_NOMEM : session_fill(s, v->a, row, x);
}

/* Where session_user_row puts the one row of ST_SESSION_USER_GET. */
typedef struct session_user {
	arena_t *a;
	store_session_t *sess;
	store_user_t *user;
	bool found;
} session_user_t;

static int session_user_row(store_t *s, const store_row_t *row, void *ud)
{
	session_user_t *su = ud;
	int rc = session_fill(s, su->a, row, su->sess);
	if (rc == 0)
		rc = store_user_fill(s, su->a, row, 8, su->user);
	su->found = rc == 0;
	return rc;
}

/* The audit JSON of a session: who and until when; never a token.  From where is the
 * audit row's client column (store_set_client). */
static char *session_json(const store_session_t *x)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	if (json_object_set_new(j, "user_id", json_integer(x->user_id)) ||
	    json_object_set_new(j, "expires_at", json_integer(x->expires_at))) {
		json_decref(j);
		return NULL;
	}
	return store_json_take(j);
}

int store_session_create(store_t *s, str_t actor, store_session_t *sess, err_t *e)
{
	sess->id = 0;
	int rc = store_need(sess->token_hash, "token_hash", e);
	if (rc == 0)
		rc = store_need(sess->csrf, "csrf", e);
	if (rc == 0 && sess->user_id <= 0)
		rc = err_set(e, ERR_INVALID, "store: a session needs a user");
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = { SV_S(sess->token_hash), SV_I(sess->user_id),    SV_I(sess->created_at),
			    SV_I(sess->last_seen),  SV_I(sess->expires_at), SV_S(sess->csrf),
			    SV_S(sess->client) };
	rc = store_q_id(s, ST_SESSION_ADD, p, 7, &sess->id, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "login", "session", sess->id, NULL,
				      session_json(sess), e);
	rc = store_w_end(s, rc, e);
	if (rc < 0)
		sess->id = 0;
	return rc;
}

int store_session_get(store_t *s, arena_t *a, str_t token_hash, store_session_t *out_session,
		      err_t *e)
{
	store_val_t p[] = { SV_S(token_hash) };
	return store_get_one(s, a, ST_SESSION_GET, p, 1, session_row, sizeof(*out_session),
			     out_session, "session", e);
}

int store_session_user_get(store_t *s, arena_t *a, str_t token_hash, store_session_t *out_session,
			   store_user_t *out_user, err_t *e)
{
	store_val_t p[] = { SV_S(token_hash) };
	session_user_t su = { .a = a, .sess = out_session, .user = out_user };
	int rc = store_q_rows(s, ST_SESSION_USER_GET, p, 1, session_user_row, &su, e);
	if (rc == 0 && !su.found)
		rc = err_set(e, ERR_NOTFOUND, "store: no such session");
	return rc;
}

int store_session_touch(store_t *s, long long id, long long now, err_t *e)
{
	store_val_t p[] = { SV_I(now), SV_I(id) };
	long long n = 0;
	int rc = store_q(s, ST_SESSION_TOUCH, p, 2, &n, e);
	if (rc == 0 && n == 0)
		rc = err_set(e, ERR_NOTFOUND, "store: no such session");
	return rc;
}

int store_session_delete(store_t *s, str_t actor, long long id, err_t *e)
{
	int rc = store_w_begin(s, e);
	if (rc < 0)
		return rc;
	store_val_t p[] = { SV_I(id) };
	long long n = 0;
	rc = store_q(s, ST_SESSION_DEL, p, 1, &n, e);
	if (rc == 0 && n == 0)
		rc = err_set(e, ERR_NOTFOUND, "store: no such session");
	if (rc == 0)
		rc = store_audit_in_tx(s, actor, "logout", "session", id, NULL, NULL, e);
	return store_w_end(s, rc, e);
}

int store_session_purge(store_t *s, long long now, long long idle_before, long long *out_n,
			err_t *e)
{
	store_val_t p[] = { SV_I(now), SV_I(idle_before) };
	long long n = 0;
	int rc = store_q(s, ST_SESSION_PURGE, p, 2, &n, e);
	if (out_n != NULL)
		*out_n = rc == 0 ? n : 0;
	return rc;
}

static int count_row(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_int(row, 0);
	return 0;
}

int store_login_failure_count(store_t *s, str_t key, long long since, long long *out_count,
			      err_t *e)
{
	store_val_t p[] = { SV_S(key), SV_I(since) };
	*out_count = 0;
	return store_q_rows(s, ST_LOGIN_FAIL_GET, p, 2, count_row, out_count, e);
}

int store_login_failure_add(store_t *s, str_t key, long long now, long long window_s, err_t *e)
{
	int rc = store_need(key, "key", e);
	if (rc < 0)
		return rc;
	store_val_t p[] = { SV_S(key), SV_I(now), SV_I(now - window_s) };
	return store_q(s, ST_LOGIN_FAIL_ADD, p, 3, NULL, e);
}

int store_login_failure_clear(store_t *s, str_t key, err_t *e)
{
	store_val_t p[] = { SV_S(key) };
	return store_q(s, ST_LOGIN_FAIL_CLEAR, p, 1, NULL, e);
}
