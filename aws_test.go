package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/internal/sigv4check"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
)

// awsRules are the rules of the aws dialect only.
func awsRules() []rules.Rule {
	var out []rules.Rule
	for _, r := range rules.All {
		if r.Dialect == rules.AWS {
			out = append(out, r)
		}
	}
	return out
}

// TestAWSDialectAgainstTheEmulator: the harness in the aws dialect finds
// the emulator's AWS mode conformant, seed after seed, judges every aws-*
// rule, and leaves nothing behind.
func TestAWSDialectAgainstTheEmulator(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		em := emulator.NewAWS()
		res, err := conformance.Check(t.Context(), conformance.Handler(func() http.Handler { return em }),
			conformance.WithDialect("aws"), conformance.WithSeed(seed), conformance.WithBudget(40), conformance.WithoutShrinking())
		if err != nil {
			t.Fatal(err)
		}
		if res.Failed() {
			t.Errorf("seed %d: %s", seed, res.Headline())
			for _, id := range rules.IDs() {
				if text := res.Explain(id); text != "" {
					t.Error(text)
				}
			}
		}
		for _, r := range awsRules() {
			if row := res.Rule(r.ID); row.Status != "pass" || row.Cases == 0 {
				t.Errorf("seed %d: rule %s: got %s after %d checks, want pass after some", seed, r.ID, row.Status, row.Cases)
			}
		}
		if res.Dialect != "aws" || res.AWS == nil || !strings.HasPrefix(res.AWS.NamePrefix, awsdialect.PrefixStart) {
			t.Fatalf("seed %d: got dialect %q and %+v, want aws with a prefix made for the run", seed, res.Dialect, res.AWS)
		}
		c := res.AWS.Cleanup
		if left := em.Names(""); len(left) != 0 || c.Deleted == 0 || len(c.Leftovers) != 0 || c.Error != "" {
			t.Errorf("seed %d: cleanup %+v left %d destinations in the store, want all deleted", seed, c, len(left))
		}
	}
}

// TestAWSSecondRegionInEveryRun: a run in process signs the puts of a
// share of its names for the second region, whatever the seed: in every
// run the largest request's name (512 characters) and some others, each
// name for one region only; the rest for the run's own region.
func TestAWSSecondRegionInEveryRun(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		em := emulator.NewAWS()
		var mu sync.Mutex
		regions := map[string]map[string]bool{} // name -> regions its puts were signed for
		recording := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var in map[string]json.RawMessage // the member's exact name, as the emulator reads it
			var name string
			if r.Header.Get("X-Amz-Target") == awsdialect.PutDestination && json.Unmarshal(body, &in) == nil && bytes.HasPrefix(in["destinationName"], []byte(`"`)) && json.Unmarshal(in["destinationName"], &name) == nil {
				mu.Lock()
				if regions[name] == nil {
					regions[name] = map[string]bool{}
				}
				regions[name][emulator.SigningRegion(r.Header.Get("Authorization"))] = true
				mu.Unlock()
			}
			em.ServeHTTP(w, r)
		})
		res, err := conformance.Check(t.Context(), conformance.Handler(func() http.Handler { return recording }),
			conformance.WithDialect("aws"), conformance.WithSeed(seed), conformance.WithBudget(10), conformance.WithoutShrinking())
		if err != nil {
			t.Fatal(err)
		}
		if res.Failed() || res.AWS.SecondRegion != awsdialect.DefaultSecondRegion {
			t.Errorf("seed %d: %s, second region %q; want conformant, %s", seed, res.Headline(), res.AWS.SecondRegion, awsdialect.DefaultSecondRegion)
		}
		count := map[string]int{}
		longest := false
		for name, in := range regions {
			if len(in) != 1 {
				t.Errorf("seed %d: name %.40q signed for %v, want one region", seed, name, in)
			}
			for region := range in {
				count[region]++
				longest = longest || utf8.RuneCountInString(name) == 512 && region == awsdialect.DefaultSecondRegion
			}
		}
		if count["us-east-1"] == 0 || count[awsdialect.DefaultSecondRegion] < 2 || !longest {
			t.Errorf("seed %d: names by region %v, a 512-character name in %s: %v; want names in both, the largest request's among the second's",
				seed, count, awsdialect.DefaultSecondRegion, longest)
		}
	}
}

