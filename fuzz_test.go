package conformance_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
)

const validBody = `{"destinationName":"a","targetArn":"t","roleArn":"r"}`

// faulty handlers, each with the finding Fuzz must report for its input.
func TestFuzzChecker(t *testing.T) {
	emu := func() http.Handler { return emulator.New() }
	answer := func(status int, body string) func() http.Handler {
		return func() http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
			})
		}
	}
	ok := `{"success":true,"data":{"id":"x","created_at":"2026-11-24T05:28:04Z"}}`
	var counter atomic.Int64
	newIDs := func() http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"success":true,"data":{"id":"id-` + time.Now().Format("150405.000000000") + string(rune('a'+counter.Add(1)%26)) + `","created_at":"2026-11-24T05:28:04Z"}}`))
		})
	}
	for _, tc := range []struct {
		name    string
		handler func() http.Handler
		in      conformance.FuzzInput
		want    []string // in the failure text; none: no failure
		reason  string
	}{
		{"reference", emu, conformance.FuzzInput{First: []byte(validBody)}, nil, "the reference keeps the contract"},
		{"reference pair", emu, conformance.FuzzInput{Mode: 0x20, First: []byte(validBody), Second: []byte(validBody)}, nil, "an update keeps id and created_at"},
		{"reference GET", emu, conformance.FuzzInput{Mode: 4 << 2, First: []byte(validBody)}, nil, "another method: robustness only"},
		{"reference silent", emu, conformance.FuzzInput{First: []byte(`{"destinationName":"a","destinationName":"b","targetArn":"t","roleArn":"r"}`)}, nil, "duplicate keys: either envelope"},
		{"panic", func() http.Handler {
			return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
		}, conformance.FuzzInput{First: []byte(validBody)}, []string{"robustness /: got reset: the handler panicked (net/http drops the connection): boom at ", "fuzz_test.go", "curl: curl "}, "a panic is a dropped connection"},
		{"abort", func() http.Handler {
			return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
		}, conformance.FuzzInput{First: []byte(validBody)}, []string{"robustness /: got reset: the handler aborted"}, "ErrAbortHandler drops the connection too"},
		{"hang", func() http.Handler {
			return http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		}, conformance.FuzzInput{First: []byte(validBody)}, []string{"robustness /: got timeout: the handler had not returned after 100ms"}, "a hang is reported within the time limit"},
		{"500", answer(500, `oops`), conformance.FuzzInput{First: []byte(validBody)}, []string{"robustness /: got 500"}, "a 5xx"},
		{"accepts invalid", answer(200, ok), conformance.FuzzInput{First: []byte(`{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`)},
			[]string{"1. rejects-invalid /destinationName: got 200 application/json", "expect reject (breaks /destinationName pattern)", `--data-binary '{"destinationName":"a:b"`}, "the spec's verdict on the body"},
		{"GET 500", answer(500, `oops`), conformance.FuzzInput{Mode: 5 << 2, First: []byte(validBody)}, []string{"robustness /: got 500", "request 1 of 1: PUT"}, "other methods: robustness still holds"},
		{"new id on update", newIDs, conformance.FuzzInput{Mode: 0x20, First: []byte(validBody), Second: []byte(validBody)},
			[]string{"upsert-identity /data/id: got id", "first: curl ", "needs: a fresh handler"}, "the second request of an input"},
		{"endless body", func() http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for r.Context().Err() == nil {
					if _, err := w.Write(make([]byte, 1<<16)); err != nil {
						return
					}
				}
			})
		}, conformance.FuzzInput{First: []byte(validBody)}, []string{"robustness /: got too-large: response body over 1048576 bytes"}, "the body cap"},
		{"no content type", func() http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = nil
				_, _ = w.Write([]byte(ok))
			})
		}, conformance.FuzzInput{First: []byte(validBody)}, []string{`content-type /: got Content-Type ""`}, "a suppressed Content-Type is not sniffed"},
		{"sniffed", func() http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(ok)) })
		}, conformance.FuzzInput{First: []byte(validBody)}, []string{`content-type /: got Content-Type "text/plain; charset=utf-8"`}, "net/http sniffs a missing Content-Type"},
		{"header edits stay in their request", func() http.Handler {
			em := emulator.New()
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Content-Type") == "" || r.Header.Get("Accept") != "application/json" {
					http.Error(w, "a header changed by the previous request", http.StatusInternalServerError)
					return
				}
				em.ServeHTTP(w, r)
				r.Header.Del("Content-Type")
				r.Header["Accept"][0] = "text/plain"
			})
		}, conformance.FuzzInput{Mode: 0x20, First: []byte(validBody), Second: []byte(validBody)}, nil, "a handler may change r.Header: the next request has the contract's headers still"},
		{"empty body", func() http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Body != http.NoBody {
					http.Error(w, "an empty body that is not http.NoBody", http.StatusInternalServerError)
					return
				}
				w.WriteHeader(http.StatusMethodNotAllowed)
			})
		}, conformance.FuzzInput{Mode: 4 << 2}, nil, "an empty body is http.NoBody, as net/http's server gives it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The hang's 100 ms timeout is what that case proves; every
			// other case gets a minute, a hang guard, so that a loaded
			// machine's slow exchange is no timeout finding.
			timeout := time.Minute
			if tc.name == "hang" {
				timeout = 100 * time.Millisecond
			}
			c, err := conformance.NewFuzzChecker(tc.handler, conformance.WithRequestTimeout(timeout))
			if err != nil {
				t.Fatal(err)
			}
			msg := c.Check(tc.in)
			if len(tc.want) == 0 {
				if msg != "" {
					t.Errorf("%s (%s): got a failure, want none:\n%s", tc.name, tc.reason, msg)
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s (%s): want %q in the failure:\n%s", tc.name, tc.reason, w, msg)
				}
			}
		})
	}
}

func TestNewFuzzCheckerRefusesBadOptions(t *testing.T) {
	if _, err := conformance.NewFuzzChecker(nil); err == nil {
		t.Error("NewFuzzChecker(nil): got no error, want one")
	}
	emu := func() http.Handler { return emulator.New() }
	if _, err := conformance.NewFuzzChecker(emu, conformance.WithRequestTimeout(-1)); err == nil {
		t.Error("NewFuzzChecker with a negative timeout: got no error, want one")
	}
}

// TestFuzzSeedsKeepTheContractOnTheReference: every seed of Fuzz passes
// against the reference emulator (a seed that failed there would fail
// every team's first `go test`), and the seeds hold every property.
func TestFuzzSeedsKeepTheContractOnTheReference(t *testing.T) {
	c, err := conformance.NewFuzzChecker(func() http.Handler { return emulator.New() })
	if err != nil {
		t.Fatal(err)
	}
	seeds := c.Seeds()
	pairs, others := 0, 0
	for _, in := range seeds {
		if msg := c.Check(in); msg != "" {
			t.Errorf("seed %q: got a failure, want none:\n%s", in.First, msg)
		}
		if in.Mode&0x20 != 0 {
			pairs++
		}
		if in.Mode&0x1c >= 4<<2 {
			others++
		}
	}
	if len(seeds) < 100 || pairs == 0 || others == 0 {
		t.Errorf("seeds: got %d, %d pairs, %d of other methods; want at least 100 with some of each", len(seeds), pairs, others)
	}
}
