package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/rules"
)

// Merge combines the results of runs sharded across CI jobs into one: the
// slices of one campaign (-shard i/n), or runs split by rule filter
// (-rules) or by seed. All must have checked the same endpoint against the
// same spec.
//
// The slices of one campaign merge into the whole run's result (see
// mergeSlices): every slice of one seed, budget, dialect and rule
// selection, each once; the findings are the whole run's, one per cause
// (the smallest, then the earliest, of every slice's), each with the
// count of all slices, the first causes of each rule in signature order as
// the run keeps them, and the rules' checks and failures add up to the
// whole run's. Slices and other runs do not mix.
//
// What merging other runs means:
//
//   - verdict: error when any run is "error" (or interrupted with no
//     finding), else non-conformant when any run found something, else
//     conformant;
//   - rules: checks and failures are added up over the runs that judged
//     the rule (not skipped in them); a rule fails when it
//     failed in any run, passes when it passed in one and failed in none,
//     and is skipped only when every run skipped it;
//   - findings: every run's, in the order of the runs (a finding kept by
//     two runs, the same request with the same rule, once);
//   - requests, properties and the latency histogram are added up; the
//     duration is the longest run's (shards run side by side), the start
//     the earliest; the first finding is the soonest any run had one;
//   - seed and budget: the runs' when they agree, else seed 0 and the
//     largest budget; each run is listed in shards (file, seed, verdict,
//     requests, the command that reruns it), and the merged reproduce
//     line runs them all; the replay command is theirs when they agree.
//
// names are the runs' report files, in the same order, for shards.
func Merge(names []string, results []*result.Result) (*result.Result, error) {
	if len(results) == 0 || len(names) != len(results) {
		return nil, errors.New("merge: no report to merge")
	}
	first := results[0]
	for i, r := range results[1:] {
		switch {
		case r.Format != first.Format:
			return nil, fmt.Errorf("merge: %s is format %s, %s is %s", names[i+1], r.Format, names[0], first.Format)
		case r.Endpoint != first.Endpoint:
			return nil, fmt.Errorf("merge: %s checked %s, %s checked %s: merge runs against one endpoint", names[i+1], r.Endpoint, names[0], first.Endpoint)
		case r.Spec.SHA256 != first.Spec.SHA256:
			return nil, fmt.Errorf("merge: %s checked another spec (%s, sha256 %.12s…) than %s (%s, %.12s…)", names[i+1], r.Spec.Source, r.Spec.SHA256, names[0], first.Spec.Source, first.Spec.SHA256)
		case !slices.Equal(r.Latency.BoundsMS, first.Latency.BoundsMS):
			return nil, fmt.Errorf("merge: %s has other latency buckets than %s", names[i+1], names[0])
		}
	}
	sliced, err := checkSlices(names, results)
	if err != nil {
		return nil, err
	}
	m := &result.Result{
		Format: first.Format, Endpoint: first.Endpoint, Spec: first.Spec, Seed: first.Seed, Budget: first.Budget,
		IDIndex: first.IDIndex, Findings: []result.Finding{}, Properties: []result.Property{},
		Latency: result.Latency{BoundsMS: first.Latency.BoundsMS, Counts: make([]int, len(first.Latency.Counts))},
	}
	var errs, stops, reproduce []string
	seen := map[string]bool{}
	propIndex := map[string]int{}
	for i, r := range results {
		shards := r.Shards
		if len(shards) == 0 {
			shards = []result.Shard{{File: names[i], Seed: r.Seed, Verdict: r.Verdict, Requests: r.Requests, DurationMS: r.DurationMS, Reproduce: r.Reproduce}}
			if r.Sharding != nil {
				sl := r.Sharding.Slice
				shards[0].Slice = &sl
			}
		}
		for _, s := range shards {
			m.Shards = append(m.Shards, s)
			if s.Seed != m.Seed {
				m.Seed = 0
			}
			if s.Reproduce != "" && !slices.Contains(reproduce, s.Reproduce) {
				reproduce = append(reproduce, s.Reproduce)
			}
		}
		m.Budget = max(m.Budget, r.Budget)
		m.Workers = max(m.Workers, r.Workers)
		m.Requests += r.Requests
		m.DurationMS = max(m.DurationMS, r.DurationMS)
		if !r.Started.IsZero() && (m.Started.IsZero() || r.Started.Before(m.Started)) {
			m.Started = r.Started
		}
		m.Interrupted = m.Interrupted || r.Interrupted
		if r.Error != "" {
			errs = append(errs, names[i]+": "+r.Error)
		}
		if r.Stopped != "" {
			stops = append(stops, names[i]+": "+r.Stopped)
		}
		if ff := r.FirstFinding; ff != nil && (m.FirstFinding == nil || ff.MS < m.FirstFinding.MS) {
			c := *ff
			m.FirstFinding = &c
		}
		for _, f := range r.Findings {
			if sliced {
				m.Findings = append(m.Findings, f) // one per cause, below
				continue
			}
			k := findingIdentity(f)
			if seen[k] {
				continue
			}
			seen[k] = true
			m.Findings = append(m.Findings, f)
		}
		for _, p := range r.Properties {
			j, ok := propIndex[p.Name]
			if !ok {
				j = len(m.Properties)
				propIndex[p.Name] = j
				m.Properties = append(m.Properties, result.Property{Name: p.Name})
			}
			m.Properties[j].Requests += p.Requests
			m.Properties[j].Failed += p.Failed
		}
		for j, n := range r.Latency.Counts {
			if j < len(m.Latency.Counts) {
				m.Latency.Counts[j] += n
			}
		}
	}
	m.Rules = mergeRules(results)
	if sliced {
		m.Findings = oneFindingPerCause(m.Findings, results[0].Sharding.MaxFindings)
	}
	m.Error = strings.Join(errs, "; ")
	m.Stopped = strings.Join(stops, "; ")
	m.Reproduce = strings.Join(reproduce, " ; ")
	if !slices.ContainsFunc(results, func(r *result.Result) bool { return r.Replay != first.Replay }) {
		m.Replay = first.Replay
	}
	switch {
	case m.Error != "":
		m.Verdict = "error"
	case len(m.Findings) > 0:
		m.Verdict = "non-conformant"
	case m.Interrupted:
		m.Verdict = "error"
	default:
		m.Verdict = "conformant"
	}
	if !sliced {
		sortFindings(m.Findings)
	}
	return m, nil
}

