package storage

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
)

// Sentinel errors, for errors.Is. The errors this package returns carry a full sentence for the
// admin; these only say which kind of failure it was.
var (
	// ErrNotFound: the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a row with the same unique key already exists (a connection name, a run for
	// the same flow and event).
	ErrDuplicate = errors.New("already exists")
	// ErrCursorMoved: PutCursorIf found a different cursor than the one it expected.
	ErrCursorMoved = errors.New("poll cursor was moved by someone else")
	// ErrNewerSchema: the database was written by a newer Flowdeck.
	ErrNewerSchema = errors.New("database written by a newer Flowdeck")
	// ErrCorrupt: the file is not a Flowdeck database, or it is damaged.
	ErrCorrupt = errors.New("database damaged or not a Flowdeck database")
	// ErrLocked: another process holds the database.
	ErrLocked = errors.New("database locked")
	// ErrDiskFull: the disk (or the database's size limit) is full.
	ErrDiskFull = errors.New("disk full")
	// ErrInvalid: the caller passed a value the schema does not accept.
	ErrInvalid = errors.New("invalid value")
)

// adminError is a full sentence for the admin that still answers errors.Is for its kind and
// errors.As for the underlying driver error.
type adminError struct {
	kind  error
	msg   string
	cause error
}

func (e *adminError) Error() string { return e.msg }

func (e *adminError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.kind, e.cause} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func newError(kind, cause error, format string, args ...any) error {
	return &adminError{kind: kind, msg: fmt.Sprintf(format, args...), cause: cause}
}

// SQLite primary and extended result codes (stable parts of SQLite's C ABI). The driver reports
// extended codes because it turns extended result codes on.
const (
	codeBusy       = 5
	codeLocked     = 6
	codeReadOnly   = 8
	codeIOErr      = 10
	codeCorrupt    = 11
	codeFull       = 13
	codeCantOpen   = 14
	codeConstraint = 19
	codeNotADB     = 26

	codeConstraintCheck      = codeConstraint | 1<<8
	codeConstraintForeignKey = codeConstraint | 3<<8
	codeConstraintPrimaryKey = codeConstraint | 6<<8
	codeConstraintUnique     = codeConstraint | 8<<8
)

// sqliteCode returns the extended result code of a driver error, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func isUniqueViolation(err error) bool {
	c := sqliteCode(err)
	return c == codeConstraintUnique || c == codeConstraintPrimaryKey
}

func isForeignKeyViolation(err error) bool {
	return sqliteCode(err) == codeConstraintForeignKey
}

// wrap puts what Flowdeck was doing (op) in front of classify's sentence.
func (db *DB) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, classify(db.path, err))
}

func wrapFileError(path, op string, err error) error {
	return fmt.Errorf("%s: %w", op, classify(path, err))
}

// classify turns a driver error about the file itself into a sentence for the admin: what went
// wrong with which file and what to do. Other errors, and errors already classified, pass
// through unchanged.
func classify(path string, err error) error {
	var ae *adminError
	if err == nil || errors.As(err, &ae) {
		return err
	}
	switch sqliteCode(err) & 0xff {
	case codeFull:
		return newError(ErrDiskFull, err,
			"the disk holding %s is full: this change was not saved and nothing already stored was lost; free some disk space and try again",
			path)
	case codeBusy, codeLocked:
		return newError(ErrLocked, err,
			"%s is locked by another program, most likely another Flowdeck (a window or `flowdeck engine`): close the other Flowdeck and try again",
			path)
	case codeCorrupt, codeNotADB:
		return newError(ErrCorrupt, err,
			"%s is damaged (%v): quit Flowdeck, move the file aside (Flowdeck then starts with an empty database) or restore it from a backup",
			path, err)
	case codeReadOnly:
		return newError(nil, err,
			"%s cannot be written (%v): check that you own the file and its folder and that the disk is not mounted read-only",
			path, err)
	case codeCantOpen:
		return newError(nil, err,
			"cannot open %s (%v): check that its folder exists and that you may write to it",
			path, err)
	case codeIOErr:
		return newError(nil, err,
			"the disk reported an error reading or writing %s (%v): check the disk; this change was not saved",
			path, err)
	}
	return err
}
