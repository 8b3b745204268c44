package campaign_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

func mutant(t *testing.T, name string) http.Handler {
	t.Helper()
	m, ok := mutants.Named(name)
	if !ok {
		t.Fatalf("no mutant %q", name)
	}
	return m.New()
}

// TestEveryKeptFindingIsShrunk: not only the first finding of each rule is
// shrunk, and each says how far it went.
func TestEveryKeptFindingIsShrunk(t *testing.T) {
	res := run(t, colonMutant(), campaign.Config{Seed: 2})
	fs := res.FindingsFor(rules.RejectsInvalid)
	if len(fs) < 2 {
		t.Fatalf("rejects-invalid findings: got %d, want several", len(fs))
	}
	for _, f := range fs {
		if f.Shrink != result.ShrinkFull || !f.Shrunk || f.ShrinkRequests == 0 {
			t.Errorf("finding %q: got shrink %q (shrunk %v) after %d requests, want full", f.Summary, f.Shrink, f.Shrunk, f.ShrinkRequests)
		}
		if body := string(f.Request.Body); len(body) > 200 {
			t.Errorf("finding %q: got a %d-byte body, want a minimal one: %.200s", f.Summary, len(body), body)
		}
	}
}

// TestShrinkBudgets: a finding whose budget runs out says it was shrunk in
// part; past the run's total, findings are left as found; no finding
// spends more than its budget.
func TestShrinkBudgets(t *testing.T) {
	res := run(t, mutant(t, "name-length-in-bytes"), campaign.Config{Seed: 1, ShrinkRequests: 12})
	fs := res.FindingsFor(rules.AcceptsValid)
	if len(fs) == 0 {
		t.Fatal("accepts-valid findings: got none")
	}
	for _, f := range fs {
		if f.Shrink != result.ShrinkPartial || f.ShrinkRequests > 12 {
			t.Errorf("finding with a budget of 12: got shrink %q after %d requests, want partial within 12", f.Shrink, f.ShrinkRequests)
		}
	}
	res = run(t, colonMutant(), campaign.Config{Seed: 2, ShrinkTotal: 3})
	total, none := 0, 0
	for _, f := range res.Findings {
		total += f.ShrinkRequests
		if f.Shrink == result.ShrinkNone {
			none++
		}
	}
	if total > 3 || none == 0 {
		t.Errorf("total budget 3: got %d requests spent, %d findings left as found, want at most 3 and some left", total, none)
	}
}

// TestEarlyNamesAreSentAgain: a store that forgets its oldest names is
// caught by sending early names again at the end of the run.
func TestEarlyNamesAreSentAgain(t *testing.T) {
	res := run(t, mutant(t, "forgets-early-names"), campaign.Config{Seed: 3})
	var found bool
	for _, f := range res.FindingsFor(rules.UpsertIdentity) {
		if f.Property != "revisit" {
			continue
		}
		found = true
		if f.Shrink != result.ShrinkNone || f.Previous == nil || !strings.Contains(f.Needs, "other requests") {
			t.Errorf("revisit finding %q: got shrink %q, first request %v, needs %q, want none, the first request, the requests in between", f.Summary, f.Shrink, f.Previous != nil, f.Needs)
		}
	}
	if !found {
		t.Errorf("findings of a store of 256 names: got none from the revisit, want some (findings: %v)", res.Findings)
	}
	if st := res.Rule(rules.UpsertIdentity); st.Failures == 0 {
		t.Errorf("upsert-identity: got no failures, want the revisits'")
	}
}

// TestConcurrentFirstCreates: first creates of one name released together
// must all get one id; a store that checks, then inserts, is reported under
// upsert-identity with a line that sends the requests in parallel.
func TestConcurrentFirstCreates(t *testing.T) {
	res := run(t, mutant(t, "racy-first-create"), campaign.Config{Seed: 5})
	var found bool
	for _, f := range res.FindingsFor(rules.UpsertIdentity) {
		if f.Property != "concurrency" {
			continue
		}
		found = true
		if !strings.HasPrefix(f.Curl, "for i in 1 2 3 4; do ") || !strings.HasSuffix(f.Curl, " & done; wait") {
			t.Errorf("concurrency finding: got curl %q, want a loop sending the requests in parallel", f.Curl)
		}
		if !strings.Contains(f.Summary, "ids") {
			t.Errorf("concurrency finding: got summary %q, want the ids", f.Summary)
		}
	}
	if !found {
		t.Errorf("findings of a racy store: got none from the concurrency check (findings %v)", res.Findings)
	}
	for _, p := range res.Properties {
		if p.Name == "concurrency" && p.Requests != campaign.Concurrent*campaign.ConcurrentNames {
			t.Errorf("concurrency requests: got %d, want %d", p.Requests, campaign.Concurrent*campaign.ConcurrentNames)
		}
	}
}
