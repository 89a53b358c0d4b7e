package oktasim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkServe reports how many requests per second the simulated org answers in-process
// (handler only, no sockets): a read by id, a paged list, and a write that appends a System Log
// event. The figure is in the README's performance section.
func BenchmarkServe(b *testing.B) {
	org := New(Options{Seed: SeedDemo})
	token := "SSWS " + org.APIToken()
	admin := org.AdminID()
	for _, bc := range []struct {
		name, method, path, body string
	}{
		{"GetUser", http.MethodGet, "/api/v1/users/" + admin, ""},
		{"ListUsers200", http.MethodGet, "/api/v1/users?limit=200", ""},
		{"UpdateUser", http.MethodPost, "/api/v1/users/" + admin, `{"profile":{"title":"Admin"}}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(bc.method, "http://sim.example"+bc.path, strings.NewReader(bc.body))
				req.Header.Set("Authorization", token)
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				org.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s %s: %d %s", bc.method, bc.path, rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
