package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowdeck/flowdeck/storage"
)

func init() {
	register(&Command{
		Name:    "history",
		Summary: "show the runs of one flow or of all flows",
		Usage:   "history [--flow ID] [--run ID] [--limit N] [--json]",
		Run:     runHistory,
	})
}

func runHistory(ctx context.Context, env *Env) error {
	c, _ := Lookup("history")
	fs := newFlagSet(env, c)
	flowID := fs.String("flow", "", "only this flow's runs")
	runID := fs.String("run", "", "show one run with its steps")
	limit := fs.Int("limit", 50, "at most this many runs (0 = all)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if *runID != "" {
		return showRun(ctx, env, db, *runID, *asJSON)
	}
	runs, err := db.ListRuns(ctx, *flowID, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		out := []map[string]any{}
		for _, r := range runs {
			out = append(out, runJSON(r))
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(runs) == 0 {
		fmt.Fprintln(env.Stdout, "No runs yet.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tFLOW\tSTATUS\tTRIGGER\tSTARTED\tDURATION\tNOTE")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.FlowID, r.Status, r.Trigger, when(r.StartedAt), duration(r), oneLine(r.Error, 60))
	}
	return tw.Flush()
}

func showRun(ctx context.Context, env *Env, db *storage.DB, id string, asJSON bool) error {
	r, err := db.GetRun(ctx, id)
	if err != nil {
		return err
	}
	steps, err := db.ListSteps(ctx, id)
	if err != nil {
		return err
	}
	if asJSON {
		out := runJSON(r)
		var ss []map[string]any
		for _, s := range steps {
			m := map[string]any{"seq": s.Seq, "key": s.Key, "card": s.CardID, "type": s.CardType, "status": s.Status,
				"error": s.Error, "requestIds": s.RequestIDs, "attempt": s.Attempt}
			if s.Inputs != nil {
				m["inputs"] = json.RawMessage(s.Inputs)
			}
			if s.Outputs != nil {
				m["outputs"] = json.RawMessage(s.Outputs)
			}
			ss = append(ss, m)
		}
		out["steps"] = ss
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(env.Stdout, "Run %s of flow %s (version %d): %s, %s trigger, started %s, took %s\n", r.ID, r.FlowID, r.FlowVersion, r.Status, r.Trigger, when(r.StartedAt), duration(r))
	if r.Error != "" {
		fmt.Fprintf(env.Stdout, "  %s\n", r.Error)
	}
	for _, s := range steps {
		fmt.Fprintf(env.Stdout, "%d. %s (%s) %s", s.Seq, s.Key, s.CardType, s.Status)
		if len(s.RequestIDs) > 0 {
			fmt.Fprintf(env.Stdout, " [request %s]", strings.Join(s.RequestIDs, ", "))
		}
		fmt.Fprintln(env.Stdout)
		if s.Inputs != nil {
			fmt.Fprintf(env.Stdout, "   in:  %s\n", oneLine(string(s.Inputs), 200))
		}
		if s.Outputs != nil {
			fmt.Fprintf(env.Stdout, "   out: %s\n", oneLine(string(s.Outputs), 200))
		}
		if s.Error != "" {
			fmt.Fprintf(env.Stdout, "   error: %s\n", s.Error)
		}
	}
	return nil
}

func runJSON(r storage.Run) map[string]any {
	m := map[string]any{"id": r.ID, "flow": r.FlowID, "version": r.FlowVersion, "status": r.Status, "trigger": r.Trigger,
		"event": r.EventUUID, "created": r.CreatedAt.UTC().Format(time.RFC3339Nano), "error": r.Error}
	if !r.StartedAt.IsZero() {
		m["started"] = r.StartedAt.UTC().Format(time.RFC3339Nano)
	}
	if !r.FinishedAt.IsZero() {
		m["finished"] = r.FinishedAt.UTC().Format(time.RFC3339Nano)
	}
	return m
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

func duration(r storage.Run) string {
	if r.StartedAt.IsZero() || r.FinishedAt.IsZero() {
		return "-"
	}
	return r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond).String()
}

func oneLine(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}
