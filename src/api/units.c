/* units.c — GET /api/units: the organisation tree (city → departments, counties, zones
 * …), nested.  The tree itself is not secret: every logged-in reader sees it. */
#include "api/internal.h"

#include "base/mem.h"

static json_t *unit_json(const store_unit_t *u)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:[]}", "id", (json_int_t)u->id, "parent_id",
			 u->parent_id > 0 ? json_integer(u->parent_id) : json_null(), "name",
			 api_str(u->name), "kind", api_str(u->kind), "children");
}

/* Nests the flat list (parents before or after children) under its roots. */
static json_t *units_tree(const store_unit_t *units, size_t n)
{
	json_t **objs = NULL, *roots = json_array();
	size_t i, j;

	if (!roots || (n && !(objs = mem_calloc(n, sizeof *objs))))
		goto fail;
	for (i = 0; i < n; i++)
		if (!(objs[i] = unit_json(&units[i])))
			goto fail;
	for (i = 0; i < n; i++) {
		json_t *into = roots;
		for (j = 0; units[i].parent_id > 0 && j < n; j++)
			if (units[j].id == units[i].parent_id && j != i) {
				into = json_object_get(objs[j], "children");
				break;
			}
		if (json_array_append(into, objs[i]))
			goto fail;
	}
	for (i = 0; i < n; i++)
		json_decref(objs[i]);
	mem_free(objs);
	return roots;
fail:
	for (i = 0; objs && i < n; i++)
		json_decref(objs[i]);
	mem_free(objs);
	json_decref(roots);
	return NULL;
}

int api_units_tree(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_t *s = api_store_get(ctx, e);
	store_unit_t *units;
	size_t n;
	int rc;

	if (!s)
		return e->code;
	rc = store_unit_list(s, req->arena, &units, &n, e);
	if (rc == 0)
		rc = http_resp_json(resp, 200, json_pack("{s:o*}", "units", units_tree(units, n)));
	api_store_put(ctx, s);
	return rc;
}
