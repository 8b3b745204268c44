package reports_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

// secret is the value of a configured header: it must reach no report.
const secret = "tok-123456"

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newEmulator is the reference implementation: a clean run.
func newEmulator() http.Handler { return emulator.New() }

// alwaysSuccess answers every request with a success envelope under a new
// id: every invalid case breaks rejects-invalid, and every update breaks
// upsert-identity (another id, another created_at). It also sets a cookie,
// which reports must redact.
func alwaysSuccess() http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Set-Cookie", "session=from-server")
		emulator.WriteSuccess(w, fmt.Sprintf("id-%d", n.Add(1)), time.Now())
	})
}

// slowEmulator answers by the contract, after a delay (or not at all once
// the request is abandoned).
func slowEmulator() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(50 * time.Millisecond):
			em.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// unreachable is the URL of a server that has just closed: connection
// refused.
func unreachable(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	return url
}

// check runs Check with conformance.json written into a new directory, then
// writes every report there (reports.Write) and holds conformance.json to
// the schema; a harness error is returned, not fatal.
// served is newHandler's handler on a loopback server of the test's own,
// as a URL target: its findings have curl lines, which no handler in
// process has (no URL reaches it).
func served(t *testing.T, newHandler func() http.Handler) conformance.Target {
	t.Helper()
	srv := httptest.NewServer(newHandler())
	t.Cleanup(srv.Close)
	return conformance.URL(srv.URL)
}

func check(t *testing.T, target conformance.Target, opts ...conformance.Option) (*result.Result, string, error) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	opts = append([]conformance.Option{conformance.WithSeed(42), conformance.WithBudget(8), conformance.WithWorkers(2),
		conformance.WithoutShrinking(), conformance.WithHeader("X-Api-Token", secret)}, opts...)
	opts = append(opts, conformance.WithReportDir(dir))
	res, err := conformance.Check(context.Background(), target, opts...)
	if res == nil {
		t.Fatalf("Check: got no result (error %v), want one", err)
	}
	if werr := reports.Write(dir, res); werr != nil {
		t.Fatalf("Write: got %v, want nil", werr)
	}
	validReport(t, dir)
	return res, dir, err
}

