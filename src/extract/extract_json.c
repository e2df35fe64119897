/* extract_json.c — the draft plan as the JSON object of docs/extract-format.md
 * (extract_to_json in extract.h).  Built with jansson; any failed allocation makes the
 * whole result NULL.  Every js_* builder returns a new reference the caller owns (or
 * NULL when out of memory). */
#include "extract/extract.h"

/* Sets key of o to v (taking the reference); false when v is NULL or the set fails. */
static bool js_set(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0;
}

/* Like js_set when ok; otherwise drops v and stays false. */
static bool js_set_if(bool ok, json_t *o, const char *key, json_t *v)
{
	if (!ok) {
		json_decref(v);
		return false;
	}
	return js_set(o, key, v);
}

/* A string, or JSON null for NULL. */
static json_t *js_str(const char *z)
{
	return z ? json_string(z) : json_null();
}

/* An int, or JSON null for 0 (no id, unknown year). */
static json_t *js_id(int v)
{
	return v ? json_integer(v) : json_null();
}

static json_t *js_span(draft_span_t s)
{
	json_t *a = json_array();

	if (a && json_array_append_new(a, json_integer((json_int_t)s.start)) == 0 &&
	    json_array_append_new(a, json_integer((json_int_t)s.end)) == 0)
		return a;
	json_decref(a);
	return NULL;
}

static json_t *js_document(const draft_doc_t *doc)
{
	json_t *o = json_object(), *dropped = json_array(), *warn = json_array();
	bool ok = o && dropped && warn;

	for (size_t i = 0; ok && i < doc->ndropped; i++) {
		const draft_range_t *r = &doc->dropped[i];
		ok = json_array_append_new(dropped,
					   json_pack("{s:I, s:I, s:s?}", "first_line",
						     (json_int_t)r->first_line, "last_line",
						     (json_int_t)r->last_line, "why", r->why)) == 0;
	}
	for (size_t i = 0; ok && i < doc->nwarnings; i++)
		ok = json_array_append_new(warn, js_str(doc->warnings[i])) == 0;
	ok = ok && js_set(o, "title", js_str(doc->title)) &&
	     js_set(o, "encoding", js_str(doc->encoding)) &&
	     js_set(o, "script", js_str(doc->script)) && js_set(o, "year", js_id(doc->year)) &&
	     js_set(o, "bytes", json_integer((json_int_t)doc->bytes));
	ok = js_set_if(ok, o, "dropped", dropped);
	ok = js_set_if(ok, o, "warnings", warn);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *js_node(const draft_node_t *n)
{
	return json_pack("{s:i, s:o, s:i, s:s, s:s, s:o}", "id", n->id, "parent", js_id(n->parent),
			 "level", n->level, "label", n->label ? n->label : "", "title",
			 n->title ? n->title : "", "span", js_span(n->span));
}

static json_t *js_stmt(const draft_stmt_t *s)
{
	json_t *o = json_object();
	bool ok = o &&
		  js_set(o, "kind", json_string(s->kind == DRAFT_TARGET ? "target" : "result")) &&
		  js_set(o, "indicator", js_str(s->indicator ? s->indicator : "")) &&
		  js_set(o, "verb", js_str(s->verb ? s->verb : "")) &&
		  js_set(o, "value", json_real(s->value)) &&
		  (!s->is_range || js_set(o, "value_max", json_real(s->value_max))) &&
		  js_set(o, "unit", js_str(s->unit ? s->unit : "")) &&
		  js_set(o, "base_value", json_real(s->base_value)) &&
		  js_set(o, "base_unit", js_str(s->base_unit ? s->base_unit : "")) &&
		  js_set(o, "qualifier", js_str(s->qualifier)) &&
		  js_set(o, "deadline", js_str(s->deadline)) && js_set(o, "year", js_id(s->year)) &&
		  js_set(o, "node", js_id(s->node)) &&
		  js_set(o, "text", js_str(s->text ? s->text : "")) &&
		  js_set(o, "span", js_span(s->span)) &&
		  js_set(o, "value_span", js_span(s->value_span));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *js_project(const draft_project_t *p)
{
	return json_pack("{s:s, s:{s:f, s:s, s:f}, s:o, s:o, s:o, s:o}", "name",
			 p->name ? p->name : "", "investment", "value", p->investment, "unit",
			 p->unit ? p->unit : "", "base_value", p->base_investment, "stage",
			 js_str(p->stage), "place", js_str(p->place), "node", js_id(p->node),
			 "span", js_span(p->span));
}

static json_t *js_unit(const draft_unit_t *u)
{
	return json_pack("{s:s, s:s, s:o, s:o}", "name", u->name ? u->name : "", "kind",
			 u->kind ? u->kind : "", "node", js_id(u->node), "span", js_span(u->span));
}

static json_t *js_gloss(const draft_gloss_t *g)
{
	json_t *cites = json_array();

	for (size_t i = 0; cites && i < g->ncited; i++) {
		if (json_array_append_new(cites, js_span(g->cited[i])) != 0) {
			json_decref(cites);
			return NULL;
		}
	}
	if (!cites)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "label", g->label ? g->label : "", "term",
			 g->term ? g->term : "", "definition", g->definition ? g->definition : "",
			 "span", js_span(g->span), "cited_at", cites);
}

/* An array of n items made by fn from v[0..n); NULL on failure. */
#define JS_ARRAY(out, v, n, fn)                                                                    \
	do {                                                                                       \
		out = json_array();                                                                \
		for (size_t i_ = 0; out && i_ < (n); i_++) {                                       \
			if (json_array_append_new(out, fn(&(v)[i_])) != 0) {                       \
				json_decref(out);                                                  \
				out = NULL;                                                        \
			}                                                                          \
		}                                                                                  \
	} while (0)

json_t *extract_to_json(const draft_t *d)
{
	json_t *o = json_object(), *a;
	bool ok = o && js_set(o, "document", js_document(&d->doc));

	JS_ARRAY(a, d->nodes.v, d->nodes.n, js_node);
	ok = js_set_if(ok, o, "outline", a);
	JS_ARRAY(a, d->stmts.v, d->stmts.n, js_stmt);
	ok = js_set_if(ok, o, "statements", a);
	JS_ARRAY(a, d->projects.v, d->projects.n, js_project);
	ok = js_set_if(ok, o, "projects", a);
	JS_ARRAY(a, d->units.v, d->units.n, js_unit);
	ok = js_set_if(ok, o, "units", a);
	JS_ARRAY(a, d->glossary.v, d->glossary.n, js_gloss);
	ok = js_set_if(ok, o, "glossary", a);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}
