package conformance

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// The aws dialect (-dialect aws): requests go out as CloudWatch Logs
// expects them (AWS JSON 1.1, SigV4), answers are normalized into the
// envelope so that every rule applies unchanged, the aws-* rules check
// what only this dialect can show, and every destination the run created
// is deleted at the end (package awsdialect does the speaking).

// Careful defaults of the aws dialect against an endpoint over the network
// (a URL target), where every request may count against a shared account's
// quotas: a value of 0 in the configuration takes them, any other is kept.
const (
	// AWSMaxRequests caps the campaign's requests (cleanup comes on top).
	AWSMaxRequests = 2000
	// AWSRate is the requests per second.
	AWSRate = 10
)

// AWSPrefixStart starts the name prefix made for a run in the aws dialect
// when none is given: "pdc-" and ten random characters, then "-".
const AWSPrefixStart = "pdc-"

// inProcessRegion is the region of an in-process handler when none is
// given: the AWS configuration is not read for a handler under test.
const inProcessRegion = "us-east-1"

// inProcessCredentials sign for an in-process handler when no credentials
// are given: a handler under test has no account behind it.
var inProcessCredentials = credentials.NewStaticCredentialsProvider("AKIDINPROCESS", "in-process-secret-key", "")

// WithDialect speaks the dialect: "envelope" (the default) or "aws".
func WithDialect(d string) Option { return func(c *Config) { c.Dialect = d } }

// WithRegion is the region the aws dialect signs for.
func WithRegion(r string) Option { return func(c *Config) { c.Region = r } }

// WithProfile is the shared-config profile of the aws dialect.
func WithProfile(p string) Option { return func(c *Config) { c.Profile = p } }

// WithCredentials signs the aws dialect's requests with p instead of the
// AWS configuration chain. Its secret key and session token are scrubbed
// from everything the run writes.
func WithCredentials(p aws.CredentialsProvider) Option {
	return func(c *Config) { c.Credentials = p }
}

// WithThrottleRetry bounds the retries of a request the endpoint answers
// with throttling (aws dialect): attempts in all, the first included, and
// the longest wait between two.
func WithThrottleRetry(attempts int, maxBackoff time.Duration) Option {
	return func(c *Config) { c.ThrottleAttempts, c.ThrottleMaxBackoff = attempts, maxBackoff }
}

// Reference is the embedded reference emulator, in process, speaking the
// dialect: what the CLI and the suite check with no -endpoint.
func Reference(dialect string) Target {
	if dialect == rules.AWS {
		return Handler(func() http.Handler { return emulator.NewAWS() })
	}
	return Handler(func() http.Handler { return emulator.New() })
}

// aws reports whether c speaks the aws dialect.
func (c Config) aws() bool { return c.Dialect == rules.AWS }

// dialectProblems are Validate's problems with the dialect's settings.
func (c Config) dialectProblems() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	switch c.Dialect {
	case "", rules.Envelope, rules.AWS:
	default:
		bad("-dialect %q: want %s or %s", c.Dialect, rules.Envelope, rules.AWS)
		return errs
	}
	if !c.aws() {
		if c.Region != "" {
			bad("-region: only with -dialect aws")
		}
		if c.Profile != "" {
			bad("-profile: only with -dialect aws")
		}
	}
	if c.Region != "" && !awsdialect.ValidRegion(c.Region) {
		bad("-region %q: want a region such as us-east-1", c.Region)
	}
	if c.aws() && c.ThrottleAttempts < 1 {
		bad("ThrottleAttempts %d: want at least 1", c.ThrottleAttempts)
	}
	if c.aws() && c.ThrottleMaxBackoff <= 0 {
		bad("ThrottleMaxBackoff %v: want a positive duration", c.ThrottleMaxBackoff)
	}
	for _, id := range c.Rules {
		if r, ok := rules.Lookup(id); ok && !r.In(c.Dialect) {
			bad("-rules: %s is a rule of -dialect %s only", id, r.Dialect)
		}
	}
	return errs
}

// AWSRun is what a run in the aws dialect adds to its result.
type AWSRun struct {
	Region string `json:"region"`
	// NamePrefix starts every name the run could create (made for the
	// run unless one was given).
	NamePrefix  string  `json:"name_prefix"`
	MaxRequests int64   `json:"max_requests"`
	Rate        float64 `json:"rate"`
	// Throttled counts the throttling answers retried (with backoff, as
	// the SDK's standard retryer does); ThrottledOut the exchanges still
	// throttled when the retries ran out, judged as they were.
	Throttled    int64 `json:"throttled"`
	ThrottledOut int64 `json:"throttled_out"`
	// Cleanup is what became of the destinations the run created.
	Cleanup awsdialect.Cleanup `json:"cleanup"`
}

