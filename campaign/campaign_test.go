package campaign_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

func run(t *testing.T, h http.Handler, cfg campaign.Config) *result.Result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg.Endpoint = srv.URL
	cfg.Shrink = true
	res, _ := newRunner(t, transport.Config{}, cfg).Run(context.Background())
	return res
}

// filled is cfg with the zero fields these tests leave out set as the
// front door's defaults set them (package conformance holds the one set of
// defaults; the campaign has none of its own).
func filled(cfg campaign.Config) campaign.Config {
	if cfg.Budget == 0 {
		cfg.Budget = 100
	}
	if cfg.Workers == 0 {
		cfg.Workers = 4
	}
	if cfg.ShrinkTime == 0 {
		cfg.ShrinkTime = 5 * time.Second
	}
	if cfg.ShrinkRequests == 0 {
		cfg.ShrinkRequests = 300
	}
	if cfg.ShrinkTotal == 0 {
		cfg.ShrinkTotal = 2000
	}
	if cfg.MaxFindings == 0 {
		cfg.MaxFindings = 3
	}
	if cfg.MaxTimeouts == 0 {
		cfg.MaxTimeouts = 8
	}
	return cfg
}

// newRunner builds a runner on the embedded spec, closed with the test.
func newRunner(t *testing.T, tc transport.Config, cfg campaign.Config) *campaign.Runner {
	t.Helper()
	cfg = filled(cfg)
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r, err := campaign.New(s, generators.Options{}, tc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Client.Close)
	return r
}

func TestEmulatorIsConformant(t *testing.T) {
	res := run(t, emulator.New(), campaign.Config{Seed: 1})
	if res.Verdict != "conformant" {
		for _, f := range res.Findings {
			t.Errorf("finding: %s (%s)", f.Summary, f.Case)
		}
		t.Fatalf("verdict: got %s, want conformant", res.Verdict)
	}
	t.Logf("%d requests in %v", res.Requests, res.Duration())
}

// colonMutant accepts ':' in names by removing it before the emulator sees it.
func colonMutant() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			if n, ok := m["destinationName"].(string); ok {
				m["destinationName"] = strings.ReplaceAll(n, ":", "")
				if m["destinationName"] == "" {
					m["destinationName"] = "x"
				}
				body, _ = json.Marshal(m)
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		em.ServeHTTP(w, r)
	})
}

func TestColonMutantIsFoundAndShrunk(t *testing.T) {
	res := run(t, colonMutant(), campaign.Config{Seed: 2})
	fs := res.FindingsFor(rules.RejectsInvalid)
	if len(fs) == 0 {
		t.Fatalf("rejects-invalid findings: got none, want some (verdict %s)", res.Verdict)
	}
	for _, f := range res.Findings {
		t.Logf("%s shrunk=%v body=%s", f.Summary, f.Shrunk, f.Request.Body)
	}
}

// TestIntermittentFindingIsMarked guards the replay: a server that answers
// 503 only the first time it sees a body breaks robustness once, and the
// finding must say the same case passed when sent again; a deterministic
// fault must not be marked.
func TestIntermittentFindingIsMarked(t *testing.T) {
	em := emulator.New()
	var mu sync.Mutex
	seen := map[string]bool{}
	flaky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		first := !seen[string(body)]
		seen[string(body)] = true
		fifth := len(seen) == 5
		mu.Unlock()
		if first && fifth { // one body, once
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		em.ServeHTTP(w, r)
	})
	fs := run(t, flaky, campaign.Config{Seed: 4, Budget: 10}).FindingsFor(rules.Robustness)
	if len(fs) != 1 || !fs[0].Intermittent || fs[0].Shrunk {
		t.Fatalf("robustness findings of a one-off 503: got %d (first %+v), want 1 marked intermittent, not shrunk", len(fs), fs)
	}
	for _, f := range run(t, colonMutant(), campaign.Config{Seed: 2}).FindingsFor(rules.RejectsInvalid) {
		if f.Intermittent {
			t.Errorf("colon finding %q: got intermittent, want a deterministic fault unmarked", f.Summary)
		}
	}
}

// TestSameSeedSameCampaign: the cases, the counts and the findings (their
// requests) depend on the seed alone, not on the number of workers.
func TestSameSeedSameCampaign(t *testing.T) {
	run1 := func(workers int) (int64, []result.RuleOutcome, []string) {
		// Accepts everything and gives every name its own id: findings
		// under rejects-invalid, the same whatever the order of arrival.
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			emulator.WriteSuccess(w, fmt.Sprintf("id-%x", sha256.Sum256(body)), time.Unix(0, 0))
		}))
		defer srv.Close()
		r := newRunner(t, transport.Config{}, campaign.Config{Endpoint: srv.URL, Seed: 11, Budget: 40, Workers: workers})
		res, _ := r.Run(context.Background())
		var bodies []string
		for _, f := range res.Findings {
			bodies = append(bodies, string(f.Rule)+" "+f.Case+" "+string(f.Request.Body))
		}
		return res.Requests, res.Rules, bodies
	}
	n1, r1, b1 := run1(1)
	n4, r4, b4 := run1(4)
	if n1 != n4 {
		t.Errorf("requests: got %d with 1 worker and %d with 4, want the same", n1, n4)
	}
	if fmt.Sprint(r1) != fmt.Sprint(r4) {
		t.Errorf("rule stats: got %v with 1 worker and %v with 4, want the same", r1, r4)
	}
	if strings.Join(b1, "\n") != strings.Join(b4, "\n") {
		t.Errorf("findings: got\n%s\nwith 1 worker and\n%s\nwith 4, want the same", strings.Join(b1, "\n"), strings.Join(b4, "\n"))
	}
	if len(b1) == 0 {
		t.Errorf("findings against a server that accepts everything: got none, want some")
	}
}
