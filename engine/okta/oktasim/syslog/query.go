package syslog

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Okta's documented bounds of a System Log query.
const (
	DefaultLimit   = 100
	MaxLimit       = 1000
	DefaultWindow  = 7 * 24 * time.Hour   // since defaults to this long before until
	MaxSinceAge    = 180 * 24 * time.Hour // an older since is refused
	Retention      = 90 * 24 * time.Hour  // older events are never returned
	maxKeywords    = 10
	maxKeywordLen  = 40
	cursorPolling  = "p"
	cursorBoundedA = "a"
	cursorBoundedD = "d"
)

// query is one validated GET /api/v1/logs request.
type query struct {
	since, until time.Time
	untilSet     bool
	sinceSet     bool
	after        *cursor
	filter       *Filter
	keywords     []string
	limit        int
	descending   bool
}

// polling is Okta's definition: no until and ascending order.
func (q *query) polling() bool { return !q.untilSet && !q.descending }

// cursor is the position after which the next page starts: a (time, sequence) key in the
// order of the query's kind. For polling the time is the persistence (visible) time, so an
// event ingested late still sorts after every cursor issued before it became visible.
type cursor struct {
	kind string
	at   time.Time
	seq  uint64
}

func (c cursor) encode() string {
	raw := fmt.Sprintf("%s:%d:%d", c.kind, c.at.UnixNano(), c.seq)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (*cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("want 3 parts, got %d", len(parts))
	}
	ns, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return nil, err
	}
	seq, err := strconv.ParseUint(parts[2], 10, 64)
	if err != nil {
		return nil, err
	}
	return &cursor{kind: parts[0], at: time.Unix(0, ns).UTC(), seq: seq}, nil
}

// parseQuery validates the parameters the way Okta does and resolves their defaults.
func parseQuery(v url.Values, now time.Time) (*query, *apierr.Error) {
	q := &query{limit: DefaultLimit}
	if s := v.Get("sortOrder"); s != "" {
		switch strings.ToUpper(s) {
		case "ASCENDING":
		case "DESCENDING":
			q.descending = true
		default:
			return nil, validation("sortOrder", "sortOrder: must be ASCENDING or DESCENDING.")
		}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > MaxLimit {
			return nil, validation("limit", fmt.Sprintf("limit: must be an integer between 0 and %d.", MaxLimit))
		}
		q.limit = n
	}
	var bad *apierr.Error
	q.until, q.untilSet, bad = parseTime(v, "until")
	if bad != nil {
		return nil, bad
	}
	if !q.untilSet {
		q.until = now
	}
	q.since, q.sinceSet, bad = parseTime(v, "since")
	if bad != nil {
		return nil, bad
	}
	if !q.sinceSet {
		q.since = q.until.Add(-DefaultWindow)
	} else if q.since.Before(now.Add(-MaxSinceAge)) {
		return nil, apierr.New(http.StatusBadRequest, "E0000053", "Invalid parameter: The since parameter is over 180 days prior to the current day.")
	}
	if s := v.Get("after"); s != "" {
		c, err := decodeCursor(s)
		want := cursorPolling
		if !q.polling() {
			want = cursorBoundedA
			if q.descending {
				want = cursorBoundedD
			}
		}
		if err != nil || c.kind != want {
			return nil, validation("after", "after: is not a cursor from this query's next link. Follow the next link exactly as Okta returned it.")
		}
		q.after = c
	}
	if s := v.Get("filter"); s != "" {
		f, err := ParseFilter(s)
		if err != nil {
			fe := err.(*FilterError)
			return nil, apierr.New(http.StatusBadRequest, fe.Code, fe.Summary)
		}
		q.filter = f
	}
	q.keywords = strings.Fields(strings.ToLower(v.Get("q")))
	if len(q.keywords) > maxKeywords {
		return nil, validation("q", fmt.Sprintf("q: Freeform search cannot contain more than %d items. Please remove items from your search or use an advanced filter to query by specific fields.", maxKeywords))
	}
	for _, k := range q.keywords {
		if len([]rune(k)) > maxKeywordLen {
			return nil, validation("q", "q: Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.")
		}
	}
	return q, nil
}

// validation is Okta's E0000001 for a query parameter, summary and cause worded as Okta does.
func validation(param, cause string) *apierr.Error {
	e := apierr.Validation(cause)
	e.ErrorSummary = fmt.Sprintf("Api validation failed: '%s': %s", param, strings.TrimPrefix(cause, param+": "))
	return e
}

