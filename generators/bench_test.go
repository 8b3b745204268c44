package generators_test

import (
	"slices"
	"testing"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// BenchmarkGenerate is the cost of drawing one case (or probe) of each
// property (mutate: each edit in turn; largest: the valid property's
// largest request), as the campaign draws them (Example with a seed per
// case), and
// of the reference emulator parsing a valid case: the two halves of the
// pipeline's CPU that are not HTTP.
func BenchmarkGenerate(b *testing.B) {
	s, err := spec.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	g, err := generators.New(s, generators.Options{})
	if err != nil {
		b.Fatal(err)
	}
	singles := map[string]*rapid.Generator[generators.Case]{"valid": g.Valid(), "invalid": g.Invalid(), "wire": g.Wire()}
	// largest: the largest valid request, from its slot of ValidEach.
	for _, gen := range g.ValidEach() {
		if slices.Contains(gen.Example(0).Edges, "largest") {
			singles["largest"] = gen
			break
		}
	}
	if singles["largest"] == nil {
		b.Fatal("ValidEach: got no largest request, want one a cycle")
	}
	for name, gen := range singles {
		b.Run(name, func(b *testing.B) {
			var bytes int64
			for i := 0; b.Loop(); i++ {
				bytes += int64(len(gen.Example(i).Body))
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "body-bytes/op")
		})
	}
	// mutate: the campaign draws edit i for case i, in turn.
	b.Run("mutate", func(b *testing.B) {
		each := g.MutateEach()
		var bytes int64
		for i := 0; b.Loop(); i++ {
			bytes += int64(len(each[i%len(each)].Example(i).Body))
		}
		b.ReportMetric(float64(bytes)/float64(b.N), "body-bytes/op")
	})
	probes := map[string]*rapid.Generator[generators.Probe]{"upsert": g.Upsert(), "distinct": g.Distinct()}
	for name, gen := range probes {
		b.Run(name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				_ = gen.Example(i)
			}
		})
	}
	b.Run("emulator-parse-valid", func(b *testing.B) {
		bodies := make([][]byte, 512)
		var total int64
		for i := range bodies {
			bodies[i] = g.Valid().Example(i).Body
			total += int64(len(bodies[i]))
		}
		b.SetBytes(total / int64(len(bodies)))
		for i := 0; b.Loop(); i++ {
			if _, err := emulator.Parse(bodies[i%len(bodies)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
