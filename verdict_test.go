package conformance_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// TestVerdictHoldsOnlyTheSelectedRules: a server that accepts invalid
// names, checked with -rules content-type alone, is conformant for the
// rule checked: no finding under rules not selected, and those rules have
// no checks; every report says so.
func TestVerdictHoldsOnlyTheSelectedRules(t *testing.T) {
	m, ok := mutants.Named("accepts-colon-in-name")
	if !ok {
		t.Fatal("no mutant accepts-colon-in-name")
	}
	dir := t.TempDir()
	res, err := conformance.Check(context.Background(), conformance.Handler(m.New),
		conformance.WithSeed(7), conformance.WithBudget(30), conformance.WithRules(rules.ContentType), conformance.WithReportDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != result.Conformant || len(res.Findings) > 0 {
		t.Errorf("verdict %s with %d findings (first %v), want conformant with none", res.Verdict, len(res.Findings), res.Findings)
	}
	for _, row := range res.Rules {
		switch {
		case row.ID == rules.ContentType && (row.Status != result.Pass || row.Cases == 0):
			t.Errorf("content-type: got %s, %d checks; want pass with checks", row.Status, row.Cases)
		case row.ID != rules.ContentType && (row.Status != result.Skipped || row.Cases != 0 || row.Failures != 0):
			t.Errorf("%s (not selected): got %s, %d of %d checks failed; want skipped with none", row.ID, row.Status, row.Failures, row.Cases)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "conformance.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(md), "non-conformant") {
		t.Errorf("conformance.md says non-conformant for a run of the selected rules that held:\n%s", md)
	}
}

// TestEveryFailedCheckHasAFinding: whatever the fault, a rule whose checks
// failed has at least one finding, and no two findings of a rule share a
// signature.
func TestEveryFailedCheckHasAFinding(t *testing.T) {
	for _, name := range []string{"accepts-colon-in-name", "coerces-scalars-to-strings", "500-on-50-tags", "new-id-on-update", "wrong-error-code", "intermittent-503"} {
		m, ok := mutants.Named(name)
		if !ok {
			t.Fatalf("no mutant %s", name)
		}
		res, err := conformance.Check(context.Background(), conformance.Handler(m.New), conformance.WithSeed(5), conformance.WithBudget(30))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range res.Rules {
			fs := res.FindingsFor(row.ID)
			if row.Failures > 0 && len(fs) == 0 {
				t.Errorf("%s: %s: %d of %d checks failed, and no finding", name, row.ID, row.Failures, row.Cases)
			}
			seen := map[string]bool{}
			for _, f := range fs {
				if seen[f.Signature] {
					t.Errorf("%s: %s: two findings of the cause %q", name, row.ID, f.Signature)
				}
				seen[f.Signature] = true
			}
		}
	}
}