func parseTime(v url.Values, name string) (time.Time, bool, *apierr.Error) {
	s := v.Get(name)
	if s == "" {
		return time.Time{}, false, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true, nil
		}
	}
	c1 := name + ": The date format in your query is not recognized. Please enter dates using ISO8601 string format."
	c2 := name + ": must be a valid date-time or empty."
	e := apierr.Validation(c1, c2)
	e.ErrorSummary = fmt.Sprintf("Api validation failed: '%s': The date format in your query is not recognized. Please enter dates using ISO8601 string format.. '%s': must be a valid date-time or empty.", name, name)
	return time.Time{}, false, e
}

// page is the result of a query: the events and, when there is one, the cursor of the next page.
type page struct {
	events []Event
	next   *cursor
}

// run executes a query against the events visible at now.
func (s *Store) run(q *query, now time.Time) page {
	s.mu.Lock()
	defer s.mu.Unlock()
	oldest := now.Add(-Retention)
	matches := func(r *record) bool {
		if r.ev.Published.Before(oldest) {
			return false
		}
		if q.filter != nil && !q.filter.matchDoc(r.doc) {
			return false
		}
		return matchKeywords(r.doc, q.keywords)
	}
	if q.polling() {
		return s.runPolling(q, now, matches)
	}
	return s.runBounded(q, now, matches)
}

// runPolling walks events in persistence order from the cursor (or since) to now. The next
// cursor is the last event examined, matching or not, so a re-poll neither repeats nor rescans.
func (s *Store) runPolling(q *query, now time.Time, matches func(*record) bool) page {
	pos := cursor{kind: cursorPolling, at: q.since, seq: 0}
	if q.after != nil {
		pos = *q.after
	}
	var out []Event
	start, _ := slices.BinarySearchFunc(s.byVis, pos, func(r *record, c cursor) int {
		if compareKey(r.visibleAt, r.seq, c.at, c.seq) <= 0 {
			return -1
		}
		return 1
	})
	for _, r := range s.byVis[start:] {
		if r.visibleAt.After(now) || len(out) == q.limit {
			break
		}
		pos = cursor{kind: cursorPolling, at: r.visibleAt, seq: r.seq}
		if matches(r) {
			out = append(out, r.ev)
		}
	}
	return page{events: out, next: &pos}
}

// runBounded returns visible events published within [since, until] in `published` order;
// there is a next page only if another matching event exists past this one.
func (s *Store) runBounded(q *query, now time.Time, matches func(*record) bool) page {
	kind := cursorBoundedA
	if q.descending {
		kind = cursorBoundedD
	}
	var out []Event
	var last *record
	n := len(s.byPub)
	for i := range n {
		r := s.byPub[i]
		if q.descending {
			r = s.byPub[n-1-i]
		}
		if r.ev.Published.Before(q.since) || r.ev.Published.After(q.until) || r.visibleAt.After(now) {
			continue
		}
		if q.after != nil {
			c := compareKey(r.ev.Published, r.seq, q.after.at, q.after.seq)
			if (!q.descending && c <= 0) || (q.descending && c >= 0) {
				continue
			}
		}
		if !matches(r) {
			continue
		}
		if len(out) == q.limit {
			if last == nil {
				// limit=0: an empty page whose next link starts where this one did.
				if q.after != nil {
					return page{next: q.after}
				}
				return page{next: &cursor{kind: kind, at: boundaryStart(q), seq: boundarySeq(q)}}
			}
			return page{events: out, next: &cursor{kind: kind, at: last.ev.Published, seq: last.seq}}
		}
		out = append(out, r.ev)
		last = r
	}
	return page{events: out}
}

// boundaryStart and boundarySeq give a cursor that sorts before every event of the window.
func boundaryStart(q *query) time.Time {
	if q.descending {
		return q.until.Add(time.Nanosecond)
	}
	return q.since.Add(-time.Nanosecond)
}

func boundarySeq(q *query) uint64 {
	if q.descending {
		return ^uint64(0)
	}
	return 0
}

// matchKeywords is Okta's q: every keyword must equal (ignoring case) some word of some value
// of the event; a hyphenated word also matches by each of its parts.
func matchKeywords(doc map[string]any, keywords []string) bool {
	if len(keywords) == 0 {
		return true
	}
	words := map[string]bool{}
	collectWords(doc, words)
	for _, k := range keywords {
		if !words[k] {
			return false
		}
	}
	return true
}

func collectWords(v any, into map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, c := range x {
			collectWords(c, into)
		}
	case []any:
		for _, c := range x {
			collectWords(c, into)
		}
	case string:
		lower := strings.ToLower(x)
		into[lower] = true
		for _, w := range strings.Fields(lower) {
			into[w] = true
			for part := range strings.SplitSeq(w, "-") {
				into[part] = true
			}
		}
	case float64:
		into[strconv.FormatFloat(x, 'f', -1, 64)] = true
	}
}
