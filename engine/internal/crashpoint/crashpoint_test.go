package crashpoint

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		name string
		at   int64
	}{
		{"after-call", "after-call", 1},
		{"after-call:37", "after-call", 37},
		{" mid-page-commit:2 ", "mid-page-commit", 2},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := parse(tt.in)
			if p == nil || p.name != tt.name || p.at != tt.at {
				t.Fatalf("parse(%q) = %+v, want %s at %d", tt.in, p, tt.name, tt.at)
			}
		})
	}
	if parse("") != nil {
		t.Error(`parse("") should leave every point unarmed`)
	}
	for _, bad := range []string{"after-call:0", "after-call:x"} {
		t.Run(bad, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("parse(%q) should refuse the countdown", bad)
				}
			}()
			parse(bad)
		})
	}
}

func TestHitUnarmedOrOtherPoint(t *testing.T) {
	old := armed
	t.Cleanup(func() { armed = old })
	armed = nil
	Hit(AfterCall) // must return
	armed = parse("after-call:3")
	Hit(MidPageCommit)
	Hit(AfterCall)
	Hit(AfterCall)
	if got := armed.hits.Load(); got != 2 {
		t.Fatalf("after two hits of the armed point the count is %d, want 2", got)
	}
}
