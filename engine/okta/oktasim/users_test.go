package oktasim

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

func boolPtr(b bool) *bool { return &b }

func newUser(first, last string) okta.CreateUserRequest {
	login := fmt.Sprintf("%s.%s@example.com", first, last)
	return okta.CreateUserRequest{Profile: &okta.UserProfile{"firstName": first, "lastName": last, "email": login, "login": login}}
}

func TestCreateUserStatuses(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	withPassword := newUser("Pat", "Password")
	withPassword.Credentials = &okta.UserCredentials{Password: &okta.PasswordCredential{Value: "Tr0ub4dor&3xyz"}}
	withProvider := newUser("Fed", "Erated")
	withProvider.Credentials = &okta.UserCredentials{Provider: &okta.AuthenticationProvider{Type: "FEDERATION", Name: "FEDERATION"}}
	tests := []struct {
		name   string
		body   okta.CreateUserRequest
		qp     *query.Params
		status string
	}{
		{"staged without activate", newUser("Sam", "Staged"), &query.Params{Activate: boolPtr(false)}, "STAGED"},
		{"provisioned without credentials", newUser("Paul", "Provisioned"), &query.Params{Activate: boolPtr(true)}, "PROVISIONED"},
		{"active with password", withPassword, nil, "ACTIVE"},
		{"active with provider", withProvider, &query.Params{Provider: true}, "ACTIVE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, resp, err := c.User.CreateUser(ctx, tt.body, tt.qp)
			if err != nil {
				t.Fatalf("CreateUser: %v", err)
			}
			if resp.StatusCode != http.StatusOK || u.Status != tt.status {
				t.Fatalf("got %d %s, want 200 %s", resp.StatusCode, u.Status, tt.status)
			}
			if resp.Header.Get("X-Okta-Request-Id") == "" {
				t.Error("no X-Okta-Request-Id")
			}
			byLogin, _, err := c.User.GetUser(ctx, (*u.Profile)["login"].(string))
			if err != nil || byLogin.Id != u.Id {
				t.Fatalf("GetUser by login: %v %v", byLogin, err)
			}
		})
	}
}

