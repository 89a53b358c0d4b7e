package importer

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// knownGaps are fields of real exports whose meaning on Flowdeck's card is not settled; a card
// that sets one stays a placeholder.
var knownGaps = map[string]string{
	"searchSystemLogs: Search By/actor.id":                      "Flowdeck's Search By is one choice, Workflows' a set of filter fields",
	"searchSystemLogs: Search By/target.id":                     "as above",
	"searchSystemLogs: Search By/target.type":                   "as above",
	"userAddedToApplicationMembership: parameters/app":          "Workflows filters by app name and instance; Flowdeck by app instance id only",
	"userAddedToApplicationMembership: parameters/appId":        "as above",
	"userAddedToApplicationMembership: parameters/instance":     "as above",
	"userAddedToApplicationMembership: parameters/useId":        "as above",
	"userRemovedFromApplicationMembership: parameters/app":      "as above",
	"userRemovedFromApplicationMembership: parameters/appId":    "as above",
	"userRemovedFromApplicationMembership: parameters/instance": "as above",
	"userRemovedFromApplicationMembership: parameters/useId":    "as above",
}

// cardFieldsLine matches a card heading of workflows-card-fields.txt: key "Title" KIND.
var cardFieldsLine = regexp.MustCompile(`^([A-Za-z0-9_]+)\s+"([^"]*)"\s+(EVENT|ACTION)\b`)

// refField is one field of a card in workflows-card-fields.txt: "group/key" (group may be empty).
type refField struct{ op, kind, group, key string }

// referenceFields reads the input (in) or output (out) fields of every Okta card listed in
// testdata/workflows-card-fields.txt (seen across 202 public exports).
func referenceFields(t *testing.T, which string) []refField {
	t.Helper()
	file, err := os.Open(filepath.Join("testdata", "workflows-card-fields.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var out []refField
	op, kind := "", ""
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := cardFieldsLine.FindStringSubmatch(line); m != nil {
			op, kind = m[1], m[3]
			continue
		}
		_, list, ok := strings.Cut(line, map[string]string{"in": "in :", "out": "out:"}[which])
		if !ok || op == "" {
			continue
		}
		for _, part := range strings.Split(list, "; ") {
			name, _, _ := strings.Cut(strings.TrimSpace(part), ":")
			group, key, grouped := strings.Cut(name, "/")
			if !grouped {
				group, key = "", name
			}
			if key != "" {
				out = append(out, refField{op: op, kind: kind, group: group, key: key})
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func specOf(reg *catalog.Registry, f refField) *catalog.Spec {
	id := "okta.action." + f.op
	if f.kind == "EVENT" {
		id = "okta.event." + f.op
	}
	s, _ := reg.Lookup(id)
	return s
}

// Every input field that real exports of an Okta card carry maps onto a field of Flowdeck's
// card when Flowdeck has the card, by group and key through the mapping table. A gap is a field
// whose value an import refuses to drop, turning the card into a placeholder.
func TestOktaFieldsMapOntoTheCatalog(t *testing.T) {
	reg := catalog.Global()
	checked, gaps := 0, map[string]bool{}
	for _, rf := range referenceFields(t, "in") {
		spec := specOf(reg, rf)
		if spec == nil || rf.group == "" || rf.group == "Streaming" {
			continue // event cards' internal type/data; streaming is a helper call
		}
		fields := spec.Inputs
		if rf.group == "parameters" {
			fields = spec.Options
		}
		checked++
		if _, ok := oktaField(fields, rf.op, &Field{Group: rf.group, Key: rf.key}); !ok {
			gaps[rf.op+": "+rf.group+"/"+rf.key] = true
		}
	}
	checkGaps(t, "input", checked, gaps, knownGaps)
}

// Every output of an Okta action card seen in real exports resolves to an output path of
// Flowdeck's card, so wires from it map.
func TestOktaOutputsMapOntoTheCatalog(t *testing.T) {
	reg := catalog.Global()
	checked, gaps := 0, map[string]bool{}
	for _, rf := range referenceFields(t, "out") {
		spec := specOf(reg, rf)
		if spec == nil || rf.kind == "EVENT" || rf.group == "context" {
			continue
		}
		checked++
		_, ok := catalogPath(spec.Outputs, rf.group, []string{rf.key})
		if !ok {
			_, ok = profileMember(spec, rf.group, []string{rf.key})
		}
		if !ok {
			gaps[rf.op+": "+rf.group+"/"+rf.key] = true
		}
	}
	checkGaps(t, "output", checked, gaps, knownOutputGaps)
}

func checkGaps(t *testing.T, what string, checked int, gaps map[string]bool, known map[string]string) {
	t.Helper()
	if checked < 50 {
		t.Fatalf("only %d %s fields checked; the reference file was not read", checked, what)
	}
	var list []string
	for g := range gaps {
		if _, ok := known[g]; !ok {
			list = append(list, g)
		}
	}
	for g := range known {
		if !gaps[g] {
			t.Errorf("%q is listed as a known %s gap but maps now; remove it", g, what)
		}
	}
	sort.Strings(list)
	if len(list) > 0 {
		t.Errorf("%d of %d Okta card %s fields seen in real exports map onto no catalog field:\n%s", len(list), checked, what, strings.Join(list, "\n"))
	}
}

// knownOutputGaps are outputs of real exports Flowdeck's cards do not have (yet).
var knownOutputGaps = map[string]string{
	"createUser: Results/Raw Body":                            "Workflows' raw response body; Flowdeck's card outputs the user (Raw Output) instead",
	"listApplicationsAssignedToUser: Result/Records Streamed": "streaming to a helper flow: Flowdeck cannot call helpers yet",
	"listGroupMembers: Result/Records Streamed":               "streaming to a helper flow: Flowdeck cannot call helpers yet",
	"listUsersAssignedToApplication: Result/Records Streamed": "streaming to a helper flow: Flowdeck cannot call helpers yet",
	"listUsersWithFilter: Result/Records Streamed":            "streaming to a helper flow: Flowdeck cannot call helpers yet",
	"searchApplications: Result/ID":                           "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchApplications: Result/Label":                        "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchApplications: Result/Name":                         "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchGroupRules: Result/Records Streamed":               "streaming to a helper flow: Flowdeck cannot call helpers yet",
	"searchGroups: Result/Created":                            "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchGroups: Result/ID":                                 "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchGroups: Result/Raw Object":                         "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Actor":                          "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Client":                         "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Display Message":                "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Event Type":                     "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Published":                      "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Raw Output":                     "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Request":                        "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Severity":                       "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/Target":                         "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchSystemLogs: Result/UUID":                           "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchUsers: Result/Email":                               "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchUsers: Result/ID":                                  "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchUsers: Result/Login":                               "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchUsers: Result/Raw Output":                          "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
	"searchUsers: Result/Status":                              "a First Matching Record output: Workflows gives the record's fields, Flowdeck's card a list of records",
}
