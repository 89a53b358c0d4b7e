package catalog

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// The card reference (docs/CARDS.md) is generated from the specs so it can never drift from
// what the app offers; a test fails when the checked-in file is stale.

// mdKindTitles heads each kind's part of the reference when its specs name no group.
var mdKindTitles = map[Kind]string{KindEvent: "Okta events", KindAction: "Okta actions", KindFunction: "Functions"}

// mdEffectNotes says what each effect means for the admin reading the reference.
var mdEffectNotes = map[Effect]string{
	EffectRead:          "changes nothing; retried after any failure",
	EffectIdempotent:    "lands in the same state however often it runs; retried after an unclear failure",
	EffectNonIdempotent: "never repeated blindly: after an unclear failure (a timeout) the run checks what happened or reports the outcome as unknown",
}

// WriteMarkdown writes the card reference for every spec in r: a table of contents by group and
// category, then each card with its id, help, trigger or API call, scopes, effect and fields.
// The output depends only on the specs, so regenerating an unchanged catalog gives the same bytes.
func WriteMarkdown(w io.Writer, r *Registry) error {
	bw := bufio.NewWriter(w)
	sections := mdSections(r.All())
	counts := map[Kind]int{}
	for _, s := range r.All() {
		counts[s.Kind]++
	}

	fmt.Fprintln(bw, "# Flowdeck card reference")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "<!-- Generated from the card specs in engine/catalog by `make docs`. Do not edit by hand. -->")
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "%d cards: %d event cards, %d action cards, %d function cards. Every field is listed with "+
		"its key (what flow documents store) and its name (what the card shows).\n",
		len(r.All()), counts[KindEvent], counts[KindAction], counts[KindFunction])
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "Action cards name the OAuth scopes they need. Scopes are not the whole story: Okta also "+
		"checks the signed-in admin's role, so a 403 can mean the role is too narrow.")
	fmt.Fprintln(bw)

	fmt.Fprintln(bw, "## Contents")
	fmt.Fprintln(bw)
	for _, sec := range sections {
		fmt.Fprintf(bw, "- **%s**\n", sec.title)
		for _, cat := range sec.categories {
			links := make([]string, len(cat.specs))
			for i, s := range cat.specs {
				links[i] = fmt.Sprintf("[%s](#%s)", mdText(s.Name), s.ID)
			}
			label := cat.name
			if label == "" {
				label = "General"
			}
			fmt.Fprintf(bw, "  - %s: %s\n", mdText(label), strings.Join(links, ", "))
		}
	}

	for _, sec := range sections {
		fmt.Fprintln(bw)
		fmt.Fprintf(bw, "## %s\n", mdText(sec.title))
		for _, cat := range sec.categories {
			if cat.name != "" {
				fmt.Fprintln(bw)
				fmt.Fprintf(bw, "### %s\n", mdText(cat.name))
			}
			for _, s := range cat.specs {
				mdCard(bw, s)
			}
		}
	}
	return bw.Flush()
}

type mdSection struct {
	title      string
	categories []mdCategory
}

type mdCategory struct {
	name  string
	specs []*Spec
}

// mdSections groups specs (already in kind, then name order) by group, then category. Groups
// keep the kind order; categories are sorted by name, the uncategorised first.
func mdSections(specs []*Spec) []mdSection {
	var out []mdSection
	index := map[string]int{}
	for _, s := range specs {
		title := s.Group
		if title == "" {
			title = mdKindTitles[s.Kind]
		}
		i, ok := index[title]
		if !ok {
			i = len(out)
			index[title] = i
			out = append(out, mdSection{title: title})
		}
		sec := &out[i]
		j := -1
		for k := range sec.categories {
			if sec.categories[k].name == s.Category {
				j = k
			}
		}
		if j < 0 {
			sec.categories = append(sec.categories, mdCategory{name: s.Category})
			j = len(sec.categories) - 1
		}
		sec.categories[j].specs = append(sec.categories[j].specs, s)
	}
	for i := range out {
		sort.SliceStable(out[i].categories, func(a, b int) bool {
			return out[i].categories[a].name < out[i].categories[b].name
		})
	}
	return out
}

func mdCard(w io.Writer, s *Spec) {
	fmt.Fprintln(w)
	fmt.Fprintf(w, "<a id=\"%s\"></a>\n", s.ID)
	fmt.Fprintf(w, "#### %s\n", mdText(s.Name))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "`%s` · %s card · version %d\n", s.ID, s.Kind, s.Version)
	fmt.Fprintln(w)
	fmt.Fprintln(w, mdText(s.Help))
	fmt.Fprintln(w)
	if len(s.EventTypes) > 0 {
		fmt.Fprintf(w, "- **Event types:** %s\n", mdCodeList(s.EventTypes))
	}
	switch s.Pipeline {
	case "idx":
		fmt.Fprintln(w, "- **Org:** Identity Engine only")
	case "v1":
		fmt.Fprintln(w, "- **Org:** Classic Engine only")
	}
	if len(s.API) > 0 {
		fmt.Fprintf(w, "- **API:** %s\n", mdCodeList(s.API))
	}
	if len(s.Scopes) > 0 {
		fmt.Fprintf(w, "- **Scopes:** %s\n", mdCodeList(s.Scopes))
	}
	if s.Effect != "" {
		fmt.Fprintf(w, "- **Effect:** %s — %s\n", s.Effect, mdEffectNotes[s.Effect])
	}
	if len(s.Branches) > 0 {
		fmt.Fprintf(w, "- **Branches:** %s\n", mdCodeList(s.Branches))
	}
	mdFields(w, "Options", s.Options)
	mdFields(w, "Inputs", s.Inputs)
	mdFields(w, "Outputs", s.Outputs)
}

// mdFields writes one table. Members of objects and list items follow their parent as
// "parent.member" and "list[].member", as a reference in a flow would reach them.
func mdFields(w io.Writer, title string, fs []Field) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "**%s**\n", title)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Key | Name | Group | Type | Required | Default | Help |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	var row func(prefix string, f Field)
	row = func(prefix string, f Field) {
		key := prefix + f.Key
		req := ""
		if f.Required {
			req = "yes"
		}
		def := ""
		if f.Default != nil {
			def = "`" + mdCell(fmt.Sprint(f.Default)) + "`"
		}
		help := f.Help
		if len(f.Choices) > 0 {
			help = strings.TrimSpace(help + " One of: " + strings.Join(f.Choices, ", ") + ".")
		}
		if f.Advanced {
			help = strings.TrimSpace("(More) " + help)
		}
		if f.Secret {
			help = strings.TrimSpace("(Secret: kept out of logs and run history) " + help)
		}
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s |\n",
			mdCell(key), mdCell(f.Name), mdCell(f.Group), mdType(f), req, def, mdCell(help))
		sub := key + "."
		if f.Type == TypeList {
			sub = key + "[]."
		}
		for _, m := range f.Fields {
			row(sub, m)
		}
	}
	for _, f := range fs {
		row("", f)
	}
}

func mdType(f Field) string {
	if f.Type == TypeList && f.ListOf != "" {
		return "list of " + string(f.ListOf)
	}
	return string(f.Type)
}

func mdCodeList(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, ", ")
}

// mdCell makes text safe inside a table cell: one line, no column breaks.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// mdText keeps prose on one paragraph line so help text cannot start a Markdown block.
func mdText(s string) string { return strings.Join(strings.Fields(s), " ") }
