// Package authz is the org authorization server of the simulated Okta org (oktasim):
// /oauth2/v1/authorize with PKCE S256 (auto-approved as the org's admin: there is no sign-in page),
// /oauth2/v1/token (authorization_code and refresh_token grants, optional refresh token rotation,
// optional DPoP), /oauth2/v1/revoke, /oauth2/v1/keys and the two well-known metadata documents, plus
// Authenticate and Require, which check the token of a management (/api/v1) call the way Okta does.
//
// Where the simulator knowingly differs from Okta:
//   - Every client is public (token_endpoint_auth_method none); HTTP Basic client authentication
//     is refused with 401 invalid_client, as Okta refuses it for such a client.
//   - Rotated refresh tokens fail at once; Okta keeps the old one valid for a grace period
//     (30 seconds by default).
//   - Access tokens are opaque random strings, not JWTs: clients must not read them anyway.
//   - An authorization code allows one redemption attempt, failed or not; replaying a redeemed code
//     revokes the tokens it produced (RFC 6749 §4.1.2).
//   - API tokens never expire from disuse (Okta's expire after 30 days unused).
//   - A DPoP proof sent by a client that does not require DPoP is ignored and a Bearer token issued.
//   - DPoP proofs are checked against the server clock (Config.Clock): a client signing proofs with
//     the wall clock against a server on a fake clock gets invalid_dpop_proof.
package authz
