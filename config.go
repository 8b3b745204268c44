package conformance

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/internal/flagvalue"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Config is every knob of a run, with one set of defaults ([DefaultConfig]).
// The CLI's flags, the Ginkgo suite's flags and the [Option] values all
// fill this one struct.
type Config struct {
	// Seed makes the run reproducible: same seed, same cases. 0 draws a
	// fresh seed, written in the result.
	Seed uint64
	// Budget is the number of cases per property.
	Budget int
	// Workers is the number of concurrent senders; the result is the same
	// for a seed whatever the number.
	Workers int
	// RequestTimeout bounds one exchange, body included; a hang becomes a
	// robustness finding.
	RequestTimeout time.Duration
	// Deadline bounds the whole run; the result is then marked interrupted.
	Deadline time.Duration
	// MaxBody caps a response body, in bytes; an endless body becomes a
	// robustness finding.
	MaxBody int64
	// MaxRequests caps the requests sent (0: no cap).
	MaxRequests int64
	// Rate limits the requests per second (0: unlimited).
	//
	// In the aws dialect, against an endpoint over the network (not in
	// process, not on loopback), a MaxRequests or Rate of 0 that was not
	// given (by its flag, WithMaxRequests or WithRate) takes the careful
	// defaults of awsdialect.NetworkMaxRequests and NetworkRate.
	Rate float64
	// NamePrefix starts every destinationName that could be accepted, so a
	// run against a shared endpoint never overwrites a destination it did
	// not create.
	NamePrefix string
	// Headers are extra request headers ("Name: value"), credentials say:
	// their values are never written anywhere.
	Headers HeaderList
	// CAFile is a PEM file of CA certificates trusted besides the system
	// roots (https).
	CAFile string
	// Insecure skips TLS verification (an explicit opt-in).
	Insecure bool
	// SpecFile is an OpenAPI file to use instead of the embedded contract.
	SpecFile string
	// ReportDir, when set, is where every report of the run is written
	// (package reports: conformance.json, junit.xml, conformance.html,
	// conformance.md, findings/). Empty: no file is written.
	ReportDir string
	// Rules restricts the run to these rules (nil: all); the campaign then
	// sends only what they need.
	Rules rules.Selection
	// Shard is the slice of the campaign the run sends (-shard i/n): every
	// property's cases of one block of indexes, the run-wide checks in
	// the first slice, so that the reports of all n slices, merged
	// (conformance merge, reports.Merge), are the whole run's. The zero
	// Slice is the whole campaign.
	Shard result.Slice
	// Shrink minimises every kept finding (the generators' structured
	// shrinker: members dropped, tags reduced, strings shortened, the
	// spelling made plain), within the bounds below.
	Shrink bool
	// ShrinkTime bounds the time spent shrinking one finding.
	ShrinkTime time.Duration
	// ShrinkRequests bounds the requests spent sending one finding again
	// and shrinking it; ShrinkTotal those of all findings of the run (0:
	// no bound). A finding cut short says so ("shrink": "partial").
	ShrinkRequests int
	ShrinkTotal    int
	// MaxFindings is how many findings each rule keeps.
	MaxFindings int
	// MaxTimeouts stops the run after that many exchanges timed out: an
	// endpoint that hangs is reported, not waited on forever.
	MaxTimeouts int
	// Rerun is the command that reruns the same cases, the seed and flags
	// appended: the CLI sets how it was run, the suite "make conformance".
	// Empty (the Go API): for a URL, the conformance command at this
	// module's exact version when the build names one; else the options
	// to give the caller's own code.
	Rerun string
	// ReplaySends is how many times Replay sends a finding (0: three).
	ReplaySends int
	// Replay is the command that re-sends one finding of a report, the
	// report's path and the finding's name appended as two words (the
	// CLI's "<Rerun> replay"); it is the result's Replay. Empty: the
	// reports say to replay with the conformance command.
	Replay string
	// CaptureLog takes the process's standard logger (package log) for the
	// run: what net/http's client logs there (an unsolicited response on an
	// idle connection, from a server that never reads bodies) goes to the
	// result's LibraryLog, counted, instead of to stderr among the
	// harness's output. For a process that is the harness, as the CLI and
	// the suite are: whatever else logs through package log meanwhile is
	// kept there too. (The AWS SDK's messages go to LibraryLog always.)
	CaptureLog bool
	// Progress, when set, hears how the run goes (see campaign.Progress):
	// after every case and at each change of phase. It must return
	// quickly.
	Progress func(Progress)
	// Dialect is how requests and answers are spoken: "envelope" (the
	// JSON envelope of the spec) or "aws" (the AWS JSON 1.1 protocol with
	// SigV4, answers normalized into the envelope; see aws.go). "" is
	// "envelope".
	Dialect string
	// Region is the region requests are signed for in the aws dialect
	// (empty: the AWS configuration's, AWS_REGION or the profile's).
	Region string
	// SecondRegion is the region the aws dialect signs a share of the
	// requests for (names of a length that is a multiple of 4), so that an
	// arn that always names one region shows (empty: us-west-2, or
	// us-east-1 when Region is us-west-2, against an endpoint in process
	// or on loopback; none over the network, where AWS itself serves one
	// region an endpoint: give it for an emulator there; Region itself:
	// none).
	SecondRegion string
	// Profile is the shared-config profile of the aws dialect's
	// credentials and region (empty: AWS_PROFILE, or the default).
	Profile string
	// Credentials, when set, sign the aws dialect's requests instead of
	// the AWS configuration chain (environment, shared config, …).
	Credentials aws.CredentialsProvider
	// ThrottleAttempts bounds the attempts of one request while the
	// endpoint answers that it throttles (aws dialect), the first
	// included; ThrottleMaxBackoff caps the wait between two.
	ThrottleAttempts   int
	ThrottleMaxBackoff time.Duration

	// goTest is the go test command of the test that called Test, whose
	// runs it reruns (with the seed in SeedEnv); "" outside Test.
	goTest string
	// maxRequestsGiven and rateGiven: MaxRequests and Rate were given, so
	// 0 means no cap and unlimited even where the aws dialect's network
	// defaults would apply.
	maxRequestsGiven, rateGiven bool
	// observe, when set, hears every exchange (Record's cassette).
	observe func(transport.Observed)
	// campaignDone, when set, is called once the campaign has ended,
	// before the aws dialect's cleanup (Record stops its cassette there).
	campaignDone func()
}

