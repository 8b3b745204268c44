// Package fuzzing is conformance.Fuzz: Go's native fuzzing of a Go
// handler, in process, judged by the harness's oracle and reported in the
// result model. The front door (package conformance) fills its Config from
// the options; Checker and Report are for fuzz targets of one's own.
package fuzzing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
	"pgregory.net/rapid"
)

// Fuzz is conformance.Fuzz (see its doc), with its options resolved into
// cfg.
func Fuzz(f *testing.F, newHandler func() http.Handler, cfg Config) {
	f.Helper()
	c, err := NewChecker(newHandler, cfg)
	if err != nil {
		f.Fatalf("conformance.Fuzz: %v", err)
	}
	rep := reportFor(f, c) // nil: no report directory, or fuzzing mode
	for _, in := range c.Seeds() {
		f.Add(in.Mode, in.First, in.Second)
	}
	f.Fuzz(func(t *testing.T, mode uint8, first, second []byte) {
		in := Input{Mode: mode, First: first, Second: second}
		var msg string
		if rep != nil {
			msg = rep.Check(t.Name(), in)
		} else {
			msg = c.Check(in)
		}
		if msg != "" {
			t.Fatal(msg)
		}
	})
}

// Checker is what Fuzz is made of, for a fuzz target of one's own (other
// seeds, another corpus) or to replay a kept input outside `go test`:
// Seeds are Fuzz's seeds, and Check judges one input as Fuzz does.
type Checker struct {
	z    *fuzzer
	cfg  Config
	seed uint64
}

// NewChecker returns a checker of the handlers newHandler makes; the error
// is for a configuration it cannot run with.
func NewChecker(newHandler func() http.Handler, cfg Config) (*Checker, error) {
	z, err := newFuzzer(cfg, newHandler)
	if err != nil {
		return nil, err
	}
	return &Checker{z: z, cfg: cfg, seed: cfg.Seed}, nil
}

// Seeds are the seeds Fuzz adds (see Fuzz).
func (c *Checker) Seeds() []Input {
	var out []Input
	for _, s := range c.z.seeds(c.seed) {
		out = append(out, Input{Mode: s.mode, First: s.first, Second: s.second})
	}
	return out
}

// Check runs one input against a fresh handler and returns what Fuzz
// fails the test with, or "" when the handler kept the contract. It is
// safe for concurrent use (calls run one at a time).
func (c *Checker) Check(in Input) string { return c.z.check(in) }

// Input is one input of Fuzz, decoded by its fields: the mode byte
// (bits 0-1 the header variation, bits 2-4 the method, bit 5 a second
// request), the first body and the second one.
type Input struct {
	Mode          uint8
	First, Second []byte
}

// Mode bits of an Input.
const (
	fuzzHeaderBits = 0x03
	fuzzMethodBits = 0x1c
	fuzzMethodAt   = 2
	fuzzPair       = 0x20
)

// fuzzMethods are the methods of the mode's bits 2-4: POST half the time.
var fuzzMethods = [8]string{"POST", "POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"}

// headerVariation is a set of request headers the contract allows: the
// contract's own, and spellings of them every implementation must take.
type headerVariation struct {
	name string
	edit func(h http.Header)
}

var headerVariations = [4]headerVariation{
	{"the contract's headers", func(http.Header) {}},
	{"Content-Type with charset=utf-8", func(h http.Header) { h.Set("Content-Type", "application/json; charset=utf-8") }},
	{"Accept */* and a User-Agent", func(h http.Header) {
		h.Set("Accept", "*/*")
		h.Set("User-Agent", "aws-sdk-go-v2/1.0 os/linux lang/go")
	}},
	{"Content-Type application/json;charset=UTF-8, no Accept", func(h http.Header) {
		h.Set("Content-Type", "application/json;charset=UTF-8")
		h.Del("Accept")
	}},
}

// method, headers and pair decode the mode byte.
func (in Input) method() string { return fuzzMethods[(in.Mode&fuzzMethodBits)>>fuzzMethodAt] }

func (in Input) headers() headerVariation { return headerVariations[in.Mode&fuzzHeaderBits] }

func (in Input) pair() bool { return in.Mode&fuzzPair != 0 }

// fuzzer holds what every input of one Fuzz shares.
type fuzzer struct {
	spec       *spec.Spec
	gen        *generators.Set
	newHandler func() http.Handler
	client     *transport.Client // curl lines only: it sends nothing
	timeout    time.Duration
	maxBody    int64
	rules      rules.Selection
	// headers are the request headers of each header variation.
	headers [len(headerVariations)]http.Header
	url     *url.URL

	// runner is the goroutine handlers run on (see serve): one that keeps
	// its grown stack from input to input; a new one replaces it when a
	// handler hangs in it.
	mu     sync.Mutex
	runner *fuzzRunner
	timer  *time.Timer
}

