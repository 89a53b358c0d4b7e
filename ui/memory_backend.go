package ui

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"sync"

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
		out = append(out, FlowSummary{ID: id, Name: f.Name, Enabled: b.enabled[id]})
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

// RunCard implements Backend.
func (b *MemoryBackend) RunCard(context.Context, *flow.Flow, string) (RunResult, error) {
	return RunResult{}, ErrNotConnected
}

// RunFlow implements Backend.
func (b *MemoryBackend) RunFlow(context.Context, *flow.Flow) (RunResult, error) {
	return RunResult{}, ErrNotConnected
}
