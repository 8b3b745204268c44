package fuzzcheck

import (
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/verdict"
)

// seedsText holds the harness's seeds as conformance.NewFuzzTarget draws
// them with the default options, one encoded input per line as a Go
// string literal; `go generate ./fuzzcheck/` writes it, and
// TestSeedsAreTheHarnesss fails when it is out of date. Drawing them here
// would link the generators, and with them an OpenAPI library.
//
//go:generate go run ./internal/gen
//go:embed seeds.txt
var seedsText string

// New returns the fuzz target of the handlers newHandler makes, judged by
// the contract the harness embeds, compiled to Go (verdict.Embedded), from
// the harness's seeds (those of conformance.NewFuzzTarget with the default
// options), with the default time limit (2 s) and response body cap
// (1 MiB), every rule of the envelope dialect selected.
//
// It judges as conformance.NewFuzzTarget does, and links only what judging
// needs: no OpenAPI library, no generators, no HTTP client, no report
// writer. Go's fuzzing engine copies every coverage counter of the binary
// after each input, so the smaller binary fuzzes faster. For other options
// (a spec file, another seed, a selection of rules), use
// conformance.NewFuzzTarget.
func New(newHandler func() http.Handler) *Target {
	return NewTarget(newHandler, func() (Config, [][]byte, error) {
		c, err := verdict.Embedded()
		if err != nil {
			return Config{}, nil, err
		}
		seeds, err := embeddedSeeds()
		return Config{Contract: c}, seeds, err
	})
}

// embeddedSeeds decodes seedsText.
func embeddedSeeds() ([][]byte, error) {
	var out [][]byte
	for i, line := range strings.Split(strings.TrimSuffix(seedsText, "\n"), "\n") {
		s, err := strconv.Unquote(line)
		if err != nil {
			return nil, fmt.Errorf("seeds.txt line %d: %v", i+1, err)
		}
		out = append(out, []byte(s))
	}
	return out, nil
}
