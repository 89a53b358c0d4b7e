package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixtures returns the export files under testdata: the real exports (MIT, see SOURCES.md) and
// constructs.flopack.
func fixtures(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"*.flow", "*.folder", "*.flopack"} {
		m, _ := filepath.Glob(filepath.Join("testdata", pat))
		files = append(files, m...)
	}
	if len(files) < 6 {
		t.Fatalf("found %d export fixtures under testdata, want the 5 real ones and constructs.flopack", len(files))
	}
	return files
}

func importFile(t testing.TB, path string) *Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	x, err := Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return Convert(x, Options{Connection: "conn_demo"})
}

// Every flow of every fixture, embedded ones included, imports into a flow document that saves
// and reads back unchanged, has a report, and keeps every unmapped card's JSON byte for byte.
func TestEveryFixtureFlowImports(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			r := importFile(t, path)
			var top int
			raws := map[string]bool{}
			for _, f := range r.Export.Flows {
				if !f.Embedded() {
					top++
				}
				for _, m := range f.Methods {
					raws[string(m.Raw)] = true
				}
			}
			if len(r.Flows) != len(r.Export.Flows) || len(r.Flows) == 0 {
				t.Fatalf("%d flows imported of %d read", len(r.Flows), len(r.Export.Flows))
			}
			for _, imp := range r.Flows {
				rep := imp.Report
				switch rep.Status {
				case StatusReady, StatusNeedsAttention, StatusCannotRun:
				default:
					t.Errorf("flow %q: status %q", rep.Name, rep.Status)
				}
				if rep.Status == StatusCannotRun && len(rep.Unmapped) == 0 {
					t.Errorf("flow %q cannot run but names no card", rep.Name)
				}
				var buf bytes.Buffer
				if err := flow.Encode(&buf, imp.Flow); err != nil {
					t.Fatalf("flow %q: %v", rep.Name, err)
				}
				back, err := flow.Decode(&buf)
				if err != nil {
					t.Fatalf("flow %q does not read back: %v", rep.Name, err)
				}
				if !reflect.DeepEqual(back.Cards, imp.Flow.Cards) {
					t.Errorf("flow %q changed on the way through a file", rep.Name)
				}
				placeholders := 0
				walkCards(imp.Flow.Cards, func(c *flow.Card) {
					if c.Placeholder == nil {
						return
					}
					placeholders++
					if !raws[c.Placeholder.Original] {
						t.Errorf("flow %q: placeholder %s does not hold its card's original JSON", rep.Name, c.ID)
					}
				})
				if placeholders != len(rep.Unmapped) {
					t.Errorf("flow %q: %d placeholders, %d unmapped cards reported", rep.Name, placeholders, len(rep.Unmapped))
				}
			}
		})
	}
}

func walkCards(cards []flow.Card, fn func(*flow.Card)) {
	for i := range cards {
		fn(&cards[i])
		for _, name := range flow.BranchNames(&cards[i]) {
			walkCards(cards[i].Branches[name], fn)
		}
	}
}

// The golden files hold each fixture's report and mapped flows (placeholders' original JSON
// shortened to its hash): they pin chain order, references, expand paths, branches, constants
// and placeholders. Rewrite with go test ./engine/importer -run Golden -update.
func TestGolden(t *testing.T) {
	for _, path := range fixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			r := importFile(t, path)
			var flows []*flow.Flow
			for _, imp := range r.Flows {
				f := flow.Clone(imp.Flow)
				walkCards(f.Cards, func(c *flow.Card) {
					if c.Placeholder != nil {
						sum := sha256.Sum256([]byte(c.Placeholder.Original))
						c.Placeholder.Original = "sha256:" + hex.EncodeToString(sum[:8])
					}
				})
				flows = append(flows, f)
			}
			got, err := json.MarshalIndent(map[string]any{"report": r.Report(), "flows": flows}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("import of %s differs from %s; run with -update and review the diff", name, golden)
			}
		})
	}
}

