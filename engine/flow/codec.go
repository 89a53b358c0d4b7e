package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// MaxSize is the largest flow file Decode reads. Real flows are a few kilobytes; the limit keeps
// a wrong file (a log, a database) from being read whole into memory.
const MaxSize = 8 << 20

var (
	// ErrTooLarge is returned (wrapped) for a file over MaxSize.
	ErrTooLarge = errors.New("flow file too large")
	// ErrNewerSchema is returned (wrapped) for a flow saved by a newer Flowdeck.
	ErrNewerSchema = errors.New("flow saved by a newer Flowdeck")
)

// DecodeError says where in a flow file decoding failed.
type DecodeError struct {
	// Line and Column are 1-based; 0 when the problem has no single place (e.g. a missing field).
	Line, Column int
	// Path is the JSON path of the value, e.g. "cards[1].inputs.groupId"; "" for the whole file.
	Path string
	Msg  string
	Err  error
}

func newDecodeError(data []byte, off int64, path, msg string, err error) *DecodeError {
	line, col := position(data, off)
	return &DecodeError{Line: line, Column: col, Path: path, Msg: msg, Err: err}
}

func (e *DecodeError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// upgrades[i] rewrites a schema i+1 document into schema i+2, in its generic JSON form (numbers as
// json.Number). Add one whenever SchemaVersion goes up; a test holds len(upgrades) to
// SchemaVersion-1. Positions in errors after an upgrade refer to the upgraded text.
var upgrades []func(doc map[string]any) error

// Decode reads one flow document strictly: unknown or duplicate fields, values of the wrong kind,
// inputs that are not exactly one of literal/ref/template, and flows from a newer Flowdeck are
// refused with the line and column of the problem. Older schemas are upgraded in memory.
// Decode checks the document's shape only; Validate checks it against the card catalog.
func Decode(r io.Reader) (*Flow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the flow file: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("the file is larger than %d MiB, far larger than any flow; check that it is a Flowdeck flow file: %w", MaxSize>>20, ErrTooLarge)
	}
	return decode(data)
}

func decode(data []byte) (*Flow, error) {
	// Editors on Windows may save a byte order mark; it is not part of the JSON.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &DecodeError{Msg: "the file is empty; a flow file holds one JSON object"}
	}
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	if root.kind != jsonObject {
		return nil, newDecodeError(data, root.off, "", fmt.Sprintf("a flow file holds one JSON object, not %s", root.kind.describe()), nil)
	}
	schema, err := schemaOf(data, root)
	if err != nil {
		return nil, err
	}
	if schema < SchemaVersion {
		if data, err = upgrade(data, schema, SchemaVersion, upgrades); err != nil {
			return nil, err
		}
		if root, err = parseTree(data); err != nil {
			return nil, err
		}
	}
	sc := &strictChecker{data: data}
	if err := sc.check(root, flowType, strictContext{}); err != nil {
		return nil, err
	}
	var f Flow
	if err := json.Unmarshal(data, &f); err != nil {
		// The strict check matches every kind and range first, so this is not expected; it is
		// still reported rather than trusted away.
		return nil, &DecodeError{Msg: "the flow could not be read: " + err.Error(), Err: err}
	}
	canonicalize(&f)
	return &f, nil
}

func schemaOf(data []byte, root *jsonNode) (int, error) {
	n, ok := root.member("schema")
	if !ok {
		return 0, &DecodeError{Msg: `the file has no "schema" version, so it is not a Flowdeck flow (or it was damaged); a flow file starts with {"schema": ` + strconv.Itoa(SchemaVersion) + `, …`}
	}
	v, err := strconv.Atoi(n.num.String())
	if n.kind != jsonNumber || err != nil || v < 1 {
		return 0, newDecodeError(data, n.off, "schema", `"schema" must be a whole number from 1 up; this file is not a Flowdeck flow or was damaged`, nil)
	}
	if v > SchemaVersion {
		return 0, newDecodeError(data, n.off, "schema", fmt.Sprintf("this flow was saved by a newer Flowdeck (schema %d); upgrade to open it", v), ErrNewerSchema)
	}
	return v, nil
}

