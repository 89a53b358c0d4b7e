package contract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract/internal/specgen"
)

// CardOperations maps the API calls of reg's action cards onto the contract's operations
// ("METHOD /spec/path", sorted), with the ids of the cards that make each call. A card call the
// contract lacks is an error: the trimmed spec is stale (go generate) or the card is wrong.
func (c *Contract) CardOperations(reg *catalog.Registry) (ops []string, cards map[string][]string, err error) {
	cardOps, byShape := specgen.CardOps(reg)
	cards = map[string][]string{}
	var missing []string
	for _, op := range cardOps {
		o, _, _ := c.find(op.Method, op.Path)
		if o == nil {
			missing = append(missing, op.String())
			continue
		}
		if !slices.Contains(ops, o.Key()) {
			ops = append(ops, o.Key())
		}
		cards[o.Key()] = append(cards[o.Key()], byShape[op.Shape()]...)
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("the trimmed spec has no operation for the card calls %s: run go generate ./engine/okta/oktasim/contract",
			strings.Join(missing, ", "))
	}
	slices.Sort(ops)
	return ops, cards, nil
}
