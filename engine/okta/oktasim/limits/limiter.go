package limits

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Options configures a Limiter. The zero value means Okta's defaults on the real clock.
type Options struct {
	// Clock is the org's clock; nil means time.Now.
	Clock func() time.Time
	// Buckets replaces DefaultBuckets when not nil.
	Buckets []Bucket
	// Window is the length of a rate-limit window; 0 means one minute. Windows are aligned
	// to multiples of Window since the Unix epoch, so X-Rate-Limit-Reset is a whole second.
	Window time.Duration
	// Concurrency is how many requests may be in flight at once, org-wide; 0 means 75 and a
	// negative value means no limit.
	Concurrency int
	// OnViolation, when set, is called after each 429 with the bucket's name and whether the
	// concurrency limit (rather than the rate) was hit; the org uses it to write the System
	// Log events Okta writes for violations.
	OnViolation func(bucket string, concurrency bool)
}

// Limiter enforces rate limits per bucket and the concurrency limit, and applies its Faults.
// It is safe for concurrent use; limits can change while it serves.
type Limiter struct {
	clock       func() time.Time
	window      time.Duration
	onViolation func(string, bool)
	faults      *Faults

	mu          sync.Mutex
	buckets     []Bucket
	usage       map[string]*usage
	concurrency int
	inFlight    int
}

type usage struct {
	windowEnd time.Time
	count     int
}

// New returns a Limiter with the options' buckets and a Faults that injects nothing.
func New(o Options) *Limiter {
	l := &Limiter{
		clock:       o.Clock,
		window:      o.Window,
		onViolation: o.OnViolation,
		buckets:     o.Buckets,
		usage:       map[string]*usage{},
		concurrency: o.Concurrency,
		faults:      NewFaults(1),
	}
	if l.clock == nil {
		l.clock = time.Now
	}
	if l.window <= 0 {
		l.window = time.Minute
	}
	if l.buckets == nil {
		l.buckets = DefaultBuckets()
	}
	l.buckets = append([]Bucket(nil), l.buckets...)
	if l.concurrency == 0 {
		l.concurrency = defaultConcurrency
	}
	return l
}

// Faults returns the fault injector that Wrap applies after the limits.
func (l *Limiter) Faults() *Faults { return l.faults }

// SetLimit changes a bucket's requests per window from now on (the current window keeps its
// count). It fails for a bucket name the limiter does not have.
func (l *Limiter) SetLimit(bucket string, perWindow int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.buckets {
		if l.buckets[i].Name == bucket {
			l.buckets[i].Limit = perWindow
			return nil
		}
	}
	return fmt.Errorf("set rate limit: no bucket named %q (known buckets are listed by Buckets)", bucket)
}

// SetConcurrency changes the org-wide limit of requests in flight; a negative value removes it.
func (l *Limiter) SetConcurrency(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.concurrency = n
}

// Buckets returns the buckets with their current limits, in matching order.
func (l *Limiter) Buckets() []Bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Bucket(nil), l.buckets...)
}

// BucketFor names the bucket a request counts against, or "" when it is not limited.
func (l *Limiter) BucketFor(method, path string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.match(method, path); b != nil {
		return b.Name
	}
	return ""
}

// Used returns how many requests the bucket has counted in the current window.
func (l *Limiter) Used(bucket string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.usage[bucket]
	if u == nil || !l.clock().Before(u.windowEnd) {
		return 0
	}
	return u.count
}

// ResetUsage forgets every bucket's count, as if a new window had begun for all.
func (l *Limiter) ResetUsage() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.usage = map[string]*usage{}
}

func (l *Limiter) match(method, path string) *Bucket {
	for i := range l.buckets {
		if l.buckets[i].matches(method, path) {
			return &l.buckets[i]
		}
	}
	return nil
}

// admission is the decision for one request.
type admission struct {
	bucket    string
	limit     int
	remaining int
	reset     time.Time
	tooMany   bool // over the bucket's rate
	crowded   bool // over the concurrency limit
}

func (l *Limiter) admit(method, path string) (admission, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.match(method, path)
	if b == nil {
		return admission{}, false
	}
	now := l.clock()
	u := l.usage[b.Name]
	if u == nil || !now.Before(u.windowEnd) {
		end := now.Truncate(l.window).Add(l.window)
		u = &usage{windowEnd: end}
		l.usage[b.Name] = u
	}
	a := admission{bucket: b.Name, limit: b.Limit, reset: u.windowEnd}
	switch {
	case l.concurrency >= 0 && l.inFlight >= l.concurrency:
		a.crowded = true
	case u.count >= b.Limit:
		a.tooMany = true
	default:
		u.count++
		l.inFlight++
		a.remaining = b.Limit - u.count
	}
	return a, true
}

func (l *Limiter) done() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
}

// Wrap enforces the limits in front of next: every request in a bucket gets X-Rate-Limit-Limit,
// -Remaining and -Reset (UTC epoch seconds of the window's end); past the rate or the
// concurrency limit it gets 429 E0000047 instead (a concurrency 429 reports Limit 0, as Okta's
// does). Admitted requests then pass through the Faults.
func (l *Limiter) Wrap(next http.Handler) http.Handler {
	inner := l.faults.Wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, limited := l.admit(r.Method, r.URL.Path)
		if !limited {
			inner.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		limit := a.limit
		if a.crowded {
			limit = 0
		}
		h.Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
		h.Set("X-Rate-Limit-Remaining", strconv.Itoa(a.remaining))
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(a.reset.Unix(), 10))
		if a.crowded || a.tooMany {
			apierr.Write(w, apierr.RateLimited())
			if l.onViolation != nil {
				l.onViolation(a.bucket, a.crowded)
			}
			return
		}
		defer l.done()
		inner.ServeHTTP(w, r)
	})
}
