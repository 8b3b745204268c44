package conformance

import (
	"context"
	"fmt"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/transport"
)

// Replayed is what sending a finding again came to (campaign.Replay).
type Replayed = result.Replayed

// Replay sends a finding of a report again, with the exact bytes it
// recorded, and judges the answers as the run did: see campaign.Replay
// for its outcomes and for what it refuses before sending anything.
// target is where it goes (nil: the URL the finding recorded); the options
// that apply are WithSpecFile (default: the embedded spec),
// WithRequestTimeout (0 in the configuration: the run's), WithMaxBody,
// WithHeader (secrets the report redacted), WithCAFile, WithInsecure,
// WithNamePrefix (default: the run's) and WithReplaySends.
func Replay(ctx context.Context, target Target, f Finding, opts ...Option) (*Replayed, error) {
	cfg := DefaultConfig()
	cfg.RequestTimeout = 0
	for _, o := range opts {
		o(&cfg)
	}
	endpoint := ""
	if target != nil {
		u, ok := target.(urlTarget)
		if !ok {
			return nil, fmt.Errorf("replay: %s: replay sends over the network, give a URL", target)
		}
		if err := validEndpoint(string(u)); err != nil {
			return nil, fmt.Errorf("replay: %v", err)
		}
		endpoint = string(u)
	}
	s, err := loadSpec(cfg.SpecFile)
	if err != nil {
		return nil, err
	}
	if cfg.NamePrefix != "" {
		f.Replay.NamePrefix = cfg.NamePrefix
	}
	return campaign.Replay(ctx, f, s, campaign.ReplayConfig{
		Endpoint: endpoint, Sends: cfg.ReplaySends,
		Transport: transport.Config{RequestTimeout: cfg.RequestTimeout, MaxBodyBytes: cfg.MaxBody,
			Headers: cfg.Headers.Header(), CAFile: cfg.CAFile, Insecure: cfg.Insecure},
	})
}
