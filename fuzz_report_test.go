package conformance_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/rules"
)

// escapeInput is the kept regression input of panics-on-unexpected-escape
// (fuzztargets/testdata/regressions): an escape JSON does not have.
var escapeInput = conformance.FuzzInput{Mode: 0, First: []byte(`{"destinationName":"a\x41","targetArn":"t","roleArn":"r"}`)}

func zooMutant(t *testing.T, name string) mutants.Mutant {
	t.Helper()
	m, ok := mutants.Named(name)
	if !ok {
		t.Fatalf("no mutant %q in the zoo", name)
	}
	return m
}

// referenceReport is a checker of the reference emulator and an empty
// report of its inputs under the target FuzzEmulator.
func referenceReport(t *testing.T) (*conformance.FuzzChecker, *conformance.FuzzReport) {
	t.Helper()
	c, err := conformance.NewFuzzChecker(func() http.Handler { return emulator.New() })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Report("FuzzEmulator")
	if err != nil {
		t.Fatal(err)
	}
	return c, rep
}

// runInputs runs every seed of c through rep as `go test` names them, then
// the extra inputs as files under testdata/fuzz; each must fail or pass
// exactly as conformance.FuzzChecker.Check says (the report judges as Fuzz does).
func runInputs(t *testing.T, c *conformance.FuzzChecker, rep *conformance.FuzzReport, target string, files map[string]conformance.FuzzInput) {
	t.Helper()
	check := func(name string, in conformance.FuzzInput) {
		// A panic's stack shows argument addresses, which differ by run.
		got, want := hexAddr.ReplaceAllString(rep.Check(name, in), "0x?"), hexAddr.ReplaceAllString(c.Check(in), "0x?")
		if got != want {
			t.Fatalf("%s: the report's check said\n%s\nwant what conformance.FuzzChecker.Check says\n%s", name, got, want)
		}
	}
	for i, in := range c.Seeds() {
		check(target+"/seed#"+strconv.Itoa(i), in)
	}
	for name, in := range files {
		check(target+"/"+name, in)
	}
}

var hexAddr = regexp.MustCompile(`0x[0-9a-f]+`)

func readResult(t *testing.T, dir string) result.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, result.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var r result.Result
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", result.JSONFile, err)
	}
	return r
}

// TestFuzzReportRecordsTheMutantsFinding: a crashing fuzz input is a
// finding. What a fuzz input finds against a faulty handler lands in
// conformance.json under the mutant's rule, with the input's body, the
// panic, a curl line and the go test line that reruns the input.
func TestFuzzReportRecordsTheMutantsFinding(t *testing.T) {
	m := zooMutant(t, "panics-on-unexpected-escape")
	rule := rules.ID(m.Rule)
	// One finding of seeds per rule: the input from a file is kept anyway.
	c, err := conformance.NewFuzzChecker(m.New, func(c *conformance.Config) { c.MaxFindings = 1 })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Report("FuzzZoo")
	if err != nil {
		t.Fatal(err)
	}
	runInputs(t, c, rep, "FuzzZoo", map[string]conformance.FuzzInput{"0123abcd": escapeInput})
	dir := t.TempDir()
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	r := readResult(t, dir)
	if r.Verdict != "non-conformant" || r.Format != result.Format {
		t.Errorf("verdict %q format %q: want non-conformant, %s", r.Verdict, r.Format, result.Format)
	}
	seeds := len(c.Seeds())
	if len(r.Fuzz) != 1 || r.Fuzz[0].Target != "FuzzZoo" || r.Fuzz[0].Inputs != seeds+1 || r.Fuzz[0].Corpus != 1 || r.Fuzz[0].Failed < 2 {
		t.Errorf("fuzz: got %+v, want FuzzZoo with %d inputs, 1 from a file, at least 2 failed", r.Fuzz, seeds+1)
	}
	if want := "github.com/putdestination/conformance"; len(r.Fuzz) == 1 && r.Fuzz[0].Package != want {
		t.Errorf("fuzz package: got %q, want %q", r.Fuzz[0].Package, want)
	}
	var corpus *result.Finding
	seedFindings := 0
	for i, f := range r.FindingsFor(rule) {
		if f.Property != result.FuzzProperty {
			t.Errorf("finding %d: property %q, want %q", i, f.Property, result.FuzzProperty)
		}
		if strings.Contains(f.Case, "testdata/fuzz/FuzzZoo/0123abcd") {
			corpus = &r.FindingsFor(rule)[i]
		} else {
			seedFindings++
		}
	}
	if seedFindings != 1 {
		t.Errorf("findings of seeds under %s: got %d, want MaxFindings (1)", rule, seedFindings)
	}
	if row := r.Rule(rule); row.Status != "fail" || row.Failures != r.Fuzz[0].Failed || row.Failures < 2 || row.Cases < seeds {
		t.Errorf("row %s: got %+v, want fail, every failing input counted (%d), a case per input at least", rule, row, r.Fuzz[0].Failed)
	}
	if corpus == nil {
		t.Fatalf("no finding under %s for the input from testdata/fuzz (kept whatever MaxFindings says); findings: %+v", rule, r.Findings)
	}
	if string(corpus.Request.Body) != string(escapeInput.First) || corpus.Request.Method != http.MethodPost || corpus.Request.Headers.Get("X-Amz-Target") == "" {
		t.Errorf("request: got %+v, want the input's POST with the contract's headers", corpus.Request)
	}
	if !strings.Contains(corpus.Error, "panicked") || corpus.Response != nil {
		t.Errorf("error %q, response %v: want the panic and no response", corpus.Error, corpus.Response)
	}
	if want := `go test -run='^FuzzZoo$/^0123abcd$' github.com/putdestination/conformance`; corpus.Reproduce != want || !strings.Contains(corpus.Needs, want) {
		t.Errorf("reproduce %q, needs %q: want %q in both", corpus.Reproduce, corpus.Needs, want)
	}
	if !strings.HasPrefix(corpus.Curl, "curl ") || !strings.Contains(corpus.Curl, `a\x41`) {
		t.Errorf("curl: got %q, want a curl line with the body", corpus.Curl)
	}
	if len(corpus.Violations) == 0 || corpus.Violations[0].Rule != rule || corpus.Summary == "" {
		t.Errorf("violations %+v summary %q: want %s first", corpus.Violations, corpus.Summary, rule)
	}
}

