// Package enginelock makes sure one engine at a time runs flows from a data directory: the
// desktop app and a headless `flowdeck engine` must never both poll and run from one database
// (two pollers would race for the cursor, two token owners would race one rotating refresh
// token). The loser learns who holds the lock.
package enginelock

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

const (
	lockFile  = "engine.lock"
	ownerFile = "engine.owner"
)

// Owner describes the process holding the lock.
type Owner struct {
	PID   int       `json:"pid"`
	Kind  string    `json:"kind"` // "app" or "engine"
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
}

func (o Owner) String() string {
	what := "the Flowdeck app"
	if o.Kind == "engine" {
		what = "a headless `flowdeck engine`"
	}
	return fmt.Sprintf("%s (pid %d on %s, since %s)", what, o.PID, o.Host, o.Since.Local().Format("2006-01-02 15:04"))
}

// HeldError says the lock is held by another process.
type HeldError struct {
	Dir   string
	Owner *Owner // nil when the owner file could not be read
}

func (e *HeldError) Error() string {
	who := "another Flowdeck process"
	if e.Owner != nil {
		who = e.Owner.String()
	}
	return fmt.Sprintf("the engine for %s is already running in %s: stop it first, or use it (the app shows its state)", e.Dir, who)
}

// Lock is a held engine lock.
type Lock struct {
	fl  *flock.Flock
	dir string
}

// Acquire takes the data directory's engine lock for a process of the given kind, or returns a
// *HeldError naming the holder. The OS releases the lock if the process dies, so a crash never
// leaves a stale lock behind.
func Acquire(dir, kind string) (*Lock, error) {
	fl := flock.New(filepath.Join(dir, lockFile), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("taking the engine lock in %s: %w", dir, err)
	}
	if !ok {
		return nil, &HeldError{Dir: dir, Owner: ReadOwner(dir)}
	}
	host, _ := os.Hostname()
	data, _ := json.Marshal(Owner{PID: os.Getpid(), Kind: kind, Host: host, Since: time.Now().UTC()})
	tmp := filepath.Join(dir, ownerFile+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err == nil {
		_ = os.Rename(tmp, filepath.Join(dir, ownerFile))
	}
	return &Lock{fl: fl, dir: dir}, nil
}

// ReadOwner returns the recorded holder, or nil.
func ReadOwner(dir string) *Owner {
	data, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return nil
	}
	var o Owner
	if json.Unmarshal(data, &o) != nil {
		return nil
	}
	return &o
}

// Held reports whether another process holds the lock of dir now, and who.
func Held(dir string) (*Owner, bool) {
	l, err := Acquire(dir, "probe")
	var held *HeldError
	if errors.As(err, &held) {
		return held.Owner, true
	}
	if l != nil {
		_ = l.Release()
	}
	return nil, false
}

// Release gives the lock up.
func (l *Lock) Release() error {
	_ = os.Remove(filepath.Join(l.dir, ownerFile))
	return l.fl.Unlock()
}
