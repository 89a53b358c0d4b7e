package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

func init() {
	register(&Command{
		Name:    "flows",
		Summary: "list, import, export, switch on/off and validate flows",
		Usage:   "flows list|import|export|enable|disable|catch-up|validate",
		Run:     runFlows,
	})
}

// flowsSubcommand is one verb of `flowdeck flows`.
type flowsSubcommand struct {
	name    string
	usage   string
	summary string
	run     func(ctx context.Context, env *Env) error
}

func flowsSubcommands() []flowsSubcommand {
	return []flowsSubcommand{
		{name: "list", usage: "flows list [--json]", summary: "list the stored flows", run: listFlows},
		{name: "import", usage: "flows import FILE...", summary: "store flow files (a new version when one changed)", run: importFlows},
		{name: "export", usage: "flows export ID [FILE]", summary: "write a stored flow to a file (or stdout)", run: exportFlow},
		{name: "enable", usage: "flows enable ID", summary: "switch a flow on (it must have no problems)", run: func(ctx context.Context, env *Env) error { return switchFlow(ctx, env, true) }},
		{name: "disable", usage: "flows disable ID", summary: "switch a flow off", run: func(ctx context.Context, env *Env) error { return switchFlow(ctx, env, false) }},
		{name: "catch-up", usage: "flows catch-up ID run|skip", summary: "run or skip the backlog held after downtime", run: releaseCatchUp},
		{name: "validate", usage: "flows validate FILE...", summary: "check flow files against the card catalog; exit 1 if any has a problem",
			run: func(ctx context.Context, env *Env) error { return validateFlowFiles(ctx, env, catalog.Global()) }},
	}
}

func runFlows(ctx context.Context, env *Env) error {
	subs := flowsSubcommands()
	var names []string
	for _, s := range subs {
		names = append(names, s.name)
	}
	if len(env.Args) == 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("flows needs a subcommand: %s; run 'flowdeck flows help'", strings.Join(names, ", "))}
	}
	name := env.Args[0]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprintln(env.Stdout, "Subcommands of flowdeck flows:")
		for _, s := range subs {
			fmt.Fprintf(env.Stdout, "  %-28s %s\n", s.usage, s.summary)
		}
		return nil
	}
	for _, s := range subs {
		if s.name == name {
			sub := *env
			sub.Args = env.Args[1:]
			return s.run(ctx, &sub)
		}
	}
	msg := fmt.Sprintf("unknown flows subcommand %q", name)
	if s := suggest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return &ExitError{Code: 2, Err: fmt.Errorf("%s; the flows subcommands are: %s", msg, strings.Join(names, ", "))}
}

// validateFlowFiles decodes and validates each file, printing one line per problem as
// "FILE: card …: message" (or "FILE:LINE:COLUMN: message" for a file that does not decode, which
// editors can jump to). It goes on past a bad file so one run reports them all.
func validateFlowFiles(ctx context.Context, env *Env, reg *catalog.Registry) error {
	if len(env.Args) == 0 {
		return &ExitError{Code: 2, Err: errors.New("flows validate needs at least one flow file (usage: flowdeck flows validate FILE...)")}
	}
	failed := false
	for _, path := range env.Args {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := readFlowFile(path)
		if err != nil {
			failed = true
			var de *flow.DecodeError
			if errors.As(err, &de) && de.Line > 0 {
				fmt.Fprintf(env.Stdout, "%s:%d:%d: %s\n", path, de.Line, de.Column, de.Msg)
			} else {
				fmt.Fprintf(env.Stdout, "%s: %v\n", path, err)
			}
			continue
		}
		problems := flow.Validate(f, reg)
		for _, p := range problems {
			fmt.Fprintf(env.Stdout, "%s: %s\n", path, p)
		}
		if len(problems) > 0 {
			failed = true
			continue
		}
		n := 0
		flow.Walk(f, func(flow.Path, *flow.Card) { n++ })
		word := "cards"
		if n == 1 {
			word = "card"
		}
		fmt.Fprintf(env.Stdout, "%s: ok (%d %s)\n", path, n, word)
	}
	if failed {
		return &ExitError{Code: 1}
	}
	return nil
}

func readFlowFile(path string) (*flow.Flow, error) {
	file, err := os.Open(path)
	if err != nil {
		// The path is already at the start of the line; say only what went wrong.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot open the file: %w", err)
	}
	defer file.Close()
	return flow.Decode(file)
}
