package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// connectionsView is the Connections dialog: every org with its state, and Add, Reconnect,
// Delete, its colour and production flag.
type connectionsView struct {
	w      *Window
	rows   *fyne.Container
	dialog dialog.Dialog
}

// colorNames are the colours offered for a connection, by the name the picker shows.
// They are connectionPalette's, so a connection without a colour shows one of them.
var colorNames = []struct{ name, hex string }{
	{"Green", "#2E7D32"}, {"Blue", "#1565C0"}, {"Pink", "#AD1457"}, {"Orange", "#EF6C00"},
	{"Purple", "#6A1B9A"}, {"Teal", "#00838F"}, {"Red", "#C62828"}, {"Amber", "#F9A825"},
}

func (w *Window) showConnections() {
	v := &connectionsView{w: w, rows: container.NewVBox()}
	add := widget.NewButtonWithIcon("Add connection…", theme.ContentAddIcon(), func() { w.showAddConnection("", "", "", false) })
	add.Importance = widget.HighImportance
	intro := wrapped("Flowdeck signs in to each Okta org in your browser (OAuth 2.0 with PKCE) and keeps the tokens encrypted on this computer. A flow acts on the org chosen beside its name.")
	body := container.NewBorder(container.NewVBox(intro, container.NewHBox(add), widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(v.rows))
	v.dialog = dialog.NewCustom("Connections", "Close", body, w.win)
	w.connectionsView = v
	v.fill()
	showSized(v.dialog, fyne.NewSize(860, 560))
}

// fill shows the connections as last listed.
func (v *connectionsView) fill() {
	v.rows.Objects = nil
	if len(v.w.conns) == 0 {
		v.rows.Add(wrapped("No Okta org is connected yet. Add one: you need the org's address and the Client ID of an OIDC app (Native, Authorization Code with PKCE, redirect URI http://127.0.0.1:8765/callback) granted the Okta API scopes your cards use."))
	}
	for _, c := range v.w.conns {
		v.rows.Add(v.row(c))
		v.rows.Add(widget.NewSeparator())
	}
	v.rows.Refresh()
}

func (v *connectionsView) row(c Connection) fyne.CanvasObject {
	w := v.w
	title := bold(c.Name)
	org := widget.NewLabel(c.OrgURL)
	org.Truncation = fyne.TextTruncateEllipsis
	state := wrapped(c.StatusLine())
	if c.NeedsSignIn || c.RefreshExpiring {
		state.Importance = widget.WarningImportance
	}
	info := container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(swatch(connectionColor(c)), title), nil, org), state)
	for _, warn := range c.Warnings {
		l := wrapped(warn)
		l.Importance = widget.WarningImportance
		info.Add(l)
	}

	var names []string
	current := ""
	shown := connectionColor(c)
	for _, cn := range colorNames {
		names = append(names, cn.name)
		if col, _ := parseHexColor(cn.hex); col == shown {
			current = cn.name
		}
	}
	colour := widget.NewSelect(names, nil)
	colour.PlaceHolder = "Colour"
	colour.Selected = current
	prod := widget.NewCheck("Production", nil)
	prod.Checked = c.Production
	save := func() {
		hex := c.Color
		for _, cn := range colorNames {
			if cn.name == colour.Selected {
				hex = cn.hex
			}
		}
		id, on := c.ID, prod.Checked
		call(w.bridge, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, w.backend.SetConnectionLook(ctx, id, hex, on)
		}, func(_ struct{}, err error) {
			if err != nil {
				w.setStatus("Could not change " + c.Name + ": " + err.Error())
				return
			}
			w.refreshConnectionsThen(v.fill)
		})
	}
	colour.OnChanged = func(string) { save() }
	prod.OnChanged = func(bool) { save() }

	actions := container.NewHBox(colour, prod)
	if c.CanSignIn {
		actions.Add(widget.NewButtonWithIcon("Reconnect", theme.ViewRefreshIcon(), func() { w.showAddConnection(c.OrgURL, "", c.Name, true) }))
	}
	if !c.Demo {
		del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { v.confirmDelete(c) })
		del.Importance = widget.DangerImportance
		actions.Add(del)
	}
	return container.NewVBox(info, actions)
}

// confirmDelete deletes after asking, and offers to remove the connection anyway when its
// tokens cannot be revoked (the org cannot be reached).
func (v *connectionsView) confirmDelete(c Connection) {
	w := v.w
	msg := "Delete " + c.Name + "? Flowdeck revokes its tokens at " + c.OrgURL + " and forgets it. Flows that use it stop running until you choose another connection."
	dialog.ShowConfirm("Delete connection", msg, func(ok bool) {
		if ok {
			v.delete(c, false)
		}
	}, w.win)
}

