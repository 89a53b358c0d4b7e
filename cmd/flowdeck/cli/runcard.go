package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/actions"
	"github.com/flowdeck/flowdeck/engine/okta/client"
)

func init() {
	register(&Command{
		Name:    "run-card",
		Summary: "run one Okta action card now and print its outputs or Okta's error",
		Usage:   `run-card "CARD NAME" (--connection NAME | --org URL --token-env VAR) [--input key=value]... [--input-json FILE] [--option key=value]... [--json]`,
		Run:     runCard,
	})
}

// resolveConnection returns the client of a stored connection. Stored connections arrive with
// the connections work (issue 5), which replaces this function; until then only --org with
// --token-env connects.
var resolveConnection = func(ctx context.Context, env *Env, name string) (*client.Client, error) {
	return nil, fmt.Errorf("no connection named %q (run flowdeck connections)", name)
}

// keyValues is a repeatable key=value flag.
type keyValues struct {
	flag  string
	pairs [][2]string
}

func (kv *keyValues) String() string { return "" }

func (kv *keyValues) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("--%s wants key=value, got %q", kv.flag, s)
	}
	kv.pairs = append(kv.pairs, [2]string{strings.TrimSpace(k), v})
	return nil
}

func runCard(ctx context.Context, env *Env) error {
	c, _ := Lookup("run-card")
	fs := newFlagSet(env, c)
	conn := fs.String("connection", "", "the stored connection to run the card with")
	org := fs.String("org", "", "the org URL, e.g. https://acme.okta.com (with --token-env)")
	tokenEnv := fs.String("token-env", "", "the environment variable holding an API token (SSWS) or an access token (Bearer)")
	scheme := fs.String("token-scheme", "auto", "SSWS, Bearer or auto (an access token is a JWT; anything else is taken as an API token)")
	inputJSON := fs.String("input-json", "", "a file holding a JSON object of inputs (--input values win)")
	asJSON := fs.Bool("json", false, "print the outputs as a JSON object")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	inputs := &keyValues{flag: "input"}
	options := &keyValues{flag: "option"}
	fs.Var(inputs, "input", "an input as key=value (repeatable); lists and objects as JSON")
	fs.Var(options, "option", "an option as key=value (repeatable)")

	// The card name usually comes first, before the flags, which the flag package stops at.
	args := env.Args
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if name == "" && len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	switch {
	case name == "":
		return &ExitError{Code: 2, Err: fmt.Errorf("give one card name, quoted, e.g. flowdeck run-card \"Read User\" --input userId=…; usage: flowdeck %s", c.Usage)}
	case len(rest) > 0:
		return &ExitError{Code: 2, Err: fmt.Errorf("give one card name, quoted; %q is extra; usage: flowdeck %s", rest, c.Usage)}
	}
	spec, err := findActionCard(catalog.Global(), name)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	call, err := buildCall(spec, *inputJSON, inputs.pairs, options.pairs)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	switch {
	case *conn != "" && *org != "":
		return &ExitError{Code: 2, Err: errors.New("give either --connection or --org, not both")}
	case *conn != "":
		call.Client, err = resolveConnection(ctx, env, *conn)
	case *org != "":
		call.Client, err = clientFromEnv(ctx, env, *org, *tokenEnv, *scheme)
	default:
		return &ExitError{Code: 2, Err: errors.New("say which org to call: --connection NAME, or --org URL with --token-env VAR")}
	}
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	res, err := actions.Run(ctx, call)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.Outputs); err != nil {
			return fmt.Errorf("write the outputs: %w", err)
		}
		return nil
	}
	return printOutputs(env, spec, res.Outputs)
}

// buildCall gathers the card's inputs (the JSON file, then --input, which wins) and options,
// each by key or display name.
func buildCall(spec *catalog.Spec, inputJSON string, inputs, options [][2]string) (*actions.Call, error) {
	call := &actions.Call{Spec: spec, Inputs: map[string]any{}, Options: map[string]any{}}
	if inputJSON != "" {
		if err := readInputJSON(spec, inputJSON, call.Inputs); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	for _, p := range inputs {
		f, err := fieldByKey(spec, spec.Inputs, "input", p[0])
		if err != nil {
			return nil, err
		}
		v := cliValue(f, p[1])
		prev, wasList := call.Inputs[f.Key].([]any)
		if l, isList := v.([]any); isList && wasList && seen[f.Key] {
			v = append(prev, l...) // a list input given more than once collects every value
		}
		call.Inputs[f.Key] = v
		seen[f.Key] = true
	}
	for _, p := range options {
		f, err := fieldByKey(spec, spec.Options, "option", p[0])
		if err != nil {
			return nil, err
		}
		call.Options[f.Key] = cliValue(f, p[1])
	}
	return call, nil
}

// findActionCard finds an action card by display name (any case) or id, suggesting the closest
// name when there is none.
func findActionCard(r *catalog.Registry, name string) (*catalog.Spec, error) {
	s, ok := r.ByName(name)
	if !ok {
		s, ok = r.Lookup(name)
	}
	if ok && s.Kind == catalog.KindAction {
		return s, nil
	}
	if ok {
		return nil, fmt.Errorf("%q is a %s card; run-card runs action cards only (flowdeck cards --kind action lists them)", s.Name, s.Kind)
	}
	var names []string
	for _, a := range r.OfKind(catalog.KindAction) {
		names = append(names, a.Name)
	}
	msg := fmt.Sprintf("no action card named %q", name)
	if sug := suggest(name, names); sug != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	}
	return nil, errors.New(msg + "; run 'flowdeck cards --kind action' for the list")
}