func TestCreateUserValidation(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	if _, _, err := c.User.CreateUser(ctx, newUser("Dup", "Licate"), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, code, summary string
		body                okta.CreateUserRequest
	}{
		{"duplicate login", "E0000001", "Api validation failed: login", newUser("Dup", "Licate")},
		{"missing email", "E0000001", "Api validation failed: email", okta.CreateUserRequest{Profile: &okta.UserProfile{"login": "x@example.com", "firstName": "X", "lastName": "Y"}}},
		{"unknown group", "E0000007", "Not found: Resource not found: 00gnope (UserGroup)", okta.CreateUserRequest{Profile: newUser("Gro", "Up").Profile, GroupIds: []string{"00gnope"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := c.User.CreateUser(ctx, tt.body, nil)
			code, summary := oktaErr(t, err)
			if code != tt.code || summary != tt.summary {
				t.Fatalf("got %s %q, want %s %q", code, summary, tt.code, tt.summary)
			}
		})
	}
	if n := org.MutationsOfKind("user.create"); n != 1 {
		t.Fatalf("failed creates changed the org: %d user.create mutations", n)
	}
}

func TestUserLifecycle(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	u, _, err := c.User.CreateUser(ctx, newUser("Lee", "Cycle"), &query.Params{Activate: boolPtr(false)})
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		got, _, err := c.User.GetUser(ctx, u.Id)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}

	tok, _, err := c.User.ActivateUser(ctx, u.Id, &query.Params{SendEmail: boolPtr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ActivationToken == "" || tok.ActivationUrl == "" {
		t.Fatalf("activate with sendEmail=false returned no token: %+v", tok)
	}
	if s := status(); s != "PROVISIONED" {
		t.Fatalf("after activate: %s", s)
	}
	_, _, err = c.User.ActivateUser(ctx, u.Id, nil)
	if code, summary := oktaErr(t, err); code != "E0000016" || summary != "Activation failed because the user is already active" {
		t.Fatalf("second activate: %s %s", code, summary)
	}
	_, err = c.User.SuspendUser(ctx, u.Id)
	if code, _ := oktaErr(t, err); code != "E0000001" {
		t.Fatalf("suspend of a PROVISIONED user: %s", code)
	}

	// Give the user a password: a PROVISIONED user who sets one is not yet active, so activate
	// through deactivate + activate with a password.
	pw := okta.User{Credentials: &okta.UserCredentials{Password: &okta.PasswordCredential{Value: "S3cure-Passw0rd!"}}}
	if _, _, err := c.User.PartialUpdateUser(ctx, u.Id, pw, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.User.DeactivateUser(ctx, u.Id, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.User.ActivateUser(ctx, u.Id, &query.Params{SendEmail: boolPtr(true)}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want string
	}{
		{"suspend", func() error { _, err := c.User.SuspendUser(ctx, u.Id); return err }, "SUSPENDED"},
		{"unsuspend", func() error { _, err := c.User.UnsuspendUser(ctx, u.Id); return err }, "ACTIVE"},
		{"reset password", func() error {
			rp, _, err := c.User.ResetPassword(ctx, u.Id, &query.Params{SendEmail: boolPtr(false)})
			if err == nil && rp.ResetPasswordUrl == "" {
				return fmt.Errorf("no resetPasswordUrl")
			}
			return err
		}, "RECOVERY"},
		{"expire password", func() error { _, _, err := c.User.ExpirePassword(ctx, u.Id); return err }, "PASSWORD_EXPIRED"},
		{"deactivate", func() error { _, err := c.User.DeactivateUser(ctx, u.Id, nil); return err }, "DEPROVISIONED"},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := status(); got != s.want {
			t.Fatalf("after %s: %s, want %s", s.name, got, s.want)
		}
	}
	_, err = c.User.UnsuspendUser(ctx, u.Id)
	if code, summary := oktaErr(t, err); code != "E0000001" || summary != "Api validation failed: unsuspendUser" {
		t.Fatalf("unsuspend of a DEPROVISIONED user: %s %s", code, summary)
	}
	_, err = c.User.UnlockUser(ctx, u.Id)
	if code, _ := oktaErr(t, err); code != "E0000038" {
		t.Fatalf("unlock of a DEPROVISIONED user: %s, want E0000038 (not allowed in the user's status)", code)
	}
	for _, want := range []string{"user.account.expire_password", "user.lifecycle.activate", "user.lifecycle.suspend", "user.lifecycle.unsuspend", "user.account.reset_password", "user.lifecycle.deactivate"} {
		if len(eventsOfType(t, org, want)) == 0 {
			t.Errorf("no %s event", want)
		}
	}
}

func TestDeleteUserIsTwoCalls(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	u, _, err := c.User.CreateUser(ctx, newUser("Del", "Ete"), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.User.DeactivateOrDeleteUser(ctx, u.Id, nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("first delete: %v %v", resp, err)
	}
	got, _, err := c.User.GetUser(ctx, u.Id)
	if err != nil || got.Status != "DEPROVISIONED" {
		t.Fatalf("after first delete: %v %v", got, err)
	}
	resp, err = c.User.DeactivateOrDeleteUser(ctx, u.Id, nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("second delete: %v %v", resp, err)
	}
	_, _, err = c.User.GetUser(ctx, u.Id)
	if code, _ := oktaErr(t, err); code != "E0000007" {
		t.Fatalf("after second delete: %s", code)
	}
	if n := len(eventsOfType(t, org, "user.lifecycle.delete.initiated")); n != 1 {
		t.Fatalf("%d user.lifecycle.delete.initiated events", n)
	}
	if org.MutationsOfKind("user.deactivate") != 1 || org.MutationsOfKind("user.delete") != 1 {
		t.Fatalf("mutations: %+v", org.Mutations())
	}
}

func TestUpdateUserPartialAndStrict(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	body := newUser("Up", "Date")
	(*body.Profile)["title"] = "Engineer"
	u, _, err := c.User.CreateUser(ctx, body, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, resp, err := c.User.PartialUpdateUser(ctx, u.Id, okta.User{Profile: &okta.UserProfile{"department": "Sales"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if (*got.Profile)["title"] != "Engineer" || (*got.Profile)["department"] != "Sales" {
		t.Fatalf("partial update lost or missed properties: %v", *got.Profile)
	}
	evs := eventsOfType(t, org, "user.account.update_profile")
	if len(evs) != 1 {
		t.Fatalf("%d update_profile events", len(evs))
	}
	dbg := evs[0]["debugContext"].(map[string]any)["debugData"].(map[string]any)
	if dbg["changedAttributes"] != "department" || dbg["requestId"] != resp.Header.Get("X-Okta-Request-Id") {
		t.Fatalf("debugData %v", dbg)
	}
	strict := okta.User{Profile: &okta.UserProfile{"login": "up.date@example.com", "email": "up.date@example.com", "firstName": "Up", "lastName": "Date"}}
	got, _, err = c.User.UpdateUser(ctx, u.Id, strict, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := (*got.Profile)["title"]; ok {
		t.Fatalf("strict update kept title: %v", *got.Profile)
	}
}
