// Package crashpoint lets the crash test kill the engine at exact places — after an Okta call
// but before its step is journaled, in the middle of a page's commit — instead of only at random
// moments. It does nothing unless the FLOWDECK_CRASHPOINT environment variable names a point.
package crashpoint

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// EnvVar names the armed point: "after-call" kills at its first hit, "after-call:37" at the
// 37th hit in this process.
const EnvVar = "FLOWDECK_CRASHPOINT"

// Points the engine marks.
const (
	BeforeCall      = "before-call"       // an action's step is journaled "started", its call not yet made
	AfterCall       = "after-call"        // the call returned, its outcome not yet journaled
	MidPageCommit   = "mid-page-commit"   // a page's events and runs are written, its transaction not committed
	AfterPageCommit = "after-page-commit" // a page is committed, the runner not yet woken
)

type armedPoint struct {
	name string
	at   int64
	hits atomic.Int64
}

// armed is read once: an unarmed Hit costs one nil check.
var armed = parse(os.Getenv(EnvVar))

func parse(v string) *armedPoint {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	name, count, ok := strings.Cut(v, ":")
	p := &armedPoint{name: name, at: 1}
	if ok {
		n, err := strconv.ParseInt(count, 10, 64)
		if err != nil || n < 1 {
			// A typo must not silently disarm the test that set it: fail loudly at start.
			panic(EnvVar + "=" + v + ": the countdown after the colon must be a whole number of at least 1")
		}
		p.at = n
	}
	return p
}

// Hit marks a crash point. When it is the armed one and its countdown reaches zero, the process
// is killed on the spot (SIGKILL on Unix): no deferred function, no flush, no clean close.
func Hit(name string) {
	p := armed
	if p == nil || p.name != name || p.hits.Add(1) != p.at {
		return
	}
	if self, err := os.FindProcess(os.Getpid()); err == nil {
		_ = self.Kill()
	}
	// The signal may take a moment to land in a multi-threaded process: this goroutine must not
	// take another step meanwhile.
	for {
		time.Sleep(time.Hour)
	}
}
