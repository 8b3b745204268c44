package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// checkSlices reports whether results are the slices of one campaign
// (-shard i/n), and refuses a set that is not exactly all of them: a
// slice of another seed, budget, dialect, rule selection, name prefix or
// number of slices, a slice twice, a slice missing, or slices mixed with
// other runs.
// (The format, endpoint and spec are Merge's own checks.)
func checkSlices(names []string, results []*result.Result) (bool, error) {
	first := results[0].Sharding
	for i, r := range results {
		if (r.Sharding == nil) != (first == nil) {
			sliced, other := i, 0
			if r.Sharding == nil {
				sliced, other = 0, i
			}
			return false, fmt.Errorf("merge: %s is slice %s of a campaign (-shard), %s is not: merge the slices of one campaign, or runs split by -rules or -seed, not both", names[sliced], results[sliced].Sharding.Slice, names[other])
		}
	}
	if first == nil {
		return false, nil
	}
	r0 := results[0]
	at := map[int]string{}
	for i, r := range results {
		s := r.Sharding
		switch {
		case s.Slice.Of != first.Slice.Of:
			return false, fmt.Errorf("merge: %s is slice %s, %s is slice %s: slices of one campaign share n", names[i], s.Slice, names[0], first.Slice)
		case r.Seed != r0.Seed || r.Budget != r0.Budget:
			return false, fmt.Errorf("merge: %s is of seed %d and budget %d, %s of seed %d and budget %d: the slices of one campaign share the seed and the budget", names[i], r.Seed, r.Budget, names[0], r0.Seed, r0.Budget)
		case dialectOf(r) != dialectOf(r0):
			return false, fmt.Errorf("merge: %s spoke the %s dialect, %s the %s one: the slices of one campaign share the dialect", names[i], dialectOf(r), names[0], dialectOf(r0))
		case !slices.Equal(s.Rules, first.Rules):
			return false, fmt.Errorf("merge: %s judged the rules %s, %s the rules %s: the slices of one campaign share -rules", names[i], ruleList(s.Rules), names[0], ruleList(first.Rules))
		case s.NamePrefix != first.NamePrefix:
			return false, fmt.Errorf("merge: %s drew its names with the prefix %q, %s with %q: the slices of one campaign share -name-prefix (give it to each; in the aws dialect each run otherwise makes its own)", names[i], s.NamePrefix, names[0], first.NamePrefix)
		case s.MaxFindings != first.MaxFindings:
			return false, fmt.Errorf("merge: %s kept %d findings a rule, %s %d: the slices of one campaign keep as many", names[i], s.MaxFindings, names[0], first.MaxFindings)
		}
		if other, dup := at[s.Slice.Index]; dup {
			return false, fmt.Errorf("merge: %s and %s are both slice %s: give each slice once", other, names[i], s.Slice)
		}
		at[s.Slice.Index] = names[i]
	}
	var missing []string
	for i := 1; i <= first.Slice.Of; i++ {
		if _, ok := at[i]; !ok {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		return false, fmt.Errorf("merge: the set is incomplete: slice %s of %d missing (have %d of %d): a merged report is the whole run's only with every slice", strings.Join(missing, ", "), first.Slice.Of, len(results), first.Slice.Of)
	}
	return true, nil
}

// dialectOf is the dialect r spoke ("" is the envelope).
func dialectOf(r *result.Result) string {
	if r.Dialect == "" {
		return rules.Envelope
	}
	return r.Dialect
}

// ruleList is ids as one comma-separated word ("none" when empty).
func ruleList(ids []rules.ID) string {
	if len(ids) == 0 {
		return "none"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return strings.Join(out, ",")
}

// oneFindingPerCause is the findings of the slices of one campaign as the
// whole run keeps them (campaign's tally.keep): one finding per cause
// (rule and signature), the one whose case was smallest (CaseBytes), then
// earliest (CaseOrder), counted over every slice; each rule's first
// maxFindings causes in signature order (each slice kept its own first
// ones, so every cause the whole run keeps is among them, with its count
// complete); in table order of the rules, each rule's findings that came
// back every time before the intermittent ones, as the run orders them.
func oneFindingPerCause(fs []result.Finding, maxFindings int) []result.Finding {
	type key struct {
		rule      rules.ID
		signature string
	}
	byCause := map[key]*result.Finding{}
	var causes []key
	for _, f := range fs {
		k := key{f.Rule, f.Signature}
		old, ok := byCause[k]
		if !ok {
			c := f
			byCause[k] = &c
			causes = append(causes, k)
			continue
		}
		count := old.Count + f.Count
		if f.CaseBytes < old.CaseBytes || f.CaseBytes == old.CaseBytes && f.CaseOrder < old.CaseOrder {
			*old = f
		}
		old.Count = count
	}
	slices.SortFunc(causes, func(a, b key) int {
		return cmp.Or(ruleIndex(a.rule)-ruleIndex(b.rule), strings.Compare(a.signature, b.signature))
	})
	out := make([]result.Finding, 0, len(causes))
	kept := 0
	for i, k := range causes {
		if i == 0 || k.rule != causes[i-1].rule {
			kept = 0
		}
		if kept++; kept <= maxFindings {
			out = append(out, *byCause[k])
		}
	}
	slices.SortStableFunc(out, func(a, b result.Finding) int {
		return cmp.Or(ruleIndex(a.Rule)-ruleIndex(b.Rule), cmp.Compare(b2i(a.Intermittent), b2i(b.Intermittent)))
	})
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
