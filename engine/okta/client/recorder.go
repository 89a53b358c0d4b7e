package client

import (
	"context"
	"net/http"
	"sync"
)

// Recorder collects the X-Okta-Request-Id of every response to calls made with its context:
// the run history stores them, and the loop guard matches them against System Log events'
// transaction ids to recognise events Flowdeck itself caused.
type Recorder struct {
	mu  sync.Mutex
	ids []string
}

type recorderKey struct{}

// WithRecorder returns a context whose calls are recorded by r.
func WithRecorder(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// IDs returns the recorded request ids in call order.
func (r *Recorder) IDs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}

func record(ctx context.Context, resp *http.Response) {
	r, _ := ctx.Value(recorderKey{}).(*Recorder)
	if r == nil || resp == nil {
		return
	}
	if id := resp.Header.Get("X-Okta-Request-Id"); id != "" {
		r.mu.Lock()
		r.ids = append(r.ids, id)
		r.mu.Unlock()
	}
}
