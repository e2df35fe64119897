/* org.c — the policy table, the subtree test and the names of roles, actions and unit
 * kinds. */
#include "model/org.h"

#include <string.h>

/* role × action → scope.  Documented in docs/rules.md ("Access"). */
static const org_scope_t policy[ORG_ROLE_COUNT][ORG_ACT_COUNT] = {
	/*                       read               edit               report
	                         review             admin */
	[ORG_ROLE_ADMIN] = { ORG_SCOPE_ALL, ORG_SCOPE_ALL, ORG_SCOPE_ALL, ORG_SCOPE_ALL,
			     ORG_SCOPE_ALL },
	[ORG_ROLE_SUPERVISOR] = { ORG_SCOPE_ALL, ORG_SCOPE_ALL, ORG_SCOPE_NONE, ORG_SCOPE_ALL,
				  ORG_SCOPE_NONE },
	[ORG_ROLE_LEADER] = { ORG_SCOPE_ALL, ORG_SCOPE_NONE, ORG_SCOPE_NONE, ORG_SCOPE_NONE,
			      ORG_SCOPE_NONE },
	[ORG_ROLE_UNIT_EDITOR] = { ORG_SCOPE_SUBTREE, ORG_SCOPE_SUBTREE, ORG_SCOPE_SUBTREE,
				   ORG_SCOPE_NONE, ORG_SCOPE_NONE },
	[ORG_ROLE_UNIT_VIEWER] = { ORG_SCOPE_SUBTREE, ORG_SCOPE_NONE, ORG_SCOPE_NONE,
				   ORG_SCOPE_NONE, ORG_SCOPE_NONE },
};

static const char *const role_names[ORG_ROLE_COUNT] = { "admin", "supervisor", "leader",
							"unit_editor", "unit_viewer" };
static const char *const role_zh[ORG_ROLE_COUNT] = { "系统管理员", "督查人员", "领导", "单位填报员",
						     "单位查看员" };
static const char *const role_en[ORG_ROLE_COUNT] = { "Administrator", "Supervisor", "Leader",
						     "Unit editor", "Unit viewer" };
static const char *const action_names[ORG_ACT_COUNT] = { "read", "edit", "report", "review",
							 "admin" };
static const char *const action_zh[ORG_ACT_COUNT] = { "查看", "编辑", "填报", "审核", "管理" };
static const char *const action_en[ORG_ACT_COUNT] = { "Read", "Edit", "Report", "Review",
						      "Administer" };
static const char *const kind_names[ORG_UNIT_KIND_COUNT] = { "city",   "department", "district",
							     "county", "zone",       "enterprise" };
static const char *const kind_zh[ORG_UNIT_KIND_COUNT] = { "市",       "部门",   "区",
							  "县（市）", "开发区", "企业" };
static const char *const kind_en[ORG_UNIT_KIND_COUNT] = { "City",   "Department", "District",
							  "County", "Zone",       "Enterprise" };

org_scope_t org_policy(org_role_t role, org_action_t action)
{
	if ((unsigned)role >= ORG_ROLE_COUNT || (unsigned)action >= ORG_ACT_COUNT)
		return ORG_SCOPE_NONE;
	return policy[role][action];
}

bool org_in_subtree(const int *parent, size_t n, int root, int x)
{
	if (root < 0 || x < 0 || (size_t)root >= n || (size_t)x >= n)
		return false;
	for (size_t steps = 0; steps <= n; steps++) {
		if (x == root)
			return true;
		x = parent[x];
		if (x < 0 || (size_t)x >= n)
			return false;
	}
	return false; /* a cycle */
}

int org_tree_validate(const int *parent, size_t n, err_t *e)
{
	for (size_t i = 0; i < n; i++)
		if (parent[i] != ORG_NO_PARENT && (parent[i] < 0 || (size_t)parent[i] >= n))
			return err_set(e, ERR_INVALID, "单位 %zu 的上级单位 %d 不存在", i,
				       parent[i]);
	for (size_t i = 0; i < n; i++) {
		int x = (int)i;
		size_t steps = 0;

		while (x != ORG_NO_PARENT && steps <= n) {
			x = parent[x];
			steps++;
		}
		if (x != ORG_NO_PARENT)
			return err_set(e, ERR_INVALID, "单位 %zu 的上级关系形成了环", i);
	}
	return 0;
}

