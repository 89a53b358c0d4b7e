package importer

import (
	"strings"
	"testing"
)

// oneCardFlow is an export of one flow whose only card is trigger (an address), with extra
// flow members.
func oneCardFlow(address, extra string) string {
	return `{"type":"flopack","version":"1.4.0","data":{"flos":{"f":{"name":"One","data":{"uuid":"f",` + extra + `"methods":[
	  {"uuid":"t","address":"` + address + `","node":{"data":{"name":"Start"},"model":{}}}],"orderings":{}}}}}}`
}

// The trigger says what kind of flow it is; each kind Flowdeck cannot run yet says so, and a
// Delegated flow is said to become a manual flow.
func TestFlowKinds(t *testing.T) {
	for _, tc := range []struct {
		address, extra, kind, why, note string
	}{
		{"root:kernel:control:0.0.1:callable", "", KindHelper, "helper flows", ""},
		{"root:kernel:control:0.0.1:callable", `"scheduled":true,"cron":{"minutes":"0","hours":"*/2","timeZone":"UTC"},`, KindScheduled, "scheduled flows", ""},
		{"root:kernel:http:0.0.1:accept", `"security_level":"medium",`, KindAPIEndpoint, "API Endpoint", `security level is "medium"`},
		{"root:channels:http:http:1.0.0:delegated", `"security_level":"high",`, KindManual, "Delegated", "becomes a manual flow"},
		{"root:kernel:control:0.0.1:noop", "", KindManual, "manual flows", ""},
	} {
		x, err := Parse([]byte(oneCardFlow(tc.address, tc.extra)))
		if err != nil {
			t.Fatal(err)
		}
		imp := Convert(x, Options{}).Flows[0]
		rep := imp.Report
		if imp.Kind != tc.kind || rep.Kind != tc.kind || rep.Status != StatusCannotRun || len(rep.Unmapped) != 1 || !strings.Contains(rep.Unmapped[0].Why, tc.why) {
			t.Errorf("%s: kind %q, report %+v", tc.address, imp.Kind, rep)
		}
		if tc.note != "" && !strings.Contains(strings.Join(rep.Notes, "\n"), tc.note) {
			t.Errorf("%s: notes %v lack %q", tc.address, rep.Notes, tc.note)
		}
		if tc.kind == KindScheduled && (rep.Schedule == nil || rep.Schedule.Hours != "*/2" || rep.Schedule.TimeZone != "UTC") {
			t.Errorf("schedule %+v", rep.Schedule)
		}
	}
}
