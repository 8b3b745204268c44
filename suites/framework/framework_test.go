package framework_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/suites/framework"
)

// secret is the credential passed with -header; it must reach the endpoint
// and nothing else.
const (
	secret       = "s3cr3t-TOKEN-123"
	secretHeader = "Authorization: Bearer " + secret
)

// moduleRoot is the directory of go.mod, found once before any test can
// change the working directory.
var moduleRoot string

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			moduleRoot = d
			break
		}
		if filepath.Dir(d) == d {
			fmt.Fprintln(os.Stderr, "framework_test: no go.mod above", wd)
			os.Exit(2)
		}
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// suiteBinary builds the conformance suite's test binary once per run of
// this package and returns its path. Skipped with -short.
func suiteBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds and runs the suite binary")
	}
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "suites-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "suites.test")
		cmd := exec.Command("go", "test", "-c", "-o", binPath, "./suites")
		cmd.Dir = moduleRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go test -c ./suites: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// run is one run of the suite binary.
type run struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

func (r run) output() string { return r.stdout + r.stderr }

// stderrLines is stderr cut into lines, the last newline dropped.
func (r run) stderrLines() []string { return strings.Split(strings.TrimRight(r.stderr, "\n"), "\n") }

// suiteHangGuard is how long a test waits for the suite binary (or for it
// to reach a point the test waits for) before it calls it hung and kills
// it: two minutes, far above what a run takes even on a loaded machine
// running these tests in parallel, so it catches a hang and is no speed
// target. It is shorter than the default -deadline (5 minutes): a run that
// ignored how it was meant to be cut short trips it.
const suiteHangGuard = 2 * time.Minute

// startSuite starts the suite binary in dir (empty: the suites directory,
// as go test would), with its temporary directory set to tmp (when not
// empty). It is killed when the test ends, if it still runs.
func startSuite(t *testing.T, dir, tmp string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	bin := suiteBinary(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	if dir == "" {
		cmd.Dir = filepath.Join(moduleRoot, "suites")
	}
	cmd.WaitDelay = 5 * time.Second
	// CI= : no progress lines on stderr (the tests count stderr's lines);
	// the progress display has tests of its own (package reports).
	cmd.Env = append(os.Environ(), "CI=")
	if tmp != "" {
		cmd.Env = append(cmd.Env, "TMPDIR="+tmp)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start suite: %v", err)
	}
	return cmd, &stdout, &stderr
}

// wait waits for the suite binary to exit, at most suiteHangGuard (a hang
// guard: past it the binary is killed and the test fails).
func wait(t *testing.T, cmd *exec.Cmd, start time.Time, stdout, stderr *bytes.Buffer) run {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(suiteHangGuard):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("suite still running after %v (a hang guard, not a speed target): killed it\n%s%s", suiteHangGuard, stdout, stderr)
	}
	r := run{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("suite run: %v\n%s", err, r.output())
	}
	t.Logf("suite exit %d after %v", r.code, r.took.Round(time.Millisecond))
	return r
}

// runSuite runs the suite binary from the suites directory.
func runSuite(t *testing.T, tmp string, args ...string) run {
	t.Helper()
	return runSuiteIn(t, "", tmp, args...)
}

func runSuiteIn(t *testing.T, dir, tmp string, args ...string) run {
	t.Helper()
	suiteBinary(t) // built before the clock starts
	start := time.Now()
	cmd, stdout, stderr := startSuite(t, dir, tmp, args...)
	return wait(t, cmd, start, stdout, stderr)
}

// quietServer starts an httptest server with its error log discarded.
func quietServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(srv.CloseClientConnections)
	return srv
}

// authCount counts requests with and without the expected Authorization.
type authCount struct{ with, without atomic.Int64 }

