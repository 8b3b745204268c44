package parity_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/rules"
)

// TestRecordAWS: a recording in the aws dialect holds the protocol's
// requests (X-Amz-Target) and the run's prefix, and neither the secret
// key, the session token nor a signature; parity refuses to replay it
// (its requests would need signing again).
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
	for _, s := range []string{secretKey, token, "Signature="} {
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
		t.Errorf("parity of an aws cassette: got %v, want a refusal naming the dialect", err)
	}
}
