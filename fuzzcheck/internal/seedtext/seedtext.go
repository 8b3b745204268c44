// Package seedtext writes the harness's fuzz seeds as fuzzcheck embeds
// them: for go generate, and for the test that the embedded copy is
// current.
package seedtext

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/putdestination/conformance"
)

// Harness is the text of seeds.txt: the seeds of conformance.NewFuzzTarget
// with the default options (the handler is never called: drawing seeds
// calls none), one per line as a Go string literal.
func Harness() []byte {
	var b bytes.Buffer
	for _, s := range conformance.NewFuzzTarget(http.NotFoundHandler).Seeds() {
		b.WriteString(strconv.Quote(string(s)))
		b.WriteByte('\n')
	}
	return b.Bytes()
}
