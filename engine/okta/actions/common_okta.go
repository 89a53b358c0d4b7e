package actions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/okta/okta-sdk-golang/v2/okta"

	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// pathID makes an id or login safe to put into one path segment. okta-sdk-golang v2 formats
// path parameters with %v, unescaped: an id taken from event data such as "00u1/../../groups"
// would otherwise reach another endpoint. Escaped, it stays one segment that Okta answers 404.
func pathID(what, v string) (string, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		return "", fmt.Errorf("%s is empty", what)
	case ".", "..":
		return "", fmt.Errorf("%s %q is not an Okta id", what, v)
	}
	return url.PathEscape(v), nil
}

// sdkErr turns an okta-sdk-golang v2 failure into the client's *client.APIError, so SDK and raw
// calls word Okta's answer the same way: the SDK's own message drops the status, the errorCode
// and the request id that an admin needs to act on it or quote it to Okta support. Failures
// without an answer (network, outcome unknown) keep their error, minus net/url's wrapper.
func sdkErr(method, path string, resp *okta.Response, err error) error {
	if err == nil {
		return nil
	}
	var oe *okta.Error
	if errors.As(err, &oe) && resp != nil && resp.Response != nil {
		hr := resp.Response
		if hr.Request != nil && hr.Request.URL != nil {
			method, path = hr.Request.Method, hr.Request.URL.EscapedPath()
		}
		ae := &client.APIError{Method: method, Path: path, Status: hr.StatusCode, ErrorCode: oe.ErrorCode,
			ErrorSummary: oe.ErrorSummary, RequestID: hr.Header.Get("X-Okta-Request-Id"), OAuthError: oe.ErrorMessage}
		// The SDK appends the request id to a 500's summary; the APIError shows it once.
		if i := strings.Index(ae.ErrorSummary, ", x-okta-request-id="); i >= 0 {
			ae.ErrorSummary = ae.ErrorSummary[:i]
		}
		if ae.ErrorSummary == "" {
			ae.ErrorSummary = oe.ErrorDescription
		}
		causes := oe.ErrorCauses
		if oe.ErrorCode == "" {
			// On a 401 or 403 carrying WWW-Authenticate: Bearer the SDK reads only that header
			// (error_description) and leaves Okta's JSON body, with the errorCode, unread.
			var body okta.Error
			if b, rerr := io.ReadAll(io.LimitReader(hr.Body, 1<<20)); rerr == nil && json.Unmarshal(b, &body) == nil && body.ErrorCode != "" {
				ae.ErrorCode, ae.ErrorSummary, causes = body.ErrorCode, body.ErrorSummary, body.ErrorCauses
			}
		}
		for _, c := range causes {
			if s, ok := c["errorSummary"].(string); ok && s != "" {
				ae.ErrorCauses = append(ae.ErrorCauses, s)
			}
		}
		return ae
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return fmt.Errorf("%s %s: %w", method, path, err)
}

// apiError returns Okta's answer in err, if it is one.
func apiError(err error) (*client.APIError, bool) {
	var ae *client.APIError
	ok := errors.As(err, &ae)
	return ae, ok
}

// isNotFound reports Okta's 404 (E0000007).
func isNotFound(err error) bool {
	ae, ok := apiError(err)
	return ok && ae.Status == http.StatusNotFound
}

// isOutcomeUnknown reports a call that reached Okta but whose answer was lost.
func isOutcomeUnknown(err error) bool { return errors.Is(err, governor.ErrOutcomeUnknown) }

// readSafe marks ctx's calls as safe to repeat: executors of non-idempotent cards use it for
// the reads they make to look before or after a change.
func readSafe(ctx context.Context) context.Context { return governor.WithRepeatSafe(ctx, true) }

// rawBody returns the JSON body of an SDK response exactly as Okta sent it. The SDK restores the
// body after decoding it, so the raw object (custom attributes, _links) is still there to read.
func rawBody(resp *okta.Response) ([]byte, error) {
	if resp == nil || resp.Response == nil || resp.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading Okta's answer: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// rawObject decodes an SDK response's body as one JSON object.
func rawObject(resp *okta.Response) (map[string]any, error) {
	b, err := rawBody(resp)
	if err != nil {
		return nil, err
	}
	return decodeObject(b)
}

func decodeObject(b []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return map[string]any{}, nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("the answer from Okta was not the JSON object expected: %w", err)
	}
	return m, nil
}

func decodeList(b []byte) ([]map[string]any, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	var l []map[string]any
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("the answer from Okta was not the JSON list expected: %w", err)
	}
	return l, nil
}

// statusOf is the HTTP status of an SDK response (0 when there is none).
func statusOf(resp *okta.Response) int {
	if resp == nil || resp.Response == nil {
		return 0
	}
	return resp.StatusCode
}

// str reads a string member of a decoded JSON object.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
