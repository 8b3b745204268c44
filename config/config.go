// Package config is the harness's one configuration struct, filled from
// flags (the Makefile maps its variables onto them), validated at start-up
// with one clear line per problem, and turned into a ready campaign.
package config

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

// Config is every knob of a conformance run.
type Config struct {
	Endpoint    string        // URL to POST to; empty: the embedded emulator
	Seed        uint64        // 0: a fresh random seed, printed in the report
	Budget      int           // cases per property
	Workers     int           // concurrent senders
	ReportDir   string        // where conformance.json and junit.xml go
	SpecFile    string        // a spec to use instead of the embedded one
	NamePrefix  string        // prefix of every destinationName that could be accepted
	Timeout     time.Duration // per request
	Deadline    time.Duration // whole run
	MaxBody     int64         // response body cap, bytes
	MaxRequests int64         // cap on requests sent, 0: none
	Rate        float64       // requests per second, 0: unlimited
	Headers     HeaderList    // extra headers, secrets: never reported
	CAFile      string        // extra CA for https endpoints
	Insecure    bool          // skip TLS verification
	NoShrink    bool          // report raw findings, skip shrinking
	ShrinkTime  time.Duration // per finding
}

// Default is the configuration of `make conformance` with no variables.
func Default() Config {
	return Config{
		Budget:     100,
		Workers:    4,
		ReportDir:  "reports/out",
		Timeout:    2 * time.Second,
		Deadline:   5 * time.Minute,
		MaxBody:    transport.DefaultMaxBodyBytes,
		ShrinkTime: 5 * time.Second,
	}
}

// Register binds the fields to flags on fs, with c's values as defaults.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Endpoint, "endpoint", c.Endpoint, "URL of the PutDestination endpoint (empty: the embedded reference emulator)")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the run: same seed, same cases (0: random, printed in the report)")
	fs.IntVar(&c.Budget, "budget", c.Budget, "cases per property")
	fs.IntVar(&c.Workers, "workers", c.Workers, "concurrent senders")
	fs.StringVar(&c.ReportDir, "report-dir", c.ReportDir, "directory for conformance.json and junit.xml (relative: to the module root)")
	fs.StringVar(&c.SpecFile, "spec", c.SpecFile, "OpenAPI file to use instead of the embedded spec")
	fs.StringVar(&c.NamePrefix, "name-prefix", c.NamePrefix, "prefix of every destinationName that could be accepted (shared endpoints)")
	fs.DurationVar(&c.Timeout, "request-timeout", c.Timeout, "timeout of one exchange, body included")
	fs.DurationVar(&c.Deadline, "deadline", c.Deadline, "deadline of the whole run; the report is then marked interrupted")
	fs.Int64Var(&c.MaxBody, "max-body", c.MaxBody, "response body cap in bytes")
	fs.Int64Var(&c.MaxRequests, "max-requests", c.MaxRequests, "cap on the requests sent (0: none)")
	fs.Float64Var(&c.Rate, "rate", c.Rate, "requests per second (0: unlimited)")
	fs.Var(&c.Headers, "header", "extra request header 'Name: value', repeatable; values are never written to reports")
	fs.StringVar(&c.CAFile, "ca-file", c.CAFile, "PEM file of CA certificates trusted for https endpoints, besides the system roots")
	fs.BoolVar(&c.Insecure, "insecure", c.Insecure, "skip TLS certificate verification (explicit opt-in)")
	fs.BoolVar(&c.NoShrink, "no-shrink", c.NoShrink, "report findings as found, without shrinking them")
	fs.DurationVar(&c.ShrinkTime, "shrink-time", c.ShrinkTime, "time spent shrinking one finding")
}

