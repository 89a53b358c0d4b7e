package oktasim

import (
	"fmt"
	"time"
)

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// newID makes an Okta-style 20-character id: a 3-character type prefix (00u users, 00g groups,
// 0oa apps, 0pr group rules) and 17 characters from the org's seeded PRNG, so a seeded org is
// reproducible. Callers hold o.mu (or are in New).
func (o *Org) newID(prefix string) string {
	for {
		id := prefix + o.randString(20-len(prefix))
		if !o.idTaken(id) {
			return id
		}
	}
}

func (o *Org) idTaken(id string) bool {
	_, u := o.users[id]
	_, g := o.groups[id]
	_, a := o.apps[id]
	_, r := o.rules[id]
	return u || g || a || r
}

func (o *Org) randString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[o.rng.IntN(len(idAlphabet))]
	}
	return string(b)
}

// newUUID makes a version-1-looking UUID like the ones Okta puts in LogEvent.uuid.
func (o *Org) newUUID() string {
	a, b := o.rng.Uint64(), o.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-11f0-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(b>>48)&0x3FFF|0x8000, b&0xFFFFFFFFFFFF)
}

// newRequestID makes an X-Okta-Request-Id: Okta's are 27-character opaque strings.
func (o *Org) newRequestID() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.randString(23) + "AAAA"
}

// oktaTime formats t the way Okta does in resource JSON: UTC, milliseconds, Z.
func oktaTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// oktaTimePtr is oktaTime for optional timestamps: a zero time is JSON null.
func oktaTimePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := oktaTime(t)
	return &s
}
