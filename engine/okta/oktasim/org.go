package oktasim

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
)

// Pipeline values of /.well-known/okta-organization.
const (
	PipelineIdentityEngine = "idx"
	PipelineClassic        = "v1"
)

// Seed values for Options.Seed.
const (
	SeedDemo  = "demo"
	SeedEmpty = "empty"
)

// Admin is the super admin the org is created with; API tokens and OAuth tokens act as this user.
type Admin struct {
	Login     string
	FirstName string
	LastName  string
}

// Options configures a simulated org. The zero value is a usable empty Identity Engine org.
type Options struct {
	// Pipeline is "idx" (Identity Engine, the default) or "v1" (Classic Engine).
	Pipeline string
	// Seed is "empty" (the default: only the admin and the Everyone group) or "demo".
	Seed string
	// Clock returns the org's current time; nil means time.Now. Tests pass a fixed clock.
	Clock func() time.Time
	// Admin is the org's super admin; defaults to admin@example.com.
	Admin Admin
	// APIToken is the SSWS API token that acts as Admin; empty means one is generated
	// (read it back with (*Org).APIToken).
	APIToken string
	// RandSeed seeds the org's PRNG (ids, request ids, demo data); 0 means a fixed default,
	// so two orgs built with the same Options are identical.
	RandSeed uint64
	// Clients are the OAuth clients (OIDC apps) registered in the org; nil means the Flowdeck
	// demo client (authz.DefaultClient: redirect http://127.0.0.1:8765/callback and two more).
	Clients []authz.Client
	// SearchDelay makes List Users' `search` eventually consistent, as Okta's is: a user
	// created or changed less than SearchDelay ago is missing from search results. Zero (the
	// default) means search sees every change at once.
	SearchDelay time.Duration
	// RateLimits turns on Okta's rate-limit buckets, concurrency limit and fault injection
	// (nil: none, as most tests want). Its Clock and OnViolation are set by the org.
	RateLimits *limits.Options
}

// Org is one simulated Okta org. Create it with New; it is safe for concurrent use.
type Org struct {
	opts      Options
	clock     func() time.Time
	orgID     string
	handler   http.Handler
	internal  http.Handler // the handler without rate limits, for the org's own activity
	mux       *http.ServeMux
	endpoints []string
	logs      *syslog.Store
	limiter   *limits.Limiter

	mu        sync.Mutex
	rng       *rand.Rand
	seq       int64
	adminID   string
	authz     *authz.Server
	apiToken  string
	users     map[string]*user
	groups    map[string]*group
	members   map[string]map[string]*membership // group id -> user id -> membership
	rules     map[string]*groupRule
	apps      map[string]*app
	appUsers  map[string]map[string]*appUser // app id -> user id
	appGroups map[string]map[string]*appGroup
	linkDefs  map[string]*linkedObjectDef  // primary name -> definition
	links     map[string]map[string]string // primary name -> associated user id -> primary user id
	sessions  map[string]*importSession
	imported  map[string]map[string]string // identity source id -> external id -> user id
	everyone  string
	mutations []Mutation

	// gen counts the changes to the org's state (every write request, every simulated
	// activity); encodings and orders cached from an older generation are stale.
	gen       uint64
	sorted    []*user
	sortedGen uint64
}

