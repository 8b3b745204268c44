package transport

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
)

// TestCurlClientWritesNewsCurlLinesAndSendsNothing: a CurlClient's curl
// lines are those of New's Client with the same configuration (secrets
// redacted), and its Do fails without sending.
func TestCurlClientWritesNewsCurlLinesAndSendsNothing(t *testing.T) {
	cfg := Config{RequestTimeout: 1500 * time.Millisecond, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}}
	full := newClient(t, cfg)
	lean, err := CurlClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range curlBodies {
		req := curlRequest("http://in-process.invalid/", tc.body)
		req.Header = req.Header.Clone()
		req.Header.Set("Authorization", "Bearer s3cr3t")
		if got, want := lean.Curl(req), full.Curl(req); got != want {
			t.Errorf("%s: CurlClient's curl line\n%s\nwant New's\n%s", tc.name, got, want)
		}
	}
	_, err = lean.Do(context.Background(), curlRequest("http://127.0.0.1:1/", "{}"))
	var te *Error
	if !errors.As(err, &te) || te.Kind != contract.FailInvalid {
		t.Errorf("Do: got %v, want a %s error", err, contract.FailInvalid)
	}
	if _, err := CurlClient(Config{RequestTimeout: -1}); err == nil {
		t.Error("CurlClient with a negative RequestTimeout: no error, want one")
	}
}
