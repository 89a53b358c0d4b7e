package actions

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/okta/okta-sdk-golang/v2/okta"

	"github.com/flowdeck/flowdeck/engine/okta/client"
)

// recordCap is how many records a list card returns: its Result Set ("First Matching Record"
// is one, "First 200 …" is 200, "Stream …" and "All …" have no cap) narrowed by Record Limit.
// 0 means no cap.
func recordCap(a args) (int, error) {
	limit, err := a.integer("limit")
	if err != nil {
		return 0, err
	}
	if limit < 0 {
		return 0, fmt.Errorf("%s cannot be negative", a.label("limit"))
	}
	cap := 0
	rs := strings.ToLower(a.str("resultSet"))
	switch {
	case strings.HasPrefix(rs, "first matching record"):
		cap = 1
	case strings.HasPrefix(rs, "first 200"):
		cap = 200
	}
	if limit > 0 && (cap == 0 || limit < cap) {
		cap = limit
	}
	return cap, nil
}

// pageSize is the limit to ask Okta for: one more than the cap when that is smaller than the
// endpoint's maximum page, so a full page tells whether more records exist.
func pageSize(cap, max int) int {
	if cap > 0 && cap+1 < max {
		return cap + 1
	}
	return max
}

// firstPage makes a list card's first call, with the page size to ask for.
type firstPage func(ctx context.Context, limit int) (*okta.Response, error)

// collect runs first and then follows Link rel="next" exactly as Okta sent it (the SDK's own
// NextPage rewrites the link), until the last page or until cap records are in. It reports
// whether records were left behind, so a cap never truncates silently. An empty page ends the
// walk: Okta's polling System Log queries always send a next link, even after the last event.
func collect(ctx context.Context, c *client.Client, cap, maxPage int, first firstPage) ([]map[string]any, bool, error) {
	resp, err := first(ctx, pageSize(cap, maxPage))
	if err != nil {
		return nil, false, err
	}
	body, err := rawBody(resp)
	if err != nil {
		return nil, false, err
	}
	page, err := decodeList(body)
	if err != nil {
		return nil, false, err
	}
	var items []map[string]any
	next := client.NextLink(resp.Header)
	for {
		items = append(items, page...)
		if cap > 0 && len(items) > cap {
			return items[:cap], true, nil
		}
		if next == "" || len(page) == 0 {
			return items, false, nil
		}
		r, err := c.Do(ctx, http.MethodGet, next, nil, nil, nil)
		if err != nil {
			return nil, false, err
		}
		if page, err = decodeList(r.Body); err != nil {
			return nil, false, err
		}
		next = r.Next
	}
}

// listOutputs is a list card's result: each record flattened as the spec's list item declares,
// and whether the cap left records behind.
func listOutputs(c *Call, key string, items []map[string]any, more bool, derive func(map[string]any) map[string]any) map[string]any {
	fields := listItemFields(c.Spec, key)
	list := make([]any, 0, len(items))
	for _, it := range items {
		var d map[string]any
		if derive != nil {
			d = derive(it)
		}
		list = append(list, flatten(fields, it, d))
	}
	return withOutputs(c.Spec, map[string]any{key: list, "more": more})
}
