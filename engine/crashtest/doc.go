// Package crashtest holds the engine's crash test: the simulated Okta org lives in the test
// process and keeps the truth, while the engine runs in a child process that is killed with
// SIGKILL — at random moments and at the exact points engine/internal/crashpoint marks — and
// restarted, until every event has exactly one run per matching flow and no change reached the
// org twice. The package has no code outside its tests.
package crashtest