// acceptsEverything answers every request with a success envelope: every
// invalid case is a rejects-invalid finding, with its curl line. Identity
// holds (the id is a hash of the name), so the findings are all of one
// kind. With echo it also sends the Authorization it received back, in a
// header and first thing in the body, as some servers do in error pages.
func acceptsEverything(auth *authCount, echo bool) http.Handler {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got := r.Header.Get("Authorization")
		if got == "Bearer "+secret {
			auth.with.Add(1)
		} else {
			auth.without.Add(1)
		}
		var m struct {
			Name any `json:"destinationName"`
		}
		_ = json.Unmarshal(body, &m)
		sum := sha256.Sum256([]byte(fmt.Sprint(m.Name)))
		id := hex.EncodeToString(sum[:8])
		if !echo {
			emulator.WriteSuccess(w, id, created)
			return
		}
		w.Header().Set("X-Echo", got)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"you_sent":%q,"success":true,"data":{"id":%q,"created_at":%q}}`, got, id, created.Format(time.RFC3339))
	})
}

// filesUnder reads every regular file under dir.
func filesUnder(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// noSecretIn fails for every file under dir that holds the secret.
func noSecretIn(t *testing.T, what, dir string) map[string][]byte {
	t.Helper()
	files := filesUnder(t, dir)
	for path, b := range files {
		if bytes.Contains(b, []byte(secret)) {
			i := bytes.Index(b, []byte(secret))
			t.Errorf("%s %s: got the secret header value (…%s…), want it redacted", what, path, b[max(0, i-80):min(len(b), i+40)])
		}
	}
	return files
}

type jsonReport struct {
	Format      string `json:"format"`
	Verdict     string `json:"verdict"`
	Seed        string `json:"seed"`
	Interrupted bool   `json:"interrupted"`
	Error       string `json:"error"`
	Requests    int64  `json:"requests"`
	Reproduce   string `json:"reproduce"`
	Replay      string `json:"replay"`
	Findings    []struct {
		Rule    string `json:"rule"`
		Summary string `json:"summary"`
		Error   string `json:"error"`
		Curl    string `json:"curl"`
		Request struct {
			Headers http.Header `json:"headers"`
		} `json:"request"`
	} `json:"findings"`
}

func readReport(t *testing.T, dir string) jsonReport {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatalf("conformance.json: got %v, want a report", err)
	}
	var r jsonReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("conformance.json: got %v parsing it, want JSON", err)
	}
	if r.Format != result.Format {
		t.Errorf("conformance.json format: got %q, want %q", r.Format, result.Format)
	}
	if err := result.Validate(data); err != nil {
		t.Errorf("conformance.json: %v", err)
	}
	return r
}

// noReports fails when dir holds a report: nothing ran.
func noReports(t *testing.T, what, dir string) {
	t.Helper()
	for _, name := range []string{reports.JSONFile, reports.JUnitFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: got %s (%v), want no report: nothing ran", what, name, err)
		}
	}
}

// checkRedacted asserts the report has findings whose request headers and
// curl lines carry the header, redacted: redaction, not absence.
func checkRedacted(t *testing.T, rep jsonReport, files map[string][]byte, dir string) {
	t.Helper()
	if rep.Verdict != "non-conformant" || len(rep.Findings) == 0 {
		t.Fatalf("report: got verdict %s with %d findings, want non-conformant with findings", rep.Verdict, len(rep.Findings))
	}
	for i, f := range rep.Findings {
		// The request as sent, the -header one included, redacted (README,
		// Reports).
		if vs := f.Request.Headers["Authorization"]; len(vs) != 1 || vs[0] != "REDACTED" {
			t.Errorf("findings[%d] request Authorization: got %q, want [REDACTED]", i, vs)
		}
		if !strings.Contains(f.Curl, "Authorization: REDACTED") {
			t.Errorf("findings[%d] curl: got %q, want it to carry 'Authorization: REDACTED'", i, f.Curl)
		}
	}
	if !bytes.Contains(files[filepath.Join(dir, reports.JSONFile)], []byte("REDACTED")) {
		t.Errorf("conformance.json: got no REDACTED, want the header present and redacted")
	}
}

// TestSecretHeaderNeverReported runs the campaign with an Authorization
// header, in process and through the real suite binary, against endpoints
// that break the contract (so the report has findings, request headers and
// curl lines), and checks the secret reached the endpoint and nothing the
// harness wrote or printed.
func TestSecretHeaderNeverReported(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		reason string
		echo   bool
	}{
		{"accepts everything", "findings carry the request headers and curl lines", false},
		{"echoes the credential", "the endpoint sends the credential back in a header and the body, which the report quotes", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var auth authCount
			srv := quietServer(t, acceptsEverything(&auth, tt.echo))

			t.Run("in process", func(t *testing.T) {
				fw := framework.New()
				fw.Endpoint = srv.URL
				if err := fw.Config.Headers.Set(secretHeader); err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				fw.Config.ReportDir = dir
				fw.Config.Budget = 5
				fw.Config.Seed = 11
				fw.Config.ShrinkTime = time.Second
				if err := fw.RunCampaign(""); err != nil {
					t.Fatalf("RunCampaign: got %v, want nil (findings are not a harness error)", err)
				}
				if fw.ReportDir != dir {
					t.Errorf("ReportDir: got %s, want %s", fw.ReportDir, dir)
				}
				// What the suite prints: the headline and each rule's failures.
				console := fw.Headline()
				for _, id := range rules.IDs() {
					console += fw.Failures(id)
				}
				if strings.Contains(console, secret) {
					t.Errorf("console lines (%s): got the secret in\n%s\nwant it redacted", tt.reason, console)
				}
				if !strings.Contains(console, "Authorization: REDACTED") {
					t.Errorf("console lines: got no 'Authorization: REDACTED' curl line, want one")
				}
				files := noSecretIn(t, "report file ("+tt.reason+")", dir)
				checkRedacted(t, readReport(t, dir), files, dir)
				if j := files[filepath.Join(dir, reports.JUnitFile)]; !bytes.Contains(j, []byte("Authorization: REDACTED")) {
					t.Errorf("junit.xml: got no 'Authorization: REDACTED' curl line, want the failures in it")
				}
			})

			t.Run("suite binary", func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "report")
				tmp := t.TempDir()
				r := runSuite(t, tmp, "-test.timeout=60s",
					"-endpoint="+srv.URL, "-budget=5", "-seed=11", "-shrink-time=1s", "-report-dir="+dir,
					"-header", secretHeader)
				if r.code != 1 {
					t.Errorf("exit status: got %d, want 1 (the endpoint breaks rejects-invalid)", r.code)
				}
				if strings.Contains(r.output(), secret) {
					t.Errorf("suite output (%s): got the secret, want it redacted:\n%s", tt.reason, r.output())
				}
				if !strings.Contains(r.stdout, "Authorization: REDACTED") {
					t.Errorf("suite stdout: got no 'Authorization: REDACTED' curl line, want the failures printed:\n%s", r.stdout)
				}
				files := noSecretIn(t, "report file ("+tt.reason+")", dir)
				for _, name := range []string{reports.JSONFile, reports.JUnitFile, reports.HTMLFile, reports.MarkdownFile, "findings/index.txt"} {
					if _, ok := files[filepath.Join(dir, name)]; !ok {
						t.Errorf("report dir: got no %s, want one (files %v)", name, keys(files))
					}
				}
				for path := range files {
					rel, _ := filepath.Rel(dir, path)
					if !strings.HasPrefix(rel, "findings/") && !slices.Contains([]string{reports.JSONFile, reports.JUnitFile, reports.HTMLFile, reports.MarkdownFile}, rel) {
						t.Errorf("report dir: got %s, want only the reports and findings/", rel)
					}
				}
				validReport(t, dir)
				checkRedacted(t, readReport(t, dir), files, dir)
				if j := files[filepath.Join(dir, reports.JUnitFile)]; !bytes.Contains(j, []byte("Authorization: REDACTED")) {
					t.Errorf("junit.xml: got no 'Authorization: REDACTED' curl line, want the failures in it")
				}
				// Nothing left behind in the temporary directory either.
				noSecretIn(t, "temporary file", tmp)
			})

			if got := auth.with.Load(); got == 0 {
				t.Errorf("requests with the Authorization header: got 0, want all of them")
			}
			if got := auth.without.Load(); got != 0 {
				t.Errorf("requests without the Authorization header: got %d, want 0", got)
			}
		})
	}
}

// validReport holds dir/conformance.json to the report schema.
func validReport(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := result.Validate(data); err != nil {
		t.Errorf("%s: %v", filepath.Join(dir, reports.JSONFile), err)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, filepath.Base(k))
	}
	return out
}

// slowEmulator answers by the contract, after a delay.
func slowEmulator(delay time.Duration, hits *atomic.Int64) http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		em.ServeHTTP(w, r)
	})
}

// TestSuiteConsole: the suite prints our console first (the headline with
// where each report is, one block per failing rule), then one line per
// rule's spec in table order; one seed (Ginkgo's banner and its own
// Random Seed line are not printed), no line over MaxLine, and no
// colour when stdout is not a terminal.
func TestSuiteConsole(t *testing.T) {
	t.Parallel()
	var auth authCount
	srv := quietServer(t, acceptsEverything(&auth, false))
	dir := filepath.Join(t.TempDir(), "report")
	r := runSuite(t, "", "-test.timeout=60s", "-endpoint="+srv.URL, "-budget=20", "-seed=777", "-report-dir="+dir)
	if r.code != 1 {
		t.Fatalf("exit status: got %d, want 1:\n%s", r.code, r.output())
	}
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[0], "conformance: non-conformant: ") {
		t.Errorf("first line: got %q, want the headline", lines[0])
	}
	if strings.Contains(r.output(), "Random Seed") || strings.Contains(r.output(), "Running Suite") {
		t.Errorf("output: got Ginkgo's banner or its Random Seed line, want one seed, ours:\n%s", r.stdout)
	}
	// A seed is the word "seed" and a number: Ginkgo's own would be one
	// more. The count is not of "777" alone, which a port can contain.
	seeds := regexp.MustCompile(`(?i)\bseed\W{0,3}\d+`).FindAllString(r.stdout, -1)
	if len(seeds) != 2 || !strings.HasSuffix(seeds[0], "777") || !strings.HasSuffix(seeds[1], "777") {
		t.Errorf("the seeds printed: got %q, want 777 twice (headline and reproduce line):\n%s", seeds, r.stdout)
	}
	for _, name := range []string{reports.HTMLFile, reports.JSONFile, reports.JUnitFile, reports.MarkdownFile} {
		if !strings.Contains(r.stdout, filepath.Join(dir, name)) {
			t.Errorf("stdout: no path of %s", name)
		}
	}
	if strings.Count(r.stdout, "FAIL rejects-invalid: ") != 1 || !strings.Contains(r.stdout, "go run ./cmd/conformance replay "+filepath.Join(dir, reports.JSONFile)+" rejects-invalid-1") {
		t.Errorf("stdout: want one block for rejects-invalid, with its replay command:\n%s", r.stdout)
	}
	var specs []string
	for _, l := range lines {
		if len(l) > result.MaxLine {
			t.Errorf("stdout: a line of %d bytes", len(l))
		}
		if strings.HasPrefix(l, "  [") {
			specs = append(specs, l)
		}
	}
	if len(specs) != len(rules.All) {
		t.Fatalf("spec lines: got %d, want one per rule (%d):\n%s", len(specs), len(rules.All), r.stdout)
	}
	for i, rule := range rules.All {
		if !strings.HasPrefix(specs[i], "  "+reports.TestName(rule)) {
			t.Errorf("spec line %d: got %q, want %q first (table order, the JUnit name)", i, specs[i], reports.TestName(rule))
		}
	}
	if strings.Contains(r.output(), "\x1b[") {
		t.Errorf("output: got ANSI colours, want none (not a terminal)")
	}
	readReport(t, dir)
}

// TestInterruptedRunWritesReport checks each way a run is cut short
// (-deadline, go test's -timeout, SIGINT) ends it with a report marked
// interrupted, a junit.xml, and exit status 1, never a panic. The
// -deadline and SIGINT runs have no -test.timeout: were either ignored, the
// run would last the default -deadline (5 minutes) and trip
// suiteHangGuard; an ignored -test.timeout panics the binary.
func TestInterruptedRunWritesReport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		reason string
		args   []string
		signal bool
	}{
		{"deadline", "-deadline ends the campaign", []string{"-deadline=2s"}, false},
		{"go test timeout", "go test's -timeout would panic the binary; the campaign ends before it", []string{"-test.timeout=8s"}, false},
		{"SIGINT", "Ctrl-C stops the campaign cleanly", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hits, arrived atomic.Int64
			fourth := make(chan struct{}) // closed as the 4th request arrives: the campaign is under way
			slow := slowEmulator(200*time.Millisecond, &hits)
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if arrived.Add(1) == 4 {
					close(fourth)
				}
				slow.ServeHTTP(w, r)
			}))
			dir := t.TempDir()
			args := append([]string{"-endpoint=" + srv.URL, "-budget=100000", "-report-dir=" + dir}, tt.args...)
			suiteBinary(t) // built before the clock starts
			start := time.Now()
			cmd, stdout, stderr := startSuite(t, "", "", args...)
			if tt.signal {
				select {
				case <-fourth:
				case <-time.After(suiteHangGuard):
					t.Fatalf("SIGINT: the suite had not sent 4 requests after %v (a hang guard, not a speed target)", suiteHangGuard)
				}
				if err := cmd.Process.Signal(os.Interrupt); err != nil {
					t.Fatalf("SIGINT: %v", err)
				}
			}
			r := wait(t, cmd, start, stdout, stderr)
			if r.code != 1 {
				t.Errorf("exit status (%s): got %d, want 1 (a run that started and was cut short)", tt.reason, r.code)
			}
			for _, bad := range []string{"panic:", "goroutine ", "test timed out"} {
				if strings.Contains(r.output(), bad) {
					t.Errorf("output (%s): got %q in it, want a clean stop:\n%s", tt.reason, bad, r.output())
				}
			}
			if lines := r.stderrLines(); len(lines) != 1 || !strings.Contains(lines[0], "interrupted") || !strings.Contains(lines[0], filepath.Join(dir, reports.JSONFile)) {
				t.Errorf("stderr: got %q, want one line saying the run was interrupted and where its report is", r.stderr)
			}
			rep := readReport(t, dir)
			if !rep.Interrupted {
				t.Errorf("report interrupted (%s): got false, want true", tt.reason)
			}
			if rep.Verdict != "error" {
				t.Errorf("report verdict (%s): got %s, want error (the endpoint conforms, the run was cut)", tt.reason, rep.Verdict)
				for _, f := range rep.Findings {
					t.Logf("finding: %s (error %q)", f.Summary, f.Error)
				}
			}
			if rep.Requests == 0 || rep.Requests >= 100000 {
				t.Errorf("report requests: got %d, want some, far fewer than the budget", rep.Requests)
			}
			checkErrorJUnit(t, dir, "interrupted after ")
		})
	}
}

// checkErrorJUnit asserts junit.xml parses, has a test case per rule, and
// errors every one with a message starting with msg.
func checkErrorJUnit(t *testing.T, dir, msg string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, reports.JUnitFile))
	if err != nil {
		t.Errorf("junit.xml: got %v, want one", err)
		return
	}
	var doc struct {
		Errors int `xml:"errors,attr"`
		Cases  []struct {
			Name  string `xml:"name,attr"`
			Error struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
		} `xml:"testsuite>testcase"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Errorf("junit.xml: got %v parsing it, want XML", err)
	}
	if doc.Errors != len(rules.All) || len(doc.Cases) != len(rules.All) {
		t.Errorf("junit.xml: got %d errors in %d test cases, want %d of %d (every rule errored)", doc.Errors, len(doc.Cases), len(rules.All), len(rules.All))
	}
	for i, c := range doc.Cases {
		if i < len(rules.All) && c.Name != string(rules.All[i].ID) {
			t.Errorf("junit.xml test case %d: got %q, want the rule's id %q", i, c.Name, rules.All[i].ID)
		}
		if !strings.HasPrefix(c.Error.Message, msg) {
			t.Errorf("junit.xml test case %d error: got %q, want it to start with %q", i, c.Error.Message, msg)
		}
	}
}

