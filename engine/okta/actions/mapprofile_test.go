package actions

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

var _ = covers("okta.action.mapProfileSourceAttributes", TestMapProfileSourceAttributes)

func TestMapProfileSourceAttributes(t *testing.T) {
	s := newSim(t, withDemo())
	src := s.appByLabel(t, "HR Source of Truth")
	const card = "okta.action.mapProfileSourceAttributes"
	hr := []any{
		map[string]any{"employeeId": float64(1001), "userName": "ivy@example.com", "firstName": "Ivy", "lastName": "Lee",
			"email": "ivy@example.com", "department": "R&D", "salary": 90000, "employeeNumber": float64(7)},
		map[string]any{"employeeId": "E-1002", "userName": "max@example.com", "firstName": "Max", "lastName": "Roe",
			"email": "max@example.com", "mobilePhone": nil, "secondEmail": ""},
	}
	t.Run("upsert", func(t *testing.T) {
		out := s.runOK(t, card, map[string]any{"externalIdKey": "employeeId", "users": hr}, map[string]any{"application": src})
		want := []any{
			map[string]any{"externalId": "1001", "profile": map[string]any{"userName": "ivy@example.com", "firstName": "Ivy",
				"lastName": "Lee", "email": "ivy@example.com", "department": "R&D", "employeeNumber": "7"}},
			map[string]any{"externalId": "E-1002", "profile": map[string]any{"userName": "max@example.com", "firstName": "Max",
				"lastName": "Roe", "email": "max@example.com"}},
		}
		if !reflect.DeepEqual(out["users"], want) {
			t.Errorf("users =\n%v\nwant\n%v", out["users"], want)
		}
		// The output feeds Bulk User Import as it is.
		session := s.runOK(t, "okta.action.createAnImportSession", map[string]any{"appId": src}, nil)
		imp := s.runOK(t, "okta.action.bulkUserImport", map[string]any{"appId": src, "sessionId": session["id"], "users": out["users"]}, nil)
		if imp["recordsImported"] != 2 {
			t.Errorf("Bulk User Import took %v users, want 2", imp["recordsImported"])
		}
		s.runOK(t, "okta.action.triggerImportSession", map[string]any{"appId": src, "sessionId": session["id"]}, nil)
		ivy := s.object(t, http.MethodGet, "/api/v1/users/ivy@example.com", nil)
		if p, _ := ivy["profile"].(map[string]any); ivy["status"] != "ACTIVE" || p["department"] != "R&D" || p["salary"] != nil {
			t.Errorf("imported user = %v, want ACTIVE with the mapped profile only", ivy)
		}
	})
	t.Run("delete needs no schema", func(t *testing.T) {
		out := s.runOK(t, card, map[string]any{"externalIdKey": "employeeId", "users": hr}, map[string]any{"importOperation": "DELETE"})
		want := []any{map[string]any{"externalId": "1001"}, map[string]any{"externalId": "E-1002"}}
		if !reflect.DeepEqual(out["users"], want) {
			t.Errorf("users = %v, want %v", out["users"], want)
		}
	})
	for _, tc := range []struct {
		name, key string
		users     []any
		wantErr   string
	}{
		{"missing external id", "employeeId", append(hr[:1:1], map[string]any{"userName": "x@example.com"}),
			`record 2 of 2: no "employeeId" attribute`},
		{"empty external id", "employeeId", []any{map[string]any{"employeeId": " ", "email": "a@example.com"}}, `"employeeId" is empty`},
		{"object as external id", "employeeId", []any{map[string]any{"employeeId": map[string]any{}, "email": "a@example.com"}}, "not text or a number"},
		{"nothing the profile knows", "id", []any{map[string]any{"id": "1", "mail": "a@example.com"}}, "none of its attributes (id, mail)"},
		{"a list attribute", "id", []any{map[string]any{"id": "1", "email": []any{"a@example.com"}}}, `attribute "email" is []interface {}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.run(t, card, map[string]any{"appId": src, "externalIdKey": tc.key, "users": tc.users}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
	t.Run("unknown app", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"appId": "0oaunknown", "externalIdKey": "employeeId", "users": hr}, nil)
		wantOktaError(t, err, "Map Profile Source Attributes", "E0000007")
	})
	t.Run("no app for an upsert", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"externalIdKey": "employeeId", "users": hr}, nil)
		if err == nil || !strings.Contains(err.Error(), "no application") {
			t.Errorf("err = %v, want a missing application", err)
		}
	})
}