// Validate checks every field and returns all problems, one line each.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		switch {
		case err != nil:
			bad("-endpoint %q: %v", c.Endpoint, err)
		case u.Scheme != "http" && u.Scheme != "https":
			bad("-endpoint %q: want an http:// or https:// URL", c.Endpoint)
		case u.Host == "":
			bad("-endpoint %q: no host", c.Endpoint)
		}
	}
	if c.Budget < 1 {
		bad("-budget %d: want at least 1", c.Budget)
	}
	if c.Workers < 1 || c.Workers > 256 {
		bad("-workers %d: want 1 to 256", c.Workers)
	}
	if c.Timeout <= 0 {
		bad("-request-timeout %v: want a positive duration", c.Timeout)
	}
	if c.Deadline <= 0 {
		bad("-deadline %v: want a positive duration", c.Deadline)
	}
	if c.MaxBody < 1024 {
		bad("-max-body %d: want at least 1024 bytes", c.MaxBody)
	}
	if c.MaxRequests < 0 {
		bad("-max-requests %d: want 0 (no cap) or more", c.MaxRequests)
	}
	if c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) {
		bad("-rate %v: want 0 (unlimited) or a finite positive number", c.Rate)
	}
	if c.ShrinkTime <= 0 {
		bad("-shrink-time %v: want a positive duration", c.ShrinkTime)
	}
	if c.ReportDir == "" {
		bad("-report-dir: want a directory")
	}
	errs = append(errs, c.Headers.problems()...)
	if c.Insecure && c.CAFile != "" {
		bad("-insecure and -ca-file: choose one")
	}
	return errors.Join(errs...)
}

// HeaderList is a repeatable -header flag.
//
// Set never fails: the flag package would quote the rejected value in its
// message, and a value is a secret (think `-header 'Authorization Bearer
// …'` with the colon forgotten). Validate reports malformed entries by
// position instead, without their text.
type HeaderList []string

func (h *HeaderList) String() string {
	if h == nil {
		return ""
	}
	// Values are secrets: show names only.
	var names []string
	for _, v := range *h {
		name, ok := headerName(v)
		if !ok {
			name = "(malformed)"
		}
		names = append(names, name+": REDACTED")
	}
	return strings.Join(names, ", ")
}

// Set records one 'Name: value'; see Validate.
func (h *HeaderList) Set(v string) error {
	*h = append(*h, v)
	return nil
}

// headerName is the name of one 'Name: value' entry, if it has one.
func headerName(v string) (string, bool) {
	name, _, ok := strings.Cut(v, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", false
	}
	return name, true
}

// problems returns one error per malformed entry, naming its position only.
func (h HeaderList) problems() []error {
	var errs []error
	for i, v := range h {
		if _, ok := headerName(v); !ok {
			errs = append(errs, fmt.Errorf("-header #%d: want 'Name: value' (the value is not shown: it may be a secret)", i+1))
		}
	}
	return errs
}

// Header returns the well-formed entries as an http.Header.
func (h HeaderList) Header() http.Header {
	out := http.Header{}
	for _, v := range h {
		name, ok := headerName(v)
		if !ok {
			continue
		}
		_, value, _ := strings.Cut(v, ":")
		out.Add(name, strings.TrimSpace(value))
	}
	return out
}

// Runner builds the campaign for an endpoint: loads the spec, prepares the
// generators and the transport. Close the returned client when done.
func (c Config) Runner(endpoint string) (*campaign.Runner, error) {
	s, err := c.Spec()
	if err != nil {
		return nil, err
	}
	return campaign.New(s, generators.Options{Prefix: c.NamePrefix}, transport.Config{
		RequestTimeout: c.Timeout,
		MaxBodyBytes:   c.MaxBody,
		Headers:        c.Headers.Header(),
		CAFile:         c.CAFile,
		Insecure:       c.Insecure,
		Rate:           c.Rate,
		MaxRequests:    c.MaxRequests,
		Workers:        c.Workers,
	}, campaign.Config{
		Endpoint:   endpoint,
		Seed:       c.Seed,
		Budget:     c.Budget,
		Workers:    c.Workers,
		Shrink:     !c.NoShrink,
		ShrinkTime: c.ShrinkTime,
	})
}

// Spec loads the spec the run uses.
func (c Config) Spec() (*spec.Spec, error) {
	if c.SpecFile != "" {
		return spec.LoadFile(c.SpecFile)
	}
	return spec.Embedded()
}