// TestBadFlag: whatever is wrong with the flags, nothing is sent, no
// report is written, and the suite exits 2 with one line naming the
// problem (a flag the flag package cannot parse gets its line, then the
// usage).
func TestBadFlag(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missingSpec := filepath.Join(t.TempDir(), "missing.yaml")
	tests := []struct {
		name   string
		reason string
		arg    string
		want   string // in the first line of stderr
		usage  bool   // the flag package prints the usage after it
	}{
		{"budget not a number", "flag rejects it while parsing", "-budget=abc", "-budget", true},
		{"request timeout not a duration", "flag rejects it while parsing", "-request-timeout=soon", "-request-timeout", true},
		{"workers zero", "Validate rejects it before anything is sent", "-workers=0", "-workers", false},
		{"rate NaN", "parses as a float, but is not a rate", "-rate=NaN", "-rate", false},
		{"unknown rule", "-rules names a rule the table does not have", "-rules=rejects-invalidd", "-rules", false},
		{"malformed header", "Validate names it by position, never by value", "-header=Authorization Bearer " + secret, "-header #1", false},
		{"endpoint not http", "the URL target rejects the scheme before any request", "-endpoint=ftp://example.com/", "-endpoint", false},
		{"label filter selects nothing", "a filter that matches no rule would judge nothing", "-ginkgo.label-filter=no-such-rule", "-ginkgo.label-filter", false},
		{"spec missing", "an unreadable spec", "-spec=" + missingSpec, missingSpec, false},
		{"report dir is a file", "the reports would have nowhere to go", "-report-dir=" + file, "-report-dir", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "report")
			r := runSuite(t, "", "-report-dir="+dir, tt.arg)
			if r.code != 2 {
				t.Errorf("exit status (%s): got %d, want 2 (nothing ran)", tt.reason, r.code)
			}
			lines := r.stderrLines()
			if !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr (%s): got %q first, want it to name %s", tt.reason, lines[0], tt.want)
			}
			switch {
			case tt.usage && (len(lines) < 2 || !strings.HasPrefix(lines[1], "usage: ")):
				t.Errorf("stderr (%s): got %q, want flag's line, then the usage", tt.reason, r.stderr)
			case !tt.usage && len(lines) != 1:
				t.Errorf("stderr (%s): got %d lines, want 1:\n%s", tt.reason, len(lines), r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout (%s): got %q, want nothing (no run, no headline)", tt.reason, r.stdout)
			}
			for _, bad := range []string{"panic", "goroutine", secret} {
				if strings.Contains(r.output(), bad) {
					t.Errorf("output (%s): got %q in it, want none:\n%s", tt.reason, bad, r.output())
				}
			}
			noReports(t, "report dir", dir)
		})
	}
}

