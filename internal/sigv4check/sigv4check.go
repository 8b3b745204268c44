// Package sigv4check checks a SigV4 signature on the server's side, for
// tests: the signature a client made must be right for the bytes the
// server received.
package sigv4check

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Verify checks, on the server's side, the SigV4 signature of r, whose
// body was body, against creds: it signs again what the request says it
// signed (its SignedHeaders, its X-Amz-Date, the body received) and
// compares. A signature made before the last change to the bytes sent
// fails here.
func Verify(r *http.Request, body []byte, creds aws.Credentials, service, region string) error {
	auth := r.Header.Get("Authorization")
	scope := fmt.Sprintf("Credential=%s/", creds.AccessKeyID)
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || !strings.Contains(auth, scope) {
		return fmt.Errorf("Authorization %q: not SigV4 for %s", auth, creds.AccessKeyID)
	}
	_, signed, ok := strings.Cut(auth, "SignedHeaders=")
	if !ok {
		return fmt.Errorf("Authorization without SignedHeaders")
	}
	signed, _, _ = strings.Cut(signed, ",")
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return fmt.Errorf("X-Amz-Date %q: %v", r.Header.Get("X-Amz-Date"), err)
	}
	again, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), bytes.NewReader(body))
	again.Host = r.Host
	// The length as received: a chunked body came with no Content-Length
	// (-1), which a signature then cannot cover.
	again.ContentLength = r.ContentLength
	for _, name := range strings.Split(signed, ";") {
		switch name {
		case "host", "content-length":
			continue // from Host and the body
		}
		for _, v := range r.Header.Values(name) {
			again.Header.Add(name, v)
		}
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, again, hex.EncodeToString(sum[:]), service, region, at); err != nil {
		return err
	}
	if got, want := auth, again.Header.Get("Authorization"); got != want {
		return fmt.Errorf("signature does not match the bytes received:\n got  %s\n want %s", got, want)
	}
	return nil
}
