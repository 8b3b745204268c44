package fuzztargets

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

func seeds(t testing.TB) (*spec.Spec, [][]byte) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := generators.New(s, generators.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i := 0; i < 8; i++ {
		out = append(out, g.Valid().Example(i).Body, g.Invalid().Example(i).Body, g.Wire().Example(i).Body, g.Mutate().Example(i).Body)
	}
	return s, out
}

// FuzzEmulator fuzzes the reference emulator through conformance.Fuzz, as
// a team fuzzes its own handler: arbitrary bodies, methods, header
// variations and pairs, judged by the spec's compiled verdict on each body,
// robustness and identity. The emulator must keep the contract on every
// input.
func FuzzEmulator(f *testing.F) {
	conformance.Fuzz(f, func() http.Handler { return emulator.New() })
}

// FuzzOracle feeds arbitrary statuses, content types and bodies to the
// oracle: it must never panic and must classify every response under rule
// ids from the table.
func FuzzOracle(f *testing.F) {
	s, bodies := seeds(f)
	f.Add(200, "application/json", []byte(`{"success":true,"data":{"id":"x","created_at":"2025-01-01T00:00:00Z"}}`))
	f.Add(400, "application/json; charset=utf-8", []byte(`{"success":false,"error":{"code":"VALIDATION_ERROR","message":"m"}}`))
	f.Add(503, "text/html", []byte(`<html>down</html>`))
	for _, b := range bodies {
		f.Add(200, "application/json", b)
	}
	known := map[rules.ID]bool{}
	for _, id := range rules.IDs() {
		known[id] = true
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 100 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		h := http.Header{}
		h.Set("Content-Type", strings.ToValidUTF8(contentType, ""))
		for _, outcome := range []contract.Outcome{contract.Accept, contract.Reject, contract.Either, contract.Unspecified} {
			res := oracle.Check(s, contract.Expectation{Outcome: outcome}, oracle.Answer{Status: status, Header: h, Body: body})
			for _, v := range res.Violations {
				if !known[v.Rule] || v.Got == "" || v.Want == "" {
					t.Errorf("violation %+v: got an unknown rule or an empty got/want, want a rule of the table with both", v)
				}
			}
			again := oracle.Check(s, contract.Expectation{Outcome: outcome}, oracle.Answer{Status: status, Header: h, Body: body})
			if len(again.Violations) != len(res.Violations) {
				t.Errorf("Check twice on the same response: got %d then %d violations, want the same", len(res.Violations), len(again.Violations))
			}
		}
		// A transport failure is always robustness, never a panic.
		res := oracle.Check(s, contract.Expectation{Outcome: contract.Accept}, oracle.Answer{Failure: &contract.Failure{Kind: contract.FailReset, Detail: io.ErrUnexpectedEOF.Error()}})
		if len(res.Violations) != 1 || res.Violations[0].Rule != rules.Robustness {
			t.Errorf("reset: got %v, want one robustness violation", res.Violations)
		}
	})
}
