// Package demo runs the built-in demo org: the simulated Okta org served on loopback inside the
// process, a "Demo org" connection to it, and example flows that run, so a new user sees Flowdeck
// work in the first minute without an Okta org of their own.
package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/storage"
)

// ConnectionName is the demo connection's name, shown as the org's label.
const ConnectionName = "Demo org"

// apiToken authenticates Flowdeck to the in-process demo org. It is valid nowhere else.
const apiToken = "00DEMO-flowdeck-simulated-org-token"

// Demo is a running demo org.
type Demo struct {
	Org          *oktasim.Org
	URL          string
	ConnectionID string
	// Activity is the org's own life (nil when Options.Activity is off): the banner's switch
	// pauses it.
	Activity *oktasim.Activity
	srv      *http.Server
	eng      *engine.Engine
	stop     context.CancelFunc
	tick     *time.Ticker
}

// Options configure the demo org.
type Options struct {
	// Activity is oktasim.ActivityOff (the zero value, as tests want), ActivityNormal (the app)
	// or ActivityBusy.
	Activity string
	// Clock is the org's clock (default time.Now); Tick steps the activity (default once a
	// second). A test passes a fake clock and its own ticks, so a simulated minute takes none.
	Clock func() time.Time
	Tick  <-chan time.Time
}

