package campaign

import (
	"time"
)

// PropertyStat counts one property's exchanges: how many were sent, and
// how many of them broke at least one rule.
type PropertyStat struct {
	Name     string
	Requests int
	Failed   int
}

// LatencyBounds are the upper bounds of the latency histogram's buckets
// (the last bucket has none): powers of two from 1 ms to 2 s.
var LatencyBounds = func() []time.Duration {
	var out []time.Duration
	for d := time.Millisecond; d <= 2*time.Second; d *= 2 {
		out = append(out, d)
	}
	return out
}()

// LatencyBucket is the index of d's bucket of the latency histogram.
func LatencyBucket(d time.Duration) int {
	for i, b := range LatencyBounds {
		if d < b {
			return i
		}
	}
	return len(LatencyBounds)
}

// Progress is what a running campaign tells Config.Progress.
type Progress struct {
	// Phase is "campaign", "desync", "revisit", "concurrency", "shrinking"
	// or "done".
	Phase string
	// Done and Total count cases (a probe is one case).
	Done, Total int
	Requests    int64
	Findings    int
	Elapsed     time.Duration
}
