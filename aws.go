package conformance

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/rules"
)

// The aws dialect (-dialect aws): requests go out as CloudWatch Logs
// expects them (AWS JSON 1.1, SigV4), answers are normalized into the
// envelope so that every rule applies unchanged, the aws-* rules check
// what only this dialect can show, and every destination the run created
// is deleted at the end (package awsdialect does the speaking).

// WithDialect speaks the dialect: "envelope" (the default) or "aws".
func WithDialect(d string) Option { return func(c *Config) { c.Dialect = d } }

// WithRegion is the region the aws dialect signs for.
func WithRegion(r string) Option { return func(c *Config) { c.Region = r } }

// WithSecondRegion is the region the aws dialect signs a share of the
// requests for (see Config.SecondRegion).
func WithSecondRegion(r string) Option { return func(c *Config) { c.SecondRegion = r } }

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
		if c.SecondRegion != "" {
			bad("-second-region: only with -dialect aws")
		}
	}
	if c.Region != "" && !awsdialect.ValidRegion(c.Region) {
		bad("-region %q: want a region such as us-east-1", c.Region)
	}
	if c.SecondRegion != "" && !awsdialect.ValidRegion(c.SecondRegion) {
		bad("-second-region %q: want a region such as us-west-2", c.SecondRegion)
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

// awsSettings are the dialect's settings of c, for awsdialect.Setup.
func (c Config) awsSettings(inProcess bool) awsdialect.Settings {
	return awsdialect.Settings{
		Region: c.Region, SecondRegion: c.SecondRegion, Profile: c.Profile, Credentials: c.Credentials,
		NamePrefix: c.NamePrefix, InProcess: inProcess,
		MaxRequests: c.MaxRequests, Rate: c.Rate,
		MaxRequestsGiven: c.maxRequestsGiven, RateGiven: c.rateGiven,
		RetryAttempts: c.ThrottleAttempts, MaxBackoff: c.ThrottleMaxBackoff,
		Rules: c.Rules,
	}
}
