package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/storage"
)

func init() {
	register(&Command{
		Name:    "connections",
		Summary: "list the Okta orgs Flowdeck is connected to, as whom, and what needs attention",
		Usage:   "connections [--json]",
		Run:     runConnections,
	})
}

// connKeyring is the keyring the connection commands keep the data key in; tests swap it out.
var connKeyring vault.Keyring = vault.OSKeyring{}

// connStore is an open data directory: its database and a connection manager over it.
type connStore struct {
	dir string
	db  *storage.DB
	m   *connections.Manager
}

func (s *connStore) Close() { s.db.Close() }

// openConnections opens the data directory (FLOWDECK_HOME) for the connection commands.
func openConnections(ctx context.Context, env *Env) (*connStore, error) {
	dir, err := storage.DataDir(env.Getenv)
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, filepath.Join(dir, storage.FileName))
	if err != nil {
		return nil, err
	}
	v, err := vault.Open(ctx, dir, connKeyring)
	if err != nil {
		db.Close()
		return nil, err
	}
	m := connections.New(connections.Options{DB: db, Vault: v, Registry: catalog.Global(), Logger: slog.New(slog.DiscardHandler)})
	return &connStore{dir: dir, db: db, m: m}, nil
}

// engineRunning refuses to touch an existing connection's tokens while the app or a headless
// engine owns them: two owners of one rotating refresh token lock each other out.
func (s *connStore) engineRunning(what string) error {
	if owner, held := enginelock.Held(s.dir); held {
		who := "another Flowdeck process"
		if owner != nil {
			who = owner.String()
		}
		return fmt.Errorf("cannot %s while %s runs the engine for %s and owns the connections' tokens: do it there, or stop it first", what, who, s.dir)
	}
	return nil
}

func runConnections(ctx context.Context, env *Env) error {
	c, _ := Lookup("connections")
	fs := newFlagSet(env, c)
	asJSON := fs.Bool("json", false, "print the connections as a JSON array")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("connections takes no arguments, got %q", fs.Args())}
	}
	s, err := openConnections(ctx, env)
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.m.List(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if all == nil {
			all = []connections.Status{}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	if len(all) == 0 {
		fmt.Fprintln(env.Stdout, "No connections yet: run `flowdeck connect --org https://YOUR-ORG.okta.com --client-id 0oa…` (see the README, \"Connect your Okta org\").")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tORG\tENGINE\tCONNECTED AS\tSTATE\tCARDS MISSING SCOPES")
	for _, st := range all {
		missing := "-"
		if st.Kind == "oauth" {
			missing = fmt.Sprint(len(st.CardsMissingScopes))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", st.Name, st.OrgURL, st.Engine, st.ConnectedAs(), stateWords(st), missing)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, st := range all {
		for _, w := range st.Warnings {
			fmt.Fprintf(env.Stdout, "%s: %s\n", st.Name, w)
		}
	}
	return nil
}

func stateWords(st connections.Status) string {
	s := st.State
	switch st.State {
	case storage.StatusNeedsSignIn:
		s = "needs sign-in"
	case storage.StatusRevoked:
		s = "revoked"
	}
	if st.Kind == storage.KindAPIToken {
		s += " (API token)"
	} else if st.DPoP {
		s += " (DPoP)"
	}
	if st.RefreshExpiring {
		s += ", sign-in ends soon"
	}
	return s
}

// printConnected tells the admin who is connected, to which engine, and what cannot run.
func printConnected(w io.Writer, st connections.Status, reg *catalog.Registry) {
	fmt.Fprintf(w, "Connected %q to %s as %s, Okta user %s.\n", st.Name, st.OrgURL, st.ConnectedAs(), st.Subject.Sub)
	fmt.Fprintf(w, "The org runs the %s.\n", st.Engine)
	if st.Kind == storage.KindAPIToken {
		fmt.Fprintln(w, "The API token acts with its creator's admin role; OAuth scopes do not limit it.")
		return
	}
	if st.DPoP {
		fmt.Fprintln(w, "The app requires DPoP: tokens are bound to a key kept (encrypted) with the connection.")
	}
	if !st.RefreshExpiresAt.IsZero() {
		fmt.Fprintf(w, "The refresh token is good until %s (a rotated one is renewed with each refresh); Flowdeck warns a week before it runs out.\n", st.RefreshExpiresAt.Local().Format(time.DateOnly))
	}
	if len(st.CardsMissingScopes) == 0 {
		fmt.Fprintln(w, "Every action card can run with the granted scopes (the admin's role still decides what Okta allows).")
		return
	}
	fmt.Fprintf(w, "%d action cards cannot run with the granted scopes; grant these in the app's Okta API Scopes tab and connect again:\n", len(st.CardsMissingScopes))
	ids := make([]string, 0, len(st.CardsMissingScopes))
	for id := range st.CardsMissingScopes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		name := id
		if spec, ok := reg.Lookup(id); ok {
			name = spec.Name
		}
		fmt.Fprintf(w, "  %-40s needs %s\n", name, strings.Join(st.CardsMissingScopes[id], ", "))
	}
}

// findConnection returns the connection named name, with a hint listing the names there are.
func findConnection(ctx context.Context, s *connStore, name string) (connections.Status, error) {
	st, err := s.m.Get(ctx, name)
	if errors.Is(err, storage.ErrNotFound) {
		all, _ := s.m.List(ctx)
		var names []string
		for _, c := range all {
			names = append(names, c.Name)
		}
		if len(names) == 0 {
			return st, fmt.Errorf("there is no connection named %q (there are none yet)", name)
		}
		msg := fmt.Sprintf("there is no connection named %q", name)
		if sg := suggest(name, names); sg != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sg)
		}
		return st, fmt.Errorf("%s; the connections are: %s", msg, strings.Join(names, ", "))
	}
	return st, err
}
