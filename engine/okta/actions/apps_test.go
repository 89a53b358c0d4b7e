package actions

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

var _ = covers("okta.action.readApplication", TestReadApplication)

func TestReadApplication(t *testing.T) {
	s := newSim(t, withDemo())
	slack := s.appByLabel(t, "Slack")
	for name, tc := range map[string]struct{ in, opt map[string]any }{
		"Application ID":      {in: map[string]any{"appId": slack}},
		"Application option":  {opt: map[string]any{"application": slack}},
		"Application ID wins": {in: map[string]any{"appId": slack}, opt: map[string]any{"application": "0oaother"}},
	} {
		t.Run(name, func(t *testing.T) {
			out := s.runOK(t, "okta.action.readApplication", tc.in, tc.opt)
			if out["id"] != slack || out["label"] != "Slack" || out["name"] != "slack" || out["status"] != "ACTIVE" || out["signOnMode"] != "SAML_2_0" {
				t.Errorf("outputs = id %v label %v name %v status %v signOnMode %v", out["id"], out["label"], out["name"], out["status"], out["signOnMode"])
			}
			if raw, _ := out["raw"].(map[string]any); raw["_links"] == nil {
				t.Errorf("raw = %v, want the app with its _links", out["raw"])
			}
			if _, ok := out["settings"].(map[string]any); !ok {
				t.Errorf("settings = %v, want an object", out["settings"])
			}
			if _, ok := out["profile"]; !ok {
				t.Error("every declared output must be present, profile is missing")
			}
		})
	}
	t.Run("no app", func(t *testing.T) {
		_, err := s.run(t, "okta.action.readApplication", nil, nil)
		if err == nil || !strings.Contains(err.Error(), "no application") {
			t.Errorf("err = %v, want a missing application", err)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := s.run(t, "okta.action.readApplication", map[string]any{"appId": "0oaunknown"}, nil)
		wantOktaError(t, err, "Read Application", "E0000007")
	})
	t.Run("path traversal stays one segment", func(t *testing.T) {
		_, err := s.run(t, "okta.action.readApplication", map[string]any{"appId": slack + "/users"}, nil)
		wantOktaError(t, err, "Read Application", "E0000007")
	})
}

var _ = covers("okta.action.searchApplications", TestSearchApplications)

func TestSearchApplications(t *testing.T) {
	s := newSim(t, withDemo())
	// "s" starts Slack, Salesforce and ServiceNow (by name or label), in the org's order.
	want := []string{s.appByLabel(t, "Slack"), s.appByLabel(t, "Salesforce"), s.appByLabel(t, "ServiceNow")}
	calls := s.smallPages(t, 2)
	for _, tc := range []struct {
		name      string
		resultSet string
		limit     any
		want      []string
		more      bool
		minCalls  int32
	}{
		{"stream over two pages", "Stream Matching Records", nil, want, false, 2},
		{"first 200", "First 200 Matching Records", 0, want, false, 2},
		{"first matching record", "First Matching Record", nil, want[:1], true, 1},
		{"record limit", "Stream Matching Records", 2, want[:2], true, 1},
		{"record limit equal to the matches", "Stream Matching Records", 3, want, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls.Store(0)
			out := s.runOK(t, "okta.action.searchApplications", map[string]any{"query": "s", "limit": tc.limit},
				map[string]any{"resultSet": tc.resultSet})
			apps, _ := out["applications"].([]any)
			if got := idsOf(apps); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("apps = %v, want %v", got, tc.want)
			}
			if out["more"] != tc.more {
				t.Errorf("more = %v, want %v", out["more"], tc.more)
			}
			if calls.Load() < tc.minCalls {
				t.Errorf("%d requests, want at least %d (pages of 2)", calls.Load(), tc.minCalls)
			}
			if len(apps) > 0 {
				if first, _ := apps[0].(map[string]any); first["label"] != "Slack" || first["raw"] == nil {
					t.Errorf("first item = %v, want Slack flattened with raw", first)
				}
			}
		})
	}
	t.Run("no match is an empty list", func(t *testing.T) {
		out := s.runOK(t, "okta.action.searchApplications", map[string]any{"query": "zzz"}, nil)
		if apps, ok := out["applications"].([]any); !ok || len(apps) != 0 || out["more"] != false {
			t.Errorf("outputs = %v, want an empty list", out)
		}
	})
	t.Run("missing scope", func(t *testing.T) {
		s.reconnect(t, s.Srv.Client().Transport, "okta.users.read")
		_, err := s.run(t, "okta.action.searchApplications", map[string]any{"query": "s"}, nil)
		if ae, ok := apiError(err); !ok || ae.Status != http.StatusForbidden {
			t.Errorf("err = %v, want Okta's 403", err)
		}
	})
}