func TestUnreachableEndpoint(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there any more: connection refused

	dir := t.TempDir()
	r := runSuite(t, "", "-endpoint="+url, "-report-dir="+dir, "-test.timeout=60s")
	if r.code != 1 {
		t.Errorf("exit status: got %d, want 1 (the run started; its report says why it could not judge)", r.code)
	}
	lines := r.stderrLines()
	if len(lines) != 1 || !strings.Contains(lines[0], "unreachable") || !strings.Contains(lines[0], filepath.Join(dir, reports.JSONFile)) {
		t.Errorf("stderr: got %q, want one line saying the endpoint is unreachable and where the report is", r.stderr)
	}
	if strings.Contains(r.output(), "panic") || strings.Contains(r.output(), "goroutine") {
		t.Errorf("output: got a panic or goroutine dump, want one line:\n%s", r.output())
	}
	rep := readReport(t, dir)
	if rep.Verdict != "error" {
		t.Errorf("report verdict: got %s, want error", rep.Verdict)
	}
	if !strings.Contains(rep.Error, "unreachable") {
		t.Errorf("report error: got %q, want it to say unreachable", rep.Error)
	}
	if rep.Interrupted {
		t.Errorf("report interrupted: got true, want false (the run stops at the unreachable endpoint, not at its deadline)")
	}
	checkErrorJUnit(t, dir, "the harness could not judge the endpoint: ")
}

