package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

// runCardCmd runs `flowdeck run-card args...` against a simulated org whose API token is in
// the environment variable SIM_TOKEN.
func runCardCmd(t *testing.T, org *oktasim.Org, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Args: append([]string{"run-card"}, args...), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			switch k {
			case "SIM_TOKEN":
				return org.APIToken()
			case "SIM_ACCESS_TOKEN":
				return org.MintAccessToken(authz.DefaultClientID, "okta.users.read")
			}
			return ""
		}}
	err := Run(context.Background(), env)
	return out.String(), err
}

func startRunCardSim(t *testing.T) (*oktasim.Org, string) {
	t.Helper()
	t.Setenv("HOME", t.TempDir()) // okta-sdk-golang reads ~/.okta/okta.yaml
	org := oktasim.New(oktasim.Options{})
	srv := httptest.NewServer(org)
	t.Cleanup(srv.Close)
	return org, srv.URL
}

func TestRunCard(t *testing.T) {
	org, url := startRunCardSim(t)
	conn := []string{"--org", url, "--token-env", "SIM_TOKEN"}

	t.Run("create user from an input file, as JSON", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "in.json")
		in := `{"login":"cli@example.com","email":"cli@example.com","firstName":"Cli","lastName":"User","customProfile":{"costCenter":"5"}}`
		if err := os.WriteFile(file, []byte(in), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := runCardCmd(t, org, append([]string{"Create User", "--input-json", file, "--input", "activate=false", "--json"}, conn...)...)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("--json output %q: %v", out, err)
		}
		if got["login"] != "cli@example.com" || got["status"] != "STAGED" {
			t.Errorf("outputs = %v", got)
		}
		if n := org.MutationsOfKind("user.create"); n != 1 {
			t.Errorf("the org created %d users, want 1", n)
		}
	})
	t.Run("read user, readable listing", func(t *testing.T) {
		out, err := runCardCmd(t, org, append([]string{"read user", "--input", "ID or Login=cli@example.com"}, conn...)...)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"\nstatus: STAGED\n", "\nlogin: cli@example.com\n", `"costCenter":"5"`} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("options, flags before the name", func(t *testing.T) {
		out, err := runCardCmd(t, org, append(append([]string{"--option", "sendEmail=false", "--input", "userId=cli@example.com"}, conn...), "Activate User")...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "activationUrl: http") {
			t.Errorf("output lacks the activation URL:\n%s", out)
		}
	})
	t.Run("an OAuth access token", func(t *testing.T) {
		out, err := runCardCmd(t, org, "Read User", "--input", "userId=cli@example.com", "--org", url,
			"--token-env", "SIM_ACCESS_TOKEN", "--token-scheme", "Bearer")
		if err != nil || !strings.Contains(out, "login: cli@example.com") {
			t.Errorf("out %q, err %v", out, err)
		}
	})
	t.Run("Okta's error exits 1", func(t *testing.T) {
		_, err := runCardCmd(t, org, append([]string{"Read User", "--input", "userId=nobody@example.com"}, conn...)...)
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Code != 1 || !strings.Contains(err.Error(), "E0000007") || !strings.Contains(err.Error(), "Read User") {
			t.Errorf("err = %v, want exit 1 with Okta's E0000007", err)
		}
	})
}

func TestRunCardUsageErrors(t *testing.T) {
	org, url := startRunCardSim(t)
	conn := []string{"--org", url, "--token-env", "SIM_TOKEN"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"misspelt card", append([]string{"Read Usr"}, conn...), `did you mean "Read User"?`},
		{"event card", append([]string{"User Created"}, conn...), "action cards only"},
		{"misspelt input", append([]string{"Read User", "--input", "usrId=x"}, conn...), `did you mean "userId"?`},
		{"misspelt option", append([]string{"Activate User", "--input", "userId=x", "--option", "sendEmial=false"}, conn...), `did you mean "sendEmail"?`},
		{"malformed input", append([]string{"Read User", "--input", "userId"}, conn...), "key=value"},
		{"no card", conn, "give one card name"},
		{"no org", []string{"Read User", "--input", "userId=x"}, "--connection NAME, or --org URL"},
		{"stored connection not yet", []string{"Read User", "--input", "userId=x", "--connection", "acme"}, `no connection named "acme" (run flowdeck connections)`},
		{"token variable empty", []string{"Read User", "--input", "userId=x", "--org", url, "--token-env", "NOT_SET"}, "NOT_SET is empty"},
		{"no token variable", []string{"Read User", "--input", "userId=x", "--org", url}, "--token-env"},
		{"missing required input", append([]string{"Read User"}, conn...), `"ID or Login" is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runCardCmd(t, org, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
	if n := org.MutationCount(""); n != 0 {
		t.Errorf("usage errors changed the org %d times", n)
	}
}

func TestCredentialScheme(t *testing.T) {
	tests := []struct{ tok, scheme, want string }{
		{"00abcdef", "auto", "SSWS"},
		{"eyJ.eyJ.sig", "auto", "Bearer"},
		{"Bearer opaque", "auto", "Bearer"},
		{"opaque", "bearer", "Bearer"},
		{"SSWS 00abc", "bearer", "SSWS"},
	}
	for _, tt := range tests {
		c, err := credential(tt.tok, tt.scheme)
		if err != nil || c.Scheme != tt.want || strings.Contains(c.Value, " ") {
			t.Errorf("credential(%q, %q) = %+v, %v; want scheme %s", tt.tok, tt.scheme, c, err, tt.want)
		}
	}
	if _, err := credential("x", "Basic"); err == nil {
		t.Error("an unknown scheme must be refused")
	}
}

func TestRunCardListInputs(t *testing.T) {
	org, url := startRunCardSim(t)
	conn := []string{"--org", url, "--token-env", "SIM_TOKEN"}
	var gids []string
	for _, name := range []string{"One", "Two", "Three"} {
		out, err := runCardCmd(t, org, append([]string{"Create Group", "--input", "name=" + name, "--json"}, conn...)...)
		if err != nil {
			t.Fatal(err)
		}
		var g map[string]any
		if err := json.Unmarshal([]byte(out), &g); err != nil {
			t.Fatal(err)
		}
		gids = append(gids, g["id"].(string))
	}
	args := append([]string{"Create User", "--option", "option=in Group",
		"--input", "login=list@example.com", "--input", "email=list@example.com", "--input", "firstName=L", "--input", "lastName=I",
		"--input", "groupIds=" + gids[0] + "," + gids[1], "--input", "groupIds=" + gids[2], "--json"}, conn...)
	out, err := runCardCmd(t, org, args...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"status": "PROVISIONED"`) {
		t.Errorf("created user:\n%s", out)
	}
	for _, gid := range gids {
		out, err := runCardCmd(t, org, append([]string{"List Group Members", "--input", "groupId=" + gid, "--json"}, conn...)...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, `"login": "list@example.com"`) {
			t.Errorf("group %s members:\n%s\nwant the new user in all three groups", gid, out)
		}
	}
}
