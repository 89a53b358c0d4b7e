package poll

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/trigger"
)

// parseChunk is the number of events one goroutine decodes: decoding a full page is a third of
// the poller's work, and it needs nothing but the bytes.
const parseChunk = 250

// parseEvents reads a page's body. An event without a uuid or type cannot be deduplicated or
// matched: it is counted as invalid and logged, and the rest of the page goes on.
func (p *Poller) parseEvents(pg *page, body []byte, requestID string) error {
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		return fmt.Errorf("read the System Log of connection %s: Okta's answer is not a list of events (request %s): %w",
			p.cfg.ConnectionID, requestID, err)
	}
	pg.full = len(raws) >= PageLimit
	parsed := make([]pageEvent, len(raws))
	ok := make([]bool, len(raws))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for start := 0; start < len(raws); start += parseChunk {
		end := min(start+parseChunk, len(raws))
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			for i := start; i < end; i++ {
				parsed[i], ok[i] = p.parseEvent(pg, raws[i], requestID)
			}
		})
	}
	wg.Wait()
	pg.events = make([]pageEvent, 0, len(raws))
	for i, e := range parsed {
		if !ok[i] {
			pg.invalid++
			continue
		}
		pg.events = append(pg.events, e)
	}
	return nil
}

func (p *Poller) parseEvent(pg *page, raw json.RawMessage, requestID string) (pageEvent, bool) {
	ev, err := trigger.Parse(raw)
	if err != nil {
		p.log.Warn("ignored a System Log event", "request", requestID, "error", err)
		return pageEvent{}, false
	}
	pub, err := time.Parse(time.RFC3339Nano, ev.Published())
	if err != nil {
		// published only orders the history; the uuid is what counts, so keep the event.
		p.log.Warn("System Log event without a readable published time; using the time received",
			"event", ev.UUID(), "published", ev.Published())
		pub = pg.now
	}
	return pageEvent{raw: raw, ev: ev, published: pub.UTC(), target: targetKey(ev)}, true
}
