package run

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/internal/crashpoint"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// Step statuses as the journal records them.
const (
	StepStarted     = "started"
	StepSucceeded   = "succeeded"
	StepFailed      = "failed"
	StepContinued   = "continued" // failed, and the card's policy went on with given values
	StepFiltered    = "filtered"
	StepRetrying    = "retrying"
	StepInterrupted = "interrupted"
)

// StepRecord is one card's execution: the journal's unit.
type StepRecord struct {
	// Key identifies the step within its run: the card id, prefixed for inner chains with the
	// enclosing card, branch and item ("c_4/each/2/c_7"). Replays look steps up by key.
	Key        string
	CardID     string
	CardType   string
	Status     string
	Inputs     map[string]any
	Outputs    map[string]any
	Error      string
	RequestIDs []string
	Attempt    int
	StartedAt  time.Time
	FinishedAt time.Time
}

// Journal records steps durably. A run's earlier journal (after a crash or a retry delay) is
// replayed: a finished step's outputs are reused, never recomputed.
type Journal interface {
	// Lookup returns the recorded step with this key, if any.
	Lookup(key string) (StepRecord, bool)
	// Start commits a "started" record before a call that changes the org.
	Start(ctx context.Context, s StepRecord) error
	// Finish commits the step's outcome.
	Finish(ctx context.Context, s StepRecord) error
}

// ActionFunc runs one action card against the flow's connection.
type ActionFunc func(ctx context.Context, spec *catalog.Spec, inputs, options map[string]any) (outputs map[string]any, requestIDs []string, err error)

// Outcome is how a chain ended.
type Outcome struct {
	Status string // succeeded, failed, filtered, interrupted, retry
	// Message explains a failed, filtered or interrupted run.
	Message string
	// NotBefore is when a "retry" run may run again.
	NotBefore time.Time
}

// Run outcome statuses.
const (
	OutcomeSucceeded   = "succeeded"
	OutcomeFailed      = "failed"
	OutcomeFiltered    = "filtered"
	OutcomeInterrupted = "interrupted"
	OutcomeRetry       = "retry"
	OutcomeSkipped     = "skipped"
)

// stop ends a chain early with an outcome.
type stop struct{ Outcome }

func (s *stop) Error() string { return s.Status + ": " + s.Message }

// Executor runs a flow's chain against a journal.
type Executor struct {
	Registry *catalog.Registry
	Action   ActionFunc
	Journal  Journal
	Now      func() time.Time
	// Resuming is true when the run was in progress when the process stopped: a step found
	// "started" then means its call may or may not have reached Okta.
	Resuming bool
}

// Execute runs the chain after the trigger. trigger is the first card (an event card) and
// triggerOutputs its outputs, or nil for a flow run by hand without an event.
func (x *Executor) Execute(ctx context.Context, f *flow.Flow, triggerOutputs map[string]any) Outcome {
	if x.Now == nil {
		x.Now = time.Now
	}
	scope := NewScope()
	cards := f.Cards
	if len(cards) > 0 {
		if spec, ok := x.Registry.Lookup(cards[0].Type); ok && spec.Kind == catalog.KindEvent {
			scope.Set(cards[0].ID, triggerOutputs)
			cards = cards[1:]
		}
	}
	err := x.chain(ctx, cards, scope, "")
	var st *stop
	switch {
	case err == nil:
		return Outcome{Status: OutcomeSucceeded}
	case errors.As(err, &st):
		return st.Outcome
	case ctx.Err() != nil:
		return Outcome{Status: OutcomeInterrupted, Message: "Flowdeck stopped while the run was in progress; it resumes when the engine starts again"}
	default:
		return Outcome{Status: OutcomeFailed, Message: err.Error()}
	}
}

