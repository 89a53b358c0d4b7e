package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// Group rule cards.

func init() {
	register("okta.action.readGroupRule", readGroupRule)
	register("okta.action.createGroupRule", createGroupRule)
	register("okta.action.updateGroupRule", updateGroupRule)
	register("okta.action.activateGroupRule", func(ctx context.Context, c *Call) (map[string]any, error) {
		return groupRuleLifecycle(ctx, c, "activate", "ACTIVE", c.Client.SDK.Group.ActivateGroupRule)
	})
	register("okta.action.deactivateGroupRule", func(ctx context.Context, c *Call) (map[string]any, error) {
		return groupRuleLifecycle(ctx, c, "deactivate", "INACTIVE", c.Client.SDK.Group.DeactivateGroupRule)
	})
	register("okta.action.deleteGroupRule", deleteGroupRule)
	register("okta.action.searchGroupRules", searchGroupRules)
}

const maxRulesPage = 200

// ruleDerived are the outputs Okta nests inside a rule's conditions and actions.
func ruleDerived(r map[string]any) map[string]any {
	return map[string]any{
		"expression":       path(r, "conditions", "expression", "value"),
		"excludedUsers":    orEmptyList(path(r, "conditions", "people", "users", "exclude")),
		"groupAssignments": orEmptyList(path(r, "actions", "assignUserToGroups", "groupIds")),
	}
}

func orEmptyList(v any) any {
	if v == nil {
		return []any{}
	}
	return v
}

func ruleID(a args) (string, string, error) {
	in := a.str("ruleId")
	id, err := pathID("the group rule's ID", in)
	return in, id, err
}

func ruleOutputs(c *Call, resp *okta.Response) (map[string]any, error) {
	r, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, r, ruleDerived(r)), nil
}

func readGroupRule(ctx context.Context, c *Call) (map[string]any, error) {
	in, id, err := ruleID(newArgs(c))
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.Group.GetGroupRule(ctx, id, nil)
	if err != nil {
		return nil, fmt.Errorf("group rule %q: %w", in, sdkErr(http.MethodGet, "/api/v1/groups/rules/"+id, resp, err))
	}
	return ruleOutputs(c, resp)
}

// ruleBody is Okta's GroupRule from the card's Name, Expression Conditions, Assign to Groups and
// Exclude Users.
func ruleBody(a args) (okta.GroupRule, error) {
	groups, err := a.strList("groupIds")
	if err != nil {
		return okta.GroupRule{}, err
	}
	exclude, err := a.strList("excludeUsers")
	if err != nil {
		return okta.GroupRule{}, err
	}
	r := okta.GroupRule{
		Type: "group_rule",
		Name: a.str("name"),
		Conditions: &okta.GroupRuleConditions{
			Expression: &okta.GroupRuleExpression{Type: "urn:okta:expression:1.0", Value: a.str("expression")},
		},
		Actions: &okta.GroupRuleAction{AssignUserToGroups: &okta.GroupRuleGroupAssignment{GroupIds: groups}},
	}
	if len(exclude) > 0 {
		r.Conditions.People = &okta.GroupRulePeopleCondition{Users: &okta.GroupRuleUserCondition{Exclude: exclude}}
	}
	return r, nil
}

// createGroupRule is POST /api/v1/groups/rules; Okta creates the rule INACTIVE.
func createGroupRule(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	body, err := ruleBody(a)
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.Group.CreateGroupRule(ctx, body)
	if err != nil {
		return nil, fmt.Errorf("create group rule %q: %w", a.str("name"), sdkErr(http.MethodPost, "/api/v1/groups/rules", resp, err))
	}
	return ruleOutputs(c, resp)
}

func updateGroupRule(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	in, id, err := ruleID(a)
	if err != nil {
		return nil, err
	}
	body, err := ruleBody(a)
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.Group.UpdateGroupRule(ctx, id, body)
	if err != nil {
		return nil, fmt.Errorf("group rule %q: %w", in, sdkErr(http.MethodPut, "/api/v1/groups/rules/"+id, resp, err))
	}
	return ruleOutputs(c, resp)
}

// groupRuleLifecycle activates or deactivates a rule. A rule already in that state counts as
// success: Okta answers 204 then, and should it refuse instead (400 or 403), the rule is read
// back and its status decides.
func groupRuleLifecycle(ctx context.Context, c *Call, op, want string, call func(context.Context, string) (*okta.Response, error)) (map[string]any, error) {
	in, id, err := ruleID(newArgs(c))
	if err != nil {
		return nil, err
	}
	resp, err := call(ctx, id)
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/groups/rules/"+id+"/lifecycle/"+op, resp, err)
		if ae, ok := apiError(err); ok && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusForbidden) {
			if _, r, gerr := c.Client.SDK.Group.GetGroupRule(readSafe(ctx), id, nil); gerr == nil {
				if rule, _ := rawObject(r); str(rule, "status") == want {
					return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusNoContent}), nil
				}
			}
		}
		return nil, fmt.Errorf("%s group rule %q: %w", op, in, err)
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

// deleteGroupRule is DELETE /api/v1/groups/rules/{id}: users the rule added keep their
// memberships (removeUsers is not sent, as the Workflows card does not offer it).
func deleteGroupRule(ctx context.Context, c *Call) (map[string]any, error) {
	in, id, err := ruleID(newArgs(c))
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.Group.DeleteGroupRule(ctx, id, nil)
	if err != nil {
		return nil, fmt.Errorf("delete group rule %q: %w", in, sdkErr(http.MethodDelete, "/api/v1/groups/rules/"+id, resp, err))
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

func searchGroupRules(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	search := a.str("search")
	rules, more, err := collect(ctx, c.Client, cap, maxRulesPage, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Group.ListGroupRules(ctx, &query.Params{Search: search, Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/groups/rules", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("search group rules %q: %w", search, err)
	}
	return listOutputs(c, "groupRules", rules, more, ruleDerived), nil
}
