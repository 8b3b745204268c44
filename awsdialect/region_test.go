package awsdialect_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/sigv4check"
	"github.com/putdestination/conformance/transport"
)

// TestSecondRegionOnlyOffAWS: a run in process or on loopback signs for a
// second region (us-west-2, or us-east-1 when its own is us-west-2); one
// over the network only when given one, so a run against AWS itself is
// signed for its one region as before.
func TestSecondRegionOnlyOffAWS(t *testing.T) {
	creds := credentials.NewStaticCredentialsProvider("AKIDTEST", "test-secret-key-0123", "")
	tests := []struct {
		name, endpoint, region, given string
		inProcess                     bool
		want                          string
	}{
		{"in process", "http://in-process.invalid", "us-east-1", "", true, "us-west-2"},
		{"loopback", "http://127.0.0.1:4566", "us-east-1", "", false, "us-west-2"},
		{"loopback signed for us-west-2", "http://localhost:4566", "us-west-2", "", false, "us-east-1"},
		{"loopback, one given", "http://[::1]:5000", "eu-west-1", "ap-south-1", false, "ap-south-1"},
		{"AWS itself", "https://logs.eu-west-1.amazonaws.com", "eu-west-1", "", false, ""},
		{"another machine", "http://localstack:4566", "eu-west-1", "", false, ""},
		{"another machine, one given", "http://localstack:4566", "eu-west-1", "eu-north-1", false, "eu-north-1"},
		{"the run's own given", "http://127.0.0.1:4566", "eu-west-1", "eu-west-1", false, ""},
	}
	for _, tt := range tests {
		d, s, err := awsdialect.Setup(context.Background(), awsdialect.Settings{Region: tt.region, SecondRegion: tt.given, Credentials: creds, InProcess: tt.inProcess}, tt.endpoint)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		want := []string{tt.region}
		if tt.want != "" {
			want = append(want, tt.want)
		}
		if s.SecondRegion != tt.want || strings.Join(d.Regions(), ",") != strings.Join(want, ",") {
			t.Errorf("%s: second region %q, regions %q; want %q, %q", tt.name, s.SecondRegion, d.Regions(), tt.want, want)
		}
	}
	if _, err := awsdialect.New(context.Background(), awsdialect.Options{Region: "us-east-1", SecondRegion: "West 2", Endpoint: "http://x.invalid",
		Credentials: credentials.StaticCredentialsProvider{Value: testCreds}}); err == nil || !strings.Contains(err.Error(), "-second-region") {
		t.Errorf("New with -second-region \"West 2\": got %v, want an error naming -second-region", err)
	}
}

