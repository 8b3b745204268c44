package config_test

import (
	"context"
	"flag"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/config"
	"github.com/putdestination/conformance/transport"
)

func TestDefaultIsValid(t *testing.T) {
	if err := config.Default().Validate(); err != nil {
		t.Errorf("Default().Validate(): got %v, want nil", err)
	}
	c := config.Default()
	c.Endpoint = "https://api.example.com/v1/put"
	c.CAFile = "/tmp/ca.pem"
	if err := c.Validate(); err != nil {
		t.Errorf("Validate with an https endpoint and a CA file: got %v, want nil", err)
	}
}

func TestValidateNamesTheFlag(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		mutate func(c *config.Config)
		flag   string
	}{
		{"endpoint scheme", "only http and https endpoints can be tested", func(c *config.Config) { c.Endpoint = "ftp://example.com/" }, "-endpoint"},
		{"endpoint no scheme", "a bare host:port is not a URL the transport can use", func(c *config.Config) { c.Endpoint = "localhost:8080" }, "-endpoint"},
		{"endpoint no host", "a URL without host has nowhere to go", func(c *config.Config) { c.Endpoint = "http://" }, "-endpoint"},
		{"endpoint unparsable", "url.Parse fails on an unclosed IPv6 literal", func(c *config.Config) { c.Endpoint = "http://[::1" }, "-endpoint"},
		{"budget zero", "no cases at all judges nothing", func(c *config.Config) { c.Budget = 0 }, "-budget"},
		{"budget negative", "", func(c *config.Config) { c.Budget = -3 }, "-budget"},
		{"workers zero", "nobody would send anything", func(c *config.Config) { c.Workers = 0 }, "-workers"},
		{"workers too many", "the pool is bounded", func(c *config.Config) { c.Workers = 257 }, "-workers"},
		{"request timeout zero", "a zero timeout would fail every exchange", func(c *config.Config) { c.Timeout = 0 }, "-request-timeout"},
		{"request timeout negative", "", func(c *config.Config) { c.Timeout = -time.Second }, "-request-timeout"},
		{"deadline zero", "the run would end before it starts", func(c *config.Config) { c.Deadline = 0 }, "-deadline"},
		{"max body too small", "the envelopes do not fit in a few bytes", func(c *config.Config) { c.MaxBody = 100 }, "-max-body"},
		{"max requests negative", "", func(c *config.Config) { c.MaxRequests = -1 }, "-max-requests"},
		{"rate negative", "", func(c *config.Config) { c.Rate = -1 }, "-rate"},
		{"rate NaN", "flag accepts NaN as a float; the transport would reject it later without naming the flag", func(c *config.Config) { c.Rate = math.NaN() }, "-rate"},
		{"rate Inf", "flag accepts Inf as a float", func(c *config.Config) { c.Rate = math.Inf(1) }, "-rate"},
		{"shrink time zero", "", func(c *config.Config) { c.ShrinkTime = 0 }, "-shrink-time"},
		{"report dir empty", "the report has to go somewhere", func(c *config.Config) { c.ReportDir = "" }, "-report-dir"},
		{"insecure and ca file", "the two contradict each other", func(c *config.Config) { c.Insecure = true; c.CAFile = "ca.pem" }, "-insecure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.mutate(&c)
			err := c.Validate()
			if err == nil {
				t.Fatalf("Validate (%s): got nil, want an error naming %s", tt.reason, tt.flag)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.flag+" ") && !strings.HasPrefix(msg, tt.flag+":") {
				t.Errorf("Validate error (%s): got %q, want it to start with %s", tt.reason, msg, tt.flag)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("Validate error: got %q, want one line for one problem", msg)
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	c := config.Default()
	c.Endpoint = "ftp://x"
	c.Budget = 0
	c.Workers = 0
	c.Timeout = 0
	c.MaxBody = 1
	c.ReportDir = ""
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate with six bad values: got nil, want six problems")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"-endpoint", "-budget", "-workers", "-request-timeout", "-max-body", "-report-dir"}
	if len(lines) != len(want) {
		t.Errorf("Validate problems: got %d lines %q, want %d, one per bad value", len(lines), lines, len(want))
	}
	for _, flagName := range want {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, flagName+" ") || strings.HasPrefix(l, flagName+":") {
				found = true
			}
		}
		if !found {
			t.Errorf("Validate problems: got %q, want a line for %s", lines, flagName)
		}
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
			c := config.Default()
			if err := c.Headers.Set(tt.in); err != nil {
				t.Fatalf("Set(%q): got error %v, want nil", tt.in, err)
			}
			err := c.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate after Set(%q) (%s): got error %v, want error=%v", tt.in, tt.reason, err, tt.wantErr)
			}
			if tt.wantErr {
				if !strings.Contains(err.Error(), "-header #1") {
					t.Errorf("Validate error: got %q, want it to name -header #1", err)
				}
				if strings.Contains(err.Error(), "s3cr3t") {
					t.Errorf("Validate error: got %q, want it without the value", err)
				}
				if len(c.Headers.Header()) != 0 {
					t.Errorf("Header() of a malformed entry: got %v, want nothing sent", c.Headers.Header())
				}
				return
			}
			h := c.Headers
			got := h.Header()
			if vs, ok := got[http.CanonicalHeaderKey(tt.header)]; !ok || len(vs) != 1 || vs[0] != tt.value {
				t.Errorf("Header() (%s): got %v, want %s: [%q]", tt.reason, got, tt.header, tt.value)
			}
		})
	}
}

