// Package auth signs an admin in to an Okta org (OAuth 2.0 Authorization Code with PKCE in the
// system browser, through a one-shot loopback listener), verifies the ID token against the org's
// keys, and keeps the connection's tokens fresh: it refreshes before expiry, hands every rotated
// refresh token to the caller to persist with the new access token, tells "sign in again"
// (invalid_grant) apart from a network failure, and revokes tokens at /oauth2/v1/revoke. DPoP
// proofs live in the dpop subpackage.
package auth
