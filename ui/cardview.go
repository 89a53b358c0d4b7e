package ui

import (
	"fmt"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
	"github.com/flowdeck/flowdeck/ui/editor"
)

// rowView is what one field row of a card shows.
type rowView struct {
	Key, Label string
	// Value is the bound literal or the wire's source ("Read User › ID"); "" when unbound.
	Value    string
	Wired    bool
	Required bool
	Problem  string
	// Default is the value used when the input is unbound ("" when the field has none).
	Default string
}

// cardView is what a card widget shows; the canvas builds it from the editor.
type cardView struct {
	ID       string
	Name     string
	Kind     catalog.Kind
	Inputs   []rowView
	Outputs  []rowView
	Branches []string
	// Problem is the card-level problem, or a count of field problems ("2 problems").
	Problem  string
	Selected bool
}

// fieldNames maps each field's key to its label on the card and in the inspector. Workflows
// names fields within their section ("ID" under "User", "ID" under "Group"); where two fields
// of a list share a name, the section goes in front ("User ID", "Group ID") so they stay apart.
// Sections with a machine prefix ("target:…", "branch:…") are never shown.
func fieldNames(fs []catalog.Field) map[string]string {
	count := map[string]int{}
	for _, f := range fs {
		count[strings.ToLower(f.Name)]++
	}
	out := make(map[string]string, len(fs))
	for _, f := range fs {
		name := f.Name
		if count[strings.ToLower(f.Name)] > 1 && f.Group != "" && !strings.Contains(f.Group, ":") {
			name = f.Group + " " + f.Name
		}
		out[f.Key] = name
	}
	return out
}

// labelText is the row's label as the card shows it, with the required mark.
func (r rowView) labelText() string {
	if r.Required {
		return r.Label + " *"
	}
	return r.Label
}

// buildCardView derives a card's view from the document, the catalog and the problems.
func buildCardView(ed *editor.Editor, id string, selected bool) cardView {
	c := ed.Card(id)
	v := cardView{ID: id, Name: ed.CardName(id), Selected: selected}
	spec := ed.Spec(id)
	if c == nil || spec == nil {
		v.Problem = "unknown card type"
		return v
	}
	v.Kind = spec.Kind
	problems := map[string]string{}
	n := 0
	for _, p := range ed.ProblemsFor(id) {
		n++
		if p.Field == "" {
			v.Problem = p.Message
		} else if _, seen := problems[p.Field]; !seen {
			problems[p.Field] = p.Message
		}
	}
	if v.Problem == "" && n > 0 {
		if n == 1 {
			v.Problem = "1 problem"
		} else {
			v.Problem = fmt.Sprintf("%d problems", n)
		}
	}
	inNames, outNames := fieldNames(spec.Inputs), fieldNames(spec.Outputs)
	// The rows follow the layout's rows (spec inputs, then the members of object inputs), so
	// the renderer can pair them by position.
	var rows []canvasmodel.FieldBox
	if box, ok := ed.Layout().Cards[id]; ok {
		rows = box.Inputs
	}
	for _, row := range rows {
		r := rowView{Key: row.Key, Label: row.Name, Problem: problems[row.Key]}
		in, isSpec := spec.Input(row.Key)
		if isSpec {
			r.Label, r.Required = inNames[in.Key], in.Required
			if in.Default != nil {
				r.Default = fmt.Sprint(in.Default)
			}
		}
		if b, ok := c.Inputs[row.Key]; ok {
			r.Value, r.Wired = bindingText(ed, b)
		} else if members := canvasmodel.MemberKeys(c, in); isSpec && len(members) > 0 {
			r.Value = fmt.Sprintf("%d fields", len(members))
		}
		v.Inputs = append(v.Inputs, r)
	}
	for _, out := range spec.Outputs {
		v.Outputs = append(v.Outputs, rowView{Key: out.Key, Label: outNames[out.Key]})
	}
	v.Branches = spec.Branches
	return v
}

// bindingText shows an input's binding: a wire as "Card › Field", a literal as typed.
func bindingText(ed *editor.Editor, in flow.Input) (string, bool) {
	switch {
	case in.Ref != nil:
		return refText(ed, in.Ref), true
	case len(in.Template) > 0:
		var b strings.Builder
		for _, p := range in.Template {
			if p.Ref != nil {
				b.WriteString("{" + refText(ed, p.Ref) + "}")
			} else {
				b.WriteString(p.Text)
			}
		}
		return b.String(), true
	case in.Literal != nil:
		return fmt.Sprint(in.Literal), false
	}
	return "", false
}

func refText(ed *editor.Editor, r *flow.Ref) string {
	return ed.CardName(r.Card) + " › " + pathText(ed.Spec(r.Card), r.Path)
}

// pathText names an output path by its fields' names: "user.id" → "Okta User › ID".
func pathText(s *catalog.Spec, path string) string {
	if s == nil {
		return path
	}
	parts := strings.Split(path, ".")
	names := make([]string, 0, len(parts))
	for i := range parts {
		f, ok := s.OutputPath(strings.Join(parts[:i+1], "."))
		if !ok {
			return path
		}
		if i == 0 {
			names = append(names, fieldNames(s.Outputs)[f.Key])
		} else {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, " › ")
}

// wireEnds returns where a wire's line starts (the source output row's right edge) and ends
// (the input row's left edge), in canvas units at zoom 1.
func wireEnds(l *canvasmodel.Layout, ref *flow.Ref, card, key string) (from, to canvasmodel.Point, ok bool) {
	src, okS := l.Cards[ref.Card]
	dst, okD := l.Cards[card]
	if !okS || !okD {
		return from, to, false
	}
	out, okO := src.Output(strings.SplitN(ref.Path, ".", 2)[0])
	in, okI := dst.Input(key)
	if !okO || !okI {
		return from, to, false
	}
	return canvasmodel.Point{X: out.Rect.Right(), Y: out.Rect.Y + out.Rect.H/2},
		canvasmodel.Point{X: in.Rect.X, Y: in.Rect.Y + in.Rect.H/2}, true
}
