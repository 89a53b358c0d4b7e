package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/storage"
)

func init() {
	register(&Command{
		Name:    "connect",
		Summary: "sign in to an Okta org in the browser (OAuth + PKCE), or add an API token",
		Usage:   "connect --org URL (--client-id ID [--redirect-uri URI] [--no-browser] | --api-token-env VAR) [--name NAME] [--json]",
		Run:     runConnect,
	})
	resolveConnection = storedConnection
}

// storedConnection is run-card's --connection: the stored connection's client. While the app or
// `flowdeck engine` owns the tokens, it borrows the stored access token without refreshing it
// (a refresh here would rotate the owner's refresh token out from under it). The database stays
// open until ctx ends, since a refresh saves the rotated token.
func storedConnection(ctx context.Context, env *Env, name string) (*client.Client, error) {
	s, err := openConnections(ctx, env)
	if err != nil {
		return nil, err
	}
	st, err := s.m.Get(ctx, name)
	if errors.Is(err, storage.ErrNotFound) {
		s.Close()
		// Worded as run-card words it, with the way to add one.
		return nil, fmt.Errorf("no connection named %q (run flowdeck connections); add one with flowdeck connect", name)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	var cl *client.Client
	if _, held := enginelock.Held(s.dir); held {
		cl, err = s.m.BorrowClient(ctx, st.ID)
	} else {
		cl, err = s.m.Client(ctx, st.ID)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	context.AfterFunc(ctx, s.Close)
	return cl, nil
}

func runConnect(ctx context.Context, env *Env) error {
	c, _ := Lookup("connect")
	fs := newFlagSet(env, c)
	org := fs.String("org", "", "the org's address, like https://acme.okta.com")
	clientID := fs.String("client-id", "", "Client ID of the org's OIDC Native app for Flowdeck (see the README)")
	name := fs.String("name", "", "the connection's name (default: after the org; the same name signs in again)")
	redirect := fs.String("redirect-uri", auth.DefaultRedirectURI, "sign-in redirect URI registered in the Okta app, exactly (http://127.0.0.1:PORT/path)")
	noBrowser := fs.Bool("no-browser", false, "do not open a browser: print the address to open, and wait for the sign-in")
	tokenEnv := fs.String("api-token-env", "", "use the Okta API token in this environment variable instead of a browser sign-in")
	timeout := fs.Duration("timeout", 5*time.Minute, "how long to wait for the browser sign-in")
	asJSON := fs.Bool("json", false, "print the connection as JSON (the sign-in address goes to stderr)")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("connect takes flags only, got %q; usage: flowdeck %s", fs.Args(), c.Usage)}
	}
	if *org == "" {
		return &ExitError{Code: 2, Err: errors.New("connect needs --org, the address of your Okta org (like https://acme.okta.com)")}
	}
	if (*clientID == "") == (*tokenEnv == "") {
		return &ExitError{Code: 2, Err: errors.New("connect needs either --client-id (sign in with the Flowdeck app you created in Okta; see the README) or --api-token-env VAR (an API token)")}
	}
	s, err := openConnections(ctx, env)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := refuseIfOwned(ctx, s, *org, *name); err != nil {
		return err
	}

	var st connections.Status
	if *tokenEnv != "" {
		token := env.Getenv(*tokenEnv)
		if token == "" {
			return fmt.Errorf("the environment variable %s is empty: put the API token there (never on the command line, where other users and the shell history can see it)", *tokenEnv)
		}
		if *name == "" {
			return &ExitError{Code: 2, Err: errors.New("an API token connection needs --name")}
		}
		st, err = s.m.AddAPIToken(ctx, connections.APITokenRequest{OrgURL: *org, Name: *name, Token: token})
	} else {
		msgOut := env.Stdout
		if *asJSON {
			msgOut = env.Stderr // stdout carries only the JSON
		}
		st, err = s.m.SignIn(ctx, connections.SignInRequest{
			OrgURL: *org, ClientID: *clientID, Name: *name, RedirectURI: *redirect,
			ShowURL:   showURL(msgOut, *noBrowser),
			NoBrowser: *noBrowser, Timeout: *timeout, // the system browser, opened in the background
		})
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	printConnected(env.Stdout, st, catalog.Global())
	return nil
}

// showURL prints the authorize URL on a line of its own, so it can be copied (or piped to curl).
func showURL(w io.Writer, noBrowser bool) func(string) {
	var once sync.Once
	return func(u string) {
		once.Do(func() {
			if noBrowser {
				fmt.Fprintln(w, "Open this address in a browser and sign in as the admin (ideally a service account) Flowdeck should act as:")
			} else {
				fmt.Fprintln(w, "Opening your browser to sign in. If it does not open, open this address:")
			}
			fmt.Fprintln(w, u)
			fmt.Fprintln(w, "Waiting for Okta to send you back to Flowdeck…")
		})
	}
}

// refuseIfOwned stops a sign-in that would replace the tokens of a connection the running engine
// owns. A new connection is fine.
func refuseIfOwned(ctx context.Context, s *connStore, org, name string) error {
	all, err := s.m.List(ctx)
	if err != nil {
		return err
	}
	u, err := client.ParseOrgURL(org)
	if err != nil {
		return err
	}
	for _, c := range all {
		if (name != "" && strings.EqualFold(c.Name, name)) || (name == "" && c.OrgURL == u.String()) {
			return s.engineRunning("sign in to " + c.Name + " again")
		}
	}
	return nil
}
