package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func init() {
	register(&Command{
		Name:    "cards",
		Summary: "list every card (events, actions, functions) with its trigger or API call",
		Usage:   "cards [--json] [--kind event|action|function]",
		Run:     runCards,
	})
}

func runCards(ctx context.Context, env *Env) error {
	c, _ := Lookup("cards")
	fs := newFlagSet(env, c)
	asJSON := fs.Bool("json", false, "print the card specs as a JSON array")
	kind := fs.String("kind", "", "only cards of this kind: event, action or function")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("cards takes no arguments, got %q; usage: flowdeck %s", fs.Args(), c.Usage)}
	}
	specs, err := cardsOfKind(catalog.Global(), *kind)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(specs); err != nil {
			return fmt.Errorf("write the card list: %w", err)
		}
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tNAME\tGROUP\tTRIGGER OR CALL")
	for _, s := range specs {
		group := s.Group
		if s.Category != "" {
			group += " / " + s.Category
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, s.Name, group, cardTrigger(s))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write the card list: %w", err)
	}
	return nil
}

// cardsOfKind returns the registry's specs, all or of one kind; never nil, so JSON shows [].
func cardsOfKind(r *catalog.Registry, kind string) ([]*catalog.Spec, error) {
	switch k := catalog.Kind(kind); k {
	case "":
		return append([]*catalog.Spec{}, r.All()...), nil
	case catalog.KindEvent, catalog.KindAction, catalog.KindFunction:
		return append([]*catalog.Spec{}, r.OfKind(k)...), nil
	default:
		return nil, fmt.Errorf("unknown card kind %q: use event, action or function", kind)
	}
}

// cardTrigger is what starts an event card or what an action card calls.
func cardTrigger(s *catalog.Spec) string {
	switch {
	case len(s.EventTypes) > 0:
		return strings.Join(s.EventTypes, ", ")
	case len(s.API) > 0:
		return strings.Join(s.API, "; ")
	}
	return ""
}
