package oktasim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// demoUsers is how many people the demo org has besides the admin.
const demoUsers = 240

// seedDemo fills the org with a believable company: departments, titles, every user status,
// groups filled by group rules, apps assigned to groups and people, a manager linked object,
// and a week of System Log history. It draws only from the org's seeded PRNG, so the demo org is
// the same on every run. The seed writes state directly: it records no mutations.
func (o *Org) seedDemo() {
	now := o.clock()
	byName := map[string]*group{}
	mkGroup := func(name, desc string, at time.Time) *group {
		g := &group{seq: o.nextSeq(), ID: o.newID("00g"), Type: "OKTA_GROUP", Created: at, LastUpdated: at, LastMembershipUpdated: at,
			Profile: map[string]any{"name": name, "description": desc}}
		o.groups[g.ID] = g
		o.members[g.ID] = map[string]*membership{}
		byName[name] = g
		return g
	}
	start := now.Add(-380 * 24 * time.Hour)
	for _, d := range seedDepartments {
		mkGroup(d.Name, d.Name+" department", start)
	}
	for _, g := range seedGroups {
		mkGroup(g.Name, g.Description, start.Add(time.Hour))
	}
	byName["Everyone"] = o.groups[o.everyone]
	sfGroup := &group{seq: o.nextSeq(), ID: o.newID("00g"), Type: "APP_GROUP", Created: start, LastUpdated: start, LastMembershipUpdated: start,
		Profile: map[string]any{"name": "Salesforce Standard Users", "description": "Imported from Salesforce"}}
	o.groups[sfGroup.ID] = sfGroup
	o.members[sfGroup.ID] = map[string]*membership{}

	users := o.seedUsers(now)
	admin := o.users[o.adminID]
	for _, g := range []string{"IT", "Okta Administrators", "GitHub Admins"} {
		o.members[byName[g].ID][admin.ID] = &membership{Since: start}
	}

	// Department groups are filled by one active rule each; the rest by seedRules.
	for _, d := range seedDepartments {
		o.seedRule(d.Name+" department", fmt.Sprintf(`user.department==%q`, d.Name), []string{byName[d.Name].ID}, true, start)
	}
	for _, r := range seedRules {
		var ids []string
		for _, n := range r.Groups {
			ids = append(ids, byName[n].ID)
		}
		o.seedRule(r.Name, r.Expression, ids, r.Active, start)
	}
	rules := make([]*groupRule, 0, len(o.rules))
	for _, r := range o.rules {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].seq < rules[j].seq })
	for _, u := range append([]*user{admin}, users...) {
		for _, r := range rules {
			if r.Status == "ACTIVE" && o.ruleMatches(r, u) {
				for _, gid := range r.GroupIDs {
					if _, ok := o.members[gid][u.ID]; !ok {
						o.members[gid][u.ID] = &membership{Since: u.Created, Rule: r.ID}
					}
				}
			}
		}
		if now.Sub(u.Created) < 30*24*time.Hour && u.Status != statusDeprovisioned {
			o.members[byName["New Hires"].ID][u.ID] = &membership{Since: u.Created}
		}
	}
	for i, u := range users {
		if i%9 == 0 && u.str("department") == "Sales" {
			o.members[sfGroup.ID][u.ID] = &membership{Since: u.Created}
		}
	}

	for _, sa := range seedApps {
		a := &app{seq: o.nextSeq(), ID: o.newID("0oa"), Name: sa.Name, Label: sa.Label, Status: sa.Status, SignOnMode: sa.SignOnMode,
			Created: start, LastUpdated: start, IdentitySource: sa.Name == "custom_identity_source"}
		if a.IdentitySource {
			a.Features = []string{"IMPORT_USER_SCHEMA", "IMPORT_NEW_USERS", "PROFILE_MASTERING"}
		}
		o.apps[a.ID] = a
		o.appUsers[a.ID] = map[string]*appUser{}
		o.appGroups[a.ID] = map[string]*appGroup{}
		for pri, gname := range sa.Groups {
			o.appGroups[a.ID][byName[gname].ID] = &appGroup{seq: o.nextSeq(), Priority: pri, Profile: map[string]any{}, LastUpdated: start}
		}
		o.seedAppUsers(a, start)
	}
	// A few direct assignments on top of the group-based ones.
	for _, a := range o.sortedApps() {
		if a.Name != "githubcloud" && a.Name != "salesforce" {
			continue
		}
		for i, u := range users {
			if i%17 == 3 && u.Status == statusActive {
				au := o.appUsers[a.ID][u.ID]
				if au == nil {
					au = &appUser{seq: o.nextSeq(), assignmentID: o.newID("0ua"), Created: u.Created, LastUpdated: u.Created,
						StatusChanged: u.Created, UserName: u.login(), Profile: map[string]any{}}
					o.appUsers[a.ID][u.ID] = au
				}
				au.direct = true
			}
		}
	}
	o.seedManagers(users)
	o.seedHistory(now, users)
}