func (x *Executor) chain(ctx context.Context, cards []flow.Card, scope *Scope, prefix string) error {
	for i := range cards {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := x.card(ctx, &cards[i], scope, prefix)
		var cont *continueErr
		if errors.As(err, &cont) {
			// The card failed and its policy says go on with the given values.
			scope.Set(cont.cardID, cont.outputs)
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (x *Executor) card(ctx context.Context, c *flow.Card, scope *Scope, prefix string) error {
	spec, ok := x.Registry.Lookup(c.Type)
	if !ok {
		return fmt.Errorf("card %s: unknown card type %q (was it removed from this build?)", c.ID, c.Type)
	}
	key := prefix + c.ID
	name := c.Label
	if name == "" {
		name = spec.Name
	}
	if rec, ok := x.Journal.Lookup(key); ok {
		switch rec.Status {
		case StepSucceeded, StepContinued:
			if cc, ok := controlCards[spec.ID]; !ok || !cc.replayInner {
				scope.Set(c.ID, rec.Outputs)
				return nil
			}
			// Cards that hold inner chains replay them: their steps are journaled themselves.
		case StepFiltered:
			return &stop{Outcome{Status: OutcomeFiltered, Message: rec.Error}}
		case StepInterrupted:
			// Decided before a crash that came before the run's own end was recorded: calling
			// again would apply a non-idempotent change a second time.
			return &stop{Outcome{Status: OutcomeInterrupted, Message: rec.Error}}
		case StepFailed:
			return &stop{Outcome{Status: OutcomeFailed, Message: fmt.Sprintf("%q failed: %s", name, rec.Error)}}
		case StepStarted:
			if x.Resuming && spec.Kind == catalog.KindAction && spec.Effect == catalog.EffectNonIdempotent {
				msg := fmt.Sprintf("%q was calling Okta when Flowdeck stopped, and repeating it is not safe: whether it took effect is unknown. Check the org, then re-run this run if needed.", name)
				rec.Status, rec.Error, rec.FinishedAt = StepInterrupted, msg, x.Now()
				_ = x.Journal.Finish(ctx, rec)
				return &stop{Outcome{Status: OutcomeInterrupted, Message: msg}}
			}
		}
	}
	inputs, err := x.inputs(spec, c, scope)
	if err != nil {
		return x.fail(ctx, c, spec, key, name, nil, err, nil)
	}
	switch spec.Kind {
	case catalog.KindAction:
		return x.action(ctx, c, spec, key, name, inputs, scope)
	case catalog.KindFunction:
		return x.function(ctx, c, spec, key, name, inputs, scope)
	}
	return fmt.Errorf("%q (%s) is an event card: only the first card of a flow can be one", name, c.ID)
}

// inputs resolves every bound input, applies defaults, and builds object inputs from dotted
// keys ("values.department" sets values["department"]).
func (x *Executor) inputs(spec *catalog.Spec, c *flow.Card, scope *Scope) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range spec.Inputs {
		if f.Default != nil {
			out[f.Key] = f.Default
		}
	}
	keys := make([]string, 0, len(c.Inputs))
	for k := range c.Inputs {
		keys = append(keys, k)
	}
	sort.Strings(keys) // "values" before "values.x": the members refine the whole
	for _, k := range keys {
		v, err := Resolve(c.Inputs[k], scope)
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", k, err)
		}
		if base, member, ok := strings.Cut(k, "."); ok {
			obj, _ := out[base].(map[string]any)
			if obj == nil {
				obj = map[string]any{}
			} else {
				obj = cloneMap(obj)
			}
			obj[member] = v
			out[base] = obj
			continue
		}
		out[k] = v
	}
	return out, nil
}

func (x *Executor) options(spec *catalog.Spec, c *flow.Card) map[string]any {
	out := map[string]any{}
	for _, f := range spec.Options {
		if f.Default != nil {
			out[f.Key] = f.Default
		}
	}
	for k, v := range c.Options {
		out[k] = v
	}
	return out
}

func (x *Executor) action(ctx context.Context, c *flow.Card, spec *catalog.Spec, key, name string, inputs map[string]any, scope *Scope) error {
	rec, _ := x.Journal.Lookup(key)
	attempt := rec.Attempt + 1
	if rec.Status == StepStarted {
		attempt = max(rec.Attempt, 1) // a read or idempotent call redone after a crash
	}
	rec = StepRecord{Key: key, CardID: c.ID, CardType: c.Type, Status: StepStarted, Inputs: inputs, Attempt: attempt, StartedAt: x.Now()}
	if spec.Effect != catalog.EffectRead {
		if err := x.Journal.Start(ctx, rec); err != nil {
			return fmt.Errorf("recording the start of %q: %w", name, err)
		}
	}
	crashpoint.Hit(crashpoint.BeforeCall)
	out, ids, err := x.Action(ctx, spec, inputs, x.options(spec, c))
	crashpoint.Hit(crashpoint.AfterCall)
	rec.RequestIDs = ids
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, governor.ErrOutcomeUnknown) {
			return ctx.Err()
		}
		return x.fail(ctx, c, spec, key, name, inputs, err, &rec)
	}
	rec.Status, rec.Outputs, rec.FinishedAt = StepSucceeded, out, x.Now()
	if err := x.Journal.Finish(ctx, rec); err != nil {
		return fmt.Errorf("recording the result of %q: %w", name, err)
	}
	scope.Set(c.ID, out)
	return nil
}

