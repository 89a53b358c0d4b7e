package importer

import (
	"fmt"
	"sort"
)

// Step is one card in run order; an If/Else card holds its branches' steps.
type Step struct {
	Method *Method
	// Then and Else are an If/Else card's branches (structural noop and join cards left out).
	Then, Else []*Step
	// Join is the join card that ends an If/Else's branches, or nil.
	Join *Method
}

// Chain is a flow's cards in run order, as the orderings graph gives it.
type Chain struct {
	Trigger *Method // the card with no incoming edge; nil for an empty flow
	Steps   []*Step // after the trigger
	// Loose are cards not reached from the trigger (not comments, hidden or structural cards).
	Loose []*Method
	// Comments are the flow's comment cards, which run nothing.
	Comments []*Method
	// Problems say what of the graph did not make sense.
	Problems []string
}

// structural cards steer the graph but do nothing when run.
func isStructural(m *Method) (noop, join, comment bool) {
	a, ok := m.Addr()
	if !ok || !a.Kernel || a.Module != "control" {
		return false, false, false
	}
	return a.Op == "noop", a.Op == "join", a.Op == "comment"
}

// isExpand reports a hidden object.expand card, which picks nested fields for wires and is
// folded into reference paths.
func isExpand(m *Method) bool {
	a, ok := m.Addr()
	return ok && a.Kernel && a.Module == "object" && a.Op == "expand"
}

// BuildChain orders a flow's cards: the trigger is the card with no incoming edge, each card's
// next is its earliest successor (branch cards also have edges to the join that ends them),
// If/Else branches run from their noop cards to their shared join.
func BuildChain(f *Flow) *Chain {
	c := &Chain{}
	g := newGraph(f, c)
	branchStart := map[string]bool{}
	for _, m := range f.Methods {
		for noop := range m.Branches {
			branchStart[noop] = true
		}
	}
	var roots []*Method
	for _, m := range g.nodes {
		if len(g.in[m.UUID]) == 0 && !branchStart[m.UUID] {
			roots = append(roots, m)
		}
	}
	if len(roots) == 0 {
		if len(g.nodes) > 0 {
			c.Problems = append(c.Problems, "every card has a card before it, so the flow has no trigger")
		}
		return c
	}
	// Prefer a root that is a trigger by its address; the others are loose cards.
	sort.SliceStable(roots, func(i, j int) bool { return triggerRank(roots[i]) < triggerRank(roots[j]) })
	c.Trigger = roots[0]
	seen := map[string]bool{c.Trigger.UUID: true}
	c.Steps, _ = g.walk(g.next(c.Trigger, branchStart), seen, branchStart, c)
	for _, m := range g.nodes {
		if !seen[m.UUID] {
			if noop, join, _ := isStructural(m); noop || join {
				continue
			}
			c.Loose = append(c.Loose, m)
		}
	}
	return c
}

// triggerRank orders candidate triggers: an event, helper, API endpoint or delegated start
// before an empty slot (noop) before any other card.
func triggerRank(m *Method) int {
	if m.Webhook {
		return 0
	}
	a, _ := m.Addr()
	switch {
	case a.Kernel && a.Module == "control" && a.Op == "callable",
		a.Module == "http" && (a.Op == "accept" || a.Op == "delegated"):
		return 0
	case a.Kernel && a.Module == "control" && a.Op == "noop":
		return 1
	}
	return 2
}

type graph struct {
	nodes []*Method // chain candidates, in file order
	byID  map[string]*Method
	order map[string]int // topological position
	out   map[string][]string
	in    map[string][]string
}

