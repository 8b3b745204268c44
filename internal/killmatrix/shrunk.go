package killmatrix

import (
	"context"
	"fmt"
	"time"

	"github.com/putdestination/conformance"
)

// StartShrunk is Start for an in-process row with the campaign of a run
// with no option but the seed: conformance.Check's defaults, shrinking
// every kept finding within its default request budgets. The matrix never
// shrinks; this is for measuring what shrinking makes of findings.
func (p *Pool) StartShrunk(ctx context.Context, r Row, seed uint64) <-chan Outcome {
	out := make(chan Outcome, 1)
	go func() {
		o := Outcome{Name: r.Name, Role: r.Role, Want: r.Want, Seed: seed, Verdict: "error"}
		if r.New == nil {
			o.Err = fmt.Sprintf("row %s: StartShrunk runs in-process rows only", r.Name)
			out <- o
			return
		}
		select {
		case p.slots <- struct{}{}:
		case <-ctx.Done():
			o.Err = fmt.Sprintf("not run: %v", ctx.Err())
			out <- o
			return
		}
		defer func() { <-p.slots }()
		// Shrinking is bounded by its request budgets here, not by its
		// time: what is measured is how small a finding comes out, which
		// must not depend on how loaded the machine is.
		opts := []conformance.Option{conformance.WithSeed(seed), conformance.WithShrinkTime(2 * time.Minute)}
		if r.Dialect != "" {
			opts = append(opts, conformance.WithDialect(r.Dialect))
		}
		o.check(ctx, conformance.Handler(r.New), opts)
		out <- o
	}()
	return out
}
