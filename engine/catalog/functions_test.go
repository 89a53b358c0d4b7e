package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestFunctionCards(t *testing.T) {
	for _, tc := range []struct {
		id, name string
		branches []string
		inputs   []string
		outputs  []string
	}{
		{"function.continueIf", "Continue If", nil, []string{"left", "operator", "right", "message"}, nil},
		{"function.ifElse", "If/Else", []string{"then", "else"}, []string{"left", "operator", "right"}, []string{"result"}},
		{"function.forEach", "For Each", []string{"each"}, []string{"list"}, []string{"item", "index", "results"}},
		{"function.compose", "Compose", nil, []string{"text"}, []string{"output"}},
		{"function.assign", "Assign", nil, []string{"values"}, []string{"values"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := Global().Lookup(tc.id)
			if !ok {
				t.Fatalf("no card %s", tc.id)
			}
			if s.Kind != KindFunction || s.Name != tc.name || s.Group != "Functions" || s.Version != 1 {
				t.Errorf("got kind %s name %q group %q version %d; want function %q in Functions, version 1", s.Kind, s.Name, s.Group, s.Version, tc.name)
			}
			if !slices.Equal(s.Branches, tc.branches) {
				t.Errorf("branches = %v, want %v", s.Branches, tc.branches)
			}
			if got := fieldKeys(s.Inputs); !slices.Equal(got, tc.inputs) {
				t.Errorf("inputs = %v, want %v", got, tc.inputs)
			}
			if got := fieldKeys(s.Outputs); !slices.Equal(got, tc.outputs) {
				t.Errorf("outputs = %v, want %v", got, tc.outputs)
			}
		})
	}
	if n := len(Global().OfKind(KindFunction)); n != 5 {
		t.Errorf("the registry has %d function cards, want 5", n)
	}
}

func fieldKeys(fs []Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key)
	}
	return out
}

func TestFunctionConditions(t *testing.T) {
	for _, id := range []string{"function.continueIf", "function.ifElse"} {
		t.Run(id, func(t *testing.T) {
			s, ok := Global().Lookup(id)
			if !ok {
				t.Fatalf("no card %s", id)
			}
			op, _ := s.Input("operator")
			for _, want := range []string{"equal to", "not equal to", "greater than", "less than", "contains", "starts with", "ends with", "is empty", "is not empty"} {
				if !slices.Contains(op.Choices, want) {
					t.Errorf("operator choices %v lack %q", op.Choices, want)
				}
			}
			if def, _ := op.Default.(string); !slices.Contains(op.Choices, def) || !op.Required {
				t.Errorf("operator: default %v must be a choice and the input required", op.Default)
			}
			if left, _ := s.Input("left"); !left.Required {
				t.Errorf("left must be required")
			}
			if right, _ := s.Input("right"); right.Required {
				t.Errorf("right must be optional: is empty and is not empty ignore it")
			}
		})
	}
	s, _ := Global().Lookup("function.continueIf")
	if m, ok := s.Input("message"); !ok || m.Group != "Otherwise" || m.Required {
		t.Errorf("Continue If needs an optional Otherwise/Message input, got %+v", m)
	}
	if !strings.Contains(s.Help, "filtered") {
		t.Errorf("Continue If help must say the run stops as filtered: %q", s.Help)
	}
}

func TestFunctionForEach(t *testing.T) {
	s, ok := Global().Lookup("function.forEach")
	if !ok {
		t.Fatal("no card function.forEach")
	}
	c, ok := s.Option("concurrency")
	if !ok || c.Type != TypeNumber || c.Default != 1 {
		t.Fatalf("concurrency option = %+v, want a number defaulting to 1", c)
	}
	if !slices.Equal(c.Choices, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}) {
		t.Errorf("concurrency choices = %v, want 1 to 10", c.Choices)
	}
	if l, _ := s.Input("list"); l.Type != TypeList || !l.Required {
		t.Errorf("list input = %+v, want a required list", l)
	}
	for _, key := range []string{"item", "index"} {
		if f, _ := s.Output(key); f.Group != fnBranchGroupPrefix+"each" {
			t.Errorf("output %s has group %q; it exists only inside the each branch", key, f.Group)
		}
	}
	if r, _ := s.Output("results"); r.Type != TypeList || r.Group != "" {
		t.Errorf("results = %+v, want a list visible after the card", r)
	}
}

// Every branch-only output names a branch of its card, so the engine can scope it.
func TestFunctionBranchOutputs(t *testing.T) {
	var found int
	for _, s := range Global().OfKind(KindFunction) {
		for _, f := range s.Outputs {
			if b, ok := f.Branch(); ok {
				found++
				if !slices.Contains(s.Branches, b) {
					t.Errorf("%s output %q belongs to branch %q, which the card does not have (%v)", s.ID, f.Key, b, s.Branches)
				}
			}
		}
	}
	if found == 0 {
		t.Error("no branch-only outputs found; For Each's item and index should be")
	}
}

func TestFunctionAssignPaths(t *testing.T) {
	s, _ := Global().Lookup("function.assign")
	if f, ok := s.OutputPath("values.email"); !ok || f.Type != TypeAny {
		t.Errorf("values.email must resolve (to any), got %+v %v", f, ok)
	}
}

func TestFieldBranch(t *testing.T) {
	for _, tc := range []struct {
		group, want string
		ok          bool
	}{
		{"branch:each", "each", true},
		{"branch:", "", false},
		{"Condition", "", false},
		{"", "", false},
	} {
		t.Run(tc.group, func(t *testing.T) {
			got, ok := Field{Group: tc.group}.Branch()
			if got != tc.want || ok != tc.ok {
				t.Errorf("Branch() = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
