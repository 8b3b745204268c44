package campaign_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

func run(t *testing.T, h http.Handler, cfg campaign.Config) *campaign.Result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg.Endpoint = srv.URL
	cfg.Shrink = true
	return newRunner(t, transport.Config{}, cfg).Run(context.Background())
}

// newRunner builds a runner on the embedded spec, closed with the test.
func newRunner(t *testing.T, tc transport.Config, cfg campaign.Config) *campaign.Runner {
	t.Helper()
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
	if res.Verdict() != "conformant" {
		for _, f := range res.Findings {
			t.Errorf("finding: %s (%s)", f.Summary, f.Case)
		}
		t.Fatalf("verdict: got %s, want conformant", res.Verdict())
	}
	t.Logf("%d requests in %v", res.Requests, res.Duration)
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
		t.Fatalf("rejects-invalid findings: got none, want some (verdict %s)", res.Verdict())
	}
	for _, f := range res.Findings {
		t.Logf("%s shrunk=%v body=%s", f.Summary, f.Shrunk, f.Exchanges[0].Body)
	}
}
