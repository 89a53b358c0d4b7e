package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
	"github.com/flowdeck/flowdeck/ui/editor"
)

// inspector is the form of the selected card, derived from its spec: options, then inputs,
// each with its required mark, help text, editor (one at a time, for the selected card only)
// and validation problem.
type inspector struct {
	ed     *editor.Editor
	cardID string
	form   *fyne.Container
	scroll *container.Scroll

	// problems maps "input:key" / "option:key" / "" (the card) to the label showing its problem.
	problems map[string]*widget.Label
	// entries are the literal editors by input key, for tests and focus.
	entries map[string]*widget.Entry
	// paths are the wire field pickers by input key.
	paths map[string]*widget.Select
	// addMember are the lines that add a member to an object input, by input key.
	addMember map[string]memberAdder
	// typing is set while an edit comes from this form, so the change listener updates the
	// problem labels instead of rebuilding the form under the admin's cursor.
	typing bool
}

func newInspector(ed *editor.Editor) *inspector {
	i := &inspector{ed: ed, form: container.NewVBox()}
	i.scroll = container.NewVScroll(container.NewPadded(i.form))
	i.show("")
	return i
}

func (i *inspector) object() fyne.CanvasObject { return i.scroll }

func (i *inspector) setEditor(ed *editor.Editor) {
	i.ed = ed
	i.show("")
}

// onChange is the editor's listener.
func (i *inspector) onChange(editor.Change) {
	if i.cardID != "" && i.ed.Card(i.cardID) == nil {
		i.show("")
		return
	}
	if i.typing {
		i.updateProblems()
		return
	}
	i.show(i.cardID)
}

// show rebuilds the form for card id ("" for none).
func (i *inspector) show(id string) {
	i.cardID = id
	i.problems = map[string]*widget.Label{}
	i.entries = map[string]*widget.Entry{}
	i.paths = map[string]*widget.Select{}
	i.addMember = map[string]memberAdder{}
	var objs []fyne.CanvasObject
	spec := i.ed.Spec(id)
	if id == "" || spec == nil {
		hint := widget.NewLabel("Select a card on the canvas to see and edit its fields.")
		hint.Wrapping = fyne.TextWrapWord
		i.form.Objects = []fyne.CanvasObject{hint}
		i.form.Refresh()
		return
	}
	title := widget.NewLabelWithStyle(i.ed.CardName(id), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	objs = append(objs, title, lowLabel(describe(spec)))
	help := widget.NewLabel(spec.Help)
	help.Wrapping = fyne.TextWrapWord
	objs = append(objs, help, i.problemLabel(""))
	if len(spec.Options) > 0 {
		objs = append(objs, widget.NewSeparator(), heading("Options"))
		for _, f := range spec.Options {
			objs = append(objs, i.optionRow(id, f)...)
		}
	}
	if len(spec.Inputs) > 0 {
		objs = append(objs, widget.NewSeparator(), heading("Inputs"))
		for _, f := range spec.Inputs {
			objs = append(objs, i.inputRow(id, f, fieldNames(spec.Inputs)[f.Key])...)
			objs = append(objs, i.memberRows(id, f)...)
		}
	}
	if len(spec.Outputs) > 0 {
		objs = append(objs, widget.NewSeparator(), heading("Outputs"))
		names := make([]string, 0, len(spec.Outputs))
		labels := fieldNames(spec.Outputs)
		for _, f := range spec.Outputs {
			names = append(names, labels[f.Key])
		}
		out := lowLabel("Drag an output on the canvas onto a later card's input: " + strings.Join(names, ", "))
		objs = append(objs, out)
	}
	i.form.Objects = objs
	i.form.Refresh()
	i.updateProblems()
}

func describe(s *catalog.Spec) string {
	parts := []string{s.Group}
	if s.Category != "" {
		parts = append(parts, s.Category)
	}
	if s.Effect != "" {
		parts = append(parts, string(s.Effect))
	}
	if len(s.Scopes) > 0 {
		parts = append(parts, "needs "+strings.Join(s.Scopes, ", "))
	}
	return strings.Join(parts, " · ")
}

func heading(s string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// lowLabel is secondary text (help, descriptions): smaller, but in the normal text colour
// because the theme's low-importance colour is too faint to read in dark mode.
func lowLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

func fieldLabel(f catalog.Field, name string) fyne.CanvasObject {
	if f.Required {
		name += " *"
	}
	return widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: f.Required})
}

