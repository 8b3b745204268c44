package conformance

import (
	"time"

	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// Option changes the configuration of one run; options apply in order,
// over DefaultConfig (or over the Config given to WithConfig).
type Option func(*Config)

// WithConfig replaces the whole configuration (the one the CLI and the
// suite fill from their flags); later options still apply over it.
func WithConfig(c Config) Option { return func(dst *Config) { *dst = c } }

// WithSeed fixes the seed: same seed, same cases.
func WithSeed(seed uint64) Option { return func(c *Config) { c.Seed = seed } }

// WithBudget sets the number of cases per property.
func WithBudget(n int) Option { return func(c *Config) { c.Budget = n } }

// WithWorkers sets the number of concurrent senders.
func WithWorkers(n int) Option { return func(c *Config) { c.Workers = n } }

// WithRequestTimeout bounds one exchange.
func WithRequestTimeout(d time.Duration) Option { return func(c *Config) { c.RequestTimeout = d } }

// WithDeadline bounds the whole run.
func WithDeadline(d time.Duration) Option { return func(c *Config) { c.Deadline = d } }

// WithMaxBody caps a response body, in bytes.
func WithMaxBody(n int64) Option { return func(c *Config) { c.MaxBody = n } }

// WithMaxRequests caps the requests sent (0: no cap, even where the aws
// dialect's network default would apply).
func WithMaxRequests(n int64) Option {
	return func(c *Config) { c.MaxRequests, c.maxRequestsGiven = n, true }
}

// WithRate limits the requests per second (0: unlimited, even where the
// aws dialect's network default would apply).
func WithRate(perSecond float64) Option {
	return func(c *Config) { c.Rate, c.rateGiven = perSecond, true }
}

// WithNamePrefix starts every destinationName that could be accepted.
func WithNamePrefix(p string) Option { return func(c *Config) { c.NamePrefix = p } }

// WithHeader adds a request header (a secret: never written anywhere).
func WithHeader(name, value string) Option {
	return func(c *Config) { c.Headers = append(c.Headers, name+": "+value) }
}

// WithCAFile trusts the CA certificates of a PEM file besides the system
// roots.
func WithCAFile(path string) Option { return func(c *Config) { c.CAFile = path } }

// WithInsecure skips TLS verification.
func WithInsecure() Option { return func(c *Config) { c.Insecure = true } }

// WithSpecFile uses an OpenAPI file instead of the embedded contract.
func WithSpecFile(path string) Option { return func(c *Config) { c.SpecFile = path } }

// WithReportDir writes every report of the run into dir (package reports).
func WithReportDir(dir string) Option { return func(c *Config) { c.ReportDir = dir } }

// WithRules runs only these rules.
func WithRules(ids ...rules.ID) Option { return func(c *Config) { c.Rules = ids } }

// WithShard sends the i-th of n slices of the campaign (see Config.Shard).
func WithShard(i, n int) Option {
	return func(c *Config) { c.Shard = result.Slice{Index: i, Of: n} }
}

// WithoutShrinking reports findings as found.
func WithoutShrinking() Option { return func(c *Config) { c.Shrink = false } }

// WithShrinkTime bounds the time spent shrinking one finding.
func WithShrinkTime(d time.Duration) Option { return func(c *Config) { c.ShrinkTime = d } }

// WithProgress calls f as the run goes (after every case, at each phase).
func WithProgress(f func(Progress)) Option { return func(c *Config) { c.Progress = f } }

// WithReplaySends is how many times Replay sends a finding.
func WithReplaySends(n int) Option { return func(c *Config) { c.ReplaySends = n } }