// throwawayModule makes a module of its own with a package directory two
// levels down, so relative report directories are not resolved into the
// project tree. It returns the module root and the package directory.
func throwawayModule(t *testing.T) (root, pkg string) {
	t.Helper()
	root = t.TempDir()
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg = filepath.Join(root, "suites", "deeper")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	return root, pkg
}

// TestRelativeReportDir checks a relative -report-dir lands under the
// module root (the directory holding go.mod), whatever package directory go
// test runs the suite from. It runs in a throwaway module so the project
// tree is not written to.
func TestRelativeReportDir(t *testing.T) {
	root, pkg := throwawayModule(t)
	tests := []struct {
		name   string
		reason string
		dir    string
		want   string
	}{
		{"relative", "resolved against the module root, not the package directory", filepath.Join("reports", "out"), filepath.Join(root, "reports", "out")},
		{"dot relative", "./x is relative too", "./x", filepath.Join(root, "x")},
		{"absolute", "an absolute directory is used as is", filepath.Join(root, "abs"), filepath.Join(root, "abs")},
	}
	t.Chdir(pkg)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fw := framework.New()
			fw.Config.ReportDir = tt.dir
			fw.Config.Budget = 2
			fw.Config.Seed = 3
			fw.Config.Shrink = false // embedded emulator: conformant, nothing to shrink anyway
			if err := fw.RunCampaign(""); err != nil {
				t.Fatalf("RunCampaign: got %v, want nil", err)
			}
			if fw.ReportDir != tt.want {
				t.Errorf("ReportDir (%s): got %s, want %s", tt.reason, fw.ReportDir, tt.want)
			}
			for _, name := range []string{reports.JSONFile, reports.JUnitFile} {
				if _, err := os.Stat(filepath.Join(tt.want, name)); err != nil {
					t.Errorf("report (%s): got %v, want %s in %s", tt.reason, err, name, tt.want)
				}
			}
			if v := fw.Result.Verdict; v != "conformant" {
				t.Errorf("verdict against the embedded emulator: got %s, want conformant", v)
			}
		})
	}
	if entries, _ := os.ReadDir(pkg); len(entries) != 0 {
		t.Errorf("package directory: got %d entries, want nothing written there", len(entries))
	}
}

