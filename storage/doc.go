// Package storage keeps Flowdeck's state in one SQLite file (modernc.org/sqlite): connections,
// flows and their versions, System Log events, runs and their steps, poll cursors and settings.
// It applies embedded, numbered migrations at Open, writes through a single connection and reads
// through a read-only pool. It knows nothing of Okta or Fyne: documents are JSON and secrets are
// opaque, already-encrypted blobs.
package storage
