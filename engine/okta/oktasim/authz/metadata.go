package authz

import (
	"net/http"
)

// metadata is the org authorization server's discovery document (schema OidcMetadata), limited to
// what the simulator implements.
type metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	RevocationEndpointAuthMethods     []string `json:"revocation_endpoint_auth_methods_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	DPoPSigningAlgValuesSupported     []string `json:"dpop_signing_alg_values_supported"`

	// Okta advertises these endpoints in every org's document; the simulator answers them 404,
	// but a client reading the document sees what it would see at Okta.
	UserinfoEndpoint                   string   `json:"userinfo_endpoint"`
	IntrospectionEndpoint              string   `json:"introspection_endpoint"`
	IntrospectionEndpointAuthMethods   []string `json:"introspection_endpoint_auth_methods_supported"`
	EndSessionEndpoint                 string   `json:"end_session_endpoint"`
	RegistrationEndpoint               string   `json:"registration_endpoint"`
	DeviceAuthorizationEndpoint        string   `json:"device_authorization_endpoint"`
	PushedAuthorizationRequestEndpoint string   `json:"pushed_authorization_request_endpoint"`
	RequestParameterSupported          bool     `json:"request_parameter_supported"`
	RequestObjectSigningAlgValues      []string `json:"request_object_signing_alg_values_supported"`
}

// serveMetadata answers both /.well-known/openid-configuration and
// /.well-known/oauth-authorization-server: for the org authorization server they are the same.
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "The metadata endpoint supports GET only.")
		return
	}
	iss := s.Issuer(r)
	none := []string{"none"}
	writeJSON(w, http.StatusOK, metadata{
		Issuer:                            iss,
		AuthorizationEndpoint:             iss + "/oauth2/v1/authorize",
		TokenEndpoint:                     iss + "/oauth2/v1/token",
		JWKSURI:                           iss + "/oauth2/v1/keys",
		RevocationEndpoint:                iss + "/oauth2/v1/revoke",
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		GrantTypesSupported:               []string{"authorization_code", "refresh_token"},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		ScopesSupported:                   KnownScopes,
		TokenEndpointAuthMethodsSupported: none,
		RevocationEndpointAuthMethods:     none,
		ClaimsSupported: []string{"iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp",
			"nonce", "name", "preferred_username", "email"},
		CodeChallengeMethodsSupported: []string{"S256"},
		DPoPSigningAlgValuesSupported: []string{"RS256", "ES256"},

		UserinfoEndpoint:                   iss + "/oauth2/v1/userinfo",
		IntrospectionEndpoint:              iss + "/oauth2/v1/introspect",
		IntrospectionEndpointAuthMethods:   none,
		EndSessionEndpoint:                 iss + "/oauth2/v1/logout",
		RegistrationEndpoint:               iss + "/oauth2/v1/clients",
		DeviceAuthorizationEndpoint:        iss + "/oauth2/v1/device/authorize",
		PushedAuthorizationRequestEndpoint: iss + "/oauth2/v1/par",
		RequestParameterSupported:          true,
		RequestObjectSigningAlgValues:      []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"},
	})
}
