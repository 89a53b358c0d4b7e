package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token type hints for Revoke.
const (
	HintRefreshToken = "refresh_token"
	HintAccessToken  = "access_token"
)

// Revoke asks the org authorization server to revoke one token (RFC 7009, POST
// /oauth2/v1/revoke with the public client's client_id). Okta answers 200 even for a token it no
// longer knows, so a nil error means the token is dead. The error never contains the token.
func Revoke(ctx context.Context, hc *http.Client, orgURL, clientID, token, hint string) error {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	endpoint := strings.TrimRight(orgURL, "/") + "/oauth2/v1/revoke"
	form := url.Values{"client_id": {clientID}, "token": {token}, "token_type_hint": {hint}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		// url.Error quotes the URL only, never the form: safe to wrap.
		return fmt.Errorf("revoking the %s at %s: %w", hintWords(hint), endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&e)
	msg := e.Error
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return fmt.Errorf("revoking the %s at %s: Okta answered %d (%s)", hintWords(hint), endpoint, resp.StatusCode, msg)
}

func hintWords(hint string) string {
	if hint == HintAccessToken {
		return "access token"
	}
	return "refresh token"
}
