package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad files get a clear error naming what is wrong, never a panic.
func TestReadBadInput(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "behaviors.flow"))
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1)
	for _, tc := range []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"empty", nil, ErrNotJSON, "the file is empty"},
		{"not JSON", []byte("<html>hello</html>"), ErrNotJSON, "line 1, column 1"},
		{"truncated", good[:len(good)/2], ErrTruncated, "cut off"},
		{"wrong type", []byte(`{"type":"flow","version":"1.3.0","data":{}}`), ErrNotFlopack, `the type "flow", not "flopack"`},
		{"no type", []byte(`{"schema":1,"cards":[]}`), ErrNotFlopack, `no "type"`},
		{"array", []byte(`[1,2]`), ErrNotFlopack, "not an Okta Workflows export"},
		{"flos of the wrong kind", []byte(`{"type":"flopack","data":{"flos":[1]}}`), ErrNotFlopack, "data.flos"},
		{"deeply nested", []byte(deep), ErrTooDeep, "nested more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, err := Parse(tc.data)
			if x != nil || !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("Parse = %v, %v; want %v mentioning %q", x, err, tc.err, tc.msg)
			}
		})
	}
}

// A file over the size limit is refused before it is read whole (a 100 MB file reads only
// MaxSize+1 bytes).
func TestReadTooLarge(t *testing.T) {
	big := &countingReader{n: 100 << 20}
	_, err := Read(big)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 32 MiB") {
		t.Fatalf("Read(100 MB) = %v", err)
	}
	if big.read > MaxSize+1 {
		t.Errorf("read %d bytes of a file over the limit", big.read)
	}
}

type countingReader struct{ n, read int }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, errors.New("EOF")
	}
	k := min(len(p), r.n-r.read)
	for i := range p[:k] {
		p[i] = ' '
	}
	r.read += k
	return k, nil
}

// An unknown version imports what is understood and says so; a card or flow of an unexpected
// shape is kept and reported instead of failing the file.
func TestReadUnknownVersionAndOddParts(t *testing.T) {
	doc := `{"type":"flopack","version":"9.0.0","data":{
	  "flos":{
	    "f1":{"id":"f1","name":"Odd","data":{"uuid":"f1","methods":[
	       {"uuid":"a","address":"root:kernel:control:0.0.1:callable","node":{"data":{"name":"Helper Flow"},"model":{}}},
	       {"uuid":"b","address":"root:kernel:string:0.0.1:compose","node":{"data":{"name":42}}},
	       {"uuid":"d","address":"root:kernel:string:0.0.1:compose","node":{"data":{"name":"Odd field"},"model":{"inputs":{"data":{"q":{"id":"q","key":5}}}}}},
	       {"uuid":"c","address":"root:kernel:list:0.0.1:each","node":{"data":{"name":"Each"},"model":{"inputs":{"data":{"x":{"id":"x","key":"flo","value":{"type":"flo","data":"missing-uuid"}}}}}}}
	    ],"orderings":{"e1":["a","b"],"e2":["b","c"],"e3":"bad"}}},
	    "f2":{"id":"f2","name":"Broken","data":null}
	  },
	  "configs":{"c1":{"id":"c1","name":"Okta","module":"okta","data":null}}}}`
	x, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Notes) != 1 || !strings.Contains(x.Notes[0], "9.0.0 is newer") {
		t.Errorf("notes: %v", x.Notes)
	}
	r := Convert(x, Options{})
	var text bytes.Buffer
	if err := r.Report().WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Broken — cannot run", "nothing of it is imported",
		"ordering e3 is not a pair",
		`its JSON could not be read`,
		`card "Odd field" (d): field q could not be read (key is number, not string)`,
		"missing-uuid, which is not in this export",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := r.Report().WriteJSON(&js); err != nil || !strings.Contains(js.String(), `"status": "cannot run"`) {
		t.Errorf("JSON report: %v\n%s", err, js.String())
	}
}

// FuzzImport: whatever the bytes, reading and mapping them returns an error or a result, never
// a panic or a hang. `make test` runs it briefly.
func FuzzImport(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input it finds, which for a real export
	// (27 to 270 KB) outlasts a short fuzz run; these few-KB exports hold each construct.
	f.Add([]byte(miniExport(`{"cp":{"convert":"dateTime"}}`, `{"error":{"type":"flo","retry":2}}`)))
	f.Add([]byte(oneCardFlow("root:kernel:control:0.0.1:callable", `"scheduled":true,"cron":{"hours":"1"},`)))
	f.Add([]byte(`{"type":"flopack","data":{"flos":{"a":{"data":{"methods":[{"uuid":"x","address":"root:kernel:control:0.0.1:if","branches":{"x":true}}],"orderings":{"e":["x","x"]}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := Parse(data)
		if err != nil {
			return
		}
		r := Convert(x, Options{})
		var buf bytes.Buffer
		if err := r.Report().WriteText(&buf); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkImportFixtures reads and maps every fixture; flows/s counts embedded flows too.
func BenchmarkImportFixtures(b *testing.B) {
	var files [][]byte
	for _, p := range fixtures(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	flows := 0
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range files {
			x, err := Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			flows += len(Convert(x, Options{}).Flows)
		}
	}
	b.ReportMetric(float64(flows)/b.Elapsed().Seconds(), "flows/s")
}
