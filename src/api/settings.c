/* settings.c — GET /api/settings (every role that reads the supervision picture) and
 * PUT /api/settings (administrators): the warning thresholds and ranking weights the
 * status, warnings, rankings and exports are judged by (store/settings.h; keys and
 * defaults in docs/rules.md).
 *
 * The answer is {"settings": {key: value}, "defaults": {key: value}} with a content ETag;
 * PUT takes {key: value, ...} for the keys to change (others keep their value) and needs
 * If-Match (428 without, 412 when stale).  The store checks the rules as read again inside
 * its write transaction, so of two racing saves one gets 412.  An unknown key or a bad
 * value answers 400 naming the key; the save is audited ("update" on entity "settings"). */
#include "api/internal.h"

#include "store/settings.h"

#include <stdio.h>
#include <string.h>

static json_t *settings_json(const supervision_cfg_t *cfg)
{
	supervision_cfg_t def;

	supervision_cfg_default(&def);
	return json_pack("{s:o*, s:o*}", "settings", store_supervision_json(cfg), "defaults",
			 store_supervision_json(&def));
}

static int settings_get(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			long long id, json_t *body, err_t *e)
{
	supervision_cfg_t cfg;
	int rc = store_supervision_load(s, &cfg, e);

	(void)ctx;
	(void)id;
	(void)body;
	return rc ? rc : api_resp_etag_json(req, resp, 200, settings_json(&cfg));
}

int api_settings_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, false, NULL, settings_get, e);
}

/* Applies the body's members to *cfg; ERR_INVALID naming the member. */
static int settings_body(json_t *body, supervision_cfg_t *cfg, err_t *e)
{
	const char *key;
	json_t *v;
	char text[64];

	json_object_foreach(body, key, v)
	{
		int rc;
		if (!json_is_number(v)) {
			err_set(e, ERR_INVALID, "设置项“%s”的值应为数值", key);
			return err_field(e, key);
		}
		snprintf(text, sizeof text, "%.17g", json_number_value(v));
		rc = supervision_cfg_set(cfg, str_from_cstr(key), str_from_cstr(text), e);
		if (rc == ERR_NOTFOUND) {
			err_set(e, ERR_INVALID, "没有设置项“%s”", key);
			return err_field(e, key);
		}
		if (rc)
			return rc;
	}
	return supervision_cfg_validate(cfg, e);
}

static int settings_put(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			long long id, json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	supervision_cfg_t before, after;
	json_t *req_body = NULL;
	int rc = store_supervision_load(s, &before, e);

	(void)ctx;
	(void)id;
	(void)body;
	if (rc == 0)
		rc = api_if_match_take(req, resp, settings_json(&before), e);
	if (rc)
		return rc == API_ANSWERED ? 0 : rc;
	rc = http_req_json(req, &req_body, e);
	if (rc == 0 && !json_is_object(req_body))
		rc = err_set(e, ERR_INVALID, "请求内容应为 JSON 对象（设置项 → 数值）");
	after = before;
	if (rc == 0)
		rc = settings_body(req_body, &after, e);
	json_decref(req_body);
	if (rc == 0)
		rc = store_supervision_save(s, p->name, &before, &after, e);
	if (rc == ERR_CONFLICT && strcmp(e->field, "version") == 0)
		return api_stale(resp, req, e);
	return rc ? rc : api_resp_etag_json(req, resp, 200, settings_json(&after));
}

int api_settings_put(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, false, NULL, settings_put, e);
}
