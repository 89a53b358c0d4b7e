package oktasim

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentClients checks that parallel callers neither lose nor duplicate changes (run it
// with -race).
func TestConcurrentClients(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	var g struct{ ID string }
	do(t, srv, tok, "POST", "/api/v1/groups", `{"profile":{"name":"Busy","description":"Many hands"}}`, &g)
	const workers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				login := fmt.Sprintf("w%d.u%d@example.com", w, i)
				var u struct{ ID string }
				status, err := send(srv, tok, "POST", "/api/v1/users", `{"profile":{"login":"`+login+`","email":"`+login+`","firstName":"W","lastName":"U"}}`, &u)
				if err != nil || status != http.StatusOK {
					errs <- fmt.Errorf("create %s: %d %v", login, status, err)
					continue
				}
				if status, err := send(srv, tok, "PUT", "/api/v1/groups/"+g.ID+"/users/"+u.ID, "", nil); err != nil || status != http.StatusNoContent {
					errs <- fmt.Errorf("add %s: %d %v", login, status, err)
				}
				if _, err := send(srv, tok, "GET", "/api/v1/groups/"+g.ID+"/users?limit=5", "", nil); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := org.MutationsOfKind("group.member.add"); got != workers*each {
		t.Fatalf("%d membership adds, want %d", got, workers*each)
	}
	if c := org.Counts(); c.Users != workers*each+1 {
		t.Fatalf("%d users, want %d", c.Users, workers*each+1)
	}
}
