package run

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// memJournal is an in-memory journal.
type memJournal struct {
	mu     sync.Mutex
	steps  map[string]StepRecord
	starts int
}

func newMem() *memJournal { return &memJournal{steps: map[string]StepRecord{}} }

func (m *memJournal) Lookup(k string) (StepRecord, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.steps[k]
	return s, ok
}
func (m *memJournal) Start(_ context.Context, s StepRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.starts++
	m.steps[s.Key] = s
	return nil
}
func (m *memJournal) Finish(_ context.Context, s StepRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.steps[s.Key] = s
	return nil
}

// fakeOkta records action calls and answers from a table.
type fakeOkta struct {
	mu    sync.Mutex
	calls []string
	fail  map[string]error
}

func (f *fakeOkta) action(_ context.Context, spec *catalog.Spec, in, _ map[string]any) (map[string]any, []string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	call := spec.ID + " " + Text(in["userId"]) + " " + Text(in["groupId"])
	f.calls = append(f.calls, call)
	if err := f.fail[spec.ID]; err != nil {
		return nil, []string{"req-fail"}, err
	}
	return map[string]any{"statusCode": 204.0, "id": "00unew"}, []string{fmt.Sprintf("req-%d", len(f.calls))}, nil
}

func ref(card, path string) flow.Input {
	return flow.Input{Ref: &flow.Ref{ID: flow.NewWireID(), Card: card, Path: path}}
}

func triggerCard() flow.Card {
	return flow.Card{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1}
}

func addToGroup(id string, user flow.Input, group string) flow.Card {
	return flow.Card{ID: id, Type: "okta.action.addNewUserToGroup", Version: 1,
		Inputs: map[string]flow.Input{"userId": user, "groupId": {Literal: group}}}
}

func condition(id, typ string, left flow.Input, op string, right any) flow.Card {
	return flow.Card{ID: id, Type: typ, Version: 1, Inputs: map[string]flow.Input{
		"left": left, "operator": {Literal: op}, "right": {Literal: right}}}
}

var event = map[string]any{"user": map[string]any{"id": "00u1", "alternateId": "ada@example.com"}, "eventType": "user.lifecycle.create"}

func exec(j Journal, ok *fakeOkta, cards ...flow.Card) Outcome {
	x := &Executor{Registry: catalog.Global(), Action: ok.action, Journal: j, Resuming: true}
	return x.Execute(context.Background(), &flow.Flow{Cards: append([]flow.Card{triggerCard()}, cards...)}, event)
}

func TestChainWithReferencesAndCompose(t *testing.T) {
	ok := &fakeOkta{}
	j := newMem()
	out := exec(j, ok,
		flow.Card{ID: "c_compose", Type: "function.compose", Version: 1, Inputs: map[string]flow.Input{"text": {Template: []flow.TemplatePart{
			{Text: "grp-"}, {Ref: &flow.Ref{ID: "w_1", Card: "c_trigger", Path: "user.id"}}}}}},
		addToGroup("c_add", ref("c_trigger", "user.id"), "00gsales"),
		addToGroup("c_add2", ref("c_trigger", "user.id"), "x"),
	)
	if out.Status != OutcomeSucceeded {
		t.Fatalf("outcome = %+v", out)
	}
	if got, _ := j.Lookup("c_compose"); got.Outputs["output"] != "grp-00u1" {
		t.Errorf("compose output = %v", got.Outputs)
	}
	if len(ok.calls) != 2 || ok.calls[0] != "okta.action.addNewUserToGroup 00u1 00gsales" {
		t.Errorf("calls = %v", ok.calls)
	}
	if j.starts != 2 {
		t.Errorf("%d started records, want one before each mutating call", j.starts)
	}
}

