package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestAloneUsesItsOwnConnection guards connection hygiene: a request marked
// Alone never shares a connection with another request, before or after
// it, while ordinary requests keep reusing theirs.
func TestAloneUsesItsOwnConnection(t *testing.T) {
	var mu sync.Mutex
	conns := map[string]int{} // remote address -> requests served on it
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conns[r.RemoteAddr]++
		mu.Unlock()
		w.WriteHeader(200)
	}))
	defer srv.Close()
	c := newClient(t, Config{Workers: 1})
	ctx := context.Background()
	send := func(alone bool) {
		if _, err := c.Do(ctx, Request{Method: "POST", URL: srv.URL, Body: []byte("{}"), Alone: alone}); err != nil {
			t.Fatalf("Do: %v", err)
		}
	}
	send(false)
	send(false)
	send(true)
	send(true)
	send(false)
	mu.Lock()
	defer mu.Unlock()
	ones, shared := 0, 0
	for _, n := range conns {
		if n == 1 {
			ones++
		} else {
			shared += n
		}
	}
	// The three ordinary requests share one kept-alive connection; each
	// Alone request had a connection of its own.
	if ones != 2 || shared != 3 {
		t.Errorf("requests per connection: got %v, want two connections of one request (Alone) and one of three", conns)
	}
}
