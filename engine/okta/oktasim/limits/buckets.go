// Package limits gives the simulated Okta org Okta's rate limits and its failures: per-endpoint
// request buckets with the X-Rate-Limit-* headers and 429 E0000047, the org-wide concurrency
// limit, and injectable faults (5xx, latency, dropped connections) for tests and the demo.
package limits

import "strings"

// Bucket is one rate-limit bucket: the requests that match it share Limit requests per window.
// Path is an exact path, or a prefix ending in "/*" that matches anything below it (not the
// prefix itself); Method "" matches every method.
type Bucket struct {
	Name   string
	Method string
	Path   string
	Limit  int
}

func (b Bucket) matches(method, path string) bool {
	if b.Method != "" && b.Method != method {
		return false
	}
	if prefix, ok := strings.CutSuffix(b.Path, "/*"); ok {
		return strings.HasPrefix(path, prefix+"/") && len(path) > len(prefix)+1
	}
	return path == b.Path
}

// Bucket names of the defaults, as Okta's rate-limit pages name the endpoints.
const (
	BucketLogs         = "/api/v1/logs"
	BucketUsers        = "/api/v1/users"
	BucketUserByID     = "GET /api/v1/users/{id}"
	BucketUserWrites   = "/api/v1/users/{id}"
	BucketGroups       = "/api/v1/groups"
	BucketGroupByID    = "/api/v1/groups/{id}"
	BucketApps         = "/api/v1/apps"
	BucketAppByID      = "/api/v1/apps/{id}"
	BucketAuthorize    = "/oauth2/v1/authorize"
	BucketToken        = "/oauth2/v1/token"
	BucketOAuthOther   = "/oauth2/v1"
	BucketAPIOther     = "/api/v1"
	BucketWellKnown    = "/.well-known"
	defaultConcurrency = 75
)

// DefaultBuckets are per-minute limits in the spirit of Okta's published defaults for a
// Workforce (Enterprise) org; the first match wins, so specific buckets come first. /sim/ (the
// simulator's own admin endpoints) is in no bucket and never limited.
func DefaultBuckets() []Bucket {
	return []Bucket{
		{Name: BucketLogs, Path: "/api/v1/logs", Limit: 120},
		{Name: BucketUsers, Path: "/api/v1/users", Limit: 600},
		{Name: BucketUserByID, Method: "GET", Path: "/api/v1/users/*", Limit: 2000},
		{Name: BucketUserWrites, Path: "/api/v1/users/*", Limit: 600},
		{Name: BucketGroups, Path: "/api/v1/groups", Limit: 500},
		{Name: BucketGroupByID, Path: "/api/v1/groups/*", Limit: 1000},
		{Name: BucketApps, Path: "/api/v1/apps", Limit: 100},
		{Name: BucketAppByID, Path: "/api/v1/apps/*", Limit: 500},
		{Name: BucketAuthorize, Path: "/oauth2/v1/authorize", Limit: 2000},
		{Name: BucketToken, Path: "/oauth2/v1/token", Limit: 2000},
		{Name: BucketOAuthOther, Path: "/oauth2/v1/*", Limit: 2000},
		{Name: BucketAPIOther, Path: "/api/v1/*", Limit: 1200},
		{Name: BucketWellKnown, Path: "/.well-known/*", Limit: 2000},
	}
}
