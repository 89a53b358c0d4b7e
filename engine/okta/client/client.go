// Package client is the Okta API client of one connection: okta-sdk-golang v2 with its cache and
// retry loop switched off, an HTTP transport that sets the connection's current token on every
// request and refuses redirects to another host or scheme, the rate-limit governor under every
// call, and raw requests where v2 has no method. Errors carry Okta's errorCode, summary, causes
// and the X-Okta-Request-Id, worded for an admin.
package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	oktasdk "github.com/okta/okta-sdk-golang/v2/okta"

	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// Credential is how a request proves who it is. Scheme is "Bearer", "DPoP" or "SSWS".
type Credential struct {
	Scheme string
	Value  string
}

// TokenSource gives the connection's current credential; it refreshes as needed. The
// connections package implements it; tests use StaticToken.
type TokenSource interface {
	Credential(ctx context.Context) (Credential, error)
}

// StaticToken is a fixed credential.
type StaticToken Credential

// Credential returns the fixed credential.
func (s StaticToken) Credential(context.Context) (Credential, error) { return Credential(s), nil }

// Config describes one connection's client.
type Config struct {
	// OrgURL is the org's base URL, e.g. https://acme.okta.com (no path).
	OrgURL string
	Tokens TokenSource
	// Base is the transport under the governor (default http.DefaultTransport). Tests pass the
	// simulated org's.
	Base http.RoundTripper
	// Wrap, if set, wraps the token transport (DPoP proofs live there).
	Wrap     func(http.RoundTripper) http.RoundTripper
	Governor governor.Config
	Logger   *slog.Logger
}

// Client talks to one org.
type Client struct {
	// SDK is the okta-sdk-golang v2 client; its Bearer token is a placeholder, the transport
	// sets the real one.
	SDK  *oktasdk.Client
	HTTP *http.Client
	org  *url.URL
	gov  *governor.Governor
	log  *slog.Logger
}

// New builds a client. It never reads ~/.okta/okta.yaml or OKTA_* variables into effect: every
// SDK setting is set explicitly after the SDK has read them.
func New(ctx context.Context, cfg Config) (*Client, error) {
	org, err := ParseOrgURL(cfg.OrgURL)
	if err != nil {
		return nil, err
	}
	if cfg.Tokens == nil {
		return nil, errors.New("okta client: no credentials for " + org.String())
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.Governor.Logger = log
	gov := governor.New(cfg.Base, cfg.Governor)
	var rt http.RoundTripper = &tokenTransport{next: gov, tokens: cfg.Tokens, org: org}
	if cfg.Wrap != nil {
		rt = cfg.Wrap(rt)
	}
	hc := &http.Client{Transport: rt, CheckRedirect: sameOrigin(org)}
	_, sdk, err := oktasdk.NewClient(ctx,
		oktasdk.WithOrgUrl(org.String()),
		oktasdk.WithAuthorizationMode("Bearer"),
		oktasdk.WithToken("set-by-transport"),
		oktasdk.WithCache(false),
		oktasdk.WithRateLimitMaxRetries(0),
		oktasdk.WithRateLimitMaxBackOff(0),
		oktasdk.WithRequestTimeout(0),
		oktasdk.WithConnectionTimeout(0),
		oktasdk.WithHttpClientPtr(hc),
		oktasdk.WithTestingDisableHttpsCheck(org.Scheme == "http"),
		oktasdk.WithUserAgentExtra("flowdeck"),
		oktasdk.WithProxyHost(""), oktasdk.WithProxyPort(0), oktasdk.WithProxyUsername(""), oktasdk.WithProxyPassword(""),
		oktasdk.WithClientId(""), oktasdk.WithScopes(nil), oktasdk.WithPrivateKey(""), oktasdk.WithPrivateKeyId(""),
	)
	if err != nil {
		return nil, fmt.Errorf("okta client for %s: %w", org, err)
	}
	return &Client{SDK: sdk, HTTP: hc, org: org, gov: gov, log: log}, nil
}

// OrgURL returns the org's base URL.
func (c *Client) OrgURL() *url.URL { u := *c.org; return &u }

// Governor returns the rate-limit governor, for the status line.
func (c *Client) Governor() *governor.Governor { return c.gov }

// ParseOrgURL checks an org URL: https (http only for loopback, as the simulated org serves), a
// host, no path, query or credentials.
func ParseOrgURL(raw string) (*url.URL, error) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not an org URL: use the address of your Okta org, like https://acme.okta.com", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("%q is not an org URL: give only the scheme and host, like https://acme.okta.com", raw)
	}
	if strings.Contains(u.Host, "-admin.") {
		return nil, fmt.Errorf("%q is the Admin Console's address: use the org's address without -admin, like https://acme.okta.com", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http: Okta orgs are served over https", raw)
		}
	default:
		return nil, fmt.Errorf("%q is not an org URL: it must start with https://", raw)
	}
	u.Path = ""
	return u, nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// tokenTransport sets the current credential on requests to the org, and only to the org.
type tokenTransport struct {
	next   http.RoundTripper
	tokens TokenSource
	org    *url.URL
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Del("Authorization")
	if sameHost(r.URL, t.org) {
		cred, err := t.tokens.Credential(req.Context())
		if err != nil {
			return nil, err
		}
		r.Header.Set("Authorization", cred.Scheme+" "+cred.Value)
	}
	resp, err := t.next.RoundTrip(r)
	record(req.Context(), resp)
	return resp, err
}

func sameHost(u, org *url.URL) bool {
	return strings.EqualFold(u.Scheme, org.Scheme) && strings.EqualFold(u.Host, org.Host)
}

// sameOrigin refuses any redirect that leaves the org's scheme and host, so no token follows it.
func sameOrigin(org *url.URL) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !sameHost(req.URL, org) {
			return fmt.Errorf("refused a redirect to %s://%s: Flowdeck only sends requests to %s", req.URL.Scheme, req.URL.Host, org)
		}
		if len(via) >= 5 {
			return errors.New("stopped after 5 redirects")
		}
		return nil
	}
}
