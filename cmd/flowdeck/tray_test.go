package main

import (
	"bufio"
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
)

// privateBus starts a session bus of the test's own and points DBUS_SESSION_BUS_ADDRESS at it.
func privateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed")
	}
	cmd := exec.Command(bin, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

func TestHasTrayHost(t *testing.T) {
	ctx := context.Background()
	t.Run("no session bus", func(t *testing.T) {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/flowdeck-test-bus")
		if hasTrayHost(ctx) {
			t.Error("a tray host was found without a session bus")
		}
	})
	t.Run("bus without a tray host", func(t *testing.T) {
		privateBus(t)
		if hasTrayHost(ctx) {
			t.Error("a tray host was found on a bus where nobody owns " + statusNotifierWatcher)
		}
	})
	t.Run("bus with a tray host", func(t *testing.T) {
		addr := privateBus(t)
		host, err := dbus.Connect(addr)
		if err != nil {
			t.Fatal(err)
		}
		defer host.Close()
		reply, err := host.RequestName(statusNotifierWatcher, dbus.NameFlagDoNotQueue)
		if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
			t.Fatalf("own %s: %v %v", statusNotifierWatcher, reply, err)
		}
		if !hasTrayHost(ctx) {
			t.Error("the tray host was not found")
		}
	})
}
