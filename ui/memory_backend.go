package ui

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/flow"
)

// MemoryBackend keeps flows in memory. It is the backend of the tests, and of the app until
// storage and the engine are wired in; runs report ErrNotConnected.
type MemoryBackend struct {
	mu          sync.Mutex
	flows       map[string][]byte
	recovery    map[string][]byte
	enabled     map[string]bool
	Connections []Connection
	// Saves counts SaveFlow calls, for tests.
	Saves int

	// What the runs return, for tests: RunCardFunc answers RunCard (nil: ErrNotConnected),
	// Wired answers WiredInputs by card id, Events answers RecentEvents, Runs is the history
	// (newest first; RunFlow and Rerun add to it).
	RunCardFunc func(f *flow.Flow, cardID string, typed map[string]any) (RunResult, error)
	Wired       map[string][]WiredInput
	Events      []EventSummary
	Runs        []RunDetail
	// RunCardCalls records the typed values of each RunCard call.
	RunCardCalls []map[string]any
	// SignInFunc answers SignIn (nil: an error); DeleteFunc answers DeleteConnection (nil:
	// the tokens are revoked).
	SignInFunc func(ctx context.Context, req SignInRequest) (Connection, error)
	DeleteFunc func(id string, force bool) (DeleteOutcome, error)
	// Status answers EngineStatus; SetPaused sets its Paused.
	Status EngineStatus
}

// NewMemoryBackend returns a backend holding the given flows.
func NewMemoryBackend(flows ...*flow.Flow) *MemoryBackend {
	b := &MemoryBackend{flows: map[string][]byte{}, recovery: map[string][]byte{}, enabled: map[string]bool{}}
	for _, f := range flows {
		data, err := encode(f)
		if err != nil {
			// The flows come from the program itself (tests, the sample flow).
			panic(err)
		}
		b.flows[f.ID] = data
	}
	return b
}

func encode(f *flow.Flow) ([]byte, error) {
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func decode(data []byte) (*flow.Flow, error) {
	return flow.Decode(bytes.NewReader(data))
}

// ListConnections implements Backend.
func (b *MemoryBackend) ListConnections(context.Context) ([]Connection, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Connection(nil), b.Connections...), nil
}

// ListFlows implements Backend.
func (b *MemoryBackend) ListFlows(context.Context) ([]FlowSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []FlowSummary
	for id, data := range b.flows {
		f, err := decode(data)
		if err != nil {
			return nil, err
		}
		out = append(out, FlowSummary{ID: id, Name: f.Name, Enabled: b.enabled[id], Connection: f.Connection})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// LoadFlow implements Backend.
func (b *MemoryBackend) LoadFlow(_ context.Context, id string) (*flow.Flow, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if data, ok := b.recovery[id]; ok {
		f, err := decode(data)
		return f, true, err
	}
	data, ok := b.flows[id]
	if !ok {
		return nil, false, fmt.Errorf("flow %s is not saved here; it may have been deleted", id)
	}
	f, err := decode(data)
	return f, false, err
}

// SaveFlow implements Backend.
func (b *MemoryBackend) SaveFlow(_ context.Context, f *flow.Flow) error {
	data, err := encode(f)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flows[f.ID] = data
	delete(b.recovery, f.ID)
	b.Saves++
	return nil
}

// SaveRecovery implements Backend.
func (b *MemoryBackend) SaveRecovery(_ context.Context, f *flow.Flow) error {
	data, err := encode(f)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.recovery[f.ID] = data
	return nil
}

// Recovery returns the recovery copy of a flow, for tests.
func (b *MemoryBackend) Recovery(id string) (*flow.Flow, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.recovery[id]
	if !ok {
		return nil, false
	}
	f, err := decode(data)
	return f, err == nil
}

// SetEnabled implements Backend.
func (b *MemoryBackend) SetEnabled(_ context.Context, id string, on bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.flows[id]; !ok {
		return fmt.Errorf("save the flow before switching it on")
	}
	b.enabled[id] = on
	return nil
}

// WiredInputs implements Backend.
func (b *MemoryBackend) WiredInputs(_ context.Context, _ *flow.Flow, cardID string) ([]WiredInput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]WiredInput(nil), b.Wired[cardID]...), nil
}