// fieldByKey finds an input or option by key, or by its display name when that is unambiguous.
func fieldByKey(spec *catalog.Spec, fields []catalog.Field, kind, key string) (catalog.Field, error) {
	for _, f := range fields {
		if f.Key == key {
			return f, nil
		}
	}
	var byName []catalog.Field
	for _, f := range fields {
		if strings.EqualFold(f.Key, key) || strings.EqualFold(f.Name, key) {
			byName = append(byName, f)
		}
	}
	if len(byName) == 1 {
		return byName[0], nil
	}
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.Key
	}
	sort.Strings(keys)
	msg := fmt.Sprintf("%s has no %s %q", spec.Name, kind, key)
	if sug := suggest(key, keys); sug != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	}
	if len(keys) == 0 {
		return catalog.Field{}, fmt.Errorf("%s; it takes no %ss", msg, kind)
	}
	return catalog.Field{}, fmt.Errorf("%s; its %ss are: %s", msg, kind, strings.Join(keys, ", "))
}

// cliValue turns command-line text into a value: JSON for lists and objects when it parses as
// JSON, comma-separated items for a list; anything else stays text, which the card's executor
// reads by the field's type.
func cliValue(f catalog.Field, s string) any {
	if f.Type == catalog.TypeList || f.Type == catalog.TypeObject || f.Type == catalog.TypeAny {
		var v any
		if json.Unmarshal([]byte(s), &v) == nil {
			if _, ok := v.([]any); ok || f.Type != catalog.TypeList {
				return v
			}
		}
	}
	if f.Type == catalog.TypeList {
		items := []any{}
		for _, it := range strings.Split(s, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		return items
	}
	return s
}

func readInputJSON(spec *catalog.Spec, file string, into map[string]any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read the inputs: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s must hold one JSON object of inputs by key: %w", file, err)
	}
	for k, v := range m {
		f, err := fieldByKey(spec, spec.Inputs, "input", k)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		into[f.Key] = v
	}
	return nil
}

// clientFromEnv connects to org with a token read from an environment variable: a token on the
// command line would land in the shell's history.
func clientFromEnv(ctx context.Context, env *Env, org, tokenEnv, scheme string) (*client.Client, error) {
	if tokenEnv == "" {
		return nil, errors.New("--org needs --token-env VAR: the name of the environment variable holding the token (never the token itself)")
	}
	tok := strings.TrimSpace(env.Getenv(tokenEnv))
	if tok == "" {
		return nil, fmt.Errorf("the environment variable %s is empty: put an Okta API token or access token in it", tokenEnv)
	}
	cred, err := credential(tok, scheme)
	if err != nil {
		return nil, err
	}
	return client.New(ctx, client.Config{OrgURL: org, Tokens: client.StaticToken(cred)})
}

// credential works out the Authorization scheme: one written before the token wins, then
// --token-scheme; auto takes a JWT (three dot-separated parts) as a Bearer access token and
// anything else as an SSWS API token.
func credential(tok, scheme string) (client.Credential, error) {
	for _, s := range []string{"SSWS", "Bearer"} {
		if v, ok := strings.CutPrefix(tok, s+" "); ok {
			return client.Credential{Scheme: s, Value: strings.TrimSpace(v)}, nil
		}
	}
	switch strings.ToLower(scheme) {
	case "ssws":
		return client.Credential{Scheme: "SSWS", Value: tok}, nil
	case "bearer":
		return client.Credential{Scheme: "Bearer", Value: tok}, nil
	case "auto", "":
		if strings.Count(tok, ".") == 2 {
			return client.Credential{Scheme: "Bearer", Value: tok}, nil
		}
		return client.Credential{Scheme: "SSWS", Value: tok}, nil
	}
	return client.Credential{}, fmt.Errorf("--token-scheme %q: use SSWS, Bearer or auto", scheme)
}

// printOutputs lists the outputs as "key: value" in the card's order; objects and lists print as
// compact JSON.
func printOutputs(env *Env, spec *catalog.Spec, out map[string]any) error {
	var b strings.Builder
	for _, f := range spec.Outputs {
		v, ok := out[f.Key]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", f.Key, formatValue(v))
	}
	_, err := fmt.Fprint(env.Stdout, b.String())
	return err
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case map[string]any, []any:
		j, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(j)
	}
	return fmt.Sprint(v)
}