// constructs.flopack's Welcome flow is made of cards Flowdeck has: it maps completely and
// validates, with each construct landing where the format's rules put it.
func TestConstructsMap(t *testing.T) {
	r := importFile(t, filepath.Join("testdata", "constructs.flopack"))
	byName := map[string]*Imported{}
	for _, imp := range r.Flows {
		byName[imp.Report.Name] = imp
	}
	w := byName["Welcome"]
	if w == nil || w.Report.Status != StatusReady || w.Kind != KindEvent {
		t.Fatalf("Welcome: %+v", w)
	}
	if probs := flow.Validate(w.Flow, catalog.Global()); len(probs) > 0 {
		t.Fatalf("Welcome does not validate: %v", flow.Problems(probs))
	}
	cards := w.Flow.Cards
	var types []string
	for _, c := range cards {
		types = append(types, c.Type)
	}
	want := []string{"okta.event.userCreated", "okta.action.readUser", "function.compose", "function.ifElse", "okta.action.activateUser", "okta.action.addNewUserToGroup"}
	if !reflect.DeepEqual(types, want) {
		t.Fatalf("chain %v, want %v (trigger first, comments and hidden cards out)", types, want)
	}
	// object.expand folded into a path on the event card's target.
	if ref := cards[1].Inputs["userId"].Ref; ref == nil || ref.Card != "c_ev" || ref.Path != "user.id" {
		t.Errorf("Read User's user id: %+v, want a reference to c_ev user.id", cards[1].Inputs["userId"])
	}
	tpl := cards[2].Inputs["text"].Template
	if len(tpl) != 3 || tpl[0].Text != "Welcome " || tpl[1].Ref == nil || tpl[1].Ref.Path != "user.alternateId" || tpl[2].Text != "!" {
		t.Errorf("Compose template: %+v", tpl)
	}
	ifElse := cards[3]
	if ifElse.Inputs["operator"].Literal != "equal to" || ifElse.Inputs["right"].Literal != "ACTIVE" || ifElse.Inputs["left"].Ref.Path != "status" {
		t.Errorf("If/Else condition: %+v", ifElse.Inputs)
	}
	then, els := ifElse.Branches[flow.BranchThen], ifElse.Branches[flow.BranchElse]
	if len(then) != 1 || then[0].Type != "function.assign" || len(els) != 1 || els[0].Type != "function.continueIf" {
		t.Fatalf("branches: then %+v else %+v", then, els)
	}
	assign := then[0].Inputs
	if assign["values.count"].Literal != float64(3) || assign["values.greeting"].Ref.Path != "output" || assign["values.login"].Ref.Path != "login" {
		t.Errorf("Assign values (constants keep their type, custom fields their names): %+v", assign)
	}
	if els[0].Inputs["operator"].Literal != "not equal to" || els[0].Inputs["message"].Literal != "suspended" {
		t.Errorf("Continue If: %+v", els[0].Inputs)
	}
	if cards[4].Options["sendEmail"] != false {
		t.Errorf("Activate User's Send Email? \"No\" should become false: %+v", cards[4].Options)
	}
	if add := cards[5].Inputs; add["groupId"].Literal != "00gWELCOME0000000000" || add["userId"].Ref == nil || add["userId"].Ref.Path != "user.id" {
		t.Errorf("Add User to Group: %+v", add)
	}
	if w.Flow.Connection != "conn_demo" {
		t.Errorf("connection %q, want the one chosen at import", w.Flow.Connection)
	}
	for i, c := range cards[1:] {
		if c.Position.X <= cards[i].Position.X {
			t.Errorf("card %s is not right of the card before it", c.ID)
		}
	}
	if then[0].Position.Y <= ifElse.Position.Y || els[0].Position.Y <= then[0].Position.Y {
		t.Errorf("branches are not laid out below their card: %v %v %v", ifElse.Position, then[0].Position, els[0].Position)
	}

	n := byName["Notify"]
	if n == nil || n.Report.Status != StatusCannotRun || n.Kind != KindScheduled {
		t.Fatalf("Notify: %+v", n)
	}
	if s := n.Report.Schedule; s == nil || s.Hours != "6" || s.Minutes != "30" || s.DayOfWeek != "1-5" || s.TimeZone != "Europe/Berlin" || s.StartDate != "2026-01-01" {
		t.Errorf("schedule: %+v", n.Report.Schedule)
	}
	whats := map[string]string{}
	for _, u := range n.Report.Unmapped {
		whats[u.Label] = u.What
	}
	if whats["Tell the team"] != "Slack: Post Message" || whats["Create Row"] != "Function: Tables – Create Row" {
		t.Errorf("unmapped cards described as %v", whats)
	}
	if !strings.Contains(strings.Join(n.Report.Notes, "\n"), "00000000-0000-0000-0000-00000000dead, which is not in this export") {
		t.Errorf("the missing helper is not reported: %v", n.Report.Notes)
	}
	if n.Report.Folder != "Onboarding/Welcome" {
		t.Errorf("folder %q, want the subfolder path Onboarding/Welcome", n.Report.Folder)
	}
	if tb := r.Export.Tables["tbl1"]; len(tb.Columns) != 2 || tb.Columns[0].Name != "login" || tb.Columns[1].Type != "number" {
		t.Errorf("table schema: %+v", tb)
	}
}