// Start serves the demo org and makes sure the engine's data directory has its connection and
// example flows. The org is the same on every start (a seeded simulation), so the flows' ids
// stay valid; its System Log starts afresh, so the poller starts from now.
func Start(ctx context.Context, e *engine.Engine, opts Options) (*Demo, error) {
	org := oktasim.New(oktasim.Options{Seed: oktasim.SeedDemo, APIToken: apiToken, Clock: opts.Clock})
	live, err := oktasim.NewActivity(org, opts.Activity)
	if err != nil {
		return nil, fmt.Errorf("starting the demo org: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the demo org on loopback: %w", err)
	}
	srv := &http.Server{Handler: org, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	d := &Demo{Org: org, URL: "http://" + ln.Addr().String(), srv: srv, eng: e, Activity: live}
	if err := d.connect(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.ensureFlows(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if live != nil {
		tick := opts.Tick
		if tick == nil {
			d.tick = time.NewTicker(time.Second)
			tick = d.tick.C
		}
		var liveCtx context.Context
		liveCtx, d.stop = context.WithCancel(context.WithoutCancel(ctx))
		go live.Run(liveCtx, tick)
	}
	return d, nil
}

// Close stops the activity and the serving of the demo org.
func (d *Demo) Close() error {
	if d.stop != nil {
		d.stop()
	}
	if d.tick != nil {
		d.tick.Stop()
	}
	return d.srv.Close()
}

func (d *Demo) connect(ctx context.Context) error {
	db := d.eng.DB()
	c, err := db.GetConnectionByName(ctx, ConnectionName)
	switch {
	case err == nil:
		// The demo org listens on a new port each start, and its log is new: point the connection
		// at it and forget the old log position.
		c.OrgURL = d.URL
		if _, err := db.UpdateConnection(ctx, c); err != nil {
			return err
		}
		if err := db.DeleteCursor(ctx, c.ID); err != nil {
			return err
		}
	case !errors.Is(err, storage.ErrNotFound):
		return err
	}
	st, err := d.eng.Connections().AddAPIToken(ctx, connections.APITokenRequest{OrgURL: d.URL, Name: ConnectionName, Token: apiToken})
	if err != nil {
		return fmt.Errorf("connecting to the demo org: %w", err)
	}
	d.ConnectionID = st.ID
	return nil
}

// Client returns a client of the demo org acting as its admin (for "simulate" buttons).
func (d *Demo) Client(ctx context.Context) (*client.Client, error) {
	return d.eng.Connections().Client(ctx, d.ConnectionID)
}

// SimulateNewHire creates an active user in the demo org, as HR provisioning would: the System
// Log gets user.lifecycle.create, and the "Welcome new hires" flow runs.
func (d *Demo) SimulateNewHire(ctx context.Context, first, last, department string) (string, error) {
	c, err := d.Client(ctx)
	if err != nil {
		return "", err
	}
	login := fmt.Sprintf("%s.%s.%d@example.com", first, last, time.Now().UnixMilli()%100000)
	body := map[string]any{"profile": map[string]any{"firstName": first, "lastName": last, "email": login, "login": login, "department": department}}
	resp, err := c.Do(ctx, http.MethodPost, "/api/v1/users", url.Values{"activate": {"true"}}, body, nil)
	if err != nil {
		return "", err
	}
	var u struct {
		ID string `json:"id"`
	}
	if err := resp.Decode(&u); err != nil {
		return "", err
	}
	return u.ID, nil
}

// groupID finds a demo group by its exact name.
func (d *Demo) groupID(ctx context.Context, name string) (string, error) {
	c, err := d.Client(ctx)
	if err != nil {
		return "", err
	}
	resp, err := c.Do(ctx, http.MethodGet, "/api/v1/groups", url.Values{"q": {name}}, nil, nil)
	if err != nil {
		return "", err
	}
	var groups []struct {
		ID      string `json:"id"`
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
	}
	if err := resp.Decode(&groups); err != nil {
		return "", err
	}
	for _, g := range groups {
		if g.Profile.Name == name {
			return g.ID, nil
		}
	}
	return "", fmt.Errorf("the demo org has no group named %q", name)
}

// ensureFlows stores the example flows the first time, and points them at the demo connection.
func (d *Demo) ensureFlows(ctx context.Context) error {
	newHires, err := d.groupID(ctx, "New Hires")
	if err != nil {
		return err
	}
	for _, f := range Flows(d.ConnectionID, newHires) {
		if _, err := d.eng.DB().GetFlow(ctx, f.ID); err == nil {
			continue // the admin may have changed it: keep theirs
		} else if !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		if _, err := d.eng.SaveFlow(ctx, f); err != nil {
			return err
		}
		if err := d.eng.EnableFlow(ctx, f.ID, true); err != nil {
			return fmt.Errorf("switching on the demo flow %q: %w", f.Name, err)
		}
	}
	return nil
}

// Flows are the demo's example flows.
func Flows(connectionID, newHiresGroup string) []*flow.Flow {
	ref := func(id, card, path string) flow.Input {
		return flow.Input{Ref: &flow.Ref{ID: id, Card: card, Path: path}}
	}
	pos := func(i int) flow.Position { return flow.Position{X: float32(40 + 320*i), Y: 40} }
	return []*flow.Flow{
		{Schema: flow.SchemaVersion, ID: "demo-welcome-new-hires", Name: "Welcome new hires", Connection: connectionID,
			Description: "Every new user joins the New Hires group.",
			Cards: []flow.Card{
				{ID: "c_demo1trigger", Type: "okta.event.userCreated", Version: 1, Position: pos(0)},
				{ID: "c_demo1addgrp", Type: "okta.action.addNewUserToGroup", Version: 1, Position: pos(1), Inputs: map[string]flow.Input{
					"userId": ref("w_demo1user01", "c_demo1trigger", "user.id"), "groupId": {Literal: newHiresGroup}}},
			}},
		{Schema: flow.SchemaVersion, ID: "demo-suspended-sessions", Name: "Suspended users lose their sessions", Connection: connectionID,
			Description: "When a user is suspended, end every session they have and revoke their OAuth tokens.",
			Cards: []flow.Card{
				{ID: "c_demo2trigger", Type: "okta.event.userSuspended", Version: 1, Position: pos(0)},
				{ID: "c_demo2clear01", Type: "okta.action.clearUserSessions", Version: 1, Position: pos(1), Inputs: map[string]flow.Input{
					"userId": ref("w_demo2user01", "c_demo2trigger", "user.id"), "oauthTokens": {Literal: true}}},
			}},
		{Schema: flow.SchemaVersion, ID: "demo-deactivated-groups", Name: "Deactivated users leave their groups", Connection: connectionID,
			Description: "When a user is deactivated, remove them from every group they are in directly.",
			Cards: []flow.Card{
				{ID: "c_demo3trigger", Type: "okta.event.userDeactivated", Version: 1, Position: pos(0)},
				{ID: "c_demo3groups1", Type: "okta.action.getUsersGroups", Version: 1, Position: pos(1), Inputs: map[string]flow.Input{
					"userId": ref("w_demo3user01", "c_demo3trigger", "user.id")}},
				{ID: "c_demo3foreach", Type: "function.forEach", Version: 1, Position: pos(2), Inputs: map[string]flow.Input{
					"list": ref("w_demo3list01", "c_demo3groups1", "groups")},
					Branches: map[string][]flow.Card{"each": {
						{ID: "c_demo3remove1", Type: "okta.action.removeUserFromGroup", Version: 1, Position: pos(3), Inputs: map[string]flow.Input{
							"userId":  ref("w_demo3user02", "c_demo3trigger", "user.id"),
							"groupId": ref("w_demo3group1", "c_demo3foreach", "item.id")}},
					}}},
			}},
	}
}
