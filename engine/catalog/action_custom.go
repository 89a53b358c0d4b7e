package catalog

import "sort"

// The Custom API Action card: any Management API call the other cards do not cover.

// actionRequestTypes are the methods Custom API Action offers.
var actionRequestTypes = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// actionCustomAPI declares Custom API Action. It needs whatever scopes the endpoint called needs,
// so it lists every scope the other action cards use (scopes): a connection made with those
// can do anything the catalog can.
func actionCustomAPI(scopes []string) Spec {
	api := make([]string, len(actionRequestTypes))
	for i, m := range actionRequestTypes {
		api[i] = m + " {relativeUrl}"
	}
	s := actionCard("hTTPRequest", "Custom API Action", actionCatCustom, EffectNonIdempotent, api, scopes,
		"Calls any Okta Management API endpoint of the connected org with the connection's token: a relative URL "+
			"such as /api/v1/users/{id}/factors, a query, headers and a JSON body. The call only ever goes to the "+
			"connected org; a URL naming another host is refused. Because it may change anything, a failed call is never repeated blindly. It needs the scope "+
			"the endpoint needs, which the connection may not have been granted.")
	s.Options = []Field{{Key: "requestType", Name: "Request Type", Type: TypeString, Required: true,
		Default: "GET", Choices: actionRequestTypes, Help: "The HTTP method."}}
	const req = "Request"
	s.Inputs = []Field{
		actionInRequired("relativeUrl", "Relative URL", req, TypeString,
			"The path under the org, starting with /api/v1/…; a query string may be included."),
		actionField("query", "Query", req, TypeObject, "Query parameters as an object, e.g. {\"limit\": 50}."),
		actionField("headers", "Headers", req, TypeObject,
			"Extra request headers. Authorization is always the connection's own and cannot be set here."),
		actionField("body", "Body", req, TypeObject, "The JSON body for POST, PUT and PATCH."),
	}
	const resp = "Response"
	s.Outputs = []Field{
		actionStatusCode("Status Code", resp),
		actionField("headers", "Headers", resp, TypeObject, "The response headers (X-Rate-Limit-*, X-Okta-Request-Id …)."),
		actionField("body", "Body", resp, TypeAny, "The parsed JSON body: an object, or a list for list endpoints."),
	}
	return s
}

// actionScopesOf returns the sorted union of the specs' scopes.
func actionScopesOf(specs []Spec) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range specs {
		for _, sc := range s.Scopes {
			if !seen[sc] {
				seen[sc] = true
				out = append(out, sc)
			}
		}
	}
	sort.Strings(out)
	return out
}
