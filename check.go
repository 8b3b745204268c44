package conformance

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/internal/proclog"
	"github.com/putdestination/conformance/internal/rerun"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

// Check runs one campaign against target and returns its result: the
// verdict, a row per rule and the findings, each with its reproduction.
//
// The error is only for a harness that could not do its job: a bad option,
// an unreadable spec, an unwritable report directory (all found before any
// request), or an endpoint that cannot be reached (the result, verdict
// "error", is returned with it). Findings are not errors: they are in the
// result. With WithReportDir, every report is written there (package
// reports: conformance.json, junit.xml, conformance.html, conformance.md,
// findings/), after one check of the directory before any request.
//
// Check does not report a conformant endpoint (it should not produce false
// positives); it may miss faults outside what it generates.
func Check(ctx context.Context, target Target, opts ...Option) (*Result, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	return check(ctx, target, cfg)
}

func check(ctx context.Context, target Target, cfg Config) (*Result, error) {
	if target == nil {
		return nil, fmt.Errorf("conformance: no target")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Seed == 0 {
		cfg.Seed = randomSeed()
	}
	s, err := loadSpec(cfg.SpecFile)
	if err != nil {
		return nil, err
	}
	// What net/http and the AWS SDK log during the run goes to the result,
	// not among the harness's output.
	libLog := &proclog.Log{}
	release := func() {}
	if cfg.CaptureLog {
		release = proclog.Take(libLog)
	}
	defer release()
	endpoint, dial, stop, logged, err := target.start()
	if err != nil {
		return nil, err
	}
	defer stop()
	if err := reports.Preflight(cfg.ReportDir); err != nil {
		return nil, err
	}
	var dialect *awsdialect.Dialect
	if cfg.aws() {
		_, inProcess := target.(handlerTarget)
		var set awsdialect.Settings
		settings := cfg.awsSettings(inProcess)
		settings.Log = libLog
		if dialect, set, err = awsdialect.Setup(ctx, settings, endpoint); err != nil {
			return nil, err
		}
		cfg.NamePrefix, cfg.Region, cfg.MaxRequests, cfg.Rate = set.NamePrefix, set.Region, set.MaxRequests, set.Rate
	}
	tc := cfg.transport(endpoint, dial)
	_, tc.NoCurl = target.(handlerTarget)
	camp := campaign.Config{
		Endpoint:    endpoint,
		Target:      target.String(),
		Reproduce:   cfg.reproduce(target),
		Seed:        cfg.Seed,
		Budget:      cfg.Budget,
		Workers:     cfg.Workers,
		Rules:       cfg.Rules,
		Shrink:      cfg.Shrink,
		ShrinkTime:  cfg.ShrinkTime,
		MaxFindings: cfg.MaxFindings,
		MaxTimeouts: cfg.MaxTimeouts,
		Progress:    cfg.Progress,
		Shard:       cfg.Shard,

		ShrinkRequests: cfg.ShrinkRequests,
		ShrinkTotal:    cfg.ShrinkTotal,
	}
	if dialect != nil {
		dialect.Transport(&tc)
		camp.Dialect = dialect
	}
	runner, err := campaign.New(s, generators.Options{Prefix: cfg.NamePrefix}, tc, camp)
	if err != nil {
		return nil, oneline.Error(err)
	}
	defer runner.Client.Close()

	runCtx, cancel := context.WithTimeout(ctx, cfg.Deadline)
	defer cancel()
	started := time.Now()
	res, runErr := runner.Run(runCtx)
	res.Started = started
	res.Replay = cfg.Replay
	if logged != nil {
		res.HandlerLog = logged()
	}
	if cfg.campaignDone != nil {
		cfg.campaignDone()
	}
	if dialect != nil {
		// After an interrupt or the deadline too: ctx's end is not cleanup's.
		res.AWS = dialect.CleanUp(ctx, tc, res.Requests)
	}
	release()
	if n, first := libLog.Messages(); n > 0 {
		res.LibraryLog = &result.LibraryLog{Messages: n, First: first}
	}
	if cfg.ReportDir != "" {
		if err := reports.Write(cfg.ReportDir, res); err != nil {
			return res, err
		}
	}
	return res, runErr
}

// transport is the transport's configuration of a run against endpoint.
func (c Config) transport(endpoint string, dial dialFunc) transport.Config {
	return transport.Config{RequestTimeout: c.RequestTimeout, MaxBodyBytes: c.MaxBody, Headers: c.Headers.Header(), CAFile: c.CAFile, Insecure: c.Insecure,
		Rate: c.Rate, MaxRequests: c.MaxRequests, Workers: c.Workers, DialContext: dial, Secrets: transport.URLSecrets(endpoint), Observe: c.observe}
}

func loadSpec(file string) (*spec.Spec, error) {
	if file == "" {
		return spec.Embedded()
	}
	s, err := spec.LoadFile(file)
	if err != nil {
		return nil, oneline.Error(err)
	}
	return s, nil
}

// randomSeed draws a seed for a run given none (never 0: 0 means "draw").
func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])>>1 | 1
}

// reproduce is the command that reruns the same cases against target
// (see rerun.Run).
func (c Config) reproduce(target Target) string {
	_, inProcess := target.(handlerTarget)
	return rerun.Run{
		Rerun: c.Rerun, GoTest: c.goTest, SeedEnv: SeedEnv,
		Endpoint: target.String(), InProcess: inProcess,
		Seed: c.Seed, Budget: c.Budget,
		Dialect: c.Dialect, Region: c.Region, SecondRegion: c.SecondRegion, Profile: c.Profile,
		NamePrefix: c.NamePrefix, SpecFile: c.SpecFile, Rules: c.Rules, Shard: c.Shard.String(), Headers: len(c.Headers) > 0,
	}.Command()
}