// New builds an org from opts. It never fails: invalid options fall back to their defaults.
func New(opts Options) *Org {
	if opts.Pipeline != PipelineClassic {
		opts.Pipeline = PipelineIdentityEngine
	}
	if opts.Seed != SeedDemo {
		opts.Seed = SeedEmpty
	}
	if opts.Admin.Login == "" {
		opts.Admin = Admin{Login: "admin@example.com", FirstName: "Avery", LastName: "Admin"}
	}
	if opts.RandSeed == 0 {
		opts.RandSeed = 0x0C7A5EED
	}
	o := &Org{
		opts:      opts,
		clock:     opts.Clock,
		rng:       rand.New(rand.NewPCG(opts.RandSeed, opts.RandSeed^0x9E3779B97F4A7C15)),
		users:     map[string]*user{},
		groups:    map[string]*group{},
		members:   map[string]map[string]*membership{},
		rules:     map[string]*groupRule{},
		apps:      map[string]*app{},
		appUsers:  map[string]map[string]*appUser{},
		appGroups: map[string]map[string]*appGroup{},
		linkDefs:  map[string]*linkedObjectDef{},
		links:     map[string]map[string]string{},
		sessions:  map[string]*importSession{},
		imported:  map[string]map[string]string{},
	}
	if o.clock == nil {
		o.clock = time.Now
	}
	o.orgID = o.newID("00o")
	o.logs = syslog.NewStore(o.clock)

	o.bootstrap()
	if opts.Seed == SeedDemo {
		o.seedDemo()
	}
	o.mux = o.routes()
	var h http.Handler = http.HandlerFunc(o.serve)
	if opts.RateLimits != nil {
		lo := *opts.RateLimits
		lo.Clock = o.clock
		lo.OnViolation = o.rateLimitViolation
		o.limiter = limits.New(lo)
		h = o.limiter.Wrap(h)
	}
	o.handler = withRequestID(o, h)
	o.internal = withRequestID(o, http.HandlerFunc(o.serve))
	return o
}

// ServeHTTP answers one request as the Okta org would.
func (o *Org) ServeHTTP(w http.ResponseWriter, r *http.Request) { o.handler.ServeHTTP(w, r) }

// Limiter is the org's rate limiter and fault injector; nil unless Options.RateLimits was set.
func (o *Org) Limiter() *limits.Limiter { return o.limiter }

// Logs is the org's System Log store (GET /api/v1/logs): tests set its ingestion delay.
func (o *Org) Logs() *syslog.Store { return o.logs }

// Pipeline reports "idx" or "v1".
func (o *Org) Pipeline() string { return o.opts.Pipeline }

// ID is the org id that /.well-known/okta-organization reports.
func (o *Org) ID() string { return o.orgID }

// APIToken is an SSWS API token acting as the super admin.
func (o *Org) APIToken() string { return o.apiToken }

// AdminID is the user id of the org's super admin.
func (o *Org) AdminID() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.adminID
}

// bootstrap creates what every Okta org has: the Everyone group and the super admin.
func (o *Org) bootstrap() {
	now := o.clock().Add(-400 * 24 * time.Hour)
	ev := &group{seq: o.nextSeq(), ID: o.newID("00g"), Type: "BUILT_IN", Created: now, LastUpdated: now, LastMembershipUpdated: now,
		Profile: map[string]any{"name": "Everyone", "description": "All users in your organization"}}
	o.groups[ev.ID] = ev
	o.members[ev.ID] = map[string]*membership{}
	o.everyone = ev.ID

	a := o.opts.Admin
	u := &user{seq: o.nextSeq(), ID: o.newID("00u"), Status: statusActive, Created: now, LastUpdated: now,
		Activated: now, StatusChanged: now, PasswordChanged: now, HasPassword: true,
		ProviderType: "OKTA", ProviderName: "OKTA",
		Profile: map[string]any{"login": a.Login, "email": a.Login, "firstName": a.FirstName, "lastName": a.LastName,
			"title": "IT Administrator", "department": "IT"}}
	o.users[u.ID] = u
	o.members[ev.ID][u.ID] = &membership{Since: now}
	o.adminID = u.ID
	tok := o.opts.APIToken
	if tok == "" {
		tok = "00" + o.randString(40)
	}
	o.apiToken = tok
	clients := o.opts.Clients
	if clients == nil {
		clients = []authz.Client{authz.DefaultClient()}
	}
	admin := authz.User{Subject: u.ID, Login: u.login(), Name: u.displayName(), Email: u.login()}
	o.authz = authz.New(authz.Config{Clients: clients, Admin: admin, Clock: o.clock,
		APITokens: []authz.APIToken{{Token: tok, User: admin}}})
}

func (o *Org) nextSeq() int64 {
	o.seq++
	return o.seq
}
