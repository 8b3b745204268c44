package awsdialect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
)

// The protocol, as the AWS model's metadata gives it.
const (
	// Service is the SigV4 signing name (the model's endpointPrefix).
	Service = "logs"
	// TargetPrefix starts every X-Amz-Target of the service.
	TargetPrefix = "Logs_20140328"
	// ContentType is the media type of JSON 1.1 requests and answers.
	ContentType = "application/x-amz-json-1.1"

	PutDestination       = TargetPrefix + ".PutDestination"
	DescribeDestinations = TargetPrefix + ".DescribeDestinations"
	DeleteDestination    = TargetPrefix + ".DeleteDestination"
)

// Defaults of the retries after a throttling answer.
const (
	// DefaultRetryAttempts is the attempts of one request, the first
	// included, while the endpoint answers that it throttles.
	DefaultRetryAttempts = 5
	// DefaultMaxBackoff caps the wait between two attempts (the SDK's).
	DefaultMaxBackoff = retry.DefaultMaxBackoff
)

// Options configure a Dialect.
type Options struct {
	// Region is the region requests are signed for, and the one every
	// arn must name.
	Region string
	// SecondRegion, when set, is the region a share of the requests are
	// signed for instead (see RegionOf): an endpoint that is not AWS
	// itself must name in each arn the region its request was signed for.
	SecondRegion string
	// Credentials sign every request.
	Credentials aws.CredentialsProvider
	// Endpoint is the URL requests go to (DescribeDestinations and
	// DeleteDestination too).
	Endpoint string
	// NamePrefix starts every destinationName the run can create; cleanup
	// lists the destinations under it.
	NamePrefix string
	// OwnsPrefix says the prefix was made for this run alone: every
	// destination under it is the run's. Otherwise only the names the run
	// sent are deleted.
	OwnsPrefix bool
	// RetryAttempts and MaxBackoff bound the retries after a throttling
	// answer (0: the defaults above).
	RetryAttempts int
	MaxBackoff    time.Duration
	// Rules are the rules selected (nil: all): a check of a rule not
	// selected is not made, and DescribeDestinations is called only for
	// aws-describe.
	Rules rules.Selection
}

// Dialect is one run's AWS JSON 1.1 dialect. It is safe for concurrent use.
type Dialect struct {
	o       Options
	secrets []string
	// refreshed are the secrets of credentials retrieved after New (a
	// provider that refreshes them mid-run), copied on write (see learn);
	// last is the pair Prepare saw last, so that a request costs one
	// comparison.
	refreshed atomic.Pointer[[]string]
	last      atomic.Pointer[[2]string]
	learning  sync.Mutex
	session   bool // the credentials carry a session token
	signer    *v4.Signer
	retryer   *retry.Standard

	mu    sync.Mutex
	names map[string]*nameState // what the run knows of each name (state.go)
	// raw are the destinationNames that were not JSON strings but were
	// answered with a destination, by their JSON text (state.go).
	raw map[string]json.RawMessage
	// rawCreated are the names of raw an answer said were written (the
	// others' puts got no answer: not known to be stored).
	rawCreated map[string]bool
	// account is the account of the first arn answered; started is when
	// the run began and partitions those of the regions signed for.
	account    string
	started    time.Time
	partitions map[string]string

	throttled atomic.Int64 // throttling answers retried
	gaveUp    atomic.Int64 // exchanges still throttled when the retries ran out
	// deletedInRun counts the destinations the delete checks removed and
	// saw gone during the campaign (deletecheck.go).
	deletedInRun atomic.Int64
}

// maxTracked bounds each map of names a run remembers (a name is at most
// 512 characters): far above what a campaign sends.
const maxTracked = 1 << 17

var validRegion = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidRegion reports whether s looks like a region name ("us-east-1").
func ValidRegion(s string) bool { return validRegion.MatchString(s) }

