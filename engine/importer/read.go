package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Limits on what Read accepts. Real exports are kilobytes to a few megabytes; the limits keep a
// wrong file (a disk image, a log) or a hostile one from exhausting memory or the stack.
const (
	// MaxSize is the largest export Read reads.
	MaxSize = 32 << 20
	// MaxDepth is the deepest nesting of JSON objects and arrays Read accepts. One embedded
	// flow adds about ten levels; 400 allows dozens of nested helpers.
	MaxDepth = 400
)

// Errors Read returns (wrapped), for callers and tests to tell the cases apart.
var (
	ErrTooLarge   = errors.New("export too large")
	ErrTooDeep    = errors.New("export nested too deeply")
	ErrNotJSON    = errors.New("not JSON")
	ErrTruncated  = errors.New("export truncated")
	ErrNotFlopack = errors.New("not an Okta Workflows export")
)

// knownVersions are the export format versions this importer was built from. A newer one is
// read as far as it is understood, and the export's Notes say so.
var knownVersions = []string{"1.2.0", "1.3.0", "1.4.0", "1.5.0"}

// Read reads one export. It fails only when the file as a whole is unusable (too large, not
// JSON, truncated, nested too deeply, not a flopack); a flow or card it cannot understand is
// kept and described in the export's notes or the flow's report instead.
func Read(r io.Reader) (*Export, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the export: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("the file is larger than %d MiB, far larger than any Okta Workflows export; check that it is a .flow, .folder or .flopack file: %w", MaxSize>>20, ErrTooLarge)
	}
	return Parse(data)
}

// Parse is Read on bytes already in memory.
func Parse(data []byte) (*Export, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("the file is empty; an Okta Workflows export holds one JSON document: %w", ErrNotJSON)
	}
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	var top rawExport
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonError(data, err)
	}
	if top.Type != "flopack" {
		what := "no \"type\""
		if top.Type != "" {
			what = fmt.Sprintf("the type %q", top.Type)
		}
		return nil, fmt.Errorf("the file has %s, not \"flopack\", so it is not an Okta Workflows export (.flow, .folder or .flopack); export the flow or folder again from Okta Workflows: %w", what, ErrNotFlopack)
	}
	return build(&top), nil
}

// checkDepth refuses JSON nested deeper than MaxDepth before encoding/json recurses into it.
func checkDepth(data []byte) error {
	depth, inString, escaped := 0, false, false
	for i, b := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			depth++
			if depth > MaxDepth {
				line, col := position(data, i)
				return fmt.Errorf("line %d, column %d: the JSON is nested more than %d levels deep, far deeper than any real export; the file is damaged or not an export: %w", line, col, MaxDepth, ErrTooDeep)
			}
		case b == '}' || b == ']':
			depth--
		}
	}
	return nil
}

// jsonError words a decoding error for an admin, with its line and column.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))):
		return fmt.Errorf("the file ends in the middle of the JSON; it was cut off (a partial download or copy?): export it again: %w", ErrTruncated)
	case errors.As(err, &syn):
		line, col := position(data, int(syn.Offset)-1) // Offset is just past the bad byte
		return fmt.Errorf("line %d, column %d: this is not valid JSON (%v); an Okta Workflows export is one JSON document: %w", line, col, syn, ErrNotJSON)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the file ends in the middle of the JSON; it was cut off (a partial download or copy?): export it again: %w", ErrTruncated)
	case errors.As(err, &typ):
		line, col := position(data, int(typ.Offset))
		where := typ.Field
		if where == "" {
			where = "the document"
		}
		return fmt.Errorf("line %d, column %d: %s is %s where an export has %s; the file is not an Okta Workflows export or was changed by hand: %w", line, col, where, typ.Value, typ.Type, ErrNotFlopack)
	}
	return fmt.Errorf("the file is not an Okta Workflows export: %v: %w", err, ErrNotJSON)
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = off - bytes.LastIndexByte(before, '\n')
	return line, col
}

