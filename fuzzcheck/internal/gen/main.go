// Command gen writes fuzzcheck/seeds.txt: the seeds of
// conformance.NewFuzzTarget with the default options, one encoded input per
// line as a Go string literal (`go generate ./fuzzcheck/`).
package main

import (
	"fmt"
	"os"

	"github.com/putdestination/conformance/fuzzcheck/internal/seedtext"
)

func main() {
	if err := os.WriteFile("seeds.txt", seedtext.Harness(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "fuzzcheck/internal/gen:", err)
		os.Exit(1)
	}
}