func newFuzzer(cfg Config, newHandler func() http.Handler) (*fuzzer, error) {
	if newHandler == nil {
		return nil, errors.New("no handler (newHandler is nil)")
	}
	s := cfg.Spec
	if s == nil {
		return nil, errors.New("no spec (Config.Spec is nil)")
	}
	g, err := generators.New(s, generators.Options{Prefix: cfg.NamePrefix})
	if err != nil {
		return nil, err
	}
	c, err := transport.New(transport.Config{RequestTimeout: cfg.RequestTimeout, MaxBodyBytes: cfg.MaxBody})
	if err != nil {
		return nil, err
	}
	z := &fuzzer{spec: s, gen: g, newHandler: newHandler, client: c, timeout: cfg.RequestTimeout, maxBody: cfg.MaxBody, rules: cfg.Rules}
	for i, hv := range headerVariations {
		z.headers[i] = s.RequestHeaders()
		hv.edit(z.headers[i])
	}
	z.url, _ = url.Parse(InProcessURL)
	return z, nil
}

// fuzzSeed is one seed of the corpus.
type fuzzSeed struct {
	mode          uint8
	first, second []byte
}

// maxSeedBytes bounds the bodies of a seed: a fuzzer spends its time in
// proportion to the size of what it mutates, and minimizes every input
// that widens coverage in time quadratic in its size (go test stops
// counting executions meanwhile); it grows inputs by itself.
const maxSeedBytes = 512

// seeds are generated cases of every property, of at most maxSeedBytes:
// valid requests (their edges and spellings come with them), each broken
// constraint twice, wire malformations and other methods, upsert and
// distinct pairs, and each mutation four times; the header variations come
// in turn.
func (z *fuzzer) seeds(seed uint64) []fuzzSeed {
	base := int(seed % 1_000_000)
	var out []fuzzSeed
	// draw adds up to want cases of g that fit, from the first 16*want.
	draw := func(g *rapid.Generator[generators.Case], want int) {
		for i, n := 0, 0; n < want && i < 16*want; i++ {
			c := g.Example(base + i)
			if len(c.Body) > maxSeedBytes {
				continue
			}
			mode := uint8(n % len(headerVariations))
			for j, m := range fuzzMethods {
				if m == c.HTTPMethod() && m != http.MethodPost {
					mode |= uint8(j) << fuzzMethodAt
				}
			}
			out = append(out, fuzzSeed{mode: mode, first: c.Body})
			n++
		}
	}
	draw(z.gen.Valid(), 32)
	for _, g := range z.gen.InvalidEach() {
		draw(g, 2)
	}
	draw(z.gen.Wire(), 24)
	for _, g := range z.gen.MutateEach() {
		draw(g, 4)
	}
	for _, probes := range []*rapid.Generator[generators.Probe]{z.gen.Upsert(), z.gen.Distinct()} {
		for i, n := 0, 0; n < 8 && i < 128; i++ {
			p := probes.Example(base + i)
			if len(p.First.Body)+len(p.Second.Body) <= maxSeedBytes {
				out = append(out, fuzzSeed{mode: fuzzPair, first: p.First.Body, second: p.Second.Body})
				n++
			}
		}
	}
	return out
}

// fuzzExchange is one request of an input and what came of it.
type fuzzExchange struct {
	req     transport.Request
	expect  contract.Expectation
	answer  oracle.Answer
	verdict oracle.Judgment
}

// check runs one input against a fresh handler and returns the failure
// message, or "" when the handler kept the contract.
func (z *fuzzer) check(in Input) string {
	j := z.judge(in)
	return z.explain(in, j.exchanges, j.identity, fuzzHeadline)
}

// exchange sends one request to h, with the headers of variation hv, and
// judges the answer.
func (z *fuzzer) exchange(h http.Handler, method string, hv int, body []byte) fuzzExchange {
	x := fuzzExchange{req: transport.Request{Method: method, URL: InProcessURL, Header: z.headers[hv], Body: body}}
	if method == http.MethodPost {
		x.expect = generators.ExpectBody(z.spec, body)
	} else {
		x.expect = contract.Expectation{Outcome: contract.Unspecified}
	}
	x.answer = z.serve(h, method, z.headers[hv], body)
	x.verdict = oracle.Check(z.spec, x.expect, x.answer)
	return x
}

