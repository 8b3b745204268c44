package conformance_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/rules"
)

func TestDefaultConfigIsValid(t *testing.T) {
	if err := conformance.DefaultConfig().Validate(); err != nil {
		t.Errorf("DefaultConfig().Validate(): got %v, want nil", err)
	}
	if dir := conformance.DefaultConfig().ReportDir; dir != "" {
		t.Errorf("DefaultConfig().ReportDir: got %q, want empty (no file written unless asked)", dir)
	}
	c := conformance.DefaultConfig()
	c.CAFile = "/tmp/ca.pem"
	c.Rules = []rules.ID{rules.RejectsInvalid, rules.Robustness}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate with a CA file and two known rules: got %v, want nil", err)
	}
	c = conformance.DefaultConfig()
	c.Shrink = false
	c.ShrinkTime = 0
	if err := c.Validate(); err != nil {
		t.Errorf("Validate with -no-shrink and no shrink time: got %v, want nil (the shrink time is not used)", err)
	}
}

// startsWithFlag reports whether msg starts with the flag (or field) name.
func startsWithFlag(msg, name string) bool {
	return strings.HasPrefix(msg, name+" ") || strings.HasPrefix(msg, name+":")
}

func TestValidateNamesTheFlag(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		mutate func(c *conformance.Config)
		flag   string
	}{
		{"budget zero", "no cases at all judges nothing", func(c *conformance.Config) { c.Budget = 0 }, "-budget"},
		{"budget negative", "a negative count of cases", func(c *conformance.Config) { c.Budget = -3 }, "-budget"},
		{"workers zero", "nobody would send anything", func(c *conformance.Config) { c.Workers = 0 }, "-workers"},
		{"workers too many", "the pool is bounded", func(c *conformance.Config) { c.Workers = 257 }, "-workers"},
		{"request timeout zero", "a zero timeout would fail every exchange", func(c *conformance.Config) { c.RequestTimeout = 0 }, "-request-timeout"},
		{"request timeout negative", "a negative timeout has already passed", func(c *conformance.Config) { c.RequestTimeout = -time.Second }, "-request-timeout"},
		{"deadline zero", "the run would end before it starts", func(c *conformance.Config) { c.Deadline = 0 }, "-deadline"},
		{"max body too small", "the envelopes do not fit in a few bytes", func(c *conformance.Config) { c.MaxBody = 100 }, "-max-body"},
		{"max requests negative", "0 is no cap; below that means nothing", func(c *conformance.Config) { c.MaxRequests = -1 }, "-max-requests"},
		{"rate negative", "0 is unlimited; below that means nothing", func(c *conformance.Config) { c.Rate = -1 }, "-rate"},
		{"rate NaN", "flag accepts NaN as a float; the transport would reject it later without naming the flag", func(c *conformance.Config) { c.Rate = math.NaN() }, "-rate"},
		{"rate Inf", "flag accepts Inf as a float", func(c *conformance.Config) { c.Rate = math.Inf(1) }, "-rate"},
		{"shrink time zero", "shrinking is on by default and needs time", func(c *conformance.Config) { c.ShrinkTime = 0 }, "-shrink-time"},
		{"insecure and ca file", "the two contradict each other", func(c *conformance.Config) { c.Insecure = true; c.CAFile = "ca.pem" }, "-insecure"},
		{"unknown rule", "a typo in -rules would silently run nothing of what was meant", func(c *conformance.Config) { c.Rules = []rules.ID{"rejects-invalidd"} }, "-rules"},
		{"max findings zero", "no flag: the field is named, and a rule must keep its first finding", func(c *conformance.Config) { c.MaxFindings = 0 }, "MaxFindings"},
		{"max timeouts zero", "no flag: the field is named, and the first timeout would stop the run", func(c *conformance.Config) { c.MaxTimeouts = 0 }, "MaxTimeouts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := conformance.DefaultConfig()
			tt.mutate(&c)
			err := c.Validate()
			if err == nil {
				t.Fatalf("Validate (%s): got nil, want an error naming %s", tt.reason, tt.flag)
			}
			msg := err.Error()
			if !startsWithFlag(msg, tt.flag) {
				t.Errorf("Validate error (%s): got %q, want it to start with %s", tt.reason, msg, tt.flag)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("Validate error: got %q, want one line for one problem", msg)
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	c := conformance.DefaultConfig()
	c.Budget = 0
	c.Workers = 0
	c.RequestTimeout = 0
	c.MaxBody = 1
	c.Rules = []rules.ID{"no-such-rule"}
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate with five bad values: got nil, want five problems")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"-budget", "-workers", "-request-timeout", "-max-body", "-rules"}
	if len(lines) != len(want) {
		t.Errorf("Validate problems: got %d lines %q, want %d, one per bad value", len(lines), lines, len(want))
	}
	for _, flagName := range want {
		found := false
		for _, l := range lines {
			if startsWithFlag(l, flagName) {
				found = true
			}
		}
		if !found {
			t.Errorf("Validate problems: got %q, want a line for %s", lines, flagName)
		}
	}
}

// TestEndpointCheckedByTheURLTarget: the endpoint is not part of Config;
// the URL target checks it when Check starts, before any request, and the
// error names the flag as Validate's do.
func TestEndpointCheckedByTheURLTarget(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	tests := []struct {
		name, reason, endpoint string
	}{
		{"ftp", "only http and https endpoints can be tested", "ftp://x"},
		{"ftp to a live server", "the host answers HTTP, but the scheme is not http: nothing may reach it", "ftp://" + srv.Listener.Addr().String() + "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			res, err := conformance.Check(context.Background(), conformance.URL(tt.endpoint), conformance.WithReportDir(dir))
			if err == nil || !startsWithFlag(err.Error(), "-endpoint") {
				t.Fatalf("Check(URL(%q)) (%s): got error %v, want one starting with -endpoint", tt.endpoint, tt.reason, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error: got %q, want one line", err)
			}
			if res != nil {
				t.Errorf("result: got %+v, want none (nothing ran)", res)
			}
			if _, err := os.Stat(filepath.Join(dir, result.JSONFile)); !os.IsNotExist(err) {
				t.Errorf("conformance.json after a bad endpoint: got %v, want no file", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("requests received: got %d, want 0", n)
	}
}

func TestHeaderListSet(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		in      string
		wantErr bool
		header  string // name the parsed header is under
		value   string // its value, trimmed
	}{
		{"bearer", "the usual Authorization header", "Authorization: Bearer s3cr3t", false, "Authorization", "Bearer s3cr3t"},
		{"no space", "the space after the colon is optional", "X-Api-Key:abc123", false, "X-Api-Key", "abc123"},
		{"colons in value", "only the first colon separates name and value", "X-Sig: a:b:c", false, "X-Sig", "a:b:c"},
		{"empty value", "an empty value is a value", "X-Empty:", false, "X-Empty", ""},
		{"no colon", "without a colon there is no name", "no-colon", true, "", ""},
		{"bearer without colon", "a forgotten colon must not become a header named after the secret", "Authorization Bearer s3cr3t", true, "", ""},
		{"empty name", "a header needs a name", ": value", true, "", ""},
		{"blank name", "spaces are not a name", "   : value", true, "", ""},
		{"space in name", "header names are tokens", "X Api: v", true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Set never fails (the flag package would print the value);
			// Validate reports a malformed entry by position.
			c := conformance.DefaultConfig()
			if err := c.Headers.Set(tt.in); err != nil {
				t.Fatalf("Set(%q): got error %v, want nil", tt.in, err)
			}
			err := c.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate after Set(%q) (%s): got error %v, want error=%v", tt.in, tt.reason, err, tt.wantErr)
			}
			if tt.wantErr {
				if !startsWithFlag(err.Error(), "-header #1") {
					t.Errorf("Validate error: got %q, want it to start with -header #1", err)
				}
				if strings.Contains(err.Error(), "s3cr3t") {
					t.Errorf("Validate error: got %q, want it without the value", err)
				}
				if len(c.Headers.Header()) != 0 {
					t.Errorf("Header() of a malformed entry: got %v, want nothing sent", c.Headers.Header())
				}
				return
			}
			got := c.Headers.Header()
			if vs, ok := got[http.CanonicalHeaderKey(tt.header)]; !ok || len(vs) != 1 || vs[0] != tt.value {
				t.Errorf("Header() (%s): got %v, want %s: [%q]", tt.reason, got, tt.header, tt.value)
			}
		})
	}
}

func TestHeaderListStringHidesValues(t *testing.T) {
	values := []string{"Bearer s3cr3t-TOKEN-123", "k3y-abcdef", "a:b:c-secret"}
	var h conformance.HeaderList
	for _, v := range []string{"Authorization: " + values[0], "X-Api-Key:" + values[1], "X-Sig: " + values[2], "Bearer-no-colon-s3cr3t"} {
		if err := h.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	s := h.String()
	for _, v := range values {
		if strings.Contains(s, v) {
			t.Errorf("String(): got %q, want it without the value %q", s, v)
		}
	}
	for _, v := range []string{"s3cr3t", "TOKEN", "abcdef", "secret"} {
		if strings.Contains(s, v) {
			t.Errorf("String(): got %q, want no part of any value (%q)", s, v)
		}
	}
	for _, name := range []string{"Authorization", "X-Api-Key", "X-Sig", "(malformed)"} {
		if !strings.Contains(s, name) {
			t.Errorf("String(): got %q, want the header name %s", s, name)
		}
	}
	var empty conformance.HeaderList
	if got := empty.String(); got != "" {
		t.Errorf("String() of no headers: got %q, want empty", got)
	}
	var none *conformance.HeaderList
	if got := none.String(); got != "" {
		t.Errorf("String() of a nil list (what flag.PrintDefaults calls): got %q, want empty", got)
	}

	// The flag package prints String() in usage and errors.
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var out strings.Builder
	fs.SetOutput(&out)
	c := conformance.DefaultConfig()
	c.RegisterFlags(fs)
	if err := fs.Parse([]string{"-header", "Authorization: Bearer s3cr3t-TOKEN-123", "-budget=abc"}); err == nil {
		t.Fatal("Parse -budget=abc: got nil, want an error")
	}
	fs.PrintDefaults()
	if strings.Contains(out.String(), "s3cr3t") {
		t.Errorf("flag output: got the header value in\n%s\nwant it hidden", out.String())
	}
}

// newFlagSet is a flag set with c's flags, its output discarded.
func newFlagSet(c *conformance.Config) *flag.FlagSet {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.RegisterFlags(fs)
	return fs
}

func TestRegisterFlagsParsesFlags(t *testing.T) {
	c := conformance.DefaultConfig()
	if err := newFlagSet(&c).Parse(nil); err != nil {
		t.Fatalf("Parse of no flags: got %v, want nil", err)
	}
	if want := conformance.DefaultConfig(); !reflect.DeepEqual(c, want) {
		t.Errorf("config after no flags: got %+v, want the defaults %+v", c, want)
	}

	c = conformance.DefaultConfig()
	err := newFlagSet(&c).Parse([]string{
		"-seed=7", "-budget=12", "-workers=3", "-report-dir=out",
		"-request-timeout=750ms", "-deadline=1m", "-max-body=2048", "-max-requests=99", "-rate=2.5",
		"-header", "A: 1", "-header", "B: 2", "-no-shrink", "-shrink-time=2s", "-name-prefix=ci-",
		"-spec=api.yaml", "-ca-file=ca.pem", "-rules=rejects-invalid, robustness,,upsert-identity",
	})
	if err != nil {
		t.Fatalf("Parse: got %v, want nil", err)
	}
	want := conformance.DefaultConfig()
	want.Seed, want.Budget, want.Workers, want.ReportDir = 7, 12, 3, "out"
	want.RequestTimeout, want.Deadline, want.MaxBody = 750*time.Millisecond, time.Minute, 2048
	conformance.WithMaxRequests(99)(&want)
	conformance.WithRate(2.5)(&want)
	want.Headers = conformance.HeaderList{"A: 1", "B: 2"}
	want.Shrink, want.ShrinkTime, want.NamePrefix = false, 2*time.Second, "ci-"
	want.SpecFile, want.CAFile = "api.yaml", "ca.pem"
	want.Rules = []rules.ID{rules.RejectsInvalid, rules.Robustness, rules.UpsertIdentity}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("parsed config:\ngot  %+v\nwant %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate of the parsed config: got %v, want nil", err)
	}

	// -no-shrink is a boolean flag: -no-shrink=false keeps shrinking on.
	c = conformance.DefaultConfig()
	if err := newFlagSet(&c).Parse([]string{"-no-shrink=false"}); err != nil || !c.Shrink {
		t.Errorf("Parse -no-shrink=false: got Shrink %v, error %v, want Shrink true, nil", c.Shrink, err)
	}
	// -insecure is a plain boolean.
	c = conformance.DefaultConfig()
	if err := newFlagSet(&c).Parse([]string{"-insecure"}); err != nil || !c.Insecure {
		t.Errorf("Parse -insecure: got Insecure %v, error %v, want true, nil", c.Insecure, err)
	}

	bad := []struct {
		arg    string
		reason string
	}{
		{"-budget=abc", "not a number"},
		{"-request-timeout=soon", "not a duration"},
		{"-no-shrink=maybe", "not a boolean"},
	}
	for _, b := range bad {
		c := conformance.DefaultConfig()
		if err := newFlagSet(&c).Parse([]string{b.arg}); err == nil {
			t.Errorf("Parse %s (%s): got nil, want an error", b.arg, b.reason)
		} else if name := strings.TrimPrefix(strings.SplitN(b.arg, "=", 2)[0], "-"); !strings.Contains(err.Error(), name) {
			t.Errorf("Parse %s error: got %q, want it to name the flag %s", b.arg, err, name)
		}
	}

	// An unknown rule id parses (the flag package would print usage) and
	// fails validation, one line per unknown id, naming the known ones.
	c = conformance.DefaultConfig()
	if err := newFlagSet(&c).Parse([]string{"-rules=rejects-invalid,no-such-rule,also-missing"}); err != nil {
		t.Fatalf("Parse of unknown -rules: got %v, want nil", err)
	}
	if err := c.Validate(); err == nil {
		t.Errorf("Validate of unknown -rules: got nil, want an error")
	} else {
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != 2 || !strings.Contains(lines[0], `"no-such-rule"`) || !strings.Contains(lines[1], `"also-missing"`) {
			t.Errorf("Validate of unknown -rules: got %q, want one line per unknown id", lines)
		}
		for _, l := range lines {
			if !startsWithFlag(l, "-rules") || !strings.Contains(l, string(rules.RejectsInvalid)) {
				t.Errorf("Validate of unknown -rules: got %q, want it to start with -rules and list the rules", l)
			}
		}
	}

	// A malformed -header parses (so the flag package never prints its
	// value) and fails validation instead.
	c = conformance.DefaultConfig()
	if err := newFlagSet(&c).Parse([]string{"-header=Authorization Bearer s3cr3t"}); err != nil {
		t.Fatalf("Parse of a malformed -header: got %v, want nil", err)
	}
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("Validate of a malformed -header: got %v, want an error without the value", err)
	}
}

// TestCheckSendsHeaders checks the configured headers, given as an option
// or in the Config, reach the endpoint on every request Check sends, and
// that their values are nowhere in the result.
func TestCheckSendsHeaders(t *testing.T) {
	const secret = "s3cr3t-TOKEN-123"
	withHeaders := conformance.DefaultConfig()
	withHeaders.Headers = conformance.HeaderList{"X-Api-Key: " + secret}
	tests := []struct {
		name, reason string
		opts         []conformance.Option
		header       string
		value        string
	}{
		{"WithHeader", "the option the Go API offers", []conformance.Option{conformance.WithHeader("Authorization", "Bearer "+secret)}, "Authorization", "Bearer " + secret},
		{"Config.Headers", "what -header fills", []conformance.Option{conformance.WithConfig(withHeaders)}, "X-Api-Key", secret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := emulator.New()
			var mu sync.Mutex
			var with, without int
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				if vs := r.Header.Values(tt.header); len(vs) == 1 && vs[0] == tt.value {
					with++
				} else {
					without++
				}
				mu.Unlock()
				em.ServeHTTP(w, r)
			}))
			defer srv.Close()

			opts := append(slices.Clone(tt.opts), conformance.WithSeed(9), conformance.WithBudget(3), conformance.WithWorkers(2),
				conformance.WithoutShrinking(), conformance.WithRequestTimeout(1500*time.Millisecond))
			res, err := conformance.Check(context.Background(), conformance.URL(srv.URL), opts...)
			if err != nil {
				t.Fatalf("Check (%s): got %v, want nil", tt.reason, err)
			}
			if res.Verdict != "conformant" {
				t.Errorf("verdict against the emulator: got %s, want conformant", res.Verdict)
			}
			if res.Seed != 9 || res.Budget != 3 || res.Workers != 2 {
				t.Errorf("result: got seed %d, budget %d, workers %d, want 9, 3, 2 (the options carried over)", res.Seed, res.Budget, res.Workers)
			}
			mu.Lock()
			defer mu.Unlock()
			if with == 0 || without != 0 {
				t.Errorf("requests with %s (%s): got %d with, %d without, want every one with it", tt.header, tt.reason, with, without)
			}
			if int64(with+without) != res.Requests {
				t.Errorf("requests: the endpoint got %d, the result says %d, want the same", with+without, res.Requests)
			}
			data, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), secret) {
				t.Errorf("result: got the header value in its JSON form, want it nowhere")
			}
			if !strings.HasSuffix(res.Reproduce, "(plus your WithHeader options)") {
				t.Errorf("reproduce: got %q, want it to say the headers are to be added back", res.Reproduce)
			}
		})
	}
}
