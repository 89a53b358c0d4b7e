package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/flowdeck/flowdeck/engine/okta/client"
)

// Executors of the Import cards that manage identity-source import sessions. okta-sdk-golang v2
// has no Identity Sources API, so these are raw calls. The identity source id is the id of the
// Custom Identity Source app.

func init() {
	register("okta.action.createAnImportSession", createImportSession)
	register("okta.action.listImportSessions", listImportSessions)
	register("okta.action.readImportSession", readImportSession)
	register("okta.action.triggerImportSession", triggerImportSession)
	register("okta.action.deleteImportSession", deleteImportSession)
}

// Import session statuses, as Okta names them.
const (
	sessionInProgress = "IN_PROGRESS"
	sessionTriggered  = "TRIGGERED"
	sessionCompleted  = "COMPLETED"
	sessionClosed     = "CLOSED"
)

// sessionsPath is the sessions collection of the card's identity source.
func sessionsPath(a args) (target, sourceRaw string, err error) {
	src, raw, err := appIDArg(a)
	if err != nil {
		return "", "", err
	}
	return "/api/v1/identity-sources/" + src + "/sessions", raw, nil
}

// sessionPath is one session of the card's identity source.
func sessionPath(a args) (target, sourceRaw, sessionRaw string, err error) {
	base, sourceRaw, err := sessionsPath(a)
	if err != nil {
		return "", "", "", err
	}
	id, sessionRaw, err := requiredID(a, "sessionId")
	if err != nil {
		return "", "", "", err
	}
	return base + "/" + id, sourceRaw, sessionRaw, nil
}

// getSession reads one session as Okta sent it.
func getSession(ctx context.Context, c *Call, target string) (map[string]any, error) {
	resp, err := c.Client.Do(ctx, http.MethodGet, target, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	return decodeObject(resp.Body)
}

func sessionOutputs(c *Call, s map[string]any) map[string]any {
	return flatten(c.Spec.Outputs, s, nil)
}

// createImportSession opens a session. Okta allows one open session per identity source and
// refuses a second (E0000001); that error is the card's answer, since which session to close
// is the admin's call.
//
// Not repeated blindly: after a lost answer the card compares the open sessions with those
// before its call. A new one is the session it created; none means nothing was created (one
// open session at most), so the call is made once more.
func createImportSession(ctx context.Context, c *Call) (map[string]any, error) {
	target, src, err := sessionsPath(newArgs(c))
	if err != nil {
		return nil, err
	}
	fail := func(err error) error {
		return fmt.Errorf("open an import session for identity source %s: %w", src, err)
	}
	before, err := openSessions(readSafe(ctx), c, target)
	if err != nil {
		return nil, fail(err)
	}
	resp, err := c.Client.Do(ctx, http.MethodPost, target, nil, nil, nil)
	if isOutcomeUnknown(err) {
		after, lerr := openSessions(readSafe(ctx), c, target)
		if lerr != nil {
			return nil, fail(err)
		}
		for id, s := range after {
			if _, old := before[id]; !old {
				return sessionOutputs(c, s), nil
			}
		}
		if len(after) == 0 {
			resp, err = c.Client.Do(ctx, http.MethodPost, target, nil, nil, nil)
		}
	}
	if err != nil {
		return nil, fail(err)
	}
	s, err := decodeObject(resp.Body)
	if err != nil {
		return nil, err
	}
	return sessionOutputs(c, s), nil
}

// openSessions lists the source's open sessions by id.
func openSessions(ctx context.Context, c *Call, target string) (map[string]map[string]any, error) {
	out := map[string]map[string]any{}
	err := c.Client.Pages(ctx, target, nil, func(r *client.Response) (bool, error) {
		page, err := decodeList(r.Body)
		for _, s := range page {
			out[str(s, "id")] = s
		}
		return len(page) > 0, err
	})
	return out, err
}

// listImportSessions lists the source's active sessions, following Okta's pages if it sends any.
func listImportSessions(ctx context.Context, c *Call) (map[string]any, error) {
	target, src, err := sessionsPath(newArgs(c))
	if err != nil {
		return nil, err
	}
	var list []any
	err = c.Client.Pages(ctx, target, nil, func(r *client.Response) (bool, error) {
		page, err := decodeList(r.Body)
		for _, s := range page {
			list = append(list, flatten(listItemFields(c.Spec, "sessions"), s, nil))
		}
		return len(page) > 0, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the import sessions of identity source %s: %w", src, err)
	}
	if list == nil {
		list = []any{}
	}
	return withOutputs(c.Spec, map[string]any{"sessions": list}), nil
}

func readImportSession(ctx context.Context, c *Call) (map[string]any, error) {
	target, src, id, err := sessionPath(newArgs(c))
	if err != nil {
		return nil, err
	}
	s, err := getSession(ctx, c, target)
	if err != nil {
		return nil, fmt.Errorf("read import session %s of identity source %s: %w", id, src, err)
	}
	return sessionOutputs(c, s), nil
}

// triggerImportSession starts the import. A session that was already triggered (Okta refuses to
// trigger it again) counts as success: the card's outcome, an import under way or done, holds.
func triggerImportSession(ctx context.Context, c *Call) (map[string]any, error) {
	target, src, id, err := sessionPath(newArgs(c))
	if err != nil {
		return nil, err
	}
	fail := func(err error) error {
		return fmt.Errorf("trigger import session %s of identity source %s: %w", id, src, err)
	}
	resp, err := c.Client.Do(ctx, http.MethodPost, target+"/start-import", nil, nil, nil)
	if err != nil {
		if s, ok := sessionIn(ctx, c, target, err, sessionTriggered, sessionInProgress, sessionCompleted); ok {
			return sessionOutputs(c, s), nil
		}
		return nil, fail(err)
	}
	s, err := decodeObject(resp.Body)
	if err != nil {
		return nil, fail(err)
	}
	return sessionOutputs(c, s), nil
}

// deleteImportSession closes a session that was not triggered. One already closed counts as
// success.
func deleteImportSession(ctx context.Context, c *Call) (map[string]any, error) {
	target, src, id, err := sessionPath(newArgs(c))
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.Do(ctx, http.MethodDelete, target, nil, nil, nil)
	if err != nil {
		if _, ok := sessionIn(ctx, c, target, err, sessionClosed); ok {
			// Report the status a close answers with, so "already closed" reads like "closed".
			return statusOutput(c, http.StatusNoContent), nil
		}
		return nil, fmt.Errorf("delete import session %s of identity source %s: %w", id, src, err)
	}
	return statusOutput(c, resp.Status), nil
}

// sessionIn tells whether a refused session change (Okta's 400, or a 409, for a session in
// the wrong status) left the session in one of the wanted statuses already.
func sessionIn(ctx context.Context, c *Call, target string, callErr error, want ...string) (map[string]any, bool) {
	ae, ok := apiError(callErr)
	if !ok || (ae.Status != http.StatusBadRequest && ae.Status != http.StatusConflict) {
		return nil, false
	}
	s, err := getSession(readSafe(ctx), c, target)
	if err != nil {
		return nil, false
	}
	for _, w := range want {
		if str(s, "status") == w {
			return s, true
		}
	}
	return nil, false
}
