package oktasim

import "sort"

// Counts is a summary of the org's contents, for tests and the sim command's banner.
type Counts struct {
	Users, ActiveUsers, Groups, Apps, AppAssignments, GroupRules, ActiveRules, Events int
}

// Counts returns how many of each resource the org holds now.
func (o *Org) Counts() Counts {
	o.mu.Lock()
	defer o.mu.Unlock()
	c := Counts{Users: len(o.users), Groups: len(o.groups), Apps: len(o.apps), GroupRules: len(o.rules), Events: o.logs.Count("")}
	for _, u := range o.users {
		if u.Status == statusActive {
			c.ActiveUsers++
		}
	}
	for _, aus := range o.appUsers {
		c.AppAssignments += len(aus)
	}
	for _, r := range o.rules {
		if r.Status == "ACTIVE" {
			c.ActiveRules++
		}
	}
	return c
}

// UserStatuses counts users by status.
func (o *Org) UserStatuses() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[string]int{}
	for _, u := range o.users {
		out[u.Status]++
	}
	return out
}

// UserStatus returns the status of the user with that id or login, and whether there is one.
func (o *Org) UserStatus(idOrLogin string) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	u, ok := o.users[idOrLogin]
	if !ok {
		u = o.userByLogin(idOrLogin)
	}
	if u == nil {
		return "", false
	}
	return u.Status, true
}

// GroupMembers returns the ids of the users in a group, or false if there is no such group.
func (o *Org) GroupMembers(groupID string) ([]string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ms, ok := o.members[groupID]
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(ms))
	for uid := range ms {
		out = append(out, uid)
	}
	sort.Strings(out)
	return out, true
}
