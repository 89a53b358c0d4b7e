// Package actions executes the Okta action cards: one executor per card id, each validated
// against its spec, calling Okta through a connection's client (okta-sdk-golang v2, raw requests
// where v2 has no method), and returning the outputs the spec declares.
package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// Call is one execution of an action card.
type Call struct {
	Spec   *catalog.Spec
	Client *client.Client
	// Inputs and Options hold the resolved values by key (references already resolved).
	Inputs  map[string]any
	Options map[string]any
}

// Func executes one card. It returns the outputs by output key.
type Func func(ctx context.Context, c *Call) (map[string]any, error)

var executors = map[string]Func{}

// register is called by each card file's init.
func register(cardID string, f Func) {
	if _, dup := executors[cardID]; dup {
		panic("actions: executor registered twice: " + cardID)
	}
	executors[cardID] = f
}

// Lookup returns the executor of a card.
func Lookup(cardID string) (Func, bool) {
	f, ok := executors[cardID]
	return f, ok
}

// Result is a finished call.
type Result struct {
	Outputs map[string]any
	// RequestIDs are the X-Okta-Request-Ids of every Okta call the card made.
	RequestIDs []string
}

// Run validates the call's inputs against the spec, runs the card's executor with the retry
// policy its effect allows, and wraps any failure in a *CardError.
func Run(ctx context.Context, c *Call) (Result, error) {
	f, ok := Lookup(c.Spec.ID)
	if !ok {
		return Result{}, &CardError{Card: c.Spec.Name, Err: fmt.Errorf("this build has no executor for card %s", c.Spec.ID)}
	}
	if err := CheckInputs(c.Spec, c.Inputs, c.Options); err != nil {
		return Result{}, &CardError{Card: c.Spec.Name, Err: err}
	}
	rec := &client.Recorder{}
	ctx = client.WithRecorder(ctx, rec)
	ctx = governor.WithRepeatSafe(ctx, c.Spec.Effect != catalog.EffectNonIdempotent)
	out, err := f(ctx, c)
	res := Result{Outputs: out, RequestIDs: rec.IDs()}
	if err != nil {
		return res, &CardError{Card: c.Spec.Name, Err: err}
	}
	return res, nil
}

// CardError is a failed card, worded for an admin: the card, then Okta's answer.
type CardError struct {
	Card string
	Err  error
}

func (e *CardError) Error() string {
	if errors.Is(e.Err, governor.ErrOutcomeUnknown) {
		return fmt.Sprintf("%s: outcome unknown — the call reached Okta but no answer came back, and repeating it is not safe; check the org before running it again (%v)", e.Card, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Card, e.Err)
}

func (e *CardError) Unwrap() error { return e.Err }

// CheckInputs reports every required input that has no value, and every option whose value
// is not among its choices.
func CheckInputs(spec *catalog.Spec, inputs, options map[string]any) error {
	var problems []string
	for _, f := range spec.Inputs {
		if !f.Required {
			continue
		}
		if v, ok := inputs[f.Key]; !ok || isEmpty(v) {
			if f.Default == nil {
				problems = append(problems, fmt.Sprintf("%q is required", f.Name))
			}
		}
	}
	for _, f := range spec.Options {
		v, ok := options[f.Key]
		if !ok || v == nil || len(f.Choices) == 0 {
			continue
		}
		s := fmt.Sprint(v)
		found := false
		for _, c := range f.Choices {
			if c == s {
				found = true
				break
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("option %q is %q; choose one of: %s", f.Name, s, strings.Join(f.Choices, ", ")))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}