// TestEnvelopeRunSkipsTheAWSRules: a run in the envelope dialect judges
// none of the aws-* rules, and refuses them in -rules.
func TestEnvelopeRunSkipsTheAWSRules(t *testing.T) {
	res, err := conformance.Check(t.Context(), conformance.Handler(newEmulator), conformance.WithSeed(1), conformance.WithBudget(10), conformance.WithoutShrinking())
	if err != nil {
		t.Fatal(err)
	}
	if res.Dialect != "envelope" || res.AWS != nil || res.Failed() {
		t.Errorf("envelope run: got dialect %q, aws %v, verdict %s, want envelope, none, conformant", res.Dialect, res.AWS, res.Verdict)
	}
	for _, r := range awsRules() {
		if row := res.Rule(r.ID); row.Status != "skipped" || row.Cases != 0 {
			t.Errorf("envelope run: rule %s: got %s after %d checks, want skipped", r.ID, row.Status, row.Cases)
		}
	}
	_, err = conformance.Check(t.Context(), conformance.Handler(newEmulator), conformance.WithRules(rules.AWSDescribe))
	if err == nil || !strings.Contains(err.Error(), "-rules: aws-describe is a rule of -dialect aws only") {
		t.Errorf("envelope run with -rules aws-describe: got %v, want it refused", err)
	}
}

func TestAWSConfigValidate(t *testing.T) {
	tests := []struct {
		name, reason, want string
		mutate             func(c *conformance.Config)
	}{
		{"dialect", "two dialects only", `-dialect "soap": want envelope or aws`, func(c *conformance.Config) { c.Dialect = "soap" }},
		{"region without aws", "a flag that does nothing is a bug", "-region: only with -dialect aws", func(c *conformance.Config) { c.Region = "us-east-1" }},
		{"profile without aws", "a flag that does nothing is a bug", "-profile: only with -dialect aws", func(c *conformance.Config) { c.Profile = "p" }},
		{"bad region", "not a region name", `-region "US East": want a region such as us-east-1`, func(c *conformance.Config) { c.Dialect, c.Region = "aws", "US East" }},
		{"no attempts", "at least the first", "ThrottleAttempts 0", func(c *conformance.Config) { c.Dialect, c.ThrottleAttempts = "aws", 0 }},
		{"second region without aws", "a flag that does nothing is a bug", "-second-region: only with -dialect aws", func(c *conformance.Config) { c.SecondRegion = "us-west-2" }},
		{"bad second region", "not a region name", `-second-region "West": want a region such as us-west-2`, func(c *conformance.Config) { c.Dialect, c.SecondRegion = "aws", "West" }},
	}
	for _, tt := range tests {
		c := conformance.DefaultConfig()
		tt.mutate(&c)
		err := c.Validate()
		if err == nil || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Validate %s (%s): got %v, want %q", tt.name, tt.reason, err, tt.want)
		}
	}
	c := conformance.DefaultConfig()
	c.Dialect, c.Region, c.Profile, c.Rules = "aws", "eu-west-1", "ci", []rules.ID{rules.AWSArn, rules.RejectsInvalid}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate of an aws configuration: got %v, want nil", err)
	}
	fs := newFlagSet(&c)
	if err := fs.Parse([]string{"-dialect=aws", "-region=ap-south-1", "-profile=harness", "-second-region=ap-east-1"}); err != nil || c.Dialect != "aws" || c.Region != "ap-south-1" || c.Profile != "harness" || c.SecondRegion != "ap-east-1" {
		t.Errorf("Parse -dialect -region -profile -second-region: got %q %q %q %q, %v", c.Dialect, c.Region, c.Profile, c.SecondRegion, err)
	}
}

