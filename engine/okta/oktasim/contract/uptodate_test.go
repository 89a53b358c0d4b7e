package contract

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract/internal/specgen"
)

// referenceSpecs is where the full Okta specs live when ../shared sits beside the repository.
var referenceSpecs = filepath.Join("..", "..", "..", "..", "..", "shared", "reference", "okta-openapi")

// TestTrimmedSpecsUpToDate regenerates the trimmed specs from the reference copies and the
// card catalog and compares them with the embedded ones. It skips when the reference copies
// are not there (a checkout without ../shared).
func TestTrimmedSpecsUpToDate(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(filepath.Join(referenceSpecs, "management-minimal.yaml")); err != nil {
		t.Skipf("no reference specs at %s: %v", referenceSpecs, err)
	}
	want, err := specgen.Generate(referenceSpecs, catalog.Global())
	if err != nil {
		t.Fatal(err)
	}
	got, err := SpecFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the generator produced no files")
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("spec/%s is stale: run go generate ./engine/okta/oktasim/contract", name)
		}
	}
}

// TestCardOperationsInContract holds the catalog's card calls against the embedded contract,
// so a new card without a regenerated spec fails even where ../shared is absent.
func TestCardOperationsInContract(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ops, cards, err := c.CardOperations(catalog.Global())
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) < 50 {
		t.Errorf("only %d card operations found in the contract; the catalog has about 60 cards", len(ops))
	}
	for _, op := range ops {
		if len(cards[op]) == 0 {
			t.Errorf("%s has no card", op)
		}
	}
}
