// Package integration runs Okta's own Go SDK integration tests (okta-sdk-golang v2.20.0,
// tests/integration; Apache-2.0, see LICENSE.md and NOTICE.md beside them) against the simulated
// org, served on a loopback port: the SDK's authors wrote them against real Okta orgs, so each
// one that passes is a piece of Okta's behaviour the simulator reproduces. See README.md for what
// was changed in the copies.
package integration

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
)

// excluded are the SDK tests in the copied files that this run leaves out, each for its reason:
// they call routes the simulated org does not serve (no card uses them).
var excluded = map[string]string{
	"TestCanChangeUsersPassword":                         "POST /users/{id}/credentials/change_password is not served",
	"TestCanChangeUserRecoveryQuestion":                  "POST /users/{id}/credentials/change_recovery_question is not served",
	"TestCanAssignAUserToARole":                          "admin roles (/users/{id}/roles) are not served",
	"TestUserGroupTargetRole":                            "admin roles (/users/{id}/roles) are not served",
	"TestListUserSubscriptions":                          "subscriptions (/users/{id}/subscriptions) are not served",
	"TestGetUserSubscriptionByNotificationType":          "subscriptions (/users/{id}/subscriptions) are not served",
	"TestCanCreateCSRForApplication":                     "app credentials CSRs (/apps/{id}/credentials/csrs) are not served",
	"TestGetDefaultProvisioningConnectionForApplication": "provisioning connections (/apps/{id}/connections/default) are not served",
	"TestSetDefaultProvisioningConnectionForApplication": "provisioning connections (/apps/{id}/connections/default) are not served",
	"TestListFeaturesForApplication":                     "app features (/apps/{id}/features) are not served",
	"TestUploadApplicationLogo":                          "app logos (/apps/{id}/logo) are not served",
}

// newClient replaces the SDK's tests.NewClient (its package imports httpmock, which Flowdeck
// does not otherwise need): the same call, configured by the OKTA_* variables TestMain sets.
func newClient(ctx context.Context, conf ...okta.ConfigSetter) (context.Context, *okta.Client, error) {
	return okta.NewClient(ctx, conf...)
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	home, err := os.MkdirTemp("", "sdkintegration")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(home)
	org := oktasim.New(oktasim.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv := &http.Server{Handler: org}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	for k, v := range map[string]string{
		"HOME":                             home, // the SDK also reads ~/.okta/okta.yaml
		"OKTA_CLIENT_ORGURL":               "http://" + ln.Addr().String(),
		"OKTA_CLIENT_TOKEN":                org.APIToken(),
		"OKTA_CLIENT_AUTHORIZATIONMODE":    "SSWS",
		"OKTA_TESTING_DISABLE_HTTPS_CHECK": "true",
	} {
		os.Setenv(k, v)
	}
	skip := make([]string, 0, len(excluded))
	for name := range excluded {
		skip = append(skip, name)
	}
	sort.Strings(skip)
	if err := flag.Set("test.skip", "^("+strings.Join(skip, "|")+")$"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := sweep(); err != nil {
		fmt.Fprintf(os.Stderr, "clean up the simulated org before the SDK's tests: %v\n", err)
		return 1
	}
	return m.Run()
}
