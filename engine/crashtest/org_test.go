//go:build unix

package crashtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
)

// apiToken is the simulated org's admin token; the engine and the test's own admin calls use it.
const apiToken = "00CRASH-flowdeck-crash-test-token"

// simOrg is the simulated org, served on loopback by the test process: it outlives every
// engine process and its mutation log is the truth the test checks against.
type simOrg struct {
	*oktasim.Org
	URL string
}

func serveOrg(t *testing.T) *simOrg {
	t.Helper()
	org := oktasim.New(oktasim.Options{APIToken: apiToken})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on loopback for the simulated org: %v", err)
	}
	srv := &http.Server{Handler: org, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &simOrg{Org: org, URL: "http://" + ln.Addr().String()}
}

// call makes an admin API call in process (no network: the org's own changes, as another admin
// would make them) and decodes the JSON answer into out.
func (o *simOrg) call(method, path string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Authorization", "SSWS "+apiToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	o.ServeHTTP(rec, req)
	if rec.Code/100 != 2 {
		return fmt.Errorf("%s %s: the simulated org answered %d: %s", method, path, rec.Code, rec.Body.String())
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(rec.Body.Bytes(), out)
}

func (o *simOrg) createGroup(name string) (string, error) {
	var g struct {
		ID string `json:"id"`
	}
	err := o.call(http.MethodPost, "/api/v1/groups", map[string]any{"profile": map[string]any{"name": name}}, &g)
	return g.ID, err
}

// newUser is user i of the test: an ACTIVE user (a password makes activation immediate).
func (o *simOrg) newUser(i int) (crashUser, error) {
	u := crashUser{Login: fmt.Sprintf("crash.user%05d@example.com", i), Name: fmt.Sprintf("Crash User%05d", i)}
	var out struct {
		ID string `json:"id"`
	}
	err := o.call(http.MethodPost, "/api/v1/users?activate=true", map[string]any{
		"profile":     map[string]any{"firstName": "Crash", "lastName": fmt.Sprintf("User%05d", i), "email": u.Login, "login": u.Login},
		"credentials": map[string]any{"password": map[string]any{"value": "Crash-Test-Passw0rd!"}},
	}, &out)
	u.ID = out.ID
	return u, err
}

// crashUser is a user of the org and the events the test has the org emit about it.
type crashUser struct {
	ID, Login, Name string
	Created         string // the uuid of its User Created event, once emitted
	Activated       string // the uuid of its User Activated event, once emitted
}

// emit writes an event of eventType about u to the org's System Log, as Okta writes it when a
// user is created or activated, and returns the event's uuid.
func (o *simOrg) emit(eventType string, u crashUser) (string, error) {
	ev, err := o.Logs().Inject(syslog.Event{EventType: eventType, DisplayMessage: eventType,
		Target: []syslog.Target{{ID: u.ID, Type: "User", AlternateID: u.Login, DisplayName: u.Name}}})
	return ev.UUID, err
}
