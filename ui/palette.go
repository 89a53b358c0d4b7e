package ui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// paletteItem is one card in the palette; dragging it onto the canvas adds the card.
type paletteItem struct {
	widget.BaseWidget
	spec  *catalog.Spec
	owner *palette
}

func newPaletteItem(s *catalog.Spec, owner *palette) *paletteItem {
	it := &paletteItem{spec: s, owner: owner}
	it.ExtendBaseWidget(it)
	return it
}

func (it *paletteItem) CreateRenderer() fyne.WidgetRenderer {
	bg, icon := kindStyle(it.spec.Kind)
	img := canvas.NewImageFromResource(theme.NewColoredResource(icon, theme.ColorNameForegroundOnPrimary))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize()))
	badge := container.NewStack(canvas.NewRectangle(bg), container.NewPadded(img))
	lbl := widget.NewLabel(it.spec.Name)
	lbl.Truncation = fyne.TextTruncateEllipsis
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, container.NewCenter(badge), nil, lbl))
}

// Tapped adds the card without dragging: after the selected card, or at the end of the flow.
func (it *paletteItem) Tapped(*fyne.PointEvent) {
	if it.owner.onTapped != nil {
		it.owner.onTapped(it.spec)
	}
}

func (it *paletteItem) Dragged(ev *fyne.DragEvent) {
	if it.owner.onDragged != nil {
		it.owner.onDragged(it.spec, ev)
	}
}

func (it *paletteItem) DragEnd() {
	if it.owner.onDragEnd != nil {
		it.owner.onDragEnd(it.spec)
	}
}

// palette lists every catalog card grouped as the catalog declares (Okta events, Okta actions,
// Functions; categories inside), filtered by the search box.
type palette struct {
	specs  []*catalog.Spec
	search *widget.Entry
	list   *fyne.Container
	box    fyne.CanvasObject
	items  map[string]*paletteItem

	onTapped  func(s *catalog.Spec)
	onDragged func(s *catalog.Spec, ev *fyne.DragEvent)
	onDragEnd func(s *catalog.Spec)
}

// groupOrder is the order of the palette's sections.
var groupOrder = []catalog.Kind{catalog.KindEvent, catalog.KindAction, catalog.KindFunction}

func newPalette(reg *catalog.Registry) *palette {
	specs := reg.All()
	// All sorts by kind then name; the palette shows categories as headings, so sort by
	// category inside each kind.
	rank := map[catalog.Kind]int{catalog.KindEvent: 0, catalog.KindAction: 1, catalog.KindFunction: 2}
	sort.SliceStable(specs, func(i, j int) bool {
		a, b := specs[i], specs[j]
		if a.Kind != b.Kind {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.Category < b.Category
	})
	p := &palette{specs: specs, list: container.NewVBox()}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search cards (Ctrl+F)")
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.search.OnChanged = p.filter
	p.box = container.NewBorder(p.search, nil, nil, nil, container.NewVScroll(p.list))
	p.filter("")
	return p
}

func (p *palette) object() fyne.CanvasObject { return p.box }

// matches reports whether a card matches every word of the query, in its name, category or
// group.
func matches(s *catalog.Spec, query string) bool {
	hay := strings.ToLower(s.Name + " " + s.Category + " " + s.Group)
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// filter shows the cards matching query under their group and category headings.
func (p *palette) filter(query string) {
	p.items = map[string]*paletteItem{}
	var objs []fyne.CanvasObject
	for _, kind := range groupOrder {
		group, category := "", "\x00"
		for _, s := range p.specs {
			if s.Kind != kind || !matches(s, query) {
				continue
			}
			if group == "" {
				group = s.Group
				if group == "" {
					group = string(kind)
				}
				h := widget.NewLabelWithStyle(group, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
				h.SizeName = theme.SizeNameSubHeadingText
				objs = append(objs, h)
			}
			if s.Category != category {
				category = s.Category
				if category != "" {
					c := widget.NewLabelWithStyle(category, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
					c.Importance = widget.LowImportance
					objs = append(objs, c)
				}
			}
			it := newPaletteItem(s, p)
			p.items[s.ID] = it
			objs = append(objs, it)
		}
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel("No card matches “"+query+"”"))
	}
	p.list.Objects = objs
	p.list.Refresh()
}
