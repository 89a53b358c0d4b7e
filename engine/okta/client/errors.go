package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// APIError is Okta's answer to a failed call, with what an admin needs to act on it or quote it
// to Okta support.
type APIError struct {
	Method       string
	Path         string
	Status       int
	ErrorCode    string
	ErrorSummary string
	ErrorCauses  []string
	RequestID    string
	// OAuthError is set for the OAuth endpoints' {"error": "..."} bodies.
	OAuthError string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Okta answered %d %s", e.Status, http.StatusText(e.Status))
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, ": %s", e.ErrorCode)
	}
	if e.ErrorSummary != "" {
		fmt.Fprintf(&b, " %s", e.ErrorSummary)
	}
	if e.OAuthError != "" {
		fmt.Fprintf(&b, " (%s)", e.OAuthError)
	}
	if len(e.ErrorCauses) > 0 {
		fmt.Fprintf(&b, " — %s", strings.Join(e.ErrorCauses, "; "))
	}
	fmt.Fprintf(&b, " [%s %s", e.Method, e.Path)
	if e.RequestID != "" {
		fmt.Fprintf(&b, ", request id %s", e.RequestID)
	}
	b.WriteString("]")
	if hint := e.hint(); hint != "" {
		b.WriteString(". ")
		b.WriteString(hint)
	}
	return b.String()
}

// hint says what to do for the errors admins meet most.
func (e *APIError) hint() string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "The connection's token was not accepted: sign in to the org again."
	case e.Status == http.StatusForbidden:
		return "The signed-in admin lacks a scope or an admin role for this call: check the app's granted Okta API scopes and the admin's role."
	case e.Status == http.StatusTooManyRequests:
		return "The org's rate limit was reached and stayed reached; try again after the reset."
	}
	return ""
}

// IsNotFound reports an Okta 404 (E0000007).
func (e *APIError) IsNotFound() bool { return e.Status == http.StatusNotFound }

// parseAPIError reads Okta's error body. body may be empty or not JSON.
func parseAPIError(method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode, RequestID: resp.Header.Get("X-Okta-Request-Id")}
	var raw struct {
		ErrorCode    string `json:"errorCode"`
		ErrorSummary string `json:"errorSummary"`
		ErrorCauses  []struct {
			ErrorSummary string `json:"errorSummary"`
		} `json:"errorCauses"`
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	if json.Unmarshal(body, &raw) == nil {
		e.ErrorCode, e.ErrorSummary, e.OAuthError = raw.ErrorCode, raw.ErrorSummary, raw.Error
		if e.ErrorSummary == "" {
			e.ErrorSummary = raw.ErrorDescription
		}
		for _, c := range raw.ErrorCauses {
			e.ErrorCauses = append(e.ErrorCauses, c.ErrorSummary)
		}
	}
	return e
}
