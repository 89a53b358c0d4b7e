package syslog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestEventRoundTripsOktaExample decodes the spec's ListLogs example and encodes it again: every
// key, null and value must come back as Okta sent it.
func TestEventRoundTripsOktaExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "listlogs-example.json"))
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	if err := json.Unmarshal(raw, &evs); err != nil {
		t.Fatalf("decode the spec example: %v", err)
	}
	if len(evs) == 0 {
		t.Fatal("the example holds no events")
	}
	again, err := json.Marshal(evs)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(again, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, got) {
		w, _ := json.MarshalIndent(want, "", "  ")
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Errorf("re-encoded example differs\nwant %s\n got %s", w, g)
	}
}

// TestEventMinimalGolden pins how a sparse event encodes: the nulls Okta sends, [] for an empty
// ipChain, {} for empty debugData, and published with milliseconds.
func TestEventMinimalGolden(t *testing.T) {
	ev := Event{
		UUID:        "5f1c3b2a-0000-4000-8000-000000000001",
		Published:   time.Date(2024, 1, 2, 3, 4, 5, 678_900_000, time.UTC),
		EventType:   "user.lifecycle.create",
		Version:     "0",
		Severity:    "INFO",
		Actor:       Actor{ID: "00uadmin", Type: "User"},
		Outcome:     Outcome{Result: "SUCCESS"},
		Target:      []Target{{ID: "00unew", Type: "User", ChangeDetails: &ChangeDetails{From: map[string]any{"status": "STAGED"}, To: map[string]any{"status": "ACTIVE"}}}},
		Transaction: Transaction{Type: "JOB", ID: "job1"},
	}
	got, err := json.MarshalIndent(ev, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "minimal-event.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), got) {
		t.Errorf("encoding changed (go test -update to accept)\nwant %s\n got %s", want, got)
	}
	var back Event
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Published.Equal(time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)) {
		t.Errorf("published decoded as %v", back.Published)
	}
}

func TestPublishedLayout(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), `"2024-01-02T03:04:05.000Z"`},
		{time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.FixedZone("x", 3600)), `"2024-01-02T02:04:05.678Z"`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			b, err := json.Marshal(Event{Published: tc.in})
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if string(m["published"]) != tc.want {
				t.Errorf("published = %s, want %s", m["published"], tc.want)
			}
		})
	}
}
