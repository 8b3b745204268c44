package fuzzing

import (
	"net/http"

	"github.com/putdestination/conformance/fuzzcheck"
)

// Target is the fuzz entry point of conformance.NewFuzzTarget
// (fuzzcheck.Target), judged by the configuration's spec from the
// generators' seeds.
type Target = fuzzcheck.Target

// NewTarget returns a target of the handlers newHandler makes; cfg
// resolves the configuration. Nothing is built until the first Seeds or
// Check; a configuration that cannot run is the error of every Check.
func NewTarget(newHandler func() http.Handler, cfg func() (Config, error)) *Target {
	return fuzzcheck.NewTarget(newHandler, func() (fuzzcheck.Config, [][]byte, error) {
		c, err := cfg()
		if err != nil {
			return fuzzcheck.Config{}, nil, err
		}
		g, err := seedGenerators(c)
		if err != nil {
			return fuzzcheck.Config{}, nil, err
		}
		var encoded [][]byte
		for _, s := range seeds(g, c.Seed) {
			if data, err := fuzzcheck.EncodeInput(Input{Mode: s.mode, First: s.first, Second: s.second}); err == nil { // always: seeds are small (maxSeedBytes)
				encoded = append(encoded, data)
			}
		}
		return judgeConfig(c), encoded, nil
	})
}