func TestContinueIfStopsAsFiltered(t *testing.T) {
	ok := &fakeOkta{}
	out := exec(newMem(), ok,
		condition("c_if", "function.continueIf", ref("c_trigger", "user.alternateId"), "ends with", "@contractor.example"),
		addToGroup("c_add", ref("c_trigger", "user.id"), "00g"),
	)
	if out.Status != OutcomeFiltered || len(ok.calls) != 0 {
		t.Errorf("outcome = %+v, calls = %v; want filtered and no call", out, ok.calls)
	}
}

func TestIfElseRunsOneBranch(t *testing.T) {
	for _, tc := range []struct {
		right string
		want  string
	}{{"ada@example.com", "then-group"}, {"bob@example.com", "else-group"}} {
		ok := &fakeOkta{}
		c := condition("c_ifelse", "function.ifElse", ref("c_trigger", "user.alternateId"), "equal to", tc.right)
		c.Branches = map[string][]flow.Card{
			"then": {addToGroup("c_then", ref("c_trigger", "user.id"), "then-group")},
			"else": {addToGroup("c_else", ref("c_trigger", "user.id"), "else-group")},
		}
		out := exec(newMem(), ok, c)
		if out.Status != OutcomeSucceeded || len(ok.calls) != 1 || ok.calls[0] != "okta.action.addNewUserToGroup 00u1 "+tc.want {
			t.Errorf("right=%s: outcome %+v calls %v", tc.right, out, ok.calls)
		}
	}
}

func TestForEachRunsEveryItem(t *testing.T) {
	for _, conc := range []string{"1", "3"} {
		ok := &fakeOkta{}
		j := newMem()
		c := flow.Card{ID: "c_each", Type: "function.forEach", Version: 1, Options: map[string]any{"concurrency": conc},
			Inputs: map[string]flow.Input{"list": {Literal: []any{"00g1", "00g2", "00g3", "00g4"}}},
			Branches: map[string][]flow.Card{"each": {{ID: "c_inner", Type: "okta.action.addNewUserToGroup", Version: 1,
				Inputs: map[string]flow.Input{"userId": ref("c_trigger", "user.id"), "groupId": ref("c_each", "item")}}}}}
		out := exec(j, ok, c)
		if out.Status != OutcomeSucceeded || len(ok.calls) != 4 {
			t.Fatalf("concurrency %s: outcome %+v, %d calls", conc, out, len(ok.calls))
		}
		for i := 0; i < 4; i++ {
			if _, found := j.Lookup(fmt.Sprintf("c_each/each/%d/c_inner", i)); !found {
				t.Errorf("no step for item %d", i)
			}
		}
		rec, _ := j.Lookup("c_each")
		if res, _ := rec.Outputs["results"].([]any); len(res) != 4 {
			t.Errorf("results = %v", rec.Outputs["results"])
		}
	}
}

func TestReplayReusesFinishedSteps(t *testing.T) {
	ok := &fakeOkta{}
	j := newMem()
	j.steps["c_add"] = StepRecord{Key: "c_add", Status: StepSucceeded, Outputs: map[string]any{"statusCode": 204.0}}
	out := exec(j, ok, addToGroup("c_add", ref("c_trigger", "user.id"), "g"), addToGroup("c_add2", ref("c_trigger", "user.id"), "h"))
	if out.Status != OutcomeSucceeded || len(ok.calls) != 1 || ok.calls[0] != "okta.action.addNewUserToGroup 00u1 h" {
		t.Errorf("calls = %v: a finished step was repeated", ok.calls)
	}
}

func TestCrashMidCall(t *testing.T) {
	// A non-idempotent step left "started" by a dead process is not repeated: the run is interrupted.
	ok := &fakeOkta{}
	j := newMem()
	j.steps["c_create"] = StepRecord{Key: "c_create", Status: StepStarted, Attempt: 1}
	create := flow.Card{ID: "c_create", Type: "okta.action.createUser", Version: 1, Inputs: map[string]flow.Input{
		"login": {Literal: "a@example.com"}, "firstName": {Literal: "A"}, "lastName": {Literal: "B"}, "email": {Literal: "a@example.com"}}}
	out := exec(j, ok, create)
	if out.Status != OutcomeInterrupted || len(ok.calls) != 0 {
		t.Errorf("outcome %+v, calls %v; want interrupted, no call", out, ok.calls)
	}
	// An idempotent step left "started" is simply redone.
	ok = &fakeOkta{}
	j = newMem()
	j.steps["c_add"] = StepRecord{Key: "c_add", Status: StepStarted, Attempt: 1}
	out = exec(j, ok, addToGroup("c_add", ref("c_trigger", "user.id"), "g"))
	if out.Status != OutcomeSucceeded || len(ok.calls) != 1 {
		t.Errorf("outcome %+v, calls %v; want the idempotent step redone once", out, ok.calls)
	}
}

