package governor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrOutcomeUnknown marks a call that may or may not have reached Okta (a timeout or a dropped
// connection after the request was written) and that the governor did not repeat because the
// caller did not declare repeating it safe. Executors reconcile or report "outcome unknown".
var ErrOutcomeUnknown = errors.New("the outcome is unknown: the request was sent but no answer came back")

// AmbiguousError carries the failed call; errors.Is(err, ErrOutcomeUnknown) is true.
// It deliberately does not unwrap to the network error: okta-sdk-golang v2 replays any call whose
// error is io.EOF, without limit, which is exactly what must not happen here.
type AmbiguousError struct {
	Method string
	Path   string
	Cause  string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s %s: %v (%s)", e.Method, e.Path, ErrOutcomeUnknown, e.Cause)
}

func (e *AmbiguousError) Unwrap() error { return ErrOutcomeUnknown }

// NetworkError is a call that never reached Okta after every retry. Like AmbiguousError it hides
// the underlying error from errors.Is so the SDK does not replay it.
type NetworkError struct {
	Method string
	Path   string
	Cause  string
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s %s: could not reach Okta: %s", e.Method, e.Path, e.Cause)
}

// Config tunes a Governor. Zero fields take the defaults noted.
type Config struct {
	// Share is the fraction of each bucket this app may use (default 0.5, as Okta gives one
	// OAuth app half of a bucket by default).
	Share float64
	// MaxConcurrent caps requests in flight across all buckets (default 10).
	MaxConcurrent int
	// MaxRetries bounds the retries of one call after 429, 5xx or a safe-to-repeat network
	// failure (default 6).
	MaxRetries int
	// BaseBackoff and MaxBackoff shape the capped exponential backoff (defaults 500 ms, 30 s).
	BaseBackoff, MaxBackoff time.Duration
	// AttemptTimeout bounds one attempt (default none: the caller's context decides).
	AttemptTimeout time.Duration
	Clock          Clock
	// Jitter returns a random duration in [0, max); default math/rand.
	Jitter func(max time.Duration) time.Duration
	Logger *slog.Logger
}

// Governor is an http.RoundTripper. It is safe for concurrent use; share one per connection.
type Governor struct {
	next http.RoundTripper
	cfg  Config
	sem  chan struct{}

	mu      sync.Mutex
	buckets map[string]*bucket
	changed chan struct{} // closed and replaced whenever a bucket's state changes
}

type bucket struct {
	known     bool // limit learned from headers (or learned that there are none)
	unlimited bool // responses carry no rate-limit headers
	limit     int
	remaining int
	reset     time.Time
	inflight  int
	used      int // our requests counted in the window that ends at reset
}

// New wraps next (http.DefaultTransport when nil).
func New(next http.RoundTripper, cfg Config) *Governor {
	if next == nil {
		next = http.DefaultTransport
	}
	if cfg.Share <= 0 || cfg.Share > 1 {
		cfg.Share = 0.5
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 10
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 6
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = RealClock{}
	}
	if cfg.Jitter == nil {
		cfg.Jitter = func(max time.Duration) time.Duration {
			if max <= 0 {
				return 0
			}
			return rand.N(max)
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Governor{
		next:    next,
		cfg:     cfg,
		sem:     make(chan struct{}, cfg.MaxConcurrent),
		buckets: map[string]*bucket{},
		changed: make(chan struct{}),
	}
}

type repeatKey struct{}

// WithRepeatSafe tells the governor whether repeating the calls made with ctx is safe after an
// ambiguous failure. Executors pass true for read and idempotent cards only. Without it, GET and
// HEAD are safe and every other method is not.
func WithRepeatSafe(ctx context.Context, safe bool) context.Context {
	return context.WithValue(ctx, repeatKey{}, safe)
}

func repeatSafe(req *http.Request) bool {
	if v, ok := req.Context().Value(repeatKey{}).(bool); ok {
		return v
	}
	return req.Method == http.MethodGet || req.Method == http.MethodHead
}

// RoundTrip sends req under the bucket and concurrency limits, retrying as the package
// documentation says.
func (g *Governor) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	key := BucketKey(req.URL.Path)
	safe := repeatSafe(req)
	for attempt := 0; ; attempt++ {
		last := attempt >= g.cfg.MaxRetries
		resp, wrote, err := g.attempt(ctx, req, key)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if wrote && (!safe || last) {
				return nil, &AmbiguousError{Method: req.Method, Path: req.URL.Path, Cause: err.Error()}
			}
			if last {
				return nil, &NetworkError{Method: req.Method, Path: req.URL.Path, Cause: err.Error()}
			}
			g.cfg.Logger.Debug("okta call failed, retrying", "method", req.Method, "path", req.URL.Path, "attempt", attempt+1, "sent", wrote, "err", err)
			if err := g.backoff(ctx, attempt); err != nil {
				return nil, err
			}
			continue
		}
		retry, wait := g.classify(resp, safe)
		if !retry || last {
			return resp, nil
		}
		drain(resp)
		g.cfg.Logger.Debug("okta call answered with a retryable status", "method", req.Method, "path", req.URL.Path, "status", resp.StatusCode, "attempt", attempt+1)
		if !wait.IsZero() {
			if err := g.cfg.Clock.SleepUntil(ctx, wait.Add(g.cfg.Jitter(time.Second))); err != nil {
				return nil, err
			}
			continue
		}
		if err := g.backoff(ctx, attempt); err != nil {
			return nil, err
		}
	}
}

// classify says whether a response should be retried and, for a rate-limit 429, until when to
// wait. 500 and 503 mean Okta did not carry the call out; 502 and 504 come from in front of Okta
// and may follow a call that was carried out, so they are retried only when repeating is safe.
func (g *Governor) classify(resp *http.Response, safe bool) (bool, time.Time) {
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		if resp.Header.Get("X-Rate-Limit-Limit") == "0" {
			return true, time.Time{} // concurrency limit: back off briefly
		}
		if reset, ok := parseReset(resp.Header); ok {
			return true, reset
		}
		return true, time.Time{}
	case http.StatusInternalServerError, http.StatusServiceUnavailable:
		return true, time.Time{}
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return safe, time.Time{}
	}
	return false, time.Time{}
}

