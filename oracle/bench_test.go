package oracle_test

import (
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
)

// BenchmarkCheck is the cost of judging one answer, the oracle's work on
// every exchange: a conforming success envelope to a valid request, and a
// conforming error envelope to an invalid one, judged with the embedded
// spec (the harness's judge) and with the contract compiled to Go (what
// fuzz targets judge with).
func BenchmarkCheck(b *testing.B) {
	s, err := spec.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	c, err := verdict.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for _, judge := range []struct {
		name string
		c    oracle.Contract
	}{{"spec", s}, {"verdict", c}} {
		for _, tc := range []struct {
			name   string
			exp    contract.Expectation
			answer oracle.Answer
		}{
			{"success", accept, resp(200, "application/json", `{"success":true,"data":{"id":"id-1","created_at":"2025-01-01T00:00:00Z"}}`)},
			{"error", reject, resp(400, "application/json", errBody)},
		} {
			b.Run(judge.name+"/"+tc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if r := oracle.Check(judge.c, tc.exp, tc.answer); len(r.Violations) > 0 {
						b.Fatal(r.Violations)
					}
				}
			})
		}
	}
}
