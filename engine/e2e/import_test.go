package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flowdeck/flowdeck/engine/importer"
	"github.com/flowdeck/flowdeck/storage"
)

// An Okta Workflows flow made of cards Flowdeck has imports ready, switches on and does what
// its description says against the simulated org: each new active user joins the Welcome group.
// The export's group id is a constant of the author's org; the test adjusts it to the demo's.
func TestImportedWorkflowsFlowRuns(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "importer", "testdata", "constructs.flopack"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := importer.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	v := newEnv(t, envOptions{})
	welcome := v.createGroup("Welcome")
	res := importer.Convert(x, importer.Options{Connection: v.conn})
	var imp *importer.Imported
	for _, i := range res.Flows {
		if i.Report.Name == "Welcome" {
			imp = i
		}
	}
	if imp == nil || imp.Report.Status != importer.StatusReady {
		t.Fatalf("the Welcome flow did not import ready: %+v", imp)
	}
	f := imp.Flow
	adjusted := false
	for i, c := range f.Cards {
		if c.Type == "okta.action.addNewUserToGroup" {
			in := c.Inputs["groupId"]
			in.Literal = welcome
			f.Cards[i].Inputs["groupId"] = in
			adjusted = true
		}
	}
	if !adjusted {
		t.Fatal("no Add User to Group card in the imported flow")
	}
	v.addFlow(f) // saves and switches on: it must validate
	if err := v.e.PollAllOnce(v.ctx); err != nil {
		t.Fatal(err)
	}
	user := v.createUserWithLogin("Grace", "Hopper", "grace.hopper@example.com")
	v.pollAndRun()
	runs := v.runs(f.ID)
	if len(runs) != 1 || runs[0].Status != storage.RunSucceeded {
		for _, r := range runs {
			for _, s := range v.steps(r.ID) {
				t.Logf("step %s: %s %s", s.CardID, s.Status, s.Error)
			}
		}
		t.Fatalf("runs: %+v", runs)
	}
	v.wantMember(t, welcome, user, true)
}
