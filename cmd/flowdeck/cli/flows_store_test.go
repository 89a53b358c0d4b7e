package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, home string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Args: args, Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "FLOWDECK_HOME" {
			return home
		}
		return ""
	}}
	err := Run(context.Background(), env)
	return out.String() + errb.String(), err
}

const sampleFlow = `{
  "schema": 1,
  "id": "f_welcome",
  "name": "Welcome",
  "cards": [
    {"id": "c_trigger0001", "type": "okta.event.userCreated", "version": 1, "position": {"x": 0, "y": 0}},
    {"id": "c_compose0001", "type": "function.compose", "version": 1, "position": {"x": 300, "y": 0},
     "inputs": {"text": {"literal": "hello"}}}
  ]
}
`

func TestStoredFlowCommands(t *testing.T) {
	home := t.TempDir()
	file := filepath.Join(home, "welcome.json")
	if err := os.WriteFile(file, []byte(sampleFlow), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, home, "flows", "import", file)
	if err != nil || !strings.Contains(out, "stored as flow f_welcome") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, _ = runCLI(t, home, "flows", "import", file)
	if !strings.Contains(out, "unchanged") {
		t.Errorf("re-import made a new version: %s", out)
	}
	out, err = runCLI(t, home, "flows", "list")
	if err != nil || !strings.Contains(out, "f_welcome") || !strings.Contains(out, "off") {
		t.Errorf("list: %v\n%s", err, out)
	}
	out, err = runCLI(t, home, "flows", "enable", "f_welcome")
	if err == nil || !strings.Contains(out+err.Error(), "no Okta connection") {
		t.Errorf("enable without a connection: %v\n%s", err, out)
	}
	exported := filepath.Join(home, "out.json")
	if _, err := runCLI(t, home, "flows", "export", "f_welcome", exported); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(exported)
	if !strings.Contains(string(data), `"f_welcome"`) {
		t.Errorf("export = %s", data)
	}
	if _, err := runCLI(t, home, "flows", "export", "nope"); err == nil {
		t.Error("exporting a missing flow succeeded")
	}
	out, err = runCLI(t, home, "history")
	if err != nil || !strings.Contains(out, "No runs yet") {
		t.Errorf("history: %v\n%s", err, out)
	}
	out, err = runCLI(t, home, "engine", "--once")
	if err != nil || !strings.Contains(out, "runs: no runs") {
		t.Errorf("engine --once: %v\n%s", err, out)
	}
}