// upgrade runs the steps that take a document from schema from to schema to.
func upgrade(data []byte, from, to int, steps []func(map[string]any) error) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, &DecodeError{Msg: fmt.Sprintf("upgrade the flow from schema %d: %v", from, err), Err: err}
	}
	for v := from; v < to; v++ {
		if v-1 >= len(steps) {
			return nil, &DecodeError{Msg: fmt.Sprintf("this Flowdeck cannot upgrade a schema %d flow (no upgrade step); please report it", v)}
		}
		if err := steps[v-1](doc); err != nil {
			return nil, &DecodeError{Msg: fmt.Sprintf("upgrade the flow from schema %d to %d: %v", v, v+1, err), Err: err}
		}
		doc["schema"] = v + 1
	}
	return json.Marshal(doc)
}

// Encode writes f as indented JSON with a trailing newline. The output is stable (map keys sorted,
// cards in chain order, HTML characters left alone), so a flow file diffs line by line. It always
// writes the current SchemaVersion and refuses a flow whose file Decode would refuse.
func Encode(w io.Writer, f *Flow) error {
	c := Clone(f)
	c.Schema = SchemaVersion
	canonicalize(c)
	if err := shapeError(c); err != nil {
		return fmt.Errorf("save flow %q: %w", f.Name, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("save flow %q: %w", f.Name, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("save flow %q: %w", f.Name, err)
	}
	return nil
}

// canonicalize gives every value one spelling, so that Decode(Encode(f)) equals f: empty maps and
// unset options become nil, missing chains become empty.
func canonicalize(f *Flow) {
	if f.Cards == nil {
		f.Cards = []Card{}
	}
	canonicalChain(f.Cards)
}

func canonicalChain(cards []Card) {
	for i := range cards {
		c := &cards[i]
		for k, v := range c.Options {
			if v == nil {
				delete(c.Options, k)
			}
		}
		if len(c.Options) == 0 {
			c.Options = nil
		}
		if len(c.Inputs) == 0 {
			c.Inputs = nil
		}
		if len(c.Branches) == 0 {
			c.Branches = nil
		}
		for name, chain := range c.Branches {
			if chain == nil {
				chain = []Card{}
				c.Branches[name] = chain
			}
			canonicalChain(chain)
		}
		if c.OnError != nil && len(c.OnError.Values) == 0 {
			c.OnError.Values = nil
		}
	}
}

// shapeError reports the first input that is not exactly one of literal/ref/template.
func shapeError(f *Flow) error {
	var err error
	walk(f, func(_ Path, c *Card) bool {
		for _, key := range sortedKeys(c.Inputs) {
			if msg := inputShape(c.Inputs[key]); msg != "" {
				err = fmt.Errorf("card %s: input %q %s", c.ID, key, msg)
				return false
			}
		}
		return true
	})
	return err
}

// inputShape says what is wrong with the form of an input, or "" when it is well formed.
func inputShape(in Input) string {
	n := 0
	if in.Literal != nil {
		n++
	}
	if in.Ref != nil {
		n++
	}
	if in.Template != nil {
		n++
	}
	switch {
	case n == 0:
		return "has no value, reference or template"
	case n > 1:
		return "has more than one of a value, a reference and a template; keep one"
	case in.Template != nil && len(in.Template) == 0:
		return "has an empty template"
	}
	for i, p := range in.Template {
		switch {
		case p.Ref != nil && p.Text != "":
			return fmt.Sprintf("has a template part (%d) with both text and a reference", i+1)
		case p.Ref == nil && p.Text == "":
			return fmt.Sprintf("has a template part (%d) with neither text nor a reference", i+1)
		}
	}
	return ""
}
