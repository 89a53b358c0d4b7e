package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// bridge is the one place where work leaves the UI goroutine and its result comes back:
// call runs work on a goroutine and hands the result to done through fyne.Do, so widgets are
// only ever touched on the UI goroutine.
type bridge struct {
	// ctx is the window's lifetime (like http.Server's BaseContext): cancelled when the app
	// quits, so backend calls in flight stop.
	ctx context.Context
	wg  sync.WaitGroup
	// deliver hands a result to the UI goroutine: fyne.Do in the app. Fyne's test driver runs
	// fyne.Do inline on the worker goroutine, which races with the test; tests queue results
	// instead and run them on the test goroutine in wait.
	deliver func(func())
	mu      sync.Mutex
	queue   []func()
}

func newBridge(ctx context.Context, deliver func(func())) *bridge {
	b := &bridge{ctx: ctx, deliver: deliver}
	if b.deliver == nil {
		b.deliver = fyne.Do
	}
	return b
}

// call runs work off the UI goroutine, then done on it.
func call[T any](b *bridge, work func(ctx context.Context) (T, error), done func(T, error)) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		v, err := work(b.ctx)
		b.deliver(func() { done(v, err) })
	}()
}

// after runs fn on the UI goroutine once d has passed; Stop the timer to cancel.
func (b *bridge) after(d time.Duration, fn func()) *time.Timer {
	return time.AfterFunc(d, func() { b.deliver(fn) })
}

// doAndWait runs fn on the UI goroutine and returns when it has run. Only for goroutines: on
// the UI goroutine itself Fyne refuses to wait.
func (b *bridge) doAndWait(fn func()) { fyne.DoAndWait(fn) }

// enqueue is the tests' deliver: results wait in a queue for wait.
func (b *bridge) enqueue(fn func()) {
	b.mu.Lock()
	b.queue = append(b.queue, fn)
	b.mu.Unlock()
}

// wait blocks until every call so far has finished and, with the test queue, runs their
// results on the calling goroutine (results may start more calls: those are waited for too).
func (b *bridge) wait() {
	for {
		b.wg.Wait()
		b.mu.Lock()
		q := b.queue
		b.queue = nil
		b.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, fn := range q {
			fn()
		}
	}
}

// post hands fn to the UI goroutine from a backend goroutine (a callback such as SignIn's
// ShowURL), without waiting.
func (b *bridge) post(fn func()) { b.deliver(fn) }
