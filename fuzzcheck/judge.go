package fuzzcheck

import (
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
	"github.com/putdestination/conformance/verdict"
)

// InProcessURL is the URL a fuzz input's requests name: the host is never
// dialled (the handler is called directly), and .invalid cannot resolve.
const InProcessURL = "http://in-process.invalid/"

// Contract is what judging a fuzz input needs of the contract: the verdict
// on a request body, the headers every request carries, and what the
// oracle judges answers with. *spec.Spec is one (any document, with
// kin-openapi) and so is *verdict.Contract (the embedded spec compiled to
// Go, which links far less).
type Contract interface {
	oracle.Contract
	RequestVerdict(body []byte) verdict.Verdict
	RequestHeaders() http.Header
}

// Config is how a Judge judges.
type Config struct {
	Contract Contract
	// RequestTimeout bounds one handler call; MaxBody caps the response
	// body read.
	RequestTimeout time.Duration
	MaxBody        int64
	// Rules are the rules whose violations fail an input (nil: every
	// rule).
	Rules rules.Selection
}

// Judge runs fuzz inputs against fresh handlers and judges them: one
// judge for `go test -fuzz`, libFuzzer builds and the replay of a kept
// input, whatever the contract was loaded from. It is safe for concurrent
// use (handler calls run one at a time).
type Judge struct {
	contract   Contract
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
	runner *runner
	timer  *time.Timer
}

// NewJudge returns the judge of the handlers newHandler makes; the error
// is for a configuration it cannot run with.
func NewJudge(newHandler func() http.Handler, cfg Config) (*Judge, error) {
	if newHandler == nil {
		return nil, errors.New("no handler (newHandler is nil)")
	}
	if cfg.Contract == nil {
		return nil, errors.New("no contract (Config.Contract is nil)")
	}
	c, err := transport.CurlClient(transport.Config{RequestTimeout: cfg.RequestTimeout, MaxBodyBytes: cfg.MaxBody})
	if err != nil {
		return nil, err
	}
	j := &Judge{contract: cfg.Contract, newHandler: newHandler, client: c, timeout: cfg.RequestTimeout, maxBody: cfg.MaxBody, rules: cfg.Rules}
	if j.timeout <= 0 {
		j.timeout = transport.DefaultRequestTimeout
	}
	if j.maxBody <= 0 {
		j.maxBody = transport.DefaultMaxBodyBytes
	}
	for i, hv := range headerVariations {
		j.headers[i] = cfg.Contract.RequestHeaders()
		hv.edit(j.headers[i])
	}
	j.url, _ = url.Parse(InProcessURL)
	return j, nil
}

// Exchange is one request of an input and what came of it.
type Exchange struct {
	Request transport.Request
	Expect  contract.Expectation
	Answer  oracle.Answer
	Verdict oracle.Judgment
	Took    time.Duration
}

// Judgement is what one input came to: its exchanges, and the identity
// rule judged across a pair (IdentityRule "" when none was).
type Judgement struct {
	Exchanges    []Exchange
	Identity     []contract.Violation
	IdentityRule rules.ID
}

// Judge runs one input against a fresh handler and judges it.
func (j *Judge) Judge(in Input) Judgement {
	h := j.newHandler()
	hv := int(in.Mode & headerBits)
	var jm Judgement
	send := func(method string, body []byte) Exchange {
		start := time.Now()
		x := j.exchange(h, method, hv, body)
		x.Took = time.Since(start)
		jm.Exchanges = append(jm.Exchanges, x)
		return x
	}
	first := send(in.Method(), in.First)
	if in.Pair() {
		second := send(http.MethodPost, in.Second)
		jm.IdentityRule, jm.Identity = oracle.CheckPair(named(first), named(second))
	}
	return jm
}

// exchange sends one request to h, with the headers of variation hv, and
// judges the answer.
func (j *Judge) exchange(h http.Handler, method string, hv int, body []byte) Exchange {
	x := Exchange{Request: transport.Request{Method: method, URL: InProcessURL, Header: j.headers[hv], Body: body}}
	if method == http.MethodPost {
		x.Expect = j.contract.RequestVerdict(body).Expectation()
	} else {
		x.Expect = contract.Expectation{Outcome: contract.Unspecified}
	}
	x.Answer = j.serve(h, method, j.headers[hv], body)
	x.Verdict = oracle.Check(j.contract, x.Expect, x.Answer)
	return x
}

// named is the exchange as the identity rules see it (oracle.CheckPair:
// when both were valid and both succeeded, the same name must keep its id
// and created_at, and two names must get two ids): the name its body
// carries.
func named(x Exchange) oracle.Named {
	name, _ := contract.Identity(x.Request.Body)
	return oracle.Named{Name: name, Expect: x.Expect, Observed: x.Verdict.Observed}
}

// Curl is the curl line of a request of an input (for reports).
func (j *Judge) Curl(req transport.Request) string { return j.client.Curl(req) }

// Timeout is the time limit of one handler call.
func (j *Judge) Timeout() time.Duration { return j.timeout }

// Selected reports whether a rule's violations fail an input.
func (j *Judge) Selected(id rules.ID) bool { return j.rules.Has(id) }