// fail applies the card's error policy: retry later, continue with given values, or halt.
func (x *Executor) fail(ctx context.Context, c *flow.Card, spec *catalog.Spec, key, name string, inputs map[string]any, cause error, rec *StepRecord) error {
	if rec == nil {
		rec = &StepRecord{Key: key, CardID: c.ID, CardType: c.Type, Inputs: inputs, Attempt: 1, StartedAt: x.Now()}
	}
	rec.FinishedAt = x.Now()
	rec.Error = cause.Error()
	if errors.Is(cause, governor.ErrOutcomeUnknown) {
		rec.Status = StepInterrupted
		_ = x.Journal.Finish(ctx, *rec)
		return &stop{Outcome{Status: OutcomeInterrupted, Message: rec.Error}}
	}
	p := c.OnError
	if p != nil && p.Action == "retry" && rec.Attempt <= p.Retries {
		rec.Status = StepRetrying
		if err := x.Journal.Finish(ctx, *rec); err != nil {
			return err
		}
		delay := time.Duration(max(p.DelaySeconds, 1)) * time.Second
		return &stop{Outcome{Status: OutcomeRetry, NotBefore: x.Now().Add(delay),
			Message: fmt.Sprintf("%q failed (attempt %d of %d), retrying in %v: %v", name, rec.Attempt, p.Retries+1, delay, cause)}}
	}
	if p != nil && p.Action == "continue" {
		rec.Status, rec.Outputs = StepContinued, cloneMap(p.Values)
		if err := x.Journal.Finish(ctx, *rec); err != nil {
			return err
		}
		return errContinue(c.ID, rec.Outputs)
	}
	rec.Status = StepFailed
	if err := x.Journal.Finish(ctx, *rec); err != nil {
		return err
	}
	return &stop{Outcome{Status: OutcomeFailed, Message: fmt.Sprintf("%q failed: %v", name, cause)}}
}

// continueErr carries a "continue with values" outcome back to the chain.
type continueErr struct {
	cardID  string
	outputs map[string]any
}

func (e *continueErr) Error() string { return "continue" }

func errContinue(id string, out map[string]any) error { return &continueErr{id, out} }

func (x *Executor) function(ctx context.Context, c *flow.Card, spec *catalog.Spec, key, name string, in map[string]any, scope *Scope) error {
	finish := func(status string, out map[string]any, msg string) error {
		now := x.Now()
		rec := StepRecord{Key: key, CardID: c.ID, CardType: c.Type, Status: status, Inputs: in, Outputs: out, Error: msg, Attempt: 1, StartedAt: now, FinishedAt: now}
		if err := x.Journal.Finish(ctx, rec); err != nil {
			return fmt.Errorf("recording %q: %w", name, err)
		}
		scope.Set(c.ID, out)
		return nil
	}
	if cc, ok := controlCards[spec.ID]; ok {
		return cc.run(x, ctx, &step{card: c, spec: spec, key: key, name: name, in: in, scope: scope, finish: finish})
	}
	switch spec.ID {
	case "function.compose":
		return finish(StepSucceeded, map[string]any{"output": Text(in["text"])}, "")
	case "function.assign":
		vals, _ := in["values"].(map[string]any)
		return finish(StepSucceeded, map[string]any{"values": cloneMap(vals)}, "")
	}
	return fmt.Errorf("%q: this build cannot run function card %s", name, spec.ID)
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
