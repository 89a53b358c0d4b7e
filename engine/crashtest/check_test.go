//go:build unix

package crashtest

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/storage"
)

// runRow is a run as the check reads it.
type runRow struct {
	id, flow, event, trigger, status, err string
}

// check holds the engine's database and the org's mutation log against each other once the
// last engine has stopped.
func check(t *testing.T, db *sql.DB, org *simOrg, users []crashUser, createdGroup, activatedGroup string) {
	t.Helper()
	runs := readRuns(t, db)
	byKey := map[[2]string][]runRow{}
	for _, r := range runs {
		k := [2]string{r.flow, r.event}
		byKey[k] = append(byKey[k], r)
		ok := r.status == storage.RunSucceeded || (r.flow == resetFlowID && r.status == storage.RunInterrupted)
		if !ok {
			t.Errorf("run %s of flow %s for event %s ended %q (%s); want succeeded, or interrupted for Reset Password",
				r.id, r.flow, r.event, r.status, r.err)
		}
		if r.trigger != storage.TriggerEvent {
			t.Errorf("run %s was triggered by %q; the test makes only event-triggered runs", r.id, r.trigger)
		}
	}
	if want := 3 * len(users); len(runs) != want {
		t.Errorf("%d runs stored, want %d (three flows' runs for each of %d users)", len(runs), want, len(users))
	}

	resets, adds := map[string]int{}, map[string]int{}
	resetLog := map[string][]string{}
	for _, m := range org.Mutations() {
		switch m.Kind {
		case "user.reset_password":
			resets[m.Target]++
			resetLog[m.Target] = append(resetLog[m.Target], fmt.Sprintf("%s %s %s", m.Time.UTC().Format("15:04:05.000000"), m.Method, m.RequestID))
		case "group.member.add":
			adds[m.Target]++
		}
	}
	created := members(t, org, createdGroup)
	activated := members(t, org, activatedGroup)

	one := func(flowID, event, uid string) (runRow, bool) {
		rs := byKey[[2]string{flowID, event}]
		if len(rs) != 1 {
			t.Errorf("event %s (user %s) has %d runs of flow %s, want exactly one", event, uid, len(rs), flowID)
			return runRow{}, false
		}
		return rs[0], true
	}
	none := func(flowID, event, uid string) {
		if rs := byKey[[2]string{flowID, event}]; len(rs) != 0 {
			t.Errorf("event %s (user %s) has %d runs of flow %s, which does not match it", event, uid, len(rs), flowID)
		}
	}
	var interrupted, interruptedApplied int
	for _, u := range users {
		one(createdFlowID, u.Created, u.ID)
		one(activatedFlowID, u.Activated, u.ID)
		none(createdFlowID, u.Activated, u.ID)
		none(resetFlowID, u.Activated, u.ID)
		none(activatedFlowID, u.Created, u.ID)
		// Add User to Group may be repeated after a crash (it is idempotent), but the member is
		// there once, added once.
		for _, g := range []struct {
			id string
			in map[string]int
		}{{createdGroup, created}, {activatedGroup, activated}} {
			if g.in[u.ID] != 1 || adds[g.id+"/"+u.ID] != 1 {
				t.Errorf("user %s is in group %s %d times, added %d times; want once", u.ID, g.id, g.in[u.ID], adds[g.id+"/"+u.ID])
			}
		}
		// Reset Password is never repeated: a completed run means exactly one reset at the org,
		// an interrupted one (killed between journaling the step and recording its outcome) at
		// most one.
		reset, ok := one(resetFlowID, u.Created, u.ID)
		if !ok {
			continue
		}
		n := resets[u.ID]
		switch reset.status {
		case storage.RunSucceeded:
			if n != 1 {
				t.Errorf("the Reset Password run %s of user %s succeeded but the org reset the password %d times (%s); the run's steps: %s",
					reset.id, u.ID, n, strings.Join(resetLog[u.ID], ", "), steps(t, db, reset.id))
			}
		case storage.RunInterrupted:
			interrupted++
			interruptedApplied += n
			if n > 1 {
				t.Errorf("the interrupted Reset Password run %s of user %s reset the password %d times (%s); the run's steps: %s",
					reset.id, u.ID, n, strings.Join(resetLog[u.ID], ", "), steps(t, db, reset.id))
			}
		}
	}
	if len(created) != len(users) || len(activated) != len(users) {
		t.Errorf("the groups have %d and %d members, want the %d users in each", len(created), len(activated), len(users))
	}
	t.Logf("%d runs checked; %d Reset Password runs were interrupted by a kill (%d of those had reached the org), none repeated",
		len(runs), interrupted, interruptedApplied)
}

// members counts each member of a group.
func members(t *testing.T, org *simOrg, groupID string) map[string]int {
	t.Helper()
	ids, ok := org.GroupMembers(groupID)
	if !ok {
		t.Fatalf("the org has no group %s", groupID)
	}
	out := map[string]int{}
	for _, id := range ids {
		out[id]++
	}
	return out
}

func readRuns(t *testing.T, db *sql.DB) []runRow {
	t.Helper()
	rows, err := db.Query(`SELECT id, flow_id, coalesce(event_uuid, ''), "trigger", status, coalesce(error, '') FROM runs`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []runRow
	for rows.Next() {
		var r runRow
		if err := rows.Scan(&r.id, &r.flow, &r.event, &r.trigger, &r.status, &r.err); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// steps describes a run's journal, for a failure message.
func steps(t *testing.T, db *sql.DB, runID string) string {
	t.Helper()
	rows, err := db.Query(`SELECT card_id, status, attempt, coalesce(started_at, 0), coalesce(finished_at, 0), request_ids, error
		FROM run_steps WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var card, status, ids, msg string
		var attempt int
		var started, finished int64
		if err := rows.Scan(&card, &status, &attempt, &started, &finished, &ids, &msg); err != nil {
			return err.Error()
		}
		at := func(ms int64) string { return time.UnixMilli(ms).UTC().Format("15:04:05.000") }
		out = append(out, fmt.Sprintf("%s %s (attempt %d, %s–%s, requests %s) %s", card, status, attempt, at(started), at(finished), ids, msg))
	}
	return strings.Join(out, "; ")
}
