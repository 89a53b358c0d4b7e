package dpop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Error codes of RFC 9449 as Okta sends them.
const (
	codeInvalidProof = "invalid_dpop_proof"
	codeUseNonce     = "use_dpop_nonce"
)

// maxErrorBody bounds how much of a 400 from the token endpoint is read to find its error code.
const maxErrorBody = 64 << 10

// TokenTransport adds a DPoP proof to requests to the org's token endpoint. With Auto set and no
// key yet, it first sends the request without a proof; if the org answers invalid_dpop_proof
// (the app requires DPoP), it generates a key and sends the request again with a proof. A 400
// use_dpop_nonce is answered once with the nonce the org sent. Okta checks the proof before it
// consumes an authorization code or refresh token, so these retries are safe.
type TokenTransport struct {
	Base http.RoundTripper
	Auto bool
	// Now stamps proofs (iat); default time.Now.
	Now func() time.Time

	mu    sync.Mutex
	key   *Key
	nonce string
}

// NewTokenTransport returns a transport proving possession of key (nil: none yet; see Auto).
func NewTokenTransport(base http.RoundTripper, key *Key, auto bool) *TokenTransport {
	return &TokenTransport{Base: base, key: key, Auto: auto}
}

// Key returns the key in use, or nil when the org never asked for DPoP.
func (t *TokenTransport) Key() *Key {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.key
}

func (t *TokenTransport) state() (*Key, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.key, t.nonce
}

func (t *TokenTransport) remember(resp *http.Response) {
	if n := resp.Header.Get("DPoP-Nonce"); n != "" {
		t.mu.Lock()
		t.nonce = n
		t.mu.Unlock()
	}
}

// RoundTrip implements http.RoundTripper.
func (t *TokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := bodyBytes(req)
	if err != nil {
		return nil, err
	}
	nonceRetried := false
	for attempt := 0; ; attempt++ {
		key, nonce := t.state()
		r := cloneWithBody(req, body)
		if key != nil {
			proof, err := key.Proof(r.Method, r.URL.String(), nonce, "", now(t.Now))
			if err != nil {
				return nil, err
			}
			r.Header.Set("DPoP", proof)
		}
		resp, err := base(t.Base).RoundTrip(r)
		if err != nil {
			return nil, err
		}
		t.remember(resp)
		if resp.StatusCode != http.StatusBadRequest || attempt >= 2 {
			return resp, nil
		}
		code := peekOAuthError(resp)
		switch {
		case code == codeUseNonce && key != nil && !nonceRetried && resp.Header.Get("DPoP-Nonce") != "":
			nonceRetried = true
		case code == codeInvalidProof && key == nil && t.Auto:
			k, err := NewKey()
			if err != nil {
				return nil, err
			}
			t.mu.Lock()
			if t.key == nil {
				t.key = k
			}
			t.mu.Unlock()
		default:
			return resp, nil
		}
		drain(resp)
	}
}

// APITransport proves possession of Key on every request that carries "Authorization: DPoP …"
// (the connection's token transport sets it), binding the proof to that token with ath. It sits
// under the rate-limit governor, so a request the governor repeats gets a fresh proof (a proof's
// jti may be used once). A 401 use_dpop_nonce is answered once with the nonce the org sent.
type APITransport struct {
	Base http.RoundTripper
	Key  *Key
	Now  func() time.Time

	mu    sync.Mutex
	nonce string
}

// RoundTrip implements http.RoundTripper.
func (t *APITransport) RoundTrip(req *http.Request) (*http.Response, error) {
	scheme, token, _ := strings.Cut(req.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "DPoP") || t.Key == nil {
		return base(t.Base).RoundTrip(req)
	}
	body, err := bodyBytes(req)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		t.mu.Lock()
		nonce := t.nonce
		t.mu.Unlock()
		proof, err := t.Key.Proof(req.Method, req.URL.String(), nonce, token, now(t.Now))
		if err != nil {
			return nil, err
		}
		r := cloneWithBody(req, body)
		r.Header.Set("DPoP", proof)
		resp, err := base(t.Base).RoundTrip(r)
		if err != nil {
			return nil, err
		}
		fresh := resp.Header.Get("DPoP-Nonce")
		if fresh != "" {
			t.mu.Lock()
			t.nonce = fresh
			t.mu.Unlock()
		}
		if attempt == 0 && resp.StatusCode == http.StatusUnauthorized && fresh != "" &&
			strings.Contains(resp.Header.Get("WWW-Authenticate"), codeUseNonce) {
			drain(resp)
			continue
		}
		return resp, nil
	}
}

func base(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		return http.DefaultTransport
	}
	return rt
}

func now(f func() time.Time) time.Time {
	if f == nil {
		return time.Now()
	}
	return f()
}

// bodyBytes reads a request body once so the request can be sent again with a new proof.
func bodyBytes(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	rc := req.Body
	if req.GetBody != nil {
		var err error
		if rc, err = req.GetBody(); err != nil {
			return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
		}
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the request body: %w", req.Method, req.URL.Path, err)
	}
	return data, nil
}

func cloneWithBody(req *http.Request, body []byte) *http.Request {
	r := req.Clone(req.Context())
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		r.ContentLength = int64(len(body))
	}
	return r
}

// peekOAuthError returns the "error" of an OAuth error body and puts the body back for the caller.
func peekOAuthError(resp *http.Response) string {
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(data, &e)
	return e.Error
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
}
