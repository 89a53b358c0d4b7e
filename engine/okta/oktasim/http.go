package oktasim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the X-Okta-Request-Id the org gave r (for middleware such as rate limits).
func RequestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// withRequestID gives every response, errors and 429s included, its X-Okta-Request-Id.
func withRequestID(o *Org, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := o.newRequestID()
		w.Header().Set("X-Okta-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// call is one API request being answered; handlers run with o.mu held.
type call struct {
	o     *Org
	w     http.ResponseWriter
	r     *http.Request
	reqID string
	p     *authz.Principal
	now   time.Time
	base  string
}

// handlerFunc answers one call; it writes the response through the call's helpers.
type handlerFunc func(c *call)

// serve routes a request: unknown methods on known paths get Okta's 405, unknown paths its 404.
func (o *Org) serve(w http.ResponseWriter, r *http.Request) {
	if _, pattern := o.mux.Handler(r); pattern == "" {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
			r2 := r.Clone(r.Context())
			r2.Method = m
			if _, p := o.mux.Handler(r2); p != "" {
				apierr.Write(w, apierr.MethodNotAllowed())
				return
			}
		}
		apierr.Write(w, apierr.ResourceNotFound(r.URL.Path, "Unknown"))
		return
	}
	o.mux.ServeHTTP(w, r) // ServeHTTP, not the Handler found above: it sets the path values
}

// api registers an authenticated Management API route needing scope (read scopes are implied by
// the matching manage scope, as Okta does).
func (o *Org) api(mux *http.ServeMux, pattern, scope string, h handlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p, aerr := o.authenticate(r)
		if aerr != nil {
			apierr.Write(w, aerr)
			return
		}
		if aerr := p.RequireScope(r, scope); aerr != nil {
			apierr.Write(w, aerr)
			return
		}
		o.mu.Lock()
		defer o.mu.Unlock()
		c := &call{o: o, w: w, r: r, reqID: RequestID(r), p: p, now: o.clock(), base: baseURL(r)}
		if !c.activePrincipal() {
			apierr.Write(w, apierr.InvalidToken())
			return
		}
		if r.Method != http.MethodGet {
			o.gen++
		}
		h(c)
	})
}

// activePrincipal is false once the token's user is deleted or deactivated: Okta stops
// honouring that user's tokens.
func (c *call) activePrincipal() bool {
	u, ok := c.o.users[c.p.Subject]
	return ok && u.Status != statusDeprovisioned
}

// baseURL is the org URL as the client sees it, so links point back at the simulator.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (c *call) json(status int, v any) {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(status)
	_ = json.NewEncoder(c.w).Encode(v)
}

func (c *call) fail(e *apierr.Error) { apierr.Write(c.w, e) }

func (c *call) noContent() { c.w.WriteHeader(http.StatusNoContent) }

// empty answers 200 with Okta's empty JSON object, as lifecycle operations do.
func (c *call) empty() { c.json(http.StatusOK, map[string]any{}) }

// decode reads a JSON body; a malformed body is E0000003 as in Okta.
func (c *call) decode(v any) *apierr.Error {
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 10<<20))
	if err != nil {
		return apierr.BadRequest(err.Error())
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return apierr.BadRequest("Malformed JSON")
		}
		return apierr.BadRequest(err.Error())
	}
	return nil
}

func (c *call) path(name string) string { return c.r.PathValue(name) }

func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// boolQuery reads a true/false query parameter; anything else is Okta's validation error.
func (c *call) boolQuery(name string, def bool) (bool, *apierr.Error) {
	v := c.query(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, apierr.Validation(name + ": must be true or false")
	}
	return b, nil
}

func (c *call) clientIP() string {
	host, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		return c.r.RemoteAddr
	}
	return host
}

func (c *call) href(path string) map[string]any { return map[string]any{"href": c.base + path} }
