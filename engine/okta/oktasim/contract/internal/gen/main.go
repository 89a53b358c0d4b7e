// Command gen writes the trimmed Okta OpenAPI specs that package contract embeds. It runs
// without network: it reads the reference copies in ../shared/reference/okta-openapi (beside
// the repository) and the card catalog.
//
//	go run ./engine/okta/oktasim/contract/internal/gen
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract/internal/specgen"
)

func main() {
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	src := flag.String("src", filepath.Join(root, "..", "shared", "reference", "okta-openapi"), "folder holding management-minimal.yaml and oauth-minimal.yaml")
	out := flag.String("out", filepath.Join(root, "engine", "okta", "oktasim", "contract", "spec"), "folder to write the trimmed specs to")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	files, err := specgen.Generate(src, catalog.Global())
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		path := filepath.Join(out, name)
		// Write only on change, so file times and editors stay quiet.
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Println("wrote", path)
	}
	return nil
}

// moduleRoot finds the folder holding go.mod, so the command works from anywhere in the repo.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the current folder: run me inside the Flowdeck repository")
		}
		dir = parent
	}
}
