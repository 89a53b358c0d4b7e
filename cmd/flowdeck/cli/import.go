package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/importer"
	"github.com/flowdeck/flowdeck/storage"
)

func init() {
	register(&Command{
		Name:    "import",
		Summary: "import an Okta Workflows export (.flow, .folder, .flopack); every flow starts off",
		Usage:   "import FILE [--connection ID] [--update|--copies] [--dry-run] [--json]",
		Run:     importWorkflows,
	})
}

// importWorkflows reads an Okta Workflows export, maps its flows and stores them all in one
// transaction, then prints the import report.
func importWorkflows(ctx context.Context, env *Env) error {
	c, _ := Lookup("import")
	fs := newFlagSet(env, c)
	conn := fs.String("connection", "", "bind every Okta card to this Flowdeck connection (see 'flowdeck connections')")
	update := fs.Bool("update", false, "update the flows imported from this export before (a new version where they changed)")
	copies := fs.Bool("copies", false, "import the flows imported from this export before again, as new flows")
	dryRun := fs.Bool("dry-run", false, "report what would be imported without storing anything")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	// FILE may come before or after the flags.
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		if err := parseFlags(fs, rest[1:]); err != nil {
			return err
		}
		rest = append(rest[:1], fs.Args()...)
	}
	if len(rest) != 1 {
		return &ExitError{Code: 2, Err: fmt.Errorf("import needs exactly one export file (usage: flowdeck %s)", c.Usage)}
	}
	path := rest[0]
	file, err := os.Open(path)
	if err != nil {
		return &ExitError{Code: 1, Err: fmt.Errorf("cannot read %s: %w", path, err)}
	}
	x, err := importer.Read(file)
	file.Close()
	if err != nil {
		return &ExitError{Code: 1, Err: fmt.Errorf("%s: %w; nothing was imported", path, err)}
	}
	if *dryRun && !storeExists(env) {
		// A dry run changes nothing, not even by creating an empty database.
		if *conn != "" {
			return &ExitError{Code: 1, Err: fmt.Errorf("connection %s does not exist: Flowdeck has no data yet", *conn)}
		}
		return printImport(env, path, importer.Convert(x, importer.Options{Copies: *copies}), nil, true, *asJSON, false)
	}
	db, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if *conn != "" {
		if _, err := db.GetConnection(ctx, *conn); err != nil {
			return &ExitError{Code: 1, Err: fmt.Errorf("%w; nothing was imported", err)}
		}
	}
	res := importer.Convert(x, importer.Options{Connection: *conn, Copies: *copies})
	drafts := make([]storage.FlowDraft, 0, len(res.Flows))
	states := map[string]string{}
	for _, imp := range res.Flows {
		var buf bytes.Buffer
		if err := flow.Encode(&buf, imp.Flow); err != nil {
			return &ExitError{Code: 1, Err: fmt.Errorf("%s: flow %q: %w; nothing was imported", path, imp.Flow.Name, err)}
		}
		drafts = append(drafts, storage.FlowDraft{ID: imp.Flow.ID, Name: imp.Flow.Name, ConnectionID: imp.Flow.Connection, Document: buf.Bytes()})
		exists, err := db.FlowExists(ctx, imp.Flow.ID)
		if err != nil {
			return err
		}
		states[imp.Flow.ID] = "new"
		if exists {
			states[imp.Flow.ID] = "update"
		}
	}
	var again []string
	for _, imp := range res.Flows {
		if states[imp.Flow.ID] == "update" {
			again = append(again, fmt.Sprintf("%s (%s)", imp.Flow.Name, imp.Flow.ID))
		}
	}
	switch {
	case *update && *copies:
		return &ExitError{Code: 2, Err: fmt.Errorf("choose one of --update and --copies")}
	case len(again) > 0 && !*update && !*copies && !*dryRun:
		// Updating would replace what the admin changed since; only the admin can choose.
		return &ExitError{Code: 1, Err: fmt.Errorf("%d flow(s) of this export were imported before: %s; run again with --update to update them or --copies to import new copies; nothing was imported",
			len(again), strings.Join(again, ", "))}
	}
	if !*dryRun {
		saved, err := db.SaveFlows(ctx, drafts)
		if err != nil {
			return &ExitError{Code: 1, Err: err}
		}
		for _, s := range saved {
			switch {
			case states[s.ID] == "update" && !s.Created:
				states[s.ID] = "unchanged"
			case states[s.ID] == "update":
				states[s.ID] = fmt.Sprintf("updated to version %d", s.Version)
			}
		}
	}
	return printImport(env, path, res, states, *dryRun, *asJSON, *conn != "")
}

// printImport prints the report and what became of each flow (states by flow id; nil when
// nothing is stored yet, so every flow is new).
func printImport(env *Env, path string, res *importer.Result, states map[string]string, dryRun, asJSON, hasConn bool) error {
	if states == nil {
		states = map[string]string{}
		for _, imp := range res.Flows {
			states[imp.Flow.ID] = "new"
		}
	}
	rep := res.Report()
	if asJSON {
		type stored struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			State string `json:"state"`
		}
		out := struct {
			File   string          `json:"file"`
			DryRun bool            `json:"dryRun"`
			Stored []stored        `json:"stored"`
			Report importer.Report `json:"report"`
		}{File: path, DryRun: dryRun, Stored: []stored{}, Report: rep}
		for _, imp := range res.Flows {
			out.Stored = append(out.Stored, stored{imp.Flow.ID, imp.Flow.Name, states[imp.Flow.ID]})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	if err := rep.WriteText(env.Stdout); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout)
	switch {
	case dryRun:
		fmt.Fprintf(env.Stdout, "Dry run: nothing was stored. %d flow(s) would be imported.\n", len(res.Flows))
	default:
		for _, imp := range res.Flows {
			fmt.Fprintf(env.Stdout, "%s %q: %s\n", imp.Flow.ID, imp.Flow.Name, states[imp.Flow.ID])
		}
		fmt.Fprintf(env.Stdout, "Imported %d flow(s) from %s; every imported flow is off. Fix what the report lists, then switch a flow on with 'flowdeck flows enable ID'.\n", len(res.Flows), path)
	}
	if !hasConn {
		fmt.Fprintln(env.Stdout, "No connection was chosen: give one with --connection ID so the Okta cards can run.")
	}
	return nil
}
