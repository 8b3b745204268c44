package conformance

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"github.com/putdestination/conformance/rules"
	"io"

	"github.com/putdestination/conformance/internal/buildinfo"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/transport"
)

// Record runs a campaign against target as Check does, one request at a
// time and without shrinking so that the sequence is the seed's, and
// writes its cassette to w (HAR 1.2, package parity): every exchange in
// order, byte for byte, secrets redacted, with the seed, budget, dialect,
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
	cfg.observe = rec.Observe
	res, err := check(ctx, target, cfg)
	if res == nil {
		return nil, err
	}
	meta := parity.Meta{Seed: res.Seed, Budget: res.Budget, Dialect: cmp.Or(cfg.Dialect, rules.Envelope), NamePrefix: cfg.NamePrefix,
		Version: buildinfo.Read().String(), Endpoint: transport.RedactURL(target.String())}
	if res.AWS != nil {
		meta.NamePrefix = res.AWS.NamePrefix
	}
	if werr := rec.HAR(meta).Write(w); werr != nil {
		return res, werr
	}
	return res, err
}
