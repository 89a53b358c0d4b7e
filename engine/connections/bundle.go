package connections

import (
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"github.com/flowdeck/flowdeck/engine/auth/dpop"
	"github.com/flowdeck/flowdeck/storage"
)

// bundle is what a connection's sealed secret holds. It is only ever in memory in the clear;
// the database gets it sealed with AES-GCM, bound to the connection id.
type bundle struct {
	AccessToken  string    `json:"access_token,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	// DPoPKey is the PKCS #8 private key the tokens are bound to, when the app requires DPoP.
	DPoPKey []byte `json:"dpop_key,omitempty"`
	// APIToken is an SSWS API token (connections of kind api_token).
	APIToken string `json:"api_token,omitempty"`
}

// String and GoString keep a bundle out of any printed or logged value.
func (b bundle) String() string   { return "[token bundle]" }
func (b bundle) GoString() string { return b.String() }

func bundleFrom(tok *oauth2.Token, key *dpop.Key) (bundle, error) {
	b := bundle{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.TokenType, Expiry: tok.Expiry}
	if key != nil {
		der, err := key.Marshal()
		if err != nil {
			return bundle{}, fmt.Errorf("saving the DPoP key: %w", err)
		}
		b.DPoPKey = der
	}
	return b, nil
}

func (b bundle) token() *oauth2.Token {
	return &oauth2.Token{AccessToken: b.AccessToken, RefreshToken: b.RefreshToken, TokenType: b.TokenType, Expiry: b.Expiry}
}

func (b bundle) key() (*dpop.Key, error) {
	if len(b.DPoPKey) == 0 {
		return nil, nil
	}
	return dpop.ParseKey(b.DPoPKey)
}

func (m *Manager) seal(id string, b bundle) (storage.Sealed, error) {
	plain, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	sealed, err := m.vault.Seal(id, plain)
	if err != nil {
		return nil, fmt.Errorf("encrypting the tokens of connection %s: %w", id, err)
	}
	return storage.Sealed(sealed), nil
}

func (m *Manager) unseal(c storage.Connection) (bundle, error) {
	if len(c.Secret) == 0 {
		return bundle{}, fmt.Errorf("connection %q has no stored sign-in: sign in again with `flowdeck connect`", c.Name)
	}
	plain, err := m.vault.Unseal(c.ID, c.Secret)
	if err != nil {
		return bundle{}, fmt.Errorf("connection %q: %w", c.Name, err)
	}
	var b bundle
	if err := json.Unmarshal(plain, &b); err != nil {
		return bundle{}, fmt.Errorf("connection %q: the stored sign-in is damaged; sign in again", c.Name)
	}
	return b, nil
}
