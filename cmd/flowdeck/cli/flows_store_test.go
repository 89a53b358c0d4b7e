package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/storage"
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

func TestCatchUpRunAndSkip(t *testing.T) {
	home := t.TempDir()
	file := filepath.Join(home, "welcome.json")
	if err := os.WriteFile(file, []byte(sampleFlow), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, home, "flows", "import", file); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(home, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := db.WriteTx(ctx, func(tx *sql.Tx) error {
			_, err := db.InsertRun(ctx, tx, storage.Run{FlowID: "f_welcome", FlowVersion: 1, Trigger: storage.TriggerManual, Status: storage.RunCatchUpPending})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out, _ := runCLI(t, home, "flows", "list")
	if !strings.Contains(out, "3 (run or skip") {
		t.Errorf("list does not show the held backlog:\n%s", out)
	}
	out, err = runCLI(t, home, "flows", "catch-up", "f_welcome", "skip")
	if err != nil || !strings.Contains(out, "skipped 3 held run(s)") {
		t.Errorf("catch-up skip: %v\n%s", err, out)
	}
	out, _ = runCLI(t, home, "flows", "catch-up", "f_welcome", "run")
	if !strings.Contains(out, "holds no backlog") {
		t.Errorf("after skip: %s", out)
	}
	if _, err := runCLI(t, home, "flows", "catch-up", "f_welcome", "maybe"); err == nil {
		t.Error("a bad verb was accepted")
	}
	if _, err := runCLI(t, home, "flows", "catch-up", "nope", "run"); err == nil {
		t.Error("a missing flow was accepted")
	}
}

func TestEngineOnceShowsSystemLogGaps(t *testing.T) {
	home := t.TempDir()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(home, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateConnection(ctx, storage.Connection{Name: "acme", OrgURL: "https://acme.okta.com", Kind: storage.KindAPIToken})
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	if err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		return db.RecordPollGap(ctx, tx, storage.PollGap{ConnectionID: c.ID, From: from, To: from.Add(30 * 24 * time.Hour)})
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err := runCLI(t, home, "engine", "--once")
	if err != nil || !strings.Contains(out, "gap: acme") || !strings.Contains(out, "never seen") {
		t.Errorf("engine --once: %v\n%s", err, out)
	}
}
