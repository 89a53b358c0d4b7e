package contract

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Report collects the verdicts on every response that passed through Wrap. It is safe for
// concurrent use.
type Report struct {
	contract *Contract
	mu       sync.Mutex
	results  []Result
}

// Wrap returns a handler that serves through h and holds every response to the contract,
// recording the verdict in the returned Report. The client sees h's response unchanged.
func Wrap(h http.Handler) (http.Handler, *Report, error) {
	c, err := Load()
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{contract: c}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var reqBody []byte
		if r.Body != nil {
			// Keep a copy for the check; the handler reads the same bytes.
			b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
			if err != nil {
				http.Error(w, "contract: read request body: "+err.Error(), http.StatusBadRequest)
				return
			}
			reqBody = b
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.hijacked {
			return // a dropped connection (fault injection) has no response to hold to the spec
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		res := c.Check(r.Context(), r, reqBody, rec.status, rec.header, rec.body.Bytes())
		rep.mu.Lock()
		rep.results = append(rep.results, res)
		rep.mu.Unlock()
	}), rep, nil
}

// maxBody bounds the request body Wrap copies; Okta's own limit is far below it.
const maxBody = 16 << 20

// recorder passes a response through while keeping a copy of its status, headers and body.
type recorder struct {
	http.ResponseWriter
	status   int
	header   http.Header
	body     bytes.Buffer
	hijacked bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
		r.header = r.ResponseWriter.Header().Clone()
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Flush lets streaming handlers flush through the recorder.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack lets the simulator's fault injection drop the connection through the recorder.
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("contract: the underlying ResponseWriter cannot hijack")
	}
	r.hijacked = true
	return hj.Hijack()
}

// Unwrap gives http.ResponseController the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Results returns every verdict so far, in arrival order.
func (rep *Report) Results() []Result {
	rep.mu.Lock()
	defer rep.mu.Unlock()
	return slices.Clone(rep.results)
}

// Failures returns the verdicts with problems.
func (rep *Report) Failures() []Result {
	var out []Result
	for _, r := range rep.Results() {
		if !r.OK() {
			out = append(out, r)
		}
	}
	return out
}

// Unexercised returns the operations among ops ("METHOD /spec/path") that no response
// exercised (see Result.Exercised), each with the statuses it did answer, if any.
func (rep *Report) Unexercised(ops []string) []string {
	seen := map[string][]int{}
	done := map[string]bool{}
	for _, r := range rep.Results() {
		if r.Operation == "" {
			continue
		}
		if r.Exercised {
			done[r.Operation] = true
		}
		if !slices.Contains(seen[r.Operation], r.Status) {
			seen[r.Operation] = append(seen[r.Operation], r.Status)
		}
	}
	var out []string
	for _, op := range ops {
		if done[op] {
			continue
		}
		switch st := seen[op]; {
		case len(st) == 0:
			out = append(out, op+" (never called)")
		default:
			out = append(out, fmt.Sprintf("%s (answered only %s)", op, strings.Trim(fmt.Sprint(st), "[]")))
		}
	}
	return out
}

// Summary is the verdict on one operation over every response it gave.
type Summary struct {
	Operation string
	Responses int
	Failed    int
	Exercised bool
	// Problems are the distinct problems of its failed responses, first seen first.
	Problems []string
}

// OK reports whether every response of the operation honoured the contract.
func (s Summary) OK() bool { return s.Failed == 0 }

func (s Summary) String() string {
	if s.OK() {
		return fmt.Sprintf("%s: ok (%d responses)", s.Operation, s.Responses)
	}
	return fmt.Sprintf("%s: %d of %d responses break the contract:\n\t%s",
		s.Operation, s.Failed, s.Responses, strings.Join(s.Problems, "\n\t"))
}

// Summaries returns one Summary per operation seen, sorted by operation; responses to paths
// the contract does not know are grouped under "METHOD /path".
func (rep *Report) Summaries() []Summary {
	byOp := map[string]*Summary{}
	for _, r := range rep.Results() {
		key := r.Operation
		if key == "" {
			key = r.Method + " " + r.Path
		}
		s := byOp[key]
		if s == nil {
			s = &Summary{Operation: key}
			byOp[key] = s
		}
		s.Responses++
		s.Exercised = s.Exercised || r.Exercised
		if r.OK() {
			continue
		}
		s.Failed++
		for _, p := range r.Problems {
			if !slices.Contains(s.Problems, p) {
				s.Problems = append(s.Problems, p)
			}
		}
	}
	out := make([]Summary, 0, len(byOp))
	for _, s := range byOp {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Summary) int { return strings.Compare(a.Operation, b.Operation) })
	return out
}
