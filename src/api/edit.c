/* edit.c — what the create and update handlers of src/api/ share: content ETags and the
 * If-Match precondition (missing → 428, stale → 412), reading typed members of a JSON
 * body that declares which members it accepts (anything else is refused, naming it),
 * the frame every one-item handler runs in (route id, body, store checkout) and the
 * answer of a checked update, and the password policy (minimum length, a list of common
 * passwords, argon2id).
 *
 * Units, targets and projects have no version column, so their ETag is a hash of the
 * row's JSON: any change of any field changes it.  The store re-checks the whole row
 * inside its write transaction (store_*_update take the row as read), so a stale edit
 * writes nothing even when two requests race past the If-Match check here. */
#include "api/internal.h"

#include "base/embed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ETag / If-Match ------------------------------------------------------------------ */

int api_etag_of(const json_t *j, char out[API_ETAG_SIZE])
{
	unsigned char h[12];
	char hex[25];
	char *text =
		j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;

	if (!text)
		return ERR_NOMEM;
	crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
	free(text);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, API_ETAG_SIZE, "\"%s\"", hex);
	return 0;
}

int api_resp_etag_json(http_req_t *req, http_resp_t *resp, int status, json_t *j)
{
	char tag[API_ETAG_SIZE];
	int rc = j ? api_etag_of(j, tag) : ERR_NOMEM;

	if (rc == 0)
		rc = http_resp_header(resp, req->arena, "ETag", tag);
	if (rc) {
		json_decref(j);
		return rc;
	}
	return http_resp_json(resp, status, j);
}

/* The entity tags of an If-Match value ("a", W/"a", *) compared with tag. */
static bool if_match_has(str_t v, const char *tag)
{
	str_t rest = v, item;

	while (rest.ptr && rest.len > 0) {
		rest = str_split(rest, ',', &item);
		item = str_trim(item);
		if (str_starts_with(item, STR_LIT("W/")))
			item = str_tail(item, 2);
		if (str_eq_cstr(item, tag) || str_eq_cstr(item, "*"))
			return true;
	}
	return false;
}

int api_if_match(const http_req_t *req, http_resp_t *resp, const json_t *current, err_t *e)
{
	str_t im = http_req_header(req, "If-Match");
	char tag[API_ETAG_SIZE];
	bool en = req->lang == HTTP_LANG_EN;

	if (!im.ptr) {
		api_resp_status(resp, 428, "precondition_required",
				en ? "this edit needs If-Match with the item's ETag (read it first)"
				   : "修改需要提供 If-Match（先读取该条目，使用其 ETag）");
		return API_ANSWERED;
	}
	if (api_etag_of(current, tag) != 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (if_match_has(im, tag))
		return 0;
	resp->flags |= HTTP_RESP_PRECONDITION;
	err_set(e, ERR_CONFLICT,
		en ? "the item was changed by someone else (ETag now %s); reload and retry"
		   : "该条目已被他人修改（当前 ETag 为 %s），请刷新后重试",
		tag);
	return err_field(e, "If-Match");
}

int api_stale(http_resp_t *resp, const http_req_t *req, err_t *e)
{
	resp->flags |= HTTP_RESP_PRECONDITION;
	err_set(e, ERR_CONFLICT,
		req->lang == HTTP_LANG_EN ? "the item was changed by someone else; reload and retry"
					  : "该条目已被他人修改，请刷新后重试");
	return err_field(e, "If-Match");
}

/* ---- handler frames ------------------------------------------------------------------ */

int api_run(http_req_t *req, http_resp_t *resp, bool with_id, const char *const *fields,
	    api_store_fn fn, err_t *e)
{
	api_ctx_t *ctx = req->app;
	json_t *body = NULL;
	long long id = 0;
	store_t *s;
	int rc = with_id ? api_param_id(req, &id, e) : 0;

	if (rc == 0 && fields)
		rc = api_body_object(req, fields, &body, e);
	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e))) {
		json_decref(body);
		return e->code;
	}
	rc = fn(ctx, s, req, resp, id, body, e);
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

int api_if_match_take(const http_req_t *req, http_resp_t *resp, json_t *current, err_t *e)
{
	int rc = current ? api_if_match(req, resp, current, e)
			 : err_set(e, ERR_NOMEM, "out of memory");

	json_decref(current);
	return rc;
}

int api_patch_answer(http_req_t *req, http_resp_t *resp, int rc, const char *zh, json_t *after,
		     err_t *e)
{
	if (rc)
		json_decref(after);
	if (rc == ERR_CONFLICT)
		return api_stale(resp, req, e);
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, zh, e);
	return rc ? rc : api_resp_etag_json(req, resp, 200, after);
}

/* ---- JSON bodies ---------------------------------------------------------------------- */

