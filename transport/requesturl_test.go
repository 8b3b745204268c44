package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/putdestination/conformance/contract"
)

// TestRequestsGetTheirOwnURL: a request goes where its own URL says, with
// the path, query and Host of that URL, whichever URL and form (HTTP/1.1 or
// HTTP/1.0, whose write buffers are kept between requests) the request
// before it had, and what Prepare does to one request's URL is not seen by
// the next.
func TestRequestsGetTheirOwnURL(t *testing.T) {
	type seen struct{ server, uri, host string }
	var mu sync.Mutex
	var got []seen
	handler := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, seen{name, r.RequestURI, r.Host})
		})
	}
	a := httptest.NewServer(handler("a"))
	defer a.Close()
	b := httptest.NewServer(handler("b"))
	defer b.Close()
	c, err := New(Config{Workers: 1, Prepare: func(r *http.Request, _ []byte) error {
		if r.Header.Get("X-Move") != "" {
			r.URL.Path = "/moved"
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range []struct {
		req  Request
		want seen
	}{
		{Request{URL: a.URL + "/p?q=1"}, seen{"a", "/p?q=1", a.Listener.Addr().String()}},
		{Request{URL: a.URL + "/p?q=1", Header: http.Header{"X-Move": {"1"}}}, seen{"a", "/moved?q=1", a.Listener.Addr().String()}},
		{Request{URL: a.URL + "/p?q=1"}, seen{"a", "/p?q=1", a.Listener.Addr().String()}},
		{Request{URL: b.URL}, seen{"b", "/", b.Listener.Addr().String()}},
		{Request{URL: a.URL + "/p?q=1", Wire: contract.Wire{HTTP10: true}}, seen{"a", "/p?q=1", a.Listener.Addr().String()}},
		{Request{URL: b.URL, Wire: contract.Wire{HTTP10: true}}, seen{"b", "/", b.Listener.Addr().String()}},
		{Request{URL: b.URL, Header: http.Header{"X-Move": {"1"}}, Wire: contract.Wire{HTTP10: true}}, seen{"b", "/moved", b.Listener.Addr().String()}},
		{Request{URL: b.URL}, seen{"b", "/", b.Listener.Addr().String()}},
	} {
		mu.Lock()
		got = nil
		mu.Unlock()
		if _, err := c.Do(context.Background(), tc.req); err != nil {
			t.Fatalf("%s: %v", tc.req.URL, err)
		}
		mu.Lock()
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s (%v): reached %v, want %v", tc.req.URL, tc.req.Header, got, tc.want)
		}
		mu.Unlock()
	}
	// An empty port is removed from Host as http.NewRequest removes it
	// (built only: the host does not exist).
	for range 2 {
		hreq, err := c.buildRequest(context.Background(), http.MethodGet, Request{URL: "http://example.invalid:/x"})
		if err != nil {
			t.Fatal(err)
		}
		if hreq.Host != "example.invalid" || hreq.URL.Host != "example.invalid" || hreq.URL.Path != "/x" {
			t.Errorf("http://example.invalid:/x built as Host %q, URL %s; want Host example.invalid, as http.NewRequest builds it", hreq.Host, hreq.URL)
		}
	}
}
