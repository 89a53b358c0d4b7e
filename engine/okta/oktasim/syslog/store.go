package syslog

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Store holds the org's System Log in memory. Like Okta's, it separates when an event happened
// (`published`) from when it becomes visible to queries (its persistence time): an event is
// visible only after an ingestion delay plus random jitter, so a poller sees events late and out
// of `published` order. Polling cursors follow visibility order, which is what makes the
// `next` link lose and repeat nothing. It is safe for concurrent use.
type Store struct {
	clock func() time.Time

	mu     sync.Mutex
	delay  time.Duration
	jitter time.Duration
	rng    *mrand.Rand
	seq    uint64
	all    []*record // append order
	byVis  []*record // sorted by (visibleAt, seq): the polling order
	byPub  []*record // sorted by (published, seq): the bounded-query order
}

// record is one stored event with the bookkeeping queries need.
type record struct {
	seq       uint64
	visibleAt time.Time
	ev        Event
	doc       map[string]any // the event as generic JSON, for filter and q
}

// NewStore returns an empty System Log. clock is the org's clock (nil means time.Now); events
// are visible as soon as they are appended until SetIngestion says otherwise.
func NewStore(clock func() time.Time) *Store {
	if clock == nil {
		clock = time.Now
	}
	return &Store{clock: clock, rng: mrand.New(mrand.NewPCG(1, 2))}
}

// SetIngestion sets how late appended events become visible: after delay plus a random extra
// of up to jitter, drawn from a PRNG seeded with seed so runs repeat. A jitter larger than the
// gap between two events makes them arrive out of `published` order, as Okta's do.
func (s *Store) SetIngestion(delay, jitter time.Duration, seed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay, s.jitter = delay, jitter
	s.rng = mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Append stores an event and returns it as stored. An empty uuid, published or version is
// filled in (a fresh uuid, the clock's now, "0"). The event becomes visible after the ingestion
// delay and jitter, counted from its `published` time.
func (s *Store) Append(ev Event) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	s.fillDefaults(&ev, now)
	visible := ev.Published.Add(s.delay)
	if s.jitter > 0 {
		visible = visible.Add(time.Duration(s.rng.Int64N(int64(s.jitter) + 1)))
	}
	return s.insert(ev, visible, now)
}

// AppendAt stores an event that becomes visible at visibleAt, whatever its `published` time:
// the way to model one event ingested late. A visibleAt in the past means "now": an event can
// only become visible from the moment it is stored, or an issued cursor could skip it.
func (s *Store) AppendAt(ev Event, visibleAt time.Time) Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	s.fillDefaults(&ev, now)
	return s.insert(ev, visibleAt, now)
}

func (s *Store) fillDefaults(ev *Event, now time.Time) {
	if ev.UUID == "" {
		ev.UUID = newUUID()
	}
	if ev.Published.IsZero() {
		ev.Published = now
	}
	ev.Published = ev.Published.UTC().Truncate(time.Millisecond)
	if ev.Version == "" {
		ev.Version = "0"
	}
}

// insert must run with s.mu held.
func (s *Store) insert(ev Event, visibleAt, now time.Time) Event {
	if visibleAt.Before(now) {
		visibleAt = now
	}
	s.seq++
	r := &record{seq: s.seq, visibleAt: visibleAt, ev: ev, doc: toDoc(ev)}
	s.all = append(s.all, r)
	s.byVis = insertSorted(s.byVis, r, func(r *record) time.Time { return r.visibleAt })
	s.byPub = insertSorted(s.byPub, r, func(r *record) time.Time { return r.ev.Published })
	return ev
}

// insertSorted keeps list ordered by (key, seq); new records usually land at the end.
func insertSorted(list []*record, r *record, key func(*record) time.Time) []*record {
	i, _ := slices.BinarySearchFunc(list, r, func(a, b *record) int { return compareKey(key(a), a.seq, key(b), b.seq) })
	return slices.Insert(list, i, r)
}

func compareKey(at time.Time, aseq uint64, bt time.Time, bseq uint64) int {
	if c := at.Compare(bt); c != 0 {
		return c
	}
	switch {
	case aseq < bseq:
		return -1
	case aseq > bseq:
		return 1
	}
	return 0
}

// Events returns every stored event in the order they were appended, visible or not yet.
func (s *Store) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, len(s.all))
	for i, r := range s.all {
		out[i] = r.ev
	}
	return out
}

// Count returns how many stored events (visible or not yet) have the event type; "" counts all.
func (s *Store) Count(eventType string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if eventType == "" {
		return len(s.all)
	}
	n := 0
	for _, r := range s.all {
		if r.ev.EventType == eventType {
			n++
		}
	}
	return n
}

// toDoc turns an event into the generic JSON form that filters and keyword search walk, so
// they see exactly the attribute names and values a client sees.
func toDoc(ev Event) map[string]any {
	b, err := json.Marshal(ev)
	if err != nil {
		// Event holds only JSON-safe values unless a caller put a channel or func in a map.
		panic(fmt.Sprintf("syslog: event %s cannot be encoded as JSON: %v", ev.EventType, err))
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		panic(fmt.Sprintf("syslog: event %s JSON does not decode: %v", ev.EventType, err))
	}
	return doc
}

// newUUID returns a random RFC 4122 version 4 UUID, the shape of Okta's event uuids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
