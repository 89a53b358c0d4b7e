package limits

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Fault describes failures to inject into the requests it matches. Rates are fractions from 0
// to 1, drawn from the Faults' seeded PRNG so a test run repeats exactly.
type Fault struct {
	// Method matches one HTTP method; "" matches all.
	Method string
	// PathPrefix matches paths that start with it; "" matches all.
	PathPrefix string
	// Latency is added before the request is handled (or answered with an error).
	Latency time.Duration
	// ErrorRate is the fraction of requests answered with Status instead of being handled.
	ErrorRate float64
	// Status is the error status: 500 (the default) or 503.
	Status int
	// ResetBeforeRate is the fraction of requests whose connection is dropped before the org
	// handles them: nothing happened, but the client cannot know.
	ResetBeforeRate float64
	// ResetAfterRate is the fraction of requests the org handles (the change is made, the System
	// Log written) whose connection is then dropped before the response is sent.
	ResetAfterRate float64
	// Times limits how many requests the fault acts on (latency, error or reset); 0 means no
	// limit. With a rate of 1 and Times 1 it hits exactly the next matching request.
	Times int
}

// FaultID identifies a fault added with Add, to remove it later.
type FaultID int

// Faults injects failures into requests. The zero value is not usable: call NewFaults.
type Faults struct {
	mu     sync.Mutex
	rng    *rand.Rand
	nextID FaultID
	faults []*activeFault
	sleep  func(ctx context.Context, d time.Duration) error
}

type activeFault struct {
	id   FaultID
	f    Fault
	used int
}

// NewFaults returns a Faults with no fault, whose random draws follow seed.
func NewFaults(seed uint64) *Faults {
	return &Faults{rng: rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d)), sleep: sleepCtx}
}

// Add starts injecting a fault and returns its id.
func (f *Faults) Add(fault Fault) FaultID {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.faults = append(f.faults, &activeFault{id: f.nextID, f: fault})
	return f.nextID
}

// Remove stops one fault; removing one that is gone does nothing.
func (f *Faults) Remove(id FaultID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, a := range f.faults {
		if a.id == id {
			f.faults = append(f.faults[:i], f.faults[i+1:]...)
			return
		}
	}
}

// Clear removes every fault.
func (f *Faults) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = nil
}

// Seed restarts the PRNG, so that the next draws repeat a known sequence.
func (f *Faults) Seed(seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rng = rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
}

// SetSleep replaces how latency is waited for (tests pass a recorder instead of sleeping).
func (f *Faults) SetSleep(sleep func(ctx context.Context, d time.Duration) error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleep = sleep
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// plan is what happens to one request.
type plan struct {
	latency     time.Duration
	status      int
	resetBefore bool
	resetAfter  bool
}

// decide draws the request's fate from the first matching fault that still has uses left.
func (f *Faults) decide(method, path string) (plan, func(context.Context, time.Duration) error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var p plan
	for _, a := range f.faults {
		if (a.f.Method != "" && a.f.Method != method) || !strings.HasPrefix(path, a.f.PathPrefix) {
			continue
		}
		if a.f.Times > 0 && a.used >= a.f.Times {
			continue
		}
		p.latency = a.f.Latency
		switch {
		case f.draw(a.f.ResetBeforeRate):
			p.resetBefore = true
		case f.draw(a.f.ErrorRate):
			p.status = a.f.Status
			if p.status == 0 {
				p.status = http.StatusInternalServerError
			}
		case f.draw(a.f.ResetAfterRate):
			p.resetAfter = true
		}
		if p.latency > 0 || p.resetBefore || p.status != 0 || p.resetAfter {
			a.used++
		}
		break
	}
	return p, f.sleep
}

func (f *Faults) draw(rate float64) bool {
	return rate > 0 && (rate >= 1 || f.rng.Float64() < rate)
}

// Wrap applies the faults in front of next.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, sleep := f.decide(r.Method, r.URL.Path)
		if p.latency > 0 {
			if err := sleep(r.Context(), p.latency); err != nil {
				return // the client went away while we waited
			}
		}
		switch {
		case p.resetBefore:
			dropConnection(w)
		case p.status != 0:
			apierr.Write(w, serverError(p.status))
		case p.resetAfter:
			// The org does the work; only the answer is lost.
			next.ServeHTTP(&discardWriter{header: http.Header{}}, r)
			dropConnection(w)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func serverError(status int) *apierr.Error {
	if status == http.StatusServiceUnavailable {
		return apierr.New(status, "E0000009", "Service Unavailable")
	}
	e := apierr.InternalError()
	e.Status = status
	return e
}

// dropConnection closes the client's connection without an answer. Over HTTP/1 the socket is
// closed with SO_LINGER 0, so the client sees a reset; where the connection cannot be taken
// over (HTTP/2), aborting the handler resets the stream instead.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// discardWriter is the ResponseWriter of a handler whose answer will never be sent.
type discardWriter struct {
	header http.Header
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
