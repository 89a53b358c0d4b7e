package syslog

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Handler serves GET /api/v1/logs (mount it at that path; authentication, scopes and rate
// limits are the caller's). Every response has a `self` link; a polling request (no until,
// ASCENDING) always has a `next` link, even on an empty page, and a bounded one has it only
// when more events match. The next link repeats the request's query with a new opaque
// `after`, so following it keeps the filter, q, limit and sortOrder.
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(s.serveLogs)
}

func (s *Store) serveLogs(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		apierr.Write(w, apierr.MethodNotAllowed())
		return
	}
	now := s.clock().UTC()
	params := r.URL.Query()
	q, bad := parseQuery(params, now)
	if bad != nil {
		apierr.Write(w, bad)
		return
	}
	p := s.run(q, now)

	base := requestBase(r)
	w.Header().Add("Link", "<"+base+"?"+r.URL.RawQuery+`>; rel="self"`)
	if p.next != nil {
		next := url.Values{}
		for k, vs := range params {
			next[k] = vs
		}
		next.Set("after", p.next.encode())
		// A polling next link resumes from its cursor: since would contradict it (Okta forbids
		// both). A bounded one keeps since and pins until so that its pages stay one window.
		if q.polling() {
			next.Del("since")
		} else {
			next.Set("until", q.until.Format(PublishedLayout))
		}
		w.Header().Add("Link", "<"+base+"?"+next.Encode()+`>; rel="next"`)
	}
	events := p.events
	if events == nil {
		events = []Event{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	_ = json.NewEncoder(w).Encode(events)
}

// requestBase is the absolute URL of the request without its query, as the client addressed
// it, so that links point back at the same org (an httptest server, the demo, a proxy).
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host + r.URL.EscapedPath()
}
