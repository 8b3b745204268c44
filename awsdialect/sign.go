package awsdialect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/transport"
)

// Prepare signs r with SigV4 (service logs, the region of the name the
// request is about: RegionOf) on body, the exact bytes sent; it is the transport's last step before sending
// (transport.Config.Prepare), so the signature covers the headers as they
// go out. It also remembers the destinationName of every PutDestination,
// so that cleanup can delete whatever the endpoint may have stored. It
// adds Authorization, X-Amz-Date and, with a session token,
// X-Amz-Security-Token.
func (d *Dialect) Prepare(r *http.Request, body []byte) error {
	creds, err := d.o.Credentials.Retrieve(r.Context())
	if err != nil {
		return fmt.Errorf("aws credentials: %s", oneline.String(err.Error()))
	}
	d.learn(creds)
	if r.Header.Get("X-Amz-Target") == PutDestination {
		if name, ok := nameOf(body); ok {
			d.update(name, func(n *nameState) { n.sent, n.prepared = true, n.prepared+1 })
		}
	}
	sum := sha256.Sum256(body)
	region := d.requestRegion(r.Context(), r.Header, body)
	return d.signer.SignHTTP(r.Context(), creds, r, hex.EncodeToString(sum[:]), Service, region, time.Now().UTC())
}

// CurlAuth is what a curl line adds to sign its request for region as
// Prepare does, with curl's own SigV4 (--aws-sigv4, curl 7.75 or later)
// and the credentials taken from the environment: no secret is written.
func (d *Dialect) CurlAuth(region string) string {
	s := fmt.Sprintf(`--aws-sigv4 'aws:amz:%s:%s' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`, region, Service)
	if d.session {
		s += ` -H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"`
	}
	return s
}

// CurlAuthFor is CurlAuth for the region req is signed for (for
// transport.Config.CurlAuth).
func (d *Dialect) CurlAuthFor(req transport.Request) string {
	return d.CurlAuth(d.requestRegion(context.Background(), req.Header, req.Body))
}

// learn adds the secrets of creds to what Scrub cleans, when they are not
// the ones New retrieved: credentials refreshed mid-run (an assumed role's
// session) must stay out of the reports as the first ones do.
func (d *Dialect) learn(creds aws.Credentials) {
	pair := [2]string{creds.SecretAccessKey, creds.SessionToken}
	if last := d.last.Load(); last != nil && *last == pair {
		return
	}
	d.learning.Lock()
	defer d.learning.Unlock()
	var known []string
	if p := d.refreshed.Load(); p != nil {
		known = *p
	}
	grown := known
	for _, s := range pair {
		if s != "" && !slices.Contains(d.secrets, s) && !slices.Contains(grown, s) {
			grown = append(slices.Clip(grown), s)
		}
	}
	if len(grown) != len(known) {
		d.refreshed.Store(&grown)
	}
	d.last.Store(&pair)
}

// Scrub cleans s of SigV4 signatures (ScrubSignatures) and of the secrets
// of credentials refreshed since New (those of New's are Secrets, which
// transport.Config.Secrets cleans): transport.Config.ScrubFunc.
func (d *Dialect) Scrub(s string) string {
	s = ScrubSignatures(s)
	if p := d.refreshed.Load(); p != nil {
		for _, secret := range *p {
			s = strings.ReplaceAll(s, secret, "REDACTED")
		}
	}
	return s
}

// signature matches a SigV4 Authorization value, or the signature alone,
// wherever an endpoint echoes it.
var signature = regexp.MustCompile(`AWS4-HMAC-SHA256 Credential=[^\s",]*(,\s*SignedHeaders=[^\s",]*)?(,\s*Signature=[0-9A-Fa-f]*)?|Signature=[0-9A-Fa-f]{16,}`)

// ScrubSignatures replaces every SigV4 Authorization value (and signature)
// in s by "REDACTED": a value that changes with every request, which no
// fixed list of secrets can hold (transport.Config.ScrubFunc).
func ScrubSignatures(s string) string {
	if !strings.Contains(s, "AWS4-HMAC-SHA256") && !strings.Contains(s, "Signature=") {
		return s
	}
	return signature.ReplaceAllString(s, "REDACTED")
}

// nameOf reads the destinationName of a request body, when the body is a
// JSON object whose destinationName is a string.
func nameOf(body []byte) (string, bool) {
	raw, ok := member(body, "destinationName")
	if !ok {
		return "", false
	}
	return object{"n": raw}.str("n")
}
