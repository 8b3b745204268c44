package parity_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/rules"
)

// TestRecordAWS: a recording in the aws dialect holds the protocol's
// requests (X-Amz-Target) and the run's prefix, and neither the secret
// key, the session token nor a signature; parity.Check refuses to replay
// it unsigned, and conformance.Parity, which signs again, finds the AWS
// mode of the emulator at parity with its own recording.
func TestRecordAWS(t *testing.T) {
	const secretKey, token = "SECRETKEY-parity-0001-abcdef", "SESSIONTOKEN-parity-0002-ghijkl"
	var buf bytes.Buffer
	_, err := conformance.Record(t.Context(), conformance.Handler(func() http.Handler { return emulator.NewAWS() }), &buf,
		conformance.WithDialect(rules.AWS), conformance.WithCredentials(credentials.NewStaticCredentialsProvider("AKIDPARITYTEST", secretKey, token)),
		conformance.WithSeed(3), conformance.WithBudget(5))
	if err != nil {
		t.Fatal(err)
	}
	cassette := buf.String()
	for _, s := range []string{"AKIDPARITYTEST", secretKey, token, "Signature="} {
		if strings.Contains(cassette, s) {
			t.Errorf("aws cassette: got %q in it, want it scrubbed", s)
		}
	}
	h, err := parity.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if m := h.Log.Harness; m.Dialect != rules.AWS || m.NamePrefix == "" {
		t.Errorf("_harness: got %+v, want the aws dialect and the run's prefix", m)
	}
	if !strings.Contains(cassette, "Logs_20140328.PutDestination") {
		t.Errorf("aws cassette: no X-Amz-Target of PutDestination, want the protocol's requests")
	}
	if _, err := parity.Check(t.Context(), h, parity.Options{Endpoint: "http://127.0.0.1:1"}); err == nil || !strings.Contains(err.Error(), "aws") {
		t.Errorf("parity of an aws cassette unsigned: got %v, want a refusal naming the dialect", err)
	}
	res, err := conformance.Parity(t.Context(), h, conformance.Handler(func() http.Handler { return emulator.NewAWS() }), nil,
		conformance.WithCredentials(credentials.NewStaticCredentialsProvider("AKIDPARITYTEST", secretKey, token)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) > 0 || res.Rule(rules.Parity).Cases == 0 {
		t.Errorf("aws emulator against its own recording: got %d findings (first %v) in %d cases, want none", len(res.Findings), res.Findings, res.Rule(rules.Parity).Cases)
	}
	for _, tt := range []struct{ mutant, pointer string }{
		{"aws-wrong-error-type", "/__type"},
		{"aws-creation-time-on-update", "/destination/creationTime"},
		{"aws-omits-role-arn", "/destination/roleArn"},
	} {
		var m mutants.Mutant
		for _, c := range mutants.AWS() {
			if c.Name == tt.mutant {
				m = c
			}
		}
		if m.New == nil {
			t.Fatalf("mutant %s: not in the AWS zoo", tt.mutant)
		}
		h, err := parity.Read(strings.NewReader(cassette))
		if err != nil {
			t.Fatal(err)
		}
		res, err := conformance.Parity(t.Context(), h, conformance.Handler(m.New), nil,
			conformance.WithCredentials(credentials.NewStaticCredentialsProvider("AKIDPARITYTEST", secretKey, token)))
		if err != nil {
			t.Fatal(err)
		}
		var at []string
		for _, f := range res.Findings {
			for _, v := range f.Violations {
				at = append(at, v.Pointer)
			}
		}
		if !slices.Contains(at, tt.pointer) {
			t.Errorf("%s: got findings at %q, want one at %s", tt.mutant, at, tt.pointer)
		}
	}
}
