package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSimServesTheOrgUntilCancelled(t *testing.T) {
	tests := []struct{ pipeline, want string }{{"idx", "idx"}, {"classic", "v1"}}
	for _, tt := range tests {
		t.Run(tt.pipeline, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			pr, pw := io.Pipe()
			done := make(chan error, 1)
			go func() {
				done <- Run(ctx, &Env{Args: []string{"sim", "--addr", "127.0.0.1:0", "--seed", "empty", "--pipeline", tt.pipeline},
					Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }})
				pw.Close()
			}()
			sc := bufio.NewScanner(pr)
			var url string
			var lines []string
			for sc.Scan() {
				lines = append(lines, sc.Text())
				if m := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(sc.Text()); m != nil {
					url = m[1]
				}
				if strings.HasPrefix(sc.Text(), "Press Ctrl+C") {
					break
				}
			}
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			if url == "" {
				t.Fatalf("no URL in the banner: %q", lines)
			}
			banner := strings.Join(lines, "\n")
			for _, want := range []string{"0oaflowdeckdemo", "http://127.0.0.1:8765/callback", "SSWS "} {
				if !strings.Contains(banner, want) {
					t.Errorf("banner lacks %q:\n%s", want, banner)
				}
			}
			resp, err := http.Get(url + "/.well-known/okta-organization")
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				ID       string `json:"id"`
				Pipeline string `json:"pipeline"`
			}
			err = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err != nil || body.Pipeline != tt.want || body.ID == "" {
				t.Fatalf("well-known: %+v %v", body, err)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("sim returned %v after cancel", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("sim did not stop after its context was cancelled")
			}
		})
	}
}

func TestSimBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"sim", "--seed", "huge"},
		{"sim", "--pipeline", "v2"},
		{"sim", "--addr", "0.0.0.0:0"},
		{"sim", "extra"},
		{"sim", "--activity", "soon"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			err := Run(context.Background(), &Env{Args: args, Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }})
			var ee *ExitError
			if !errors.As(err, &ee) || ee.Code != 2 {
				t.Fatalf("got %v, want exit code 2", err)
			}
		})
	}
}
