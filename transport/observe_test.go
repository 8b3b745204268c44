package transport_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/putdestination/conformance/transport"
)

// TestObserveRedacts: Observe hears each exchange that reached the
// endpoint, in order, with the secret header redacted and the secret the
// endpoint echoed scrubbed from its answer, every other byte kept; a
// request refused before sending is not heard.
func TestObserveRedacts(t *testing.T) {
	const secret = "observe-secret-0001"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"echo":"` + r.Header.Get("X-Api-Key") + `","raw":"` + "\xff" + `"}`))
	}))
	defer srv.Close()
	var mu sync.Mutex
	var heard []transport.Observed
	c, err := transport.New(transport.Config{Headers: http.Header{"X-Api-Key": {secret}}, MaxRequests: 2, Observe: func(o transport.Observed) {
		mu.Lock()
		heard = append(heard, o)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, body := range []string{"one", "two", "three (over the cap)"} {
		_, _ = c.Do(t.Context(), transport.Request{Method: http.MethodPost, URL: srv.URL, Body: []byte(body)})
	}
	if len(heard) != 2 {
		t.Fatalf("observed: got %d exchanges, want 2 (the third is over the request cap)", len(heard))
	}
	for i, o := range heard {
		if want := []string{"one", "two"}[i]; string(o.Request.Body) != want {
			t.Errorf("exchange %d: request body %q, want %q", i, o.Request.Body, want)
		}
		if got := o.Header.Get("X-Api-Key"); got != "REDACTED" {
			t.Errorf("exchange %d: header X-Api-Key %q, want REDACTED", i, got)
		}
		if body := string(o.Response.Body); strings.Contains(body, secret) || body != `{"echo":"REDACTED","raw":"`+"\xff"+`"}` {
			t.Errorf("exchange %d: response body %q, want the echoed secret scrubbed and every other byte kept", i, body)
		}
	}
}