// TestFuzzReportCleanRunIsConformant: the reference emulator through every
// seed is a conformant result that says it was a fuzz run.
func TestFuzzReportCleanRunIsConformant(t *testing.T) {
	c, rep := referenceReport(t)
	runInputs(t, c, rep, "FuzzEmulator", nil)
	dir := t.TempDir()
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	r := readResult(t, dir)
	if r.Verdict != "conformant" || len(r.Findings) != 0 {
		t.Errorf("verdict %q with %d findings: want conformant, none", r.Verdict, len(r.Findings))
	}
	if len(r.Fuzz) != 1 || r.Fuzz[0].Inputs != len(c.Seeds()) || r.Fuzz[0].Failed != 0 || !strings.Contains(r.Endpoint, "FuzzEmulator") {
		t.Errorf("fuzz %+v endpoint %q: want FuzzEmulator with %d inputs, none failed", r.Fuzz, r.Endpoint, len(c.Seeds()))
	}
	if r.Requests < int64(len(c.Seeds())) || r.Budget != len(c.Seeds()) {
		t.Errorf("requests %d budget %d: want at least one request per input, the inputs as budget", r.Requests, r.Budget)
	}
	for _, id := range []rules.ID{rules.Robustness, rules.AcceptsValid, rules.RejectsInvalid, rules.UpsertIdentity} {
		if row := r.Rule(id); row.Status != "pass" || row.Cases == 0 {
			t.Errorf("row %s: got %+v, want pass with cases", id, row)
		}
	}
	if row := r.Rule(rules.AWSEcho); row.Status != "skipped" {
		t.Errorf("row %s: got %+v, want skipped (aws dialect only)", rules.AWSEcho, row)
	}
}

// TestFuzzReportRedactsHeaderSecrets: a value given with conformance.WithHeader is
// scrubbed from everything the report keeps, as a campaign's report does.
func TestFuzzReportRedactsHeaderSecrets(t *testing.T) {
	const secret = "s3cr3t-token-value"
	echo := func() http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Echo", secret)
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"oops":"` + secret + `"}`))
		})
	}
	opts := []conformance.Option{conformance.WithHeader("Authorization", "Bearer "+secret)}
	c, err := conformance.NewFuzzChecker(echo, opts...)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Report("FuzzEcho")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Check("FuzzEcho/seed#0", c.Seeds()[0]) == "" {
		t.Fatal("a 500 passed; want a robustness failure")
	}
	dir := t.TempDir()
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, result.JSONFile))
	if strings.Contains(string(data), secret) || !strings.Contains(string(data), "REDACTED") {
		t.Errorf("%s holds the secret (or no REDACTED):\n%s", result.JSONFile, data)
	}
}

// TestFuzzReportUnwritableDir: a report directory that cannot be written
// is one line of error, before any input and when writing, never a panic.
func TestFuzzReportUnwritableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("not a directory\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "reports")
	c, rep := referenceReport(t)
	rep.Check("FuzzEmulator/seed#0", c.Seeds()[0])
	for what, err := range map[string]error{"preflight": reports.Preflight(dir), "write": rep.Write(dir)} {
		if err == nil || strings.ContainsAny(err.Error(), "\r\n") || !strings.Contains(err.Error(), file) {
			t.Errorf("%s into %s: got %v, want one line naming the directory", what, dir, err)
		}
	}
	// A file the harness did not write is never overwritten.
	theirs := t.TempDir()
	if err := os.WriteFile(filepath.Join(theirs, result.JSONFile), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := reports.Preflight(theirs); err == nil {
		t.Errorf("preflight of a directory with someone else's %s: got nil, want an error", result.JSONFile)
	}
	if data, _ := os.ReadFile(filepath.Join(theirs, result.JSONFile)); string(data) != "{}\n" {
		t.Errorf("someone else's %s was changed: %q", result.JSONFile, data)
	}
}

// TestFuzzReportNoInputIsNoVerdict: a report of no input does not claim
// conformance.
func TestFuzzReportNoInputIsNoVerdict(t *testing.T) {
	_, rep := referenceReport(t)
	if r := rep.Result(); r.Verdict != "error" || r.Error == "" {
		t.Errorf("no input: got verdict %q (%q), want error", r.Verdict, r.Error)
	}
}
