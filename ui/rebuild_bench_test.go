package ui

import (
	"testing"

	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

// BenchmarkRebuild is a full re-layout of a 150-card flow, as after a drop, undo or zoom.
func BenchmarkRebuild(b *testing.B) {
	w, _ := newTestWindow(b, fixture.LongFlow(150))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.canvas.rebuild()
	}
}
