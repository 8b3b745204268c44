package campaign

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

const (
	// Concurrent is how many first creates of one new name the concurrency
	// check releases at once, each on a connection of its own.
	Concurrent = 4
	// ConcurrentNames is how many new names it tries.
	ConcurrentNames = 3
)

// concurrentNeeds is what reproducing a concurrency finding needs.
const concurrentNeeds = "the requests at the same moment, each on a connection of its own, as the shell line sends them, and a name the endpoint has not seen: change destinationName in the line before running it again"

// checkConcurrency sends the first create of a new name several times at
// once: Concurrent requests of one body, released together behind a
// barrier, each on a connection of its own. A store that looks a name up,
// then creates it, without holding anything in between creates it more than
// once, and the answers carry different ids or created_at. Every answer
// must carry the same, under upsert-identity.
func (r *Runner) checkConcurrency(ctx context.Context, t *tally, props []property, phase int) {
	for i := range ConcurrentNames {
		if ctx.Err() != nil {
			return
		}
		seed, c := r.smallValid(props, phase, i)
		if c.Name == "" {
			continue
		}
		group, ok := r.freshTogether(c)
		if !ok {
			continue
		}
		ss := r.sendTogether(ctx, group)
		order := uint64(r.Config.Budget+i)<<8 | uint64(phase)<<1
		skipped := false
		for _, s := range ss {
			skipped = skipped || s.verdict.Skipped
			t.record(r, "concurrency", seed, order, s)
		}
		if skipped {
			return
		}
		if ss[0].verdict.Observed.Envelope == oracle.SuccessEnvelope {
			t.checkGlobalID(r, "concurrency", seed, order, group[0].Name, ss[0])
		}
		vs, a, b := oracle.CheckConcurrent(group[0].Name, observed(ss))
		t.mu.Lock()
		t.counts[rules.UpsertIdentity].Cases++
		if len(vs) > 0 {
			t.counts[rules.UpsertIdentity].Failures++
			t.keep(rules.UpsertIdentity, seed, order, cause{}, func() finding {
				return r.concurrentFinding(rules.UpsertIdentity, vs, c, ss, a, b)
			})
		}
		t.mu.Unlock()
	}
}

// smallValid draws the valid case of the i-th name of the check: the first
// of a few draws whose body is small (a large body takes long enough to
// send that the requests would not reach the server together).
func (r *Runner) smallValid(props []property, phase, i int) (uint64, generators.Case) {
	const tries, small = 8, 2048
	var seed uint64
	var c generators.Case
	for k := range tries {
		seed = caseSeed(r.Config.Seed, phase, i*tries+k)
		if c = example(props[0].single, seed); len(c.Body) <= small {
			break
		}
	}
	return seed, c
}

// concurrentLabel is the case label of a concurrency finding.
func concurrentLabel(c generators.Case) string {
	return fmt.Sprintf("%d first creates of one new name at once (%s)", Concurrent, c.Label)
}

// concurrentFinding is the finding of rule on the exchanges ss of one body
// sent at once: its exchanges are ss[a] then ss[b] (two that disagree), its
// curl line sends the body Concurrent times in parallel.
func (r *Runner) concurrentFinding(rule rules.ID, vs []contract.Violation, c generators.Case, ss []sent, a, b int) finding {
	f := r.finding(rule, vs, "concurrency", concurrentLabel(c), c.Expect, ss[a], ss[b])
	f.Curl = parallelCurl(r.Client.Curl(ss[0].req), len(ss))
	f.Needs = concurrentNeeds
	f.shape = result.ShapeBurst
	f.exhibit = &exhibit{kind: exhibitTogether, cases: []generators.Case{c}, label: concurrentLabel(c)}
	return f
}

// parallelCurl is a shell line that runs curl n times in parallel ("" when
// there is no curl line: an in-process handler).
func parallelCurl(curl string, n int) string {
	if curl == "" {
		return ""
	}
	list := make([]string, n)
	for i := range list {
		list[i] = strconv.Itoa(i + 1)
	}
	return "for i in " + strings.Join(list, " ") + "; do " + curl + " & done; wait"
}

// freshTogether is Concurrent copies of c under a name the endpoint has not
// seen.
func (r *Runner) freshTogether(c generators.Case) ([]generators.Case, bool) {
	return r.together(c, Concurrent, false)
}

// together is n copies of c: under a name the endpoint has not seen, or
// under c's own with keepName.
func (r *Runner) together(c generators.Case, n int, keepName bool) ([]generators.Case, bool) {
	if !keepName {
		marked, ok := r.Gen.Remark([]generators.Case{c}, freshMarker())
		if !ok {
			return nil, false
		}
		c = marked[0]
	}
	group := make([]generators.Case, n)
	for i := range group {
		group[i] = c
	}
	return group, true
}

// sendTogether sends every case at once: one goroutine and one connection
// per case, released together behind a barrier.
func (r *Runner) sendTogether(ctx context.Context, cs []generators.Case) []sent {
	out := make([]sent, len(cs))
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	for i, c := range cs {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			req := r.request(c)
			req.Alone = true
			ready.Done()
			<-start
			out[i] = r.sendAs(ctx, c, req)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return out
}

// observed is what the oracle read off each answer of ss.
func observed(ss []sent) []oracle.Observed {
	out := make([]oracle.Observed, len(ss))
	for i, s := range ss {
		out[i] = s.verdict.Observed
	}
	return out
}