// Progress is how far a run has got.
type Progress = campaign.Progress

// DefaultConfig is the configuration of a run with no option and no flag:
// `make conformance`, `conformance` and Check with no options.
func DefaultConfig() Config {
	return Config{
		Budget:         100,
		Workers:        4,
		RequestTimeout: 2 * time.Second,
		Deadline:       5 * time.Minute,
		MaxBody:        1 << 20,
		Shrink:         true,
		ShrinkTime:     5 * time.Second,
		ShrinkRequests: 300,
		ShrinkTotal:    2000,
		MaxFindings:    3,
		MaxTimeouts:    8,

		Dialect:            rules.Envelope,
		ThrottleAttempts:   awsdialect.DefaultRetryAttempts,
		ThrottleMaxBackoff: awsdialect.DefaultMaxBackoff,
	}
}

// RegisterFlags binds the fields to flags on fs, with c's values as the
// defaults shown by -h. The suite and the CLI register the same flags.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the run: same seed, same cases (0: random, printed in the report)")
	fs.IntVar(&c.Budget, "budget", c.Budget, "cases per property")
	fs.IntVar(&c.Workers, "workers", c.Workers, "concurrent senders")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "timeout of one exchange, body included")
	fs.DurationVar(&c.Deadline, "deadline", c.Deadline, "deadline of the whole run; the report is then marked interrupted")
	fs.Int64Var(&c.MaxBody, "max-body", c.MaxBody, "response body cap in bytes")
	fs.Var(flagvalue.GivenInt{V: &c.MaxRequests, Given: &c.maxRequestsGiven}, "max-requests", "cap on the requests sent (0: none; not given, with -dialect aws against an -endpoint that is not loopback: 2000)")
	fs.Var(flagvalue.GivenFloat{V: &c.Rate, Given: &c.rateGiven}, "rate", "requests per second (0: unlimited; not given, with -dialect aws against an -endpoint that is not loopback: 10)")
	fs.StringVar(&c.NamePrefix, "name-prefix", c.NamePrefix, "prefix of every destinationName that could be accepted (shared endpoints; with -dialect aws, one is made for the run)")
	fs.Var(&c.Headers, "header", "extra request header 'Name: value', repeatable; values are never written anywhere")
	fs.StringVar(&c.CAFile, "ca-file", c.CAFile, "PEM file of CA certificates trusted for https endpoints, besides the system roots")
	fs.BoolVar(&c.Insecure, "insecure", c.Insecure, "skip TLS certificate verification (explicit opt-in)")
	fs.StringVar(&c.SpecFile, "spec", c.SpecFile, "OpenAPI file to use instead of the embedded spec")
	fs.StringVar(&c.ReportDir, "report-dir", c.ReportDir, "directory for every report (conformance.json, junit.xml, conformance.html, conformance.md, findings/)")
	fs.Var(&c.Rules, "rules", "comma-separated rule ids to run (default: all)")
	fs.Var(&c.Shard, "shard", "i/n: send the i-th of n slices of the campaign (CI matrix jobs; conformance merge combines their reports into the whole run's)")
	fs.Var(flagvalue.NoShrink{Shrink: &c.Shrink}, "no-shrink", "report findings as found, without shrinking them")
	fs.DurationVar(&c.ShrinkTime, "shrink-time", c.ShrinkTime, "time spent shrinking one finding")
	fs.IntVar(&c.ShrinkRequests, "shrink-requests", c.ShrinkRequests, "requests spent sending one finding again and shrinking it (0: no bound)")
	fs.IntVar(&c.ShrinkTotal, "shrink-total", c.ShrinkTotal, "requests spent shrinking all findings of the run (0: no bound)")
	fs.StringVar(&c.Dialect, "dialect", c.Dialect, "envelope (the spec's JSON envelope) or aws (AWS JSON 1.1 with SigV4: CloudWatch Logs, LocalStack, moto)")
	fs.StringVar(&c.Region, "region", c.Region, "with -dialect aws: the region requests are signed for (default: AWS_REGION or the profile's)")
	fs.StringVar(&c.SecondRegion, "second-region", c.SecondRegion, "with -dialect aws: the region a share of the requests are signed for (default: us-west-2, or us-east-1 for -region us-west-2, against an endpoint on loopback; none over the network; the -region itself: none)")
	fs.StringVar(&c.Profile, "profile", c.Profile, "with -dialect aws: the shared-config profile of the credentials and region (default: AWS_PROFILE)")
}

