package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/importer"
)

// The import report shows each flow's status and, for a flow that cannot run, every card that
// keeps it from running with what it is and why.
func TestImportReportShowsEachFlow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "engine", "importer", "testdata", "constructs.flopack"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := importer.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := newTestWindow(t)
	w.showImportReport("constructs.flopack", importer.Convert(x, importer.Options{}).Report())
	text := overlayText(w)
	for _, want := range []string{
		"2 flow(s) from constructs.flopack: 1 ready, 0 need attention, 1 cannot run yet",
		"Welcome — ready", "Notify — cannot run",
		`"Tell the team" — Slack: Post Message: Flowdeck has no Slack connector`,
		"Schedule: 0 30 6 * * 1-5 (Europe/Berlin)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
}
