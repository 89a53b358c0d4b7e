package oktasim

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// page is one list request's paging: Okta's opaque `after` cursor and `limit`.
type page struct {
	offset int
	limit  int
}

// pageParams reads limit and after. Okta caps limit per endpoint instead of failing; a cursor it
// did not issue is a validation error.
func (c *call) pageParams(def, max int) (page, *apierr.Error) {
	p := page{limit: def}
	if v := c.query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, apierr.Validation("limit: must be a positive integer")
		}
		if n > 0 {
			p.limit = min(n, max)
		}
	}
	if a := c.query("after"); a != "" {
		off, ok := decodeCursor(a)
		if !ok {
			return p, apierr.New(400, "E0000031", "Invalid search criteria.", "after: invalid cursor")
		}
		p.offset = off
	}
	return p, nil
}

// cursors are opaque to clients, as Okta's are; inside they hold the offset of the next item.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func decodeCursor(s string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(b), "o") {
		return 0, false
	}
	n, err := strconv.Atoi(string(b[1:]))
	return n, err == nil && n >= 0
}

// paginate cuts one page out of items and sets Okta's Link headers: one header per rel, self
// always, next only while more items remain.
func paginate[T any](c *call, items []T, p page) []T {
	c.w.Header().Add("Link", "<"+c.base+c.r.URL.RequestURI()+`>; rel="self"`)
	start := min(p.offset, len(items))
	end := min(start+p.limit, len(items))
	if end < len(items) {
		q := c.r.URL.Query()
		q.Set("after", encodeCursor(end))
		q.Set("limit", strconv.Itoa(p.limit))
		c.w.Header().Add("Link", "<"+c.base+c.r.URL.Path+"?"+encodeQuery(q)+`>; rel="next"`)
	}
	return items[start:end]
}

// selfLink is the Link header of a list that does not paginate (Find Users with q).
func (c *call) selfLink() {
	c.w.Header().Add("Link", "<"+c.base+c.r.URL.RequestURI()+`>; rel="self"`)
}

// encodeQuery encodes spaces as %20 as Okta's links do, not as '+'.
func encodeQuery(q url.Values) string {
	return strings.ReplaceAll(q.Encode(), "+", "%20")
}