func TestErrorPolicies(t *testing.T) {
	boom := errors.New("Okta answered 500")
	t.Run("halt", func(t *testing.T) {
		ok := &fakeOkta{fail: map[string]error{"okta.action.addNewUserToGroup": boom}}
		out := exec(newMem(), ok, addToGroup("c_add", ref("c_trigger", "user.id"), "g"))
		if out.Status != OutcomeFailed {
			t.Errorf("outcome %+v", out)
		}
	})
	t.Run("retry then halt", func(t *testing.T) {
		ok := &fakeOkta{fail: map[string]error{"okta.action.addNewUserToGroup": boom}}
		c := addToGroup("c_add", ref("c_trigger", "user.id"), "g")
		c.OnError = &flow.ErrorPolicy{Action: "retry", Retries: 2, DelaySeconds: 30}
		j := newMem()
		var statuses []string
		for i := 0; i < 3; i++ {
			out := exec(j, ok, c)
			statuses = append(statuses, out.Status)
			if out.Status == OutcomeRetry && out.NotBefore.Before(time.Now().Add(29*time.Second)) {
				t.Errorf("retry not delayed: %v", out.NotBefore)
			}
		}
		if fmt.Sprint(statuses) != "[retry retry failed]" || len(ok.calls) != 3 {
			t.Errorf("statuses %v, %d calls; want two retries then failed", statuses, len(ok.calls))
		}
	})
	t.Run("continue with values", func(t *testing.T) {
		ok := &fakeOkta{fail: map[string]error{"okta.action.readUser": boom}}
		read := flow.Card{ID: "c_read", Type: "okta.action.readUser", Version: 1, Inputs: map[string]flow.Input{"userId": ref("c_trigger", "user.id")},
			OnError: &flow.ErrorPolicy{Action: "continue", Values: map[string]any{"login": "fallback"}}}
		out := exec(newMem(), ok, read, addToGroup("c_add", ref("c_read", "login"), "g"))
		if out.Status != OutcomeSucceeded || len(ok.calls) != 2 || ok.calls[1] != "okta.action.addNewUserToGroup fallback g" {
			t.Errorf("outcome %+v calls %v", out, ok.calls)
		}
	})
	t.Run("outcome unknown interrupts", func(t *testing.T) {
		ok := &fakeOkta{fail: map[string]error{"okta.action.addNewUserToGroup": fmt.Errorf("card: %w", governor.ErrOutcomeUnknown)}}
		out := exec(newMem(), ok, addToGroup("c_add", ref("c_trigger", "user.id"), "g"))
		if out.Status != OutcomeInterrupted {
			t.Errorf("outcome %+v", out)
		}
	})
}

func TestAssignBuildsValuesMemberByMember(t *testing.T) {
	j := newMem()
	out := exec(j, &fakeOkta{}, flow.Card{ID: "c_assign", Type: "function.assign", Version: 1, Inputs: map[string]flow.Input{
		"values.login": ref("c_trigger", "user.alternateId"), "values.team": {Literal: "Sales"}}})
	rec, _ := j.Lookup("c_assign")
	vals, _ := rec.Outputs["values"].(map[string]any)
	if out.Status != OutcomeSucceeded || vals["login"] != "ada@example.com" || vals["team"] != "Sales" {
		t.Errorf("outcome %+v values %v", out, vals)
	}
}
