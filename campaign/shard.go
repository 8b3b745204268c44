package campaign

import "github.com/putdestination/conformance/result"

// shardCases is the case indexes [lo, hi) of every property that slice s
// of a campaign of budget cases per property sends: consecutive blocks of
// about budget/s.Of, in slice order, so that the slices together send
// every case exactly once. The first slice holds at least the first
// Revisits cases: the early names the run-wide checks send again (see
// runsRunWide) are created in the slice that sends them again, as in the
// whole run. The whole campaign (no slice) is [0, budget).
func shardCases(s result.Slice, budget int) (lo, hi int) {
	if s.Whole() {
		return 0, budget
	}
	bound := func(j int) int {
		if j == 0 {
			return 0
		}
		return max(j*budget/s.Of, min(budget, Revisits))
	}
	return bound(s.Index - 1), bound(s.Index)
}

// runsRunWide reports whether slice s runs the campaign's run-wide checks
// (the desync probe, early names sent again, names created at once): the
// whole campaign does, and of a sharded one only the first slice, so that
// the slices together run each of them once.
func runsRunWide(s result.Slice) bool { return s.Whole() || s.Index == 1 }
