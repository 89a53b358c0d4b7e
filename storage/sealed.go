package storage

import (
	"fmt"
	"log/slog"
)

// Sealed is an encrypted secret (a connection's token bundle). Storage keeps its bytes and never
// looks inside; its String, GoString and LogValue show only its length, so printing or logging a
// Connection cannot leak it even though it is already ciphertext.
type Sealed []byte

func (s Sealed) String() string { return fmt.Sprintf("[sealed, %d bytes]", len(s)) }

// GoString keeps %#v from printing the bytes.
func (s Sealed) GoString() string { return s.String() }

// LogValue implements slog.LogValuer.
func (s Sealed) LogValue() slog.Value { return slog.StringValue(s.String()) }
