package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteOnlyOnChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "docs", "CARDS.md")
	changed, err := write(path)
	if err != nil || !changed {
		t.Fatalf("first write: changed=%v err=%v, want a new file", changed, err)
	}
	first, err := os.ReadFile(path)
	if err != nil || len(first) == 0 {
		t.Fatalf("read back: %d bytes, %v", len(first), err)
	}
	if changed, err = write(path); err != nil || changed {
		t.Fatalf("second write: changed=%v err=%v, want no change", changed, err)
	}
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if changed, err = write(path); err != nil || !changed {
		t.Fatalf("after edit: changed=%v err=%v, want a rewrite", changed, err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Error("the rewrite differs from the first generation")
	}
}
