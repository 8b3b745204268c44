package conformance

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/internal/buildinfo"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Record runs a campaign against target as Check does, one request at a
// time and without shrinking so that the sequence is the seed's, and
// writes its cassette to w (HAR 1.2, package parity): every exchange of the
// campaign in order (not the aws dialect's cleanup after it), byte for
// byte, secrets redacted, with the seed, budget, dialect,
// name prefix and harness version. A run in the envelope dialect without
// a name prefix gets one, so a parity check can give the names a fresh
// one. The result and error are Check's; the cassette is written when the
// campaign ran, even with findings.
func Record(ctx context.Context, target Target, w io.Writer, opts ...Option) (*Result, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	cfg.Workers, cfg.Shrink = 1, false
	if cfg.Seed == 0 {
		cfg.Seed = randomSeed()
	}
	if cfg.NamePrefix == "" && !cfg.aws() {
		var b [3]byte
		_, _ = rand.Read(b[:])
		cfg.NamePrefix = "rec" + hex.EncodeToString(b[:]) + "-"
	}
	rec := &parity.Recorder{}
	cfg.observe, cfg.campaignDone = rec.Observe, rec.Stop
	res, err := check(ctx, target, cfg)
	if res == nil {
		return nil, err
	}
	meta := parity.Meta{Seed: res.Seed, Budget: res.Budget, Dialect: cmp.Or(cfg.Dialect, rules.Envelope), NamePrefix: cfg.NamePrefix,
		Version: buildinfo.Read().String(), Endpoint: transport.RedactURL(target.String())}
	if res.AWS != nil {
		meta.NamePrefix, meta.Region, meta.Partition, meta.SecondRegion = res.AWS.NamePrefix, res.AWS.Region, awsdialect.Partition(res.AWS.Region), res.AWS.SecondRegion
	}
	if werr := rec.HAR(meta).Write(w); werr != nil {
		return res, werr
	}
	return res, err
}

// Parity checks target against a cassette (see Record): its requests are
// sent again in order under a fresh name prefix, and every answer that
// differs from the recorded one after the normalization table (nil:
// parity.DefaultRules) is a finding of the parity rule (package parity).
// In the aws dialect the requests are signed again for target, as Check
// signs them (WithRegion, WithProfile, WithCredentials), and what they
// created is cleaned up. Of the options, those of the transport, the
// dialect and WithReportDir apply; the campaign's are the cassette's.
func Parity(ctx context.Context, h *parity.HAR, target Target, table parity.Rules, opts ...Option) (*Result, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	cfg.Dialect = h.Log.Harness.Dialect
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	endpoint, dial, stop, _, err := target.start()
	if err != nil {
		return nil, err
	}
	defer stop()
	if err := reports.Preflight(cfg.ReportDir); err != nil {
		return nil, err
	}
	cfg.Workers, cfg.observe = 1, nil
	tc := cfg.transport(endpoint, dial)
	po := parity.Options{Endpoint: endpoint, Rules: table, Reproduce: cfg.Rerun, Source: "recording of " + h.Log.Harness.Endpoint}
	var dialect *awsdialect.Dialect
	if cfg.aws() {
		// The dialect makes a prefix of its own, of the recorded one's
		// length, and cleans up what is created under it.
		_, inProcess := target.(handlerTarget)
		settings := cfg.awsSettings(inProcess)
		settings.NamePrefix = ""
		var set awsdialect.Settings
		if dialect, set, err = awsdialect.Setup(ctx, settings, endpoint); err != nil {
			return nil, err
		}
		dialect.Transport(&tc)
		tc.MaxRequests, tc.Rate, po.Prefix = set.MaxRequests, set.Rate, set.NamePrefix
		po.Side = parity.Side{Region: set.Region, Partition: awsdialect.Partition(set.Region), SecondRegion: set.SecondRegion}
	}
	po.Transport = tc
	res, err := parity.Check(ctx, h, po)
	if err != nil {
		return nil, err
	}
	if dialect != nil {
		res.AWS = dialect.CleanUp(ctx, tc, res.Requests)
	}
	if cfg.ReportDir != "" {
		if err := reports.Write(cfg.ReportDir, res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// ParityLive is the live form of Parity, without a cassette file: it
// records the campaign the options describe against reference, in memory
// (Record, without reports), then checks candidate against that recording
// (Parity, with the options' reports). Every request reaches the reference
// first, then the candidate, in the same order; the candidate's names get
// a fresh prefix of the same length, so neither run's state meets the
// other's. Both dialects: in the aws dialect both endpoints are signed for
// (WithRegion, WithProfile, WithCredentials), and what each run created is
// cleaned up.
func ParityLive(ctx context.Context, reference, candidate Target, table parity.Rules, opts ...Option) (*Result, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	// The report directory is checked before the reference sees a request.
	if err := reports.Preflight(cfg.ReportDir); err != nil {
		return nil, err
	}
	rec := cfg
	rec.ReportDir = ""
	var buf bytes.Buffer
	if _, err := Record(ctx, reference, &buf, WithConfig(rec)); err != nil {
		return nil, fmt.Errorf("recording the reference: %w", err)
	}
	h, err := parity.Read(&buf)
	if err != nil {
		return nil, err
	}
	return Parity(ctx, h, candidate, table, WithConfig(cfg))
}
