/* plan.c — plan and report state machines as transition tables, node kinds. */
#include "model/plan.h"

static const char *const state_names[PLAN_STATE_COUNT] = { "draft", "active", "closed" };
static const char *const state_zh[PLAN_STATE_COUNT] = { "草稿", "执行中", "已关闭" };
static const char *const state_en[PLAN_STATE_COUNT] = { "Draft", "Active", "Closed" };
static const char *const kind_names[PLAN_NODE_KIND_COUNT] = { "area", "article", "task",
							      "measure" };
static const char *const kind_zh[PLAN_NODE_KIND_COUNT] = { "领域", "条目", "任务", "举措" };
static const char *const kind_en[PLAN_NODE_KIND_COUNT] = { "Area", "Article", "Task", "Measure" };
static const char *const report_names[PLAN_REPORT_STATE_COUNT] = { "draft", "submitted", "accepted",
								   "returned" };
static const char *const report_zh[PLAN_REPORT_STATE_COUNT] = { "草稿", "已提交", "已通过",
								"已退回" };
static const char *const report_en[PLAN_REPORT_STATE_COUNT] = { "Draft", "Submitted", "Accepted",
								"Returned" };

/* allowed[from][to] */
static const bool plan_allowed[PLAN_STATE_COUNT][PLAN_STATE_COUNT] = {
	[PLAN_DRAFT] = { [PLAN_ACTIVE] = true },
	[PLAN_ACTIVE] = { [PLAN_CLOSED] = true },
};

static const bool report_allowed[PLAN_REPORT_STATE_COUNT][PLAN_REPORT_STATE_COUNT] = {
	[PLAN_REPORT_DRAFT] = { [PLAN_REPORT_SUBMITTED] = true },
	[PLAN_REPORT_SUBMITTED] = { [PLAN_REPORT_ACCEPTED] = true, [PLAN_REPORT_RETURNED] = true },
	[PLAN_REPORT_RETURNED] = { [PLAN_REPORT_SUBMITTED] = true },
};

int plan_transition(plan_state_t from, plan_state_t to, err_t *e)
{
	if ((unsigned)from >= PLAN_STATE_COUNT || (unsigned)to >= PLAN_STATE_COUNT)
		return err_set(e, ERR_INVALID, "规划状态无效");
	if (!plan_allowed[from][to])
		return err_set(e, ERR_CONFLICT, "规划不能从“%s”变为“%s”", state_zh[from],
			       state_zh[to]);
	return 0;
}

bool plan_state_editable(plan_state_t s)
{
	return s == PLAN_DRAFT || s == PLAN_ACTIVE;
}

bool plan_state_accepts_reports(plan_state_t s)
{
	return s == PLAN_ACTIVE;
}

bool plan_node_may_contain(int parent, plan_node_kind_t child)
{
	if ((unsigned)child >= PLAN_NODE_KIND_COUNT || parent >= PLAN_NODE_KIND_COUNT)
		return false;
	return parent < 0 || (int)child > parent;
}

int plan_node_kind_for_level(int level, plan_node_kind_t *out_kind, err_t *e)
{
	if (level < 1)
		return err_set(e, ERR_INVALID, "大纲层级 %d 无效（应从 1 开始）", level);
	*out_kind = level >= 4 ? PLAN_NODE_MEASURE : (plan_node_kind_t)(level - 1);
	return 0;
}

int plan_report_transition(plan_report_state_t from, plan_report_state_t to, str_t comment,
			   err_t *e)
{
	if ((unsigned)from >= PLAN_REPORT_STATE_COUNT || (unsigned)to >= PLAN_REPORT_STATE_COUNT)
		return err_set(e, ERR_INVALID, "填报状态无效");
	if (!report_allowed[from][to])
		return err_set(e, ERR_CONFLICT, "填报不能从“%s”变为“%s”", report_zh[from],
			       report_zh[to]);
	if (to == PLAN_REPORT_RETURNED && str_trim(comment).len == 0) {
		err_set(e, ERR_INVALID, "退回填报时必须填写退回意见");
		err_field(e, "comment");
		return ERR_INVALID;
	}
	return 0;
}

org_action_t plan_report_action(plan_report_state_t to)
{
	return to == PLAN_REPORT_ACCEPTED || to == PLAN_REPORT_RETURNED ? ORG_ACT_REVIEW
									: ORG_ACT_REPORT;
}

bool plan_report_editable(plan_report_state_t s)
{
	return s == PLAN_REPORT_DRAFT || s == PLAN_REPORT_RETURNED;
}

static const char *name_of(unsigned i, unsigned count, const char *const *names)
{
	return i < count ? names[i] : "unknown";
}

static const char *label_of(unsigned i, unsigned count, const char *const *zh,
			    const char *const *en, const char *lang)
{
	if (i >= count)
		return "?";
	return org_lang_is_zh(lang) ? zh[i] : en[i];
}

static int parse_of(str_t s, unsigned count, const char *const *names, int *out_i, const char *what,
		    err_t *e)
{
	for (unsigned i = 0; i < count; i++) {
		if (str_eq_cstr(s, names[i])) {
			*out_i = (int)i;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID, "%s“%.*s”无效", what, STR_FMT(s));
}

const char *plan_state_name(plan_state_t s)
{
	return name_of((unsigned)s, PLAN_STATE_COUNT, state_names);
}

const char *plan_node_kind_name(plan_node_kind_t k)
{
	return name_of((unsigned)k, PLAN_NODE_KIND_COUNT, kind_names);
}

const char *plan_report_state_name(plan_report_state_t s)
{
	return name_of((unsigned)s, PLAN_REPORT_STATE_COUNT, report_names);
}

int plan_state_parse(str_t s, plan_state_t *out_state, err_t *e)
{
	int i = 0, rc = parse_of(s, PLAN_STATE_COUNT, state_names, &i, "规划状态", e);

	if (rc == 0)
		*out_state = (plan_state_t)i;
	return rc;
}

int plan_node_kind_parse(str_t s, plan_node_kind_t *out_kind, err_t *e)
{
	int i = 0, rc = parse_of(s, PLAN_NODE_KIND_COUNT, kind_names, &i, "节点类型", e);

	if (rc == 0)
		*out_kind = (plan_node_kind_t)i;
	return rc;
}

int plan_report_state_parse(str_t s, plan_report_state_t *out_state, err_t *e)
{
	int i = 0, rc = parse_of(s, PLAN_REPORT_STATE_COUNT, report_names, &i, "填报状态", e);

	if (rc == 0)
		*out_state = (plan_report_state_t)i;
	return rc;
}

const char *plan_state_label(plan_state_t s, const char *lang)
{
	return label_of((unsigned)s, PLAN_STATE_COUNT, state_zh, state_en, lang);
}

const char *plan_node_kind_label(plan_node_kind_t k, const char *lang)
{
	return label_of((unsigned)k, PLAN_NODE_KIND_COUNT, kind_zh, kind_en, lang);
}

const char *plan_report_state_label(plan_report_state_t s, const char *lang)
{
	return label_of((unsigned)s, PLAN_REPORT_STATE_COUNT, report_zh, report_en, lang);
}
