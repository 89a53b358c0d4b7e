package connections

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/actions"
	"github.com/flowdeck/flowdeck/storage"
)

// tokenRecorder notes every token the org's token endpoint hands out, so the test knows what
// must never appear anywhere in the clear.
type tokenRecorder struct {
	next   http.RoundTripper
	mu     sync.Mutex
	tokens []string
}

func (r *tokenRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil || req.URL.Path != "/oauth2/v1/token" || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	var body map[string]any
	_ = json.Unmarshal(data, &body)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range []string{"access_token", "refresh_token", "id_token"} {
		if v, _ := body[k].(string); v != "" {
			r.tokens = append(r.tokens, v)
		}
	}
	return resp, nil
}

func (r *tokenRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.tokens...)
}

// TestNoSecretInTheClear runs sign-ins (Bearer with rotation, DPoP), refreshes, card calls, an
// API-token connection and the usual failures, then looks for every token in the database file
// and its -wal and -shm companions, in an exported flow, in every error message, and in the
// debug-level log.
func TestNoSecretInTheClear(t *testing.T) {
	rec := &tokenRecorder{next: http.DefaultTransport}
	e := newEnv(t, func(o *envOptions) { o.transport = rec })
	ctx := context.Background()
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	// A Bearer connection: sign-in, a card call, a refresh with rotation, another call.
	st := e.signIn(rotatingClient, "acme")
	_, err := me(t, e, st.ID)
	keep(err)
	e.clock.Advance(61 * time.Minute)
	_, err = me(t, e, st.ID)
	keep(err)
	// A card run (Read User through the card's executor), and one that fails at Okta.
	runCard(t, e, st.ID, "admin@example.com", keep)
	runCard(t, e, st.ID, "nobody@example.com", keep)
	// A DPoP connection, through the same steps.
	dp := e.signIn(dpopClient, "dpop")
	_, err = me(t, e, dp.ID)
	keep(err)
	e.clock.Advance(61 * time.Minute)
	_, err = me(t, e, dp.ID)
	keep(err)
	runCard(t, e, dp.ID, "admin@example.com", keep)
	dpKey := e.bundleOf(dp.ID).DPoPKey
	// An API token connection, and one Okta refuses.
	badToken := "00" + strings.Repeat("Zq9", 13)
	api, err := e.m.AddAPIToken(ctx, APITokenRequest{OrgURL: e.srv.URL, Name: "ssws", Token: e.org.APIToken()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = me(t, e, api.ID)
	keep(err)
	_, err = e.m.AddAPIToken(ctx, APITokenRequest{OrgURL: e.srv.URL, Name: "bad", Token: badToken})
	keep(err)
	// Failures: a revoked refresh token (needs sign-in), calls on it, a wrong client id.
	if err := auth.Revoke(ctx, nil, e.srv.URL, rotatingClient, e.bundleOf(st.ID).RefreshToken, auth.HintRefreshToken); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(61 * time.Minute)
	_, err = me(t, e, st.ID)
	keep(err)
	_, err = e.m.Client(ctx, st.ID)
	keep(err)
	_, err = e.m.SignIn(ctx, SignInRequest{OrgURL: e.srv.URL, ClientID: "0oaunknown", RedirectURI: e.redirect, OpenBrowser: func(u string) error {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}, Timeout: 500 * time.Millisecond})
	keep(err)

	// An exported flow that uses the DPoP connection.
	doc := &flow.Flow{Schema: flow.SchemaVersion, ID: "f_secret", Name: "Uses a connection", Connection: dp.ID,
		Cards: []flow.Card{{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1}}}
	var exported bytes.Buffer
	if err := flow.Encode(&exported, doc); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.db.SaveFlow(ctx, storage.FlowDraft{ID: doc.ID, Name: doc.Name, ConnectionID: dp.ID, Document: exported.Bytes()}); err != nil {
		t.Fatal(err)
	}

	// Deleting while the org is down: kept, with an error.
	e.srv.Close()
	_, err = e.m.Delete(ctx, dp.ID, false)
	keep(err)
	if len(errs) < 5 {
		t.Fatalf("only %d errors were produced; the scenario did not run its failures", len(errs))
	}

	secrets := rec.all()
	if len(secrets) < 8 {
		t.Fatalf("recorded %d tokens, want every sign-in and refresh", len(secrets))
	}
	secrets = append(secrets, e.org.APIToken(), badToken)
	// The DPoP private key, raw and as it would look in JSON.
	if len(dpKey) == 0 {
		t.Fatal("no DPoP key was stored")
	}
	secrets = append(secrets, string(dpKey), base64.StdEncoding.EncodeToString(dpKey))

	blobs := map[string][]byte{"exported flow": exported.Bytes(), "log": []byte(e.logs.String())}
	for _, err := range errs {
		blobs["error "+err.Error()] = []byte(err.Error())
	}
	files := 0
	for _, suffix := range []string{"", "-wal", "-shm"} {
		data, err := os.ReadFile(e.dbPath + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		files++
		blobs["database file"+suffix] = data
	}
	if files < 2 {
		t.Errorf("found %d database files; the -wal file should exist while the database is open", files)
	}
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	blobs["database file after close"] = data
	e.open() // for the cleanup's Close

	for where, blob := range blobs {
		for _, s := range secrets {
			if bytes.Contains(blob, []byte(s)) {
				t.Errorf("%s contains a secret in the clear (%.6s…)", where, s)
			}
		}
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "level=DEBUG") || !strings.Contains(logs, "connection tokens refreshed") {
		t.Errorf("the debug log did not record the scenario:\n%s", logs)
	}
	for _, word := range []string{"authorization", "bearer ", "dpop ey", "ssws 00"} {
		if strings.Contains(strings.ToLower(logs), word) {
			t.Errorf("the log mentions %q:\n%s", word, logs)
		}
	}
}

// runCard runs the Read User card with the connection's client, as the engine and run-card do.
func runCard(t *testing.T, e *env, connID, user string, keep func(error)) {
	t.Helper()
	spec, ok := catalog.Global().Lookup("okta.action.readUser")
	if !ok {
		t.Fatal("no Read User card")
	}
	cl, err := e.m.Client(context.Background(), connID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := actions.Run(context.Background(), &actions.Call{Spec: spec, Client: cl, Inputs: map[string]any{"userId": user}})
	keep(err)
	if user == "admin@example.com" && (err != nil || len(res.RequestIDs) == 0) {
		t.Errorf("Read User: %v", err)
	}
}
