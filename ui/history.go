package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// historyView is the History window of one flow: its runs on the left (with a search box),
// the selected run's steps on the right, and Re-run.
type historyView struct {
	w        *Window
	flowID   string
	flowName string
	runs     []RunSummary // as listed
	shown    []RunSummary // after the search
	search   *widget.Entry
	list     *widget.List
	detail   *fyne.Container
	rerun    *widget.Button
	selected string
	// run is the detail on show (for tests and Re-run).
	run *RunDetail
	win fyne.Window
}

// showHistory opens the History of the current flow, selecting run runID when it is not "".
func (w *Window) showHistory(runID string) {
	f := w.ed.Flow()
	h := &historyView{w: w, flowID: f.ID, flowName: f.Name, selected: runID}
	h.search = widget.NewEntry()
	h.search.SetPlaceHolder("Search status, error or event")
	h.search.OnChanged = func(string) { h.filter() }
	h.list = widget.NewList(
		func() int { return len(h.shown) },
		func() fyne.CanvasObject {
			status := widget.NewLabel("interrupted")
			status.TextStyle.Bold = true
			when := widget.NewLabel("2006-01-02 15:04:05 · 10.5 s")
			ev := widget.NewLabel("event")
			ev.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, status, when, ev)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := h.shown[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(r.Event)
			c.Objects[1].(*widget.Label).SetText(statusWord(r.Status))
			c.Objects[2].(*widget.Label).SetText(runWhen(r))
		})
	h.list.OnSelected = func(i widget.ListItemID) {
		if i < len(h.shown) {
			h.open(h.shown[i].ID)
		}
	}
	h.rerun = widget.NewButtonWithIcon("Re-run with the same event", theme.ViewRefreshIcon(), h.doRerun)
	h.rerun.Disable()
	h.detail = container.NewStack(centered("Select a run to see each card's inputs and outputs"))
	left := container.NewBorder(h.search, nil, nil, nil, h.list)
	split := container.NewHSplit(left, container.NewBorder(nil, nil, nil, nil, h.detail))
	split.Offset = 0.42
	// Its own window, not a dialog: the admin can keep the history open beside the flow.
	if w.history != nil {
		w.history.win.Close()
	}
	h.win = fyne.CurrentApp().NewWindow("History of " + f.Name + " — Flowdeck")
	h.win.SetContent(container.NewBorder(container.NewVBox(heading("History of "+f.Name), widget.NewSeparator()), nil, nil, nil, split))
	h.win.Resize(fyne.NewSize(1180, 720))
	h.win.SetOnClosed(func() {
		if w.history == h {
			w.history = nil
		}
	})
	w.history = h
	h.win.Show()
	h.reload()
}

func centered(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	return container.NewCenter(l)
}

// reload lists the runs again (after a run or re-run) and reopens the selected one.
func (h *historyView) reload() {
	id := h.flowID
	call(h.w.bridge, func(ctx context.Context) ([]RunSummary, error) {
		return h.w.backend.ListRuns(ctx, id)
	}, func(rs []RunSummary, err error) {
		if err != nil {
			h.detail.Objects = []fyne.CanvasObject{centered("Could not read the history: " + err.Error())}
			h.detail.Refresh()
			return
		}
		h.runs = rs
		h.filter()
		if len(rs) == 0 {
			h.detail.Objects = []fyne.CanvasObject{centered("No runs yet. Switch the flow on, or use Run flow.")}
			h.detail.Refresh()
		}
	})
}

// filter applies the search box and keeps the selection when it still shows.
func (h *historyView) filter() {
	h.shown = h.shown[:0]
	for _, r := range h.runs {
		if r.Matches(h.search.Text) {
			h.shown = append(h.shown, r)
		}
	}
	h.list.Refresh()
	sel := h.selected
	// Unselect first: selecting the row that is already selected would not reopen the run,
	// and after a re-run a new run takes the old one's row.
	h.list.UnselectAll()
	for i, r := range h.shown {
		if r.ID == sel {
			h.list.Select(i)
			return
		}
	}
}

// open reads one run's steps and shows them.
func (h *historyView) open(id string) {
	h.selected = id
	call(h.w.bridge, func(ctx context.Context) (RunDetail, error) {
		return h.w.backend.GetRun(ctx, id)
	}, func(r RunDetail, err error) {
		if id != h.selected {
			return // another run was selected meanwhile
		}
		if err != nil {
			h.detail.Objects = []fyne.CanvasObject{centered("Could not read the run: " + err.Error())}
			h.detail.Refresh()
			return
		}
		h.run = &r
		h.rerun.Enable()
		h.detail.Objects = []fyne.CanvasObject{h.runView(r)}
		h.detail.Refresh()
	})
}

