package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/editor"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestCardGolden(t *testing.T) {
	assign := fixture.AssignFlow()
	assign.Cards[1].Inputs["values.login"] = flow.Input{Ref: &flow.Ref{ID: "w_1", Card: "c_event", Path: "login"}}
	tests := []struct {
		name     string
		flow     *flow.Flow
		card     string
		selected bool
		zoom     float32
	}{
		{"card_read_user.png", fixture.LinearFlow(), "c_read", false, 1},
		{"card_with_problem_selected.png", fixture.LinearFlow(), "c_add", true, 1},
		{"card_event_zoom_1_5.png", fixture.LinearFlow(), "c_event", false, 1.5},
		{"card_assign_members.png", assign, "c_assign", false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
			ed := editor.New(tc.flow, fixture.Registry())
			box := ed.Layout().Cards[tc.card]
			cw := newCardWidget(buildCardView(ed, tc.card, tc.selected), box, tc.zoom, nil)
			size := cw.MinSize().Add(fyne.NewSize(24, 24))
			win := test.NewWindow(container.NewCenter(cw))
			win.SetPadded(false)
			win.Resize(size)
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

func TestCanvasGolden(t *testing.T) {
	wired := fixture.BranchFlow()
	wired.Cards[1].Inputs = map[string]flow.Input{
		"value": {Ref: &flow.Ref{ID: "w_1", Card: "c_event", Path: "status"}},
		"op":    {Literal: "equals"},
		"other": {Literal: "ACTIVE"},
	}
	wired.Cards[1].Branches["then"][0].Inputs = map[string]flow.Input{"userId": {Ref: &flow.Ref{ID: "w_2", Card: "c_event", Path: "id"}}}
	tests := []struct {
		name  string
		flow  *flow.Flow
		zoom  float32
		theme fyne.ThemeVariant
	}{
		{"canvas_linear.png", fixture.LinearFlow(), 1, theme.VariantLight},
		{"canvas_branches.png", wired, 1, theme.VariantLight},
		{"canvas_branches_zoom_0_6.png", wired, 0.6, theme.VariantLight},
		{"canvas_branches_dark.png", wired, 1, theme.VariantDark},
		{"canvas_empty.png", &flow.Flow{ID: "f_e", Name: "Empty"}, 1, theme.VariantLight},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), tc.theme})
			ed := editor.New(tc.flow, fixture.Registry())
			c := newFlowCanvas(ed)
			c.zoom = tc.zoom
			c.rebuild()
			win := test.NewWindow(c.object())
			win.SetPadded(false)
			l := ed.Layout()
			win.Resize(fyne.NewSize(max(400, l.Size.W*tc.zoom), max(200, l.Size.H*tc.zoom)))
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

// variantTheme pins a theme to light or dark, as the system setting would.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (v variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return v.Theme.Color(n, v.variant)
}