// New returns the dialect of one run. It retrieves the credentials once,
// so that a run without them stops before any request, and so that
// Secrets knows what to scrub. Errors are one line.
func New(ctx context.Context, o Options) (*Dialect, error) {
	switch {
	case !ValidRegion(o.Region):
		return nil, fmt.Errorf("-region %q: want a region such as us-east-1", o.Region)
	case o.SecondRegion != "" && !ValidRegion(o.SecondRegion):
		return nil, fmt.Errorf("-second-region %q: want a region such as us-west-2", o.SecondRegion)
	case o.Credentials == nil:
		return nil, errors.New("-dialect aws: no credentials provider")
	case o.Endpoint == "":
		return nil, errors.New("-dialect aws: no endpoint")
	}
	if o.RetryAttempts <= 0 {
		o.RetryAttempts = DefaultRetryAttempts
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if _, cached := o.Credentials.(*aws.CredentialsCache); !cached {
		o.Credentials = aws.NewCredentialsCache(o.Credentials)
	}
	creds, err := o.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("-dialect aws: no credentials (environment, shared config or -profile): %s", oneline.String(err.Error()))
	}
	d := &Dialect{
		o:          o,
		signer:     v4.NewSigner(),
		retryer:    newRetryer(o.RetryAttempts, o.MaxBackoff),
		session:    creds.SessionToken != "",
		names:      map[string]*nameState{},
		raw:        map[string]json.RawMessage{},
		rawCreated: map[string]bool{},
		started:    time.Now(),
		partitions: map[string]string{},
	}
	if o.SecondRegion == o.Region {
		d.o.SecondRegion = ""
	}
	for _, r := range d.Regions() {
		d.partitions[r] = Partition(r)
	}
	for _, s := range []string{creds.SecretAccessKey, creds.SessionToken} {
		if s != "" {
			d.secrets = append(d.secrets, s)
		}
	}
	return d, nil
}

// Partition is the partition of region ("aws", "aws-cn", "aws-us-gov",
// "aws-iso", …) from the SDK's partition data: the CloudWatch Logs
// client's endpoint resolver, the one exported way to it (the SDK's
// awsrulesfn.GetPartition is internal). A region no partition's pattern
// matches is in "aws", as the SDK resolves it.
func Partition(region string) string {
	e, err := cloudwatchlogs.NewDefaultEndpointResolver().ResolveEndpoint(region, cloudwatchlogs.EndpointResolverOptions{})
	if err != nil || e.PartitionID == "" {
		return "aws"
	}
	return e.PartitionID
}

// Region is the region requests are signed for.
func (d *Dialect) Region() string { return d.o.Region }

// NamePrefix is the prefix of every name the run can create.
func (d *Dialect) NamePrefix() string { return d.o.NamePrefix }

// Secrets are the values no report may carry: the secret key and the
// session token (for transport.Config.Secrets).
func (d *Dialect) Secrets() []string { return slices.Clone(d.secrets) }

// Headers shapes the envelope's request headers (the spec's) into the
// dialect's: Content-Type application/x-amz-json-1.1 and the
// PutDestination target, no Accept (the SDK sends none). h is not changed.
func (d *Dialect) Headers(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	out.Del("Accept")
	out.Set("Content-Type", ContentType)
	out.Set("X-Amz-Target", PutDestination)
	return out
}

// operationHeaders are the headers of a call of another operation.
func operationHeaders(target string) http.Header {
	return http.Header{"Content-Type": {ContentType}, "X-Amz-Target": {target}}
}

// Name is the dialect's name in the rules table.
func (d *Dialect) Name() string { return rules.AWS }

// Normalize rewrites an AWS answer into the envelope (see the package
// function Normalize).
func (d *Dialect) Normalize(a oracle.Answer) (oracle.Answer, bool) { return Normalize(a) }

// The campaign speaks the dialect through its interface.
var _ campaign.Dialect = (*Dialect)(nil)