// TestRelativeReportDirOfTheBinary: the suite binary resolves a relative
// -report-dir against the module root it runs in, and against
// -test.outputdir (go test -outputdir=.) when that is given.
func TestRelativeReportDirOfTheBinary(t *testing.T) {
	t.Parallel()
	outputDir := t.TempDir()
	tests := []struct {
		name, reason string
		args         []string
		want         func(root string) string
	}{
		{"module root", "go test runs the binary in the package directory; paths read from where the README's commands run",
			nil, func(root string) string { return filepath.Join(root, "reports", "out") }},
		{"test.outputdir", "go test -outputdir=. says where go test was run",
			[]string{"-test.outputdir=" + outputDir}, func(string) string { return filepath.Join(outputDir, "reports", "out") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root, pkg := throwawayModule(t)
			args := append([]string{"-report-dir=" + filepath.Join("reports", "out"), "-budget=2", "-seed=3", "-test.timeout=60s"}, tt.args...)
			r := runSuiteIn(t, pkg, "", args...)
			if r.code != 0 {
				t.Fatalf("exit status: got %d, want 0 (the embedded emulator conforms):\n%s", r.code, r.output())
			}
			want := tt.want(root)
			for _, name := range []string{reports.JSONFile, reports.JUnitFile} {
				if _, err := os.Stat(filepath.Join(want, name)); err != nil {
					t.Errorf("report (%s): got %v, want %s in %s", tt.reason, err, name, want)
				}
			}
			if !strings.Contains(r.stdout, filepath.Join(want, reports.JSONFile)) {
				t.Errorf("headline: got %q, want it to say where the report is (%s)", r.stdout, want)
			}
			if entries, _ := os.ReadDir(pkg); len(entries) != 0 {
				t.Errorf("package directory: got %d entries, want nothing written there", len(entries))
			}
		})
	}
}

