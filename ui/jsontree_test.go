package ui

import (
	"fmt"
	"testing"
)

func TestJSONTree(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		wantRoot []string
		labels   map[string]string
	}{
		{"object sorted", `{"login":"ada@example.com","id":"00u1","profile":{"firstName":"Ada"}}`,
			[]string{"/id", "/login", "/profile"},
			map[string]string{"": "{3}", "/login": `login: "ada@example.com"`, "/profile": "profile {1}", "/profile/firstName": `firstName: "Ada"`}},
		{"array", `[1,true,null]`, []string{"/0", "/1", "/2"},
			map[string]string{"": "[3]", "/0": "0: 1", "/1": "1: true", "/2": "2: null"}},
		{"key with a slash", `{"a/b":1}`, []string{"/a~1b"}, map[string]string{"/a~1b": "a/b: 1"}},
		{"not JSON", `oops`, nil, map[string]string{"": `"oops"`}},
		{"empty", ``, nil, map[string]string{"": "{0}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := jsonTreeOf([]byte(tt.raw))
			if got := fmt.Sprint(tr.children[""]); got != fmt.Sprint(tt.wantRoot) && !(len(tt.wantRoot) == 0 && len(tr.children[""]) == 0) {
				t.Errorf("root children = %s, want %v", got, tt.wantRoot)
			}
			for id, want := range tt.labels {
				if got := tr.labels[id]; got != want {
					t.Errorf("label %q = %q, want %q", id, got, want)
				}
			}
		})
	}
}
