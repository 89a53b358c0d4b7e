//go:build unix

package crashtest

import (
	"context"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/run"
)

// memJournal is a run's journal as a restarted engine finds it.
type memJournal map[string]run.StepRecord

func (j memJournal) Lookup(k string) (run.StepRecord, bool) { r, ok := j[k]; return r, ok }
func (j memJournal) Start(_ context.Context, s run.StepRecord) error {
	j[s.Key] = s
	return nil
}
func (j memJournal) Finish(_ context.Context, s run.StepRecord) error {
	j[s.Key] = s
	return nil
}

// TestReplayAfterCrash pins, without processes, what TestCrash found by chance: a run resumed
// after a crash must not call Okta again for a step whose fate the journal already holds. The
// case that doubled a Reset Password: one engine marked the step interrupted, died before
// recording the run's end, and the next one called again.
func TestReplayAfterCrash(t *testing.T) {
	tests := []struct {
		name      string
		flow      int    // index into flows(): 0 Add User to Group, 2 Reset Password
		status    string // the step's journaled status; "" for none
		wantCalls int
		want      string
	}{
		{"no journal: the step runs", 2, "", 1, run.OutcomeSucceeded},
		{"succeeded: replayed, not called", 2, run.StepSucceeded, 0, run.OutcomeSucceeded},
		{"started non-idempotent: interrupted", 2, run.StepStarted, 0, run.OutcomeInterrupted},
		{"started idempotent: redone", 0, run.StepStarted, 1, run.OutcomeSucceeded},
		{"interrupted: stays interrupted", 2, run.StepInterrupted, 0, run.OutcomeInterrupted},
		{"failed: stays failed", 2, run.StepFailed, 0, run.OutcomeFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := flows("conn", "00g1", "00g2")[tt.flow]
			card := f.Cards[1]
			j := memJournal{}
			if tt.status != "" {
				j[card.ID] = run.StepRecord{Key: card.ID, CardID: card.ID, CardType: card.Type, Status: tt.status, Attempt: 1, Error: "before the crash"}
			}
			calls := 0
			x := &run.Executor{Registry: catalog.Global(), Journal: j, Resuming: true,
				Action: func(context.Context, *catalog.Spec, map[string]any, map[string]any) (map[string]any, []string, error) {
					calls++
					return map[string]any{}, nil, nil
				}}
			out := x.Execute(context.Background(), f, map[string]any{"user": map[string]any{"id": "00u1"}})
			if calls != tt.wantCalls || out.Status != tt.want {
				t.Fatalf("after a crash with the step %q: %d calls, outcome %q (%s); want %d calls, %q",
					tt.status, calls, out.Status, out.Message, tt.wantCalls, tt.want)
			}
		})
	}
}
