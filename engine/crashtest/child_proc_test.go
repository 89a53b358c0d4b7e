//go:build unix

package crashtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/internal/crashpoint"
)

// child is one engine process.
type child struct {
	cmd    *exec.Cmd
	ready  chan struct{} // closed when the engine has started
	done   chan struct{} // closed when the process has exited and been reaped
	killed bool          // the test sent SIGKILL
}

// startChild re-executes the test binary as TestCrashChild on dir, with point armed ("" for none).
func startChild(t *testing.T, dir, point string, logs *logSink) *child {
	t.Helper()
	c := &child{ready: make(chan struct{}), done: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	// Later entries win: the parent's own environment cannot arm or disarm the child.
	c.cmd.Env = append(os.Environ(), envChildDataDir+"="+dir, crashpoint.EnvVar+"="+point)
	c.cmd.Stdout = &readyWriter{logs: logs, ready: c.ready}
	c.cmd.Stderr = logs
	// The child's stdin stays open as long as this process lives: if the test binary dies (a
	// timeout, a ^C), the child reads EOF and exits instead of running on as an orphan.
	if _, err := c.cmd.StdinPipe(); err != nil {
		t.Fatalf("starting the engine process: %v", err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("starting the engine process: %v", err)
	}
	pid := c.cmd.Process.Pid
	fmt.Fprintf(logs, "--- %s engine process %d started (crash point %q)\n", stamp(), pid, point)
	go func() {
		_ = c.cmd.Wait()
		fmt.Fprintf(logs, "--- %s engine process %d ended: %v\n", stamp(), pid, c.cmd.ProcessState)
		close(c.done)
	}()
	// A test that stops early must not leave an engine running on its temporary directory.
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			c.kill(t)
		}
	})
	return c
}

// kill sends SIGKILL and waits for the process to be gone.
func (c *child) kill(t *testing.T) {
	t.Helper()
	c.killed = true
	_ = c.cmd.Process.Kill()
	select {
	case <-c.done:
	case <-time.After(time.Minute):
		t.Fatal("the engine process did not die within a minute of SIGKILL")
	}
}

// diedOfSIGKILL reports whether the exited process was killed by SIGKILL.
func (c *child) diedOfSIGKILL() bool {
	ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// stamp is the time in the logs, to set beside the org's mutation times.
func stamp() string { return time.Now().UTC().Format("15:04:05.000000") }

// logSink keeps the tail of every engine process's output, shown only when the test fails.
type logSink struct {
	mu  sync.Mutex
	buf []byte
}

const logTail = 64 << 10

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if len(l.buf) > 2*logTail {
		l.buf = append([]byte(nil), l.buf[len(l.buf)-logTail:]...)
	}
	return len(p), nil
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buf
	if len(b) > logTail {
		b = b[len(b)-logTail:]
	}
	return string(b)
}

// readyWriter passes the child's stdout on to the logs and closes ready at readyLine.
type readyWriter struct {
	logs  *logSink
	ready chan struct{}
	line  []byte
	seen  bool
}

func (w *readyWriter) Write(p []byte) (int, error) {
	_, _ = w.logs.Write(p)
	if w.seen {
		return len(p), nil
	}
	w.line = append(w.line, p...)
	for {
		i := bytes.IndexByte(w.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		if string(bytes.TrimSpace(w.line[:i])) == readyLine {
			w.seen = true
			close(w.ready)
			w.line = nil
			return len(p), nil
		}
		w.line = w.line[i+1:]
	}
}