// RunCard implements Backend.
func (b *MemoryBackend) RunCard(_ context.Context, f *flow.Flow, cardID string, typed map[string]any) (RunResult, error) {
	b.mu.Lock()
	fn := b.RunCardFunc
	b.RunCardCalls = append(b.RunCardCalls, typed)
	b.mu.Unlock()
	if fn == nil {
		return RunResult{}, ErrNotConnected
	}
	return fn(f, cardID, typed)
}

// RecentEvents implements Backend.
func (b *MemoryBackend) RecentEvents(context.Context, *flow.Flow) ([]EventSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]EventSummary(nil), b.Events...), nil
}

// RunFlow implements Backend: the run succeeds at once.
func (b *MemoryBackend) RunFlow(ctx context.Context, f *flow.Flow, event map[string]any) (RunSummary, error) {
	if f.Connection == "" {
		return RunSummary{}, ErrNotConnected
	}
	if err := b.SaveFlow(ctx, f); err != nil {
		return RunSummary{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	et, _ := event["eventType"].(string)
	now := time.Now()
	r := RunSummary{ID: fmt.Sprintf("run%d", len(b.Runs)+1), FlowID: f.ID, Status: "succeeded", Trigger: "manual",
		EventType: et, Event: fmt.Sprint(event), Created: now, Started: now, Finished: now}
	b.Runs = append([]RunDetail{{RunSummary: r}}, b.Runs...)
	return r, nil
}

// ListRuns implements Backend.
func (b *MemoryBackend) ListRuns(_ context.Context, flowID string) ([]RunSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []RunSummary
	for _, r := range b.Runs {
		if r.FlowID == flowID {
			out = append(out, r.RunSummary)
		}
	}
	return out, nil
}

// GetRun implements Backend.
func (b *MemoryBackend) GetRun(_ context.Context, id string) (RunDetail, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.Runs {
		if r.ID == id {
			return r, nil
		}
	}
	return RunDetail{}, fmt.Errorf("run %s does not exist (its flow may have been deleted)", id)
}

// Rerun implements Backend: the new run is queued.
func (b *MemoryBackend) Rerun(_ context.Context, id string) (RunSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, old := range b.Runs {
		if old.ID == id {
			r := old.RunSummary
			r.ID = fmt.Sprintf("run%d", len(b.Runs)+1)
			r.Trigger, r.Status, r.Error = "rerun", "queued", ""
			r.Started, r.Finished = time.Time{}, time.Time{}
			b.Runs = append([]RunDetail{{RunSummary: r, EventJSON: old.EventJSON}}, b.Runs...)
			return r, nil
		}
	}
	return RunSummary{}, fmt.Errorf("run %s does not exist (its flow may have been deleted)", id)
}

// SignIn implements Backend: the connection SignInFunc returns is added.
func (b *MemoryBackend) SignIn(ctx context.Context, req SignInRequest) (Connection, error) {
	b.mu.Lock()
	fn := b.SignInFunc
	b.mu.Unlock()
	if fn == nil {
		return Connection{}, fmt.Errorf("signing in is not possible here")
	}
	c, err := fn(ctx, req)
	if err != nil {
		return Connection{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range b.Connections {
		if b.Connections[i].ID == c.ID {
			b.Connections[i] = c
			return c, nil
		}
	}
	b.Connections = append(b.Connections, c)
	return c, nil
}

// DeleteConnection implements Backend.
func (b *MemoryBackend) DeleteConnection(_ context.Context, id string, force bool) (DeleteOutcome, error) {
	b.mu.Lock()
	fn := b.DeleteFunc
	b.mu.Unlock()
	out := DeleteOutcome{Revoked: true}
	if fn != nil {
		var err error
		if out, err = fn(id, force); err != nil {
			return DeleteOutcome{}, err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, c := range b.Connections {
		if c.ID == id {
			b.Connections = append(b.Connections[:i:i], b.Connections[i+1:]...)
			return out, nil
		}
	}
	return DeleteOutcome{}, fmt.Errorf("connection %s does not exist", id)
}

// SetConnectionLook implements Backend.
func (b *MemoryBackend) SetConnectionLook(_ context.Context, id, color string, production bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range b.Connections {
		if b.Connections[i].ID == id {
			b.Connections[i].Color, b.Connections[i].Production = color, production
			return nil
		}
	}
	return fmt.Errorf("connection %s does not exist", id)
}

// EngineStatus implements Backend.
func (b *MemoryBackend) EngineStatus(context.Context) (EngineStatus, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Status, nil
}

// SetPaused implements Backend.
func (b *MemoryBackend) SetPaused(_ context.Context, paused bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.Status.Paused = paused
	return nil
}
