/* error.c — the one place that maps ERR_* codes to HTTP statuses, the default messages
 * per code (zh-CN and English), Accept-Language negotiation and the one error body
 * {"error":{"code":…,"message":…,"field":…}}. */
#include "http/http.h"

#include "base/utf8.h"

#include <string.h>

int http_status_for(int code, unsigned flags)
{
	switch (code) {
	case 0: return 200;
	case ERR_INVALID: return (flags & HTTP_RESP_MEDIA_TYPE) ? 415 : 400;
	case ERR_USAGE: return 400;
	case ERR_AUTH: return 401;
	case ERR_DENIED: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return (flags & HTTP_RESP_PRECONDITION) ? 412 : 409;
	case ERR_LIMIT: return 413;
	case ERR_UNAVAILABLE: return 503;
	default: return 500;
	}
}

typedef struct msg_row {
	int code;
	const char *zh;
	const char *en;
} msg_row_t;

static const msg_row_t messages[] = {
	{ ERR_NOMEM, "服务器内存不足，请稍后重试", "the server is out of memory; try again later" },
	{ ERR_INVALID, "请求内容有误", "the request is not valid" },
	{ ERR_NOTFOUND, "未找到请求的内容", "not found" },
	{ ERR_LIMIT, "请求内容超出大小限制", "the request is too large" },
	{ ERR_IO, "服务器读写出错", "the server failed to read or write" },
	{ ERR_CONFLICT, "数据已被他人修改，请刷新后重试",
	  "the data was changed by someone else; reload and retry" },
	{ ERR_DENIED, "没有执行此操作的权限", "you are not allowed to do this" },
	{ ERR_DB, "数据库出错", "the database failed" },
	{ ERR_USAGE, "请求参数有误", "the request parameters are wrong" },
	{ ERR_AUTH, "请先登录", "please log in" },
	{ ERR_INTERNAL, "服务器内部错误", "internal server error" },
	{ ERR_UNAVAILABLE, "服务器繁忙，请稍后重试", "the server is busy; try again later" },
};

const char *http_error_message(int code, http_lang_t lang)
{
	for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
		if (messages[i].code == code)
			return lang == HTTP_LANG_EN ? messages[i].en : messages[i].zh;
	return lang == HTTP_LANG_EN ? "internal server error" : "服务器内部错误";
}

/* Parses the q of one Accept-Language item's parameters (";q=0.8"); 1000 = 1.0. */
static int item_quality(str_t params)
{
	str_t rest = params, p;
	int q = 1000;

	while (rest.ptr) {
		rest = str_split(rest, ';', &p);
		p = str_trim(p);
		if (p.len >= 2 && (p.ptr[0] == 'q' || p.ptr[0] == 'Q') && p.ptr[1] == '=') {
			double d;
			if (str_to_double(str_trim(str_tail(p, 2)), &d) == 0 && d >= 0 && d <= 1)
				q = (int)(d * 1000 + 0.5);
			else
				q = 0;
		}
	}
	return q;
}

http_lang_t http_lang_from_header(str_t al)
{
	str_t rest = al, item;
	http_lang_t best = HTTP_LANG_ZH;
	int best_q = 0;

	while (rest.ptr && rest.len > 0) {
		str_t tag, params;
		http_lang_t lang;
		int q;

		rest = str_split(rest, ',', &item);
		params = str_split(item, ';', &tag);
		tag = str_trim(tag);
		q = params.ptr ? item_quality(params) : 1000;
		if (tag.len >= 2 && str_eq_nocase(str_sub(tag, 0, 2), STR_LIT("en")) &&
		    (tag.len == 2 || tag.ptr[2] == '-'))
			lang = HTTP_LANG_EN;
		else if (tag.len >= 2 && str_eq_nocase(str_sub(tag, 0, 2), STR_LIT("zh")) &&
			 (tag.len == 2 || tag.ptr[2] == '-'))
			lang = HTTP_LANG_ZH;
		else
			continue;
		if (q > best_q) {
			best_q = q;
			best = lang;
		}
	}
	return best;
}

