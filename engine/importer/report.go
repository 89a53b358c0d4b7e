package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// Status is what an imported flow needs before it can be switched on.
type Status string

const (
	// StatusReady flows validate and need nothing else (but a connection, chosen at import).
	StatusReady Status = "ready"
	// StatusNeedsAttention flows have only Flowdeck cards but problems to fix first.
	StatusNeedsAttention Status = "needs attention"
	// StatusCannotRun flows hold placeholder cards Flowdeck cannot run yet.
	StatusCannotRun Status = "cannot run"
)

// FlowReport says what became of one flow.
type FlowReport struct {
	Name string `json:"name"`
	// ID is the Flowdeck flow id; UUID the flow's uuid in the export.
	ID         string    `json:"id"`
	UUID       string    `json:"uuid"`
	Kind       string    `json:"kind"`
	Folder     string    `json:"folder,omitempty"`
	EmbeddedIn string    `json:"embeddedIn,omitempty"`
	Schedule   *Schedule `json:"schedule,omitempty"`
	Status     Status    `json:"status"`
	// Unmapped lists the placeholder cards, in chain order.
	Unmapped []CardEntry `json:"unmapped,omitempty"`
	// Problems are what Validate found (placeholders left out: they are in Unmapped).
	Problems []string `json:"problems,omitempty"`
	// Notes are what the import changed or left out that matters for running it.
	Notes []string `json:"notes,omitempty"`
	// Info is what was left out that changes nothing when the flow runs (comments).
	Info []string `json:"info,omitempty"`
}

// CardEntry is one card that could not be mapped.
type CardEntry struct {
	Label   string `json:"label"`
	Address string `json:"address"`
	What    string `json:"what"`
	Why     string `json:"why"`
	// Helpers are the Flowdeck ids of the imported flows the card calls (its helper flows,
	// embedded or named by uuid), for the card that replaces it.
	Helpers []string `json:"helpers,omitempty"`
}

// finish validates the mapped flow and sets the status.
func (r *FlowReport) finish(f *flow.Flow, reg *catalog.Registry) {
	for _, p := range flow.Validate(f, reg) {
		if p.Code != flow.CodePlaceholder {
			r.Problems = append(r.Problems, p.String())
		}
	}
	switch {
	case len(r.Unmapped) > 0 || len(f.Cards) == 0:
		r.Status = StatusCannotRun
	case len(r.Problems) > 0 || len(r.Notes) > 0:
		r.Status = StatusNeedsAttention
	default:
		r.Status = StatusReady
	}
}

// Report is the whole import's report.
type Report struct {
	Version string       `json:"version"`
	Notes   []string     `json:"notes,omitempty"`
	Flows   []FlowReport `json:"flows"`
	// Tables and Connections are what the export holds beyond flows.
	Tables      []string `json:"tables,omitempty"`
	Connections []string `json:"connections,omitempty"`
}

// Report gathers the flows' reports and the export's notes.
func (r *Result) Report() Report {
	rep := Report{Version: r.Export.Version, Notes: append([]string(nil), r.Export.Notes...), Flows: []FlowReport{}}
	for _, imp := range r.Flows {
		rep.Flows = append(rep.Flows, imp.Report)
	}
	for _, id := range sortedKeys(r.Export.Tables) {
		t := r.Export.Tables[id]
		rep.Tables = append(rep.Tables, fmt.Sprintf("%s (%d columns)", t.Name, len(t.Columns)))
	}
	if len(rep.Tables) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d table schema(s) were read but not created: Flowdeck has no Tables yet", len(rep.Tables)))
	}
	for _, id := range sortedKeys(r.Export.Configs) {
		c := r.Export.Configs[id]
		rep.Connections = append(rep.Connections, fmt.Sprintf("%s (%s)", c.Name, c.Module))
		if c.Module != "okta" {
			rep.Notes = append(rep.Notes, fmt.Sprintf("connection %q is for the app %q, which Flowdeck does not connect to; its cards stay placeholders", c.Name, c.Module))
		}
	}
	return rep
}

// Counts returns how many flows have each status.
func (r Report) Counts() map[Status]int {
	n := map[Status]int{}
	for _, f := range r.Flows {
		n[f.Status]++
	}
	return n
}

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report as an admin reads it: one block per flow.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	n := r.Counts()
	fmt.Fprintf(&b, "%d flow(s): %d ready, %d need attention, %d cannot run yet\n", len(r.Flows), n[StatusReady], n[StatusNeedsAttention], n[StatusCannotRun])
	for _, note := range r.Notes {
		fmt.Fprintf(&b, "  note: %s\n", note)
	}
	for _, f := range r.Flows {
		fmt.Fprintf(&b, "\n%s — %s (%s flow, id %s", f.Name, f.Status, f.Kind, f.ID)
		if f.Folder != "" {
			fmt.Fprintf(&b, ", folder %s", f.Folder)
		}
		if f.EmbeddedIn != "" {
			fmt.Fprintf(&b, ", embedded in %q", f.EmbeddedIn)
		}
		b.WriteString(")\n")
		if s := f.Schedule; s != nil {
			fmt.Fprintf(&b, "  schedule: %s %s %s %s %s %s (%s)", s.Seconds, s.Minutes, s.Hours, s.DayOfMonth, s.Month, s.DayOfWeek, s.TimeZone)
			if s.StartDate != "" || s.EndDate != "" {
				fmt.Fprintf(&b, " from %q to %q", s.StartDate, s.EndDate)
			}
			b.WriteString("\n")
		}
		for _, c := range f.Unmapped {
			fmt.Fprintf(&b, "  cannot run: %q — %s [%s]: %s", c.Label, c.What, c.Address, c.Why)
			if len(c.Helpers) > 0 {
				fmt.Fprintf(&b, " (calls %s)", strings.Join(c.Helpers, ", "))
			}
			b.WriteString("\n")
		}
		for _, p := range f.Problems {
			fmt.Fprintf(&b, "  to fix: %s\n", p)
		}
		for _, note := range f.Notes {
			fmt.Fprintf(&b, "  note: %s\n", note)
		}
		for _, info := range f.Info {
			fmt.Fprintf(&b, "  info: %s\n", info)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
