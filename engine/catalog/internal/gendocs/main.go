// Command gendocs writes docs/CARDS.md, the card reference, from the card specs. It rewrites the
// file only when the text changed, so `make docs` leaves an up-to-date tree untouched.
//
// Usage (from the repository root): go run ./engine/catalog/internal/gendocs [-o docs/CARDS.md]
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func main() {
	out := flag.String("o", filepath.Join("docs", "CARDS.md"), "the file to write")
	flag.Parse()
	changed, err := write(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	if changed {
		fmt.Println("wrote", *out)
	} else {
		fmt.Println(*out, "is up to date")
	}
}

// write regenerates path from the global registry and reports whether it changed.
func write(path string) (bool, error) {
	var buf bytes.Buffer
	if err := catalog.WriteMarkdown(&buf, catalog.Global()); err != nil {
		return false, fmt.Errorf("generate the card reference: %w", err)
	}
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, buf.Bytes()):
		return false, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, fmt.Errorf("create the folder for %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	return true, nil
}
