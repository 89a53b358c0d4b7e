package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

// connEnv is a FLOWDECK_HOME of its own, with the key in a file instead of the OS keyring.
func connEnv(t *testing.T, vars map[string]string) (home string, run func(args ...string) (string, error)) {
	t.Helper()
	prev := connKeyring
	connKeyring = nil
	t.Cleanup(func() { connKeyring = prev })
	home = t.TempDir()
	getenv := func(k string) string {
		if k == "FLOWDECK_HOME" {
			return home
		}
		return vars[k]
	}
	return home, func(args ...string) (string, error) {
		var out bytes.Buffer
		err := Run(context.Background(), &Env{Args: args, Stdout: &out, Stderr: io.Discard, Getenv: getenv})
		return out.String(), err
	}
}

// startSim runs `flowdeck sim` on a free port and returns its URL.
func startSim(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, &Env{Args: []string{"sim", "--addr", "127.0.0.1:0", "--seed", "empty"}, Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }})
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	sc := bufio.NewScanner(pr)
	var url string
	for sc.Scan() {
		if m := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
		}
		if strings.HasPrefix(sc.Text(), "Press Ctrl+C") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if url == "" {
		t.Fatal("flowdeck sim printed no URL")
	}
	return url
}

// freeDemoRedirect picks a redirect URI the demo client registers whose port is free now.
func freeDemoRedirect(t *testing.T) string {
	t.Helper()
	for _, r := range authz.DefaultRedirectURIs {
		ln, err := net.Listen("tcp", strings.TrimSuffix(strings.TrimPrefix(r, "http://"), "/callback"))
		if err == nil {
			ln.Close()
			return r
		}
	}
	t.Skip("ports 8765-8767 are all taken on this machine")
	return ""
}

