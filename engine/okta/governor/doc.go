// Package governor is the rate-limit governor every Okta API call passes through: an
// http.RoundTripper that learns each endpoint bucket's limit from Okta's X-Rate-Limit-* headers,
// keeps this app under its share of every bucket, caps concurrency, waits out 429s until the
// bucket resets, retries 5xx with capped exponential backoff, and never repeats a call whose
// outcome is unknown unless the caller said repeating it is safe.
package governor
