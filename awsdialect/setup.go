package awsdialect

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Careful defaults against an endpoint over the network, where every
// request may count against a shared account's quotas: a value of 0 in
// Settings that was not given takes them, any other is kept. An endpoint
// in process or on loopback (an emulator on the same machine) has no
// quotas: it gets none.
const (
	// NetworkMaxRequests caps the campaign's requests (cleanup comes on
	// top).
	NetworkMaxRequests = 2000
	// NetworkRate is the requests per second.
	NetworkRate = 10
)

// PrefixStart starts the name prefix made for a run when none is given:
// "pdc-" and ten random characters, then "-".
const PrefixStart = "pdc-"

// inProcessRegion is the region of an in-process handler when none is
// given: the AWS configuration is not read for a handler under test.
const inProcessRegion = "us-east-1"

// inProcessCredentials sign for an in-process handler when no credentials
// are given: a handler under test has no account behind it.
var inProcessCredentials = credentials.NewStaticCredentialsProvider("AKIDINPROCESS", "in-process-secret-key", "")

// Settings are a run's settings of the dialect, as the front door's
// configuration has them; Setup returns them as they are in force.
type Settings struct {
	// Region and Profile: "" reads the AWS configuration (AWS_REGION, the
	// profile's region); Credentials nil reads its credentials chain.
	Region      string
	Profile     string
	Credentials aws.CredentialsProvider
	// SecondRegion is the region a share of the requests are signed for
	// (Options.SecondRegion). "" for an endpoint that is not AWS itself
	// (in process, or on loopback) is SecondRegionFor(Region); for one
	// over the network, none: a real AWS endpoint serves one region.
	SecondRegion string
	// NamePrefix starts every name the run can create ("": one is made,
	// and every destination under it is the run's).
	NamePrefix string
	// InProcess: the endpoint is a handler under test, with no account
	// behind it (a region and credentials of its own when none are given,
	// and no network limits).
	InProcess bool
	// MaxRequests and Rate (0: no cap, unlimited). Not given (0 with
	// MaxRequestsGiven, RateGiven false), they take the network defaults
	// above for an endpoint over the network: not in process, not on
	// loopback (see Loopback).
	MaxRequests      int64
	Rate             float64
	MaxRequestsGiven bool
	RateGiven        bool
	// RetryAttempts and MaxBackoff bound the retries after a throttling
	// answer.
	RetryAttempts int
	MaxBackoff    time.Duration
	// Rules are the rules selected (nil: all).
	Rules rules.Selection
	// Log is where the AWS SDK logs (its warnings: falling back to
	// IMDSv1, say), one message a Write; nil: nowhere. The SDK's own
	// default is stderr, among the harness's output.
	Log io.Writer
}

// Setup returns the dialect of one run against endpoint, and the settings
// in force: a made prefix, careful limits over the network, the region,
// the second region.
// Errors are one line, found before any request.
func Setup(ctx context.Context, s Settings, endpoint string) (*Dialect, Settings, error) {
	owns := s.NamePrefix == ""
	if owns {
		s.NamePrefix = PrefixStart + strings.ToLower(rand.Text()[:10]) + "-"
	}
	if !s.InProcess && !Loopback(endpoint) {
		if s.MaxRequests == 0 && !s.MaxRequestsGiven {
			s.MaxRequests = NetworkMaxRequests
		}
		if s.Rate == 0 && !s.RateGiven {
			s.Rate = NetworkRate
		}
	}
	creds := s.Credentials
	if s.InProcess && s.Region == "" {
		s.Region = inProcessRegion
	}
	if s.InProcess && creds == nil {
		creds = inProcessCredentials
	}
	if s.Region == "" || creds == nil {
		log := s.Log
		if log == nil {
			log = io.Discard
		}
		opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithLogger(logging.NewStandardLogger(log))}
		if s.Profile != "" {
			opts = append(opts, awsconfig.WithSharedConfigProfile(s.Profile))
		}
		ac, err := awsconfig.LoadDefaultConfig(ctx, opts...)
		if err != nil {
			return nil, s, fmt.Errorf("-dialect aws: AWS configuration: %s", oneline.String(err.Error()))
		}
		if s.Region == "" {
			s.Region = ac.Region
		}
		if creds == nil {
			creds = ac.Credentials
		}
	}
	if s.Region == "" {
		return nil, s, errors.New("-dialect aws: no region: give -region, or set AWS_REGION or a profile's region")
	}
	if s.SecondRegion == "" && (s.InProcess || Loopback(endpoint)) {
		s.SecondRegion = SecondRegionFor(s.Region)
	}
	if s.SecondRegion == s.Region {
		s.SecondRegion = ""
	}
	if creds == nil {
		return nil, s, errors.New("-dialect aws: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give -profile")
	}
	d, err := New(ctx, Options{
		Region: s.Region, SecondRegion: s.SecondRegion, Credentials: creds, Endpoint: endpoint,
		NamePrefix: s.NamePrefix, OwnsPrefix: owns,
		RetryAttempts: s.RetryAttempts, MaxBackoff: s.MaxBackoff,
		Rules: slices.Clone(s.Rules),
	})
	if err != nil {
		return nil, s, err
	}
	return d, s, nil
}

// Loopback reports whether endpoint's host is this machine's loopback:
// localhost, 127.0.0.0/8 or ::1.
func Loopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Transport adds the dialect to a transport configuration: signing, curl
// lines that sign, and its secrets scrubbed.
func (d *Dialect) Transport(tc *transport.Config) {
	tc.Prepare = d.Prepare
	tc.CurlAuth = d.CurlAuthFor
	tc.ScrubFunc = d.Scrub
	tc.Secrets = append(tc.Secrets, d.Secrets()...)
}

// cleanupMaxBody caps an answer to cleanup's requests: a page of 50
// destinations of an emulator that took ARNs of tens of kilobytes is
// megabytes long.
const cleanupMaxBody = 64 << 20

// cleanupTime bounds cleanup: a minute, and twice what the rate allows
// for the requests of the campaign (a delete for each, at most).
func cleanupTime(rate float64, requests int64) time.Duration {
	d := time.Minute
	if rate > 0 {
		d += 2 * time.Duration(float64(requests)/rate*float64(time.Second))
	}
	return d
}

// CleanUp deletes what the run created, after the campaign, even when ctx
// has ended (an interrupt, the deadline): with a client of its own made
// from tc, not capped (the campaign may have spent the cap) but rate
// limited, within cleanupTime of the campaign's requests. It returns the
// dialect's part of the result.
func (d *Dialect) CleanUp(ctx context.Context, tc transport.Config, requests int64) *result.AWSRun {
	run := &result.AWSRun{Region: d.Region(), SecondRegion: d.o.SecondRegion, NamePrefix: d.NamePrefix(), MaxRequests: tc.MaxRequests, Rate: tc.Rate}
	tc.MaxRequests = 0
	tc.MaxBodyBytes = max(tc.MaxBodyBytes, cleanupMaxBody)
	client, err := transport.New(tc)
	if err != nil {
		run.Cleanup = result.Cleanup{Error: "cleanup: " + err.Error(), Leftovers: []result.Leftover{}}
	} else {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTime(tc.Rate, requests))
		run.Cleanup = d.Cleanup(cctx, client)
		cancel()
		client.Close()
	}
	rep := d.Report()
	run.Throttled, run.ThrottledOut = rep.Throttled, rep.GaveUp
	return run
}
