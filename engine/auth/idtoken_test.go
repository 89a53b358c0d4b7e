package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestVerifyIDToken(t *testing.T) {
	o := newSimOrg(t, false)
	res, err := Login(context.Background(), LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect,
		Scopes: []string{"openid", "profile", "offline_access"}, OpenBrowser: fakeBrowser(t, nil), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	who, err := VerifyIDToken(context.Background(), nil, o.srv.URL, "0oatest", res.IDToken, res.Nonce, o.clock())
	if err != nil {
		t.Fatal(err)
	}
	if who.Subject != "00uadmin" || who.Login != "admin@example.com" || who.Name != "Ada Admin" {
		t.Errorf("identity = %+v", who)
	}
	parts := strings.Split(res.IDToken, ".")
	tampered := parts[0] + "." + parts[1] + "x." + parts[2]
	tests := []struct {
		name, org, client, token, nonce string
		now                             time.Time
		want                            string
	}{
		{"other nonce", o.srv.URL, "0oatest", res.IDToken, "another", o.clock(), "nonce"},
		{"other client", o.srv.URL, "0oaother", res.IDToken, res.Nonce, o.clock(), "audience"},
		// Another org of the simulator signs with the same key: only the issuer tells them apart.
		{"other issuer", newSimOrg(t, false).srv.URL, "0oatest", res.IDToken, res.Nonce, o.clock(), "issuer"},
		{"expired", o.srv.URL, "0oatest", res.IDToken, res.Nonce, o.clock().Add(3 * time.Hour), "expired"},
		{"tampered", o.srv.URL, "0oatest", tampered, res.Nonce, o.clock(), "ID token"},
		{"missing", o.srv.URL, "0oatest", "", res.Nonce, o.clock(), "no ID token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := VerifyIDToken(context.Background(), nil, tt.org, tt.client, tt.token, tt.nonce, tt.now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestRevoke(t *testing.T) {
	o := newSimOrg(t, false)
	res := signIn(t, o)
	if err := Revoke(context.Background(), nil, o.srv.URL, "0oatest", res.Token.RefreshToken, HintRefreshToken); err != nil {
		t.Fatal(err)
	}
	if !o.az.Revoked(res.Token.RefreshToken) || !o.az.Revoked(res.Token.AccessToken) {
		t.Error("revoking the refresh token left its tokens alive")
	}
	err := Revoke(context.Background(), nil, o.srv.URL, "", res.Token.AccessToken, HintAccessToken)
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), res.Token.AccessToken) {
		t.Errorf("revoke without a client id: %v", err)
	}
}