// TestAWSRunLeavesNothingBehind: a run stopped halfway, by its caller or
// its deadline, still deletes every destination it created, those whose
// put was in flight included.
func TestAWSRunLeavesNothingBehind(t *testing.T) {
	tests := []struct {
		name, reason string
		opts         func(cancel context.CancelFunc) []conformance.Option
	}{
		{"interrupted", "the caller's context ends after a third of the cases", func(cancel context.CancelFunc) []conformance.Option {
			return []conformance.Option{conformance.WithProgress(func(p conformance.Progress) {
				if p.Done >= p.Total/3 {
					cancel()
				}
			})}
		}},
		{"deadline", "the run's deadline passes mid-campaign", func(context.CancelFunc) []conformance.Option {
			return []conformance.Option{conformance.WithDeadline(300 * time.Millisecond)}
		}},
	}
	for _, tt := range tests {
		em := emulator.NewAWS()
		slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(time.Millisecond) // puts in flight when the run stops
			em.ServeHTTP(w, r)
		})
		ctx, cancel := context.WithCancel(t.Context())
		opts := append([]conformance.Option{conformance.WithDialect("aws"), conformance.WithSeed(7), conformance.WithoutShrinking()}, tt.opts(cancel)...)
		res, _ := conformance.Check(ctx, conformance.Handler(func() http.Handler { return slow }), opts...)
		cancel()
		if res == nil || !res.Interrupted || res.AWS == nil {
			t.Fatalf("%s (%s): got %+v, want an interrupted result", tt.name, tt.reason, res)
		}
		if left := em.Names(res.AWS.NamePrefix); len(left) != 0 {
			t.Errorf("%s (%s): %d destinations of the run left in the store (%q…), want none; cleanup %+v", tt.name, tt.reason, len(left), left[0], res.AWS.Cleanup)
		}
		if c := res.AWS.Cleanup; c.Deleted == 0 || len(c.Leftovers) != 0 {
			t.Errorf("%s: cleanup %+v, want destinations deleted and no leftover", tt.name, c)
		}
	}
}

// throttled wraps the emulator's AWS mode: every throttleEvery-th request
// is answered with throttling (a ThrottlingException, then a 429 with no
// type, in turn), as a shared account under load answers; a put whose
// body holds always is throttled every time.
type throttled struct {
	em      http.Handler
	n       atomic.Int64
	every   int64
	always  string
	mu      sync.Mutex
	answers int
	// once are the bodies throttled by every: each at most once, so that
	// a retry never meets a second one however the workers interleave
	// (with a shared count, four workers could throttle one request on
	// every attempt and run it out of retries).
	once map[string]bool
}

