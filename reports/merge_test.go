package reports_test

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
)

func mutant(t *testing.T, name string) func() http.Handler {
	t.Helper()
	m, ok := mutants.Named(name)
	if !ok {
		t.Fatalf("no mutant %s", name)
	}
	return m.New
}

// TestMergeShards: runs sharded by rule filter and by seed merge into one
// result whose counts are the sum of the shards' (each rule's over the
// runs that judged it), whose verdict is the worst, whose findings are
// every shard's, and whose reports are written and valid.
func TestMergeShards(t *testing.T) {
	bad := conformance.Handler(mutant(t, "accepts-colon-in-name"))
	t.Run("by rule", func(t *testing.T) {
		a, _, _ := check(t, bad, conformance.WithRules(rules.RejectsInvalid, rules.AcceptsValid))
		b, _, _ := check(t, bad, conformance.WithRules(rules.UpsertIdentity, rules.Robustness))
		m, err := reports.Merge([]string{"a.json", "b.json"}, []*result.Result{a, b})
		if err != nil {
			t.Fatal(err)
		}
		if m.Verdict != "non-conformant" || m.Requests != a.Requests+b.Requests || m.Seed != a.Seed || len(m.Shards) != 2 {
			t.Errorf("merged: verdict %s, %d requests, seed %d, %d shards; want non-conformant, %d, %d, 2",
				m.Verdict, m.Requests, m.Seed, len(m.Shards), a.Requests+b.Requests, a.Seed)
		}
		for _, r := range m.Rules {
			var want result.RuleOutcome
			for _, x := range []*result.Result{a, b} {
				if row := x.Rule(r.ID); row.Status != "skipped" {
					want.Cases += row.Cases
					want.Failures += row.Failures
				}
			}
			if r.Cases != want.Cases || r.Failures != want.Failures {
				t.Errorf("merged %s: %d of %d, want %d of %d (the runs that judged it)", r.ID, r.Failures, r.Cases, want.Failures, want.Cases)
			}
			judged := a.Rule(r.ID).Status != "skipped" || b.Rule(r.ID).Status != "skipped"
			if (r.Status != "skipped") != judged {
				t.Errorf("merged %s: status %s, want skipped only when no run judged it", r.ID, r.Status)
			}
		}
		if m.Rule(rules.RejectsInvalid).Status != "fail" || len(m.FindingsFor(rules.RejectsInvalid)) == 0 {
			t.Errorf("merged rejects-invalid: %+v, want it failed with its findings", m.Rule(rules.RejectsInvalid))
		}
		dir := filepath.Join(t.TempDir(), "merged")
		if err := reports.Write(dir, m); err != nil {
			t.Fatal(err)
		}
		validReport(t, dir)
		var b2 bytes.Buffer
		_ = reports.Console(&b2, m, reports.ConsoleOptions{Dir: dir})
		if !strings.Contains(b2.String(), "merged from 2 runs, seed "+strconv.FormatUint(a.Seed, 10)) {
			t.Errorf("merged console: got %q, want the headline to say it merged 2 runs of one seed", strings.SplitN(b2.String(), "\n", 2)[0])
		}
	})
	t.Run("by seed", func(t *testing.T) {
		a, _, _ := check(t, bad, conformance.WithSeed(1))
		b, _, _ := check(t, bad, conformance.WithSeed(2))
		m, err := reports.Merge([]string{"a.json", "b.json"}, []*result.Result{a, b})
		if err != nil {
			t.Fatal(err)
		}
		if m.Seed != 0 || m.Shards[0].Seed != 1 || m.Shards[1].Seed != 2 {
			t.Errorf("merged seeds: %d with shards %+v, want 0 and each shard's seed", m.Seed, m.Shards)
		}
		if got := m.Rule(rules.RejectsInvalid).Cases; got != a.Rule(rules.RejectsInvalid).Cases+b.Rule(rules.RejectsInvalid).Cases {
			t.Errorf("merged rejects-invalid cases: %d, want the sum", got)
		}
		if len(m.Findings) != len(a.Findings)+len(b.Findings) {
			t.Errorf("merged findings: %d, want every shard's (%d + %d)", len(m.Findings), len(a.Findings), len(b.Findings))
		}
		for i, n := range m.Latency.Counts {
			if n != a.Latency.Counts[i]+b.Latency.Counts[i] {
				t.Errorf("merged latency bucket %d: %d, want the sum", i, n)
			}
		}
		if !strings.Contains(m.Headline(), "seeds 1, 2") {
			t.Errorf("merged headline: %q, want both seeds", m.Headline())
		}
	})
	t.Run("refused", func(t *testing.T) {
		a, _, _ := check(t, bad)
		other := *a
		other.Endpoint = "http://elsewhere.invalid/"
		if _, err := reports.Merge([]string{"a.json", "b.json"}, []*result.Result{a, &other}); err == nil || !strings.Contains(err.Error(), "b.json") {
			t.Errorf("Merge of two endpoints: got %v, want a refusal naming b.json", err)
		}
		spec := *a
		spec.Spec.SHA256 = strings.Repeat("0", 64)
		if _, err := reports.Merge([]string{"a.json", "b.json"}, []*result.Result{a, &spec}); err == nil {
			t.Errorf("Merge of two specs: got nil, want a refusal")
		}
	})
	t.Run("error wins", func(t *testing.T) {
		a, _, _ := check(t, conformance.Handler(newEmulator))
		e, _, _ := check(t, conformance.URL(unreachable(t)))
		e.Endpoint = a.Endpoint
		e.Spec = a.Spec
		m, err := reports.Merge([]string{"a.json", "e.json"}, []*result.Result{a, e})
		if err != nil {
			t.Fatal(err)
		}
		if m.Verdict != "error" || !strings.Contains(m.Error, "e.json: ") {
			t.Errorf("merged with an errored run: verdict %s, error %q; want error, saying which run", m.Verdict, m.Error)
		}
	})
}