func (g *Governor) attempt(ctx context.Context, req *http.Request, key string) (*http.Response, bool, error) {
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	defer func() { <-g.sem }()
	if err := g.acquire(ctx, key); err != nil {
		return nil, false, err
	}
	actx, cancel := ctx, context.CancelFunc(func() {})
	if g.cfg.AttemptTimeout > 0 {
		actx, cancel = context.WithTimeout(ctx, g.cfg.AttemptTimeout)
	}
	var mu sync.Mutex
	wrote := false
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { mu.Lock(); wrote = true; mu.Unlock() },
	})
	r2 := req.Clone(actx)
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			cancel()
			g.release(key, nil)
			return nil, false, fmt.Errorf("%s %s: the request body cannot be replayed (no GetBody)", req.Method, req.URL.Path)
		}
		body, err := req.GetBody()
		if err != nil {
			cancel()
			g.release(key, nil)
			return nil, false, err
		}
		r2.Body = body
	}
	resp, err := g.next.RoundTrip(r2)
	mu.Lock()
	sent := wrote
	mu.Unlock()
	g.release(key, resp)
	if err != nil {
		cancel()
		return nil, sent, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, true, nil
}

// acquire waits until key's bucket has room for one more request of ours.
func (g *Governor) acquire(ctx context.Context, key string) error {
	for {
		g.mu.Lock()
		b := g.buckets[key]
		if b == nil {
			b = &bucket{}
			g.buckets[key] = b
		}
		now := g.cfg.Clock.Now()
		if b.known && !b.reset.IsZero() && !now.Before(b.reset) {
			// The window ended: the bucket is full again until a response says otherwise.
			b.used, b.remaining = 0, b.limit
		}
		var wakeAt time.Time
		switch {
		case !b.known:
			// Learn the limit from one response before sending more.
			if b.inflight == 0 {
				b.inflight++
				g.mu.Unlock()
				return nil
			}
		case b.unlimited:
			b.inflight++
			g.mu.Unlock()
			return nil
		default:
			budget := max(1, int(float64(b.limit)*g.cfg.Share))
			if b.used+b.inflight < budget && b.remaining-b.inflight > 0 {
				b.inflight++
				g.mu.Unlock()
				return nil
			}
			// Our share (or the whole bucket) is spoken for until the window resets.
			if !b.reset.IsZero() && now.Before(b.reset) {
				wakeAt = b.reset
			}
		}
		changed := g.changed
		g.mu.Unlock()
		if !wakeAt.IsZero() {
			g.cfg.Logger.Debug("okta bucket at this app's share, waiting for its reset", "bucket", key, "until", wakeAt)
			if err := g.cfg.Clock.SleepUntil(ctx, wakeAt.Add(g.cfg.Jitter(time.Second))); err != nil {
				return err
			}
			continue
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// release returns the slot taken by acquire and learns from the response's headers.
func (g *Governor) release(key string, resp *http.Response) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.buckets[key]
	b.inflight--
	if resp != nil {
		limit, lok := parseInt(resp.Header.Get("X-Rate-Limit-Limit"))
		remaining, rok := parseInt(resp.Header.Get("X-Rate-Limit-Remaining"))
		reset, sok := parseReset(resp.Header)
		switch {
		case lok && rok && sok && limit > 0:
			b.known, b.unlimited, b.limit = true, false, limit
			switch {
			case reset.After(b.reset):
				b.reset, b.used, b.remaining = reset, 1, remaining
			case reset.Equal(b.reset):
				b.used++
				b.remaining = min(b.remaining, remaining)
			}
		case lok && limit == 0:
			// A concurrency 429 reports Limit 0; it says nothing about the bucket.
		case !lok && !b.known:
			b.known, b.unlimited = true, true
		default:
			b.used++
		}
	}
	close(g.changed)
	g.changed = make(chan struct{})
}

func (g *Governor) backoff(ctx context.Context, attempt int) error {
	d := g.cfg.BaseBackoff << min(attempt, 16)
	if d > g.cfg.MaxBackoff || d <= 0 {
		d = g.cfg.MaxBackoff
	}
	d = d/2 + g.cfg.Jitter(d/2)
	return g.cfg.Clock.SleepUntil(ctx, g.cfg.Clock.Now().Add(d))
}

// BucketState is one bucket as the governor sees it, for the status line.
type BucketState struct {
	Bucket    string
	Limit     int
	Remaining int
	Reset     time.Time
	UsedByUs  int
	InFlight  int
}

// Snapshot returns the known buckets, sorted by name.
func (g *Governor) Snapshot() []BucketState {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []BucketState
	for k, b := range g.buckets {
		if !b.known || b.unlimited {
			continue
		}
		out = append(out, BucketState{Bucket: k, Limit: b.limit, Remaining: b.remaining, Reset: b.reset, UsedByUs: b.used, InFlight: b.inflight})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Bucket < out[j].Bucket })
	return out
}

// BucketKey maps a request path to the rate-limit bucket it counts against: Okta buckets by
// endpoint, so ids in the path are replaced by {id}. A segment is taken for an id when it holds
// a digit, an '@', a '%' or a '.' (Okta ids always hold digits; logins hold '@').
func BucketKey(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		if i < 2 {
			continue // "api", "v1"
		}
		if strings.ContainsAny(s, "0123456789@%.") {
			segs[i] = "{id}"
		}
	}
	return "/" + strings.Join(segs, "/")
}

func parseInt(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

func parseReset(h http.Header) (time.Time, bool) {
	n, ok := parseInt(h.Get("X-Rate-Limit-Reset"))
	if !ok || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(n), 0), true
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
