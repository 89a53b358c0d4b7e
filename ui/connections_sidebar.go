package ui

import (
	"fmt"
	"hash/fnv"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// refreshConnections lists the connections again: the sidebar lines (with each connection's
// colour, which also marks its flows) and the production check of Run card.
func (w *Window) refreshConnections() { w.refreshConnectionsThen(nil) }

// refreshConnectionsThen lists the connections again, then runs then (on the UI goroutine).
func (w *Window) refreshConnectionsThen(then func()) {
	call(w.bridge, w.backend.ListConnections, func(cs []Connection, err error) {
		if then != nil {
			defer then()
		}
		w.conns = cs
		w.connections.Objects = nil
		line := func(text string) {
			// One label a line, truncated: a wrapping label in the sidebar would overlap the
			// flows list when the sidebar is narrow.
			lbl := widget.NewLabel(text)
			lbl.Truncation = fyne.TextTruncateEllipsis
			w.connections.Add(lbl)
		}
		switch {
		case err != nil:
			line("Could not list connections:")
			line(err.Error())
		case len(cs) == 0:
			line("No Okta org connected yet.")
			line("Manage → Add connection signs in.")
		default:
			for _, c := range cs {
				w.connections.Add(connectionLine(c))
			}
		}
		// The pane above the flows list grows with the lines: lay the whole pane out again.
		w.flowsPane.Refresh()
		w.flowList.Refresh()
		w.updateChrome()
		w.updateBanner()
	})
}

// connectionLine is a connection's colour swatch, name and state.
func connectionLine(c Connection) fyne.CanvasObject {
	text := c.Name
	var tags []string
	if c.Demo && !strings.Contains(strings.ToLower(c.Name), "demo") {
		tags = append(tags, "demo")
	}
	if c.Production {
		tags = append(tags, "production")
	}
	if c.NeedsSignIn {
		tags = append(tags, "sign in again")
	}
	if len(tags) > 0 {
		text += " (" + strings.Join(tags, ", ") + ")"
	}
	lbl := widget.NewLabel(text)
	lbl.Truncation = fyne.TextTruncateEllipsis
	if c.NeedsSignIn {
		lbl.Importance = widget.WarningImportance
	}
	return container.NewBorder(nil, nil, swatch(connectionColor(c)), nil, lbl)
}

func swatch(col color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(col)
	r.CornerRadius = 5
	r.SetMinSize(fyne.NewSize(10, 10))
	return container.NewCenter(r)
}

// connectionPalette are the colours a connection gets when it has none: distinct in light and
// dark themes.
var connectionPalette = []string{"#2E7D32", "#1565C0", "#AD1457", "#EF6C00", "#6A1B9A", "#00838F", "#C62828", "#F9A825"}

// connectionColor is the connection's colour, or one picked from its id when it has none.
func connectionColor(c Connection) color.Color {
	if col, ok := parseHexColor(c.Color); ok {
		return col
	}
	h := fnv.New32a()
	h.Write([]byte(c.ID))
	col, _ := parseHexColor(connectionPalette[h.Sum32()%uint32(len(connectionPalette))])
	return col
}

func parseHexColor(s string) (color.NRGBA, bool) {
	var r, g, b uint8
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{R: r, G: g, B: b, A: 255}, true
}

// noConnection is the connection picker's entry for a flow that acts on no org yet.
const noConnection = "No connection"

// newConnectionPicker is the toolbar's choice of the org the open flow acts on.
func (w *Window) newConnectionPicker() *widget.Select {
	s := widget.NewSelect(nil, nil)
	s.PlaceHolder = "Choose an Okta org"
	return s
}

// syncConnectionPicker shows the connections and the open flow's one, without it counting as
// an edit.
func (w *Window) syncConnectionPicker() {
	s := w.connPicker
	s.OnChanged = nil
	opts := []string{noConnection}
	selected := noConnection
	for _, c := range w.conns {
		opts = append(opts, c.Name)
		if c.ID == w.ed.Flow().Connection {
			selected = c.Name
		}
	}
	if id := w.ed.Flow().Connection; id != "" && selected == noConnection {
		// A connection that was deleted: say so rather than pretending the flow has none.
		selected = "Missing connection " + id
		opts = append(opts, selected)
	}
	s.Options = opts
	s.Selected = selected
	s.Refresh()
	s.OnChanged = func(name string) {
		id := ""
		for _, c := range w.conns {
			if c.Name == name {
				id = c.ID
			}
		}
		if name != noConnection && id == "" {
			return
		}
		if err := w.ed.SetConnection(id); err != nil {
			w.setStatus("Could not change the connection: " + err.Error())
		}
	}
}
