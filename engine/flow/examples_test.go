package flow

import (
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// TestExamplesAgainstGlobalCatalog keeps the example flows in step with the built-in cards: a
// renamed card or input key shows up here, naming the example to update.
func TestExamplesAgainstGlobalCatalog(t *testing.T) {
	reg := catalog.Global()
	for _, path := range fixtures(t, "examples/*.json") {
		t.Run(path, func(t *testing.T) {
			f, _ := decodeFile(t, path)
			if ps := Validate(f, reg); len(ps) > 0 {
				t.Errorf("the example no longer fits the built-in cards:\n%v", Problems(ps))
			}
		})
	}
}
