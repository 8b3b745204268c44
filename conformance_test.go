package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/rules"
)

func newEmulator() http.Handler { return emulator.New() }

// TestBadInputCostsNoRequest: every problem of the configuration is found
// before the first request, one line each.
func TestBadInputCostsNoRequest(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		target       conformance.Target
		opts         []conformance.Option
		want         string
	}{
		{"budget", "a budget below 1 runs nothing", conformance.URL(srv.URL), []conformance.Option{conformance.WithBudget(0)}, "-budget 0"},
		{"rule", "an unknown rule id is a typo", conformance.URL(srv.URL), []conformance.Option{conformance.WithRules("no-such-rule")}, `no rule "no-such-rule"`},
		{"scheme", "only http and https", conformance.URL("ftp://x"), nil, "want an http:// or https:// URL"},
		{"spec", "an unreadable spec", conformance.URL(srv.URL), []conformance.Option{conformance.WithSpecFile(filepath.Join(t.TempDir(), "missing.yaml"))}, "missing.yaml"},
		{"report dir", "a report directory that is a file", conformance.URL(srv.URL), []conformance.Option{conformance.WithReportDir(filepath.Join(file, "sub"))}, "-report-dir"},
		{"header", "a header without a colon; its value is not shown", conformance.URL(srv.URL), []conformance.Option{conformance.WithConfig(func() conformance.Config {
			c := conformance.DefaultConfig()
			c.Headers = conformance.HeaderList{"Authorization Bearer s3cret"}
			return c
		}())}, "-header #1"},
	}
	for _, tt := range tests {
		res, err := conformance.Check(context.Background(), tt.target, tt.opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s (%s): got error %v, want one containing %q", tt.name, tt.reason, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "s3cret")) {
			t.Errorf("%s: error %q: want one line, no secret", tt.name, err)
		}
		if res != nil {
			t.Errorf("%s: got a result, want none (nothing ran)", tt.name)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("requests sent: got %d, want 0", n)
	}
}

// TestUnreachableIsAnError: the harness could not do its job; the result
// still says so (verdict error), for the report.
func TestUnreachableIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	res, err := conformance.Check(context.Background(), conformance.URL(url), conformance.WithSeed(1))
	if err == nil || res == nil || res.Verdict != "error" {
		t.Fatalf("unreachable endpoint: got result %v and error %v, want verdict error and an error", res, err)
	}
}

// TestHandlerGetsAFreshHandlerPerRun: no state leaks between runs.
func TestHandlerGetsAFreshHandlerPerRun(t *testing.T) {
	var made atomic.Int64
	target := conformance.Handler(func() http.Handler { made.Add(1); return emulator.New() })
	for range 2 {
		if _, err := conformance.Check(context.Background(), target, conformance.WithSeed(3), conformance.WithBudget(3)); err != nil {
			t.Fatal(err)
		}
	}
	if made.Load() != 2 {
		t.Errorf("handlers made for two runs: got %d, want 2", made.Load())
	}
}

// TestSameVerdictInProcessAndOverTCP: the in-process target is the same
// endpoint as far as the harness can tell.
func TestSameVerdictInProcessAndOverTCP(t *testing.T) {
	srv := httptest.NewServer(emulator.New())
	defer srv.Close()
	a, err := conformance.Check(context.Background(), conformance.URL(srv.URL), conformance.WithSeed(5), conformance.WithBudget(20))
	if err != nil {
		t.Fatal(err)
	}
	b, err := conformance.Check(context.Background(), conformance.Handler(newEmulator), conformance.WithSeed(5), conformance.WithBudget(20))
	if err != nil {
		t.Fatal(err)
	}
	if a.Verdict != "conformant" || b.Verdict != "conformant" || a.Requests != b.Requests {
		t.Errorf("TCP: %s in %d requests; in process: %s in %d; want both conformant in as many requests", a.Verdict, a.Requests, b.Verdict, b.Requests)
	}
}

// TestSeedKeepsEveryDigit: JSON readers that use doubles (JavaScript, jq)
// must read back the seed exactly.
func TestSeedKeepsEveryDigit(t *testing.T) {
	dir := t.TempDir()
	const seed = 1<<63 + 12345
	if _, err := conformance.Check(context.Background(), conformance.Handler(newEmulator), conformance.WithSeed(seed), conformance.WithBudget(2), conformance.WithReportDir(dir)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, result.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["seed"] != "9223372036854788153" {
		t.Errorf("seed in conformance.json: got %#v, want the string \"9223372036854788153\"", doc["seed"])
	}
}

// fakeT records what Test reports.
type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Name() string             { return "TestPutDestination/faulty copy" }
func (f *fakeT) Helper()                  {}
func (f *fakeT) Context() context.Context { return context.Background() }
func (f *fakeT) Logf(string, ...any)      {}
func (f *fakeT) Fatal(args ...any)        { f.failed, f.msg = true, fmt.Sprint(args...) }
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
}

