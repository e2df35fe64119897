/* json.c — JSON request bodies parsed with jansson under limits: a size cap, a nesting
 * depth cap (checked by a byte scan before jansson sees the text, since jansson's own
 * limit is a compile-time 2048) and error messages that say where the text is wrong. */
#include "http/http.h"

#include <stdio.h>

/* Finds the first byte that opens a container deeper than max_depth; -1 when none. */
static long long depth_exceeded_at(str_t s, size_t max_depth)
{
	size_t depth = 0;
	bool in_string = false, escape = false;

	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (in_string) {
			if (escape)
				escape = false;
			else if (c == '\\')
				escape = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth)
				return (long long)i;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return -1;
}

/* The 1-based line and column (in bytes) of byte offset off. */
static void line_col(str_t s, size_t off, long *out_line, long *out_col)
{
	long line = 1, col = 1;

	for (size_t i = 0; i < off && i < s.len; i++) {
		if (s.ptr[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	*out_line = line;
	*out_col = col;
}

int http_json_parse(str_t body, size_t max_size, size_t max_depth, http_lang_t lang,
		    json_t **out_json, err_t *e)
{
	json_error_t jerr;
	long long at;
	json_t *j;

	*out_json = NULL;
	if (body.len > max_size) {
		if (lang == HTTP_LANG_EN)
			return err_set(e, ERR_LIMIT,
				       "the body has %zu bytes, more than the %zu allowed",
				       body.len, max_size);
		return err_set(e, ERR_LIMIT, "请求内容为 %zu 字节，超过上限 %zu 字节", body.len,
			       max_size);
	}
	at = depth_exceeded_at(body, max_depth);
	if (at >= 0) {
		long line, col;

		line_col(body, (size_t)at, &line, &col);
		if (lang == HTTP_LANG_EN)
			err_set_at(e, ERR_INVALID, line, at,
				   "JSON nested deeper than %zu levels at line %ld, column %ld "
				   "(byte %lld)",
				   max_depth, line, col, at);
		else
			err_set_at(e, ERR_INVALID, line, at,
				   "JSON 嵌套超过 %zu 层：第 %ld 行第 %ld 列（第 %lld 字节）",
				   max_depth, line, col, at);
		return ERR_INVALID;
	}
	j = json_loadb(body.ptr ? body.ptr : "", body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		if (json_error_code(&jerr) == json_error_out_of_memory)
			return err_set(e, ERR_NOMEM, "out of memory");
		if (lang == HTTP_LANG_EN)
			err_set_at(e, ERR_INVALID, jerr.line, jerr.position,
				   "malformed JSON at line %d, column %d (byte %d): %s", jerr.line,
				   jerr.column, jerr.position, jerr.text);
		else
			err_set_at(e, ERR_INVALID, jerr.line, jerr.position,
				   "JSON 格式错误：第 %d 行第 %d 列（第 %d 字节）：%s", jerr.line,
				   jerr.column, jerr.position, jerr.text);
		return ERR_INVALID;
	}
	*out_json = j;
	return 0;
}
