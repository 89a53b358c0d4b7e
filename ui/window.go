package ui

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/editor"
)

// Options configure the main window.
type Options struct {
	Backend  Backend
	Registry *catalog.Registry
	// AutosaveDelay is how long after the last edit unsaved edits are kept (SaveRecovery);
	// 0 means 2 seconds.
	AutosaveDelay time.Duration
	// Icon is the window icon.
	Icon fyne.Resource

	// testQueue makes the bridge queue results for the test goroutine (see bridge.wait).
	testQueue bool
}

// Window is Flowdeck's main window: flows and connections on the left with the palette below,
// the canvas in the middle, the inspector on the right, the toolbar on top and a status line.
type Window struct {
	win     fyne.Window
	backend Backend
	reg     *catalog.Registry
	bridge  *bridge
	log     *slog.Logger

	ed        *editor.Editor
	canvas    *flowCanvas
	palette   *palette
	inspector *inspector

	flows       []FlowSummary
	flowList    *widget.List
	connections *fyne.Container
	flowsPane   *fyne.Container
	status      *widget.Label
	title       *widget.Entry
	enabled     *widget.Check
	undoButton  *widget.Button
	redoButton  *widget.Button
	zoomLabel   *widget.Label

	dragLayer      *fyne.Container
	ghost          *fyne.Container
	ghostText      *canvas.Text
	lastPaletteAbs fyne.Position

	autosaveDelay time.Duration
	autosave      *time.Timer

	// conns are the connections as last listed (for colours and the production check).
	conns []Connection
	// The dialogs on show, kept for tests and screenshots.
	wiredForm    *dialog.FormDialog
	wiredEntries []*widget.Entry
	resultDialog dialog.Dialog
	lastRunError *RunError
	lastOutputs  *jsonTree
	history      *historyView
	runFlowView  *runFlowView
}

// NewWindow builds the main window in app a. ctx bounds the backend calls the window makes.
func NewWindow(ctx context.Context, a fyne.App, opts Options) *Window {
	w := &Window{
		win:           a.NewWindow("Flowdeck"),
		backend:       opts.Backend,
		reg:           opts.Registry,
		bridge:        newBridge(ctx, nil),
		log:           slog.Default().With("component", "ui"),
		autosaveDelay: opts.AutosaveDelay,
	}
	if opts.testQueue {
		w.bridge.deliver = w.bridge.enqueue
	}
	if w.autosaveDelay == 0 {
		w.autosaveDelay = 2 * time.Second
	}
	if opts.Icon != nil {
		w.win.SetIcon(opts.Icon)
	}
	w.ed = editor.New(newFlow("Untitled flow"), w.reg)
	w.canvas = newFlowCanvas(w.ed)
	w.canvas.onSelect = func(id string) { w.inspector.show(id) }
	w.canvas.onMessage = w.setStatus
	w.canvas.onRunCard = w.runCard
	w.inspector = newInspector(w.ed)
	w.palette = newPalette(w.reg)
	w.palette.onTapped = w.paletteTapped
	w.palette.onDragged = w.paletteDragged
	w.palette.onDragEnd = w.paletteDragEnd
	w.watch(w.ed)

	w.win.SetContent(w.build())
	w.win.Resize(fyne.NewSize(1280, 800))
	w.installShortcuts()
	w.win.SetCloseIntercept(w.closeIntercept)
	a.Settings().AddListener(func(fyne.Settings) { w.canvas.rebuild() })
	w.refreshFlows()
	w.refreshConnections()
	return w
}

// Window returns the Fyne window.
func (w *Window) Window() fyne.Window { return w.win }

func newFlow(name string) *flow.Flow {
	return &flow.Flow{Schema: flow.SchemaVersion, ID: editor.RandomID("f"), Name: name}
}

