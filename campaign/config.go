package campaign

import (
	"errors"
	"fmt"
	"time"

	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// Config is one campaign. It has no defaults of its own: the front door
// (package conformance) holds the one set of defaults and fills every
// field; New refuses a Config it cannot run.
type Config struct {
	// Endpoint is the URL requests are POSTed to.
	Endpoint string
	// Target is how the result names what was checked (the redacted
	// endpoint when empty).
	Target string
	// Reproduce is the command that reruns the same cases, for the result.
	Reproduce string
	// Seed makes the campaign reproducible: same seed, same cases.
	Seed uint64
	// Budget is the number of cases per property.
	Budget int
	// Workers is the number of concurrent senders.
	Workers int
	// Rules restricts the campaign to these rules (nil: all). Properties
	// that cannot break a selected rule are not run.
	Rules rules.Selection
	// Shrink minimises every kept finding (see recheckAll).
	Shrink bool
	// ShrinkTime bounds the time spent shrinking one finding.
	ShrinkTime time.Duration
	// ShrinkRequests bounds the requests spent sending one finding again
	// and shrinking it; ShrinkTotal, those of all findings together (0:
	// no bound).
	ShrinkRequests, ShrinkTotal int
	// MaxFindings is how many findings each rule keeps (the earliest in
	// case order, so the report is the same for the same seed).
	MaxFindings int
	// MaxTimeouts stops the campaign after that many exchanges timed out:
	// an endpoint that hangs is reported, not waited on forever.
	MaxTimeouts int
	// Progress, when set, is called after every case and at each change of
	// phase, from the campaign's goroutines one at a time; it must return
	// quickly (the caller throttles what it prints).
	Progress func(Progress)
	// NamePrefix is the generators' name prefix; re-sends of identity
	// probes add a fresh marker after it, so they meet names the endpoint
	// has not seen.
	NamePrefix string
	// Dialect, when set, is the protocol spoken instead of the envelope
	// (see Dialect); nil: the envelope.
	Dialect Dialect
	// Shard is the slice of the campaign to send (see shardCases); the
	// zero Slice is the whole campaign.
	Shard result.Slice
}

func (c Config) validate() error {
	var errs []error
	if c.Budget < 1 {
		errs = append(errs, fmt.Errorf("campaign: Budget %d: want at least 1", c.Budget))
	}
	if c.Workers < 1 {
		errs = append(errs, fmt.Errorf("campaign: Workers %d: want at least 1", c.Workers))
	}
	if c.Shrink && c.ShrinkTime <= 0 {
		errs = append(errs, fmt.Errorf("campaign: ShrinkTime %v: want a positive duration", c.ShrinkTime))
	}
	if c.ShrinkRequests < 0 || c.ShrinkTotal < 0 {
		errs = append(errs, fmt.Errorf("campaign: ShrinkRequests %d, ShrinkTotal %d: want 0 (no bound) or more", c.ShrinkRequests, c.ShrinkTotal))
	}
	if c.MaxFindings < 1 {
		errs = append(errs, fmt.Errorf("campaign: MaxFindings %d: want at least 1", c.MaxFindings))
	}
	if err := c.Shard.Problem(); err != nil {
		errs = append(errs, fmt.Errorf("campaign: %w", err))
	}
	if c.MaxTimeouts < 1 {
		errs = append(errs, fmt.Errorf("campaign: MaxTimeouts %d: want at least 1", c.MaxTimeouts))
	}
	return errors.Join(errs...)
}
