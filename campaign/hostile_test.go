package campaign_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

// hostileTimeout is the per-request timeout of the hostile campaigns.
const hostileTimeout = 300 * time.Millisecond

// hostileBound is how long a test waits for a hostile campaign before it
// calls it hung: a minute, far above what a hostile campaign takes even on
// a loaded machine under the race detector, since the point is that the
// campaign ends, not how fast. It is a hang guard, not a speed target.
const hostileBound = time.Minute

// hostileServer starts an httptest server whose error log is discarded
// (hostile handlers make net/http complain on purpose) and counts requests.
func hostileServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	// Runs before Close: a handler still blocked must not hold Close up.
	t.Cleanup(srv.CloseClientConnections)
	return srv, &n
}

// hangingHandler reads the request and then never answers. Reading the body first
// lets net/http notice the client hanging up, which ends the handler.
func hangingHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	})
}

// hostileRun runs a short, unshrunk campaign against url and fails the test
// if it has not ended within hostileBound (a hang guard).
func hostileRun(t *testing.T, url string, cfg campaign.Config) (*result.Result, time.Duration) {
	t.Helper()
	cfg.Endpoint = url
	cfg.Shrink = false
	if cfg.Seed == 0 {
		cfg.Seed = 7
	}
	r := newRunner(t, transport.Config{RequestTimeout: hostileTimeout, MaxBodyBytes: 64 << 10}, cfg)

	// The campaign runs in its own goroutine so that a hang is reported as
	// a failure instead of blocking until go test's -timeout.
	done := make(chan *result.Result, 1)
	start := time.Now()
	go func() { res, _ := r.Run(context.Background()); done <- res }()
	select {
	case res := <-done:
		return res, time.Since(start)
	case <-time.After(hostileBound):
		t.Fatalf("campaign: still running after %v (a hang guard, not a speed target), want it to end whatever the endpoint does", hostileBound)
		return nil, 0
	}
}

// hijackHandler takes the connection over, lets f write raw bytes, and closes it.
func hijackHandler(f func(w io.Writer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		if f != nil {
			f(buf)
			buf.Flush()
		}
	}
}

// everyNthHandler answers every nth request with status, the others with the
// reference emulator.
func everyNthHandler(n int64, status int) http.Handler {
	em := emulator.New()
	var count atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1)%n == 0 {
			emulator.WriteError(w, status, "try again later")
			return
		}
		em.ServeHTTP(w, r)
	})
}

func TestHostileEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		reason  string
		handler http.Handler
		// wantKind is the transport kind the robustness finding must show
		// (empty: a complete response with wantStatus).
		wantKind   contract.FailureKind
		wantStatus int
		// intermittent: robustness must fail on some cases, not all.
		intermittent bool
	}{
		{
			name:     "hang",
			reason:   "a handler that never answers is cut at the request timeout",
			handler:  hangingHandler(),
			wantKind: contract.FailTimeout,
		},
		{
			name:   "slow trickle",
			reason: "one byte every 50ms forever never completes a response",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				rc := http.NewResponseController(w)
				for {
					if _, err := w.Write([]byte(" ")); err != nil {
						return
					}
					if rc.Flush() != nil {
						return
					}
					select {
					case <-r.Context().Done():
						return
					case <-time.After(50 * time.Millisecond):
					}
				}
			}),
			wantKind: contract.FailTimeout,
		},
		{
			name:   "endless body",
			reason: "a body that never ends is cut at the body cap",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				chunk := []byte(strings.Repeat("x", 32<<10))
				for {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			}),
			wantKind: contract.FailTooLarge,
		},
		{
			name:     "reset connection",
			reason:   "a connection closed before any response is a dropped connection",
			handler:  hijackHandler(nil),
			wantKind: contract.FailReset,
		},
		{
			name:   "truncated body",
			reason: "a body shorter than its Content-Length is a dropped connection",
			handler: hijackHandler(func(w io.Writer) {
				io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"success\":tr")
			}),
			wantKind: contract.FailReset,
		},
		{
			name:   "malformed response",
			reason: "bytes that are not HTTP are a malformed response",
			handler: hijackHandler(func(w io.Writer) {
				io.WriteString(w, "THIS IS NOT HTTP\r\n\r\n")
			}),
			wantKind: contract.FailMalformed,
		},
		{
			name:   "500",
			reason: "a 5xx breaks robustness whatever the body",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				emulator.WriteError(w, http.StatusInternalServerError, "boom")
			}),
			wantStatus: http.StatusInternalServerError,
		},
		{
			name:         "intermittent 503",
			reason:       "a 503 on every third request is an intermittent robustness failure",
			handler:      everyNthHandler(3, http.StatusServiceUnavailable),
			wantStatus:   http.StatusServiceUnavailable,
			intermittent: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := hostileServer(t, tt.handler)
			res, took := hostileRun(t, srv.URL, campaign.Config{Budget: 6, Workers: 4})
			t.Logf("%d requests in %v, stopped %q", res.Requests, took, res.Stopped)

			if got := res.Verdict; got != "non-conformant" {
				t.Errorf("verdict (%s): got %s, want non-conformant (err %v)", tt.reason, got, res.Error)
			}
			fs := res.FindingsFor(rules.Robustness)
			if len(fs) == 0 {
				t.Fatalf("robustness findings (%s): got none, want at least one", tt.reason)
			}
			if !anyFinding(fs, func(f result.Finding) bool { return showsKind(f, tt.wantKind, tt.wantStatus) }) {
				for _, f := range fs {
					t.Logf("finding: %s; request %+v, response %+v, error %q", f.Summary, f.Request, f.Response, f.Error)
				}
				t.Errorf("robustness findings (%s): got none showing %s, want one", tt.reason, kindDesc(tt.wantKind, tt.wantStatus))
			}
			for _, f := range fs {
				if e := f.Request; f.Curl == "" || e.Method == "" || e.URL != srv.URL {
					t.Errorf("finding %q exchange: got method %q url %q curl %q, want all set to the request sent", f.Summary, e.Method, e.URL, f.Curl)
				}
			}
			st := res.Rule(rules.Robustness)
			if st.Failures == 0 || st.Failures > st.Cases {
				t.Errorf("robustness row: got %d failures of %d cases, want 1..cases", st.Failures, st.Cases)
			}
			if tt.intermittent {
				if st.Failures >= st.Cases {
					t.Errorf("robustness row (%s): got %d failures of %d cases, want fewer failures than cases", tt.reason, st.Failures, st.Cases)
				}
				// Roughly one in three: allow wide slack for the
				// preflight request and concurrency.
				if st.Failures*6 < st.Cases || st.Failures*3 > st.Cases*2 {
					t.Errorf("robustness row (%s): got %d failures of %d cases, want about a third", tt.reason, st.Failures, st.Cases)
				}
			}
		})
	}
}

// TestRedirectNeverFollowed checks that a 302 to a second server is a
// robustness finding and that the second server receives nothing.
func TestRedirectNeverFollowed(t *testing.T) {
	t.Parallel()
	target, targetHits := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		emulator.WriteSuccess(w, "stolen", time.Now())
	}))
	src, srcHits := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/elsewhere", http.StatusFound)
	}))
	res, took := hostileRun(t, src.URL, campaign.Config{Budget: 6, Workers: 4})
	t.Logf("%d requests in %v", res.Requests, took)

	if got := targetHits.Load(); got != 0 {
		t.Errorf("redirect target requests: got %d, want 0 (redirects are never followed)", got)
	}
	if got := srcHits.Load(); got == 0 {
		t.Errorf("source requests: got 0, want some")
	}
	if got := res.Verdict; got != "non-conformant" {
		t.Errorf("verdict: got %s, want non-conformant", got)
	}
	fs := res.FindingsFor(rules.Robustness)
	if !anyFinding(fs, func(f result.Finding) bool { return showsKind(f, contract.FailRedirect, http.StatusFound) }) {
		t.Errorf("robustness findings: got %d, none showing %s, want one", len(fs), kindDesc(contract.FailRedirect, http.StatusFound))
	}
	for _, f := range fs {
		if !strings.Contains(f.Summary, target.URL+"/elsewhere") {
			t.Errorf("finding summary: got %q, want it to name the Location %q", f.Summary, target.URL+"/elsewhere")
		}
	}
}