// Embedded flows each get their own identity, even when copies share a uuid; a helper that
// calls itself is reported, not followed forever.
func TestEmbeddedFlowsAndCycles(t *testing.T) {
	r := importFile(t, filepath.Join("testdata", "oktaPushFactorChallenge.folder"))
	ids := map[string]bool{}
	embedded := 0
	for _, imp := range r.Flows {
		if ids[imp.Flow.ID] {
			t.Errorf("two imported flows share the id %s", imp.Flow.ID)
		}
		ids[imp.Flow.ID] = true
		if imp.Source.Embedded() {
			embedded++
			if imp.Kind != KindHelper || imp.Report.EmbeddedIn == "" {
				t.Errorf("embedded flow %q: kind %q, embedded in %q", imp.Report.Name, imp.Kind, imp.Report.EmbeddedIn)
			}
		}
	}
	if embedded != 5 {
		t.Errorf("%d embedded flows found, want the 5 branches of If/ElseIf", embedded)
	}
	// Helper references name the imported helpers, also when importing copies.
	for _, res := range []*Result{r, Convert(r.Export, Options{Copies: true})} {
		ids := map[string]bool{}
		for _, imp := range res.Flows {
			ids[imp.Flow.ID] = true
		}
		calls := 0
		for _, imp := range res.Flows {
			for _, u := range imp.Report.Unmapped {
				for _, h := range u.Helpers {
					calls++
					if !ids[h] {
						t.Errorf("card %q calls %s, which is not an imported flow", u.Label, h)
					}
				}
			}
		}
		if calls < 6 {
			t.Errorf("%d helper calls found, want the If/ElseIf's 5 branches and the Call Flow Async", calls)
		}
	}
	cycle := false
	for _, imp := range r.Flows {
		if strings.Contains(strings.Join(imp.Report.Notes, "\n"), "call each other in a cycle") {
			cycle = true
		}
	}
	if !cycle {
		t.Error("the verify flow calls itself through its If/ElseIf, but no report says so")
	}
}

// Re-importing recognises flows by uuid (the same ids), unless copies are asked for.
func TestFlowIDs(t *testing.T) {
	a := importFile(t, filepath.Join("testdata", "behaviors.flow"))
	b := importFile(t, filepath.Join("testdata", "behaviors.flow"))
	for i := range a.Flows {
		if a.Flows[i].Flow.ID != b.Flows[i].Flow.ID {
			t.Errorf("flow %q got a new id on re-import", a.Flows[i].Report.Name)
		}
	}
	if a.Flows[0].Flow.ID != "f_wf_1ef3aa75-06c5-44e3-a159-5da4d8a7249b" {
		t.Errorf("id %s is not derived from the uuid", a.Flows[0].Flow.ID)
	}
	c := Convert(a.Export, Options{Copies: true})
	if c.Flows[0].Flow.ID == a.Flows[0].Flow.ID {
		t.Error("copies kept the original id")
	}
}

// An If Error branch reads the outer flow's cards through hidden "wormhole" fields: the model
// leads from the branch's field to the holder card's input, which the outer flow wires.
func TestCapturedValues(t *testing.T) {
	r := importFile(t, filepath.Join("testdata", "oktaDeviceOffboarding.folder"))
	found := 0
	for _, f := range r.Export.Flows {
		for _, m := range f.Methods {
			for _, fld := range m.Outputs.List {
				if fld.Wormhole == "" {
					continue
				}
				holder, in, ok := f.Captured(fld)
				if !ok || holder.UUID != "G_Ddn_kav" || in.Key != fld.Key {
					t.Errorf("flow %q: wormhole field %s does not lead to its holder's input", f.Name, fld.ID)
				}
				found++
			}
		}
	}
	if found != 2 {
		t.Errorf("%d wormhole outputs found, want the If Error's try and catch flows' one each", found)
	}
}