int api_body_object(const http_req_t *req, const char *const *allowed, json_t **out_body, err_t *e)
{
	const char *key;
	json_t *v, *body = NULL;
	int rc = http_req_json(req, &body, e);

	*out_body = NULL;
	if (rc)
		return rc;
	if (!json_is_object(body)) {
		json_decref(body);
		return err_set(e, ERR_INVALID, "请求内容应为 JSON 对象");
	}
	json_object_foreach(body, key, v)
	{
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key) != 0)
			i++;
		if (!allowed[i]) {
			err_set(e, ERR_INVALID, "不接受字段“%.64s”", key);
			err_field(e, key);
			json_decref(body);
			return ERR_INVALID;
		}
	}
	*out_body = body;
	return 0;
}

static int bad_type(const char *field, const char *what, err_t *e)
{
	err_set(e, ERR_INVALID, "字段“%s”应为%s", field, what);
	return err_field(e, field);
}

int api_body_need_str(json_t *body, const char *field, str_t *out, err_t *e)
{
	json_t *v = json_object_get(body, field);

	if (!v) {
		err_set(e, ERR_INVALID, "缺少字段“%s”", field);
		return err_field(e, field);
	}
	if (!json_is_string(v) ||
	    str_trim(str_make(json_string_value(v), json_string_length(v))).len == 0)
		return bad_type(field, "非空字符串", e);
	*out = str_make(json_string_value(v), json_string_length(v));
	return 0;
}

int api_body_id(json_t *body, const char *field, long long *out, err_t *e)
{
	json_t *v = json_object_get(body, field);

	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return bad_type(field, "编号（正整数）或 null", e);
	*out = json_integer_value(v);
	return 0;
}

int api_body_int(json_t *body, const char *field, long long min, long long max, long long *out,
		 err_t *e)
{
	json_t *v = json_object_get(body, field);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		err_set(e, ERR_INVALID, "字段“%s”应为 %lld 到 %lld 之间的整数", field, min, max);
		return err_field(e, field);
	}
	*out = json_integer_value(v);
	return 0;
}

int api_body_num(json_t *body, const char *field, bool *io_has, double *out, err_t *e)
{
	json_t *v = json_object_get(body, field);

	if (!v)
		return 0;
	if (json_is_null(v) && io_has) {
		*io_has = false;
		*out = 0;
		return 0;
	}
	if (!json_is_number(v))
		return bad_type(field, io_has ? "数值或 null" : "数值", e);
	*out = json_number_value(v);
	if (io_has)
		*io_has = true;
	return 0;
}

int api_body_bool(json_t *body, const char *field, bool *out, err_t *e)
{
	json_t *v = json_object_get(body, field);

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return bad_type(field, " true 或 false", e);
	*out = json_is_true(v);
	return 0;
}

/* ---- passwords ------------------------------------------------------------------------ */

/* Whether pw (any case) is a line of data/common_passwords.txt. */
static bool common_password(str_t pw)
{
	str_t list, rest, line;

	if (embed_find("common_passwords.txt", &list) != 0)
		return false;
	for (rest = list; rest.ptr && rest.len > 0;) {
		rest = str_split(rest, '\n', &line);
		line = str_trim(line);
		if (line.len && line.ptr[0] != '#' && str_eq_nocase(line, pw))
			return true;
	}
	return false;
}

int api_password_hash(str_t name, str_t pw, char out[crypto_pwhash_STRBYTES], err_t *e)
{
	size_t chars = 0;

	for (size_t i = 0; i < pw.len; i++)
		chars += ((unsigned char)pw.ptr[i] & 0xC0) != 0x80;
	if (chars < API_PASSWORD_MIN) {
		err_set(e, ERR_INVALID, "密码至少需要 %d 个字符", API_PASSWORD_MIN);
		return err_field(e, "password");
	}
	if (pw.len > 1024) {
		err_set(e, ERR_INVALID, "密码过长（至多 1024 字节）");
		return err_field(e, "password");
	}
	if (common_password(pw) || str_eq_nocase(pw, name)) {
		err_set(e, ERR_INVALID, "密码过于常见或与用户名相同，请换一个");
		return err_field(e, "password");
	}
	if (crypto_pwhash_str(out, pw.ptr, pw.len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, ERR_NOMEM, "服务器内存不足，无法计算密码摘要");
	return 0;
}

/* ---- small shared answers ----------------------------------------------------------- */

int api_not_found(const http_req_t *req, const char *zh, err_t *e)
{
	return err_set(e, ERR_NOTFOUND, "%s", req->lang == HTTP_LANG_EN ? "not found" : zh);
}

int api_bad_id(const char *field, err_t *e)
{
	err_set(e, ERR_INVALID, "字段“%s”指向的条目不存在", field);
	return err_field(e, field);
}