// mergeRules adds up each rule's rows, in table order (then any rule the
// table no longer has, in the order the reports give).
func mergeRules(results []*result.Result) []result.RuleOutcome {
	var ids []rules.ID
	rows := map[rules.ID]*result.RuleOutcome{}
	for _, r := range results {
		for _, row := range r.Rules {
			m, ok := rows[row.ID]
			if !ok {
				c := row
				c.Cases, c.Failures, c.Status = 0, 0, "skipped"
				m = &c
				rows[row.ID] = m
				ids = append(ids, row.ID)
			}
			if row.Status == "skipped" {
				continue // a run that did not judge the rule adds nothing to it
			}
			m.Cases += row.Cases
			m.Failures += row.Failures
			switch {
			case row.Status == "fail":
				m.Status = "fail"
			case row.Status == "pass" && m.Status != "fail":
				m.Status = "pass"
			}
		}
	}
	slices.SortStableFunc(ids, func(a, b rules.ID) int { return ruleIndex(a) - ruleIndex(b) })
	out := make([]result.RuleOutcome, 0, len(ids))
	for _, id := range ids {
		out = append(out, *rows[id])
	}
	return out
}

// sortFindings orders findings by rule, in table order, keeping each
// rule's in the order of the runs.
func sortFindings(fs []result.Finding) {
	slices.SortStableFunc(fs, func(a, b result.Finding) int { return ruleIndex(a.Rule) - ruleIndex(b.Rule) })
}

// findingIdentity is a finding's exact identity: its rule and the
// requests it sent.
func findingIdentity(f result.Finding) string {
	k := string(f.Rule) + "\x00" + f.Request.Method + "\x00" + string(f.Request.Body)
	if f.Previous != nil {
		k += "\x00" + f.Previous.Request.Method + "\x00" + string(f.Previous.Request.Body)
	}
	return k
}
