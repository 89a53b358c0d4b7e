// Package vault encrypts connection secrets (tokens, DPoP keys, API tokens) before they reach the
// database: AES-256-GCM with a key kept in the OS keyring when there is one, else in a 0600 key
// file beside the database. Each sealed blob is bound to its owner (a connection id) so blobs
// cannot be swapped between rows.
package vault

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyFile is the fallback key file's name inside the data directory.
const KeyFile = "flowdeck.key"

const keyringService = "Flowdeck"

// blob format: version byte, 12-byte nonce, ciphertext+tag.
const version1 = 1

// Keyring is the OS keyring; tests and headless machines substitute it.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
}

// OSKeyring is the desktop keyring through github.com/zalando/go-keyring (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows).
type OSKeyring struct{}

func (OSKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (OSKeyring) Set(service, user, secret string) error   { return keyring.Set(service, user, secret) }

// Vault seals and opens secrets.
type Vault struct {
	aead cipher.AEAD
	// Where says where the key lives ("OS keyring" or the key file's path), for `flowdeck` to show.
	Where string
}

// Open loads the data directory's key, creating it on first use. It tries the keyring (nil to
// skip it) and falls back to the key file. A keyring that does not answer within a few seconds
// (a headless box with a locked or absent Secret Service) counts as absent.
func Open(ctx context.Context, dataDir string, kr Keyring) (*Vault, error) {
	if kr != nil {
		if key, err := keyFromKeyring(ctx, kr, dataDir); err == nil {
			return newVault(key, "OS keyring")
		}
	}
	path := filepath.Join(dataDir, KeyFile)
	key, err := keyFromFile(path)
	if err != nil {
		return nil, err
	}
	return newVault(key, path)
}

func newVault(key []byte, where string) (*Vault, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Vault{aead: aead, Where: where}, nil
}

// keyFromKeyring reads or creates the key under an entry named after the data directory, so two
// data directories (FLOWDECK_HOME) never share a key.
func keyFromKeyring(ctx context.Context, kr Keyring, dataDir string) ([]byte, error) {
	abs, _ := filepath.Abs(dataDir)
	sum := sha256.Sum256([]byte(abs))
	user := "data-key-" + base64.RawURLEncoding.EncodeToString(sum[:9])
	type result struct {
		key []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := kr.Get(keyringService, user)
		if errors.Is(err, keyring.ErrNotFound) {
			key := make([]byte, 32)
			if _, err := rand.Read(key); err != nil {
				ch <- result{err: err}
				return
			}
			if err := kr.Set(keyringService, user, base64.StdEncoding.EncodeToString(key)); err != nil {
				ch <- result{err: err}
				return
			}
			ch <- result{key: key}
			return
		}
		if err != nil {
			ch <- result{err: err}
			return
		}
		key, err := base64.StdEncoding.DecodeString(s)
		if err == nil && len(key) != 32 {
			err = errors.New("the keyring entry is not a 32-byte key")
		}
		ch <- result{key: key, err: err}
	}()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	select {
	case r := <-ch:
		return r.key, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("the OS keyring did not answer: %w", ctx.Err())
	}
}

func keyFromFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("the key file %s is readable by other users (mode %v): run `chmod 600 %s` and start again", path, fi.Mode().Perm(), path)
		}
		key, err := base64.StdEncoding.DecodeString(string(data))
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("the key file %s is damaged: restore it from a backup; without it the stored sign-ins cannot be read and every connection must sign in again", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading the key file %s: %w", path, err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	// O_EXCL: two processes starting at once must not each write a different key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return keyFromFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("creating the key file %s: %w", path, err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("writing the key file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("writing the key file %s: %w", path, err)
	}
	return key, nil
}

// ErrCannotOpen means a blob was sealed with another key or for another owner, or was damaged.
var ErrCannotOpen = errors.New("the stored secret cannot be decrypted with this machine's key (the key file or keyring entry was replaced, or the database was copied from elsewhere): sign in to the connection again")

// Seal encrypts plaintext for owner.
func (v *Vault) Seal(owner string, plaintext []byte) ([]byte, error) {
	nonce := make([]byte, v.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append([]byte{version1}, nonce...)
	return v.aead.Seal(out, nonce, plaintext, []byte(owner)), nil
}

// Unseal decrypts a blob sealed for owner.
func (v *Vault) Unseal(owner string, blob []byte) ([]byte, error) {
	n := v.aead.NonceSize()
	if len(blob) < 1+n || blob[0] != version1 {
		return nil, ErrCannotOpen
	}
	pt, err := v.aead.Open(nil, blob[1:1+n], blob[1+n:], []byte(owner))
	if err != nil {
		return nil, ErrCannotOpen
	}
	return pt, nil
}