// TestReproduceCarriesWhatChangesTheCases: the reproduce line has the seed,
// the budget and the flags that change what is sent (-name-prefix, -spec,
// the label filter as -rules), never a header value nor an endpoint
// password.
func TestReproduceCarriesWhatChangesTheCases(t *testing.T) {
	t.Parallel()
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	specFile := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(specFile, s.Bytes, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := quietServer(t, emulator.New())
	hostPort := strings.TrimPrefix(srv.URL, "http://")

	t.Run("in process", func(t *testing.T) {
		tests := []struct {
			name, reason string
			setup        func(fw *framework.Framework)
			filter       string
			want         string
		}{
			{
				name: "everything", reason: "every setting that changes the cases; the password and the header value left out",
				setup: func(fw *framework.Framework) {
					fw.Endpoint = "http://user:pa55@" + hostPort
					fw.Config.Seed, fw.Config.Budget = 42, 7
					fw.Config.NamePrefix = "ci-"
					fw.Config.SpecFile = specFile
					if err := fw.Config.Headers.Set("Authorization: Bearer s3cr3t"); err != nil {
						t.Fatal(err)
					}
				},
				filter: "rejects-invalid || robustness",
				want: "make conformance ENDPOINT=http://user:REDACTED@" + hostPort + " SEED=42 BUDGET=7 ARGS='-name-prefix=ci- -spec=" + specFile +
					" -rules=rejects-invalid,robustness' (plus your -header flags)",
			},
			{
				name: "defaults", reason: "the embedded emulator: no endpoint, no extra flags",
				setup: func(fw *framework.Framework) { fw.Config.Seed, fw.Config.Budget = 3, 2 },
				want:  "make conformance SEED=3 BUDGET=2",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				fw := framework.New()
				fw.Config.ReportDir = t.TempDir()
				fw.Config.Shrink = false
				tt.setup(fw)
				if err := fw.RunCampaign(tt.filter); err != nil {
					t.Fatalf("RunCampaign: got %v, want nil", err)
				}
				if got := fw.Reproduce(); got != tt.want {
					t.Errorf("Reproduce() (%s):\ngot  %q\nwant %q", tt.reason, got, tt.want)
				}
				if rep := readReport(t, fw.ReportDir); rep.Reproduce != tt.want {
					t.Errorf("conformance.json reproduce: got %q, want %q", rep.Reproduce, tt.want)
				}
			})
		}
	})

	t.Run("suite binary", func(t *testing.T) {
		dir := t.TempDir()
		r := runSuite(t, "", "-report-dir="+dir, "-seed=5", "-budget=3", "-name-prefix=ci-",
			"-ginkgo.label-filter=rejects-invalid", "-test.timeout=60s")
		if r.code != 0 {
			t.Fatalf("exit status: got %d, want 0:\n%s", r.code, r.output())
		}
		rep := readReport(t, dir)
		if want := "make conformance SEED=5 BUDGET=3 ARGS='-name-prefix=ci- -rules=rejects-invalid'"; rep.Reproduce != want {
			t.Errorf("conformance.json reproduce: got %q, want %q (the label filter as -rules)", rep.Reproduce, want)
		}
		if rep.Seed != "5" {
			t.Errorf("conformance.json seed: got %q, want \"5\"", rep.Seed)
		}
		if want := "go run ./cmd/conformance replay"; rep.Replay != want {
			t.Errorf("conformance.json replay: got %q, want %q (what make replay runs, from the checkout)", rep.Replay, want)
		}
	})
}

