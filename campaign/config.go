package campaign

import (
	"time"

	"github.com/putdestination/conformance/rules"
)

// Config is one campaign.
type Config struct {
	// Endpoint is the URL requests are POSTed to.
	Endpoint string
	// Seed makes the campaign reproducible: same seed, same cases.
	Seed uint64
	// Budget is the number of cases per property.
	Budget int
	// Workers is the number of concurrent senders.
	Workers int
	// Rules restricts the campaign to these rules (nil: all). Properties
	// that cannot break a selected rule are not run.
	Rules []rules.ID
	// Shrink minimises the first finding of each rule with rapid.
	Shrink bool
	// ShrinkTime bounds the time spent shrinking one finding.
	ShrinkTime time.Duration
	// MaxFindings is how many findings each rule keeps (the earliest in
	// case order, so the report is the same for the same seed).
	MaxFindings int
	// MaxTimeouts stops the campaign after that many exchanges timed out:
	// an endpoint that hangs is reported, not waited on forever.
	MaxTimeouts int
}

// Defaults fills the zero fields.
func (c Config) Defaults() Config {
	if c.Budget <= 0 {
		c.Budget = 100
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.ShrinkTime <= 0 {
		c.ShrinkTime = 5 * time.Second
	}
	if c.MaxFindings <= 0 {
		c.MaxFindings = 3
	}
	if c.MaxTimeouts <= 0 {
		c.MaxTimeouts = 8
	}
	return c
}

func (c Config) selected(id rules.ID) bool {
	if c.Rules == nil {
		return true
	}
	for _, r := range c.Rules {
		if r == id {
			return true
		}
	}
	return false
}
