package authz_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

// A management handler asks Require for the caller and the scope it needs.
func ExampleServer_Require() {
	admin := authz.User{Subject: "00uexampleadmin00001", Login: "admin@example.com", Name: "Ada Admin"}
	srv := authz.New(authz.Config{Clients: []authz.Client{authz.DefaultClient()}, Admin: admin})
	mux := http.NewServeMux()
	srv.Register(mux)
	mux.HandleFunc("GET /api/v1/users", func(w http.ResponseWriter, r *http.Request) {
		p, err := srv.Require(r, "okta.users.read")
		if err != nil {
			apierr.Write(w, err)
			return
		}
		fmt.Fprintln(w, p.Login)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()

	call := func(token string) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/users", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	call("not-a-token")
	call(srv.MintAccessToken(admin.Subject, authz.DefaultClientID, []string{"okta.groups.read"}))
	call(srv.MintAccessToken(admin.Subject, authz.DefaultClientID, []string{"okta.users.manage"}))
	// Output:
	// 401
	// 403
	// 200
}
