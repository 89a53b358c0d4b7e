package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zalando/go-keyring"
)

type memKeyring map[string]string

func (m memKeyring) Get(s, u string) (string, error) {
	v, ok := m[s+"/"+u]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}
func (m memKeyring) Set(s, u, v string) error { m[s+"/"+u] = v; return nil }

type brokenKeyring struct{}

func (brokenKeyring) Get(string, string) (string, error) { return "", errors.New("no session bus") }
func (brokenKeyring) Set(string, string, string) error   { return errors.New("no session bus") }

func TestSealOpenRoundTripAndBinding(t *testing.T) {
	v, err := Open(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte(`{"refresh_token":"rt-secret"}`)
	blob, err := v.Seal("conn-1", secret)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob, []byte("rt-secret")) {
		t.Fatal("the sealed blob holds the plaintext")
	}
	got, err := v.Unseal("conn-1", blob)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Unseal = %q, %v", got, err)
	}
	if _, err := v.Unseal("conn-2", blob); !errors.Is(err, ErrCannotOpen) {
		t.Errorf("a blob opened for another connection: %v", err)
	}
	blob[len(blob)-1] ^= 1
	if _, err := v.Unseal("conn-1", blob); !errors.Is(err, ErrCannotOpen) {
		t.Errorf("a damaged blob opened: %v", err)
	}
}

func TestKeyFileIsPrivateAndStable(t *testing.T) {
	dir := t.TempDir()
	v1, err := Open(context.Background(), dir, brokenKeyring{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, KeyFile)
	if v1.Where != path {
		t.Errorf("Where = %q, want the key file", v1.Where)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	blob, _ := v1.Seal("c", []byte("x"))
	v2, err := Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v2.Unseal("c", blob); err != nil {
		t.Errorf("a second open does not read the first key: %v", err)
	}
	os.Chmod(path, 0o644)
	if _, err := Open(context.Background(), dir, nil); err == nil {
		t.Error("a key file readable by others was accepted")
	}
}

func TestKeyringIsPreferred(t *testing.T) {
	kr := memKeyring{}
	dir := t.TempDir()
	v, err := Open(context.Background(), dir, kr)
	if err != nil {
		t.Fatal(err)
	}
	if v.Where != "OS keyring" || len(kr) != 1 {
		t.Errorf("Where = %q, keyring entries = %d", v.Where, len(kr))
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); !os.IsNotExist(err) {
		t.Error("a key file was written although the keyring works")
	}
	blob, _ := v.Seal("c", []byte("x"))
	v2, _ := Open(context.Background(), dir, kr)
	if _, err := v2.Unseal("c", blob); err != nil {
		t.Errorf("the keyring key was not reused: %v", err)
	}
}
