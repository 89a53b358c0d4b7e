package specgen

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// Commit is the okta/okta-management-openapi-spec commit of the reference copies.
const Commit = "fdda229"

// Output file names, as the contract package embeds them.
const (
	ManagementFile = "management-trimmed.yaml"
	OAuthFile      = "oauth-trimmed.yaml"
)

// Generate reads management-minimal.yaml and oauth-minimal.yaml from srcDir and returns the
// trimmed documents by output file name. It reads the card catalog for the operations.
func Generate(srcDir string, reg *catalog.Registry) (map[string][]byte, error) {
	cardOps, _ := CardOps(reg)
	jobs := []struct {
		in, out        string
		want, optional []Op
	}{
		{"management-minimal.yaml", ManagementFile, append(cardOps, ManagementExtras...), nil},
		{"oauth-minimal.yaml", OAuthFile, OAuthOps, OAuthOptional},
	}
	files := map[string][]byte{}
	for _, j := range jobs {
		src, err := os.ReadFile(filepath.Join(srcDir, j.in))
		if err != nil {
			return nil, fmt.Errorf("read Okta's OpenAPI spec: %w (the reference copies live in ../shared/reference/okta-openapi)", err)
		}
		out, err := Trim(src, Source{File: "dist/current/" + j.in, Commit: Commit}, j.want, j.optional)
		if err != nil {
			return nil, err
		}
		files[j.out] = out
	}
	return files, nil
}
