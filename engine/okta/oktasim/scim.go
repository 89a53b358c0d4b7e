package oktasim

import "github.com/flowdeck/flowdeck/engine/okta/oktasim/scimfilter"

// scimExpr is a parsed `filter` or `search` expression of List Users, Groups or Applications;
// each endpoint's attribute table is the check it parses with and the attr function it
// evaluates with.
type scimExpr struct{ f *scimfilter.Filter }

// parseSCIM parses expr; check (may be nil) refuses attributes or operators the endpoint does
// not support, as Okta's filter does.
func parseSCIM(expr string, check func(attr, op string) error) (scimExpr, error) {
	f, err := scimfilter.Parse(expr)
	if err != nil {
		return scimExpr{}, err
	}
	if check != nil {
		if err := f.Check(func(path, op string, _ any) error { return check(path, op) }); err != nil {
			return scimExpr{}, err
		}
	}
	return scimExpr{f}, nil
}

// eval matches a resource whose attributes get reads (a list value is multi-valued).
func (x scimExpr) eval(get func(attr string) (any, bool), fold bool) bool {
	return x.f.Match(func(path string) []any {
		v, ok := get(path)
		if !ok {
			return nil
		}
		if list, isList := v.([]any); isList {
			return list
		}
		return []any{v}
	}, fold)
}