// TestRulesAndLabelFilterBothApply: given -rules and -ginkgo.label-filter,
// the run judges the rules both select, neither overriding the other; a
// pair that selects none stops before any request, with one line.
func TestRulesAndLabelFilterBothApply(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runSuite(t, "", "-report-dir="+dir, "-seed=5", "-budget=3",
		"-rules=rejects-invalid,upsert-identity", "-ginkgo.label-filter=upsert-identity || accepts-valid", "-test.timeout=60s")
	if r.code != 0 {
		t.Fatalf("exit status: got %d, want 0:\n%s", r.code, r.output())
	}
	if got := readReport(t, dir).Reproduce; !strings.Contains(got, "-rules=upsert-identity") || strings.Contains(got, "rejects-invalid") {
		t.Errorf("conformance.json reproduce: got %q, want -rules=upsert-identity (the rule both select) and no other", got)
	}

	none := filepath.Join(t.TempDir(), "report")
	r = runSuite(t, "", "-report-dir="+none, "-rules=rejects-invalid", "-ginkgo.label-filter=upsert-identity")
	lines := r.stderrLines()
	if r.code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "no rule both select") {
		t.Errorf("disjoint -rules and filter: got exit %d and stderr %q, want 2 and one line saying no rule both select", r.code, r.stderr)
	}
	noReports(t, "report dir", none)
}