// rawExport is the top level as it is in the file. The parts whose shape varies are decoded
// later, piece by piece, so one odd flow does not make the whole file unreadable.
type rawExport struct {
	Type     string          `json:"type"`
	Version  string          `json:"version"`
	Created  string          `json:"created"`
	Flags    json.RawMessage `json:"flags"`
	Checksum string          `json:"checksum"`
	Data     struct {
		Flos    map[string]json.RawMessage `json:"flos"`
		Configs map[string]json.RawMessage `json:"configs"`
		Groups  map[string]json.RawMessage `json:"groups"`
		Tables  map[string]json.RawMessage `json:"tables"`
		// other members (projectOverview, …) are not used by an import
	} `json:"data"`
}

func build(top *rawExport) *Export {
	x := &Export{Type: top.Type, Version: top.Version, Created: top.Created, Checksum: top.Checksum,
		Flags: map[string]bool{}, Configs: map[string]Config{}, Folders: map[string]Folder{}, Tables: map[string]Table{}}
	if top.Version == "" {
		x.note("the export names no format version; it was read as version %s", knownVersions[len(knownVersions)-1])
	} else if !knownVersion(top.Version) {
		x.note("the export's format version %s is newer than the ones this Flowdeck knows (%s): what it understood is imported, and anything it did not is listed in the report", top.Version, strings.Join(knownVersions, ", "))
	}
	var flags map[string]any
	if len(top.Flags) > 0 && json.Unmarshal(top.Flags, &flags) == nil {
		for k, v := range flags {
			b, _ := v.(bool)
			x.Flags[k] = b
		}
	}
	for _, id := range sortedKeys(top.Data.Configs) {
		var c Config
		if err := json.Unmarshal(top.Data.Configs[id], &c); err != nil {
			x.note("connection %s could not be read (%v); cards that use it are imported without it", id, err)
			continue
		}
		if c.ID == "" {
			c.ID = id
		}
		x.Configs[id] = c
	}
	for _, id := range sortedKeys(top.Data.Groups) {
		var g struct {
			ID   string `json:"id"`
			Data struct {
				Name        string          `json:"name"`
				Description string          `json:"description"`
				Path        json.RawMessage `json:"path"`
			} `json:"data"`
		}
		if err := json.Unmarshal(top.Data.Groups[id], &g); err != nil {
			x.note("folder %s could not be read (%v); its flows are imported without a folder", id, err)
			continue
		}
		x.Folders[id] = Folder{ID: id, Name: g.Data.Name, Description: g.Data.Description, Path: folderPath(g.Data.Path)}
	}
	for _, id := range sortedKeys(top.Data.Tables) {
		t, err := readTable(id, top.Data.Tables[id])
		if err != nil {
			x.note("table %s could not be read (%v)", id, err)
			continue
		}
		x.Tables[id] = t
	}
	x.readFlows(top.Data.Flos)
	return x
}

func knownVersion(v string) bool {
	for _, k := range knownVersions {
		if k == v {
			return true
		}
	}
	return false
}

// folderPath reads a folder's path: observed as a list of parent folder ids or names, or as
// one "/"-separated text.
func folderPath(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		return strings.FieldsFunc(s, func(r rune) bool { return r == '/' })
	}
	return nil
}

func readTable(id string, raw json.RawMessage) (Table, error) {
	var t struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Data        struct {
			Structure []struct {
				Name    string          `json:"name"`
				Type    string          `json:"type"`
				Default json.RawMessage `json:"default"`
			} `json:"structure"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return Table{}, err
	}
	out := Table{ID: id, Name: t.Name, Description: t.Description}
	for _, c := range t.Data.Structure {
		col := Column{Name: c.Name, Type: c.Type}
		if len(c.Default) > 0 && string(c.Default) != "null" {
			col.Default = c.Default
		}
		out.Columns = append(out.Columns, col)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
