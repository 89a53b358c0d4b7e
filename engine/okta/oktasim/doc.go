// Package oktasim is a simulated Okta org: an in-memory, stateful http.Handler that answers the
// Management API the way Okta does (paths, JSON shapes, status codes, error bodies, Link
// pagination, X-Okta-Request-Id) and writes the System Log event Okta writes for every change.
// It lives beside the real client it fakes, like net/http/httptest beside net/http.
//
// The org authorization server (package authz), the System Log store and GET /api/v1/logs
// (package syslog) and the rate limits and fault injection (package limits) are wired in by New.
// Every response of the package's tests is held to Okta's OpenAPI spec and its examples by
// package contract.
//
// Where the simulator knowingly differs from Okta:
//   - Asynchronous work is done at once: activation, group rule evaluation, group-based app
//     assignment and identity-source imports (start-import answers TRIGGERED; the next read shows
//     COMPLETED). Search lags only when Options.SearchDelay asks for it, and then misses changed
//     users instead of showing their old values.
//   - Rule-driven membership changes and import changes are logged with a SystemPrincipal actor
//     and a JOB transaction of their own, not with the request's id.
//   - Group rule create/update/activate/delete and linked-object value changes are recorded as
//     mutations but write no System Log event (Okta's catalog has no event type for them).
//   - Cursors are opaque offsets: a delete during a walk can shift an item between pages.
//   - Only the profile attributes login, email, firstName and lastName are validated; there is no
//     custom schema, no user types beyond the default, no ETag/If-Match, no `expand`, no `fields`.
//   - Error codes not shown in Okta's spec are the simulator's best reading of Okta's behaviour:
//     E0000016 (activate an active user), E0000038 (operation not allowed in the user's status),
//     E0000056 (delete an active app, 403), E0000031 (bad filter or cursor), E0000060 (Everyone).
package oktasim
