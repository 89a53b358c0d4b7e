package oktasim

import "testing"

func TestSimulateSignIns(t *testing.T) {
	empty := New(Options{Clock: newTestClock().Now})
	before := len(empty.Events())
	if n := empty.SimulateSignIns(3); n != 3 { // the admin is active
		t.Fatalf("wrote %d sign-ins", n)
	}
	if got := len(eventsOfType(t, empty, "user.session.start")); got < 3 {
		t.Fatalf("%d user.session.start events", got)
	}
	if len(empty.Events()) < before+6 {
		t.Fatal("no MFA events")
	}
	if empty.MutationCount("") != 0 {
		t.Fatal("sign-ins counted as mutations")
	}
}