int org_check(const org_user_t *user, org_action_t action, int owner, const int *parent, size_t n,
	      err_t *e)
{
	org_scope_t scope;

	if (!user || (unsigned)user->role >= ORG_ROLE_COUNT)
		return err_set(e, ERR_INVALID, "用户角色无效");
	if ((unsigned)action >= ORG_ACT_COUNT)
		return err_set(e, ERR_INVALID, "操作类型无效");
	scope = policy[user->role][action];
	if (scope == ORG_SCOPE_ALL)
		return 0;
	if (scope == ORG_SCOPE_SUBTREE && org_in_subtree(parent, n, user->unit, owner))
		return 0;
	if (scope == ORG_SCOPE_NONE)
		return err_set(e, ERR_DENIED, "%s无权进行“%s”操作", role_zh[user->role],
			       action_zh[action]);
	return err_set(e, ERR_DENIED, "无权%s其他单位的事项（仅限本单位及下属单位）",
		       action_zh[action]);
}

static int parse_name(str_t s, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (str_eq_cstr(s, names[i]))
			return i;
	return -1;
}

bool org_lang_is_zh(const char *lang)
{
	return !lang || !*lang ||
	       (lang[0] == 'z' && lang[1] == 'h' &&
		(lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'));
}

const char *org_role_name(org_role_t role)
{
	return (unsigned)role < ORG_ROLE_COUNT ? role_names[role] : "unknown";
}

const char *org_action_name(org_action_t action)
{
	return (unsigned)action < ORG_ACT_COUNT ? action_names[action] : "unknown";
}

const char *org_unit_kind_name(org_unit_kind_t kind)
{
	return (unsigned)kind < ORG_UNIT_KIND_COUNT ? kind_names[kind] : "unknown";
}

const char *org_scope_name(org_scope_t scope)
{
	switch (scope) {
	case ORG_SCOPE_NONE: return "none";
	case ORG_SCOPE_SUBTREE: return "subtree";
	case ORG_SCOPE_ALL: return "all";
	}
	return "unknown";
}

int org_role_parse(str_t s, org_role_t *out_role, err_t *e)
{
	int i = parse_name(s, role_names, ORG_ROLE_COUNT);

	if (i < 0)
		return err_set(e, ERR_INVALID, "角色“%.*s”无效", STR_FMT(s));
	*out_role = (org_role_t)i;
	return 0;
}

int org_action_parse(str_t s, org_action_t *out_action, err_t *e)
{
	int i = parse_name(s, action_names, ORG_ACT_COUNT);

	if (i < 0)
		return err_set(e, ERR_INVALID, "操作“%.*s”无效", STR_FMT(s));
	*out_action = (org_action_t)i;
	return 0;
}

int org_unit_kind_parse(str_t s, org_unit_kind_t *out_kind, err_t *e)
{
	int i = parse_name(s, kind_names, ORG_UNIT_KIND_COUNT);

	if (i < 0)
		return err_set(e, ERR_INVALID, "单位类型“%.*s”无效", STR_FMT(s));
	*out_kind = (org_unit_kind_t)i;
	return 0;
}

const char *org_role_label(org_role_t role, const char *lang)
{
	if ((unsigned)role >= ORG_ROLE_COUNT)
		return "?";
	return org_lang_is_zh(lang) ? role_zh[role] : role_en[role];
}

const char *org_action_label(org_action_t action, const char *lang)
{
	if ((unsigned)action >= ORG_ACT_COUNT)
		return "?";
	return org_lang_is_zh(lang) ? action_zh[action] : action_en[action];
}

const char *org_unit_kind_label(org_unit_kind_t kind, const char *lang)
{
	if ((unsigned)kind >= ORG_UNIT_KIND_COUNT)
		return "?";
	return org_lang_is_zh(lang) ? kind_zh[kind] : kind_en[kind];
}
