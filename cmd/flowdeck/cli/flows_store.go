package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

func listFlows(ctx context.Context, env *Env) error {
	c := &Command{Name: "flows list", Usage: "flows list [--json]"}
	fs := newFlagSet(env, c)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	flows, err := db.ListFlows(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			ID         string `json:"id"`
			Name       string `json:"name"`
			Enabled    bool   `json:"enabled"`
			Version    int    `json:"version"`
			Connection string `json:"connection,omitempty"`
		}
		out := []row{}
		for _, f := range flows {
			out = append(out, row{f.ID, f.Name, f.Enabled, f.CurrentVersion, f.ConnectionID})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(flows) == 0 {
		fmt.Fprintln(env.Stdout, "No flows yet: import one with 'flowdeck flows import FILE' or build one in the app.")
		return nil
	}
	held, err := db.CatchUpPending(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tON\tVERSION\tCONNECTION\tHELD")
	for _, f := range flows {
		on := "off"
		if f.Enabled {
			on = "on"
		}
		h := ""
		if n := held[f.ID]; n > 0 {
			h = fmt.Sprintf("%d (run or skip: flowdeck flows catch-up %s run|skip)", n, f.ID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", f.ID, f.Name, on, f.CurrentVersion, f.ConnectionID, h)
	}
	return tw.Flush()
}

func importFlows(ctx context.Context, env *Env) error {
	if len(env.Args) == 0 {
		return &ExitError{Code: 2, Err: errors.New("flows import needs at least one flow file (usage: flowdeck flows import FILE...)")}
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	failed := false
	for _, path := range env.Args {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(env.Stdout, "%s: cannot read the file: %v\n", path, err)
			failed = true
			continue
		}
		f, err := flow.Decode(bytes.NewReader(data))
		if err != nil {
			fmt.Fprintf(env.Stdout, "%s: %v\n", path, err)
			failed = true
			continue
		}
		// Store it in the canonical encoding, so re-importing the same flow makes no new version.
		var buf bytes.Buffer
		if err := flow.Encode(&buf, f); err != nil {
			fmt.Fprintf(env.Stdout, "%s: %v\n", path, err)
			failed = true
			continue
		}
		v, created, err := db.SaveFlow(ctx, storage.FlowDraft{ID: f.ID, Name: f.Name, ConnectionID: f.Connection, Document: buf.Bytes()})
		if err != nil {
			fmt.Fprintf(env.Stdout, "%s: %v\n", path, err)
			failed = true
			continue
		}
		state := "unchanged"
		if created {
			state = "stored"
		}
		probs := flow.Validate(f, catalog.Global())
		fmt.Fprintf(env.Stdout, "%s: %s as flow %s (%q) version %d", path, state, f.ID, f.Name, v)
		if len(probs) > 0 {
			fmt.Fprintf(env.Stdout, " — %d problem(s) to fix before it can be switched on; run 'flowdeck flows validate %s'", len(probs), path)
		}
		fmt.Fprintln(env.Stdout)
	}
	if failed {
		return &ExitError{Code: 1}
	}
	return nil
}

func exportFlow(ctx context.Context, env *Env) error {
	if len(env.Args) < 1 || len(env.Args) > 2 {
		return &ExitError{Code: 2, Err: errors.New("usage: flowdeck flows export ID [FILE]")}
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.GetFlowVersion(ctx, env.Args[0], 0)
	if err != nil {
		return err
	}
	// Re-encode: an export is canonical and never holds anything but the document (the
	// connection is a reference; secrets live in the connection, never in a flow).
	f, err := flow.Decode(bytes.NewReader(v.Document))
	if err != nil {
		return fmt.Errorf("stored flow %s cannot be read: %w", env.Args[0], err)
	}
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		return err
	}
	if len(env.Args) == 2 {
		if err := os.WriteFile(env.Args[1], buf.Bytes(), 0o600); err != nil {
			return fmt.Errorf("writing %s: %w", env.Args[1], err)
		}
		fmt.Fprintf(env.Stderr, "wrote flow %s (%q) to %s\n", f.ID, f.Name, env.Args[1])
		return nil
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

func switchFlow(ctx context.Context, env *Env, on bool) error {
	if len(env.Args) != 1 {
		verb := "disable"
		if on {
			verb = "enable"
		}
		return &ExitError{Code: 2, Err: fmt.Errorf("usage: flowdeck flows %s ID", verb)}
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	id := env.Args[0]
	if on {
		v, err := db.GetFlowVersion(ctx, id, 0)
		if err != nil {
			return err
		}
		f, err := flow.Decode(bytes.NewReader(v.Document))
		if err != nil {
			return fmt.Errorf("stored flow %s cannot be read: %w", id, err)
		}
		if probs := flow.Validate(f, catalog.Global()); len(probs) > 0 {
			for _, p := range probs {
				fmt.Fprintln(env.Stdout, p.String())
			}
			return &ExitError{Code: 1, Err: fmt.Errorf("flow %q has %d problem(s); fix them before switching it on", f.Name, len(probs))}
		}
		if f.Connection == "" {
			return &ExitError{Code: 1, Err: fmt.Errorf("flow %q has no Okta connection; set one (see 'flowdeck connections')", f.Name)}
		}
	}
	if err := db.SetFlowEnabled(ctx, id, on); err != nil {
		return err
	}
	state := "off"
	if on {
		state = "on"
	}
	fmt.Fprintf(env.Stdout, "flow %s is %s\n", id, state)
	return nil
}

// releaseCatchUp runs or skips the runs a flow holds as catch-up pending: the backlog of events
// that arrived while Flowdeck was not running, held so a week of welcome emails does not go out
// at once without the admin deciding.
func releaseCatchUp(ctx context.Context, env *Env) error {
	if len(env.Args) != 2 || (env.Args[1] != "run" && env.Args[1] != "skip") {
		return &ExitError{Code: 2, Err: errors.New("usage: flowdeck flows catch-up ID run|skip")}
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.GetFlow(ctx, env.Args[0]); err != nil {
		return err
	}
	run := env.Args[1] == "run"
	n, err := db.ReleaseCatchUp(ctx, env.Args[0], run)
	if err != nil {
		return err
	}
	switch {
	case n == 0:
		fmt.Fprintf(env.Stdout, "flow %s holds no backlog\n", env.Args[0])
	case run:
		fmt.Fprintf(env.Stdout, "queued %d held run(s) of flow %s; the engine runs them next\n", n, env.Args[0])
	default:
		fmt.Fprintf(env.Stdout, "skipped %d held run(s) of flow %s; they stay in the history as skipped\n", n, env.Args[0])
	}
	return nil
}