func (w *Window) build() fyne.CanvasObject {
	w.status = widget.NewLabel("")
	w.status.Truncation = fyne.TextTruncateEllipsis
	w.title = widget.NewEntry()
	w.title.SetPlaceHolder("Flow name")
	w.title.OnChanged = func(name string) {
		if name != "" {
			_ = w.ed.Rename(name)
		}
	}
	w.enabled = widget.NewCheck("Flow on", w.setEnabled)
	w.undoButton = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), w.undo)
	w.redoButton = widget.NewButtonWithIcon("Redo", theme.ContentRedoIcon(), w.redo)
	w.zoomLabel = widget.NewLabel("100%")
	toolbar := container.NewHBox(
		widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), w.save),
		w.undoButton, w.redoButton,
		widget.NewSeparator(),
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { w.setZoom(w.canvas.zoom - 0.2) }),
		w.zoomLabel,
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { w.setZoom(w.canvas.zoom + 0.2) }),
		widget.NewSeparator(),
		widget.NewButtonWithIcon("Run card", theme.MediaPlayIcon(), func() { w.runCard(w.canvas.selected) }),
		widget.NewButtonWithIcon("Run flow", theme.MediaFastForwardIcon(), w.runFlow),
		widget.NewButtonWithIcon("History", theme.HistoryIcon(), func() { w.showHistory("") }),
	)
	top := container.NewBorder(nil, nil, toolbar, w.enabled, container.NewPadded(w.title))

	w.flowList = widget.NewList(
		func() int { return len(w.flows) },
		func() fyne.CanvasObject { return widget.NewLabel("flow name") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			f := w.flows[i]
			name := f.Name
			if f.Enabled {
				name += "  (on)"
			}
			o.(*widget.Label).SetText(name)
		})
	w.flowList.OnSelected = func(i widget.ListItemID) {
		if i < len(w.flows) && w.flows[i].ID != w.ed.Flow().ID {
			w.OpenFlow(w.flows[i].ID)
		}
	}
	w.connections = container.NewVBox()
	newFlowButton := widget.NewButtonWithIcon("New flow", theme.ContentAddIcon(), w.newFlow)
	w.flowsPane = container.NewBorder(
		container.NewVBox(heading("Connections"), w.connections, widget.NewSeparator(),
			container.NewBorder(nil, nil, heading("Flows"), newFlowButton)),
		nil, nil, nil, w.flowList)
	left := container.NewVSplit(w.flowsPane, container.NewBorder(heading("Cards"), nil, nil, nil, w.palette.object()))
	left.Offset = 0.3

	right := container.NewHSplit(w.canvas.object(), w.inspector.object())
	right.Offset = 0.74
	middle := container.NewHSplit(left, right)
	middle.Offset = 0.2
	main := container.NewBorder(container.NewVBox(top, widget.NewSeparator()), w.status, nil, nil, middle)

	ghostBg := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	ghostBg.CornerRadius = 6
	w.ghostText = canvas.NewText("", headerText)
	w.ghostText.TextStyle.Bold = true
	w.ghost = container.NewStack(ghostBg, container.NewPadded(w.ghostText))
	w.ghost.Hide()
	w.dragLayer = container.NewWithoutLayout(w.ghost)
	w.updateChrome()
	return container.NewStack(main, w.dragLayer)
}

// watch makes the window follow edits of ed.
func (w *Window) watch(ed *editor.Editor) {
	ed.OnChange(func(ch editor.Change) {
		w.canvas.onChange(ch)
		w.inspector.onChange(ch)
		w.updateChrome()
		w.scheduleAutosave()
	})
}

// updateChrome refreshes the title, dirty mark and undo/redo buttons.
func (w *Window) updateChrome() {
	name := w.ed.Flow().Name
	if w.title.Text != name {
		w.title.SetText(name)
	}
	if w.ed.Dirty() {
		name += " •"
	}
	w.win.SetTitle("Flowdeck — " + name)
	setEnabled(w.undoButton, w.ed.CanUndo())
	setEnabled(w.redoButton, w.ed.CanRedo())
	w.zoomLabel.SetText(fmt.Sprintf("%d%%", int(w.canvas.zoom*100+0.5)))
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (w *Window) setStatus(msg string) { w.status.SetText(msg) }

func (w *Window) setZoom(z float32) {
	w.canvas.setZoom(z)
	w.updateChrome()
}

func (w *Window) undo() {
	name := w.ed.UndoName()
	if w.ed.Undo() {
		w.setStatus("Undid " + name)
	}
}

func (w *Window) redo() {
	name := w.ed.RedoName()
	if w.ed.Redo() {
		w.setStatus("Redid " + name)
	}
}

func (w *Window) refreshConnections() {
	call(w.bridge, w.backend.ListConnections, func(cs []Connection, err error) {
		var lines []string
		switch {
		case err != nil:
			lines = []string{"Could not list connections:", err.Error()}
		case len(cs) == 0:
			lines = []string{"No Okta org connected yet.", "Run “flowdeck connect” to sign in."}
		default:
			for _, c := range cs {
				lines = append(lines, "● "+c.Name)
			}
		}
		// One label a line, truncated: a wrapping label in the sidebar would overlap the
		// flows list when the sidebar is narrow.
		w.connections.Objects = nil
		for _, l := range lines {
			lbl := widget.NewLabel(l)
			lbl.Truncation = fyne.TextTruncateEllipsis
			w.connections.Add(lbl)
		}
		// The pane above the flows list grows with the lines: lay the whole pane out again.
		w.flowsPane.Refresh()
	})
}
