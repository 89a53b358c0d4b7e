package cli

import (
	"context"
	"errors"
	"fmt"
)

func init() {
	register(&Command{
		Name:    "disconnect",
		Summary: "revoke a connection's tokens at Okta and forget it",
		Usage:   "disconnect NAME [--force]",
		Run:     runDisconnect,
	})
}

func runDisconnect(ctx context.Context, env *Env) error {
	c, _ := Lookup("disconnect")
	fs := newFlagSet(env, c)
	force := fs.Bool("force", false, "forget the connection even if its tokens cannot be revoked at Okta")
	// Accept the flag after the name too: `disconnect acme --force`.
	var name string
	args := env.Args
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("disconnect takes one connection name, got more: %q", fs.Args())}
	}
	if name == "" {
		return &ExitError{Code: 2, Err: errors.New("disconnect needs the connection's name (see `flowdeck connections`)")}
	}
	s, err := openConnections(ctx, env)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := findConnection(ctx, s, name)
	if err != nil {
		return err
	}
	if err := s.engineRunning("disconnect " + st.Name); err != nil {
		return err
	}
	res, err := s.m.Delete(ctx, st.ID, *force)
	if err != nil {
		return err
	}
	if res.Revoked {
		fmt.Fprintf(env.Stdout, "Revoked the tokens of %q at %s and removed the connection.\n", st.Name, st.OrgURL)
	} else {
		fmt.Fprintf(env.Stdout, "Removed the connection %q.\n", st.Name)
	}
	if res.Note != "" {
		fmt.Fprintf(env.Stdout, "Note: %s.\n", res.Note)
	}
	return nil
}
