package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/storage"
)

const importFixtures = "../../../engine/importer/testdata"

// flowdeck import stores every flow of an export off, recognises them on re-import, imports
// copies on request, and stores nothing on a dry run or a bad file.
func TestImportCommand(t *testing.T) {
	home := t.TempDir()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(home, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.CreateConnection(ctx, storage.Connection{Name: "acme", OrgURL: "https://acme.okta.com", Kind: storage.KindAPIToken})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(importFixtures, "constructs.flopack")
	countFlows := func() int {
		db, err := storage.Open(ctx, filepath.Join(home, storage.FileName))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		fl, err := db.ListFlows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fl {
			if f.Enabled {
				t.Errorf("imported flow %s is on", f.ID)
			}
		}
		return len(fl)
	}

	out, err := runCLI(t, home, "import", file, "--dry-run")
	if err != nil || !strings.Contains(out, "Dry run: nothing was stored") || countFlows() != 0 {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, err = runCLI(t, home, "import", "--connection", conn.ID, file)
	if err != nil || !strings.Contains(out, "Welcome — ready") || !strings.Contains(out, `"Tell the team" — Slack: Post Message`) || !strings.Contains(out, ": new") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if n := countFlows(); n != 2 {
		t.Fatalf("%d flows stored, want 2", n)
	}
	out, err = runCLI(t, home, "import", file, "--connection", conn.ID)
	if err == nil || !strings.Contains(err.Error(), "were imported before") || !strings.Contains(err.Error(), "--update") {
		t.Errorf("a re-import without --update or --copies was not refused: %v\n%s", err, out)
	}
	out, err = runCLI(t, home, "import", file, "--connection", conn.ID, "--update", "--json")
	if err != nil {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	var js struct {
		Stored []struct{ ID, State string }
		Report struct{ Flows []struct{ Status string } }
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if len(js.Stored) != 2 || js.Stored[0].State != "unchanged" || len(js.Report.Flows) != 2 {
		t.Errorf("re-import of the same export: %+v", js)
	}
	if countFlows() != 2 {
		t.Error("a re-import added flows")
	}
	if out, err = runCLI(t, home, "import", file, "--copies"); err != nil || countFlows() != 4 {
		t.Errorf("--copies: %v\n%s", err, out)
	}
	// The flow enables only once its problems are gone: Welcome is ready and has a connection.
	if out, err = runCLI(t, home, "flows", "enable", "f_wf_aaaaaaaa-0000-4000-8000-000000000001"); err != nil {
		t.Errorf("enable the ready flow: %v\n%s", err, out)
	}
	out, err = runCLI(t, home, "flows", "enable", "f_wf_aaaaaaaa-0000-4000-8000-000000000002")
	if err == nil || !strings.Contains(out, "imported Okta Workflows card") {
		t.Errorf("a flow with placeholder cards was switched on: %v\n%s", err, out)
	}

	bad := filepath.Join(home, "half.folder")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, home, "import", bad)
	if err == nil || !strings.Contains(err.Error(), "cut off") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("truncated file: %v\n%s", err, out)
	}
	if _, err := runCLI(t, home, "import", file, "--connection", "nope"); err == nil {
		t.Error("an unknown connection was accepted")
	}
	if _, err := runCLI(t, home, "import"); err == nil {
		t.Error("import with no file was accepted")
	}

	fresh := t.TempDir()
	if out, err := runCLI(t, fresh, "import", "--dry-run", file); err != nil || !strings.Contains(out, "Welcome — ready") {
		t.Errorf("dry run without data: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(fresh, storage.FileName)); !os.IsNotExist(err) {
		t.Errorf("a dry run created the database (%v)", err)
	}
}