func (i *inspector) problemLabel(key string) *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	i.problems[key] = l
	return l
}

func (i *inspector) optionRow(id string, f catalog.Field) []fyne.CanvasObject {
	card := i.ed.Card(id)
	cur, set := card.Options[f.Key]
	if !set {
		cur = f.Default
	}
	edit := func(v any) {
		i.typing = true
		defer func() { i.typing = false }()
		if err := i.ed.SetOption(id, f.Key, v); err != nil {
			i.problems["option:"+f.Key].SetText(err.Error())
			i.problems["option:"+f.Key].Show()
		}
	}
	objs := []fyne.CanvasObject{fieldLabel(f, fieldNames(i.ed.Spec(id).Options)[f.Key])}
	objs = append(objs, valueEditor(f, cur, edit))
	if f.Help != "" {
		objs = append(objs, lowLabel(f.Help))
	}
	return append(objs, i.problemLabel("option:"+f.Key))
}

func (i *inspector) inputRow(id string, f catalog.Field, label string) []fyne.CanvasObject {
	card := i.ed.Card(id)
	objs := []fyne.CanvasObject{fieldLabel(f, label)}
	in, bound := card.Inputs[f.Key]
	if text, wired := bindingText(i.ed, in); bound && wired {
		wire := widget.NewLabel("← " + text)
		wire.Importance = widget.HighImportance
		wire.Truncation = fyne.TextTruncateEllipsis
		unwire := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
			_ = i.ed.Unwire(id, f.Key)
		})
		objs = append(objs, container.NewBorder(nil, nil, nil, unwire, wire))
		if sel := i.wirePathSelect(id, f.Key, in.Ref); sel != nil {
			objs = append(objs, sel)
		}
	} else {
		var cur any
		if bound {
			cur = in.Literal
		}
		edit := func(v any) {
			i.typing = true
			defer func() { i.typing = false }()
			_ = i.ed.SetLiteral(id, f.Key, v)
		}
		ed := valueEditor(f, cur, edit)
		if e, ok := ed.(*widget.Entry); ok {
			i.entries[f.Key] = e
		}
		objs = append(objs, ed)
	}
	if f.Help != "" {
		objs = append(objs, lowLabel(f.Help))
	}
	return append(objs, i.problemLabel("input:"+f.Key))
}

// memberAdder is the line that adds a member to an object input.
type memberAdder struct {
	name, value *widget.Entry
	add         *widget.Button
}

// memberRows edits an object input member by member (Assign's values): one row per member,
// each typed or wired on its own, and a line to add a member. Not shown when the object is
// bound as a whole.
func (i *inspector) memberRows(id string, f catalog.Field) []fyne.CanvasObject {
	card := i.ed.Card(id)
	if f.Type != catalog.TypeObject {
		return nil
	}
	if _, whole := card.Inputs[f.Key]; whole {
		return nil
	}
	var objs []fyne.CanvasObject
	spec := i.ed.Spec(id)
	for _, key := range canvasmodel.MemberKeys(card, f) {
		mf, _ := editor.InputField(spec, key)
		objs = append(objs, i.inputRow(id, mf, mf.Name)...)
	}
	name := widget.NewEntry()
	name.SetPlaceHolder("field name")
	value := widget.NewEntry()
	value.SetPlaceHolder("value")
	msg := i.problemLabel("add:" + f.Key)
	add := widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() {
		if err := i.ed.AddMember(id, f.Key, name.Text, value.Text); err != nil {
			msg.SetText(strings.TrimPrefix(err.Error(), editor.ErrRefused.Error()+": "))
			msg.Show()
			i.form.Refresh()
		}
	})
	i.addMember[f.Key] = memberAdder{name, value, add}
	row := container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(2, name, value))
	return append(objs, lowLabel("Add a field to "+f.Name+", then type its value or drag an output onto it on the canvas:"), row, msg)
}

