// Package apierr writes Okta's JSON error bodies for the simulated org, with the real E0000xxx
// codes and summaries, so every part of the simulator fails the way Okta does.
package apierr

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// Cause is one entry of errorCauses.
type Cause struct {
	ErrorSummary string `json:"errorSummary"`
}

// Error is Okta's error body.
type Error struct {
	Status       int     `json:"-"`
	ErrorCode    string  `json:"errorCode"`
	ErrorSummary string  `json:"errorSummary"`
	ErrorLink    string  `json:"errorLink"`
	ErrorID      string  `json:"errorId"`
	ErrorCauses  []Cause `json:"errorCauses"`
	// Header holds response headers that belong to the error, such as WWW-Authenticate on a 401
	// or 403 and DPoP-Nonce; Write sends them.
	Header http.Header `json:"-"`
}

func (e *Error) Error() string { return e.ErrorCode + " " + e.ErrorSummary }

// New builds an error with Okta's errorLink and a fresh errorId.
func New(status int, code, summary string, causes ...string) *Error {
	e := &Error{Status: status, ErrorCode: code, ErrorSummary: summary, ErrorLink: code, ErrorID: newID(), ErrorCauses: []Cause{}}
	for _, c := range causes {
		e.ErrorCauses = append(e.ErrorCauses, Cause{ErrorSummary: c})
	}
	return e
}

// Write sends the error as Okta does: JSON body, the status, Content-Type application/json.
func Write(w http.ResponseWriter, e *Error) {
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(e)
}

// ResourceNotFound is E0000007 naming the kind of resource, as Okta words it.
func ResourceNotFound(id, kind string) *Error {
	return New(http.StatusNotFound, "E0000007", "Not found: Resource not found: "+id+" ("+kind+")")
}

// Validation is E0000001 with the causes Okta lists.
func Validation(causes ...string) *Error {
	return New(http.StatusBadRequest, "E0000001", "Api validation failed: "+firstOr(causes, "request"), causes...)
}

// InvalidToken is E0000011 (401).
func InvalidToken() *Error {
	return New(http.StatusUnauthorized, "E0000011", "Invalid token provided")
}

// Forbidden is E0000006 (403), which Okta returns for a missing scope or role.
func Forbidden() *Error {
	return New(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action")
}

// RateLimited is E0000047 (429).
func RateLimited() *Error {
	return New(http.StatusTooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.")
}

// InternalError is E0000009 (500).
func InternalError() *Error {
	return New(http.StatusInternalServerError, "E0000009", "Internal Server Error")
}

// MethodNotAllowed is E0000022 (405).
func MethodNotAllowed() *Error {
	return New(http.StatusMethodNotAllowed, "E0000022", "The endpoint does not support the provided HTTP method")
}

// BadRequest is E0000003 (400) for a body that is not valid JSON.
func BadRequest(detail string) *Error {
	return New(http.StatusBadRequest, "E0000003", "The request body was not well-formed.", detail)
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "oae" + hex.EncodeToString(b[:])[:19]
}
