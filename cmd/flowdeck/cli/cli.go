// Package cli holds flowdeck's headless subcommands. It imports no Fyne, so its tests run without
// cgo; cmd/flowdeck wires it to the GUI.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Env is what a subcommand may touch: its arguments and output streams. Commands never call
// os.Exit; they return an error, and a *ExitError carries a specific exit code.
type Env struct {
	Args   []string
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (FLOWDECK_HOME and friends); tests pass a map's lookup.
	Getenv func(string) string
}

// Command is one subcommand.
type Command struct {
	Name    string
	Summary string // one line for `flowdeck help`
	Usage   string // the synopsis, e.g. "cards [--json]"
	Run     func(ctx context.Context, env *Env) error
}

// ExitError asks main to exit with Code after printing Err (if any).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

var commands = map[string]*Command{}

// register is called from each command file's init.
func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// Lookup returns the subcommand with the given name.
func Lookup(name string) (*Command, bool) {
	c, ok := commands[name]
	return c, ok
}

// Commands returns every subcommand sorted by name.
func Commands() []*Command {
	out := make([]*Command, 0, len(commands))
	for _, c := range commands {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Run dispatches args (without the program name) to a subcommand.
func Run(ctx context.Context, env *Env) error {
	if len(env.Args) == 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("no command given; run 'flowdeck help'")}
	}
	name := env.Args[0]
	if name == "help" || name == "-h" || name == "--help" {
		printHelp(env.Stdout)
		return nil
	}
	c, ok := Lookup(name)
	if !ok {
		msg := fmt.Sprintf("unknown command %q", name)
		if s := suggest(name, commandNames()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return &ExitError{Code: 2, Err: fmt.Errorf("%s; run 'flowdeck help' for the list", msg)}
	}
	sub := *env
	sub.Args = env.Args[1:]
	return c.Run(ctx, &sub)
}

func commandNames() []string {
	var names []string
	for _, c := range Commands() {
		names = append(names, c.Name)
	}
	return names
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Flowdeck — a desktop flow builder for Okta administrators.")
	fmt.Fprintln(w, "\nRun without a command to open the app. Commands:")
	for _, c := range Commands() {
		fmt.Fprintf(w, "  %-28s %s\n", c.Usage, c.Summary)
	}
}

// newFlagSet makes a flag set that reports errors instead of exiting and prints usage to stderr.
func newFlagSet(env *Env, c *Command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: flowdeck %s\n", c.Usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and turns a flag error into exit code 2.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return &ExitError{Code: 0}
		}
		return &ExitError{Code: 2, Err: err}
	}
	return nil
}

// suggest returns the candidate closest to s by edit distance, if it is close enough.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := editDistance(ls, strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
