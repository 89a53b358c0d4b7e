package ui

import (
	"context"
	"fmt"
	"image/color"
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
	// StatusEvery is how often the engine's state is read for the status line (0: every 3
	// seconds; negative: only when asked).
	StatusEvery time.Duration
	// Background says what closing the window does (zero: it just closes).
	Background Background
	// ReadOnly, when set, is shown in a banner: the app shows data another process's engine
	// owns (a headless `flowdeck engine`), and the backend refuses changes.
	ReadOnly string

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

	flows         []FlowSummary
	flowList      *widget.List
	connections   *fyne.Container
	flowsPane     *fyne.Container
	status        *widget.Label
	title         *widget.Entry
	enabled       *widget.Check
	undoButton    *widget.Button
	redoButton    *widget.Button
	zoomLabel     *widget.Label
	runCardButton *widget.Button
	connPicker    *widget.Select

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
	banner       *fyne.Container
	mainContent  *fyne.Container
	bannerText   *widget.Label
	bannerButton *widget.Button
	bannerLive   *widget.Check // the demo org's activity switch (banner_activity.go)
	// readOnly, when set, says why the app only shows another process's engine.
	readOnly string

	background        Background
	keepRunningDialog dialog.Dialog

	engineStatus     *widget.Label
	lastEngineStatus EngineStatus
	statusTimer      *time.Timer
	closed           bool

	// connectionsView and addConnectionView are the connection dialogs on show.
	connectionsView   *connectionsView
	addConnectionView *addConnectionView
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
		readOnly:      opts.ReadOnly,
		background:    opts.Background,
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
	w.updateBanner()
	w.win.Resize(fyne.NewSize(1280, 800))
	w.installShortcuts()
	w.win.SetCloseIntercept(w.closeIntercept)
	w.win.SetOnClosed(func() {
		w.closed = true
		if w.statusTimer != nil {
			w.statusTimer.Stop()
		}
	})
	a.Settings().AddListener(func(fyne.Settings) { w.canvas.rebuild() })
	w.refreshFlows()
	w.refreshConnections()
	every := opts.StatusEvery
	if every == 0 {
		every = 3 * time.Second
	}
	w.refreshEngineStatus(max(every, 0))
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
	w.runCardButton = widget.NewButtonWithIcon("Run card", theme.MediaPlayIcon(), func() { w.runCard(w.canvas.selected) })
	toolbar := container.NewHBox(
		widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), w.save),
		w.undoButton, w.redoButton,
		widget.NewSeparator(),
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { w.setZoom(w.canvas.zoom - 0.2) }),
		w.zoomLabel,
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { w.setZoom(w.canvas.zoom + 0.2) }),
		widget.NewSeparator(),
		w.runCardButton,
		widget.NewButtonWithIcon("Run flow", theme.MediaFastForwardIcon(), w.runFlow),
		widget.NewButtonWithIcon("History", theme.HistoryIcon(), func() { w.showHistory("") }),
	)
	w.connPicker = w.newConnectionPicker()
	top := container.NewBorder(nil, nil, toolbar, container.NewHBox(w.connPicker, w.enabled), container.NewPadded(w.title))

	w.flowList = widget.NewList(
		func() int { return len(w.flows) },
		func() fyne.CanvasObject {
			lbl := widget.NewLabel("flow name")
			lbl.Truncation = fyne.TextTruncateEllipsis
			mark := canvas.NewRectangle(color.Transparent)
			mark.CornerRadius = 2
			mark.SetMinSize(fyne.NewSize(4, 20))
			return container.NewBorder(nil, nil, mark, nil, lbl)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			f := w.flows[i]
			name := f.Name
			if f.Enabled {
				name += "  (on)"
			}
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(name)
			// The flow's connection colour: which org a flow acts on, at a glance.
			mark := row.Objects[1].(*canvas.Rectangle)
			mark.FillColor = color.Transparent
			if c, ok := w.connection(f.Connection); ok {
				mark.FillColor = connectionColor(c)
			}
			mark.Refresh()
		})
	w.flowList.OnSelected = func(i widget.ListItemID) {
		if i < len(w.flows) && w.flows[i].ID != w.ed.Flow().ID {
			w.OpenFlow(w.flows[i].ID)
		}
	}
	w.connections = container.NewVBox()
	newFlowButton := widget.NewButtonWithIcon("New flow", theme.ContentAddIcon(), w.newFlow)
	w.flowsPane = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, heading("Connections"),
			widget.NewButtonWithIcon("Manage", theme.SettingsIcon(), w.showConnections)), w.connections, widget.NewSeparator(),
			container.NewBorder(nil, nil, heading("Flows"), newFlowButton)),
		nil, nil, nil, w.flowList)
	left := container.NewVSplit(w.flowsPane, container.NewBorder(heading("Cards"), nil, nil, nil, w.palette.object()))
	left.Offset = 0.3

	right := container.NewHSplit(w.canvas.object(), w.inspector.object())
	right.Offset = 0.74
	middle := container.NewHSplit(left, right)
	middle.Offset = 0.2
	statusLine := container.NewGridWithColumns(2, w.status, w.newEngineStatus())
	main := container.NewBorder(container.NewVBox(top, widget.NewSeparator(), w.newBanner()), statusLine, nil, nil, middle)
	w.mainContent = main

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
	w.syncConnectionPicker()
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
