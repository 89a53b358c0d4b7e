package flow

import (
	"crypto/rand"
	"regexp"
)

// Id prefixes say what an id names, so a wire id pasted where a card id belongs is caught.
const (
	CardIDPrefix = "c_"
	WireIDPrefix = "w_"
)

// idAlphabet is lowercase and unambiguous (no i, l, o, u): ids are URL-safe and survive being
// read aloud or typed into a search box.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// idLen random characters of idAlphabet carry 60 bits: no collision within a flow in practice,
// and still short enough to read in a diff.
const idLen = 12

// NewCardID returns a new random card id ("c_…").
func NewCardID() string { return CardIDPrefix + randomID() }

// NewWireID returns a new random wire id ("w_…").
func NewWireID() string { return WireIDPrefix + randomID() }

func randomID() string {
	var b [idLen]byte
	// crypto/rand.Read never returns an error (it crashes the program if the OS fails it).
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = idAlphabet[b[i]&31]
	}
	return string(b[:])
}

// Hand-written flows may use readable ids like "c_trigger": any URL-safe text after the prefix.
var (
	cardIDPattern = regexp.MustCompile(`^c_[A-Za-z0-9_-]{1,64}$`)
	wireIDPattern = regexp.MustCompile(`^w_[A-Za-z0-9_-]{1,64}$`)
)

// ValidCardID reports whether id has the shape of a card id.
func ValidCardID(id string) bool { return cardIDPattern.MatchString(id) }

// ValidWireID reports whether id has the shape of a wire id.
func ValidWireID(id string) bool { return wireIDPattern.MatchString(id) }
