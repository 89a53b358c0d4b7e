package flow

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixtures lists the files matching pattern and fails if there are none, so a renamed folder
// cannot turn a test into one that checks nothing.
func fixtures(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures match testdata/%s", pattern)
	}
	return files
}

func decodeFile(t *testing.T, path string) (*Flow, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return f, data
}

// checkGolden compares got with the golden file, or rewrites it under -update.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./engine/flow -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is intended)\n--- got ---\n%s\n--- want ---\n%s", golden, got, want)
	}
}

// TestRoundTrip decodes every well-formed fixture and encodes it again: the bytes must be the
// file's own, so saving an unchanged flow never changes its file. -update canonicalizes them.
func TestRoundTrip(t *testing.T) {
	files := append(fixtures(t, "valid/*.json"), fixtures(t, "invalid/*.json")...)
	files = append(files, fixtures(t, "examples/*.json")...)
	for _, path := range files {
		t.Run(path, func(t *testing.T) {
			f, _ := decodeFile(t, path)
			var buf bytes.Buffer
			if err := Encode(&buf, f); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, path, buf.Bytes())
		})
	}
}

func TestValidFixturesHaveNoProblems(t *testing.T) {
	reg := testRegistry(t)
	for _, path := range fixtures(t, "valid/*.json") {
		t.Run(path, func(t *testing.T) {
			f, _ := decodeFile(t, path)
			if ps := Validate(f, reg); len(ps) > 0 {
				t.Errorf("unexpected problems:\n%v", Problems(ps))
			}
		})
	}
}

// TestInvalidFixtures holds each broken flow to its full list of problems, one per line as
// "code<TAB>message".
func TestInvalidFixtures(t *testing.T) {
	reg := testRegistry(t)
	for _, path := range fixtures(t, "invalid/*.json") {
		t.Run(path, func(t *testing.T) {
			f, _ := decodeFile(t, path)
			ps := Validate(f, reg)
			if len(ps) == 0 {
				t.Fatal("no problems found in a broken flow")
			}
			var b strings.Builder
			for _, p := range ps {
				b.WriteString(p.Code + "\t" + p.String() + "\n")
			}
			checkGolden(t, strings.TrimSuffix(path, ".json")+".golden", []byte(b.String()))
		})
	}
}

// TestDecodeErrors holds each malformed file to the error Decode gives for it.
func TestDecodeErrors(t *testing.T) {
	for _, path := range fixtures(t, "decode/*.json") {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Decode(bytes.NewReader(data))
			if err == nil {
				t.Fatalf("decoded a malformed file: %+v", f)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Errorf("error is %T, want *DecodeError", err)
			}
			checkGolden(t, strings.TrimSuffix(path, ".json")+".golden", []byte(err.Error()+"\n"))
		})
	}
}
