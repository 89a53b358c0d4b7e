package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// jsonNode is one value of a parsed document with the byte offset where it starts. The strict
// decoder walks these to name the line and column of a problem, which encoding/json cannot do
// for unknown or duplicate fields.
type jsonNode struct {
	off     int64
	kind    jsonKind
	str     string      // jsonString
	num     json.Number // jsonNumber
	members []jsonMember
	elems   []*jsonNode
}

type jsonMember struct {
	key string
	off int64 // where the key starts
	val *jsonNode
}

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

// describe names a kind for an admin reading an error.
func (k jsonKind) describe() string {
	switch k {
	case jsonNull:
		return "null"
	case jsonBool:
		return "true or false"
	case jsonNumber:
		return "a number"
	case jsonString:
		return "text"
	case jsonObject:
		return "an object"
	default:
		return "a list"
	}
}

func (n *jsonNode) member(key string) (*jsonNode, bool) {
	for _, m := range n.members {
		if m.key == key {
			return m.val, true
		}
	}
	return nil, false
}

// maxDepth bounds nesting: a flow is a few levels deep plus literal values, and an unbounded
// depth would let a crafted file exhaust the stack.
const maxDepth = 64

// parseTree parses data as exactly one JSON value.
func parseTree(data []byte) (*jsonNode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &treeParser{data: data, dec: dec}
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		off := end + int64(len(data[end:])-len(bytes.TrimLeft(data[end:], " \t\r\n")))
		return nil, p.errAt(off, "unexpected text after the end of the flow; a flow file holds exactly one JSON object")
	}
	return root, nil
}

type treeParser struct {
	data []byte
	dec  *json.Decoder
}

func (p *treeParser) token() (json.Token, int64, error) {
	tok, err := p.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, 0, p.errAt(se.Offset, "this is not valid JSON: %s", se.Error())
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, 0, p.errAt(int64(len(p.data)), "the file ends in the middle of the flow (was it cut short?)")
		}
		return nil, 0, p.errAt(p.dec.InputOffset(), "this is not valid JSON: %s", err.Error())
	}
	end := p.dec.InputOffset()
	var start int64
	switch t := tok.(type) {
	case json.Delim:
		start = end - 1
	case string:
		start = stringStart(p.data, end)
	case json.Number:
		start = end - int64(len(t))
	case bool:
		start = end - int64(len(fmt.Sprint(t)))
	case nil:
		start = end - int64(len("null"))
	}
	return tok, start, nil
}

func (p *treeParser) value(depth int) (*jsonNode, error) {
	tok, off, err := p.token()
	if err != nil {
		return nil, err
	}
	return p.valueFrom(tok, off, depth)
}

func (p *treeParser) valueFrom(tok json.Token, off int64, depth int) (*jsonNode, error) {
	if depth > maxDepth {
		return nil, p.errAt(off, "values are nested more than %d levels deep; Flowdeck does not open such files", maxDepth)
	}
	n := &jsonNode{off: off}
	switch t := tok.(type) {
	case nil:
		n.kind = jsonNull
	case bool:
		n.kind = jsonBool
	case json.Number:
		n.kind, n.num = jsonNumber, t
	case string:
		n.kind, n.str = jsonString, t
	case json.Delim:
		if t == '{' {
			n.kind = jsonObject
			for p.dec.More() {
				k, koff, err := p.token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string) // the decoder only returns strings as object keys
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, jsonMember{key: key, off: koff, val: v})
			}
		} else {
			n.kind = jsonArray
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		}
		if _, _, err := p.token(); err != nil { // the closing delimiter
			return nil, err
		}
	}
	return n, nil
}

func (p *treeParser) errAt(off int64, format string, a ...any) error {
	return newDecodeError(p.data, off, "", fmt.Sprintf(format, a...), nil)
}

// stringStart finds the opening quote of the string token that ends just before end.
func stringStart(data []byte, end int64) int64 {
	for i := end - 2; i >= 0; i-- {
		if data[i] != '"' {
			continue
		}
		backslashes := 0
		for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return i
		}
	}
	return 0
}

// position turns a byte offset into a 1-based line and column (in characters).
func position(data []byte, off int64) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}