// TestCompare: a fixed endpoint newly passes what the faulty one failed,
// and the other way round is a regression.
func TestCompare(t *testing.T) {
	faulty, _, _ := check(t, conformance.Handler(mutant(t, "accepts-colon-in-name")))
	fixed, _, _ := check(t, conformance.Handler(newEmulator))
	d := reports.Compare(faulty, fixed)
	if d.Regressed() || len(d.NewlyPassing) != 1 || d.NewlyPassing[0].ID != rules.RejectsInvalid || len(d.GoneFindings) == 0 {
		t.Errorf("faulty → fixed: %+v, want rejects-invalid newly passing and no regression", d)
	}
	back := reports.Compare(fixed, faulty)
	if !back.Regressed() || len(back.NewlyFailing) != 1 || len(back.NewFindings) == 0 {
		t.Errorf("fixed → faulty: %+v, want rejects-invalid newly failing, a regression", back)
	}
	var out bytes.Buffer
	if err := back.Print(&out, "old.json", "new.json"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"compare: REGRESSION", "newly failing rules: 1", "  rejects-invalid: 0 of ", "new causes of findings: 1", "newly passing rules: none"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Print: got\n%s\nwant %q in it", out.String(), want)
		}
	}
	if long := longLines(out.String()); len(long) > 0 {
		t.Errorf("Print: lines over MaxLine: %q", long)
	}
	same := reports.Compare(faulty, faulty)
	if same.Regressed() || len(same.NewlyPassing) != 0 || len(same.GoneFindings) != 0 {
		t.Errorf("a report against itself: %+v, want no change", same)
	}
	other, _, _ := check(t, conformance.Handler(mutant(t, "accepts-colon-in-name")), conformance.WithSeed(43))
	if d := reports.Compare(faulty, other); d.Regressed() || len(d.Notes) == 0 {
		t.Errorf("the same fault under another seed: %+v, want no regression (findings matched by cause), with a note on the seeds", d)
	}
}

// TestCompareDoesNotFlap: the same server at many seeds compares clean
// against itself (the causes of its findings do not depend on the seed),
// a fix is shown as fixed, and a new fault is a regression.
func TestCompareDoesNotFlap(t *testing.T) {
	for _, name := range []string{"accepts-colon-in-name", "500-on-50-tags", "new-id-on-update"} {
		m := mutant(t, name)
		var runs []*result.Result
		for seed := uint64(1); seed <= 4; seed++ {
			res, _, _ := check(t, conformance.Handler(m), conformance.WithSeed(seed), conformance.WithBudget(40))
			runs = append(runs, res)
		}
		for i := range runs {
			for j := range runs {
				if d := reports.Compare(runs[i], runs[j]); d.Regressed() || len(d.GoneFindings) > 0 {
					t.Errorf("%s, seed %d then seed %d: new %v, fixed %v; want no change", name, runs[i].Seed, runs[j].Seed, d.NewFindings, d.GoneFindings)
				}
			}
		}
		fixed, _, _ := check(t, conformance.Handler(newEmulator), conformance.WithSeed(9), conformance.WithBudget(40))
		if d := reports.Compare(runs[0], fixed); d.Regressed() || len(d.GoneFindings) == 0 {
			t.Errorf("%s then fixed: regressed %v, fixed %v; want no regression and the cause fixed", name, d.Regressed(), d.GoneFindings)
		}
		if d := reports.Compare(fixed, runs[1]); !d.Regressed() || len(d.NewFindings) == 0 {
			t.Errorf("fixed then %s: regressed %v, new %v; want a regression naming the cause", name, d.Regressed(), d.NewFindings)
		}
	}
}
