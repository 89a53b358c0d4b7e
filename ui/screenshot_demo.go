package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// demoShots are the screenshots of the demo org: its first screen, a real run's details (the
// demo flow run for the org's admin), the connections and the Add connection dialog.
func (w *Window) demoShots(flowID, signInClientID string) []shot {
	var runID string
	return []shot{
		{name: "demo-org.png", do: func() {
			w.setZoom(1)
			w.OpenFlow(flowID)
		}},
		{name: "run-details.png", prepare: func(ctx context.Context) error {
			id, err := w.runDemoFlow(ctx, flowID)
			runID = id
			return err
		}, do: func() {
			w.showHistory(runID)
			// The whole screen: under Xvfb there is no window manager to place it.
			w.history.win.Resize(w.win.Canvas().Size())
		}},
		{name: "connections.png", do: func() {
			if w.history != nil {
				w.history.win.Close()
			}
			w.showConnections()
		}},
		{name: "connection-dialog.png", do: func() {
			w.connectionsView.dialog.Hide()
			if signInClientID == "" {
				w.showAddConnection("https://acme.okta.com", "0oa1bcd2EFGH3ijk4x7", "", false)
				return
			}
			// A real sign-in to the demo org, waiting for the browser: the state the admin sees.
			org := ""
			for _, c := range w.conns {
				if c.Demo {
					org = c.OrgURL
				}
			}
			w.showAddConnection(org, signInClientID, "Demo org (signed in)", false)
			w.addConnectionView.signIn.OnTapped()
		}},
		{name: "", do: func() {
			// Cancel the sign-in the last screenshot left waiting.
			if v := w.addConnectionView; v != nil {
				v.dialog.Hide()
			}
		}},
	}
}

// runDemoFlow runs the demo flow once for the demo org's admin (read with Read User, so the
// run acts on a real user of the org) and waits for the run to end.
func (w *Window) runDemoFlow(ctx context.Context, flowID string) (string, error) {
	f, _, err := w.backend.LoadFlow(ctx, flowID)
	if err != nil {
		return "", err
	}
	read, ok := w.reg.Lookup("okta.action.readUser")
	if !ok || read.Kind != catalog.KindAction {
		return "", errors.New("this build has no Read User card")
	}
	scratch := &flow.Flow{Schema: flow.SchemaVersion, ID: "f_screenshot", Name: "screenshot", Connection: f.Connection,
		Cards: []flow.Card{{ID: "c_read", Type: read.ID, Version: read.Version, Inputs: map[string]flow.Input{"userId": {Literal: "admin@example.com"}}}}}
	res, err := w.backend.RunCard(ctx, scratch, "c_read", nil)
	if err != nil {
		return "", err
	}
	id, _ := res.Outputs["id"].(string)
	login, _ := res.Outputs["login"].(string)
	ev := map[string]any{"displayMessage": "Create Okta user", "target": []any{map[string]any{"type": "User", "id": id, "alternateId": login, "displayName": login}}}
	if types := triggerTypes(f, w.reg); len(types) > 0 {
		ev["eventType"] = types[0]
	}
	r, err := w.backend.RunFlow(ctx, f, ev)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		d, err := w.backend.GetRun(ctx, r.ID)
		if err != nil {
			return "", err
		}
		if d.Status != "queued" && d.Status != "running" {
			return r.ID, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("the demo run %s did not end: %w", r.ID, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
