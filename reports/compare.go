package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/rules"
)

// Diff is what changed between two reports: the rules and the causes of
// findings (their signatures) that newly fail, and those that are fixed.
// Seeds, the findings kept and their counts never count: two runs of one
// server compare clean whatever their seeds and budgets.
type Diff struct {
	// NewlyFailing rules fail in the new report and did not in the old
	// (passed, or were not checked).
	NewlyFailing []RuleChange
	// NewlyPassing rules passed in the new report and failed in the old.
	NewlyPassing []RuleChange
	// NoLongerChecked rules failed in the old report and were skipped in
	// the new: not proven either way.
	NoLongerChecked []RuleChange
	// NewFindings are causes (signatures) the new report has and the old
	// did not; GoneFindings, fixed, the other way round (under a rule the
	// new run checked).
	NewFindings, GoneFindings []FindingKind
	// NewError is set when the new run could not judge the endpoint and
	// the old one could.
	NewError string
	// Notes say why the two runs are not like for like (seed, spec,
	// endpoint, budget).
	Notes []string
}

// RuleChange is one rule in the two reports.
type RuleChange struct {
	ID       rules.ID
	Old, New result.RuleOutcome
}

// FindingKind is one cause of findings: their signature (see
// result.Finding.Signature), with one example.
type FindingKind struct {
	Rule       rules.ID
	Signature  string
	Example    string // the summary of one such finding
	ExampleOld bool   // Example is from the old report
}

// Regressed reports whether something newly fails: a rule, a kind of
// finding, or the run itself.
func (d Diff) Regressed() bool {
	return len(d.NewlyFailing) > 0 || len(d.NewFindings) > 0 || d.NewError != ""
}

func kindOf(f result.Finding) FindingKind {
	return FindingKind{Rule: f.Rule, Signature: f.Signature, Example: f.Summary}
}

func (k FindingKind) key() string { return k.Signature }

// Compare compares an old report with a new one, as a regression gate
// between two versions of an implementation.
func Compare(old, new *result.Result) Diff {
	var d Diff
	for _, r := range new.Rules {
		o := old.Rule(r.ID)
		switch {
		case r.Status == result.Fail && o.Status != result.Fail:
			d.NewlyFailing = append(d.NewlyFailing, RuleChange{r.ID, o, r})
		case r.Status == result.Pass && o.Status == result.Fail:
			d.NewlyPassing = append(d.NewlyPassing, RuleChange{r.ID, o, r})
		case r.Status == result.Skipped && o.Status == result.Fail:
			d.NoLongerChecked = append(d.NoLongerChecked, RuleChange{r.ID, o, r})
		}
	}
	kinds := func(res *result.Result, fromOld bool) (map[string]FindingKind, []string) {
		m := map[string]FindingKind{}
		var order []string
		for _, f := range res.Findings {
			k := kindOf(f)
			k.ExampleOld = fromOld
			if _, ok := m[k.key()]; !ok {
				m[k.key()] = k
				order = append(order, k.key())
			}
		}
		return m, order
	}
	oldKinds, oldOrder := kinds(old, true)
	newKinds, newOrder := kinds(new, false)
	for _, key := range newOrder {
		if _, ok := oldKinds[key]; !ok {
			d.NewFindings = append(d.NewFindings, newKinds[key])
		}
	}
	for _, key := range oldOrder {
		k := oldKinds[key]
		// A kind the new run did not look for (its rule skipped) is not
		// gone: it was not checked.
		if _, ok := newKinds[key]; !ok && new.Rule(k.Rule).Status != result.Skipped {
			d.GoneFindings = append(d.GoneFindings, k)
		}
	}
	if new.Verdict == result.Error && old.Verdict != result.Error {
		d.NewError = new.Error
		if d.NewError == "" && new.Interrupted {
			d.NewError = "interrupted"
		}
	}
	if old.Endpoint != new.Endpoint {
		d.Notes = append(d.Notes, fmt.Sprintf("endpoints differ: %s, then %s", old.Endpoint, new.Endpoint))
	}
	if old.Spec.SHA256 != new.Spec.SHA256 {
		d.Notes = append(d.Notes, fmt.Sprintf("specs differ: %s, then %s", old.Spec.Source, new.Spec.Source))
	}
	if old.Seed != new.Seed {
		d.Notes = append(d.Notes, fmt.Sprintf("seeds differ (%d, then %d): the cases differ; findings are matched by cause (their signatures)", old.Seed, new.Seed))
	}
	if old.Budget != new.Budget {
		d.Notes = append(d.Notes, fmt.Sprintf("budgets differ: %d, then %d cases per property", old.Budget, new.Budget))
	}
	return d
}

// Print writes the diff for a person, no line over result.MaxLine.
func (d Diff) Print(w io.Writer, oldName, newName string) error {
	var lines []string
	add := func(format string, args ...any) {
		lines = append(lines, result.Clip(fmt.Sprintf(format, args...)))
	}
	verdict := "no regression"
	if d.Regressed() {
		verdict = "REGRESSION"
	}
	add("compare: %s: %s against %s", verdict, newName, oldName)
	for _, n := range d.Notes {
		add("  note: %s", n)
	}
	if d.NewError != "" {
		add("the new run could not judge the endpoint: %s", d.NewError)
	}
	section := func(title string, rs []RuleChange) {
		if len(rs) == 0 {
			add("%s: none", title)
			return
		}
		add("%s: %d", title, len(rs))
		for _, r := range rs {
			add("  %s: %d of %d checks failed, then %d of %d (%s, then %s)", r.ID, r.Old.Failures, r.Old.Cases, r.New.Failures, r.New.Cases, r.Old.Status, r.New.Status)
		}
	}
	section("newly failing rules", d.NewlyFailing)
	section("newly passing rules", d.NewlyPassing)
	if len(d.NoLongerChecked) > 0 {
		section("failed before, not checked now", d.NoLongerChecked)
	}
	kinds := func(title string, ks []FindingKind) {
		if len(ks) == 0 {
			add("%s: none", title)
			return
		}
		add("%s: %d", title, len(ks))
		for _, k := range ks {
			add("  %s", result.ClipTo(k.Signature+": "+k.Example, result.MaxLine-10))
		}
	}
	kinds("new causes of findings", d.NewFindings)
	kinds("fixed causes of findings", d.GoneFindings)
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}