func (th *throttled) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	n := th.n.Add(1)
	th.mu.Lock()
	again := th.once[string(body)]
	th.mu.Unlock()
	switch {
	case th.always != "" && bytes.Contains(body, []byte(th.always)):
	case n%th.every == 0 && !again:
		th.mu.Lock()
		if th.once == nil {
			th.once = map[string]bool{}
		}
		th.once[string(body)] = true
		th.mu.Unlock()
	default:
		th.em.ServeHTTP(w, r)
		return
	}
	th.mu.Lock()
	th.answers++
	th.mu.Unlock()
	if n%2 == 0 {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	emulator.WriteAWSError(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
}

// TestAWSThrottlingIsRetried: throttling answers are retried with backoff
// and counted, not reported; only one that outlasts the retries is
// judged, as it came.
func TestAWSThrottlingIsRetried(t *testing.T) {
	th := &throttled{em: emulator.NewAWS(), every: 5}
	res, err := conformance.Check(t.Context(), conformance.Handler(func() http.Handler { return th }), conformance.WithDialect("aws"),
		conformance.WithSeed(3), conformance.WithBudget(20), conformance.WithoutShrinking(), conformance.WithThrottleRetry(4, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() || res.AWS.Throttled == 0 || res.AWS.ThrottledOut != 0 {
		t.Errorf("throttled one request in 5: got %s with %d retried, %d out of retries; want conformant, every throttling retried", res.Headline(), res.AWS.Throttled, res.AWS.ThrottledOut)
		for _, id := range rules.IDs() {
			if text := res.Explain(id); text != "" {
				t.Log(text)
			}
		}
	}
	if int(res.AWS.Throttled) > th.answers {
		t.Errorf("throttling: %d retries counted for %d throttling answers", res.AWS.Throttled, th.answers)
	}

	// Updates throttled without end: the retries run out, and the last
	// answer is judged.
	always := &throttled{em: emulator.NewAWS(), every: 1 << 40, always: "-updated"}
	res, err = conformance.Check(t.Context(), conformance.Handler(func() http.Handler { return always }), conformance.WithDialect("aws"),
		conformance.WithSeed(3), conformance.WithBudget(10), conformance.WithoutShrinking(), conformance.WithThrottleRetry(3, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	fs := res.FindingsFor(rules.AcceptsValid)
	if !res.Failed() || res.AWS.ThrottledOut == 0 || len(fs) == 0 || !strings.Contains(string(fs[0].Response.Body)+fs[0].Summary, "429") && !strings.Contains(string(fs[0].Response.Body), "ThrottlingException") {
		t.Errorf("updates always throttled: got %s, %d out of retries, findings %v; want accepts-valid findings showing the throttling answer", res.Headline(), res.AWS.ThrottledOut, fs)
	}
	if res.AWS.Throttled < 2*res.AWS.ThrottledOut {
		t.Errorf("updates always throttled: %d retried for %d out of retries, want 2 retries (3 attempts) each", res.AWS.Throttled, res.AWS.ThrottledOut)
	}
}

// leaky is the emulator's AWS mode made non-conformant and indiscreet: it
// echoes what it was sent (the Authorization header, the session token)
// into its answers, and even the secret key, as a careless debug page
// would; its successes are text/html.
type leaky struct {
	em     http.Handler
	secret string
	mu     sync.Mutex
	auths  []string
}

func (l *leaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth, token := r.Header.Get("Authorization"), r.Header.Get("X-Amz-Security-Token")
	l.mu.Lock()
	l.auths = append(l.auths, auth)
	l.mu.Unlock()
	rec := httptest.NewRecorder()
	l.em.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("X-Debug-Auth", auth)
	w.Header().Set("X-Debug-Token", token)
	w.Header().Del("Content-Length")
	if rec.Code == http.StatusOK {
		w.Header().Set("Content-Type", "text/html")
	}
	w.WriteHeader(rec.Code)
	body := rec.Body.Bytes()
	if len(body) > 1 && body[0] == '{' {
		extra := `{"debug":"auth ` + auth + ` token ` + token + ` key ` + l.secret + `",`
		body = append([]byte(extra), body[1:]...)
	}
	_, _ = w.Write(body)
}

// TestAWSSecretsNeverWritten: the secret key, the session token and the
// Authorization header the endpoint saw appear in no report file
// (conformance.json, junit.xml), no console text and no curl line, though
// the endpoint echoes them all back.
func TestAWSSecretsNeverWritten(t *testing.T) {
	const secretKey, token = "SECRETKEY-aws-test-0001-abcdef", "SESSIONTOKEN-aws-test-0002-ghijkl"
	creds := credentials.NewStaticCredentialsProvider("AKIDREDACTIONTEST", secretKey, token)
	l := &leaky{em: emulator.NewAWS(), secret: secretKey}
	dir := t.TempDir()
	// Over loopback, so that findings have curl lines (no URL reaches a
	// handler in process).
	srv := httptest.NewServer(l)
	defer srv.Close()
	res, err := conformance.Check(t.Context(), conformance.URL(srv.URL), conformance.WithDialect("aws"), conformance.WithRegion("us-east-1"),
		conformance.WithCredentials(creds), conformance.WithSeed(5), conformance.WithBudget(15), conformance.WithReportDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.WriteJUnit(dir, res); err != nil {
		t.Fatal(err)
	}
	if !res.Failed() || len(res.FindingsFor(rules.AWSContentType)) == 0 {
		t.Fatalf("leaky endpoint: got %s, want aws-content-type findings (the fixture must produce reports)", res.Headline())
	}
	var console strings.Builder
	console.WriteString(res.Headline())
	for _, id := range rules.IDs() {
		console.WriteString(res.Explain(id))
	}
	secrets := map[string]string{"secret key": secretKey, "session token": token}
	l.mu.Lock()
	signed := len(l.auths) > 0 && strings.Contains(l.auths[0], "Signature=")
	l.mu.Unlock()
	if !signed {
		t.Fatal("the endpoint saw no signed request")
	}
	// Any Authorization value, or signature, of any request.
	authorization := regexp.MustCompile(`Signature=[0-9a-f]{64}|Credential=AKIDREDACTIONTEST/`)
	check := func(where, text string) {
		for what, s := range secrets {
			if strings.Contains(text, s) {
				i := strings.Index(text, s)
				t.Errorf("%s: got the %s (…%s…), want it redacted", where, what, text[max(0, i-60):min(len(text), i+len(s)+20)])
			}
		}
		if loc := authorization.FindStringIndex(text); loc != nil {
			t.Errorf("%s: got an Authorization value (…%s…), want it redacted", where, text[max(0, loc[0]-60):min(len(text), loc[1]+20)])
		}
	}
	check("console text", console.String())
	for _, f := range res.Findings {
		check("curl line of "+string(f.Rule), f.Curl)
		if !strings.Contains(f.Curl, "--aws-sigv4 'aws:amz:us-east-1:logs'") {
			t.Errorf("curl line of %s: got %s, want it signed by curl from the environment", f.Rule, f.Curl)
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		check("report file "+filepath.Base(path), string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "junit.xml")); err != nil {
		t.Errorf("junit.xml: %v", err)
	}
}

// TestAWSConfigurationChain: against a URL, credentials and region come
// from the standard AWS configuration (here a shared config file and a
// profile), every request is signed right for what the server received,
// and a prefix is made for the run unless given (the network's request
// cap is not for an endpoint on loopback: TestNetworkDefaultsOnlyOverTheNetwork).
func TestAWSConfigurationChain(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	must(t, os.WriteFile(config, []byte("[profile harness]\nregion = eu-north-1\n"), 0o600))
	must(t, os.WriteFile(creds, []byte("[harness]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret-key-0003\n"), 0o600))
	t.Setenv("AWS_CONFIG_FILE", config)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true") // never the network's metadata service
	for _, v := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	em := emulator.NewAWS()
	var mu sync.Mutex
	var bad []string
	signed := map[string]int{} // by region whose signature verified
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		profile := aws.Credentials{AccessKeyID: "AKIDPROFILE", SecretAccessKey: "profile-secret-key-0003"}
		err := sigv4check.Verify(r, body, profile, "logs", "eu-north-1")
		region := "eu-north-1"
		if err != nil && sigv4check.Verify(r, body, profile, "logs", awsdialect.DefaultSecondRegion) == nil {
			err, region = nil, awsdialect.DefaultSecondRegion
		}
		mu.Lock()
		signed[region]++
		if err != nil && r.Method == http.MethodPost {
			bad = append(bad, err.Error())
		}
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		em.ServeHTTP(w, r)
	}))
	defer srv.Close()
	res, err := conformance.Check(t.Context(), conformance.URL(srv.URL), conformance.WithDialect("aws"), conformance.WithProfile("harness"),
		conformance.WithSeed(2), conformance.WithBudget(5), conformance.WithRate(500), conformance.WithoutShrinking())
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() {
		t.Errorf("emulator over TCP with a profile: %s", res.Headline())
	}
	a := res.AWS
	if a.Region != "eu-north-1" || a.SecondRegion != awsdialect.DefaultSecondRegion || a.MaxRequests != 0 || a.Rate != 500 || !strings.HasPrefix(a.NamePrefix, awsdialect.PrefixStart) {
		t.Errorf("aws settings: got %+v, want the profile's region, the default second region (loopback is not AWS itself), no cap (the network's default is not for loopback), the rate given (500), a prefix made for the run", a)
	}
	for _, want := range []string{`conformance.WithDialect("aws")`, `conformance.WithRegion("eu-north-1")`, `conformance.WithProfile("harness")`, `conformance.WithNamePrefix("` + a.NamePrefix + `")`} {
		if !strings.Contains(res.Reproduce, want) {
			t.Errorf("reproduce: got %s, want %s: the dialect, the region, the profile and the run's prefix", res.Reproduce, want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if signed["eu-north-1"] == 0 || signed[awsdialect.DefaultSecondRegion] == 0 {
		t.Errorf("requests signed by region: got %v, want some for the profile's region and some for the second region", signed)
	}
	for _, b := range bad[:min(len(bad), 3)] {
		t.Errorf("a request's signature: %s", b)
	}
	if left := em.Names(""); len(left) != 0 {
		t.Errorf("store after the run: %d destinations left, want none", len(left))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestAWSLeftoversListed: destinations the endpoint will not delete are
// listed in the result, each with the command that deletes it, and the
// headline says so.
func TestAWSLeftoversListed(t *testing.T) {
	em := emulator.NewAWS()
	refusing := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") == "Logs_20140328.DeleteDestination" {
			emulator.WriteAWSError(w, http.StatusBadRequest, "OperationAbortedException", "a conflicting operation is in progress")
			return
		}
		em.ServeHTTP(w, r)
	})
	res, err := conformance.Check(t.Context(), conformance.Handler(func() http.Handler { return refusing }), conformance.WithDialect("aws"),
		conformance.WithSeed(4), conformance.WithBudget(5), conformance.WithoutShrinking())
	if err != nil {
		t.Fatal(err)
	}
	left := em.Names(res.AWS.NamePrefix)
	c := res.AWS.Cleanup
	if len(left) == 0 || len(c.Leftovers) != len(left) || c.Deleted != 0 {
		t.Fatalf("cleanup refused: got %+v for %d destinations in the store, want each listed", c, len(left))
	}
	for i, l := range c.Leftovers {
		// The region of a name of a length that is a multiple of 4 is the
		// run's second one (awsdialect.RegionOf).
		region := "us-east-1"
		if utf8.RuneCountInString(l.Name)%4 == 0 {
			region = awsdialect.DefaultSecondRegion
		}
		if l.Name != left[i] || !strings.HasPrefix(l.Command, "aws logs delete-destination --region "+region+" --destination-name ") || !strings.Contains(l.Reason, "OperationAbortedException") {
			t.Errorf("leftover %d: got %.80q, command %.120q, reason %q; want %.80q with its command and why", i, l.Name, l.Command, l.Reason, left[i])
		}
	}
	if h := res.Headline(); !strings.Contains(h, fmt.Sprintf("%d destinations left behind", len(left))) {
		t.Errorf("headline: got %s, want it to say what was left behind", h)
	}
}

// imdsV1Only is an EC2 instance metadata service that refuses IMDSv2's
// token (405), as an old one does, and hands out a role's credentials: the
// AWS SDK then warns that it falls back to IMDSv1.
func imdsV1Only() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/latest/api/token":
			w.WriteHeader(http.StatusMethodNotAllowed)
		case r.URL.Path == "/latest/meta-data/iam/security-credentials/":
			io.WriteString(w, "harness-role")
		case r.URL.Path == "/latest/meta-data/iam/security-credentials/harness-role":
			fmt.Fprintf(w, `{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"AKIDIMDS","SecretAccessKey":"imds-secret-key-0004","Token":"imds-token","Expiration":%q}`,
				time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		default:
			http.NotFound(w, r)
		}
	})
}

// TestAWSSDKWarningsGoToTheResult: what the AWS SDK logs during a run (its
// warning that it falls back to IMDSv1, from the credentials chain) is
// counted in the result, the first kept, and not written to stderr among
// the harness's output, where the SDK writes by default.
func TestAWSSDKWarningsGoToTheResult(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		must(t, os.WriteFile(filepath.Join(dir, f), nil, 0o600))
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	imds := httptest.NewServer(imdsV1Only())
	defer imds.Close()
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	for _, v := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_PROFILE",
		"AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	srv := httptest.NewServer(emulator.NewAWS())
	defer srv.Close()

	stderr, err := os.CreateTemp(t.TempDir(), "stderr")
	must(t, err)
	saved := os.Stderr
	os.Stderr = stderr
	res, err := conformance.Check(t.Context(), conformance.URL(srv.URL), conformance.WithDialect("aws"),
		conformance.WithSeed(5), conformance.WithBudget(2), conformance.WithRate(1000), conformance.WithoutShrinking())
	os.Stderr = saved
	if err != nil {
		t.Fatal(err)
	}
	if l := res.LibraryLog; l == nil || !strings.Contains(l.First, "falling back to IMDSv1") {
		t.Errorf("library_log: got %+v, want the SDK's warning that it falls back to IMDSv1", l)
	}
	if written, _ := os.ReadFile(stderr.Name()); len(written) > 0 {
		t.Errorf("stderr: got %q, want nothing: the SDK's messages go to the result", written)
	}
	if res.Failed() {
		t.Errorf("the emulator signed for by IMDS credentials: %s", res.Headline())
	}
}

// TestAWSCleanupOfWhatAnAcceptingEndpointCreated: against an endpoint that
// stores every put, invalid ones included (names that are not strings
// stored under their JSON value, as moto does), a default run deletes
// everything an answer said was created: afterwards each of those names,
// sent again as the same JSON value, is not found; and the report counts
// them deleted with no leftover.
func TestAWSCleanupOfWhatAnAcceptingEndpointCreated(t *testing.T) {
	var accepting http.Handler
	for _, m := range mutants.AWS() {
		if m.Name == "aws-accepts-everything" {
			accepting = m.New()
		}
	}
	if accepting == nil {
		t.Fatal("no mutant aws-accepts-everything")
	}
	var mu sync.Mutex
	created := map[string]bool{} // destinationName values answered with a destination, as JSON text
	recording := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		accepting.ServeHTTP(rec, r)
		if r.Header.Get("X-Amz-Target") == awsdialect.PutDestination && rec.Code == http.StatusOK {
			var answer struct {
				Destination struct {
					DestinationName json.RawMessage `json:"destinationName"`
				} `json:"destination"`
			}
			if json.Unmarshal(rec.Body.Bytes(), &answer) == nil {
				name := answer.Destination.DestinationName
				var s string
				if json.Unmarshal(name, &s) == nil {
					name, _ = json.Marshal(s) // one spelling per name
				}
				mu.Lock()
				created[string(name)] = true
				mu.Unlock()
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
	res, err := conformance.Check(t.Context(), conformance.Handler(func() http.Handler { return recording }), conformance.WithDialect("aws"),
		conformance.WithSeed(5), conformance.WithoutShrinking())
	if err != nil {
		t.Fatal(err)
	}
	notString := 0
	for name := range created {
		if !strings.HasPrefix(name, `"`) {
			notString++
		}
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"destinationName":`+name+`}`))
		req.Header.Set("X-Amz-Target", awsdialect.DeleteDestination)
		rec := httptest.NewRecorder()
		accepting.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "ResourceNotFoundException") {
			t.Errorf("destinationName %.80s: still there after the run (DeleteDestination answered %d %.80s)", name, rec.Code, rec.Body)
		}
	}
	c := res.AWS.Cleanup
	if notString == 0 || c.Deleted < len(created) || len(c.Leftovers) != 0 {
		t.Errorf("cleanup %+v after %d destinations created (%d named by a value that is not a string), want each deleted and no leftover", c, len(created), notString)
	}
}