func TestHeaderListStringHidesValues(t *testing.T) {
	values := []string{"Bearer s3cr3t-TOKEN-123", "k3y-abcdef", "a:b:c-secret"}
	var h config.HeaderList
	for _, v := range []string{"Authorization: " + values[0], "X-Api-Key:" + values[1], "X-Sig: " + values[2]} {
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
	for _, name := range []string{"Authorization", "X-Api-Key", "X-Sig"} {
		if !strings.Contains(s, name) {
			t.Errorf("String(): got %q, want the header name %s", s, name)
		}
	}
	var empty config.HeaderList
	if got := empty.String(); got != "" {
		t.Errorf("String() of no headers: got %q, want empty", got)
	}

	// The flag package prints String() in usage and errors.
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var out strings.Builder
	fs.SetOutput(&out)
	c := config.Default()
	c.Register(fs)
	if err := fs.Parse([]string{"-header", "Authorization: Bearer s3cr3t-TOKEN-123", "-budget=abc"}); err == nil {
		t.Fatal("Parse -budget=abc: got nil, want an error")
	}
	fs.PrintDefaults()
	if strings.Contains(out.String(), "s3cr3t") {
		t.Errorf("flag output: got the header value in\n%s\nwant it hidden", out.String())
	}
}

func TestRegisterParsesFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := config.Default()
	c.Register(fs)
	err := fs.Parse([]string{
		"-endpoint=http://127.0.0.1:9", "-seed=7", "-budget=12", "-workers=3", "-report-dir=out",
		"-request-timeout=750ms", "-deadline=1m", "-max-body=2048", "-max-requests=99", "-rate=2.5",
		"-header", "A: 1", "-header", "B: 2", "-no-shrink", "-shrink-time=2s", "-name-prefix=ci-",
	})
	if err != nil {
		t.Fatalf("Parse: got %v, want nil", err)
	}
	want := config.Config{
		Endpoint: "http://127.0.0.1:9", Seed: 7, Budget: 12, Workers: 3, ReportDir: "out",
		Timeout: 750 * time.Millisecond, Deadline: time.Minute, MaxBody: 2048, MaxRequests: 99, Rate: 2.5,
		Headers: config.HeaderList{"A: 1", "B: 2"}, NoShrink: true, ShrinkTime: 2 * time.Second, NamePrefix: "ci-",
	}
	if c.Endpoint != want.Endpoint || c.Seed != want.Seed || c.Budget != want.Budget || c.Workers != want.Workers ||
		c.ReportDir != want.ReportDir || c.Timeout != want.Timeout || c.Deadline != want.Deadline ||
		c.MaxBody != want.MaxBody || c.MaxRequests != want.MaxRequests || c.Rate != want.Rate ||
		strings.Join(c.Headers, "|") != strings.Join(want.Headers, "|") || c.NoShrink != want.NoShrink ||
		c.ShrinkTime != want.ShrinkTime || c.NamePrefix != want.NamePrefix {
		t.Errorf("parsed config: got %+v, want %+v", c, want)
	}

	bad := []struct {
		arg    string
		reason string
	}{
		{"-budget=abc", "not a number"},
		{"-request-timeout=soon", "not a duration"},
	}
	for _, b := range bad {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := config.Default()
		c.Register(fs)
		if err := fs.Parse([]string{b.arg}); err == nil {
			t.Errorf("Parse %s (%s): got nil, want an error", b.arg, b.reason)
		} else if name := strings.TrimPrefix(strings.SplitN(b.arg, "=", 2)[0], "-"); !strings.Contains(err.Error(), name) {
			t.Errorf("Parse %s error: got %q, want it to name the flag %s", b.arg, err, name)
		}
	}
	// A malformed -header parses (so the flag package never prints its
	// value) and fails validation instead.
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c = config.Default()
	c.Register(fs)
	if err := fs.Parse([]string{"-header=Authorization Bearer s3cr3t"}); err != nil {
		t.Fatalf("Parse of a malformed -header: got %v, want nil", err)
	}
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("Validate of a malformed -header: got %v, want an error without the value", err)
	}
}

// TestRunnerSendsHeaders checks the -header values reach the endpoint and
// the runner carries the campaign settings over.
func TestRunnerSendsHeaders(t *testing.T) {
	got := make(chan http.Header, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case got <- r.Header.Clone():
		default:
		}
	}))
	defer srv.Close()

	c := config.Default()
	c.Seed = 9
	c.Budget = 3
	c.Workers = 2
	c.NoShrink = true
	c.Timeout = 1500 * time.Millisecond
	if err := c.Headers.Set("Authorization: Bearer s3cr3t-TOKEN-123"); err != nil {
		t.Fatal(err)
	}
	r, err := c.Runner(srv.URL)
	if err != nil {
		t.Fatalf("Runner: got %v, want nil", err)
	}
	defer r.Client.Close()
	cc := r.Config
	if cc.Endpoint != srv.URL || cc.Seed != 9 || cc.Budget != 3 || cc.Workers != 2 || cc.Shrink || cc.ShrinkTime != c.ShrinkTime {
		t.Errorf("campaign config: got %+v, want endpoint %s, seed 9, budget 3, workers 2, no shrink", cc, srv.URL)
	}
	if _, err := r.Client.Do(context.Background(), transport.Request{Method: "POST", URL: srv.URL}); err != nil {
		t.Fatalf("Do: got %v, want nil", err)
	}
	if h := <-got; h.Get("Authorization") != "Bearer s3cr3t-TOKEN-123" {
		t.Errorf("Authorization received: got %q, want %q", h.Get("Authorization"), "Bearer s3cr3t-TOKEN-123")
	}
	if curl := r.Client.Curl(transport.Request{Method: "POST", URL: srv.URL}); strings.Contains(curl, "s3cr3t") || !strings.Contains(curl, "REDACTED") {
		t.Errorf("curl line: got %q, want the Authorization value REDACTED", curl)
	}
}