// acceptsColon is the emulator with one fault: it accepts ':' in names.
func acceptsColon() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		em.ServeHTTP(rec, r)
		if strings.Contains(rec.Body.String(), "must not contain") {
			emulator.WriteSuccess(w, "id-colon", time.Now())
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// TestTestListsFindingsSubjectFirst: a faulty handler fails the test once,
// with the rule id, pointer, got and want of each finding and the go test
// command that reruns it with the seed, without curl lines to a URL no
// request outside the test can reach; no line is over MaxLine.
func TestTestListsFindingsSubjectFirst(t *testing.T) {
	t.Setenv(conformance.SeedEnv, "")
	ft := &fakeT{}
	conformance.Test(ft, conformance.Handler(acceptsColon), conformance.WithSeed(2), conformance.WithRules(rules.RejectsInvalid))
	if !ft.failed {
		t.Fatal("Test against a handler that accepts ':' in names: got no failure")
	}
	for _, want := range []string{"rejects-invalid /destinationName: got 200", "want 400 VALIDATION_ERROR",
		"no curl line: no URL reaches a handler in process",
		"reproduce the run: CONFORMANCE_SEED=2 go test -run '^TestPutDestination$/^faulty copy$' ."} {
		if !strings.Contains(ft.msg, want) {
			t.Errorf("failure message: want %q in\n%s", want, ft.msg)
		}
	}
	if strings.Contains(ft.msg, "in-process.invalid") || strings.Contains(ft.msg, "   curl:") {
		t.Errorf("failure message: got a curl line to the in-process URL, which nothing reaches:\n%s", ft.msg)
	}
	for _, line := range strings.Split(ft.msg, "\n") {
		if len(line) > result.MaxLine {
			t.Errorf("line of %d bytes, want at most %d: %.120s…", len(line), result.MaxLine, line)
		}
	}
}

// TestHandlerPanicsAreKeptOffTheConsole: the panics of an in-process
// handler, which net/http logs with their stacks, go to the result (how
// many, and the first) and once into Test's failure, not to the process's
// log, which a handler that panics on every request would fill with a
// stack per request.
func TestHandlerPanicsAreKeptOffTheConsole(t *testing.T) {
	var console bytes.Buffer
	log.SetOutput(&console)
	defer log.SetOutput(os.Stderr)
	panics := func() http.Handler {
		return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("nil map in the handler " + strings.Repeat("x", 2000)) })
	}
	ft := &fakeT{}
	conformance.Test(ft, conformance.Handler(panics), conformance.WithSeed(3), conformance.WithBudget(5), conformance.WithoutShrinking())
	if !ft.failed {
		t.Fatal("Test against a handler that panics: got no failure")
	}
	if console.Len() > 0 {
		t.Errorf("process log: got %d bytes, want none: %.300s", console.Len(), console.String())
	}
	for _, want := range []string{"the handler's http.Server logged", "http: panic serving pipe: nil map in the handler", "TestHandlerPanicsAreKeptOffTheConsole"} {
		if !strings.Contains(ft.msg, want) {
			t.Errorf("failure message: want %q in\n%.2000s", want, ft.msg)
		}
	}
	if n := strings.Count(ft.msg, "panic serving"); n != 1 {
		t.Errorf("failure message: got %d stacks, want 1", n)
	}
	for _, line := range strings.Split(ft.msg, "\n") {
		if len(line) > result.MaxLine {
			t.Errorf("line of %d bytes, want at most %d: %.120s…", len(line), result.MaxLine, line)
		}
	}
	res, err := conformance.Check(context.Background(), conformance.Handler(panics), conformance.WithSeed(3), conformance.WithBudget(5), conformance.WithoutShrinking())
	if err != nil {
		t.Fatal(err)
	}
	if l := res.HandlerLog; l == nil || int64(l.Messages) != res.Requests || !strings.HasPrefix(l.First, "http: panic serving pipe: nil map") {
		t.Errorf("HandlerLog: got %+v, want one message per request (%d), the first a panic", l, res.Requests)
	}
	if ok, _ := conformance.Check(context.Background(), conformance.Handler(func() http.Handler { return emulator.New() }), conformance.WithBudget(5)); ok.HandlerLog != nil {
		t.Errorf("HandlerLog of the reference emulator: got %+v, want none", ok.HandlerLog)
	}
}
