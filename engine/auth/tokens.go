package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/flowdeck/flowdeck/engine/okta/client"
)

// ErrSignInAgain means the org refused the refresh token (invalid_grant): it expired, was
// revoked, or was rotated by another process. Only a new sign-in helps.
var ErrSignInAgain = errors.New("the org no longer accepts this connection's sign-in (invalid_grant): sign in again")

// IsInvalidGrant reports whether err is the token endpoint's invalid_grant — and nothing else
// counts as "sign in again": a network failure or a 5xx is retried later.
func IsInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}

func describeTokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		msg := re.ErrorCode
		if re.ErrorDescription != "" {
			msg += ": " + re.ErrorDescription
		}
		if msg == "" {
			msg = "no error code"
		}
		return fmt.Errorf("the token endpoint answered %d (%s): %w", status, msg, err)
	}
	return err
}

// refreshTimeout bounds one refresh and the saving of its result.
const refreshTimeout = time.Minute

// Persist stores a freshly refreshed token. It must store the new access and refresh tokens in
// one transaction: a rotated refresh token that is not saved is lost for good.
type Persist func(ctx context.Context, tok *oauth2.Token) error

// Source is a connection's token source: it hands out the current access token and refreshes it
// shortly before expiry. It implements client.TokenSource. One process owns a connection's
// tokens at a time (see the engine lock), so two refreshes of one rotating token never race.
type Source struct {
	cfg     *oauth2.Config
	http    *http.Client
	persist Persist
	// onInvalidGrant is told once when the org refuses the refresh token.
	onInvalidGrant func(ctx context.Context)
	// Margin is how long before expiry a token is refreshed (default 2 minutes).
	Margin time.Duration
	// Now is the clock expiry is judged by (default time.Now; tests share the simulated org's).
	Now func() time.Time

	mu  sync.Mutex
	tok *oauth2.Token
}

// NewSource starts from a stored token. httpClient should have a timeout.
func NewSource(cfg *oauth2.Config, tok *oauth2.Token, httpClient *http.Client, persist Persist, onInvalidGrant func(context.Context)) *Source {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Source{cfg: cfg, http: httpClient, persist: persist, onInvalidGrant: onInvalidGrant, Margin: 2 * time.Minute, Now: time.Now, tok: tok}
}

// Credential returns a valid access token, refreshing it first when it is about to expire.
func (s *Source) Credential(ctx context.Context) (client.Credential, error) {
	tok, err := s.Token(ctx)
	if err != nil {
		return client.Credential{}, err
	}
	scheme := tok.Type()
	if scheme != "DPoP" {
		scheme = "Bearer"
	}
	return client.Credential{Scheme: scheme, Value: tok.AccessToken}, nil
}

// Token returns the current token, refreshed if needed.
func (s *Source) Token(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken != "" && (s.tok.Expiry.IsZero() || s.Now().Add(s.Margin).Before(s.tok.Expiry)) {
		return s.tok, nil
	}
	return s.refreshLocked(ctx)
}

// Refresh forces a refresh (after a 401, for example).
func (s *Source) Refresh(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshLocked(ctx)
}

func (s *Source) refreshLocked(ctx context.Context) (*oauth2.Token, error) {
	if s.tok == nil || s.tok.RefreshToken == "" {
		return nil, fmt.Errorf("the access token expired and there is no refresh token (was offline_access granted?): %w", ErrSignInAgain)
	}
	// A fresh TokenSource per refresh: x/oauth2 keeps the ctx it was built with for every later
	// refresh, and says nothing about rotated tokens. The refresh is finished (bounded by the HTTP
	// client's timeout) and saved even if the caller gives up meanwhile: with rotation, a refresh
	// whose answer is dropped has already killed the old refresh token.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	defer cancel()
	rctx := context.WithValue(ctx, oauth2.HTTPClient, s.http)
	newTok, err := s.cfg.TokenSource(rctx, &oauth2.Token{RefreshToken: s.tok.RefreshToken}).Token()
	if err != nil {
		if IsInvalidGrant(err) {
			if s.onInvalidGrant != nil {
				s.onInvalidGrant(ctx)
			}
			return nil, fmt.Errorf("%w (%v)", ErrSignInAgain, describeTokenError(err))
		}
		return nil, fmt.Errorf("refreshing the access token at %s (will retry): %w", s.cfg.Endpoint.TokenURL, describeTokenError(err))
	}
	if newTok.ExpiresIn > 0 {
		// x/oauth2 dates expiry by the wall clock; judge it by ours (the same one in production).
		newTok.Expiry = s.Now().Add(time.Duration(newTok.ExpiresIn) * time.Second)
	}
	if newTok.RefreshToken == "" {
		newTok.RefreshToken = s.tok.RefreshToken // no rotation: the old one stays valid
	}
	if s.persist != nil {
		if err := s.persist(ctx, newTok); err != nil {
			// Keep the new token in memory anyway: with rotation the old one is already dead.
			s.tok = newTok
			return nil, fmt.Errorf("the refreshed sign-in could not be saved: %w", err)
		}
	}
	s.tok = newTok
	return newTok, nil
}
