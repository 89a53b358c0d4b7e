package enginelock

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestOneEnginePerDirectory(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir, "engine")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, "app")
	var held *HeldError
	if !errors.As(err, &held) {
		t.Fatalf("second Acquire: %v, want *HeldError", err)
	}
	if held.Owner == nil || held.Owner.PID != os.Getpid() || held.Owner.Kind != "engine" {
		t.Errorf("owner = %+v", held.Owner)
	}
	if !strings.Contains(err.Error(), "headless `flowdeck engine`") {
		t.Errorf("message %q does not say who holds it", err)
	}
	if o, ok := Held(dir); !ok || o == nil {
		t.Error("Held() = false while the lock is held")
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if _, ok := Held(dir); ok {
		t.Error("Held() = true after release")
	}
	again, err := Acquire(dir, "app")
	if err != nil {
		t.Fatalf("Acquire after release: %v", err)
	}
	again.Release()
}
