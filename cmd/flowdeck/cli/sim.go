package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

func init() {
	register(&Command{
		Name:    "sim",
		Summary: "serve a simulated Okta org (the demo org) on this machine until interrupted",
		Usage:   "sim [--addr 127.0.0.1:PORT] [--seed demo|empty] [--pipeline idx|classic] [--activity off|normal|busy] [--log-delay 2s]",
		Run:     runSim,
	})
}

func runSim(ctx context.Context, env *Env) error {
	c, _ := Lookup("sim")
	fs := newFlagSet(env, c)
	addr := fs.String("addr", "127.0.0.1:8760", "loopback address to listen on (port 0 picks a free port)")
	seed := fs.String("seed", oktasim.SeedDemo, "demo (a populated org) or empty (just the admin)")
	pipeline := fs.String("pipeline", "idx", "idx (Identity Engine) or classic (Classic Engine)")
	rateLimits := fs.Bool("rate-limits", true, "enforce Okta's rate limits and send X-Rate-Limit-* headers")
	activity := fs.String("activity", oktasim.ActivityNormal, "off, normal (a new hire every ~20 s, group changes, sign-ins, now and then a suspension or deactivation) or busy (four times as much)")
	logDelay := fs.Duration("log-delay", 2*time.Second, "System Log ingestion delay (plus up to as much jitter, so events arrive out of order as at Okta)")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("sim takes no arguments, got %q; usage: flowdeck %s", fs.Args(), c.Usage)}
	}
	opts := oktasim.Options{Seed: *seed}
	switch *seed {
	case oktasim.SeedDemo, oktasim.SeedEmpty:
	default:
		return &ExitError{Code: 2, Err: fmt.Errorf("--seed must be demo or empty, not %q", *seed)}
	}
	switch strings.ToLower(*pipeline) {
	case "idx", "oie":
		opts.Pipeline = oktasim.PipelineIdentityEngine
	case "classic", "v1":
		opts.Pipeline = oktasim.PipelineClassic
	default:
		return &ExitError{Code: 2, Err: fmt.Errorf("--pipeline must be idx or classic, not %q", *pipeline)}
	}
	if *rateLimits {
		opts.RateLimits = &limits.Options{}
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return &ExitError{Code: 2, Err: fmt.Errorf("--addr %q is not host:port: %w", *addr, err)}
	}
	// The printed API token is the key to the whole org: keep it on this machine.
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return &ExitError{Code: 2, Err: fmt.Errorf("--addr must be a loopback address such as 127.0.0.1:8760, not %q: the simulated org hands out an admin token", *addr)}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("start the simulated org on %s: %w (pick another port with --addr 127.0.0.1:PORT)", *addr, err)
	}
	org := oktasim.New(opts)
	live, err := oktasim.NewActivity(org, strings.ToLower(*activity))
	if err != nil {
		ln.Close()
		return &ExitError{Code: 2, Err: fmt.Errorf("--%w", err)}
	}
	if *logDelay > 0 {
		org.Logs().SetIngestion(*logDelay, *logDelay, 1)
	}
	srv := &http.Server{Handler: org, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	url := "http://" + ln.Addr().String()
	counts := org.Counts()
	fmt.Fprintf(env.Stdout, "Simulated Okta org (%s, %s seed) at %s\n", pipelineName(opts.Pipeline), opts.Seed, url)
	fmt.Fprintf(env.Stdout, "  users %d, groups %d, apps %d, group rules %d, System Log events %d\n",
		counts.Users, counts.Groups, counts.Apps, counts.GroupRules, counts.Events)
	fmt.Fprintf(env.Stdout, "  OAuth client id: %s (PKCE, no secret)\n", authz.DefaultClientID)
	fmt.Fprintf(env.Stdout, "  redirect URIs:   %s\n", strings.Join(authz.DefaultRedirectURIs, " "))
	fmt.Fprintf(env.Stdout, "  API token:       SSWS %s\n", org.APIToken())
	fmt.Fprintln(env.Stdout, "Press Ctrl+C to stop.")

	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	liveCtx, stopLive := context.WithCancel(ctx)
	defer stopLive()
	go live.Run(liveCtx, tick.C)
	select {
	case err := <-served:
		return fmt.Errorf("the simulated org stopped serving: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("stop the simulated org: %w", err)
	}
	return nil
}

func pipelineName(p string) string {
	if p == oktasim.PipelineClassic {
		return "Classic Engine"
	}
	return "Identity Engine"
}