// junitDoc is the JUnit shape, decoded independently of Ginkgo's types.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name      string      `xml:"name,attr"`
		Time      float64     `xml:"time,attr"`
		Timestamp string      `xml:"timestamp,attr"`
		Tests     int         `xml:"tests,attr"`
		Failures  int         `xml:"failures,attr"`
		Errors    int         `xml:"errors,attr"`
		Skipped   int         `xml:"skipped,attr"`
		Cases     []junitCase `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitCase struct {
	Name       string  `xml:"name,attr"`
	Classname  string  `xml:"classname,attr"`
	Status     string  `xml:"status,attr"`
	Time       float64 `xml:"time,attr"`
	Properties []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
	Skipped *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
	Error   *junitText `xml:"error"`
	Failure *junitText `xml:"failure"`
}

type junitText struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func readJUnit(t *testing.T, dir string) junitDoc {
	t.Helper()
	data := readFile(t, filepath.Join(dir, reports.JUnitFile))
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("junit.xml: got %v parsing it, want valid XML", err)
	}
	return doc
}

// longLines returns the lines of s over result.MaxLine bytes.
func longLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if len(l) > result.MaxLine {
			out = append(out, fmt.Sprintf("%d bytes: %.80s…", len(l), l))
		}
	}
	return out
}

// rulesOutsideTheDialect reports whether a rule is judged only in another
// dialect than the envelope these tests speak, or only by a parity check:
// it is skipped.
func rulesOutsideTheDialect(id rules.ID) bool {
	r, _ := rules.Lookup(id)
	return !r.In(rules.Envelope) || r.Parity
}

// envelopeOnly is status for the rules of the envelope dialect, "skipped"
// for the others.
func envelopeOnly(status func(rules.ID) string) func(rules.ID) string {
	return func(id rules.ID) string {
		if rulesOutsideTheDialect(id) {
			return "skipped"
		}
		return status(id)
	}
}

// TestWriteJUnitOneCasePerRule: whatever the run (passed, failed, rules
// left out, endpoint unreachable, interrupted), junit.xml has one test case
// per rule of the table, in table order, named by the rule's id, so CI
// keeps each rule's history.
func TestWriteJUnitOneCasePerRule(t *testing.T) {
	allErrors := func(rules.ID) string { return "error" }
	tests := []struct {
		name   string
		reason string
		target func(t *testing.T) conformance.Target
		opts   []conformance.Option
		// status is each rule's JUnit status.
		status func(id rules.ID) string
		// harnessErr is the start of every error message, when the run
		// could not be judged.
		harnessErr string
	}{
		{
			name: "passed", reason: "the reference emulator conforms",
			target: func(*testing.T) conformance.Target { return conformance.Handler(newEmulator) },
			status: envelopeOnly(func(rules.ID) string { return "passed" }),
		},
		{
			name: "failed", reason: "a handler that accepts everything and never keeps an id",
			target: func(*testing.T) conformance.Target { return conformance.Handler(alwaysSuccess) },
			status: envelopeOnly(func(id rules.ID) string {
				if id == rules.RejectsInvalid || id == rules.UpsertIdentity {
					return "failed"
				}
				return "passed"
			}),
		},
		{
			name: "skipped", reason: "WithRules runs one rule; the others are skipped, not passed",
			target: func(*testing.T) conformance.Target { return conformance.Handler(newEmulator) },
			opts:   []conformance.Option{conformance.WithRules(rules.RejectsInvalid)},
			status: func(id rules.ID) string {
				if id == rules.RejectsInvalid {
					return "passed"
				}
				return "skipped"
			},
		},
		{
			name: "error", reason: "an unreachable endpoint judges nothing: every rule errors",
			target:     func(t *testing.T) conformance.Target { return conformance.URL(unreachable(t)) },
			status:     allErrors,
			harnessErr: "the harness could not judge the endpoint: endpoint http://127.0.0.1:",
		},
		{
			name: "interrupted", reason: "cut by the deadline before any finding: nothing proven, every rule errors",
			target:     func(*testing.T) conformance.Target { return conformance.Handler(slowEmulator) },
			opts:       []conformance.Option{conformance.WithBudget(100000), conformance.WithDeadline(300 * time.Millisecond)},
			status:     allErrors,
			harnessErr: "interrupted after ",
		},
	}
	var want []string
	for _, r := range rules.All {
		want = append(want, string(r.ID))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, dir, err := check(t, tt.target(t), tt.opts...)
			if (err != nil) != (tt.name == "error") {
				t.Errorf("Check (%s): got error %v", tt.reason, err)
			}
			doc := readJUnit(t, dir)
			if len(doc.Suites) != 1 {
				t.Fatalf("testsuite elements: got %d, want 1", len(doc.Suites))
			}
			s := doc.Suites[0]
			if s.Name != reports.SuiteName {
				t.Errorf("testsuite name: got %q, want %q", s.Name, reports.SuiteName)
			}
			var names []string
			count := map[string]int{}
			for _, c := range s.Cases {
				names = append(names, c.Name)
				count[c.Status]++
			}
			if !slices.Equal(names, want) {
				t.Fatalf("test cases (%s): got %q, want one per rule, in table order: %q", tt.reason, names, want)
			}
			if doc.Tests != len(rules.All) || s.Tests != len(rules.All) {
				t.Errorf("tests: got %d (testsuites) and %d (testsuite), want %d", doc.Tests, s.Tests, len(rules.All))
			}
			if s.Failures != count["failed"] || doc.Failures != count["failed"] ||
				s.Errors != count["error"] || doc.Errors != count["error"] || s.Skipped != count["skipped"] {
				t.Errorf("counts: got failures %d/%d, errors %d/%d, skipped %d; want %d, %d, %d (the test cases')",
					doc.Failures, s.Failures, doc.Errors, s.Errors, s.Skipped, count["failed"], count["error"], count["skipped"])
			}
			for i, r := range rules.All {
				c := s.Cases[i]
				if want := tt.status(r.ID); c.Status != want {
					t.Errorf("%s status (%s): got %q, want %q (rule row %+v)", r.ID, tt.reason, c.Status, want, res.Rule(r.ID))
				}
				if c.Classname != reports.SuiteName {
					t.Errorf("%s classname: got %q, want %q", r.ID, c.Classname, reports.SuiteName)
				}
				if got, want := [3]bool{c.Failure != nil, c.Error != nil, c.Skipped != nil},
					[3]bool{c.Status == "failed", c.Status == "error", c.Status == "skipped"}; got != want {
					t.Errorf("%s: got failure/error/skipped elements %v, want %v for status %s", r.ID, got, want, c.Status)
				}
				if c.Error != nil && !strings.HasPrefix(c.Error.Message, tt.harnessErr) {
					t.Errorf("%s error message: got %q, want it to start with %q", r.ID, c.Error.Message, tt.harnessErr)
				}
				for _, x := range []*junitText{c.Failure, c.Error} {
					if x == nil {
						continue
					}
					if strings.Contains(x.Message, "\n") {
						t.Errorf("%s message: got %q, want one line", r.ID, x.Message)
					}
					if long := longLines(x.Message + "\n" + x.Text); len(long) > 0 {
						t.Errorf("%s: got lines over result.MaxLine: %q", r.ID, long)
					}
				}
			}
			if tt.name == "interrupted" && (!res.Interrupted || len(res.Findings) != 0) {
				t.Errorf("interrupted run: got interrupted %v with %d findings, want interrupted with none", res.Interrupted, len(res.Findings))
			}
		})
	}
}

// TestJUnitFailureCarriesTheFindings: a failed rule's message is its first
// finding's summary, and its text lists every kept finding with its curl
// line and the command that reruns the run, no line over MaxLine even when
// a request body is far longer.
func TestJUnitFailureCarriesTheFindings(t *testing.T) {
	res, dir, err := check(t, served(t, alwaysSuccess))
	if err != nil {
		t.Fatalf("Check: got %v, want nil (findings are not a harness error)", err)
	}
	longest := 0
	for _, f := range res.Findings {
		longest = max(longest, len(f.Curl))
	}
	if longest <= result.MaxLine {
		t.Fatalf("longest curl line: got %d bytes, want one over MaxLine (%d) so that clipping is tested", longest, result.MaxLine)
	}
	doc := readJUnit(t, dir)
	for i, r := range rules.All {
		c := doc.Suites[0].Cases[i]
		fs := res.FindingsFor(r.ID)
		if len(fs) == 0 {
			continue
		}
		if c.Failure == nil {
			t.Fatalf("%s: got no failure element, want one for %d findings", r.ID, len(fs))
		}
		if want := result.Clip(fs[0].Summary); c.Failure.Message != want {
			t.Errorf("%s failure message: got %q, want the first finding's summary %q", r.ID, c.Failure.Message, want)
		}
		if !strings.HasPrefix(c.Failure.Message, string(r.ID)+" ") {
			t.Errorf("%s failure message: got %q, want it to start with the rule id", r.ID, c.Failure.Message)
		}
		if want := reports.Explain(res, r.ID, dir); c.Failure.Text != want {
			t.Errorf("%s failure text: got\n%s\nwant reports.Explain\n%s", r.ID, c.Failure.Text, want)
		}
		// A curl line too long to print reads its body from the findings
		// file, in the report directory: the very bytes that were sent.
		files := reports.Files(res)
		for i, f := range res.Findings {
			if f.Rule != r.ID || len(f.Curl) <= 1000 {
				continue
			}
			want := "--data-binary @" + files[i].Request + " "
			if !strings.Contains(c.Failure.Text, want) || !strings.Contains(c.Failure.Text, "(cd "+dir+" && curl ") {
				t.Errorf("%s failure text: got no %q run in %s for finding %s (curl line of %d bytes)", r.ID, want, dir, files[i].Name, len(f.Curl))
			}
			if got := readFile(t, filepath.Join(dir, files[i].Request)); string(got) != string(f.Request.Body) {
				t.Errorf("%s: got %d bytes, want the request body as sent (%d bytes)", files[i].Request, len(got), len(f.Request.Body))
			}
		}
		head := fmt.Sprintf("%s: %d of %d checks failed", r.ID, res.Rule(r.ID).Failures, res.Rule(r.ID).Cases)
		if !strings.HasPrefix(c.Failure.Text, head+"\n") {
			t.Errorf("%s failure text: got %.120q…, want it to start with %q", r.ID, c.Failure.Text, head)
		}
		if got := strings.Count(c.Failure.Text, "   curl: "); got != len(fs) {
			t.Errorf("%s failure text: got %d curl lines, want one per kept finding (%d)", r.ID, got, len(fs))
		}
		if !strings.Contains(c.Failure.Text, "reproduce the run: "+res.Reproduce) {
			t.Errorf("%s failure text: got no reproduce line %q", r.ID, res.Reproduce)
		}
		if strings.Contains(c.Failure.Text, secret) || !strings.Contains(c.Failure.Text, "X-Api-Token: REDACTED") {
			t.Errorf("%s failure text: want the configured header redacted in its curl lines, never its value", r.ID)
		}
		if long := longLines(c.Failure.Message + "\n" + c.Failure.Text); len(long) > 0 {
			t.Errorf("%s: got lines over result.MaxLine: %q", r.ID, long)
		}
	}
}

// TestJUnitOverwritesItsOwnOnly: junit.xml replaces the harness's own
// junit.xml, whichever kind of run wrote it, and never a foreign one.
func TestJUnitOverwritesItsOwnOnly(t *testing.T) {
	passed, _, err := check(t, conformance.Handler(newEmulator))
	if err != nil {
		t.Fatal(err)
	}
	errored, _, _ := check(t, conformance.URL(unreachable(t)))

	dir := t.TempDir()
	for _, step := range []struct {
		name string
		res  *result.Result
	}{{"passed first", passed}, {"passed over passed", passed}, {"error over passed", errored}, {"passed over error", passed}} {
		if err := reports.WriteJUnit(dir, step.res); err != nil {
			t.Fatalf("%s: got %v, want nil", step.name, err)
		}
		readJUnit(t, dir)
	}
	if got, want := dirNames(t, dir), []string{reports.JUnitFile}; !slices.Equal(got, want) {
		t.Errorf("directory: got %v, want %v (no temporary file left)", got, want)
	}

	writers := []struct {
		name, reason string
		write        func(dir string) error
		foreign      []string // files that are someone else's
	}{
		{"WriteJUnit", "another tool's junit.xml", func(dir string) error { return reports.WriteJUnit(dir, passed) }, []string{reports.JUnitFile}},
		{"Write", "another tool's junit.xml, with a conformance.json of ours", func(dir string) error { return reports.Write(dir, passed) }, []string{reports.JUnitFile}},
		{"Write both foreign", "neither file is ours", func(dir string) error { return reports.Write(dir, passed) }, []string{reports.JUnitFile, result.JSONFile}},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			dir := t.TempDir()
			const foreign = `<testsuites><testsuite name="unit tests"/></testsuites>`
			for _, name := range w.foreign {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(foreign), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := w.write(dir)
			if err == nil {
				t.Fatalf("%s (%s): got nil error, want a refusal", w.name, w.reason)
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), dir) {
				t.Errorf("%s error: got %q, want one line naming the file", w.name, err)
			}
			for _, name := range w.foreign {
				if got := readFile(t, filepath.Join(dir, name)); string(got) != foreign {
					t.Errorf("%s after %s: got %q, want it untouched", name, w.name, got)
				}
			}
		})
	}
}

// TestWriteWritesEveryReport: Write puts conformance.json, junit.xml,
// conformance.html and conformance.md, and nothing else (no finding, no
// findings/), in a directory it makes.
func TestWriteWritesEveryReport(t *testing.T) {
	res, _, err := check(t, conformance.Handler(newEmulator))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "nested", "out")
	if err := reports.Write(dir, res); err != nil {
		t.Fatalf("Write: got %v, want nil", err)
	}
	if got, want := dirNames(t, dir), []string{reports.HTMLFile, result.JSONFile, reports.MarkdownFile, reports.JUnitFile}; !slices.Equal(got, want) {
		t.Errorf("directory: got %v, want %v", got, want)
	}
	var back result.Result
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, result.JSONFile)), &back); err != nil {
		t.Fatalf("conformance.json: got %v reading it back, want the result", err)
	}
	if back.Seed != res.Seed || back.Verdict != res.Verdict || len(back.Rules) != len(res.Rules) {
		t.Errorf("conformance.json read back: got seed %d verdict %s with %d rules, want %d %s %d",
			back.Seed, back.Verdict, len(back.Rules), res.Seed, res.Verdict, len(res.Rules))
	}
}

// jsonDoc reads dir/conformance.json as plain JSON, the way a CI script
// would.
func jsonDoc(t *testing.T, dir string) (map[string]any, []byte) {
	t.Helper()
	data := readFile(t, filepath.Join(dir, result.JSONFile))
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("conformance.json: got %v parsing it, want JSON", err)
	}
	return doc, data
}

// isUintString reports whether v is a JSON string holding a uint64.
func isUintString(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// inProcessURL is the URL of a handler in process, which no request leaves
// the process for.
const inProcessURL = "http://in-process.invalid/"

func TestJSONReportFields(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(s.Bytes)
	srv := httptest.NewServer(alwaysSuccess())
	defer srv.Close()
	withRerun := conformance.DefaultConfig()
	withRerun.Rerun = "make conformance"

	tests := []struct {
		name, reason string
		target       conformance.Target
		endpoint     string // the result's endpoint
		url          string // where requests went
		reproduce    string
	}{
		{"in process", "a Go handler, no socket", conformance.Handler(alwaysSuccess), "in-process handler", inProcessURL,
			"make conformance SEED=42 BUDGET=8 (plus your -header flags)"},
		{"over TCP", "a URL", conformance.URL(srv.URL), srv.URL, srv.URL,
			"make conformance ENDPOINT=" + srv.URL + " SEED=42 BUDGET=8 (plus your -header flags)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, dir, err := check(t, tt.target, conformance.WithConfig(withRerun), conformance.WithSeed(42),
				conformance.WithBudget(8), conformance.WithWorkers(2), conformance.WithoutShrinking(), conformance.WithHeader("X-Api-Token", secret))
			if err != nil {
				t.Fatalf("Check: got %v, want nil (findings are not a harness error)", err)
			}
			doc, data := jsonDoc(t, dir)
			for _, f := range []struct {
				key    string
				reason string
				ok     func(v any) bool
			}{
				{"format", "the format version: v3, seeds as strings, bodies byte for byte", func(v any) bool { return v == result.Format }},
				{"verdict", "faults were found", func(v any) bool { return v == "non-conformant" }},
				{"endpoint", "what was tested", func(v any) bool { return v == tt.endpoint }},
				{"seed", "the seed reproduces the run; a string keeps every digit", func(v any) bool { return v == "42" }},
				{"budget", "cases per property", func(v any) bool { return v == float64(8) }},
				{"workers", "concurrent senders", func(v any) bool { return v == float64(2) }},
				{"requests", "requests actually sent", func(v any) bool { f, ok := v.(float64); return ok && f == float64(res.Requests) && f > 0 }},
				{"duration_ms", "how long the run took", func(v any) bool { f, ok := v.(float64); return ok && f >= 0 }},
				{"interrupted", "nothing interrupted the run", func(v any) bool { return v == false }},
				{"reproduce", "the command that reruns the cases, header values left out", func(v any) bool { return v == tt.reproduce }},
				{"spec", "which contract was checked", func(v any) bool {
					m, ok := v.(map[string]any)
					return ok && m["source"] == s.Source && m["sha256"] == hex.EncodeToString(sum[:])
				}},
				{"first_finding", "how far the run got before its first finding", func(v any) bool {
					m, ok := v.(map[string]any)
					n, _ := m["requests"].(float64)
					ms, isNum := m["ms"].(float64)
					return ok && n >= 1 && isNum && ms >= 0
				}},
				{"id_index", "how many ids the run remembers", func(v any) bool { f, ok := v.(float64); return ok && f > 0 }},
			} {
				v, ok := doc[f.key]
				if !ok {
					t.Errorf("conformance.json %q: got no such member, want it (%s)", f.key, f.reason)
					continue
				}
				if !f.ok(v) {
					t.Errorf("conformance.json %q (%s): got %#v", f.key, f.reason, v)
				}
			}
			for _, k := range []string{"error", "stopped"} {
				if _, ok := doc[k]; ok {
					t.Errorf("conformance.json %q: got %v, want no member when the run did its job to the end", k, doc[k])
				}
			}

			rows, _ := doc["rules"].([]any)
			if len(rows) != len(rules.All) {
				t.Fatalf("rules: got %d rows, want %d", len(rows), len(rules.All))
			}
			for i, r := range rules.All {
				row, _ := rows[i].(map[string]any)
				for _, k := range []string{"id", "title", "status", "cases", "failures", "spec_refs"} {
					if _, ok := row[k]; !ok {
						t.Errorf("rules[%d] %q: got no such member, want it", i, k)
					}
				}
				if row["id"] != string(r.ID) || row["title"] != r.Title {
					t.Errorf("rules[%d]: got id %v title %v, want %s %q (table order)", i, row["id"], row["title"], r.ID, r.Title)
				}
				if got := fmt.Sprint(row["spec_refs"]); got != fmt.Sprint(r.SpecRefs) {
					t.Errorf("rules[%d] spec_refs: got %s, want %v", i, got, r.SpecRefs)
				}
				st := res.Rule(r.ID)
				if row["cases"] != float64(st.Cases) || row["failures"] != float64(st.Failures) {
					t.Errorf("rules[%d] cases/failures: got %v/%v, want %d/%d", i, row["cases"], row["failures"], st.Cases, st.Failures)
				}
				cases, _ := row["cases"].(float64)
				failures, _ := row["failures"].(float64)
				switch {
				case r.ID == rules.RejectsInvalid, r.ID == rules.UpsertIdentity:
					if row["status"] != "fail" || failures == 0 || failures != cases {
						t.Errorf("rules[%d] %s: got %v, %v of %v failed, want fail, every case (every answer is a success under a new id)", i, r.ID, row["status"], failures, cases)
					}
				case rulesOutsideTheDialect(r.ID):
					if row["status"] != "skipped" {
						t.Errorf("rules[%d] %s: got %v, want skipped (a rule of another dialect)", i, r.ID, row["status"])
					}
				default:
					if row["status"] != "pass" || failures != 0 || cases == 0 {
						t.Errorf("rules[%d] %s: got %v, %v of %v failed, want pass with cases judged", i, r.ID, row["status"], failures, cases)
					}
				}
			}

			fs, _ := doc["findings"].([]any)
			perRule := map[string]int{}
			for i, x := range fs {
				f, _ := x.(map[string]any)
				rule, _ := f["rule"].(string)
				perRule[rule]++
				if sum, _ := f["summary"].(string); !strings.HasPrefix(sum, rule+" ") {
					t.Errorf("findings[%d] summary: got %q, want it to start with the rule id %s", i, sum, rule)
				}
				if vs, _ := f["violations"].([]any); len(vs) == 0 {
					t.Errorf("findings[%d] violations: got %v, want a non-empty list", i, f["violations"])
				} else if v, _ := vs[0].(map[string]any); v["rule"] != rule || v["got"] == nil || v["want"] == nil || v["pointer"] == nil {
					t.Errorf("findings[%d] violations[0]: got %v, want rule %s with pointer, got and want", i, v, rule)
				}
				if !isUintString(f["case_seed"]) {
					t.Errorf("findings[%d] case_seed: got %#v, want a uint64 as a string", i, f["case_seed"])
				}
				if n, ok := f["case_index"].(float64); !ok || n < 0 {
					t.Errorf("findings[%d] case_index: got %#v, want a number", i, f["case_index"])
				}
				for _, k := range []string{"property", "case"} {
					if s, _ := f[k].(string); s == "" {
						t.Errorf("findings[%d] %s: got %#v, want it named", i, k, f[k])
					}
				}
				if f["shrunk"] != false || f["intermittent"] != false {
					t.Errorf("findings[%d]: got shrunk %v intermittent %v, want false, false (no shrinking asked; the handler always fails)", i, f["shrunk"], f["intermittent"])
				}
				expect, _ := f["expect"].(map[string]any)
				switch rule {
				case string(rules.RejectsInvalid):
					breaks, _ := expect["breaks"].(map[string]any)
					if expect["outcome"] != "reject" || breaks["keyword"] == nil {
						t.Errorf("findings[%d] expect: got %v, want outcome reject with the constraint it breaks", i, expect)
					}
				case string(rules.UpsertIdentity):
					if expect["outcome"] != "accept" {
						t.Errorf("findings[%d] expect: got %v, want outcome accept", i, expect)
					}
				default:
					t.Errorf("findings[%d] rule: got %s, want rejects-invalid or upsert-identity only", i, rule)
				}
				if p := f["property"]; p == "concurrency" || p == "revisit" {
					// Checks over the whole run: a burst's shell line, the
					// requests in between (campaign's TestReplayShapes).
					continue
				}
				checkExchange(t, fmt.Sprintf("findings[%d]", i), f, tt.url)

				prev, hasPrev := f["previous"].(map[string]any)
				needs, _ := f["needs"].(string)
				if rule == string(rules.UpsertIdentity) {
					if !hasPrev || !strings.Contains(needs, "two requests in order") {
						t.Errorf("findings[%d] (identity): got previous %v, needs %q, want the first request of the pair and what reproducing needs", i, hasPrev, needs)
						continue
					}
					checkExchange(t, fmt.Sprintf("findings[%d].previous", i), prev, tt.url)
					if pb, _ := prev["response"].(map[string]any)["body"].(string); pb == f["response"].(map[string]any)["body"] {
						t.Errorf("findings[%d].previous response: got the same body as the second, want the earlier answer", i)
					}
				} else if hasPrev || needs != "" {
					t.Errorf("findings[%d] (%s): got previous %v, needs %q, want neither for one request", i, rule, hasPrev, needs)
				}
			}
			for _, r := range []rules.ID{rules.RejectsInvalid, rules.UpsertIdentity} {
				if n := perRule[string(r)]; n == 0 || n > conformance.DefaultConfig().MaxFindings {
					t.Errorf("findings under %s: got %d, want 1 to MaxFindings (%d)", r, n, conformance.DefaultConfig().MaxFindings)
				}
			}
			if strings.Contains(string(data), secret) {
				t.Errorf("conformance.json: got the configured header's value, want it redacted")
			}
		})
	}
}

// checkExchange checks the request, response and curl members of a finding
// (or of its previous exchange).
func checkExchange(t *testing.T, what string, f map[string]any, url string) {
	t.Helper()
	req, _ := f["request"].(map[string]any)
	for _, k := range []string{"method", "url", "headers", "body"} {
		if _, ok := req[k]; !ok {
			t.Errorf("%s request.%s: got no such member, want it", what, k)
		}
	}
	if req["method"] != "POST" || req["url"] != url {
		t.Errorf("%s request: got %v %v, want POST %s", what, req["method"], req["url"], url)
	}
	hdr, _ := req["headers"].(map[string]any)
	if got := fmt.Sprint(hdr["X-Amz-Target"]); !strings.Contains(got, "PutDestination") {
		t.Errorf("%s request.headers X-Amz-Target: got %s, want the harness's target header", what, got)
	}
	if got := fmt.Sprint(hdr["X-Api-Token"]); got != "[REDACTED]" {
		t.Errorf("%s request.headers X-Api-Token: got %s, want the configured header, [REDACTED]", what, got)
	}
	resp, _ := f["response"].(map[string]any)
	for _, k := range []string{"status", "headers", "body"} {
		if _, ok := resp[k]; !ok {
			t.Errorf("%s response.%s: got no such member, want it", what, k)
		}
	}
	if resp["status"] != float64(200) {
		t.Errorf("%s response.status: got %v, want 200", what, resp["status"])
	}
	if body, _ := resp["body"].(string); !strings.Contains(body, `"success":true`) {
		t.Errorf("%s response.body: got %q, want the success envelope", what, body)
	}
	rh, _ := resp["headers"].(map[string]any)
	if got := fmt.Sprint(rh["Set-Cookie"]); got != "[REDACTED]" {
		t.Errorf("%s response.headers Set-Cookie: got %s, want [REDACTED]", what, got)
	}
	curl, _ := f["curl"].(string)
	if url == inProcessURL {
		if curl != "" {
			t.Errorf("%s curl: got %.120q, want none (no URL reaches a handler in process)", what, curl)
		}
		return
	}
	if !strings.HasPrefix(curl, "curl ") && !strings.HasPrefix(curl, "printf ") {
		t.Errorf("%s curl: got %.120q, want a curl command line", what, curl)
	}
	if !strings.HasSuffix(curl, " '"+url+"'") {
		t.Errorf("%s curl: got %.120q…, want it to end with the URL %s", what, curl, url)
	}
	if !strings.Contains(curl, "-H 'X-Api-Token: REDACTED'") {
		t.Errorf("%s curl: got %.200q…, want the configured header, redacted", what, curl)
	}
}

// TestJSONReportOfHarnessError: a run the harness could not judge to the
// end says so, with findings an empty list rather than null.
func TestJSONReportOfHarnessError(t *testing.T) {
	tests := []struct {
		name        string
		reason      string
		target      func(t *testing.T) conformance.Target
		opts        []conformance.Option
		wantErr     bool // Check returns an error, and the report an error member
		interrupted bool
	}{
		{
			name: "unreachable", reason: "the harness could not reach the endpoint",
			target:  func(t *testing.T) conformance.Target { return conformance.URL(unreachable(t)) },
			wantErr: true,
		},
		{
			name: "interrupted", reason: "interrupted before any finding: nothing was judged to the end",
			target:      func(*testing.T) conformance.Target { return conformance.Handler(slowEmulator) },
			opts:        []conformance.Option{conformance.WithBudget(100000), conformance.WithDeadline(300 * time.Millisecond)},
			interrupted: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, dir, err := check(t, tt.target(t), tt.opts...)
			if (err != nil) != tt.wantErr {
				t.Errorf("Check (%s): got error %v, want error=%v", tt.reason, err, tt.wantErr)
			}
			doc, _ := jsonDoc(t, dir)
			if doc["verdict"] != "error" {
				t.Errorf("verdict (%s): got %v, want error", tt.reason, doc["verdict"])
			}
			msg, ok := doc["error"].(string)
			if ok != tt.wantErr {
				t.Errorf("error member (%s): got %q (present=%v), want present=%v", tt.reason, msg, ok, tt.wantErr)
			}
			if tt.wantErr && (!strings.Contains(msg, "unreachable") || msg != err.Error()) {
				t.Errorf("error member: got %q, want Check's error %q, saying unreachable", msg, err)
			}
			if doc["interrupted"] != tt.interrupted {
				t.Errorf("interrupted (%s): got %v, want %v", tt.reason, doc["interrupted"], tt.interrupted)
			}
			if fs, ok := doc["findings"].([]any); !ok || len(fs) != 0 {
				t.Errorf("findings: got %v, want an empty list", doc["findings"])
			}
			if tt.interrupted {
				if n, _ := doc["requests"].(float64); n == 0 || n >= 100000 {
					t.Errorf("requests: got %v, want some, far fewer than the budget", doc["requests"])
				}
			}
			rows, _ := doc["rules"].([]any)
			var ids, want []string
			for _, x := range rows {
				row, _ := x.(map[string]any)
				ids = append(ids, fmt.Sprint(row["id"]))
			}
			for _, r := range rules.All {
				want = append(want, string(r.ID))
			}
			if !slices.Equal(ids, want) {
				t.Errorf("rules: got rows %v, want one per rule, in table order %v", ids, want)
			}
			if tt.wantErr {
				for i, x := range rows {
					if row, _ := x.(map[string]any); row["status"] != "skipped" {
						t.Errorf("rules[%d] status (%s): got %v, want skipped (nothing judged)", i, tt.reason, row["status"])
					}
				}
			}
			if res.Failed() != true {
				t.Errorf("Failed(): got false, want true for verdict error")
			}
		})
	}
}

// TestJUnitReadsWellInCI: a test case is named by its rule's id and carries
// the rule's short description and contract line as properties; the suite
// has the run's real start and length, and each test case its rule's share
// of that length (the rules are judged on the same exchanges), never a
// time of 0 for a rule that was checked.
func TestJUnitReadsWellInCI(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	res, dir, _ := check(t, conformance.Handler(alwaysSuccess), conformance.WithBudget(20))
	s := readJUnit(t, dir).Suites[0]
	if s.Time != res.Duration().Seconds() || s.Time <= 0 {
		t.Errorf("testsuite time: got %v, want the run's %v", s.Time, res.Duration().Seconds())
	}
	started, err := time.Parse("2006-01-02T15:04:05", s.Timestamp)
	if err != nil || started.Before(before) || started.After(time.Now().UTC()) {
		t.Errorf("testsuite timestamp: got %q (%v), want the run's start, after %v", s.Timestamp, err, before)
	}
	sum := 0.0
	for i, r := range rules.All {
		c := s.Cases[i]
		props := map[string]string{}
		for _, p := range c.Properties {
			props[p.Name] = p.Value
		}
		row := res.Rule(r.ID)
		if c.Name != string(r.ID) || props["description"] != r.Title || props["contract"] != r.Contract || props["checks"] != strconv.Itoa(row.Cases) {
			t.Errorf("test case %d: name %q, properties %v; want %q with its title, contract line and checks", i, c.Name, props, r.ID)
		}
		if row.Cases > 0 && c.Time <= 0 {
			t.Errorf("%s: time %v, want its share of the run (%d checks)", r.ID, c.Time, row.Cases)
		}
		sum += c.Time
	}
	if diff := sum - s.Time; diff > 0.001 || diff < -0.001 {
		t.Errorf("test case times: sum %v, want the suite's %v", sum, s.Time)
	}
}
