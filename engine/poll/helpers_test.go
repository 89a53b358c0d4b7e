package poll

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"github.com/flowdeck/flowdeck/storage"
)

// simStart is the shared virtual clock's first instant.
var simStart = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// env is one simulated org, a client for it, a temporary database and a connection, all on one
// virtual clock that moves only when a test says so.
type env struct {
	t     *testing.T
	clock *governor.FakeClock
	org   *oktasim.Org
	srv   *httptest.Server
	cl    *client.Client
	db    *storage.DB
	conn  storage.Connection

	mu       sync.Mutex
	requests []string                                          // every System Log URL requested, absolute, as sent
	times    []time.Time                                       // when each was requested, on the virtual clock
	statuses []int                                             // the status each was answered with
	onLogs   func(w http.ResponseWriter, r *http.Request) bool // handles a logs request itself when it returns true
}

// newEnv builds the env; edit may change the org's options and the client's governor.
func newEnv(t *testing.T, edit ...func(*oktasim.Options, *governor.Config)) *env {
	t.Helper()
	t.Setenv("HOME", t.TempDir()) // the SDK reads ~/.okta/okta.yaml
	e := &env{t: t, clock: governor.NewFakeClock(simStart)}
	opts := oktasim.Options{Clock: e.clock.Now}
	// The governor waits on the virtual clock too: a wait for a bucket reset takes no time.
	gov := governor.Config{BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetries: 1,
		Clock: e.clock, Jitter: func(time.Duration) time.Duration { return 0 }}
	for _, f := range edit {
		f(&opts, &gov)
	}
	e.org = oktasim.New(opts)
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	cl, err := client.New(context.Background(), client.Config{
		OrgURL:   e.srv.URL,
		Tokens:   client.StaticToken{Scheme: "SSWS", Value: e.org.APIToken()},
		Base:     e.srv.Client().Transport,
		Governor: gov,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.cl = cl
	e.db = openDB(t, e.clock.Now)
	e.conn, err = e.db.CreateConnection(context.Background(), storage.Connection{Name: "Sim", OrgURL: e.srv.URL, Kind: storage.KindAPIToken})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func openDB(tb testing.TB, now func() time.Time) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(tb.TempDir(), storage.FileName), storage.WithClock(now))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close the database: %v", err)
		}
	})
	return db
}

func (e *env) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != logsPath {
		e.org.ServeHTTP(w, r)
		return
	}
	e.mu.Lock()
	e.requests = append(e.requests, "http://"+r.Host+r.URL.RequestURI())
	e.times = append(e.times, e.clock.Now())
	hook := e.onLogs
	e.mu.Unlock()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if hook == nil || !hook(rec, r) {
		e.org.ServeHTTP(rec, r)
	}
	e.mu.Lock()
	e.statuses = append(e.statuses, rec.status)
	e.mu.Unlock()
}

// statusRecorder notes the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests returns the System Log URLs requested so far.
func (e *env) logRequests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.requests...)
}

func (e *env) setLogsHook(h func(w http.ResponseWriter, r *http.Request) bool) {
	e.mu.Lock()
	e.onLogs = h
	e.mu.Unlock()
}

// poller builds a poller for the env's connection; edit changes the config first.
func (e *env) poller(edit ...func(*Config)) *Poller {
	e.t.Helper()
	cfg := Config{ConnectionID: e.conn.ID, Client: e.cl, DB: e.db, Clock: e.clock}
	for _, f := range edit {
		f(&cfg)
	}
	p, err := New(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// poll runs one PollOnce that must succeed.
func (e *env) poll(p *Poller) PageResult {
	e.t.Helper()
	res, err := p.PollOnce(context.Background())
	if err != nil {
		e.t.Fatalf("PollOnce: %v", err)
	}
	return res
}

// flowOpts shapes a test flow.
type flowOpts struct {
	options    map[string]any
	includeOwn bool
	disabled   bool
	name       string // makes the document differ, for a new version
}

// saveFlow saves (and enables) a flow of the env's connection whose trigger is cardType.
func (e *env) saveFlow(id, cardType string, o flowOpts) int {
	e.t.Helper()
	ctx := context.Background()
	f := &flow.Flow{Schema: flow.SchemaVersion, ID: id, Name: "Flow " + id + o.name, Connection: e.conn.ID,
		Cards:    []flow.Card{{ID: "c_trigger", Type: cardType, Version: 1, Options: o.options}},
		Settings: flow.Settings{IncludeOwnEvents: o.includeOwn}}
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		e.t.Fatal(err)
	}
	v, _, err := e.db.SaveFlow(ctx, storage.FlowDraft{ID: id, Name: f.Name, ConnectionID: e.conn.ID, Document: buf.Bytes()})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.SetFlowEnabled(ctx, id, !o.disabled); err != nil {
		e.t.Fatal(err)
	}
	return v
}

// inject stores an event in the org's System Log, published now.
func (e *env) inject(ev syslog.Event) syslog.Event {
	e.t.Helper()
	out, err := e.org.Logs().Inject(ev)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func userEvent(eventType, userID string) syslog.Event {
	return syslog.Event{EventType: eventType, Target: []syslog.Target{{ID: userID, Type: "User", AlternateID: userID + "@example.com"}}}
}

// runs returns the event runs of a flow keyed by event uuid.
func (e *env) runs(flowID string) map[string]storage.Run {
	e.t.Helper()
	rs, err := e.db.ListRuns(context.Background(), flowID, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]storage.Run{}
	for _, r := range rs {
		if r.Trigger != storage.TriggerEvent {
			continue
		}
		if _, dup := out[r.EventUUID]; dup {
			e.t.Fatalf("flow %s has two runs for event %s", flowID, r.EventUUID)
		}
		out[r.EventUUID] = r
	}
	return out
}

func (e *env) cursor() storage.Cursor {
	e.t.Helper()
	c, ok, err := e.db.GetCursor(context.Background(), e.conn.ID)
	if err != nil || !ok {
		e.t.Fatalf("cursor: ok = %v, err = %v", ok, err)
	}
	return c
}

// countEvents counts the stored events.
func (e *env) countEvents() int {
	e.t.Helper()
	var n int
	err := e.db.ReadTx(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT count(*) FROM events`).Scan(&n)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}