// Validate checks every field and returns all problems, one line each.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Budget < 1 {
		bad("-budget %d: want at least 1", c.Budget)
	}
	if c.Workers < 1 || c.Workers > 256 {
		bad("-workers %d: want 1 to 256", c.Workers)
	}
	if c.RequestTimeout <= 0 {
		bad("-request-timeout %v: want a positive duration", c.RequestTimeout)
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
	if c.Shrink && c.ShrinkTime <= 0 {
		bad("-shrink-time %v: want a positive duration", c.ShrinkTime)
	}
	if c.ShrinkRequests < 0 {
		bad("-shrink-requests %d: want 0 (no bound) or more", c.ShrinkRequests)
	}
	if c.ShrinkTotal < 0 {
		bad("-shrink-total %d: want 0 (no bound) or more", c.ShrinkTotal)
	}
	if c.MaxFindings < 1 {
		bad("MaxFindings %d: want at least 1", c.MaxFindings)
	}
	if c.MaxTimeouts < 1 {
		bad("MaxTimeouts %d: want at least 1", c.MaxTimeouts)
	}
	errs = append(errs, c.Headers.Problems()...)
	if c.Insecure && c.CAFile != "" {
		bad("-insecure and -ca-file: choose one")
	}
	if err := c.Shard.Problem(); err != nil {
		errs = append(errs, err)
	}
	for _, err := range c.Rules.Unknown() {
		bad("-rules: %v", err)
	}
	errs = append(errs, c.dialectProblems()...)
	return errors.Join(errs...)
}

// Resolve makes the relative paths of c (SpecFile, CAFile, ReportDir)
// absolute against dir, the caller's working directory.
func (c *Config) Resolve(dir string) {
	for _, p := range []*string{&c.SpecFile, &c.CAFile, &c.ReportDir} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}

// validEndpoint checks a URL target.
func validEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	switch {
	case err != nil:
		return fmt.Errorf("-endpoint %q: %v", endpoint, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("-endpoint %q: want an http:// or https:// URL", endpoint)
	case u.Host == "":
		return fmt.Errorf("-endpoint %q: no host", endpoint)
	}
	return nil
}

// HeaderList is a repeatable -header flag of 'Name: value' entries, whose
// values are secrets (see flagvalue.HeaderList).
type HeaderList = flagvalue.HeaderList