func (o *Org) seedRule(name, expr string, groupIDs []string, active bool, at time.Time) {
	x, err := parseRuleExpr(expr)
	if err != nil {
		panic("oktasim: demo seed rule " + name + ": " + err.Error())
	}
	status := "INACTIVE"
	if active {
		status = "ACTIVE"
	}
	r := &groupRule{seq: o.nextSeq(), ID: o.newID("0pr"), Name: name, Status: status, Created: at, LastUpdated: at,
		Expression: expr, expr: x, GroupIDs: groupIDs}
	o.rules[r.ID] = r
}

// seedUsers creates the people: department, title, office, type and a status mix close to a
// real org's (mostly ACTIVE, some of every other status).
func (o *Org) seedUsers(now time.Time) []*user {
	total := 0
	for _, d := range seedDepartments {
		total += d.Weight
	}
	statuses := []struct {
		status string
		per    int // out of 100
	}{{statusActive, 80}, {statusStaged, 4}, {statusProvisioned, 4}, {statusSuspended, 3}, {statusDeprovisioned, 4},
		{statusLockedOut, 2}, {statusPasswordExpired, 2}, {statusRecovery, 1}}
	seen := map[string]bool{strings.ToLower(o.opts.Admin.Login): true}
	var out []*user
	for i := 0; i < demoUsers; i++ {
		first := seedFirstNames[o.rng.IntN(len(seedFirstNames))]
		last := seedLastNames[o.rng.IntN(len(seedLastNames))]
		login := strings.ToLower(first + "." + last + "@acme-robotics.example")
		for n := 2; seen[login]; n++ {
			login = strings.ToLower(fmt.Sprintf("%s.%s%d@acme-robotics.example", first, last, n))
		}
		seen[login] = true
		pick := o.rng.IntN(total)
		dept := seedDepartments[0]
		for _, d := range seedDepartments {
			if pick < d.Weight {
				dept = d
				break
			}
			pick -= d.Weight
		}
		office := seedOffices[o.rng.IntN(len(seedOffices))]
		userType := "Employee"
		if o.rng.IntN(100) < 12 {
			userType = "Contractor"
		}
		roll := o.rng.IntN(100)
		status := statusActive
		for _, s := range statuses {
			if roll < s.per {
				status = s.status
				break
			}
			roll -= s.per
		}
		created := now.Add(-time.Duration(o.rng.IntN(370*24)) * time.Hour)
		if i%30 == 0 { // recent hires, whose creation is in the week of System Log history
			created = now.Add(-time.Duration(1+o.rng.IntN(6*24)) * time.Hour)
		}
		u := &user{seq: o.nextSeq(), ID: o.newID("00u"), Status: status, Created: created, LastUpdated: created,
			ProviderType: "OKTA", ProviderName: "OKTA",
			Profile: map[string]any{
				"login": login, "email": login, "firstName": first, "lastName": last, "displayName": first + " " + last,
				"title": dept.Titles[o.rng.IntN(len(dept.Titles))], "department": dept.Name, "costCenter": dept.CostCenter,
				"organization": "Acme Robotics", "division": divisionOf(dept.Name), "userType": userType,
				"employeeNumber": fmt.Sprintf("%05d", 10000+i), "city": office.City, "countryCode": office.Country,
				"mobilePhone": office.Phone + fmt.Sprintf("%04d", o.rng.IntN(10000)), "preferredLanguage": "en",
			}}
		if office.State != "" {
			u.Profile["state"] = office.State
		}
		if status != statusStaged {
			u.Activated = created.Add(time.Hour)
			u.StatusChanged = u.Activated
		}
		switch status {
		case statusActive, statusLockedOut, statusPasswordExpired, statusRecovery, statusSuspended:
			u.HasPassword = status != statusRecovery
			u.PasswordChanged = u.Activated
			u.LastLogin = now.Add(-time.Duration(o.rng.IntN(7*24*60)) * time.Minute)
			if u.LastLogin.Before(created) {
				u.LastLogin = created.Add(2 * time.Hour)
			}
		}
		if status != statusActive && status != statusStaged && status != statusProvisioned {
			u.StatusChanged = now.Add(-time.Duration(1+o.rng.IntN(20*24)) * time.Hour)
			if u.StatusChanged.Before(created) {
				u.StatusChanged = created.Add(3 * time.Hour)
			}
		}
		u.LastUpdated = maxTime(u.StatusChanged, u.Created)
		o.users[u.ID] = u
		o.members[o.everyone][u.ID] = &membership{Since: created}
		out = append(out, u)
	}
	return out
}

