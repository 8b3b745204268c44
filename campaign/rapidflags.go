package campaign

import (
	"sync"

	"pgregory.net/rapid"
)

// rapidFlags is the one place that touches rapid's process-wide state.
//
// Generator.Example reads rapid's -rapid.seed flag (when given no seed it
// falls back to it) unlocked. The campaign never sets rapid's flags: it
// draws every case with an explicit seed, and shrinks findings with the
// generators' structured shrinker (generators.Set.Shrink), not with
// rapid.Check. The lock stays so that a caller in the same process that
// does set them (a test running rapid.Check beside a campaign) can take the
// write lock around it; any number of campaigns run side by side.
type rapidFlags struct{ mu sync.RWMutex }

// settings is the process's one rapidFlags.
var settings rapidFlags

// example is g.Example(seed) under the read lock.
func example[V any](g *rapid.Generator[V], seed uint64) V {
	settings.mu.RLock()
	defer settings.mu.RUnlock()
	return g.Example(int(seed))
}
