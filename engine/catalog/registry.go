package catalog

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Registry holds card specs by id. The zero value is not usable; call NewRegistry.
// Global returns the registry of every built-in card; tests build their own.
type Registry struct {
	mu    sync.RWMutex
	specs map[string]*Spec
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{specs: map[string]*Spec{}} }

// Register adds a spec after validating it. Ids and names are unique within a registry.
func (r *Registry) Register(s Spec) error {
	if err := s.Validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.specs[s.ID]; dup {
		return fmt.Errorf("card %s is registered twice", s.ID)
	}
	for _, o := range r.specs {
		if strings.EqualFold(o.Name, s.Name) && o.Kind == s.Kind {
			return fmt.Errorf("card name %q is used by both %s and %s", s.Name, o.ID, s.ID)
		}
	}
	c := s
	r.specs[s.ID] = &c
	return nil
}

// MustRegister is Register for declarations known at compile time.
func (r *Registry) MustRegister(specs ...Spec) {
	for _, s := range specs {
		if err := r.Register(s); err != nil {
			panic(err)
		}
	}
}

// Lookup returns the spec with the given id.
func (r *Registry) Lookup(id string) (*Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, ok := r.specs[id]
	return s, ok
}

// ByName finds a card by its display name, ignoring case.
func (r *Registry) ByName(name string) (*Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, s := range r.specs {
		if strings.EqualFold(s.Name, strings.TrimSpace(name)) {
			return s, true
		}
	}
	return nil, false
}

// All returns every spec, sorted by kind (events, actions, functions) then name.
func (r *Registry) All() []*Spec {
	r.mu.RLock()
	out := make([]*Spec, 0, len(r.specs))
	for _, s := range r.specs {
		out = append(out, s)
	}
	r.mu.RUnlock()
	order := map[Kind]int{KindEvent: 0, KindAction: 1, KindFunction: 2}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return order[out[i].Kind] < order[out[j].Kind]
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// OfKind returns the specs of one kind, sorted by name.
func (r *Registry) OfKind(k Kind) []*Spec {
	var out []*Spec
	for _, s := range r.All() {
		if s.Kind == k {
			out = append(out, s)
		}
	}
	return out
}

var (
	globalOnce sync.Once
	global     *Registry
)

// Global returns the registry of every built-in card. It is built once, on first use.
func Global() *Registry {
	globalOnce.Do(func() {
		global = NewRegistry()
		global.MustRegister(builtinSpecs()...)
	})
	return global
}

// builtinSpecs gathers the declarations of every built-in card.
func builtinSpecs() []Spec {
	var all []Spec
	all = append(all, eventSpecs()...)
	all = append(all, actionSpecs()...)
	all = append(all, functionSpecs()...)
	return all
}
