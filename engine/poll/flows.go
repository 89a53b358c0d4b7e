package poll

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

// flowTrigger is what the poller needs of one version of a flow: its trigger card.
type flowTrigger struct {
	id         string
	version    int
	spec       *catalog.Spec
	options    map[string]any
	includeOwn bool // settings.includeOwnEvents: the loop guard is off
}

type flowKey struct {
	id      string
	version int
}

// flowCache keeps decoded flow versions; a version never changes once saved, so an entry is
// never stale. A version that cannot start runs from events is cached as nil and logged once.
type flowCache struct {
	mu sync.Mutex
	m  map[flowKey]*flowTrigger
}

// trigger returns the flow version's trigger, or nil (with the reason logged once) when the
// flow cannot start from an event. Only storage failures are returned as errors.
func (p *Poller) trigger(ctx context.Context, f storage.EnabledFlow) (*flowTrigger, error) {
	key := flowKey{f.ID, f.Version}
	p.flows.mu.Lock()
	t, ok := p.flows.m[key]
	p.flows.mu.Unlock()
	if ok {
		return t, nil
	}
	// GetFlowVersion reads through the read pool, so it is safe inside the page's write
	// transaction.
	v, err := p.cfg.DB.GetFlowVersion(ctx, f.ID, f.Version)
	if err != nil {
		return nil, fmt.Errorf("read flow %s version %d: %w", f.ID, f.Version, err)
	}
	t, why := compileTrigger(p.cfg.Registry, f, v.Document)
	if t == nil {
		p.log.Warn("enabled flow will not start from System Log events", "flow", f.ID, "version", f.Version, "reason", why)
	}
	p.flows.mu.Lock()
	p.flows.m[key] = t
	p.flows.mu.Unlock()
	return t, nil
}

// compileTrigger decodes a flow document and finds its trigger card; why says what is wrong
// when it returns nil.
func compileTrigger(reg *catalog.Registry, f storage.EnabledFlow, doc []byte) (t *flowTrigger, why string) {
	fl, err := flow.Decode(bytes.NewReader(doc))
	if err != nil {
		return nil, "its saved document cannot be read: " + err.Error()
	}
	if len(fl.Cards) == 0 {
		return nil, "it has no cards; its first card must be an Okta event card"
	}
	first := fl.Cards[0]
	spec, ok := reg.Lookup(first.Type)
	if !ok {
		return nil, fmt.Sprintf("its first card %s is of type %q, which this Flowdeck does not know", first.ID, first.Type)
	}
	if spec.Kind != catalog.KindEvent {
		return nil, fmt.Sprintf("its first card %s (%s) is not an Okta event card", first.ID, spec.Name)
	}
	return &flowTrigger{id: f.ID, version: f.Version, spec: spec, options: first.Options, includeOwn: fl.Settings.IncludeOwnEvents}, ""
}

// keepOnly drops the cached versions that are no longer enabled, so an engine that runs for
// months while flows are edited does not keep every version it ever matched.
func (c *flowCache) keepOnly(enabled []storage.EnabledFlow) {
	keep := make(map[flowKey]bool, len(enabled))
	for _, f := range enabled {
		keep[flowKey{f.ID, f.Version}] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if !keep[k] {
			delete(c.m, k)
		}
	}
}
