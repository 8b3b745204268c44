package conformance_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/rules"
)

// Check a Go handler in process: no socket, a fresh handler per run.
func ExampleCheck() {
	res, err := conformance.Check(context.Background(),
		conformance.Handler(func() http.Handler { return emulator.New() }),
		conformance.WithSeed(1), conformance.WithBudget(20))
	if err != nil {
		fmt.Println("harness error:", err)
		return
	}
	fmt.Println(res.Verdict)
	// Output: conformant
}

// A faulty handler: every answer has the wrong media type.
func ExampleCheck_findings() {
	wrongType := func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			em.ServeHTTP(textPlain{w}, r)
		})
	}
	res, _ := conformance.Check(context.Background(), conformance.Handler(wrongType),
		conformance.WithSeed(1), conformance.WithBudget(5), conformance.WithRules(rules.ContentType))
	fmt.Println(res.Verdict, res.Rule(rules.ContentType).Status, res.FindingsFor(rules.ContentType)[0].Violations[0].Rule)
	// Output: non-conformant fail content-type
}

// textPlain answers with Content-Type text/plain, whatever the handler set.
type textPlain struct{ http.ResponseWriter }

func (w textPlain) WriteHeader(code int) {
	w.Header().Set("Content-Type", "text/plain")
	w.ResponseWriter.WriteHeader(code)
}
