package run

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/storage"
)

// Redacted replaces the value of a field its spec marks secret (passwords, activation links)
// wherever a run is recorded: the history must never hold a secret.
const Redacted = "[redacted]"

// dbJournal is the storage-backed journal of one run. Steps are upserted by sequence number; a
// key keeps the sequence number it was first given, so a redone step replaces its record.
type dbJournal struct {
	db    *storage.DB
	runID string
	reg   *catalog.Registry

	mu    sync.Mutex
	steps map[string]StepRecord
	seqs  map[string]int
	next  int
}

func loadJournal(ctx context.Context, db *storage.DB, reg *catalog.Registry, runID string) (*dbJournal, error) {
	j := &dbJournal{db: db, runID: runID, reg: reg, steps: map[string]StepRecord{}, seqs: map[string]int{}, next: 1}
	steps, err := db.ListSteps(ctx, runID)
	if err != nil {
		return nil, err
	}
	for _, s := range steps {
		key := s.Key
		if key == "" {
			key = s.CardID
		}
		rec := StepRecord{Key: key, CardID: s.CardID, CardType: s.CardType, Status: s.Status, Error: s.Error,
			RequestIDs: s.RequestIDs, Attempt: s.Attempt, StartedAt: s.StartedAt, FinishedAt: s.FinishedAt}
		_ = json.Unmarshal(s.Inputs, &rec.Inputs)
		_ = json.Unmarshal(s.Outputs, &rec.Outputs)
		j.steps[key] = rec
		j.seqs[key] = s.Seq
		j.next = max(j.next, s.Seq+1)
	}
	return j, nil
}

func (j *dbJournal) Lookup(key string) (StepRecord, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s, ok := j.steps[key]
	return s, ok
}

func (j *dbJournal) Start(ctx context.Context, s StepRecord) error  { return j.put(ctx, s) }
func (j *dbJournal) Finish(ctx context.Context, s StepRecord) error { return j.put(ctx, s) }

func (j *dbJournal) put(ctx context.Context, s StepRecord) error {
	j.mu.Lock()
	seq, ok := j.seqs[s.Key]
	if !ok {
		seq = j.next
		j.next++
		j.seqs[s.Key] = seq
	}
	j.steps[s.Key] = s
	j.mu.Unlock()

	spec, _ := j.reg.Lookup(s.CardType)
	in, _ := json.Marshal(redact(spec, s.Inputs, true))
	var out []byte
	if s.Outputs != nil {
		out, _ = json.Marshal(redact(spec, s.Outputs, false))
	}
	last := ""
	if n := len(s.RequestIDs); n > 0 {
		last = s.RequestIDs[n-1]
	}
	return j.db.RecordStep(ctx, storage.Step{RunID: j.runID, Seq: seq, Key: s.Key, CardID: s.CardID, CardType: s.CardType,
		Status: s.Status, Inputs: in, Outputs: out, Error: s.Error, OktaRequestID: last, RequestIDs: s.RequestIDs,
		Attempt: s.Attempt, StartedAt: s.StartedAt, FinishedAt: s.FinishedAt})
}

// redact copies values, replacing the secret fields of spec.
func redact(spec *catalog.Spec, values map[string]any, inputs bool) map[string]any {
	if values == nil {
		return nil
	}
	out := make(map[string]any, len(values))
	for k, v := range values {
		out[k] = v
	}
	if spec == nil {
		return out
	}
	fields := spec.Outputs
	if inputs {
		fields = append(append([]catalog.Field(nil), spec.Inputs...), spec.Options...)
	}
	for _, f := range fields {
		if f.Secret {
			if v, ok := out[f.Key]; ok && v != nil && v != "" {
				out[f.Key] = Redacted
			}
		}
	}
	return out
}