func (h *historyView) doRerun() {
	if h.run == nil {
		return
	}
	id := h.run.ID
	h.rerun.Disable()
	call(h.w.bridge, func(ctx context.Context) (RunSummary, error) {
		return h.w.backend.Rerun(ctx, id)
	}, func(r RunSummary, err error) {
		h.rerun.Enable()
		if err != nil {
			h.w.setStatus("Could not re-run: " + err.Error())
			return
		}
		h.w.setStatus("Re-run queued with the original event: run " + r.ID)
		h.selected = r.ID
		h.reload()
	})
}

// runView shows a run: a summary, then each step with its inputs and outputs side by side.
func (h *historyView) runView(r RunDetail) fyne.CanvasObject {
	head := widget.NewForm(
		widget.NewFormItem("Status", statusLabel(r.Status)),
		widget.NewFormItem("Started", widget.NewLabel(runWhen(r.RunSummary))),
		widget.NewFormItem("Trigger", widget.NewLabel(triggerWords(r.Trigger)+" · flow version "+fmt.Sprint(r.FlowVersion))),
		widget.NewFormItem("Event", truncated(r.Event)),
	)
	if r.Error != "" {
		// Truncated here (a wrapping label in a form asks for the height of one word a line);
		// the failed step below shows the whole error.
		e := truncated(r.Error)
		e.Importance = widget.DangerImportance
		head.Append("Error", e)
	}
	steps := widget.NewAccordion()
	steps.MultiOpen = true
	if len(r.EventJSON) > 0 {
		// The trigger card has no step of its own: its outputs are the event.
		steps.Append(widget.NewAccordionItem("Event — "+r.EventType, minHeight(jsonTreeOf(r.EventJSON).widget(), 220)))
	}
	first := len(steps.Items)
	for i, s := range r.Steps {
		item := widget.NewAccordionItem(fmt.Sprintf("%d. %s — %s", i+1, s.CardName, statusWord(s.Status)), stepView(s))
		steps.Append(item)
		if s.Error != "" || i == len(r.Steps)-1 {
			steps.Open(first + i)
		}
	}
	if len(r.Steps) == 0 {
		steps.Append(widget.NewAccordionItem("No card ran", widget.NewLabel("The run has no steps yet.")))
	}
	top := container.NewVBox(head, container.NewHBox(h.rerun))
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(steps))
}

func stepView(s StepDetail) fyne.CanvasObject {
	box := container.NewVBox()
	if s.Error != "" {
		box.Add(wrapped("Error: " + s.Error))
	}
	var facts []string
	if len(s.RequestIDs) > 0 {
		facts = append(facts, "Okta request ids: "+strings.Join(s.RequestIDs, ", "))
	}
	if s.Attempt > 1 {
		facts = append(facts, fmt.Sprintf("attempt %d", s.Attempt))
	}
	if !s.Started.IsZero() && !s.Finished.IsZero() {
		facts = append(facts, "took "+roundDuration(s.Finished.Sub(s.Started)))
	}
	if len(facts) > 0 {
		l := widget.NewLabel(strings.Join(facts, " · "))
		l.Selectable = true
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	panes := container.NewGridWithColumns(2,
		container.NewBorder(bold("Inputs"), nil, nil, nil, minHeight(jsonTreeOf(s.Inputs).widget(), 200)),
		container.NewBorder(bold("Outputs"), nil, nil, nil, minHeight(jsonTreeOf(s.Outputs).widget(), 200)),
	)
	box.Add(panes)
	return box
}

func bold(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

func truncated(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	return l
}

// minHeight gives obj (a tree, which is as small as one row on its own) room to show.
func minHeight(obj fyne.CanvasObject, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return container.NewStack(r, obj)
}

func statusLabel(status string) *widget.Label {
	l := widget.NewLabel(statusWord(status))
	l.TextStyle.Bold = true
	if status == "failed" || status == "interrupted" {
		l.Importance = widget.DangerImportance
	} else if status == "succeeded" {
		l.Importance = widget.SuccessImportance
	}
	return l
}

func statusWord(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "_", " ")
}

func triggerWords(t string) string {
	switch t {
	case "event":
		return "System Log event"
	case "manual":
		return "Run flow (by hand)"
	case "rerun":
		return "Re-run"
	}
	return t
}

// runWhen is "2026-11-28 14:03:07 · 1.2 s" (or "· still running").
func runWhen(r RunSummary) string {
	at := r.Started
	if at.IsZero() {
		at = r.Created
	}
	s := at.Local().Format("2006-01-02 15:04:05")
	switch {
	case r.Duration() > 0:
		s += " · " + roundDuration(r.Duration())
	case r.Status == "queued" || r.Status == "running":
		s += " · " + statusWord(r.Status)
	}
	return s
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}
