package fuzz

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

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
		out = append(out, g.Valid().Example(i).Body, g.Invalid().Example(i).Body, g.Wire().Example(i).Body)
	}
	return s, out
}

// expectation is what the spec says of a body: the contract is silent on
// invalid UTF-8 and duplicate keys, otherwise the spec's validation decides.
func expectation(s *spec.Spec, method string, body []byte) contract.Expectation {
	if method != http.MethodPost {
		return contract.Expectation{Outcome: contract.Unspecified}
	}
	if !utf8.Valid(body) || hasDuplicateKeys(body) {
		return contract.Expectation{Outcome: contract.Either}
	}
	ps := s.ValidateRequest(nil, body)
	if len(ps) == 0 {
		return contract.Expectation{Outcome: contract.Accept}
	}
	return contract.Expectation{Outcome: contract.Reject, Breaks: contract.Constraint{Pointer: ps[0].Pointer, Keyword: ps[0].Keyword}}
}

// hasDuplicateKeys walks the token stream: encoding/json keeps the last
// duplicate silently, so it cannot say.
func hasDuplicateKeys(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		keys   map[string]bool
		expect bool // next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				if top != nil && top.object {
					top.expect = true
				}
				stack = append(stack, &frame{object: v == '{', keys: map[string]bool{}, expect: v == '{'})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].expect = true
				}
			}
		default:
			if top != nil && top.object {
				if top.expect {
					k, _ := v.(string)
					if top.keys[k] {
						return true
					}
					top.keys[k] = true
					top.expect = false
				} else {
					top.expect = true
				}
			}
		}
	}
}

func FuzzEmulatorWire(f *testing.F) {
	s, bodies := seeds(f)
	for _, b := range bodies {
		f.Add("POST", b)
	}
	f.Add("GET", []byte(`{}`))
	f.Add("POST", []byte(`{"destinationName":"a","targetArn":"t","roleArn":"r","destinationName":"b"}`))
	// The emulator is called as a handler with the raw bytes as the body:
	// an in-process HTTP exchange without sockets, so the fuzzer measures
	// the emulator and the spec, not the network stack.
	em := emulator.New()
	f.Fuzz(func(t *testing.T, method string, body []byte) {
		switch method {
		case "POST", "GET", "PUT", "DELETE", "PATCH":
		default:
			method = "POST"
		}
		exp := expectation(s, method, body)
		req := httptest.NewRequest(method, "/", bytes.NewReader(body))
		req.Header = s.RequestHeaders()
		rec := httptest.NewRecorder()
		em.ServeHTTP(rec, req)
		res := oracle.Check(s, exp, oracle.Answer{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
		for _, v := range res.Violations {
			t.Errorf("%s\n  expectation: %s %s\n  body: %s", v, exp.Outcome, exp.Breaks, contract.Excerpt(body, 300))
		}
	})
}

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
