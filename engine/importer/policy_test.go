package importer

import (
	"strings"
	"testing"
)

// miniExport is one event flow: User Created → Read User → Compose, with the Compose card's
// part wired from Read User through wire, and Read User's error policy.
func miniExport(transform, policy string) string {
	return `{"type":"flopack","version":"1.5.0","data":{"flos":{"f":{"name":"Mini","data":{"uuid":"f","methods":[
	 {"uuid":"ev","address":"root:channels:http:okta:1.0.1:userCreated","node":{"data":{"name":"User Created"},"model":{"webhook":true,
	   "outputs":{"data":{"o":{"id":"o","key":"collection","value":{"type":"object","collection":true}}}}}},
	   "pins":{"o":{"x":[{"input":"xi","transform":null}]}}},
	 {"uuid":"x","address":"root:kernel:object:0.0.1:expand","node":{"data":{"name":"ev"},"model":{"displayed":false,
	   "inputs":{"data":{"xi":{"id":"xi","key":"object","value":{"type":"object"}}}},
	   "outputs":{"data":{"xv":{"id":"xv","group":"g","key":"value","value":{"type":"string"},"metadata":{"path":["Okta User","ID"]}}}}}},
	   "pins":{"xv":{"ru":[{"input":"ri","transform":null}]}}},
	 {"uuid":"ru","address":"root:channels:http:okta:1.0.1:readUser","node":{"data":{"name":"Read User"},"model":{"policy":` + policy + `,
	   "inputs":{"data":{"ri":{"id":"ri","group":"User","key":"ID or Login","value":{"type":"string","data":""}}}},
	   "outputs":{"data":{"rc":{"id":"rc","group":"System Properties","key":"Created","value":{"type":"string"}}}}}},
	   "pins":{"rc":{"co":[{"input":"cp","transform":` + transform + `}]}}},
	 {"uuid":"co","address":"root:kernel:string:0.0.1:compose","node":{"data":{"name":"Compose"},"model":{
	   "inputs":{"data":{"ct":{"id":"ct","key":"_text_","value":{"type":"string","data":"made {{{p}}}"}},"cp":{"id":"cp","key":"p","value":{"type":"string","data":""}}}}}}}
	],"orderings":{"a":["ev","ru"],"b":["ru","co"],"c":["ev","x"],"d":["x","ru"]}}}}}}`
}

func convertMini(t *testing.T, transform, policy string) *Imported {
	t.Helper()
	x, err := Parse([]byte(miniExport(transform, policy)))
	if err != nil {
		t.Fatal(err)
	}
	return Convert(x, Options{}).Flows[0]
}

// Error policies: finish is the default halt, a retry keeps its count and delay, anything that
// runs a helper or returns values Flowdeck cannot give keeps the card as a placeholder.
func TestErrorPolicies(t *testing.T) {
	const plain = `null`
	if imp := convertMini(t, plain, `{"error":{"type":"finish"}}`); imp.Flow.Cards[1].OnError != nil || imp.Report.Status != StatusReady {
		t.Errorf("finish: %+v, %s %v", imp.Flow.Cards[1].OnError, imp.Report.Status, imp.Report.Problems)
	}
	imp := convertMini(t, plain, `{"error":{"type":"flo","retry":3,"delay":30}}`)
	if p := imp.Flow.Cards[1].OnError; p == nil || p.Action != "retry" || p.Retries != 3 || p.DelaySeconds != 30 {
		t.Errorf("retry: %+v", p)
	}
	for _, pol := range []string{
		`{"error":{"type":"flo","flo":"helper-uuid","retry":1}}`,
		`{"error":{"type":"handler","flo":{"uuid":"h","methods":[]}}}`,
		`{"error":{"type":"return","values":{"x":1}}}`,
	} {
		imp := convertMini(t, plain, pol)
		if c := imp.Flow.Cards[1]; c.Placeholder == nil || !strings.Contains(c.Placeholder.Why, "error policy") {
			t.Errorf("policy %s: card %+v", pol, c)
		}
	}
}

// A wire that converts its value (dateTime, wrapArray, …) keeps the reading card as a
// placeholder that names the conversion: Flowdeck's wires do not convert yet.
func TestTransformsKept(t *testing.T) {
	imp := convertMini(t, `{"cp":{"convert":"dateTime"}}`, `{"error":{"type":"finish"}}`)
	c := imp.Flow.Cards[2]
	if c.Placeholder == nil || !strings.Contains(c.Placeholder.Why, "dateTime") {
		t.Fatalf("Compose with a converting wire: %+v", c)
	}
	if pins := imp.Source.Methods[2].Pins; len(pins) != 1 || pins[0].Convert["cp"] != "dateTime" {
		t.Errorf("the model lost the transform: %+v", pins)
	}
	plain := convertMini(t, `null`, `{"error":{"type":"finish"}}`)
	if tpl := plain.Flow.Cards[2].Inputs["text"].Template; len(tpl) != 2 || tpl[1].Ref == nil || tpl[1].Ref.Path != "created" {
		t.Errorf("without the transform the part is a plain reference: %+v", tpl)
	}
}
