package campaign

import (
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"pgregory.net/rapid"
)

// property is one family of cases the campaign draws from.
type property struct {
	name string
	// breaks lists the rules, beyond the response rules every exchange is
	// judged by (oracle.JudgedBy), that this property's cases can break.
	breaks []rules.ID
	single *rapid.Generator[generators.Case]
	probe  *rapid.Generator[generators.Probe]
	// each, when set: case i is drawn from each[i%len], so every variant
	// comes up in turn rather than by chance (single, when set too, is for
	// the campaign's one-off requests: the preflight, the desync and
	// concurrency checks).
	each []*rapid.Generator[generators.Case]
	// after, when set: case i past the first len(each) is drawn from
	// after[i%len] instead (the first pass is each's alone).
	after []*rapid.Generator[generators.Case]
}

// isProbe reports whether the property's cases are pairs of requests.
func (p property) isProbe() bool { return p.probe != nil }

// singleAt is the generator of case i of a single-request property.
func (p property) singleAt(i int) *rapid.Generator[generators.Case] {
	if len(p.after) > 0 && i >= len(p.each) {
		return p.after[i%len(p.after)]
	}
	if len(p.each) > 0 {
		return p.each[i%len(p.each)]
	}
	return p.single
}

func properties(g *generators.Set) []property {
	props := []property{
		// Case i is drawn from generator i mod len of ValidEach: every
		// kind of hostile unknown member comes up in every 16 cases, and
		// the largest request once in 64, early, whatever the seed.
		{name: "valid", breaks: []rules.ID{rules.AcceptsValid, rules.DistinctIdentity, rules.AWSEcho, rules.AWSArn, rules.AWSCreationTime, rules.AWSContentType, rules.AWSDelete}, single: g.Valid(), each: g.ValidEach()},
		// Case i breaks constraint i (modulo their number), in round i/n
		// (n constraints): a default run breaks each of them in every
		// round's spelling (plain, escaped, spaced, reordered), whatever
		// the seed (see generators.Set.InvalidRounds); sizes far past a
		// bound in the first round only (see generators.Set.InvalidAfter).
		{name: "invalid", breaks: []rules.ID{rules.RejectsInvalid, rules.AWSDescribe, rules.AWSErrorType}, each: g.InvalidRounds(), after: g.InvalidAfter()},
		// Case i is of kind i mod len of WireEach: every malformation
		// and every encoding (chunked, HTTP/1.0, ...) in every cycle.
		{name: "wire", breaks: []rules.ID{rules.AcceptsValid, rules.RejectsInvalid, rules.DistinctIdentity, rules.AWSErrorType}, single: g.Wire(), each: g.WireEach()},
		{name: "upsert", breaks: []rules.ID{rules.AcceptsValid, rules.UpsertIdentity, rules.AWSEcho, rules.AWSArn, rules.AWSCreationTime, rules.AWSContentType, rules.AWSDescribe}, probe: g.Upsert()},
		{name: "distinct", breaks: []rules.ID{rules.AcceptsValid, rules.DistinctIdentity, rules.AWSEcho, rules.AWSArn, rules.AWSCreationTime, rules.AWSContentType}, probe: g.Distinct()},
		// Structure-aware mutations of valid and invalid cases, judged by
		// the spec's compiled verdict; case i applies mutation i (modulo
		// their number), and the label names it.
		{name: "mutate", breaks: []rules.ID{rules.AcceptsValid, rules.RejectsInvalid, rules.DistinctIdentity, rules.AWSErrorType}, each: g.MutateEach()},
	}
	// rapid names generators lazily but reads the name unlocked when
	// drawing; name them before the workers share them.
	// (The generators of InvalidRounds and InvalidAfter come named.)
	for _, p := range props {
		switch {
		case p.isProbe():
			_ = p.probe.String()
		case p.single != nil:
			_ = p.single.String()
		}
	}
	return props
}

// wanted reports whether the property can break a selected rule.
func (p property) wanted(cfg Config) bool {
	for _, id := range append(p.breaks, oracle.JudgedBy(contract.Expectation{Outcome: contract.Either})...) {
		if cfg.Rules.Has(id) {
			return true
		}
	}
	return false
}

// caseSeed derives the seed of case i of property p (splitmix64), so every
// case can be regenerated alone: by a worker, by the shrinker, by a reader.
func caseSeed(seed uint64, p, i int) uint64 {
	z := seed + uint64(p)<<40 + uint64(i) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