// newGraph builds the graph of visible cards: hidden expand cards are contracted away (their
// predecessors lead to their successors), comments are set aside, self-loops dropped.
func newGraph(f *Flow, c *Chain) *graph {
	g := &graph{byID: map[string]*Method{}, out: map[string][]string{}, in: map[string][]string{}, order: map[string]int{}}
	hidden := map[string]bool{}
	for _, m := range f.Methods {
		if _, dup := g.byID[m.UUID]; dup {
			c.Problems = append(c.Problems, fmt.Sprintf("two cards share the id %s; the second was left out", m.UUID))
			continue
		}
		g.byID[m.UUID] = m
		_, _, comment := isStructural(m)
		switch {
		case comment:
			c.Comments = append(c.Comments, m)
			hidden[m.UUID] = true
		case isExpand(m):
			hidden[m.UUID] = true
		default:
			g.nodes = append(g.nodes, m)
		}
	}
	succ := map[string][]string{}
	for _, e := range f.Edges {
		if e.From == e.To {
			continue
		}
		_, okF := g.byID[e.From]
		_, okT := g.byID[e.To]
		if !okF || !okT {
			c.Problems = append(c.Problems, fmt.Sprintf("ordering %s names a card that is not in the flow; it was ignored", e.ID))
			continue
		}
		succ[e.From] = append(succ[e.From], e.To)
	}
	// Contract hidden cards: each visible card's successors are the visible cards it reaches
	// through hidden ones.
	for _, m := range g.nodes {
		seen := map[string]bool{}
		var reach func(id string)
		reach = func(id string) {
			for _, t := range succ[id] {
				if seen[t] {
					continue
				}
				seen[t] = true
				if hidden[t] {
					reach(t)
				} else if t != m.UUID {
					g.addEdge(m.UUID, t)
				}
			}
		}
		reach(m.UUID)
	}
	g.topo(c)
	return g
}

func (g *graph) addEdge(from, to string) {
	for _, t := range g.out[from] {
		if t == to {
			return
		}
	}
	g.out[from] = append(g.out[from], to)
	g.in[to] = append(g.in[to], from)
}

// topo numbers the cards in a topological order (ties in file order). Cards on a loop keep
// file order after the others, and the loop is reported.
func (g *graph) topo(c *Chain) {
	indeg := map[string]int{}
	for _, m := range g.nodes {
		indeg[m.UUID] = len(g.in[m.UUID])
	}
	n := 0
	done := map[string]bool{}
	for progress := true; progress; {
		progress = false
		for _, m := range g.nodes {
			if done[m.UUID] || indeg[m.UUID] > 0 {
				continue
			}
			done[m.UUID], progress = true, true
			g.order[m.UUID] = n
			n++
			for _, t := range g.out[m.UUID] {
				indeg[t]--
			}
		}
	}
	for _, m := range g.nodes {
		if !done[m.UUID] {
			c.Problems = append(c.Problems, fmt.Sprintf("the orderings loop back through card %q (%s); the chain there follows the file's order", m.Name, m.UUID))
			g.order[m.UUID] = n
			n++
		}
	}
}

// next is the earliest successor of m that is not the start of a branch.
func (g *graph) next(m *Method, branchStart map[string]bool) *Method {
	var best *Method
	for _, id := range g.out[m.UUID] {
		t := g.byID[id]
		if branchStart[id] {
			continue
		}
		if best == nil || g.order[id] < g.order[best.UUID] {
			best = t
		}
	}
	return best
}

// walk follows the chain from m until it ends or reaches a join card, which it returns.
func (g *graph) walk(m *Method, seen map[string]bool, branchStart map[string]bool, c *Chain) ([]*Step, *Method) {
	var steps []*Step
	for m != nil {
		if _, join, _ := isStructural(m); join {
			return steps, m
		}
		if seen[m.UUID] {
			c.Problems = append(c.Problems, fmt.Sprintf("card %q (%s) is reached twice; the second path was cut there", m.Name, m.UUID))
			return steps, nil
		}
		seen[m.UUID] = true
		s := &Step{Method: m}
		steps = append(steps, s)
		if len(m.Branches) == 0 {
			m = g.next(m, branchStart)
			continue
		}
		for _, noop := range sortedKeys(m.Branches) {
			start, ok := g.byID[noop]
			if !ok {
				c.Problems = append(c.Problems, fmt.Sprintf("card %q (%s) has a branch starting at card %s, which is not in the flow", m.Name, m.UUID, noop))
				continue
			}
			seen[noop] = true
			branch, join := g.walk(g.next(start, branchStart), seen, branchStart, c)
			if m.Branches[noop] {
				s.Then = append(s.Then, branch...)
			} else {
				s.Else = append(s.Else, branch...)
			}
			if join != nil {
				s.Join = join
			}
		}
		if s.Join != nil {
			seen[s.Join.UUID] = true
			m = g.next(s.Join, branchStart)
		} else {
			m = g.next(m, branchStart)
		}
	}
	return steps, nil
}
