package specgen

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestTrim(t *testing.T) {
	src, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Trim(src, Source{File: "mini.yaml", Commit: "abc1234"},
		[]Op{{Method: "GET", Path: "/api/v1/things/{id}"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("trimmed spec is not YAML: %v\n%s", err, text)
	}
	tests := []struct {
		name    string
		present bool
		snippet string
	}{
		{"header names the source and commit", true, "mini.yaml at commit abc1234"},
		{"wanted operation kept", true, "summary: Read a thing"},
		{"other method on the same path dropped", false, "Gone"},
		{"other path dropped", false, "/api/v1/others"},
		{"unreferenced schema dropped", false, "Other:"},
		{"path-level parameter kept", true, "pathThingId"},
		{"referenced schema kept", true, "Thing:"},
		{"transitive schema kept", true, "Kind:"},
		{"discriminator mapping target kept", true, "KindA:"},
		{"referenced response kept", true, "NotFound:"},
		{"schema of a referenced response kept", true, "errorCode"},
		{"response example kept", true, "ThingExample:"},
		{"unreferenced example dropped", false, "OtherExample"},
		{"description inside an example value kept", true, "a field called description stays"},
		{"property named description kept", true, "        description:\n          type: string"},
		{"prose descriptions dropped", false, "Prose"},
		{"response description kept (OpenAPI 3.0 requires it)", true, "description: Not Found"},
		{"schema example dropped", false, "t0"},
		{"parameter example dropped", false, "example: t1"},
		{"extensions dropped", false, "x-okta-lifecycle"},
		{"tags dropped", false, "- name: Thing"},
		{"licence kept", true, "Apache-2.0"},
		{"security schemes kept", true, "apiToken:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(text, tt.snippet); got != tt.present {
				t.Errorf("contains %q = %v, want %v\n%s", tt.snippet, got, tt.present, text)
			}
		})
	}
}

func TestTrimMissingOperation(t *testing.T) {
	src, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Op{{Method: "POST", Path: "/api/v1/things/{id}"}, {Method: "GET", Path: "/api/v1/nothing"}}
	_, err = Trim(src, Source{File: "mini.yaml"}, want, nil)
	if err == nil || !strings.Contains(err.Error(), "POST /api/v1/things/{id}, GET /api/v1/nothing") {
		t.Fatalf("err = %v, want both missing operations named", err)
	}
	if _, err := Trim(src, Source{File: "mini.yaml"}, want[1:], want[1:]); err != nil {
		t.Errorf("an optional operation may be missing: %v", err)
	}
}

func TestParseAPILine(t *testing.T) {
	tests := []struct {
		line string
		want Op
		ok   bool
	}{
		{"GET /api/v1/users?q={query}", Op{"GET", "/api/v1/users"}, true},
		{"post /api/v1/users/{id}/lifecycle/activate", Op{"POST", "/api/v1/users/{id}/lifecycle/activate"}, true},
		{"GET {relativeUrl}", Op{}, false},
		{"nonsense", Op{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := ParseAPILine(tt.line)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseAPILine(%q) = %v, %v; want %v, %v", tt.line, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestShape(t *testing.T) {
	a := Op{"GET", "/api/v1/users/{idOrLogin}/linkedObjects/{primaryName}"}
	b := Op{"GET", "/api/v1/users/{userIdOrLogin}/linkedObjects/{relationshipName}"}
	if a.Shape() != b.Shape() {
		t.Errorf("%s and %s should have one shape", a, b)
	}
	if (Op{"GET", "/api/v1/groups/rules"}).Shape() == (Op{"GET", "/api/v1/groups/{groupId}"}).Shape() {
		t.Error("a literal segment must not match a parameter")
	}
}
