package parity_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

const secret = "s3cr3t-parity-token"

// record records the envelope emulator once, with a secret header.
func record(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := conformance.Record(t.Context(), conformance.Handler(emulator.ForDialect(rules.Envelope)), &buf,
		conformance.WithSeed(7), conformance.WithBudget(8), conformance.WithHeader("X-Api-Key", secret))
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// check checks the handler against the cassette over TCP.
func check(t *testing.T, cassette []byte, h http.Handler) *result.Result {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	har, err := parity.Read(bytes.NewReader(cassette))
	if err != nil {
		t.Fatal(err)
	}
	res, err := parity.Check(t.Context(), har, parity.Options{Endpoint: srv.URL, Transport: transport.Config{Headers: http.Header{"X-Api-Key": {secret}}}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestParity: the reference emulator checked against its own recording
// gives no finding (ids and timestamps differ between the two runs and
// never make one); a mutant gives findings under the parity rule that
// name the diverging member.
func TestParity(t *testing.T) {
	cassette := record(t)
	if res := check(t, cassette, emulator.ForDialect(rules.Envelope)()); len(res.Findings) > 0 || res.Verdict != result.Conformant {
		t.Errorf("emulator against its own recording: got %s with %d findings, first %q; want conformant, none", res.Verdict, len(res.Findings), res.Findings[0].Summary)
	} else if row := res.Rule(rules.Parity); row.Status != result.Pass || row.Cases == 0 {
		t.Errorf("parity row: got %+v, want pass with cases", row)
	}
	for _, tt := range []struct {
		mutant, pointer, reason string
	}{
		{"wrong-error-code", "/error/code", "the error code differs from the reference's"},
		{"new-id-on-update", "/data/id", "an update's id breaks the reference's equality class"},
	} {
		m, ok := mutants.Named(tt.mutant)
		if !ok {
			t.Fatalf("mutant %s: not in the zoo", tt.mutant)
		}
		res := check(t, cassette, m.New())
		var pointers []string
		for _, f := range res.Findings {
			if f.Rule != rules.Parity || f.Reference == nil || f.Reference.Response == nil || f.Response == nil {
				t.Errorf("%s: finding %q: want rule parity with both answers", tt.mutant, f.Summary)
			}
			for _, v := range f.Violations {
				pointers = append(pointers, v.Pointer)
			}
		}
		if !strings.Contains(" "+strings.Join(pointers, " ")+" ", " "+tt.pointer+" ") {
			t.Errorf("%s: got findings at %q, want one at %s (%s)", tt.mutant, pointers, tt.pointer, tt.reason)
		}
		if res.Verdict != result.NonConformant {
			t.Errorf("%s: verdict %s, want non-conformant", tt.mutant, res.Verdict)
		}
	}
}

// TestCassetteCarriesNoSecret: the header given to the recording is in no
// byte of the cassette, which shows it redacted.
func TestCassetteCarriesNoSecret(t *testing.T) {
	cassette := record(t)
	if bytes.Contains(cassette, []byte(secret)) {
		t.Errorf("cassette: got the secret header's value, want it redacted")
	}
	if !bytes.Contains(cassette, []byte(`"value": "REDACTED"`)) {
		t.Errorf("cassette: got no REDACTED header value, want the secret header shown redacted")
	}
}
