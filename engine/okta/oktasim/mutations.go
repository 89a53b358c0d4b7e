package oktasim

import "time"

// Mutation is one change the org made to its state, recorded as it happened: crash and retry
// tests compare it with what the client believes it did.
type Mutation struct {
	Method    string
	Path      string
	RequestID string
	// Kind names the change: user.create, user.update, user.password, user.recovery_question,
	// user.activate, user.reactivate, user.deactivate, user.suspend, user.unsuspend,
	// user.reset_password, user.unlock, user.expire_password, user.provider.federation, user.delete, user.sessions.clear,
	// group.create, group.update, group.delete, group.member.add, group.member.remove,
	// grouprule.create|update|activate|deactivate|delete, app.create, app.update, app.activate,
	// app.deactivate, app.delete, app.user.add|update|remove, app.group.add|update|remove,
	// linkedobject.create|delete, linkedobject.value.set|delete,
	// import.session.create|delete|load|trigger.
	Kind   string
	Target string // the id of the changed resource
	Time   time.Time
}

// mutated records a change made by this call.
func (c *call) mutated(kind, target string) {
	c.o.mutations = append(c.o.mutations, Mutation{Method: c.r.Method, Path: c.r.URL.Path, RequestID: c.reqID, Kind: kind, Target: target, Time: c.now})
}

// Mutations returns every change so far, oldest first.
func (o *Org) Mutations() []Mutation {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Mutation(nil), o.mutations...)
}

// MutationCount counts the changes made by the request with that X-Okta-Request-Id; an empty
// id counts every change since the org was created (the seed is not counted).
func (o *Org) MutationCount(requestID string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if requestID == "" {
		return len(o.mutations)
	}
	n := 0
	for _, m := range o.mutations {
		if m.RequestID == requestID {
			n++
		}
	}
	return n
}

// MutationsOfKind counts the changes of one kind, e.g. "user.create".
func (o *Org) MutationsOfKind(kind string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, m := range o.mutations {
		if m.Kind == kind {
			n++
		}
	}
	return n
}
