package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/flowdeck/flowdeck/engine/flow"
)

// FileBackend keeps flows as JSON files in a data directory (flows/<id>.json, recovery copies
// in recovery/<id>.json). It is the desktop app's backend until the SQLite store lands; runs
// report ErrNotConnected.
type FileBackend struct {
	dir string
	mu  sync.Mutex
}

// NewFileBackend uses dir, creating it (0700) when missing.
func NewFileBackend(dir string) (*FileBackend, error) {
	for _, sub := range []string{"flows", "recovery"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("create the Flowdeck data folder %s: %w", dir, err)
		}
	}
	return &FileBackend{dir: dir}, nil
}

var safeID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

func (b *FileBackend) path(sub, id string) (string, error) {
	// A flow id becomes a file name: never let one reach outside the data folder.
	if !safeID.MatchString(id) {
		return "", fmt.Errorf("flow id %q is not a valid id (letters, digits, _ and - only)", id)
	}
	return filepath.Join(b.dir, sub, id+".json"), nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(path), err)
	}
	return writeFile(path, data)
}

func writeFlow(path string, f *flow.Flow) error {
	data, err := encode(f)
	if err != nil {
		return err
	}
	return writeFile(path, data)
}

// writeFile replaces path atomically (write beside it, then rename), readable by the owner only.
func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func readFlow(path string) (*flow.Flow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// ListConnections implements Backend: connections arrive with the auth work.
func (b *FileBackend) ListConnections(context.Context) ([]Connection, error) { return nil, nil }

// ListFlows implements Backend.
func (b *FileBackend) ListFlows(context.Context) ([]FlowSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	entries, err := os.ReadDir(filepath.Join(b.dir, "flows"))
	if err != nil {
		return nil, fmt.Errorf("list flows in %s: %w", b.dir, err)
	}
	enabled, err := b.enabledSet()
	if err != nil {
		return nil, err
	}
	var out []FlowSummary
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		f, err := readFlow(filepath.Join(b.dir, "flows", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("list flows: %w", err)
		}
		out = append(out, FlowSummary{ID: f.ID, Name: f.Name, Enabled: enabled[f.ID]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// LoadFlow implements Backend.
func (b *FileBackend) LoadFlow(_ context.Context, id string) (*flow.Flow, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rp, err := b.path("recovery", id)
	if err != nil {
		return nil, false, err
	}
	if f, err := readFlow(rp); err == nil {
		return f, true, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("read the unsaved edits of flow %s: %w", id, err)
	}
	p, _ := b.path("flows", id)
	f, err := readFlow(p)
	if err != nil {
		return nil, false, fmt.Errorf("open flow %s: %w", id, err)
	}
	return f, false, nil
}

// SaveFlow implements Backend.
func (b *FileBackend) SaveFlow(_ context.Context, f *flow.Flow) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	p, err := b.path("flows", f.ID)
	if err != nil {
		return err
	}
	if err := writeFlow(p, f); err != nil {
		return fmt.Errorf("save flow %q: %w", f.Name, err)
	}
	rp, _ := b.path("recovery", f.ID)
	if err := os.Remove(rp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("flow %q is saved, but its old recovery copy %s could not be removed: %w", f.Name, rp, err)
	}
	return nil
}

// SaveRecovery implements Backend.
func (b *FileBackend) SaveRecovery(_ context.Context, f *flow.Flow) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	p, err := b.path("recovery", f.ID)
	if err != nil {
		return err
	}
	if err := writeFlow(p, f); err != nil {
		return fmt.Errorf("keep unsaved edits of flow %q: %w", f.Name, err)
	}
	return nil
}

func (b *FileBackend) enabledSet() (map[string]bool, error) {
	out := map[string]bool{}
	data, err := os.ReadFile(filepath.Join(b.dir, "enabled.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read which flows are on: %w", err)
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("read which flows are on (%s): %w", filepath.Join(b.dir, "enabled.json"), err)
	}
	return out, nil
}

// SetEnabled implements Backend.
func (b *FileBackend) SetEnabled(_ context.Context, id string, on bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	p, err := b.path("flows", id)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err != nil {
		return fmt.Errorf("save the flow before switching it on: %w", err)
	}
	set, err := b.enabledSet()
	if err != nil {
		return err
	}
	set[id] = on
	return writeJSON(filepath.Join(b.dir, "enabled.json"), set)
}

// RunCard implements Backend.
func (b *FileBackend) RunCard(context.Context, *flow.Flow, string) (RunResult, error) {
	return RunResult{}, ErrNotConnected
}

// RunFlow implements Backend.
func (b *FileBackend) RunFlow(context.Context, *flow.Flow) (RunResult, error) {
	return RunResult{}, ErrNotConnected
}
