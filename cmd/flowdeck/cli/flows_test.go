package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func runFlowsCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Args: append([]string{"flows"}, args...), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" }}
	err := Run(context.Background(), env)
	return out.String(), errOut.String(), err
}

func writeFlowFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return -1
}

// anyTrigger picks an event card of the built-in catalog that needs no settings, so the test
// does not depend on which cards the catalog holds today.
func anyTrigger(t *testing.T) *catalog.Spec {
	t.Helper()
	for _, s := range catalog.Global().OfKind(catalog.KindEvent) {
		needs := false
		for _, f := range append(append([]catalog.Field{}, s.Options...), s.Inputs...) {
			needs = needs || f.Required && f.Default == nil
		}
		if !needs {
			return s
		}
	}
	t.Skip("the built-in catalog has no event card without required settings yet")
	return nil
}

func TestFlowsValidate(t *testing.T) {
	trigger := anyTrigger(t)
	good := writeFlowFile(t, "good.json", fmt.Sprintf(`{"schema": 1, "name": "ok", "cards": [
  {"id": "c_1", "type": %q, "version": %d, "position": {"x": 0, "y": 0}}]}`, trigger.ID, trigger.Version))
	broken := writeFlowFile(t, "broken.json", `{"schema": 1, "name": "broken", "cards": [
  {"id": "c_1", "type": "okta.action.noSuchCard", "version": 1, "position": {"x": 0, "y": 0}},
  {"id": "c_2", "type": "okta.action.noSuchCard", "version": 1, "position": {"x": 0, "y": 0},
   "inputs": {"x": {"ref": {"id": "w_1", "card": "c_3", "path": "id"}}}}]}`)
	typo := writeFlowFile(t, "typo.json", "{\"schema\": 1,\n  \"cards\": [{\"id\": \"c_1\", \"lable\": \"x\"}]}\n")
	newer := writeFlowFile(t, "newer.json", `{"schema": 99, "cards": []}`)
	missing := filepath.Join(t.TempDir(), "missing.json")

	tests := []struct {
		name  string
		args  []string
		code  int
		lines []string
	}{
		{"good file", []string{good}, 0, []string{good + ": ok (1 card)"}},
		{"broken file: every problem", []string{broken}, 1, []string{
			broken + `: card "okta.action.noSuchCard" (c_1): uses the card type "okta.action.noSuchCard", which this Flowdeck does not know; remove the card or upgrade Flowdeck`,
			broken + `: card "okta.action.noSuchCard" (c_2): uses the card type "okta.action.noSuchCard", which this Flowdeck does not know; remove the card or upgrade Flowdeck`,
			broken + `: card "okta.action.noSuchCard" (c_2): input "x" reads card c_3, which is not in this flow`,
		}},
		{"decode error with line and column", []string{typo}, 1, []string{
			typo + `:2:27: card c_1: unknown field "lable" in a card; did you mean "label"?`}},
		{"newer schema", []string{newer}, 1, []string{
			newer + ":1:12: this flow was saved by a newer Flowdeck (schema 99); upgrade to open it"}},
		{"missing file", []string{missing}, 1, []string{missing + ": cannot open the file: no such file or directory"}},
		{"all files are checked", []string{typo, good, broken}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runFlowsCmd(t, append([]string{"validate"}, tt.args...)...)
			if got := exitCode(err); got != tt.code {
				t.Fatalf("exit code %d (%v), want %d\n%s", got, err, tt.code, out)
			}
			var ee *ExitError
			if errors.As(err, &ee) && ee.Err != nil {
				t.Errorf("the problems are printed; the exit error should carry none, got %v", ee.Err)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if tt.lines == nil {
				if len(lines) != 5 || !strings.HasPrefix(lines[0], typo+":") || lines[1] != good+": ok (1 card)" || !strings.HasPrefix(lines[4], broken+":") {
					t.Errorf("output:\n%s", out)
				}
				return
			}
			if strings.Join(lines, "\n") != strings.Join(tt.lines, "\n") {
				t.Errorf("output:\n%s\nwant:\n%s", out, strings.Join(tt.lines, "\n"))
			}
		})
	}
}

func TestFlowsUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", nil, 2, "flows needs a subcommand: list, import, export, enable, disable, catch-up, validate"},
		{"unknown subcommand", []string{"vaildate"}, 2, `unknown flows subcommand "vaildate" (did you mean "validate"?); the flows subcommands are: list, import, export, enable, disable, catch-up, validate`},
		{"far from any", []string{"frobnicate"}, 2, `unknown flows subcommand "frobnicate"; the flows subcommands are: list, import, export, enable, disable, catch-up, validate`},
		{"validate without files", []string{"validate"}, 2, "needs at least one flow file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runFlowsCmd(t, tt.args...)
			if exitCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v (code %d), want code %d and %q", err, exitCode(err), tt.code, tt.want)
			}
		})
	}
	out, _, err := runFlowsCmd(t, "help")
	if err != nil || !strings.Contains(out, "flows validate FILE...") {
		t.Errorf("help = %q, %v", out, err)
	}
}