json_t *http_error_body(const char *code_name, const char *message, const char *field)
{
	json_t *inner = json_object(), *outer = json_object();

	if (!inner || !outer)
		goto fail;
	if (json_object_set_new(inner, "code", json_string(code_name)) ||
	    json_object_set_new(inner, "message", json_string(message)) ||
	    (field && field[0] && json_object_set_new(inner, "field", json_string(field))))
		goto fail;
	if (json_object_set(outer, "error", inner))
		goto fail;
	json_decref(inner);
	return outer;
fail:
	json_decref(inner);
	json_decref(outer);
	return NULL;
}

/* Whether z is valid UTF-8 (err_t's fixed size may cut a message mid-character). */
static bool utf8_ok(const char *z)
{
	size_t bad;

	return utf8_validate(z, strlen(z), &bad) == 0;
}

/* Whether z has a byte outside ASCII: a message written for people in Chinese (the
 * English ones, and the store's and extractor's internal ones, are ASCII). */
static bool non_ascii(const char *z)
{
	for (; *z; z++)
		if ((unsigned char)*z >= 0x80)
			return true;
	return false;
}

/* Codes whose message would describe the server's insides: always the table's. */
static bool server_side(int code)
{
	return code == ERR_NOMEM || code == ERR_IO || code == ERR_DB || code == ERR_INTERNAL ||
	       code == ERR_UNAVAILABLE;
}

/* The table's message for code in lang, followed by where (field, line, byte) when e
 * knows it, into out. */
static const char *located_message(int code, const err_t *e, const char *field, http_lang_t lang,
				   char *out, size_t outsz)
{
	const char *base = http_error_message(code, lang);
	bool en = lang == HTTP_LANG_EN;
	size_t n = (size_t)snprintf(out, outsz, "%s", base);

	if (server_side(code) || !e)
		return out;
	if (field && n < outsz)
		n += (size_t)snprintf(out + n, outsz - n, en ? " (field %s)" : "（字段“%s”）",
				      field);
	if (e->line > 0 && n < outsz)
		n += (size_t)snprintf(out + n, outsz - n, en ? " at line %ld" : "：第 %ld 行",
				      e->line);
	if (e->offset >= 0 && n < outsz)
		snprintf(out + n, outsz - n, en ? " (byte %lld)" : "（第 %lld 字节）", e->offset);
	return out;
}

json_t *http_error_json(int code, const err_t *e, http_lang_t lang)
{
	const char *field = (e && e->field[0]) ? e->field : NULL;
	const char *msg = (e && e->msg[0]) ? e->msg : NULL;
	char buf[ERR_MSG_MAX + 160];
	json_t *j, *inner;

	if (field && !utf8_ok(field))
		field = NULL;
	/* the handler's message when it is in the language asked for (Chinese by default)
	 * and says nothing of the server's insides; else the table's, with where */
	if (!msg || !utf8_ok(msg) || server_side(code) || non_ascii(msg) != (lang == HTTP_LANG_ZH))
		msg = located_message(code, e, field, lang, buf, sizeof buf);
	j = http_error_body(err_code_name(code), msg, field);
	inner = json_object_get(j, "error");
	if (inner && e && !server_side(code) && e->line > 0)
		json_object_set_new(inner, "line", json_integer(e->line));
	if (inner && e && !server_side(code) && e->offset >= 0)
		json_object_set_new(inner, "offset", json_integer(e->offset));
	return j;
}

int http_resp_error(http_resp_t *resp, int code, const err_t *e, http_lang_t lang)
{
	json_t *j = http_error_json(code, e, lang);

	http_resp_clear(resp);
	resp->status = http_status_for(code, resp->flags);
	if (!j)
		return ERR_NOMEM;
	resp->json = j;
	return 0;
}
