package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/putdestination/conformance/contract"
)

// TestPrepareIsTheLastStep: Prepare sees the headers merged and the exact
// body, what it adds goes out, the caller's headers are not changed, and
// an error fails the exchange before anything is sent.
func TestPrepareIsTheLastStep(t *testing.T) {
	var got http.Header
	var gotBody string
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		got = r.Header.Clone()
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
	}))
	defer srv.Close()
	var seenBody string
	c, err := New(Config{
		Headers: http.Header{"X-Configured": {"conf-value"}},
		Prepare: func(r *http.Request, body []byte) error {
			if r.Header.Get("X-Configured") != "conf-value" || r.Header.Get("X-Own") != "own" {
				return errors.New("headers not merged before Prepare")
			}
			seenBody = string(body)
			if strings.Contains(seenBody, "refuse") {
				return errors.New("refused by Prepare")
			}
			r.Header.Set("Authorization", "Sig abc")
			return nil
		},
		CurlAuth:  func(Request) string { return `--aws-sigv4 'aws:amz:r:s' --user "$K:$S"` },
		ScrubFunc: func(s string) string { return strings.ReplaceAll(s, "dynamic-secret", "REDACTED") },
	})
	if err != nil {
		t.Fatal(err)
	}
	own := http.Header{"X-Own": {"own"}}
	if _, err := c.Do(context.Background(), Request{Method: "POST", URL: srv.URL, Header: own, Body: []byte(`{"a":1}`)}); err != nil {
		t.Fatal(err)
	}
	if got.Get("Authorization") != "Sig abc" || gotBody != `{"a":1}` || seenBody != `{"a":1}` {
		t.Errorf("sent: Authorization %q, body %q (Prepare saw %q); want what Prepare added, the exact body", got.Get("Authorization"), gotBody, seenBody)
	}
	if len(own) != 1 {
		t.Errorf("Prepare changed the caller's headers: %v", own)
	}
	_, err = c.Do(context.Background(), Request{Method: "POST", URL: srv.URL, Header: own, Body: []byte(`refuse`)})
	var te *Error
	if !errors.As(err, &te) || te.Kind != contract.FailInvalid || hits != 1 || c.Sent() != 1 {
		t.Errorf("Prepare error: got %v, %d requests at the server (%d counted); want contract.FailInvalid, nothing sent", err, hits, c.Sent())
	}
	if line := c.Curl(Request{Method: "POST", URL: srv.URL, Body: []byte("x")}); !strings.Contains(line, ` --aws-sigv4 'aws:amz:r:s' --user "$K:$S" -X 'POST'`) {
		t.Errorf("Curl: got %s, want CurlAuth before the method", line)
	}
	if s := c.Scrub("a dynamic-secret here"); s != "a REDACTED here" {
		t.Errorf("Scrub: got %q, want ScrubFunc applied", s)
	}
	if h := c.ScrubHeader(http.Header{"X-Echo": {"dynamic-secret"}}); h.Get("X-Echo") != "REDACTED" {
		t.Errorf("ScrubHeader: got %v, want ScrubFunc applied", h)
	}
}
