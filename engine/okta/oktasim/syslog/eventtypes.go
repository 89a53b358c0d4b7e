package syslog

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// eventTypesCSV is the type and tags columns of Okta's event-type catalog (Apache-2.0, see
// event-types.NOTICE). The simulator refuses to inject an event type Okta never emits, so a
// demo or a test cannot rely on an event that a real org would not send.
//
//go:embed event-types.csv
var eventTypesCSV string

var (
	catalogOnce sync.Once
	catalog     map[string][]string
)

func loadCatalog() map[string][]string {
	catalogOnce.Do(func() {
		rows, err := csv.NewReader(strings.NewReader(eventTypesCSV)).ReadAll()
		if err != nil {
			panic(fmt.Sprintf("syslog: embedded event-types.csv is not valid CSV: %v", err))
		}
		catalog = make(map[string][]string, len(rows))
		for _, row := range rows[1:] {
			var tags []string
			for t := range strings.SplitSeq(row[1], ",") {
				if t = strings.TrimSpace(t); t != "" {
					tags = append(tags, t)
				}
			}
			catalog[row[0]] = tags
		}
	})
	return catalog
}

// KnownEventType reports whether Okta's event-type catalog lists the event type.
func KnownEventType(eventType string) bool {
	_, ok := loadCatalog()[eventType]
	return ok
}

// EventTypeTags returns the catalog's tags of an event type (such as "event-hook-eligible"),
// or nil for an unknown type.
func EventTypeTags(eventType string) []string {
	return slices.Clone(loadCatalog()[eventType])
}

// EventTypes returns every event type of the catalog, sorted.
func EventTypes() []string {
	c := loadCatalog()
	out := make([]string, 0, len(c))
	for t := range c {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}
