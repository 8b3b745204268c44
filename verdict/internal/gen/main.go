// Command gen writes verdict/compiled.go from the spec the harness embeds
// (`go generate ./verdict/`).
package main

import (
	"fmt"
	"os"

	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict/internal/compile"
)

func main() {
	s, err := spec.Embedded()
	if err == nil {
		var src []byte
		if src, err = compile.Source(s); err == nil {
			err = os.WriteFile("compiled.go", src, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "verdict/internal/gen:", err)
		os.Exit(1)
	}
}
