package actions

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
)

// BenchmarkCardOverhead measures what a card adds on top of the HTTP round trip it makes: each
// iteration reads the same user once with a plain HTTP GET and once through Read User (input
// checks, the governor, the token transport, the SDK, flattening the outputs). Goal: < 200 µs.
func BenchmarkCardOverhead(b *testing.B) {
	b.Setenv("HOME", b.TempDir()) // the SDK reads ~/.okta/okta.yaml
	org := oktasim.New(oktasim.Options{})
	srv := httptest.NewServer(org)
	defer srv.Close()
	token := org.APIToken()
	ctx := context.Background()
	c, err := client.New(ctx, client.Config{OrgURL: srv.URL, Tokens: client.StaticToken{Scheme: "SSWS", Value: token}, Base: srv.Client().Transport})
	if err != nil {
		b.Fatal(err)
	}
	spec, _ := catalog.Global().Lookup("okta.action.readUser")
	user := org.AdminID()
	plain := srv.Client()
	var rt, card time.Duration
	for b.Loop() {
		start := time.Now()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/users/"+user, nil)
		req.Header.Set("Authorization", "SSWS "+token)
		req.Header.Set("Accept", "application/json")
		resp, err := plain.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		rt += time.Since(start)

		start = time.Now()
		if _, err := Run(ctx, &Call{Spec: spec, Client: c, Inputs: map[string]any{"userId": user}}); err != nil {
			b.Fatal(err)
		}
		card += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(float64(rt.Microseconds())/n, "roundtrip-µs")
	b.ReportMetric(float64(card.Microseconds())/n, "card-µs")
	b.ReportMetric(float64((card-rt).Microseconds())/n, "overhead-µs")
}