// wirePathSelect lets the admin pick a member of an object output the input is wired to
// (dragging "Okta User" wires the whole object; most inputs want its ID). nil when the output
// has no declared members.
func (i *inspector) wirePathSelect(id, key string, ref *flow.Ref) fyne.CanvasObject {
	src := i.ed.Spec(ref.Card)
	if src == nil {
		return nil
	}
	top := strings.SplitN(ref.Path, ".", 2)[0]
	out, ok := src.Output(top)
	if !ok {
		return nil
	}
	paths := []string{top}
	for _, m := range out.Fields {
		paths = append(paths, top+"."+m.Key)
	}
	// Assign outputs the members its object input was given: offer those.
	if in, ok := src.Input(top); ok && len(out.Fields) == 0 {
		paths = append(paths, canvasmodel.MemberKeys(i.ed.Card(ref.Card), in)...)
	}
	if len(paths) == 1 {
		return nil
	}
	labels := make([]string, len(paths))
	byLabel := map[string]string{}
	for n, p := range paths {
		labels[n] = pathText(src, p)
		byLabel[labels[n]] = p
	}
	sel := widget.NewSelect(labels, nil)
	sel.Selected = pathText(src, ref.Path)
	sel.OnChanged = func(label string) {
		if p := byLabel[label]; p != ref.Path {
			_ = i.ed.SetWirePath(id, key, p)
		}
	}
	i.paths[key] = sel
	return sel
}

// valueEditor is the widget for typing one literal: a select for choices, a check for
// booleans, an entry otherwise.
func valueEditor(f catalog.Field, cur any, edit func(any)) fyne.CanvasObject {
	switch {
	case len(f.Choices) > 0:
		s := widget.NewSelect(f.Choices, nil)
		if cur != nil {
			s.Selected = fmt.Sprint(cur)
		}
		s.PlaceHolder = "(choose)"
		s.OnChanged = func(v string) { edit(typed(f, v)) }
		return s
	case f.Type == catalog.TypeBoolean:
		c := widget.NewCheck("", nil)
		c.Checked, _ = cur.(bool)
		c.OnChanged = func(v bool) { edit(v) }
		return c
	}
	e := widget.NewEntry()
	if cur != nil {
		e.Text = fmt.Sprint(cur)
	}
	if f.Default != nil {
		e.PlaceHolder = fmt.Sprintf("default: %v", f.Default)
	} else {
		e.PlaceHolder = "type a value"
	}
	e.OnChanged = func(s string) { edit(typed(f, s)) }
	return e
}

// typed turns typed text into the field's type where it parses (a number field gets a
// number); anything else stays text and validation says what is wrong with it.
func typed(f catalog.Field, s string) any {
	if f.Type == catalog.TypeNumber {
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
	}
	return s
}

// updateProblems shows the current validation problems next to their fields.
func (i *inspector) updateProblems() {
	msgs := map[string]string{}
	for _, p := range i.ed.ProblemsFor(i.cardID) {
		key := ""
		if p.Field != "" {
			key = "input:" + p.Field
			if _, ok := i.problems[key]; !ok {
				key = "option:" + p.Field
			}
		}
		if msgs[key] == "" {
			msgs[key] = p.Message
		}
	}
	relayout := false
	for key, l := range i.problems {
		if strings.HasPrefix(key, "add:") {
			continue // messages of the add-a-field line, not validation
		}
		m := msgs[key]
		if (m != "") != l.Visible() {
			relayout = true
		}
		if m != "" {
			l.SetText(m)
			l.Show()
		} else {
			l.Hide()
		}
	}
	if relayout {
		// A label that appears or goes needs the form laid out again, or it is drawn where
		// it was last placed (over the title, for one never shown before). Twice: a wrapping
		// label only knows its height once it has its width, from the first pass.
		i.form.Refresh()
		i.form.Refresh()
	}
}