// TestRequestsOfANameShareItsRegion: the region a request is signed for
// is its name's (the second region's for a length that is a multiple of
// 4), whichever operation carries the name, so that the server verifies
// each signature for that region; a body naming no string is the run's
// region; each arn must name the region of its name; curl lines and the
// leftovers' commands sign for that region too.
func TestRequestsOfANameShareItsRegion(t *testing.T) {
	var mu sync.Mutex
	signed := map[string]string{} // body -> region whose signature verified
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		for _, region := range []string{"eu-central-1", "eu-west-3"} {
			if sigv4check.Verify(r, body, testCreds, awsdialect.Service, region) == nil {
				mu.Lock()
				signed[string(body)] = region
				mu.Unlock()
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	d := newDialect(t, srv.URL, func(o *awsdialect.Options) { o.SecondRegion = "eu-west-3" })
	c, err := transport.New(transport.Config{Prepare: d.Prepare, CurlAuth: d.CurlAuthFor})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ target, body, want string }{
		{awsdialect.PutDestination, `{"destinationName":"t-ab","targetArn":"x","roleArn":"y"}`, "eu-west-3"},               // 4 characters
		{awsdialect.PutDestination, `{"destinationName":"t-été","targetArn":"x","roleArn":"y"}`, "eu-central-1"},           // 5
		{awsdialect.PutDestination, `{"destinationName":"t-\u00e9t\u00e9abc","targetArn":"x","roleArn":"y"}`, "eu-west-3"}, // 8, escaped
		{awsdialect.DescribeDestinations, `{"DestinationNamePrefix":"t-ab","limit":3}`, "eu-west-3"},
		{awsdialect.DeleteDestination, `{"destinationName":"t-ab"}`, "eu-west-3"},
		{awsdialect.DeleteDestination, `{"destinationName":"t-abc"}`, "eu-central-1"},
		{awsdialect.PutDestination, `{"destinationName":4444,"targetArn":"x","roleArn":"y"}`, "eu-central-1"},
		{awsdialect.PutDestination, `not json`, "eu-central-1"},
	}
	for _, tt := range tests {
		req := transport.Request{Method: http.MethodPost, URL: srv.URL, Header: http.Header{"Content-Type": {awsdialect.ContentType}, "X-Amz-Target": {tt.target}}, Body: []byte(tt.body)}
		if _, err := c.Do(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		if got := signed[tt.body]; got != tt.want {
			t.Errorf("%s %s: signed for %q, want %q", tt.target, tt.body, got, tt.want)
		}
		if curl := c.Curl(req); !strings.Contains(curl, "'aws:amz:"+tt.want+":logs'") {
			t.Errorf("%s %s: curl line %s, want it signed for %s", tt.target, tt.body, curl, tt.want)
		}
	}
	if got := d.DeleteCommand("t-ab"); !strings.Contains(got, "--region eu-west-3 ") {
		t.Errorf("DeleteCommand(t-ab): got %s, want --region eu-west-3", got)
	}

	// One creationTime for every answer: a name answered twice must keep
	// its creation time, and two clock readings can fall in two
	// milliseconds.
	created := strconv.FormatInt(time.Now().UnixMilli(), 10)
	arn := func(region, name string) string {
		return `{"destinationName":"` + name + `","targetArn":"arn:t","roleArn":"arn:r","arn":"arn:aws:logs:` + region + `:123456789012:destination:` + name + `","creationTime":` + created + `}`
	}
	for _, tt := range []struct{ name, region, want string }{
		{"t-ab", "eu-west-3", ""},
		{"t-ab", "eu-central-1", "aws-arn /destination/arn"},
		{"t-abc", "eu-central-1", ""},
		{"t-abc", "eu-west-3", "aws-arn /destination/arn"},
	} {
		v := judgeOne(t, d, tt.name, arn(tt.region, tt.name))
		if got := rulesOf(v.Violations); got != tt.want {
			t.Errorf("arn of %s in %s: got [%s], want [%s]", tt.name, tt.region, got, tt.want)
		}
	}
}

// TestCleanupInEachRegion: against an endpoint that keeps each region
// apart (as the service and LocalStack do), cleanup lists and deletes the
// run's destinations in every region it signed for, and counts each once.
func TestCleanupInEachRegion(t *testing.T) {
	byRegion := map[string]*emulator.AWS{"eu-central-1": emulator.NewAWS(), "eu-west-3": emulator.NewAWS()}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		em, ok := byRegion[emulator.SigningRegion(r.Header.Get("Authorization"))]
		if !ok {
			emulator.WriteAWSError(w, http.StatusBadRequest, "UnrecognizedClientException", "no such region")
			return
		}
		em.ServeHTTP(w, r)
	}))
	defer srv.Close()
	d := newDialect(t, srv.URL, func(o *awsdialect.Options) { o.SecondRegion = "eu-west-3" })
	c, err := transport.New(transport.Config{Prepare: d.Prepare})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"t-ab", "t-abc", "t-abcdef", "t-abcdefg"} {
		body := []byte(`{"destinationName":"` + name + `","targetArn":"x","roleArn":"y"}`)
		resp, err := d.Do(context.Background(), transport.Request{Method: http.MethodPost, URL: srv.URL, Header: d.Headers(nil), Body: body}, c.Do)
		if err != nil || resp.Status != http.StatusOK {
			t.Fatalf("put %s: %d %s %v", name, resp.Status, resp.Body, err)
		}
	}
	if a, b := strings.Join(byRegion["eu-central-1"].Names(""), ","), strings.Join(byRegion["eu-west-3"].Names(""), ","); a != "t-abc,t-abcdefg" || b != "t-ab,t-abcdef" {
		t.Fatalf("stored: eu-central-1 %q, eu-west-3 %q; want t-abc,t-abcdefg and t-ab,t-abcdef (each name in its region)", a, b)
	}
	// One under the run's prefix that only a listing finds, in the
	// region that is not its name's.
	byRegion["eu-west-3"].Store().Put(emulator.Request{DestinationName: "t-xyzw", TargetArn: "x", RoleArn: "y"})
	cl := d.Cleanup(context.Background(), c)
	for region, em := range byRegion {
		if names := em.Names(""); len(names) != 0 {
			t.Errorf("%s after cleanup: %q left, want none", region, names)
		}
	}
	if cl.Deleted != 5 || len(cl.Leftovers) != 0 || cl.Error != "" {
		t.Errorf("Cleanup: got %+v, want 5 deleted, no leftover", cl)
	}
}
