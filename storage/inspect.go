package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// applicationID marks a SQLite file as Flowdeck's ("FlDk" in the header's application_id field),
// so that another program's database is never migrated into a Flowdeck one.
const applicationID = 0x466c446b

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// fileState is what Open learned about an existing file before writing to it.
type fileState struct {
	userVersion int
	appID       uint32
	// empty: no schema at all (a zero-length file or one holding only SQLite's header page).
	empty bool
}

// inspect examines path before any write, so that a file from a newer Flowdeck, another program's
// database or a damaged file is refused while still byte-for-byte as it was. It reads the header
// itself rather than opening the file with SQLite, because even a read-only SQLite connection to
// a WAL-mode database creates -wal and -shm files. Only when a non-empty -wal file already exists
// (Flowdeck crashed, or is still running) does the header lag behind the data; then a read-only
// SQLite connection reads the committed state, which never writes the main file.
func inspect(ctx context.Context, path string, known int) (fileState, error) {
	var st fileState
	var err error
	if walHasData(path) {
		// Checked first: a process killed mid-checkpoint leaves a main file whose header already
		// counts pages still only in the log, which the header check would call cut short.
		st, err = inspectWithSQLite(ctx, path)
	} else {
		st, err = readHeader(path)
	}
	if err != nil {
		return fileState{}, err
	}
	return st, checkState(path, st, known)
}

// checkState refuses files this build must not migrate.
func checkState(path string, st fileState, known int) error {
	switch {
	case st.appID != 0 && st.appID != applicationID:
		return newError(ErrCorrupt, nil,
			"%s is another program's SQLite database (application id 0x%08x), not Flowdeck's: Flowdeck left it untouched; move it aside or set %s to another folder",
			path, st.appID, HomeEnv)
	case st.appID == 0 && st.userVersion == 0 && !st.empty:
		return newError(ErrCorrupt, nil,
			"%s is a SQLite database with tables that Flowdeck did not create: Flowdeck left it untouched; move it aside or set %s to another folder",
			path, HomeEnv)
	case st.userVersion > known:
		return newError(ErrNewerSchema, nil,
			"%s was written by a newer Flowdeck (schema %d, this build knows %d): upgrade Flowdeck; the file was left untouched",
			path, st.userVersion, known)
	case st.userVersion < 0:
		return damaged(path, fmt.Sprintf("its schema version %d is impossible", st.userVersion))
	}
	return nil
}

func damaged(path, why string) error {
	return newError(ErrCorrupt, nil,
		"%s is not a usable Flowdeck database (%s): Flowdeck left it untouched; quit Flowdeck and move the file aside (Flowdeck then starts with an empty database) or restore it from a backup",
		path, why)
}

// readHeader parses the 100-byte SQLite header (https://www.sqlite.org/fileformat.html#the_database_header).
func readHeader(path string) (fileState, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileState{}, fmt.Errorf("open %s to check it: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fileState{}, fmt.Errorf("check %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fileState{}, fmt.Errorf("%s is not a regular file: move it aside so Flowdeck can create its database there", path)
	}
	size := info.Size()
	if size == 0 {
		// SQLite treats an empty file as an empty database; Flowdeck leaves one when it stops
		// between creating the file and the first migration.
		return fileState{empty: true}, nil
	}
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fileState{}, damaged(path, fmt.Sprintf("it is only %d bytes long, shorter than a SQLite header", size))
		}
		return fileState{}, fmt.Errorf("read %s: %w", path, err)
	}
	if string(h[:16]) != sqliteMagic {
		return fileState{}, damaged(path, "it does not begin with SQLite's header, so it is not a database or its start was overwritten")
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return fileState{}, damaged(path, fmt.Sprintf("its header gives an impossible page size %d", pageSize))
	}
	if h[18] > 2 || h[19] > 2 {
		return fileState{}, damaged(path, "its header asks for a SQLite file format this build cannot read")
	}
	// The in-header page count is valid only when the change counter matches version-valid-for;
	// every SQLite since 3.7.0 keeps it so. Otherwise SQLite goes by the file size.
	pages := size / pageSize
	if changeCounter, validFor := binary.BigEndian.Uint32(h[24:28]), binary.BigEndian.Uint32(h[92:96]); changeCounter == validFor {
		if p := int64(binary.BigEndian.Uint32(h[28:32])); p > 0 {
			if size < p*pageSize {
				return fileState{}, damaged(path, fmt.Sprintf("it is %d bytes long but its header says %d: it was cut short, perhaps by a full disk or an interrupted copy", size, p*pageSize))
			}
			pages = p
		}
	} else if size%pageSize != 0 {
		return fileState{}, damaged(path, fmt.Sprintf("its size %d is not a whole number of %d-byte pages", size, pageSize))
	}
	return fileState{
		userVersion: int(int32(binary.BigEndian.Uint32(h[60:64]))),
		appID:       binary.BigEndian.Uint32(h[68:72]),
		// Page 1 holds the header and the schema table; any table or index needs a page more.
		empty: pages <= 1,
	}, nil
}

// walHasData reports whether path's write-ahead log holds frames that may not be in the main file yet.
func walHasData(path string) bool {
	info, err := os.Stat(path + "-wal")
	return err == nil && info.Size() > 0
}

// inspectWithSQLite reads the committed state through a read-only connection. It is used only
// when a -wal file with data exists, so SQLite creates nothing the admin has not already got
// (at most the -shm index), and a read-only connection never checkpoints into the main file.
func inspectWithSQLite(ctx context.Context, path string) (fileState, error) {
	conn, err := sql.Open("sqlite", fileURI(path)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fileState{}, wrapFileError(path, "check the database", err)
	}
	defer conn.Close()
	st, err := readState(ctx, conn)
	if err != nil {
		if c := sqliteCode(err) & 0xff; c == codeCorrupt || c == codeNotADB {
			return fileState{}, damaged(path, err.Error())
		}
		return fileState{}, wrapFileError(path, "check the database", err)
	}
	return st, nil
}
