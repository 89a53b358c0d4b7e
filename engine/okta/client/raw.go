package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxBody bounds a response read into memory (a System Log page of 1,000 events is ~5 MB).
const maxBody = 64 << 20

// Response is a raw call's answer.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	RequestID string
	// Next is the Link rel="next" URL exactly as Okta sent it, or "".
	Next string
}

// Decode unmarshals the body into v.
func (r *Response) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("the answer from Okta was not the JSON expected: %w", err)
	}
	return nil
}

// Do makes a raw call. target is a path relative to the org ("/api/v1/users") or an absolute URL
// on the org itself (a stored `next` link); anything else is refused before a request is made.
// A non-2xx answer is returned as *APIError together with the Response.
func (c *Client) Do(ctx context.Context, method, target string, query url.Values, body any, header http.Header) (*Response, error) {
	u, err := c.Resolve(target)
	if err != nil {
		return nil, err
	}
	if len(query) > 0 {
		q := u.Query()
		for k, vs := range query {
			for _, v := range vs {
				q.Add(k, v)
			}
		}
		u.RawQuery = q.Encode()
	}
	var rd io.Reader
	var payload []byte
	if body != nil {
		switch b := body.(type) {
		case []byte:
			payload = b
		case json.RawMessage:
			payload = b
		default:
			if payload, err = json.Marshal(body); err != nil {
				return nil, fmt.Errorf("%s %s: the request body cannot be sent as JSON: %w", method, u.Path, err)
			}
		}
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, u.Path, err)
	}
	for k, vs := range header {
		if strings.EqualFold(k, "Authorization") || strings.EqualFold(k, "Host") {
			continue // the transport owns the credential; the org owns the host
		}
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, u.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading Okta's answer: %w", method, u.Path, err)
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: data, RequestID: resp.Header.Get("X-Okta-Request-Id"), Next: NextLink(resp.Header)}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return out, parseAPIError(method, u.Path, resp, data)
	}
	return out, nil
}

// Resolve turns a relative path or an absolute URL into a URL on the org, refusing anything that
// would leave it: another host or scheme, a scheme-relative "//host", dot segments (also
// percent-encoded), backslashes, or control characters.
func (c *Client) Resolve(target string) (*url.URL, error) {
	refuse := func(why string) (*url.URL, error) {
		return nil, fmt.Errorf("refused %q: %s; Flowdeck only calls %s", target, why, c.org)
	}
	if strings.ContainsAny(target, "\\\x00\r\n\t") {
		return refuse("it contains a backslash or a control character")
	}
	if strings.HasPrefix(target, "//") {
		return refuse("a URL starting with // names another host")
	}
	u, err := url.Parse(target)
	if err != nil {
		return refuse("it is not a valid URL")
	}
	if u.IsAbs() || u.Host != "" {
		if !sameHost(u, c.org) {
			return refuse("it points at another host or scheme")
		}
		if u.User != nil {
			return refuse("it carries credentials")
		}
	} else if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	for _, p := range []string{u.Path, u.RawPath, u.EscapedPath()} {
		lp := strings.ToLower(p)
		for _, seg := range strings.Split(lp, "/") {
			if seg == ".." || seg == "." || strings.Contains(seg, "%2e%2e") || seg == "%2e" {
				return refuse("the path leaves the API with a dot segment")
			}
		}
		if strings.Contains(lp, "%2f") || strings.Contains(lp, "%5c") {
			return refuse("the path hides a slash in percent-encoding")
		}
	}
	out := *c.org
	out.Path, out.RawPath, out.RawQuery = u.Path, u.RawPath, u.RawQuery
	return &out, nil
}

// NextLink returns the URL of the Link header whose rel is "next", exactly as sent. Okta sends one
// Link header per rel; a single header with several comma-separated links is read too.
func NextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range splitLinks(v) {
			segs := strings.Split(part, ";")
			if len(segs) < 2 {
				continue
			}
			for _, p := range segs[1:] {
				p = strings.TrimSpace(p)
				if strings.EqualFold(p, `rel="next"`) || strings.EqualFold(p, "rel=next") {
					return strings.Trim(strings.TrimSpace(segs[0]), "<>")
				}
			}
		}
	}
	return ""
}

func splitLinks(v string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range v {
		switch r {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}

// Pages follows Link rel="next" from target, calling page with each page's body, until there is no
// next link or page returns false. The link is followed exactly as Okta sent it.
func (c *Client) Pages(ctx context.Context, target string, query url.Values, page func(*Response) (bool, error)) error {
	next, q := target, query
	for next != "" {
		resp, err := c.Do(ctx, http.MethodGet, next, q, nil, nil)
		if err != nil {
			return err
		}
		more, err := page(resp)
		if err != nil || !more {
			return err
		}
		next, q = resp.Next, nil
	}
	return nil
}