// TestStopsWhenEndpointKeepsTimingOut checks that a hanging endpoint ends
// the campaign after a few timeouts, instead of Budget x timeout.
func TestStopsWhenEndpointKeepsTimingOut(t *testing.T) {
	t.Parallel()
	srv, hits := hostileServer(t, hangingHandler())
	const budget = 1000 // every property x 1000 x 300ms / 4 workers: many minutes if waited out, past hostileBound
	res, took := hostileRun(t, srv.URL, campaign.Config{Budget: budget, Workers: 4, MaxTimeouts: 4})
	t.Logf("%d requests (%d seen) in %v, stopped %q", res.Requests, hits.Load(), took, res.Stopped)

	if res.Stopped == "" {
		t.Errorf("Stopped: got empty, want the reason the campaign stopped early")
	}
	if res.Interrupted {
		t.Errorf("Interrupted: got true, want false (nothing canceled the context)")
	}
	if got := res.Verdict; got != "non-conformant" {
		t.Errorf("verdict: got %s, want non-conformant", got)
	}
	if res.Requests >= budget {
		t.Errorf("requests: got %d, want far fewer than the budget %d", res.Requests, budget)
	}
	fs := res.FindingsFor(rules.Robustness)
	if !anyFinding(fs, func(f result.Finding) bool { return showsKind(f, contract.FailTimeout, 0) }) {
		t.Errorf("robustness findings: got %d, none showing a timeout, want one", len(fs))
	}
}

func anyFinding(fs []result.Finding, ok func(result.Finding) bool) bool {
	for _, f := range fs {
		if ok(f) {
			return true
		}
	}
	return false
}

// showsKind reports whether the finding's summary and exchange show the
// transport kind (and the status, when given).
func showsKind(f result.Finding, kind contract.FailureKind, status int) bool {
	if f.Request.Method == "" {
		return false
	}
	e := f
	if status != 0 && (e.Response == nil || e.Response.Status != status) {
		return false
	}
	if kind == "" {
		return e.Error == "" && strings.Contains(f.Summary, fmt.Sprintf("got %d ", status))
	}
	if !strings.HasPrefix(e.Error, string(kind)+": ") {
		return false
	}
	if kind == contract.FailRedirect {
		return strings.Contains(f.Summary, fmt.Sprintf("got %d redirect", status))
	}
	return strings.Contains(f.Summary, "got "+string(kind)+": ")
}

func kindDesc(kind contract.FailureKind, status int) string {
	switch {
	case kind == "":
		return fmt.Sprintf("status %d", status)
	case status == 0:
		return fmt.Sprintf("kind %q", kind)
	}
	return fmt.Sprintf("kind %q with status %d", kind, status)
}

// TestConcurrentCampaigns runs campaigns side by side in one process, one of
// them shrinking while the others draw cases: run it with -race.
func TestConcurrentCampaigns(t *testing.T) {
	t.Parallel()
	accepts := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		emulator.WriteSuccess(w, fmt.Sprint(time.Now().UnixNano()), time.Now())
	})
	srv, _ := hostileServer(t, accepts)
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	const n = 3
	results := make(chan *result.Result, n)
	for i := range n {
		g, err := generators.New(s, generators.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := transport.New(transport.Config{RequestTimeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		r := &campaign.Runner{Spec: s, Gen: g, Client: c, Config: filled(campaign.Config{
			Endpoint: srv.URL, Seed: uint64(i + 1), Budget: 10 * (i + 1), Workers: 2,
			Shrink: i == 0, ShrinkTime: 200 * time.Millisecond,
		})}
		go func() { res, _ := r.Run(context.Background()); results <- res }()
	}
	for range n {
		select {
		case res := <-results:
			if got := res.Verdict; got != "non-conformant" {
				t.Errorf("verdict of campaign seed %d: got %s, want non-conformant", res.Seed, got)
			}
		case <-time.After(hostileBound):
			t.Fatalf("concurrent campaigns: no result after %v (a hang guard, not a speed target), want all to end", hostileBound)
		}
	}
}
