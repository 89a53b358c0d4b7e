package run

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// Control cards are the function cards that steer the chain (stop it, branch it, loop it, call
// other flows) and so need the executor, not only their inputs. Each registers its hook here by
// card id, from the file that implements it; every other function card is a pure function.
var controlCards = map[string]controlCard{}

type controlCard struct {
	// replayInner: when the journal already holds the card's finished step, the executor enters
	// the card again instead of reusing its outputs, because its inner chains are journaled steps
	// of their own that must be replayed (If/Else, For Each).
	replayInner bool
	run         func(x *Executor, ctx context.Context, s *step) error
}

func registerControl(id string, c controlCard) {
	if _, dup := controlCards[id]; dup {
		panic("run: control card " + id + " registered twice")
	}
	controlCards[id] = c
}

// step is one control card being executed.
type step struct {
	card  *flow.Card
	spec  *catalog.Spec
	key   string // the journal key
	name  string // the card's label or spec name, for messages
	in    map[string]any
	scope *Scope
	// finish journals the step with a status, outputs and message, and publishes the outputs.
	finish func(status string, out map[string]any, msg string) error
}

func init() {
	registerControl("function.continueIf", controlCard{run: continueIf})
	registerControl("function.ifElse", controlCard{replayInner: true, run: ifElse})
	registerControl("function.forEach", controlCard{replayInner: true, run: forEach})
}

func continueIf(x *Executor, ctx context.Context, s *step) error {
	ok, err := Compare(s.in["left"], Text(s.in["operator"]), s.in["right"])
	if err != nil {
		return x.fail(ctx, s.card, s.spec, s.key, s.name, s.in, err, nil)
	}
	if ok {
		return s.finish(StepSucceeded, map[string]any{}, "")
	}
	msg := Text(s.in["message"])
	if msg == "" {
		msg = fmt.Sprintf("%q stopped the run: its condition was false", s.name)
	}
	if err := s.finish(StepFiltered, map[string]any{}, msg); err != nil {
		return err
	}
	return &stop{Outcome{Status: OutcomeFiltered, Message: msg}}
}

func ifElse(x *Executor, ctx context.Context, s *step) error {
	ok, err := Compare(s.in["left"], Text(s.in["operator"]), s.in["right"])
	if err != nil {
		return x.fail(ctx, s.card, s.spec, s.key, s.name, s.in, err, nil)
	}
	if err := s.finish(StepSucceeded, map[string]any{"result": ok}, ""); err != nil {
		return err
	}
	branch := flow.BranchElse
	if ok {
		branch = flow.BranchThen
	}
	return x.chain(ctx, s.card.Branches[branch], s.scope.Child(), s.key+"/"+branch+"/")
}

func forEach(x *Executor, ctx context.Context, s *step) error {
	c := s.card
	list, ok := s.in["list"].([]any)
	if !ok && s.in["list"] != nil {
		return fmt.Errorf("%q: List is %s, not a list", s.name, Text(s.in["list"]))
	}
	conc := 1
	if n, err := strconv.Atoi(Text(x.options(s.spec, c)["concurrency"])); err == nil && n >= 1 && n <= 10 {
		conc = n
	}
	inner := c.Branches[flow.BranchEach]
	results := make([]any, len(list))
	var (
		mu      sync.Mutex
		firstEr error
		wg      sync.WaitGroup
	)
	sem := make(chan struct{}, conc)
	for i, item := range list {
		mu.Lock()
		failed := firstEr != nil
		mu.Unlock()
		if failed {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(i int, item any) {
			defer wg.Done()
			defer func() { <-sem }()
			sc := s.scope.Child()
			sc.Set(c.ID, map[string]any{"item": item, "index": float64(i)})
			err := x.chain(ctx, inner, sc, fmt.Sprintf("%s/each/%d/", s.key, i))
			var last map[string]any
			if len(inner) > 0 {
				last, _ = sc.Get(inner[len(inner)-1].ID)
			}
			mu.Lock()
			defer mu.Unlock()
			results[i] = last
			if err != nil && firstEr == nil {
				firstEr = err
			}
		}(i, item)
	}
	wg.Wait()
	if firstEr != nil {
		return firstEr
	}
	return s.finish(StepSucceeded, map[string]any{"results": results}, "")
}
