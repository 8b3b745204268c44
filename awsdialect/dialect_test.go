package awsdialect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/sigv4check"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

var testCreds = aws.Credentials{AccessKeyID: "AKIDTEST", SecretAccessKey: "test-secret-key-0123", SessionToken: "test-session-token-4567"}

func newDialect(t *testing.T, endpoint string, opts ...func(*awsdialect.Options)) *awsdialect.Dialect {
	t.Helper()
	o := awsdialect.Options{Region: "eu-central-1", Endpoint: endpoint, NamePrefix: "t-", OwnsPrefix: true,
		Credentials: credentials.StaticCredentialsProvider{Value: testCreds}, MaxBackoff: 5 * time.Millisecond}
	for _, f := range opts {
		f(&o)
	}
	d, err := awsdialect.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPrepareSignsTheBytesSent: the transport's last step signs; the
// server, who knows the secret, finds the signature right for what it
// received, and the headers are the protocol's.
func TestPrepareSignsTheBytesSent(t *testing.T) {
	var mu sync.Mutex
	var problems []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := sigv4check.Verify(r, body, testCreds, "logs", "eu-central-1"); err != nil {
			problems = append(problems, err.Error())
		}
		if got := r.Header.Get("X-Amz-Security-Token"); got != testCreds.SessionToken {
			problems = append(problems, "X-Amz-Security-Token: got "+got)
		}
		if ct, target := r.Header.Get("Content-Type"), r.Header.Get("X-Amz-Target"); ct != awsdialect.ContentType || target != awsdialect.PutDestination {
			problems = append(problems, "Content-Type "+ct+", X-Amz-Target "+target)
		}
		if r.Header.Get("Accept") != "" {
			problems = append(problems, "an Accept header (the SDK sends none)")
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	d := newDialect(t, srv.URL)
	c, err := transport.New(transport.Config{Prepare: d.Prepare, Headers: http.Header{"X-Extra": {"merged-before-signing"}}})
	if err != nil {
		t.Fatal(err)
	}
	h := d.Headers(http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}, "X-Amz-Target": {"Logs_20140328.PutDestination"}})
	for _, body := range []string{`{"destinationName":"t-a","targetArn":"x","roleArn":"y"}`, ``, "{\"destinationName\":\"t-\u00e9\\n\"}"} {
		if _, err := c.Do(context.Background(), transport.Request{Method: "POST", URL: srv.URL, Header: h, Body: []byte(body)}); err != nil {
			t.Fatal(err)
		}
	}
	if h.Get("Authorization") != "" {
		t.Errorf("Prepare changed the caller's headers: got Authorization %q", h.Get("Authorization"))
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestCurlAuthHoldsNoSecret(t *testing.T) {
	d := newDialect(t, "http://x.invalid")
	got := d.CurlAuth(d.Region())
	want := `--aws-sigv4 'aws:amz:eu-central-1:logs' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"`
	if got != want {
		t.Errorf("CurlAuth: got %s, want %s", got, want)
	}
	for _, s := range []string{testCreds.SecretAccessKey, testCreds.SessionToken, testCreds.AccessKeyID} {
		if strings.Contains(got, s) {
			t.Errorf("CurlAuth: got a credential %q in it", s)
		}
	}
	secrets := d.Secrets()
	if len(secrets) != 2 || secrets[0] != testCreds.SecretAccessKey || secrets[1] != testCreds.SessionToken {
		t.Errorf("Secrets: got %q, want the secret key and the session token", secrets)
	}
}

func TestScrubSignatures(t *testing.T) {
	auth := "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/logs/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-target, Signature=" + strings.Repeat("ab12", 16)
	tests := []struct{ in, reason string }{
		{auth, "the header value alone"},
		{`{"echo":{"Authorization":["` + auth + `"]}}`, "echoed in a JSON body"},
		{"debug: Signature=" + strings.Repeat("0f", 32) + " rejected", "the signature alone"},
	}
	for _, tt := range tests {
		got := awsdialect.ScrubSignatures(tt.in)
		if strings.Contains(got, "ab12ab12") || strings.Contains(got, "0f0f0f0f") || strings.Contains(got, "Credential=AKIDTEST") {
			t.Errorf("ScrubSignatures (%s): got %s, want no signature or credential scope left", tt.reason, got)
		}
		if !strings.Contains(got, "REDACTED") {
			t.Errorf("ScrubSignatures (%s): got %s, want REDACTED in place", tt.reason, got)
		}
	}
	if plain := "no signature here"; awsdialect.ScrubSignatures(plain) != plain {
		t.Errorf("ScrubSignatures changed text without a signature")
	}
}

func TestErrorType(t *testing.T) {
	tests := []struct {
		header, body, want, reason string
	}{
		{"", `{"__type":"InvalidParameterException","message":"x"}`, "InvalidParameterException", "a bare __type"},
		{"", `{"__type":"com.amazonaws.logs#ValidationException"}`, "ValidationException", "a namespace before #"},
		{"SerializationException:http://internal.amazon.com/coral/com.amazon.coral.service/", `{}`, "SerializationException", "the header, with what follows ':'"},
		{"ThrottlingException", `{"__type":"InvalidParameterException"}`, "ThrottlingException", "the header before the body, as the SDK reads it"},
		{"", `not json`, "", "no type at all"},
		{"", `{"code":"InvalidParameterException"}`, "InvalidParameterException", "code when there is no __type, as the SDK reads it"},
		{"", `{"__type":"ns.a#InvalidParameterException:x#y","Message":"m"}`, "InvalidParameterException", "the ':' suffix cut, then the namespace"},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("X-Amzn-ErrorType", tt.header)
		}
		if got := awsdialect.ErrorType(h, []byte(tt.body)); got != tt.want {
			t.Errorf("ErrorType(%q, %s) (%s): got %q, want %q", tt.header, tt.body, tt.reason, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	amz := http.Header{"Content-Type": {"application/x-amz-json-1.1"}}
	tests := []struct {
		name    string
		in      oracle.Answer
		want    string // the body wanted ("" : unchanged)
		ct      string // Content-Type wanted
		reason  string
		changed bool
	}{
		{"success", oracle.Answer{Status: 200, Header: amz, Body: []byte(`{"destination":{"destinationName":"a","arn":"arn:aws:logs:us-east-1:123456789012:destination:a","creationTime":1700000000123}}`)},
			`{"data":{"created_at":"2023-11-14T22:13:20.123Z","id":"arn:aws:logs:us-east-1:123456789012:destination:a"},"success":true}`, "application/json",
			"id is the arn, created_at the creationTime in milliseconds", true},
		{"success without arn", oracle.Answer{Status: 200, Header: amz, Body: []byte(`{"destination":{"creationTime":"soon"}}`)},
			`{"data":{},"success":true}`, "application/json", "members of the wrong type are left out, for the envelope's schema to report", true},
		{"fraction", oracle.Answer{Status: 200, Header: amz, Body: []byte(`{"destination":{"arn":"a","creationTime":1700000000.5}}`)},
			`{"data":{"created_at":"1970-01-20T16:13:20.0005Z","id":"a"},"success":true}`, "application/json", "a number with a fraction is still read", true},
		{"validation", oracle.Answer{Status: 400, Header: amz, Body: []byte(`{"__type":"com.amazonaws.logs#InvalidParameterException","message":"bad name"}`)},
			`{"error":{"code":"VALIDATION_ERROR","message":"bad name"},"success":false}`, "application/json", "a validation type is VALIDATION_ERROR", true},
		{"validation by header", oracle.Answer{Status: 400, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Errortype": {"SerializationException:http://x/"}}, Body: []byte(`{}`)},
			`{"error":{"code":"VALIDATION_ERROR","message":"SerializationException"},"success":false}`, "application/json", "no message: the type is the message", true},
		{"validation with 422", oracle.Answer{Status: 422, Header: amz, Body: []byte(`{"__type":"ValidationException","Message":"m"}`)},
			`{"error":{"code":"VALIDATION_ERROR","message":"m"},"success":false}`, "application/json", "the status is kept, for status-code to judge", true},
		{"not found", oracle.Answer{Status: 400, Header: amz, Body: []byte(`{"__type":"ResourceNotFoundException"}`)},
			"", "application/json", "another error type is left as it is", true},
		{"throttling", oracle.Answer{Status: 400, Header: amz, Body: []byte(`{"__type":"ThrottlingException"}`)},
			"", "application/json", "throttling is left as it is", true},
		{"html", oracle.Answer{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(`<p>ok</p>`)},
			"", "text/html", "not JSON: untouched", false},
		{"html success", oracle.Answer{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(`{"destination":{"arn":"a","creationTime":0}}`)},
			`{"data":{"created_at":"1970-01-01T00:00:00Z","id":"a"},"success":true}`, "text/html", "another media type is kept, for content-type to judge", true},
	}
	for _, tt := range tests {
		inCT := tt.in.Header.Get("Content-Type")
		got, changed := awsdialect.Normalize(tt.in)
		want := tt.want
		if want == "" {
			want = string(tt.in.Body)
		}
		if string(got.Body) != want || got.Header.Get("Content-Type") != tt.ct || got.Status != tt.in.Status || changed != tt.changed {
			t.Errorf("Normalize %s (%s):\n got  %d %s %s (changed %v)\n want %d %s %s (changed %v)", tt.name, tt.reason,
				got.Status, got.Header.Get("Content-Type"), got.Body, changed, tt.in.Status, tt.ct, want, tt.changed)
		}
		if tt.in.Header.Get("Content-Type") != inCT {
			t.Errorf("Normalize %s: changed the raw answer's Content-Type to %q (a finding shows the raw answer)", tt.name, tt.in.Header.Get("Content-Type"))
		}
	}
}

// throttler answers with throttling the first n times it sees a body, the
// way a shared account does under load.
type throttler struct {
	mu     sync.Mutex
	n      int
	seen   map[string]int
	status int
}

func (th *throttler) do(_ context.Context, req transport.Request) (transport.Response, error) {
	th.mu.Lock()
	defer th.mu.Unlock()
	th.seen[string(req.Body)]++
	if th.seen[string(req.Body)] <= th.n {
		if th.status == http.StatusTooManyRequests {
			return transport.Response{Status: 429, Header: http.Header{}, Body: []byte("slow down")}, nil
		}
		return transport.Response{Status: 400, Header: http.Header{"Content-Type": {awsdialect.ContentType}}, Body: []byte(`{"__type":"ThrottlingException","message":"Rate exceeded"}`)}, nil
	}
	return transport.Response{Status: 200, Header: http.Header{"Content-Type": {awsdialect.ContentType}}, Body: []byte(`{}`)}, nil
}

func TestDoRetriesThrottling(t *testing.T) {
	tests := []struct {
		name         string
		throttles    int
		status       int
		wantStatus   int
		wantAttempts int
		wantRetries  int64
		wantGaveUp   int64
		reason       string
	}{
		{"two ThrottlingException", 2, 400, 200, 3, 2, 0, "retried until it passes"},
		{"two 429", 2, 429, 200, 3, 2, 0, "a 429 is throttling whatever its body"},
		{"endless", 100, 400, 400, 4, 3, 1, "after the attempts, the last answer stands"},
	}
	for _, tt := range tests {
		d := newDialect(t, "http://x.invalid", func(o *awsdialect.Options) { o.RetryAttempts = 4 })
		th := &throttler{n: tt.throttles, seen: map[string]int{}, status: tt.status}
		req := transport.Request{Method: "POST", URL: "http://x.invalid", Header: http.Header{"X-Amz-Target": {awsdialect.DescribeDestinations}}, Body: []byte(`{"x":1}`)}
		resp, err := d.Do(context.Background(), req, th.do)
		rep := d.Report()
		if err != nil || resp.Status != tt.wantStatus || th.seen[`{"x":1}`] != tt.wantAttempts || rep.Throttled != tt.wantRetries || rep.GaveUp != tt.wantGaveUp {
			t.Errorf("Do %s (%s): got %d, %v after %d attempts, %d retried, %d gave up; want %d after %d, %d retried, %d gave up",
				tt.name, tt.reason, resp.Status, err, th.seen[`{"x":1}`], rep.Throttled, rep.GaveUp, tt.wantStatus, tt.wantAttempts, tt.wantRetries, tt.wantGaveUp)
		}
	}
	// An error type that is not throttling is not retried.
	d := newDialect(t, "http://x.invalid")
	calls := 0
	_, _ = d.Do(context.Background(), transport.Request{Header: http.Header{}}, func(context.Context, transport.Request) (transport.Response, error) {
		calls++
		return transport.Response{Status: 400, Header: http.Header{}, Body: []byte(`{"__type":"InvalidParameterException"}`)}, nil
	})
	if calls != 1 {
		t.Errorf("Do InvalidParameterException: got %d attempts, want 1 (only throttling is retried)", calls)
	}
	// The wait ends with the context: the context ends 20 ms after the
	// first answer (a 429), during a backoff that can run to seconds, and
	// Do must return the last answer without sending the request again on
	// the ended context.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := newDialect(t, "http://x.invalid", func(o *awsdialect.Options) { o.MaxBackoff = time.Hour })
	th := &throttler{n: 100, seen: map[string]int{}, status: 429}
	var once sync.Once
	var late atomic.Int64
	cancelling := func(ctx context.Context, req transport.Request) (transport.Response, error) {
		if ctx.Err() != nil {
			late.Add(1)
		}
		once.Do(func() { time.AfterFunc(20*time.Millisecond, cancel) })
		return th.do(ctx, req)
	}
	type answer struct {
		resp transport.Response
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := slow.Do(ctx, transport.Request{Header: http.Header{}, Body: []byte("b")}, cancelling)
		done <- answer{resp, err}
	}()
	select {
	case a := <-done:
		if a.err != nil || a.resp.Status != 429 || late.Load() != 0 {
			t.Errorf("Do with a canceled context: got %d, %v after %d attempts, %d sent after the context ended; want the last 429, none sent after (the backoff cut short)",
				a.resp.Status, a.err, th.seen["b"], late.Load())
		}
	case <-time.After(time.Minute):
		t.Fatalf("Do with a canceled context: still waiting after a minute (a hang guard, not a speed target), want the backoff cut short by the context")
	}
}

// TestCleanupDeletesWhatTheRunCreated: every destination under a prefix
// made for the run is deleted, others are left alone, and what cannot be
// deleted is listed with its command.
func TestCleanupDeletesWhatTheRunCreated(t *testing.T) {
	em := emulator.NewAWS()
	var refuse string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Amz-Target") == awsdialect.DeleteDestination && refuse != "" && bytes.Contains(body, []byte(refuse)) {
			emulator.WriteAWSError(w, 400, "OperationAbortedException", "try again later")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		em.ServeHTTP(w, r)
	}))
	defer srv.Close()
	for _, name := range []string{"t-a", "t-b", "t-c\n", "other"} {
		em.Store().Put(emulator.Request{DestinationName: name, TargetArn: "x", RoleArn: "y"})
	}
	refuse = `"t-b"`
	d := newDialect(t, srv.URL)
	client, err := transport.New(transport.Config{Prepare: d.Prepare})
	if err != nil {
		t.Fatal(err)
	}
	c := d.Cleanup(context.Background(), client)
	if names := em.Names(""); strings.Join(names, ",") != "other,t-b" {
		t.Errorf("store after cleanup: got %q, want [other t-b] (others' left alone, t-b refused)", names)
	}
	if c.Deleted != 2 || len(c.Leftovers) != 1 || c.Leftovers[0].Name != "t-b" || c.Error != "" {
		t.Fatalf("Cleanup: got %+v, want 2 deleted and t-b left over", c)
	}
	want := "aws logs delete-destination --region eu-central-1 --destination-name 't-b' --endpoint-url '" + srv.URL + "'"
	if c.Leftovers[0].Command != want || !strings.Contains(c.Leftovers[0].Reason, "OperationAbortedException") && !strings.Contains(c.Leftovers[0].Reason, "still listed") {
		t.Errorf("leftover: got %+v, want the command %s and why", c.Leftovers[0], want)
	}

	// With a prefix given (not the run's own), only names the run sent go.
	em.Store().Put(emulator.Request{DestinationName: "t-someone-else", TargetArn: "x", RoleArn: "y"})
	refuse = ""
	shared := newDialect(t, srv.URL, func(o *awsdialect.Options) { o.OwnsPrefix = false })
	client2, _ := transport.New(transport.Config{Prepare: shared.Prepare})
	_, _ = shared.Do(context.Background(), transport.Request{Method: "POST", URL: srv.URL, Header: shared.Headers(nil), Body: []byte(`{"destinationName":"t-mine","targetArn":"x","roleArn":"y"}`)}, client2.Do)
	shared.Cleanup(context.Background(), client2)
	if names := em.Names("t-"); strings.Join(names, ",") != "t-b,t-someone-else" {
		t.Errorf("store after a cleanup under a shared prefix: got %q, want [t-b t-someone-else] (t-mine deleted, the others not the run's)", names)
	}
}

func TestDeleteCommandQuotes(t *testing.T) {
	d := newDialect(t, "https://logs.eu-central-1.amazonaws.com")
	tests := []struct{ name, want, reason string }{
		{"t-a", "aws logs delete-destination --region eu-central-1 --destination-name 't-a'", "AWS itself needs no --endpoint-url"},
		{"t-'q'", `aws logs delete-destination --region eu-central-1 --destination-name 't-'\''q'\'''`, "a quote"},
		{"t-\x00\n", `aws logs delete-destination --region eu-central-1 --destination-name $'t-\x00\n'`, "control characters"},
	}
	for _, tt := range tests {
		if got := d.DeleteCommand(tt.name); got != tt.want {
			t.Errorf("DeleteCommand(%q) (%s): got %s, want %s", tt.name, tt.reason, got, tt.want)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	failing := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("no EC2 role\nat all")
	})
	tests := []struct {
		o      awsdialect.Options
		want   string
		reason string
	}{
		{awsdialect.Options{Region: "Mars 1", Endpoint: "http://x", Credentials: credentials.StaticCredentialsProvider{Value: testCreds}}, "-region", "not a region"},
		{awsdialect.Options{Region: "us-east-1", Endpoint: "http://x", Credentials: failing}, "no credentials", "credentials that cannot be had"},
	}
	for _, tt := range tests {
		_, err := awsdialect.New(context.Background(), tt.o)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("New (%s): got %v, want one line naming %s", tt.reason, err, tt.want)
		}
	}
}

// rotating hands out new credentials on every retrieval, already expired,
// so that the cache in front of it asks again: a provider refreshing an
// assumed role's session mid-run, in fast motion.
type rotating struct {
	mu sync.Mutex
	n  int
}

func (r *rotating) Retrieve(context.Context) (aws.Credentials, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	return aws.Credentials{AccessKeyID: "AKIDROT", SecretAccessKey: fmt.Sprintf("rotated-secret-%d", r.n), SessionToken: fmt.Sprintf("rotated-token-%d", r.n),
		CanExpire: true, Expires: time.Now().Add(-time.Second)}, nil
}

// TestRefreshedCredentialsAreScrubbed: credentials retrieved after New
// (refreshed mid-run) are cleaned by Scrub like the first ones by Secrets.
func TestRefreshedCredentialsAreScrubbed(t *testing.T) {
	d, err := awsdialect.New(context.Background(), awsdialect.Options{Region: "eu-central-1", Endpoint: "http://x.invalid", NamePrefix: "t-", Credentials: &rotating{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Secrets(); len(got) != 2 || got[0] != "rotated-secret-1" {
		t.Fatalf("Secrets: got %q, want the first retrieval's", got)
	}
	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, "http://x.invalid/", nil)
		req.Header.Set("X-Amz-Target", awsdialect.PutDestination)
		if err := d.Prepare(req, []byte(`{"destinationName":"t-a"}`)); err != nil {
			t.Fatal(err)
		}
	}
	echoed := "echo: rotated-secret-2 rotated-token-2 rotated-secret-3 rotated-token-3"
	got := d.Scrub(echoed)
	for _, s := range []string{"rotated-secret-2", "rotated-token-2", "rotated-secret-3", "rotated-token-3"} {
		if strings.Contains(got, s) {
			t.Errorf("Scrub(%q) = %q: got the refreshed secret %q, want REDACTED", echoed, got, s)
		}
	}
	if plain := "no secret here"; d.Scrub(plain) != plain {
		t.Errorf("Scrub changed text without a secret")
	}
}

// TestCleanupVerifiesDeletions: a DeleteDestination that answers {} and
// deletes nothing is not counted as a deletion; each destination it left
// is listed with the reason, whether DescribeDestinations shows it (under
// the run's prefix) or a second delete does (a name outside the prefix, a
// name that is not a JSON string).
func TestCleanupVerifiesDeletions(t *testing.T) {
	em := emulator.NewAWS()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Header.Get("X-Amz-Target") {
		case awsdialect.DeleteDestination:
			w.Header().Set("Content-Type", awsdialect.ContentType)
			io.WriteString(w, "{}") // success, and nothing deleted
		case awsdialect.PutDestination:
			body, _ := io.ReadAll(r.Body)
			if bytes.Contains(body, []byte(`"destinationName":42`)) {
				w.Header().Set("Content-Type", awsdialect.ContentType)
				io.WriteString(w, `{"destination":{"destinationName":42}}`)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			em.ServeHTTP(w, r)
		default:
			em.ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	d := newDialect(t, srv.URL)
	client, err := transport.New(transport.Config{Prepare: d.Prepare})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"t-a"`, `"outside"`, `42`} {
		body := `{"destinationName":` + name + `,"targetArn":"x","roleArn":"y"}`
		if _, err := d.Do(context.Background(), transport.Request{Method: "POST", URL: srv.URL, Header: d.Headers(nil), Body: []byte(body)}, client.Do); err != nil {
			t.Fatal(err)
		}
	}
	c := d.Cleanup(context.Background(), client)
	if c.Deleted != 0 || len(c.Leftovers) != 3 {
		t.Fatalf("Cleanup: got %d deleted and leftovers %+v, want none deleted and 3 left", c.Deleted, c.Leftovers)
	}
	for i, want := range []struct{ name, reason string }{
		{"42", "success again"},
		{"outside", "success again"},
		{"t-a", "DescribeDestinations still lists it"},
	} {
		if l := c.Leftovers[i]; l.Name != want.name || !strings.Contains(l.Reason, want.reason) {
			t.Errorf("leftover %d: got %q because %q, want %q because of %q", i, l.Name, l.Reason, want.name, want.reason)
		}
	}
}

// TestDescribeShowsOnlyThePrefix: after a refused put of a run's name,
// DescribeDestinations may show only names that start with the prefix,
// exactly and case-sensitively, at most the limit a page: an endpoint that
// matches regardless of case, or ignores the limit, is an aws-describe
// violation; the emulator is not.
func TestDescribeShowsOnlyThePrefix(t *testing.T) {
	for _, tt := range []struct {
		name      string
		extra     func(prefix string) string // destinations added to every page, JSON
		violation bool
	}{
		{"exact", func(string) string { return "" }, false},
		{"case-insensitive", func(prefix string) string {
			return `{"destinationName":"` + strings.ToLower(prefix) + `x","targetArn":"a","roleArn":"b"}`
		}, true},
		{"past the limit", func(prefix string) string {
			d := `{"destinationName":"` + prefix + `%d","targetArn":"a","roleArn":"b"}`
			return fmt.Sprintf(d+","+d+","+d+","+d, 1, 2, 3, 4)
		}, true},
	} {
		em := emulator.NewAWS()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Amz-Target") != awsdialect.DescribeDestinations {
				em.ServeHTTP(w, r)
				return
			}
			var in struct{ DestinationNamePrefix string }
			body, _ := io.ReadAll(r.Body)
			json.Unmarshal(body, &in)
			w.Header().Set("Content-Type", awsdialect.ContentType)
			fmt.Fprintf(w, `{"destinations":[%s]}`, tt.extra(in.DestinationNamePrefix))
		}))
		d := newDialect(t, srv.URL)
		client, err := transport.New(transport.Config{Prepare: d.Prepare})
		if err != nil {
			t.Fatal(err)
		}
		send := func(ctx context.Context, req transport.Request) (transport.Response, error) {
			return d.Do(ctx, req, client.Do)
		}
		req := transport.Request{Method: "POST", URL: srv.URL, Header: d.Headers(nil), Body: []byte(`{"destinationName":"t-A","targetArn":"x"}`)}
		resp, err := send(context.Background(), req)
		if err != nil || resp.Status != 400 {
			t.Fatalf("%s: the refused put: %d, %v", tt.name, resp.Status, err)
		}
		v := d.Judge(context.Background(), campaign.DialectExchange{Expect: contract.Expectation{Outcome: contract.Reject},
			Request: req, Response: resp, Envelope: oracle.ErrorEnvelope}, send)
		found := false
		for _, x := range v.Violations {
			found = found || x.Rule == rules.AWSDescribe
		}
		if found != tt.violation || !slices.Contains(v.Checked, rules.AWSDescribe) {
			t.Errorf("%s: checked %v, got violations %v; want aws-describe checked, a violation of it: %v", tt.name, v.Checked, v.Violations, tt.violation)
		}
		srv.Close()
	}
}
