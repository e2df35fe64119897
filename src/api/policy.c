/* policy.c — GET /api/policy: the model's access table (role × action → scope) and what
 * each route permission needs, as data, so that the UI can hide what a role cannot do
 * and tests can derive the authorization matrix from the table itself. */
#include "api/internal.h"

static json_t *table_json(void)
{
	json_t *t = json_object();

	for (int r = 0; t && r < ORG_ROLE_COUNT; r++) {
		json_t *row = json_object();
		for (int a = 0; row && a < ORG_ACT_COUNT; a++)
			if (json_object_set_new(row, org_action_name((org_action_t)a),
						json_string(org_scope_name(org_policy(
							(org_role_t)r, (org_action_t)a)))))
				break;
		if (!row || json_object_set_new(t, org_role_name((org_role_t)r), row)) {
			json_decref(t);
			return NULL;
		}
	}
	return t;
}

static json_t *perms_json(void)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < api_nperms; i++)
		if (json_object_set_new(o, api_perms[i].name,
					json_pack("{s:s, s:s}", "action",
						  org_action_name(api_perms[i].action), "min_scope",
						  org_scope_name(api_perms[i].min_scope)))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

int api_policy_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	json_t *j = json_pack("{s:o*, s:o*}", "table", table_json(), "permissions", perms_json());

	(void)req;
	if (!j)
		return err_set(e, ERR_NOMEM, "out of memory");
	return http_resp_json(resp, 200, j);
}
