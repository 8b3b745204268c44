package campaign

import (
	"flag"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// rapidFlags is the one place that touches rapid's process-wide settings.
//
// rapid.Check reads its seed, its number of checks and its shrink time from
// command-line flags registered on flag.CommandLine, and calls
// testing.Short, which panics unless the testing flags are registered and
// parsed. To shrink a finding, the campaign sets those flags for the length
// of one rapid.Check, under a lock that also keeps Generator.Example (which
// reads the seed flag) from running meanwhile. Campaigns that do not shrink
// never take the write lock, so any number of them run side by side in one
// process.
type rapidFlags struct{ mu sync.RWMutex }

// settings is the process's one rapidFlags.
var settings rapidFlags

// example is g.Example(seed) under the read lock.
func example[V any](g *rapid.Generator[V], seed uint64) V {
	settings.mu.RLock()
	defer settings.mu.RUnlock()
	return g.Example(int(seed))
}

// ready reports whether rapid.Check can run in this process: a test binary
// has parsed its flags; an ordinary program must have called flag.Parse
// (the CLI does), or its findings are reported unshrunk.
func (*rapidFlags) ready() bool {
	initTesting.Do(testing.Init)
	return flag.Parsed()
}

var initTesting sync.Once

// check runs prop once from seed under rapid, shrinking a failure for at
// most shrinkTime, with rapid's flags set for that run alone.
func (s *rapidFlags) check(tb rapid.TB, seed uint64, shrinkTime time.Duration, prop func(*rapid.T)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	values := map[string]string{
		"rapid.seed":       strconv.FormatUint(seed, 10),
		"rapid.checks":     "1",
		"rapid.nofailfile": "true",
		"rapid.shrinktime": shrinkTime.String(),
	}
	old := map[string]string{}
	for name, v := range values {
		f := flag.Lookup(name)
		if f == nil {
			panic(fmt.Sprintf("campaign: rapid flag %s is not registered", name))
		}
		old[name] = f.Value.String()
		_ = f.Value.Set(v)
	}
	defer func() {
		for name, v := range old {
			_ = flag.Lookup(name).Value.Set(v)
		}
	}()
	rapid.Check(tb, prop)
}
