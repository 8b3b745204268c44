package campaign

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// Revisits is how many names created early the campaign sends again at its
// end: the first valid cases that were accepted. A store that forgets old
// names (a cache taken for the store, a table that evicts) gives them a new
// id or created_at then, after every other create of the run (several
// hundred in a default run); a pair of requests one after the other never
// shows it.
const Revisits = 8

// revisits keeps the first exchange of each early name until the end.
type revisits struct {
	mu    sync.Mutex
	first map[int]revisit // by case index of the valid property
}

type revisit struct {
	s      sent
	seed   uint64
	order  uint64
	before int64 // requests sent when it was answered
}

// noteEarly keeps an accepted valid case among the first Revisits of its
// property, to send it again at the end (see Revisits).
func (rv *revisits) noteEarly(r *Runner, prop string, index int, seed, order uint64, s sent) {
	if prop != "valid" || index >= Revisits || s.verdict.Observed.Envelope != oracle.SuccessEnvelope || s.c.Name == "" {
		return
	}
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if rv.first == nil {
		rv.first = map[int]revisit{}
	}
	rv.first[index] = revisit{s: s, seed: seed, order: order, before: r.Client.Sent()}
}

// revisit sends every early name kept by noteEarly again, in case order:
// each must come back with the id and created_at it got first, under
// upsert-identity. A finding shows both exchanges; it is not sent again
// to be shrunk, since it needs the whole run between them.
func (r *Runner) revisit(ctx context.Context, t *tally, rv *revisits, phase int) {
	rv.mu.Lock()
	indexes := make([]int, 0, len(rv.first))
	for i := range rv.first {
		indexes = append(indexes, i)
	}
	slices.Sort(indexes)
	firsts := rv.first
	rv.mu.Unlock()
	for n, i := range indexes {
		if ctx.Err() != nil {
			return
		}
		e := firsts[i]
		again := r.send(ctx, e.s.c)
		if again.verdict.Skipped {
			return
		}
		between := r.Client.Sent() - e.before - 1
		order := uint64(r.Config.Budget+n)<<8 | uint64(phase)<<1
		t.record(r, "revisit", e.seed, order, again)
		if again.verdict.Observed.Envelope == oracle.SuccessEnvelope {
			t.checkGlobalID(r, "revisit", e.seed, order, e.s.c.Name, again)
		}
		vs := oracle.CheckUpsert(e.s.c.Name, e.s.verdict.Observed, again.verdict.Observed)
		t.mu.Lock()
		t.counts[rules.UpsertIdentity].Cases++
		if len(vs) == 0 {
			t.mu.Unlock()
			continue
		}
		for k := range vs {
			vs[k].Reason += fmt.Sprintf(", sent again at the end of the run after %d other requests", between)
		}
		t.counts[rules.UpsertIdentity].Failures++
		t.keep(rules.UpsertIdentity, e.seed, order, cause{}, func() finding {
			f := r.finding(rules.UpsertIdentity, vs, "revisit", fmt.Sprintf("%s, sent again after %d other requests", e.s.c.Label, between), e.s.c.Expect, e.s, again)
			f.shape = result.ShapeRun
			f.Needs = fmt.Sprintf("the first request, then other creates (the run sent %d other requests in between), then the same request again", between)
			return f
		})
		t.mu.Unlock()
	}
}