// awsSetup fills the aws dialect's settings of cfg for target (a made
// prefix, careful limits over the network, the region) and returns the
// dialect. Errors are one line, found before any request.
func awsSetup(ctx context.Context, cfg *Config, target Target, endpoint string) (*awsdialect.Dialect, error) {
	_, inProcess := target.(handlerTarget)
	owns := cfg.NamePrefix == ""
	if owns {
		cfg.NamePrefix = AWSPrefixStart + strings.ToLower(rand.Text()[:10]) + "-"
	}
	if !inProcess {
		if cfg.MaxRequests == 0 {
			cfg.MaxRequests = AWSMaxRequests
		}
		if cfg.Rate == 0 {
			cfg.Rate = AWSRate
		}
	}
	creds := cfg.Credentials
	region := cfg.Region
	if inProcess && region == "" {
		region = inProcessRegion
	}
	if inProcess && creds == nil {
		creds = inProcessCredentials
	}
	if region == "" || creds == nil {
		var opts []func(*awsconfig.LoadOptions) error
		if cfg.Profile != "" {
			opts = append(opts, awsconfig.WithSharedConfigProfile(cfg.Profile))
		}
		ac, err := awsconfig.LoadDefaultConfig(ctx, opts...)
		if err != nil {
			return nil, fmt.Errorf("-dialect aws: AWS configuration: %v", oneLine(err))
		}
		if region == "" {
			region = ac.Region
		}
		if creds == nil {
			creds = ac.Credentials
		}
	}
	if region == "" {
		return nil, errors.New("-dialect aws: no region: give -region, or set AWS_REGION or a profile's region")
	}
	if creds == nil {
		return nil, errors.New("-dialect aws: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give -profile")
	}
	cfg.Region = region
	d, err := awsdialect.New(ctx, awsdialect.Options{
		Region: region, Credentials: creds, Endpoint: endpoint,
		NamePrefix: cfg.NamePrefix, OwnsPrefix: owns,
		RetryAttempts: cfg.ThrottleAttempts, MaxBackoff: cfg.ThrottleMaxBackoff,
		Rules: slices.Clone(cfg.Rules),
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// awsTransport adds the dialect to a transport configuration: signing,
// curl lines that sign, and its secrets scrubbed.
func awsTransport(tc *transport.Config, d *awsdialect.Dialect) {
	tc.Prepare = d.Prepare
	tc.CurlAuth = d.CurlAuth()
	tc.ScrubFunc = d.Scrub
	tc.Secrets = append(tc.Secrets, d.Secrets()...)
}

// cleanupMaxBody caps an answer to cleanup's requests.
const cleanupMaxBody = 64 << 20

// cleanupTime bounds cleanup: a minute, and twice what the rate allows
// for the requests of the campaign (a delete for each, at most).
func cleanupTime(cfg Config, requests int64) time.Duration {
	d := time.Minute
	if cfg.Rate > 0 {
		d += 2 * time.Duration(float64(requests)/cfg.Rate*float64(time.Second))
	}
	return d
}

// awsCleanup deletes what the run created, after the campaign, even when
// ctx has ended (an interrupt, the deadline): with a client of its own,
// not capped (the campaign may have spent the cap) but rate limited.
func awsCleanup(ctx context.Context, cfg Config, tc transport.Config, d *awsdialect.Dialect, requests int64) awsdialect.Cleanup {
	tc.MaxRequests = 0
	// A page of 50 destinations of an emulator that took ARNs of tens of
	// kilobytes is megabytes long.
	tc.MaxBodyBytes = max(tc.MaxBodyBytes, cleanupMaxBody)
	client, err := transport.New(tc)
	if err != nil {
		return awsdialect.Cleanup{Error: "cleanup: " + err.Error(), Leftovers: []awsdialect.Leftover{}}
	}
	defer client.Close()
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTime(cfg, requests))
	defer cancel()
	return d.Cleanup(cctx, client)
}

// awsRun is the aws part of the result.
func awsRun(cfg Config, d *awsdialect.Dialect, c awsdialect.Cleanup) *AWSRun {
	rep := d.Report()
	return &AWSRun{Region: d.Region(), NamePrefix: d.NamePrefix(), MaxRequests: cfg.MaxRequests, Rate: cfg.Rate,
		Throttled: rep.Throttled, ThrottledOut: rep.GaveUp, Cleanup: c}
}
