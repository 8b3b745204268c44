package reports_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// slice is slice i of n of a campaign of seed 5 and budget 20, with the
// findings fs.
func slice(i, n int, fs ...result.Finding) *result.Result {
	return &result.Result{
		Format: result.Format, Verdict: result.Conformant, Endpoint: "http://127.0.0.1:8080", Seed: 5, Budget: 20, Dialect: rules.Envelope,
		Spec:     result.Spec{Source: "embedded", SHA256: strings.Repeat("a", 64)},
		Sharding: &result.Sharding{Slice: result.Slice{Index: i, Of: n}, MaxFindings: 2, Rules: []rules.ID{rules.RejectsInvalid}, NamePrefix: "ci-"},
		Rules:    []result.RuleOutcome{{ID: rules.RejectsInvalid, Status: result.Pass, Cases: 10}},
		Findings: fs,
	}
}

// TestMergeSlicesRefuses: a set of slices that is not exactly every slice
// of one campaign is refused, saying why and naming the reports.
func TestMergeSlicesRefuses(t *testing.T) {
	edit := func(r *result.Result, f func(*result.Result)) *result.Result { f(r); return r }
	tests := []struct {
		name, reason, want string
		runs               []*result.Result
	}{
		{"missing", "slice 2 of 3 never merged", "slice 2 of 3 missing", []*result.Result{slice(1, 3), slice(3, 3)}},
		{"twice", "slice 1 given twice", "are both slice 1/2", []*result.Result{slice(1, 2), slice(1, 2), slice(2, 2)}},
		{"of another count", "1/2 and 2/3 are of two ways to slice", "share n", []*result.Result{slice(1, 2), slice(2, 3)}},
		{"seed", "another seed draws other cases", "share the seed", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Seed = 6 })}},
		{"budget", "another budget draws other cases", "share the seed and the budget", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Budget = 40 })}},
		{"dialect", "another dialect sends other requests", "share the dialect", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Dialect = rules.AWS })}},
		{"rules", "another -rules runs other properties", "share -rules", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Sharding.Rules = nil })}},
		{"prefix", "another prefix draws other names", "share -name-prefix", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Sharding.NamePrefix = "pdc-x" })}},
		{"max findings", "a slice that kept fewer causes lost some", "keep as many", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Sharding.MaxFindings = 5 })}},
		{"mixed", "a slice and a whole run", "not both", []*result.Result{slice(1, 2), edit(slice(2, 2), func(r *result.Result) { r.Sharding = nil })}},
	}
	for _, tt := range tests {
		names := make([]string, len(tt.runs))
		for i := range names {
			names[i] = fmt.Sprintf("r%d.json", i+1)
		}
		_, err := reports.Merge(names, tt.runs)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s (%s): got %v, want one line saying %q", tt.name, tt.reason, err, tt.want)
		}
	}
	if _, err := reports.Merge([]string{"a.json", "b.json"}, []*result.Result{slice(2, 2), slice(1, 2)}); err != nil {
		t.Errorf("every slice, in any order: got %v, want them merged", err)
	}
}

// TestMergeSlicesKeepsOneFindingPerCause: of each cause the finding of
// the smallest case, then the earliest, whichever slice had it, counted
// over every slice; each rule's first MaxFindings causes in signature
// order; those that came back every time before the intermittent ones.
func TestMergeSlicesKeepsOneFindingPerCause(t *testing.T) {
	f := func(sig string, count, bytes int, order uint64, intermittent bool) result.Finding {
		return result.Finding{Rule: rules.RejectsInvalid, Signature: sig, Count: count, CaseBytes: bytes, CaseOrder: order, Intermittent: intermittent}
	}
	a := slice(1, 2, f("c", 2, 50, 10, false), f("d", 1, 10, 12, false))
	b := slice(2, 2, f("a", 1, 70, 300, true), f("c", 3, 40, 400, false), f("d", 1, 10, 2, false))
	m, err := reports.Merge([]string{"a.json", "b.json"}, []*result.Result{a, b})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range m.Findings {
		got = append(got, fmt.Sprintf("%s×%d@%d", x.Signature, x.Count, x.CaseOrder))
	}
	// "d" is past the 2 causes kept; "a" is intermittent, so last.
	if want := "c×5@400 a×1@300"; strings.Join(got, " ") != want {
		t.Errorf("merged findings: %q, want %q (the smaller case of c, counted in both slices; d past the two first causes; a, intermittent, last)", strings.Join(got, " "), want)
	}
}
