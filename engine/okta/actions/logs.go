package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// Search System Logs: a bounded GET /api/v1/logs, page by page up to the Result Set or Record
// Limit. v2's LogEvent type drops changeDetails and misreads detailEntry, so every event is
// returned from the raw JSON.

func init() {
	register("okta.action.searchSystemLogs", searchSystemLogs)
}

// maxLogsPage is Okta's largest System Log page.
const maxLogsPage = 1000

func searchSystemLogs(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	qp := query.Params{Since: a.str("since"), Until: a.str("until"), SortOrder: a.str("sortOrder")}
	if a.str("searchBy") == "Keyword" {
		qp.Q = a.str("keyword")
	} else {
		qp.Filter = scimAnd(a, [][2]string{{"eventType", "eventType"}, {"uuid", "uuid"}, {"displayMessage", "displayMessage"},
			{"actorId", "actor.id"}, {"actorDisplayName", "actor.displayName"}, {"actorType", "actor.type"},
			{"targetId", "target.id"}, {"targetDisplayName", "target.displayName"}, {"targetType", "target.type"},
			{"severity", "severity"}}, a.str("customFilter"))
	}
	events, more, err := collect(ctx, c.Client, cap, maxLogsPage, func(ctx context.Context, limit int) (*okta.Response, error) {
		p := qp
		p.Limit = int64(limit)
		_, resp, err := c.Client.SDK.LogEvent.GetLogs(ctx, &p)
		return resp, sdkErr(http.MethodGet, "/api/v1/logs", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("search the System Log: %w", err)
	}
	return listOutputs(c, "logs", events, more, nil), nil
}