func (v *connectionsView) delete(c Connection, force bool) {
	w := v.w
	call(w.bridge, func(ctx context.Context) (DeleteOutcome, error) {
		return w.backend.DeleteConnection(ctx, c.ID, force)
	}, func(out DeleteOutcome, err error) {
		if err != nil {
			if force {
				dialog.ShowError(err, w.win)
				return
			}
			dialog.ShowConfirm("The tokens could not be revoked",
				err.Error()+"\n\nRemove the connection anyway? Then end its sign-in in the Okta Admin Console yourself.",
				func(ok bool) {
					if ok {
						v.delete(c, true)
					}
				}, w.win)
			return
		}
		msg := "Deleted " + c.Name + "."
		if out.Revoked {
			msg += " Its tokens are revoked at Okta."
		}
		if out.Note != "" {
			msg += " " + out.Note
		}
		w.setStatus(msg)
		dialog.ShowInformation("Connection deleted", msg, w.win)
		w.refreshConnectionsThen(v.fill)
	})
}

// addConnectionView is the Add connection dialog: the org and client id, then a visible wait
// for the browser sign-in with the address to copy and Cancel, then the outcome.
type addConnectionView struct {
	orgURL, clientID, name *widget.Entry
	signIn, cancelButton   *widget.Button
	waiting                *fyne.Container
	url                    *widget.Entry
	message                *widget.Label
	cancel                 context.CancelFunc
	dialog                 dialog.Dialog
}

// showAddConnection opens the dialog filled in with what is known; reconnect signs in to an
// existing connection again (same name and org).
func (w *Window) showAddConnection(orgURL, clientID, name string, reconnect bool) {
	v := &addConnectionView{}
	v.orgURL = widget.NewEntry()
	v.orgURL.SetPlaceHolder("https://acme.okta.com")
	v.orgURL.SetText(orgURL)
	v.clientID = widget.NewEntry()
	v.clientID.SetPlaceHolder("0oa1bcd2EFGH3ijk4x7")
	v.clientID.SetText(clientID)
	v.name = widget.NewEntry()
	v.name.SetPlaceHolder("named after the org when empty")
	v.name.SetText(name)
	form := widget.NewForm(
		widget.NewFormItem("Okta org", v.orgURL),
		widget.NewFormItem("Client ID", v.clientID),
		widget.NewFormItem("Name", v.name),
	)
	form.Items[1].HintText = "Applications → your Flowdeck app → General → Client ID"
	v.message = wrapped("")
	v.message.Hide()
	v.url = widget.NewEntry()
	copyURL := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(v.url.Text)
		w.setStatus("Sign-in address copied: paste it into your browser")
	})
	bar := widget.NewProgressBarInfinite()
	bar.Stop()
	v.cancelButton = widget.NewButtonWithIcon("Cancel sign-in", theme.CancelIcon(), func() {
		if v.cancel != nil {
			v.cancel()
		}
	})
	v.waiting = container.NewVBox(
		bold("Waiting for you to sign in in your browser…"),
		wrapped("If no browser opened, copy this address into one:"),
		container.NewBorder(nil, nil, nil, copyURL, v.url),
		bar,
		container.NewHBox(v.cancelButton),
	)
	v.waiting.Hide()
	v.signIn = widget.NewButtonWithIcon("Sign in with the browser", theme.LoginIcon(), nil)
	v.signIn.Importance = widget.HighImportance
	v.signIn.OnTapped = func() {
		req := SignInRequest{OrgURL: strings.TrimSpace(v.orgURL.Text), ClientID: strings.TrimSpace(v.clientID.Text), Name: strings.TrimSpace(v.name.Text)}
		if req.OrgURL == "" || req.ClientID == "" {
			v.fail("Type the org's address and the app's Client ID first.")
			return
		}
		ctx, cancel := context.WithCancel(w.bridge.ctx)
		v.cancel = cancel
		req.ShowURL = func(u string) { w.bridge.post(func() { v.url.SetText(u) }) }
		v.signIn.Disable()
		v.message.Hide()
		v.url.SetText("")
		v.waiting.Show()
		bar.Start()
		call(w.bridge, func(context.Context) (Connection, error) {
			return w.backend.SignIn(ctx, req)
		}, func(c Connection, err error) {
			cancel()
			bar.Stop()
			v.waiting.Hide()
			v.signIn.Enable()
			switch {
			case errors.Is(err, context.Canceled):
				v.fail("Sign-in cancelled. Nothing was stored.")
			case err != nil:
				v.fail("Sign-in failed: " + err.Error())
			default:
				v.message.Importance = widget.SuccessImportance
				v.message.SetText("Connected to " + c.Name + " as " + c.ConnectedAs + ".")
				v.message.Show()
				w.setStatus("Connected to " + c.Name + " (" + c.OrgURL + ") as " + c.ConnectedAs)
				w.refreshConnectionsThen(func() {
					if w.connectionsView != nil {
						w.connectionsView.fill()
					}
				})
			}
		})
	}
	title := "Add an Okta connection"
	if reconnect {
		title = "Reconnect " + name
	}
	body := container.NewVBox(form, container.NewHBox(v.signIn), v.message, v.waiting)
	v.dialog = dialog.NewCustom(title, "Close", body, w.win)
	v.dialog.SetOnClosed(func() {
		if v.cancel != nil {
			v.cancel()
		}
	})
	w.addConnectionView = v
	showSized(v.dialog, fyne.NewSize(640, 0))
}

func (v *addConnectionView) fail(msg string) {
	v.message.Importance = widget.DangerImportance
	v.message.SetText(msg)
	v.message.Show()
}