func divisionOf(dept string) string {
	switch dept {
	case "Engineering", "Product", "IT":
		return "R&D"
	case "Sales", "Marketing", "Customer Support":
		return "Go To Market"
	}
	return "G&A"
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// seedAppUsers assigns the members of a's groups to it, as Okta's group assignment would.
func (o *Org) seedAppUsers(a *app, at time.Time) {
	var gids []string
	for gid := range o.appGroups[a.ID] {
		gids = append(gids, gid)
	}
	sort.Strings(gids)
	for _, gid := range gids {
		var uids []string
		for uid := range o.members[gid] {
			uids = append(uids, uid)
		}
		sort.Strings(uids)
		for _, uid := range uids {
			if _, ok := o.appUsers[a.ID][uid]; ok {
				continue
			}
			u := o.users[uid]
			if u.Status == statusDeprovisioned {
				continue
			}
			since := maxTime(u.Created, at)
			o.appUsers[a.ID][uid] = &appUser{seq: o.nextSeq(), assignmentID: o.newID("0ua"), Created: since, LastUpdated: since,
				StatusChanged: since, UserName: u.login(), Profile: map[string]any{}}
		}
	}
}

// seedManagers defines the manager/subordinate linked object and gives most people a manager
// from their department.
func (o *Org) seedManagers(users []*user) {
	d := &linkedObjectDef{seq: o.nextSeq(),
		Primary:    linkedObjectSide{Name: "manager", Title: "Manager", Description: "Manager link property", Type: "USER"},
		Associated: linkedObjectSide{Name: "subordinate", Title: "Subordinate", Description: "Subordinate link property", Type: "USER"}}
	o.linkDefs["manager"] = d
	o.links["manager"] = map[string]string{}
	managers := map[string][]*user{}
	for _, u := range users {
		if strings.Contains(u.str("title"), "Manager") && u.Status != statusDeprovisioned {
			managers[u.str("department")] = append(managers[u.str("department")], u)
		}
	}
	for _, u := range users {
		ms := managers[u.str("department")]
		if len(ms) == 0 || strings.Contains(u.str("title"), "Manager") {
			continue
		}
		m := ms[o.rng.IntN(len(ms))]
		o.links["manager"][u.ID] = m.ID
		u.Profile["manager"] = m.displayName()
		u.Profile["managerId"] = m.login()
	}
}