// fuzzCall is one handler call, run by the runner goroutine: the request
// body and the writer come with it, in one allocation.
type fuzzCall struct {
	h    http.Handler
	w    fuzzWriter
	body fuzzBody
	req  *http.Request
}

// fuzzBody is a request body: the input's bytes (a bytes.Reader, and its
// WriteTo, as io.NopCloser would keep it).
type fuzzBody struct{ bytes.Reader }

func (*fuzzBody) Close() error { return nil }

// fuzzRunner is the goroutine handlers run on, and its two channels: calls
// in, and for each the panic ("" when the handler returned) out.
type fuzzRunner struct {
	calls chan *fuzzCall
	done  chan string
}

func newFuzzRunner() *fuzzRunner {
	r := &fuzzRunner{calls: make(chan *fuzzCall), done: make(chan string, 1)}
	go r.run()
	return r
}

// run serves calls until calls is closed or a handler hangs in it (done
// has room for the answer of that one, which nobody reads).
func (r *fuzzRunner) run() {
	for c := range r.calls {
		r.done <- c.serve()
	}
}

func (c *fuzzCall) serve() (panicked string) {
	defer func() {
		switch p := recover(); {
		case p == nil:
		case p == http.ErrAbortHandler:
			panicked = "the handler aborted (panic(http.ErrAbortHandler)): net/http drops the connection"
		default:
			panicked = fmt.Sprintf("the handler panicked (net/http drops the connection): %v%s", p, panicSite(debug.Stack()))
		}
	}()
	c.h.ServeHTTP(&c.w, c.req)
	return ""
}

// serve calls the handler as net/http would, on a goroutine of its own: a
// panic is a dropped connection, a handler still running after the time
// limit a hang (its request's context is canceled then), a body over the
// cap an oversized response.
func (z *fuzzer) serve(h http.Handler, method string, header http.Header, body []byte) oracle.Answer {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &fuzzCall{h: h, w: fuzzWriter{header: http.Header{}, max: z.maxBody}}
	// The handler gets a header of its own (it may change it), and as
	// net/http gives, http.NoBody for an empty body.
	var rb io.ReadCloser = http.NoBody
	if len(body) > 0 {
		c.body.Reset(body)
		rb = &c.body
	}
	c.req = (&http.Request{
		Method: method, URL: z.url, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header.Clone(), Body: rb, ContentLength: int64(len(body)),
		Host: z.url.Host, RemoteAddr: "192.0.2.1:1234", RequestURI: "/",
	}).WithContext(ctx)
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.runner == nil {
		z.runner = newFuzzRunner()
		z.timer = time.NewTimer(z.timeout)
	} else {
		z.timer.Reset(z.timeout)
	}
	z.runner.calls <- c
	select {
	case p := <-z.runner.done:
		z.timer.Stop()
		if p != "" {
			return oracle.Answer{Failure: &contract.Failure{Kind: contract.FailReset, Detail: p}}
		}
	case <-z.timer.C:
		// The handler hangs in the runner: leave it there, and serve the
		// next input on a new one.
		cancel()
		close(z.runner.calls)
		z.runner = nil
		return oracle.Answer{Failure: &contract.Failure{Kind: contract.FailTimeout, Detail: fmt.Sprintf("the handler had not returned after %v", z.timeout)}}
	}
	w := &c.w
	if w.tooLarge {
		return oracle.Answer{Status: w.status, Header: w.sent, Failure: &contract.Failure{Kind: contract.FailTooLarge, Detail: fmt.Sprintf("response body over %d bytes", z.maxBody)}}
	}
	w.finish()
	return oracle.Answer{Status: w.status, Header: w.sent, Body: w.body}
}

// panicSite is " at <function> (<file>:<line>)" for the frame that
// panicked, read from the panicking goroutine's stack, or "".
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		// The frames after the last runtime panic frame are the handler's.
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			fn := lines[i+2]
			if i+3 < len(lines) {
				file, _, _ := strings.Cut(strings.TrimSpace(lines[i+3]), " +")
				return fmt.Sprintf(" at %s (%s)", strings.TrimSpace(fn), file)
			}
		}
	}
	return ""
}

// identity judges the identity rules across the two requests of an input
// (oracle.CheckPair): when both were valid and both succeeded, the same name
// must keep its id and created_at, and two names must get two ids. rule is
// the rule judged, "" when none was.
func identity(first, second fuzzExchange) (rule rules.ID, vs []contract.Violation) {
	return oracle.CheckPair(first.named(), second.named())
}

