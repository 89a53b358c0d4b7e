package oktasim

import (
	"strings"
	"testing"
	"time"
)

// A normal org, stepped once a second for ten simulated minutes, has every kind of activity at
// about its rate, each with the System Log events Okta writes.
func TestActivityLivesAtItsLevel(t *testing.T) {
	clk := newTestClock()
	org := New(Options{Seed: SeedDemo, Clock: clk.Now})
	a, err := NewActivity(org, ActivityNormal)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]int{}
	for _, typ := range []string{"user.lifecycle.create", "user.session.start", "user.lifecycle.suspend", "user.lifecycle.deactivate", "group.user_membership.add"} {
		before[typ] = len(eventsOfType(t, org, typ))
	}
	var did []string
	firstHire := time.Duration(0)
	for s := 1; s <= 600; s++ {
		clk.Advance(time.Second)
		got := a.Step()
		for _, d := range got {
			if firstHire == 0 && strings.HasPrefix(d, "new hire") {
				firstHire = time.Duration(s) * time.Second
			}
		}
		did = append(did, got...)
	}
	if firstHire == 0 || firstHire > 15*time.Second {
		t.Errorf("first new hire after %s, want within 15 s of starting", firstHire)
	}
	count := func(typ string) int { return len(eventsOfType(t, org, typ)) - before[typ] }
	if n := count("user.lifecycle.create"); n < 20 || n > 45 {
		t.Errorf("%d new hires in 10 minutes, want about 30 (one every ~20 s)", n)
	}
	if n := count("user.session.start"); n < 60 {
		t.Errorf("%d sign-ins in 10 minutes, want many", n)
	}
	if n := count("user.lifecycle.suspend") + count("user.lifecycle.deactivate"); n < 2 {
		t.Errorf("%d suspensions and deactivations in 10 minutes, want a few", n)
	}
	if n := count("group.user_membership.add"); n < 10 {
		t.Errorf("%d group additions in 10 minutes (changes and rule placements), want more", n)
	}
	if len(eventsOfType(t, org, "group.user_membership.rule.evaluation"))+len(eventsOfType(t, org, "group.user_membership.add")) == 0 {
		t.Error("no rule placed a new hire")
	}

	// Paused, nothing happens, and resuming does not replay what was due meanwhile.
	a.SetPaused(true)
	n := len(org.Events())
	for range 120 {
		clk.Advance(time.Second)
		if got := a.Step(); len(got) != 0 {
			t.Fatalf("paused activity did %v", got)
		}
	}
	if len(org.Events()) != n {
		t.Fatal("the System Log grew while the activity was paused")
	}
	a.SetPaused(false)
	if got := a.Step(); len(got) != 0 {
		t.Errorf("resuming did %v at once, want a fresh schedule", got)
	}
}

func TestActivityLevels(t *testing.T) {
	org := New(Options{})
	if a, err := NewActivity(org, ActivityOff); a != nil || err != nil {
		t.Errorf("off = %v, %v; want no activity", a, err)
	}
	if _, err := NewActivity(org, "frantic"); err == nil || !strings.Contains(err.Error(), "off, normal or busy") {
		t.Errorf("an unknown level: %v", err)
	}
	busy, _ := NewActivity(org, ActivityBusy)
	if busy.every != 4 {
		t.Error("busy is not four times as often")
	}
	var none *Activity
	if none.Step() != nil || !none.Paused() {
		t.Error("a nil activity is not still")
	}
}
