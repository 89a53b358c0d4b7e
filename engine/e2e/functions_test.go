package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

// The running engine (pollers and workers, as `flowdeck engine` runs them) reacts to users
// created outside Flowdeck: "User Created → Add User to Group" puts each new user in the group,
// If/Else takes one branch per user, Continue If stops a run as filtered, not failed, and For
// Each adds the user to every group of a list. The org's memberships show the effect.
func TestUserCreatedFlowsChangeTheOrg(t *testing.T) {
	v := newEnv(t, envOptions{engine: engine.Options{PollIdle: 20 * time.Millisecond, PollFast: 5 * time.Millisecond, Resync: 20 * time.Millisecond}})
	welcome := v.createGroup("Welcome")
	eng, other := v.createGroup("Engineering"), v.createGroup("Everyone Else")
	kept := v.createGroup("Kept")
	each := []string{v.createGroup("Each A"), v.createGroup("Each B"), v.createGroup("Each C")}

	const trig = "c_trigger"
	user := func() flow.Input { return ref(trig, "user.id") }
	login := func() flow.Input { return ref(trig, "user.alternateId") }
	addTo := func(id string, group flow.Input) flow.Card {
		return flow.Card{ID: id, Type: "okta.action.addNewUserToGroup", Version: 1,
			Inputs: map[string]flow.Input{"groupId": group, "userId": user()}}
	}
	trigger := flow.Card{ID: trig, Type: "okta.event.userCreated", Version: 1}
	v.addFlow(&flow.Flow{ID: "welcome", Cards: []flow.Card{trigger, addTo("c_add", lit(welcome))}})
	v.addFlow(&flow.Flow{ID: "if-else", Cards: []flow.Card{trigger,
		{ID: "c_if", Type: "function.ifElse", Version: 1,
			Inputs:   map[string]flow.Input{"left": login(), "operator": lit("ends with"), "right": lit("@eng.example.com")},
			Branches: map[string][]flow.Card{flow.BranchThen: {addTo("c_addEng", lit(eng))}, flow.BranchElse: {addTo("c_addOther", lit(other))}}},
	}})
	v.addFlow(&flow.Flow{ID: "continue-if", Cards: []flow.Card{trigger,
		{ID: "c_continue", Type: "function.continueIf", Version: 1,
			Inputs: map[string]flow.Input{"left": login(), "operator": lit("starts with"), "right": lit("keep."), "message": lit("not a keeper")}},
		addTo("c_addKept", lit(kept)),
	}})
	list := make([]any, len(each))
	for i, g := range each {
		list[i] = g
	}
	v.addFlow(&flow.Flow{ID: "for-each", Cards: []flow.Card{trigger,
		{ID: "c_each", Type: "function.forEach", Version: 1, Options: map[string]any{"concurrency": 2},
			Inputs:   map[string]flow.Input{"list": lit(list)},
			Branches: map[string][]flow.Card{flow.BranchEach: {addTo("c_addEach", ref("c_each", "item"))}}},
	}})

	v.start()
	waitFor(t, "the first poll", func() bool { return !v.e.PollerStatus()[v.conn].LastPoll.IsZero() })
	keeper := v.createUserWithLogin("Ada", "Keeper", "keep.ada@eng.example.com")
	dropped := v.createUserWithLogin("Bob", "Dropped", "drop.bob@example.com")

	flows := []string{"welcome", "if-else", "continue-if", "for-each"}
	waitFor(t, "every flow's two runs to end", func() bool {
		for _, f := range flows {
			rs := v.runs(f)
			if len(rs) != 2 || !finished(rs[0]) || !finished(rs[1]) {
				return false
			}
		}
		return true
	})
	runFor := func(flowID, userID string) (storage.Run, []storage.Step) {
		t.Helper()
		for _, r := range v.runs(flowID) {
			steps := v.steps(r.ID)
			for _, s := range steps {
				if strings.Contains(string(s.Inputs), userID) {
					return r, steps
				}
			}
			if r.Status == storage.RunFiltered && len(steps) > 0 && strings.Contains(string(steps[0].Inputs), userLogin(v, userID)) {
				return r, steps
			}
		}
		t.Fatalf("flow %s has no run about user %s", flowID, userID)
		return storage.Run{}, nil
	}
	cardsOf := func(steps []storage.Step) []string {
		var ids []string
		for _, s := range steps {
			ids = append(ids, s.CardID)
		}
		return ids
	}

	t.Run("User Created → Add User to Group", func(t *testing.T) {
		for _, u := range []string{keeper, dropped} {
			if r, steps := runFor("welcome", u); r.Status != storage.RunSucceeded || len(steps) != 1 || steps[0].OktaRequestID == "" {
				t.Errorf("run %+v steps %+v", r, steps)
			}
			v.wantMember(t, welcome, u, true)
		}
	})
	t.Run("If/Else", func(t *testing.T) {
		r, steps := runFor("if-else", keeper)
		if r.Status != storage.RunSucceeded || !slices.Equal(cardsOf(steps), []string{"c_if", "c_addEng"}) {
			t.Errorf("the engineer's run: %s, steps %v", r.Status, cardsOf(steps))
		}
		if out := outputs(t, steps[0]); out["result"] != true {
			t.Errorf("If/Else result %v for the engineer", out)
		}
		r, steps = runFor("if-else", dropped)
		if r.Status != storage.RunSucceeded || !slices.Equal(cardsOf(steps), []string{"c_if", "c_addOther"}) {
			t.Errorf("the other user's run: %s, steps %v", r.Status, cardsOf(steps))
		}
		v.wantMember(t, eng, keeper, true)
		v.wantMember(t, other, keeper, false)
		v.wantMember(t, eng, dropped, false)
		v.wantMember(t, other, dropped, true)
	})
	t.Run("Continue If", func(t *testing.T) {
		r, steps := runFor("continue-if", keeper)
		if r.Status != storage.RunSucceeded || !slices.Equal(cardsOf(steps), []string{"c_continue", "c_addKept"}) {
			t.Errorf("the keeper's run: %s, steps %v", r.Status, cardsOf(steps))
		}
		r, steps = runFor("continue-if", dropped)
		if r.Status != storage.RunFiltered || !strings.Contains(r.Error, "not a keeper") {
			t.Errorf("the dropped user's run is %s (%q), want filtered with the card's message", r.Status, r.Error)
		}
		if !slices.Equal(cardsOf(steps), []string{"c_continue"}) || steps[0].Status != "filtered" {
			t.Errorf("the dropped user's steps: %v (first %q), want only the Continue If step, filtered", cardsOf(steps), steps[0].Status)
		}
		v.wantMember(t, kept, keeper, true)
		v.wantMember(t, kept, dropped, false)
	})
	t.Run("For Each", func(t *testing.T) {
		for _, u := range []string{keeper, dropped} {
			r, steps := runFor("for-each", u)
			adds := 0
			for _, s := range steps {
				if s.CardID == "c_addEach" && s.Status == "succeeded" {
					adds++
				}
			}
			if r.Status != storage.RunSucceeded || adds != len(each) {
				t.Errorf("run %s with %d successful inner steps, want %d: %v", r.Status, adds, len(each), cardsOf(steps))
			}
			for _, g := range each {
				v.wantMember(t, g, u, true)
			}
		}
	})
	// Each membership the flows added is one change in the org, made once.
	if n := v.org.MutationsOfKind("group.member.add"); n != 2+2+1+2*len(each) {
		t.Errorf("the org recorded %d membership additions, want %d", n, 2+2+1+2*len(each))
	}
}

// userLogin reads a user's login from the org.
func userLogin(v *env, id string) string {
	var u struct {
		Profile struct{ Login string }
	}
	v.call(http.MethodGet, "/api/v1/users/"+id, nil, &u)
	return u.Profile.Login
}

// wantMember checks the org's own record of a group's members.
func (v *env) wantMember(t *testing.T, group, user string, want bool) {
	t.Helper()
	members, ok := v.org.GroupMembers(group)
	if !ok {
		t.Fatalf("group %s does not exist", group)
	}
	if got := slices.Contains(members, user); got != want {
		t.Errorf("user %s in group %s: %v, want %v", user, group, got, want)
	}
}