// named is the exchange as the identity rules see it: the name its body
// carries.
func (x fuzzExchange) named() oracle.Named {
	name, _ := generators.Identity(x.req.Body)
	return oracle.Named{Name: name, Expect: x.expect, Observed: x.verdict.Observed}
}

// explain is the failure text for one input, "" when nothing broke a
// selected rule: headline(n) of its n findings, then each violation
// subject first, with the request's expectation and curl line, in the
// manner of Test.
func (z *fuzzer) explain(in Input, exchanges []fuzzExchange, identity []contract.Violation, headline func(n int) string) string {
	var lines []string
	n := 0
	for i, x := range exchanges {
		var vs []contract.Violation
		for _, v := range x.verdict.Violations {
			if z.rules.Has(v.Rule) {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			continue
		}
		n++
		lines = append(lines, result.Clip(fmt.Sprintf("%d. %s", n, vs[0])))
		lines = append(lines, result.Clip(fmt.Sprintf("   request %d of %d: %s, %s, expect %s", i+1, len(exchanges), x.req.Method, in.headers().name, describeExpect(x.expect))))
		for _, v := range vs[1:] {
			lines = append(lines, result.Clip("   also: "+v.String()))
		}
		if x.answer.Failure != nil && x.answer.Failure.Kind == contract.FailReset {
			lines = append(lines, result.Clip("   panic: "+x.answer.Failure.Detail))
		}
		lines = append(lines, result.Clip("   curl: "+z.client.Curl(x.req)))
	}
	var vs []contract.Violation
	for _, v := range identity {
		if z.rules.Has(v.Rule) {
			vs = append(vs, v)
		}
	}
	if len(vs) > 0 {
		n++
		lines = append(lines, result.Clip(fmt.Sprintf("%d. %s", n, vs[0])))
		for _, v := range vs[1:] {
			lines = append(lines, result.Clip("   also: "+v.String()))
		}
		lines = append(lines, result.Clip("   first: "+z.client.Curl(exchanges[0].req)), result.Clip("   curl: "+z.client.Curl(exchanges[1].req)),
			"   needs: a fresh handler (conformance.Fuzz makes one for every input): the first request creates the name")
	}
	if n == 0 {
		return ""
	}
	return headline(n) + "\n" + strings.Join(lines, "\n")
}

// fuzzHeadline is the headline of Fuzz's failure message of n findings.
func fuzzHeadline(n int) string {
	return "conformance.Fuzz: " + findings(n) + "; Go keeps this input under testdata/fuzz as a regression case"
}

// findings says n findings.
func findings(n int) string {
	if n == 1 {
		return "the handler broke the contract (1 finding)"
	}
	return fmt.Sprintf("the handler broke the contract (%d findings)", n)
}

func describeExpect(e contract.Expectation) string {
	switch e.Outcome {
	case contract.Reject:
		return "reject (breaks " + e.Breaks.String() + ")"
	case contract.Either:
		return "either envelope (the contract is silent)"
	case contract.Unspecified:
		return "any answer but what robustness forbids (the contract describes POST only)"
	}
	return e.Outcome.String()
}

// fuzzWriter is the http.ResponseWriter of one fuzzed request: what
// net/http would send, with the body capped.
type fuzzWriter struct {
	header   http.Header
	sent     http.Header // the header as of WriteHeader
	status   int
	body     []byte
	max      int64
	tooLarge bool
}

var errFuzzBodyTooLarge = errors.New("conformance.Fuzz: response body over the cap")

func (w *fuzzWriter) Header() http.Header { return w.header }

func (w *fuzzWriter) WriteHeader(code int) {
	if w.status != 0 || code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		return // a second call is ignored; 1xx are interim responses
	}
	w.status = code
	w.sent = w.header.Clone()
}

func (w *fuzzWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		// As net/http: a missing Content-Type is sniffed from the first
		// bytes written (a present but empty one suppresses that).
		if _, ok := w.header["Content-Type"]; !ok && len(p) > 0 {
			w.header.Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	if int64(len(w.body)+len(p)) > w.max {
		w.tooLarge = true
		return 0, errFuzzBodyTooLarge
	}
	w.body = append(w.body, p...)
	return len(p), nil
}

// Flush implements http.Flusher (there is nothing to flush).
func (w *fuzzWriter) Flush() {}

// finish is what net/http does when the handler returns: a handler that
// wrote nothing sent 200 with an empty body.
func (w *fuzzWriter) finish() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
}
