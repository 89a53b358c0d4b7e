package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// jsonTree is a JSON value laid out for widget.Tree: node ids are paths ("" is the root,
// "/user/profile/login" a leaf), each with its children in order and a label.
type jsonTree struct {
	children map[string][]string
	labels   map[string]string
}

// newJSONTree lays out v (decoded JSON: maps, slices, strings, numbers, bools, nil). Object
// keys are sorted, so the same value always shows the same way.
func newJSONTree(v any) *jsonTree {
	t := &jsonTree{children: map[string][]string{}, labels: map[string]string{}}
	t.add("", "", v)
	return t
}

func (t *jsonTree) add(id, key string, v any) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t.labels[id] = branchLabel(key, fmt.Sprintf("{%d}", len(v)))
		for _, k := range keys {
			child := id + "/" + strings.ReplaceAll(k, "/", "~1")
			t.children[id] = append(t.children[id], child)
			t.add(child, k, v[k])
		}
	case []any:
		t.labels[id] = branchLabel(key, fmt.Sprintf("[%d]", len(v)))
		for i, e := range v {
			child := id + "/" + strconv.Itoa(i)
			t.children[id] = append(t.children[id], child)
			t.add(child, strconv.Itoa(i), e)
		}
	default:
		data, err := json.Marshal(v)
		if err != nil {
			data = []byte(fmt.Sprint(v))
		}
		if key == "" {
			t.labels[id] = string(data)
		} else {
			t.labels[id] = key + ": " + string(data)
		}
	}
}

func branchLabel(key, size string) string {
	if key == "" {
		return size
	}
	return key + " " + size
}

// widget shows the tree, opened two levels deep: most card outputs fit on one screen that way.
func (t *jsonTree) widget() *widget.Tree {
	tr := widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return t.children[id] },
		func(id widget.TreeNodeID) bool { _, ok := t.children[id]; return ok },
		func(bool) fyne.CanvasObject {
			l := widget.NewLabel("key: value")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*widget.Label).SetText(t.labels[id]) },
	)
	tr.OpenBranch("")
	for _, c := range t.children[""] {
		if _, ok := t.children[c]; ok && len(t.children[c]) <= 20 {
			tr.OpenBranch(c)
		}
	}
	return tr
}

// jsonTreeOf decodes raw JSON for the tree; what is not JSON shows as text.
func jsonTreeOf(raw []byte) *jsonTree {
	if len(raw) == 0 {
		return newJSONTree(map[string]any{})
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return newJSONTree(string(raw))
	}
	return newJSONTree(v)
}
