package actions

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

var _ = covers("okta.action.searchSystemLogs", TestSearchSystemLogs)

const logsCard = "okta.action.searchSystemLogs"

func TestSearchSystemLogs(t *testing.T) {
	s := newSim(t)
	ids := s.seedUsers(t, "log", 3)
	// Sign-ins the org does not cause itself, injected through the simulator's admin endpoint:
	// enough to need more than one page of 1,000.
	var batch []map[string]any
	for i := range 1100 {
		batch = append(batch, map[string]any{"eventType": "user.session.start", "displayMessage": "User login to Okta",
			"actor":  map[string]any{"id": ids[i%3], "type": "User", "alternateId": fmt.Sprintf("log%03d@example.com", i%3), "displayName": "log Test"},
			"target": []any{map[string]any{"id": ids[i%3], "type": "User"}}})
	}
	s.do(t, http.MethodPost, "/sim/v1/logs", batch)
	until := simStart.Add(time.Hour).Format(time.RFC3339)
	stream := map[string]any{"resultSet": "Stream Matching Records"}
	tests := []struct {
		name     string
		options  map[string]any
		inputs   map[string]any
		want     int
		wantMore bool
		check    func(t *testing.T, logs []any)
	}{
		{name: "creates by event type", options: stream, inputs: map[string]any{"eventType": "user.lifecycle.create"}, want: 3,
			check: func(t *testing.T, logs []any) {
				ev := logs[0].(map[string]any)
				if path(ev, "actor", "id") != s.Org.AdminID() || ev["uuid"] == nil || ev["published"] == nil || ev["raw"] == nil {
					t.Errorf("event = %v", ev)
				}
				tg, _ := ev["target"].([]any)
				if len(tg) == 0 || tg[0].(map[string]any)["id"] != ids[0] {
					t.Errorf("target = %v, want the first user", ev["target"])
				}
			}},
		{name: "every page of a polling query", options: stream, inputs: map[string]any{"eventType": "user.session.start"}, want: 1100},
		{name: "every page of a bounded query", options: stream, inputs: map[string]any{"eventType": "user.session.start", "until": until}, want: 1100},
		{name: "first 200", options: map[string]any{"resultSet": "First 200 Matching Records"}, inputs: map[string]any{"eventType": "user.session.start"},
			want: 200, wantMore: true},
		{name: "record limit over a page", options: stream, inputs: map[string]any{"eventType": "user.session.start", "limit": 1001}, want: 1001, wantMore: true},
		{name: "actor and custom filter", options: stream,
			inputs: map[string]any{"actorId": ids[1], "customFilter": `eventType eq "user.session.start"`}, want: 367}, // i%3 == 1
		{name: "descending", options: stream, inputs: map[string]any{"targetId": ids[2], "sortOrder": "DESCENDING", "until": until, "limit": 5},
			want: 5, wantMore: true,
			check: func(t *testing.T, logs []any) {
				first, last := logs[0].(map[string]any)["published"].(string), logs[4].(map[string]any)["published"].(string)
				if first < last {
					t.Errorf("published %s before %s in a descending search", first, last)
				}
			}},
		{name: "keyword", options: map[string]any{"searchBy": "Keyword", "resultSet": "Stream Matching Records"},
			inputs: map[string]any{"keyword": "log002@example.com"}, want: 366 + 2, // sign-ins, then create and activate
			check: func(t *testing.T, logs []any) {
				for _, l := range logs {
					if !strings.Contains(fmt.Sprint(l.(map[string]any)["raw"]), "log002@example.com") {
						t.Fatalf("event without the keyword: %v", l)
					}
				}
			}},
		{name: "first matching record", inputs: map[string]any{"eventType": "user.lifecycle.create"}, want: 1, wantMore: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := s.runOK(t, logsCard, tt.inputs, tt.options)
			n := listLen(t, out, "logs")
			if n != tt.want || out["more"] != tt.wantMore {
				t.Errorf("got %d events, more %v; want %d, %v", n, out["more"], tt.want, tt.wantMore)
			}
			if tt.check != nil && n > 0 {
				tt.check(t, out["logs"].([]any))
			}
		})
	}
	t.Run("bad date is Okta's error", func(t *testing.T) {
		_, err := s.run(t, logsCard, map[string]any{"since": "yesterday"}, nil)
		wantOktaError(t, err, "Search System Logs", "E0000001")
	})
}
