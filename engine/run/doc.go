// Package run is the runner: bounded workers claim queued runs, execute a flow's chain of cards
// (references and templates resolved, function cards evaluated, action cards called through the
// connection's client), and record every step durably, so a crash at any point neither loses a
// run nor repeats a call that is not safe to repeat.
package run