var (
	_ = covers("okta.action.activateApplication", TestApplicationLifecycle)
	_ = covers("okta.action.deactivateApplication", TestApplicationLifecycle)
)

func TestApplicationLifecycle(t *testing.T) {
	s := newSim(t, withDemo())
	slack := s.appByLabel(t, "Slack")
	// Each step runs twice: the second finds the app already in that state, which is success.
	for _, step := range []struct {
		card, card2, want string
	}{
		{"okta.action.deactivateApplication", "Deactivate Application", "INACTIVE"},
		{"okta.action.activateApplication", "Activate Application", "ACTIVE"},
	} {
		for i := 1; i <= 2; i++ {
			out := s.runOK(t, step.card, map[string]any{"appId": slack}, nil)
			if out["statusCode"] != http.StatusOK {
				t.Errorf("%s #%d: statusCode = %v, want 200", step.card2, i, out["statusCode"])
			}
			if got := s.object(t, http.MethodGet, "/api/v1/apps/"+slack, nil)["status"]; got != step.want {
				t.Errorf("after %s #%d the app is %v, want %s", step.card2, i, got, step.want)
			}
		}
		_, err := s.run(t, step.card, map[string]any{"appId": "0oaunknown"}, nil)
		wantOktaError(t, err, step.card2, "E0000007")
	}
}

var _ = covers("okta.action.deleteApplication", TestDeleteApplication)

func TestDeleteApplication(t *testing.T) {
	s := newSim(t, withDemo())
	slack := s.appByLabel(t, "Slack")
	t.Run("an active app is refused", func(t *testing.T) {
		_, err := s.run(t, "okta.action.deleteApplication", map[string]any{"appId": slack}, nil)
		wantOktaError(t, err, "Delete Application", "E0000056")
		if err != nil && !strings.Contains(err.Error(), "Deactivate Application first") {
			t.Errorf("err = %v, want the advice to deactivate first", err)
		}
		if got := s.status(t, "/api/v1/apps/"+slack); got != http.StatusOK {
			t.Errorf("the app answers %d, want it still there", got)
		}
	})
	t.Run("an inactive app is deleted", func(t *testing.T) {
		s.do(t, http.MethodPost, "/api/v1/apps/"+slack+"/lifecycle/deactivate", nil)
		out := s.runOK(t, "okta.action.deleteApplication", map[string]any{"appId": slack}, nil)
		if out["statusCode"] != http.StatusNoContent {
			t.Errorf("statusCode = %v, want 204", out["statusCode"])
		}
		if got := s.status(t, "/api/v1/apps/"+slack); got != http.StatusNotFound {
			t.Errorf("the deleted app answers %d, want 404", got)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := s.run(t, "okta.action.deleteApplication", map[string]any{"appId": "0oaunknown"}, nil)
		wantOktaError(t, err, "Delete Application", "E0000007")
	})
}

// TestDeleteApplicationAfterAFailure: a lost answer or a 5xx is followed by a read, never by a
// blind repeat whose 404 would report a deleted app as an error.
func TestDeleteApplicationAfterAFailure(t *testing.T) {
	s := newSim(t, withDemo())
	for _, tc := range []struct {
		name, app string
		fault     limits.Fault
	}{
		{"deleted, answer lost", "Slack", limits.Fault{ResetAfterRate: 1, Times: 1}},
		{"not deleted, answer lost", "Zoom", limits.Fault{ResetBeforeRate: 1, Times: 1}},
		{"Okta 500", "Box", limits.Fault{ErrorRate: 1, Status: http.StatusInternalServerError, Times: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := s.appByLabel(t, tc.app)
			s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/lifecycle/deactivate", nil)
			tc.fault.Method, tc.fault.PathPrefix = http.MethodDelete, "/api/v1/apps/"+app
			s.faults().Add(tc.fault)
			before := s.Org.MutationsOfKind("app.delete")
			out := s.runOK(t, "okta.action.deleteApplication", map[string]any{"appId": app}, nil)
			if out["statusCode"] != http.StatusNoContent {
				t.Errorf("statusCode = %v, want 204", out["statusCode"])
			}
			if got := s.status(t, "/api/v1/apps/"+app); got != http.StatusNotFound {
				t.Errorf("the app answers %d, want 404", got)
			}
			if n := s.Org.MutationsOfKind("app.delete") - before; n != 1 {
				t.Errorf("%d deletions, want 1", n)
			}
		})
	}
}
