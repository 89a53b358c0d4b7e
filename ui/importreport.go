package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/importer"
)

// importReportView is the report of an Okta Workflows import: per flow, whether it is ready,
// needs attention or cannot run yet, and what to do before switching it on. The File → Import
// hook (issue 19) opens it after an import; it only presents an importer.Report.
type importReportView struct {
	dialog dialog.Dialog
}

// showImportReport opens the report of an import of file.
func (w *Window) showImportReport(file string, rep importer.Report) *importReportView {
	n := rep.Counts()
	head := widget.NewLabelWithStyle(fmt.Sprintf("%d flow(s) from %s: %d ready, %d need attention, %d cannot run yet. Every imported flow is off.",
		len(rep.Flows), file, n[importer.StatusReady], n[importer.StatusNeedsAttention], n[importer.StatusCannotRun]),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	rows := []fyne.CanvasObject{head}
	for _, note := range rep.Notes {
		rows = append(rows, reportLine(theme.InfoIcon(), note))
	}
	for _, f := range rep.Flows {
		rows = append(rows, widget.NewSeparator(), importFlowBlock(f))
	}
	body := container.NewVScroll(container.NewVBox(rows...))
	v := &importReportView{dialog: dialog.NewCustom("Okta Workflows import", "Close", body, w.win)}
	showSized(v.dialog, fyne.NewSize(980, 640))
	return v
}

// importFlowBlock is one flow: its status, then each card that cannot run, each problem to fix
// and each note.
func importFlowBlock(f importer.FlowReport) fyne.CanvasObject {
	icon := theme.ConfirmIcon()
	switch f.Status {
	case importer.StatusNeedsAttention:
		icon = theme.WarningIcon()
	case importer.StatusCannotRun:
		icon = theme.ErrorIcon()
	}
	where := f.Kind + " flow"
	if f.Folder != "" {
		where += " in " + f.Folder
	}
	if f.EmbeddedIn != "" {
		where += fmt.Sprintf(", embedded in %q", f.EmbeddedIn)
	}
	title := widget.NewLabelWithStyle(f.Name+" — "+string(f.Status), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	sub := widget.NewLabel(where)
	sub.Importance = widget.LowImportance
	lines := []fyne.CanvasObject{container.NewHBox(widget.NewIcon(icon), title, sub)}
	if s := f.Schedule; s != nil {
		lines = append(lines, reportLine(theme.HistoryIcon(), fmt.Sprintf("Schedule: %s %s %s %s %s %s (%s)",
			s.Seconds, s.Minutes, s.Hours, s.DayOfMonth, s.Month, s.DayOfWeek, s.TimeZone)))
	}
	for _, c := range f.Unmapped {
		text := fmt.Sprintf("%q — %s: %s.", c.Label, c.What, c.Why)
		if len(c.Helpers) > 0 {
			text += " Calls " + strings.Join(c.Helpers, ", ") + "."
		}
		lines = append(lines, reportLine(theme.CancelIcon(), text))
	}
	for _, p := range f.Problems {
		lines = append(lines, reportLine(theme.WarningIcon(), "To fix: "+p))
	}
	for _, n := range f.Notes {
		lines = append(lines, reportLine(theme.InfoIcon(), n))
	}
	for _, n := range f.Info {
		lines = append(lines, reportLine(theme.InfoIcon(), n))
	}
	if f.Status == importer.StatusReady {
		lines = append(lines, reportLine(theme.ConfirmIcon(), "Ready: switch it on when you are ready."))
	}
	return container.NewVBox(lines...)
}

// reportLine is one wrapped line with an icon, indented under its flow.
func reportLine(icon fyne.Resource, text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("  "), widget.NewIcon(icon)), nil, l)
}
