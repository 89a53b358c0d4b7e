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
}

func newBridge(ctx context.Context) *bridge { return &bridge{ctx: ctx} }

// call runs work off the UI goroutine, then done on it.
func call[T any](b *bridge, work func(ctx context.Context) (T, error), done func(T, error)) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		v, err := work(b.ctx)
		fyne.Do(func() { done(v, err) })
	}()
}

// wait blocks until every call so far has delivered its result. The test driver runs fyne.Do
// inline, so after wait the widgets show the results.
func (b *bridge) wait() { b.wg.Wait() }

// after runs fn on the UI goroutine once d has passed; Stop the timer to cancel.
func (b *bridge) after(d time.Duration, fn func()) *time.Timer {
	return time.AfterFunc(d, func() { fyne.Do(fn) })
}

// doAndWait runs fn on the UI goroutine and returns when it has run. Only for goroutines: on
// the UI goroutine itself Fyne refuses to wait.
func (b *bridge) doAndWait(fn func()) { fyne.DoAndWait(fn) }