// connectWithCurl runs `flowdeck connect --no-browser …`, takes the address it prints and fetches
// it following redirects, as `curl -L` would, then returns what connect printed. With --json the
// address is read from stderr, since stdout carries only the JSON.
func connectWithCurl(t *testing.T, home string, args ...string) (stdout, stderr string) {
	t.Helper()
	outR, outW := io.Pipe()
	errR, errW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(context.Background(), &Env{Args: append([]string{"connect", "--no-browser", "--timeout", "30s"}, args...), Stdout: outW, Stderr: errW,
			Getenv: func(k string) string {
				if k == "FLOWDECK_HOME" {
					return home
				}
				return ""
			}})
		outW.Close()
		errW.Close()
	}()
	urlFrom := outR
	for _, a := range args {
		if a == "--json" {
			urlFrom = errR
		}
	}
	var printed bytes.Buffer
	var authorize string
	sc := bufio.NewScanner(urlFrom)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "http") {
			authorize = sc.Text()
			break
		}
	}
	var outBuf, errBuf bytes.Buffer
	copied := make(chan struct{}, 2)
	for _, p := range []struct {
		w *bytes.Buffer
		r io.Reader
	}{{&outBuf, outR}, {&errBuf, errR}} {
		go func() { _, _ = io.Copy(p.w, p.r); copied <- struct{}{} }()
	}
	if authorize == "" {
		err := <-done
		<-copied
		<-copied
		t.Fatalf("connect printed no address: %q %q %q (%v)", printed.String(), outBuf.String(), errBuf.String(), err)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(authorize) // follows redirects, like curl -L
	if err != nil {
		t.Fatalf("fetching the printed address: %v", err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Signed in") {
		t.Errorf("the browser ended on %s with %d: %s", resp.Request.URL, resp.StatusCode, page)
	}
	err = <-done
	<-copied
	<-copied
	if err != nil {
		t.Fatalf("connect: %v\n%s%s%s", err, printed.String(), outBuf.String(), errBuf.String())
	}
	if urlFrom == errR {
		return outBuf.String(), printed.String() + errBuf.String()
	}
	return printed.String() + outBuf.String(), errBuf.String()
}

func TestConnectNoBrowserAgainstFlowdeckSim(t *testing.T) {
	org := startSim(t)
	home, run := connEnv(t, nil)
	redirect := freeDemoRedirect(t)

	out, _ := connectWithCurl(t, home, "--org", org, "--client-id", authz.DefaultClientID, "--redirect-uri", redirect, "--name", "demo")
	for _, want := range []string{"code_challenge_method=S256", `Connected "demo" to ` + org, "admin@example.com", "Identity Engine", "Every action card can run"} {
		if !strings.Contains(out, want) {
			t.Errorf("connect output lacks %q:\n%s", want, out)
		}
	}

	listed, err := run("connections", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var all []connections.Status
	if err := json.Unmarshal([]byte(listed), &all); err != nil {
		t.Fatalf("connections --json: %v\n%s", err, listed)
	}
	if len(all) != 1 || all[0].Name != "demo" || all[0].State != "ok" || all[0].Engine != "Identity Engine" || all[0].Subject.Login != "admin@example.com" {
		t.Errorf("connections = %+v", all)
	}
	table, err := run("connections")
	if err != nil || !strings.Contains(table, "demo") || !strings.Contains(table, "Identity Engine") {
		t.Errorf("connections table: %v\n%s", err, table)
	}

	// Signing in again under the same name, with --json: stdout is JSON only.
	again, stderr := connectWithCurl(t, home, "--org", org, "--client-id", authz.DefaultClientID, "--redirect-uri", redirect, "--name", "demo", "--json")
	var st connections.Status
	if err := json.Unmarshal([]byte(again), &st); err != nil || st.ID != all[0].ID {
		t.Errorf("connect --json printed %q (%v); want the same connection as JSON", again, err)
	}
	if !strings.Contains(stderr, "/oauth2/v1/authorize?") {
		t.Errorf("with --json the address should go to stderr: %q", stderr)
	}

	// run-card uses the stored connection, refreshing as needed; while an engine owns the tokens it
	// borrows the stored access token instead, and disconnect refuses.
	t.Setenv("HOME", t.TempDir()) // okta-sdk-golang reads ~/.okta/okta.yaml
	readAdmin := func() {
		t.Helper()
		out, err := run("run-card", "Read User", "--connection", "demo", "--input", "userId=admin@example.com", "--json")
		if err != nil || !strings.Contains(out, "admin@example.com") {
			t.Errorf("run-card --connection demo: %v\n%s", err, out)
		}
	}
	readAdmin()
	lock, err := enginelock.Acquire(home, "engine")
	if err != nil {
		t.Fatal(err)
	}
	readAdmin()
	if _, err := run("disconnect", "demo"); err == nil || !strings.Contains(err.Error(), "owns the connections' tokens") {
		t.Errorf("disconnect under a running engine: %v", err)
	}
	lock.Release()

	out, err = run("disconnect", "demo")
	if err != nil || !strings.Contains(out, "Revoked the tokens") {
		t.Fatalf("disconnect: %v\n%s", err, out)
	}
	if out, _ := run("connections"); !strings.Contains(out, "No connections yet") {
		t.Errorf("after disconnect: %s", out)
	}
}

func TestConnectWithAnAPIToken(t *testing.T) {
	sim := oktasim.New(oktasim.Options{Pipeline: oktasim.PipelineClassic})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	_, run := connEnv(t, map[string]string{"OKTA_TOKEN": sim.APIToken()})

	out, err := run("connect", "--org", srv.URL, "--api-token-env", "OKTA_TOKEN", "--name", "ssws")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`Connected "ssws"`, "Classic Engine", "API token"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, sim.APIToken()) {
		t.Error("the API token was printed")
	}
	_, err = run("connect", "--org", srv.URL, "--api-token-env", "EMPTY", "--name", "x")
	if err == nil || !strings.Contains(err.Error(), "EMPTY is empty") {
		t.Errorf("empty variable: %v", err)
	}
	out, err = run("disconnect", "--force", "ssws")
	if err != nil || !strings.Contains(out, "Security → API → Tokens") {
		t.Errorf("disconnect: %v\n%s", err, out)
	}
}

func TestConnectionCommandsRefuseBadArguments(t *testing.T) {
	_, run := connEnv(t, nil)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no org", []string{"connect", "--client-id", "0oa1"}, "needs --org"},
		{"neither client id nor token", []string{"connect", "--org", "https://acme.okta.com"}, "either --client-id"},
		{"both client id and token", []string{"connect", "--org", "https://acme.okta.com", "--client-id", "0oa1", "--api-token-env", "T"}, "either --client-id"},
		{"positional argument", []string{"connect", "acme"}, "flags only"},
		{"admin console URL", []string{"connect", "--org", "https://acme-admin.okta.com", "--client-id", "0oa1"}, "without -admin"},
		{"unreachable org", []string{"connect", "--org", "http://127.0.0.1:1", "--client-id", "0oa1"}, "cannot reach"},
		{"disconnect without a name", []string{"disconnect"}, "needs the connection's name"},
		{"disconnect an unknown name", []string{"disconnect", "nope"}, "no connection named"},
		{"connections with an argument", []string{"connections", "x"}, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
			var ee *ExitError
			if errors.As(err, &ee) && ee.Code != 2 && ee.Code != 1 {
				t.Errorf("exit code %d", ee.Code)
			}
		})
	}
}
