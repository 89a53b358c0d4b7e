package syslog

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Inject stores an event given in part, as the simulator's admin endpoint does: the event
// type must be one Okta emits, and what is missing gets Okta's usual values (severity INFO,
// outcome SUCCESS, a WEB transaction whose id is also debugData.requestId, a system actor).
func (s *Store) Inject(ev Event) (Event, error) {
	if err := completeInjected(&ev); err != nil {
		return Event{}, err
	}
	return s.Append(ev), nil
}

func completeInjected(ev *Event) error {
	if ev.EventType == "" {
		return fmt.Errorf("the event has no eventType: give one of Okta's System Log event types, such as user.lifecycle.create")
	}
	if !KnownEventType(ev.EventType) {
		return fmt.Errorf("eventType %q is not in Okta's System Log event-type catalog: check the spelling (for example user.lifecycle.create)", ev.EventType)
	}
	if ev.Severity == "" {
		ev.Severity = "INFO"
	}
	if ev.Outcome.Result == "" {
		ev.Outcome.Result = "SUCCESS"
	}
	if ev.DisplayMessage == "" {
		ev.DisplayMessage = ev.EventType
	}
	if ev.Actor.ID == "" && ev.Actor.Type == "" {
		ev.Actor = Actor{ID: "0oa1simsystem0000000", Type: "PublicClientApp", AlternateID: "Okta System", DisplayName: "Okta System"}
	}
	if ev.Transaction.Type == "" {
		ev.Transaction.Type = "WEB"
	}
	if ev.Transaction.ID == "" {
		ev.Transaction.ID = newRequestID()
	}
	if ev.Transaction.Detail == nil {
		ev.Transaction.Detail = map[string]any{}
	}
	if ev.DebugContext.DebugData == nil {
		ev.DebugContext.DebugData = map[string]any{}
	}
	if _, ok := ev.DebugContext.DebugData["requestId"]; !ok && ev.Transaction.Type == "WEB" {
		ev.DebugContext.DebugData["requestId"] = ev.Transaction.ID
	}
	return nil
}

// newRequestID returns an id shaped like Okta's X-Okta-Request-Id (27 URL-safe characters).
func newRequestID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var b [27]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

// AdminHandler serves the simulator-only POST /sim/v1/logs: the body is one event or an array
// of events in LogEvent JSON, any field may be left out (see Inject). The optional `visibleIn`
// query parameter (a Go duration such as 30s) makes the events visible that long from now, to
// show a poller an event ingested late. It answers 201 with the events as stored.
func (s *Store) AdminHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			apierr.Write(w, apierr.MethodNotAllowed())
			return
		}
		var visibleIn time.Duration
		if v := r.URL.Query().Get("visibleIn"); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				apierr.Write(w, apierr.Validation("visibleIn: give a duration such as 30s or 2m"))
				return
			}
			visibleIn = d
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			apierr.Write(w, apierr.BadRequest(err.Error()))
			return
		}
		body = bytes.TrimSpace(body)
		single := len(body) > 0 && body[0] == '{'
		var evs []Event
		if single {
			var ev Event
			err = json.Unmarshal(body, &ev)
			evs = []Event{ev}
		} else {
			err = json.Unmarshal(body, &evs)
		}
		if err != nil {
			apierr.Write(w, apierr.BadRequest("the body must be a LogEvent JSON object or an array of them: "+err.Error()))
			return
		}
		for i := range evs {
			if err := completeInjected(&evs[i]); err != nil {
				apierr.Write(w, apierr.Validation("eventType: "+err.Error()))
				return
			}
		}
		for i := range evs {
			if visibleIn > 0 {
				evs[i] = s.AppendAt(evs[i], s.clock().Add(visibleIn))
			} else {
				evs[i] = s.Append(evs[i])
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		if single {
			_ = json.NewEncoder(w).Encode(evs[0])
			return
		}
		_ = json.NewEncoder(w).Encode(evs)
	})
}
