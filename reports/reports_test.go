package reports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

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

// ownJSON is a conformance.json as the harness writes it (it carries the
// format marker).
func ownJSON(t *testing.T, verdict string) []byte {
	t.Helper()
	data, err := json.MarshalIndent(reports.Report{Format: reports.Format, Verdict: verdict}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestWriteFileAtomicNoTempLeft(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		file   string
		data   func(t *testing.T) []byte
	}{
		{"json", "conformance.json with the format marker", reports.JSONFile, func(t *testing.T) []byte { return ownJSON(t, "conformance") }},
		{"junit", "junit.xml with the suite name marker", reports.JUnitFile, func(t *testing.T) []byte {
			return []byte(`<testsuites><testsuite name="` + reports.SuiteName + `"></testsuite></testsuites>`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A directory that does not exist yet: WriteFile creates it.
			dir := filepath.Join(t.TempDir(), "nested", "out")
			data := tt.data(t)
			if err := reports.WriteFile(dir, tt.file, data); err != nil {
				t.Fatalf("WriteFile (%s): got %v, want nil", tt.reason, err)
			}
			if got := readFile(t, filepath.Join(dir, tt.file)); !bytes.Equal(got, data) {
				t.Errorf("content: got %q, want %q", got, data)
			}
			if got, want := dirNames(t, dir), []string{tt.file}; !slices.Equal(got, want) {
				t.Errorf("directory after write: got %v, want %v (no temporary file left)", got, want)
			}
			info, err := os.Stat(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != 0o644 {
				t.Errorf("mode: got %v, want -rw-r--r--", got)
			}

			// Its own previous file is overwritten, again atomically.
			again := append(bytes.Clone(data), []byte("\n<!-- second run -->\n")...)
			if err := reports.WriteFile(dir, tt.file, again); err != nil {
				t.Fatalf("WriteFile over its own file (%s): got %v, want nil", tt.reason, err)
			}
			if got := readFile(t, filepath.Join(dir, tt.file)); !bytes.Equal(got, again) {
				t.Errorf("content after overwrite: got %q, want %q", got, again)
			}
			if got, want := dirNames(t, dir), []string{tt.file}; !slices.Equal(got, want) {
				t.Errorf("directory after overwrite: got %v, want %v (no temporary file left)", got, want)
			}
		})
	}
}

func TestWriteFileRefusesForeignFile(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		file    string
		foreign string
	}{
		{"json without marker", "someone's own conformance.json", reports.JSONFile, `{"verdict": "mine", "format": "something-else"}`},
		{"json other format version", "a future or foreign format is not ours", reports.JSONFile, `{"format": "putdestination-conformance/v0"}`},
		{"json empty", "an empty file is not ours either", reports.JSONFile, ``},
		{"junit without marker", "another tool's junit.xml", reports.JUnitFile, `<testsuites><testsuite name="unit tests"/></testsuites>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.foreign), 0o600); err != nil {
				t.Fatal(err)
			}
			var data []byte
			if tt.file == reports.JSONFile {
				data = ownJSON(t, "conformant")
			} else {
				data = []byte(`<testsuites><testsuite name="` + reports.SuiteName + `"/></testsuites>`)
			}
			err := reports.WriteFile(dir, tt.file, data)
			if err == nil {
				t.Fatalf("WriteFile over a foreign file (%s): got nil error, want a refusal", tt.reason)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error: got %q, want it to name %s", err, path)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error: got %q, want one line", err)
			}
			if got := readFile(t, path); string(got) != tt.foreign {
				t.Errorf("foreign content (%s): got %q, want it untouched %q", tt.reason, got, tt.foreign)
			}
			if got, want := dirNames(t, dir), []string{tt.file}; !slices.Equal(got, want) {
				t.Errorf("directory after refusal: got %v, want %v", got, want)
			}
		})
	}
}

// TestWriteJUnitRefusesForeignFile checks the JUnit writers go through the
// same guard.
func TestWriteJUnitRefusesForeignFile(t *testing.T) {
	writers := []struct {
		name  string
		write func(dir string) error
	}{
		{"WriteErrorJUnit", func(dir string) error { return reports.WriteErrorJUnit(dir, "boom") }},
		{"WriteGinkgoJUnit", func(dir string) error {
			return reports.WriteGinkgoJUnit(dir, types.Report{SuiteDescription: reports.SuiteName, SuiteSucceeded: true})
		}},
		{"WriteJSON", func(dir string) error {
			return reports.WriteJSON(dir, reports.Report{Format: reports.Format})
		}},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			dir := t.TempDir()
			const foreign = "not ours"
			for _, name := range []string{reports.JSONFile, reports.JUnitFile} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(foreign), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := w.write(dir)
			if err == nil {
				t.Fatalf("%s over a foreign file: got nil error, want a refusal", w.name)
			}
			for _, name := range []string{reports.JSONFile, reports.JUnitFile} {
				if got := readFile(t, filepath.Join(dir, name)); string(got) != foreign {
					t.Errorf("%s after %s: got %q, want it untouched", name, w.name, got)
				}
			}
		})
	}
}

// junitDoc is the JUnit shape, decoded independently of Ginkgo's types.
type junitDoc struct {
	XMLName xml.Name `xml:"testsuites"`
	Tests   int      `xml:"tests,attr"`
	Errors  int      `xml:"errors,attr"`
	Suites  []struct {
		Name   string `xml:"name,attr"`
		Tests  int    `xml:"tests,attr"`
		Errors int    `xml:"errors,attr"`
		Cases  []struct {
			Name   string `xml:"name,attr"`
			Status string `xml:"status,attr"`
			Error  *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"error"`
			Failure *struct{} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestWriteErrorJUnit(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		msg    string
	}{
		{"plain", "the usual one-line harness error", "conformance: endpoint http://127.0.0.1:1: unreachable: connection refused"},
		{"xml specials", "quotes, ampersands and angle brackets must be escaped", `got "<&>" from 'x'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := reports.WriteErrorJUnit(dir, tt.msg); err != nil {
				t.Fatalf("WriteErrorJUnit: got %v, want nil", err)
			}
			data := readFile(t, filepath.Join(dir, reports.JUnitFile))
			var doc junitDoc
			if err := xml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("junit.xml (%s): got %v parsing it, want valid XML:\n%s", tt.reason, err, data)
			}
			if doc.Tests != len(rules.All) || doc.Errors != len(rules.All) {
				t.Errorf("testsuites tests/errors: got %d/%d, want %d/%d", doc.Tests, doc.Errors, len(rules.All), len(rules.All))
			}
			if len(doc.Suites) != 1 {
				t.Fatalf("testsuite elements: got %d, want 1", len(doc.Suites))
			}
			s := doc.Suites[0]
			if s.Name != reports.SuiteName {
				t.Errorf("testsuite name: got %q, want %q", s.Name, reports.SuiteName)
			}
			if s.Tests != len(rules.All) || s.Errors != len(rules.All) {
				t.Errorf("testsuite tests/errors: got %d/%d, want %d/%d", s.Tests, s.Errors, len(rules.All), len(rules.All))
			}
			if len(s.Cases) != len(rules.All) {
				t.Fatalf("testcases: got %d, want one per rule (%d)", len(s.Cases), len(rules.All))
			}
			for i, r := range rules.All {
				c := s.Cases[i]
				if !strings.Contains(c.Name, "["+string(r.ID)+"]") {
					t.Errorf("testcase %d name: got %q, want it to carry [%s]", i, c.Name, r.ID)
				}
				if c.Status != "error" {
					t.Errorf("testcase %s status: got %q, want error", r.ID, c.Status)
				}
				if c.Failure != nil {
					t.Errorf("testcase %s: got a failure element, want an error one only", r.ID)
				}
				if c.Error == nil {
					t.Errorf("testcase %s error: got none, want one", r.ID)
					continue
				}
				if c.Error.Message != tt.msg || c.Error.Text != tt.msg {
					t.Errorf("testcase %s error (%s): got message %q text %q, want %q", r.ID, tt.reason, c.Error.Message, c.Error.Text, tt.msg)
				}
			}
			if got, want := dirNames(t, dir), []string{reports.JUnitFile}; !slices.Equal(got, want) {
				t.Errorf("directory: got %v, want %v", got, want)
			}
		})
	}
}

// TestJUnitWritersOverwriteEachOther: a run that errors after a run that
// judged the endpoint (and the other way round) replaces junit.xml: both
// writers leave the marker.
func TestJUnitWritersOverwriteEachOther(t *testing.T) {
	dir := t.TempDir()
	ginkgo := func() error {
		return reports.WriteGinkgoJUnit(dir, types.Report{SuiteDescription: reports.SuiteName, SuiteSucceeded: true, RunTime: time.Second})
	}
	steps := []struct {
		name  string
		write func() error
	}{
		{"ginkgo first", ginkgo},
		{"ginkgo over ginkgo", ginkgo},
		{"error over ginkgo", func() error { return reports.WriteErrorJUnit(dir, "boom") }},
		{"ginkgo over error", ginkgo},
	}
	for _, s := range steps {
		if err := s.write(); err != nil {
			t.Fatalf("%s: got %v, want nil", s.name, err)
		}
		var doc junitDoc
		if err := xml.Unmarshal(readFile(t, filepath.Join(dir, reports.JUnitFile)), &doc); err != nil {
			t.Fatalf("%s: junit.xml does not parse: %v", s.name, err)
		}
	}
	if got, want := dirNames(t, dir), []string{reports.JUnitFile}; !slices.Equal(got, want) {
		t.Errorf("directory: got %v, want %v", got, want)
	}
}

// alwaysSuccess answers every request with a success envelope, which breaks
// rejects-invalid on every invalid case.
func alwaysSuccess() http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Set-Cookie", "session=from-server")
		emulator.WriteSuccess(w, fmt.Sprintf("id-%d", n.Add(1)), time.Now())
	})
}

// runFaulty runs a short campaign against the handler.
func runFaulty(t *testing.T, h http.Handler) (*campaign.Result, *spec.Spec) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r, err := campaign.New(s, generators.Options{}, transport.Config{RequestTimeout: 2 * time.Second, Headers: http.Header{"X-Api-Token": {"tok-123456"}}},
		campaign.Config{Endpoint: srv.URL, Seed: 42, Budget: 8, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Client.Close)
	return r.Run(context.Background()), s
}

func TestJSONReportFields(t *testing.T) {
	res, s := runFaulty(t, alwaysSuccess())
	if res.Verdict() != "non-conformant" {
		t.Fatalf("verdict of the campaign: got %s, want non-conformant", res.Verdict())
	}
	const reproduce = "make conformance SEED=42 BUDGET=8"
	dir := t.TempDir()
	if err := reports.WriteJSON(dir, reports.New(res, s.Source, spec.EmbeddedSource(), reproduce)); err != nil {
		t.Fatalf("WriteJSON: got %v, want nil", err)
	}
	data := readFile(t, filepath.Join(dir, reports.JSONFile))
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("conformance.json: got %v parsing it, want JSON", err)
	}

	for _, tt := range []struct {
		key    string
		reason string
		ok     func(v any) bool
	}{
		{"format", "the format version", func(v any) bool { return v == reports.Format }},
		{"verdict", "faults were found", func(v any) bool { return v == "non-conformant" }},
		{"endpoint", "where requests went", func(v any) bool { return v == res.Endpoint && res.Endpoint != "" }},
		{"seed", "the seed reproduces the run", func(v any) bool { return v == float64(42) }},
		{"budget", "cases per property", func(v any) bool { return v == float64(8) }},
		{"requests", "requests actually sent", func(v any) bool { f, ok := v.(float64); return ok && f == float64(res.Requests) && f > 0 }},
		{"duration_ms", "how long the run took", func(v any) bool { f, ok := v.(float64); return ok && f >= 0 }},
		{"interrupted", "nothing interrupted the run", func(v any) bool { return v == false }},
		{"reproduce", "the command that reruns the cases", func(v any) bool { return v == reproduce }},
		{"spec", "which contract was checked", func(v any) bool {
			m, ok := v.(map[string]any)
			return ok && m["source"] == s.Source && len(fmt.Sprint(m["sha256"])) == 64
		}},
		{"first_finding", "how far the run got before its first finding", func(v any) bool {
			m, ok := v.(map[string]any)
			return ok && m["requests"].(float64) >= 1
		}},
	} {
		v, ok := doc[tt.key]
		if !ok {
			t.Errorf("conformance.json %q: got no such member, want it (%s)", tt.key, tt.reason)
			continue
		}
		if !tt.ok(v) {
			t.Errorf("conformance.json %q (%s): got %v", tt.key, tt.reason, v)
		}
	}
	if _, ok := doc["error"]; ok {
		t.Errorf("conformance.json error: got %v, want no member when the harness did its job", doc["error"])
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
		if row["id"] != string(r.ID) {
			t.Errorf("rules[%d] id: got %v, want %s (table order)", i, row["id"], r.ID)
		}
		st := res.Rule(r.ID)
		if row["cases"] != float64(st.Cases) || row["failures"] != float64(st.Failures) {
			t.Errorf("rules[%d] cases/failures: got %v/%v, want %d/%d", i, row["cases"], row["failures"], st.Cases, st.Failures)
		}
		switch status := row["status"]; {
		case status != "pass" && status != "fail" && status != "skipped":
			t.Errorf("rules[%d] status: got %v, want pass, fail or skipped", i, status)
		case r.ID == rules.RejectsInvalid && status != "fail":
			t.Errorf("rules[%d] status: got %v, want fail (every invalid case got a success)", i, status)
		case r.ID == rules.Robustness && status != "pass":
			t.Errorf("rules[%d] status: got %v, want pass (the endpoint answered every request)", i, status)
		}
	}

	fs, _ := doc["findings"].([]any)
	if len(fs) == 0 {
		t.Fatalf("findings: got none, want rejects-invalid findings")
	}
	sawRejects := false
	for i, x := range fs {
		f, _ := x.(map[string]any)
		if f["rule"] == string(rules.RejectsInvalid) {
			sawRejects = true
		}
		if sum, _ := f["summary"].(string); !strings.HasPrefix(sum, fmt.Sprint(f["rule"])+" ") {
			t.Errorf("findings[%d] summary: got %q, want it to start with the rule id %v", i, sum, f["rule"])
		}
		req, _ := f["request"].(map[string]any)
		for _, k := range []string{"method", "url", "headers", "body"} {
			if _, ok := req[k]; !ok {
				t.Errorf("findings[%d] request.%s: got no such member, want it", i, k)
			}
		}
		if req["url"] != res.Endpoint {
			t.Errorf("findings[%d] request.url: got %v, want %s", i, req["url"], res.Endpoint)
		}
		hdr, _ := req["headers"].(map[string]any)
		if got := fmt.Sprint(hdr["X-Amz-Target"]); !strings.Contains(got, "PutDestination") {
			t.Errorf("findings[%d] request.headers X-Amz-Target: got %s, want the harness's target header", i, got)
		}
		resp, _ := f["response"].(map[string]any)
		for _, k := range []string{"status", "headers", "body"} {
			if _, ok := resp[k]; !ok {
				t.Errorf("findings[%d] response.%s: got no such member, want it", i, k)
			}
		}
		if resp["status"] != float64(200) {
			t.Errorf("findings[%d] response.status: got %v, want 200", i, resp["status"])
		}
		if body, _ := resp["body"].(string); !strings.Contains(body, `"success":true`) {
			t.Errorf("findings[%d] response.body: got %q, want the success envelope", i, body)
		}
		rh, _ := resp["headers"].(map[string]any)
		if got := fmt.Sprint(rh["Set-Cookie"]); got != "[REDACTED]" {
			t.Errorf("findings[%d] response.headers Set-Cookie: got %s, want [REDACTED]", i, got)
		}
		curl, _ := f["curl"].(string)
		if !strings.HasPrefix(curl, "curl ") && !strings.HasPrefix(curl, "printf ") {
			t.Errorf("findings[%d] curl: got %q, want a curl command line", i, curl)
		}
		if !strings.Contains(curl, res.Endpoint) {
			t.Errorf("findings[%d] curl: got %q, want it to name the endpoint", i, curl)
		}
		if _, ok := f["violations"].([]any); !ok {
			t.Errorf("findings[%d] violations: got %v, want a list", i, f["violations"])
		}
	}
	if !sawRejects {
		t.Errorf("findings: got none under %s, want some", rules.RejectsInvalid)
	}
	// The configured header's value never reaches the report.
	if bytes.Contains(data, []byte("tok-123456")) {
		t.Errorf("conformance.json: got the configured header's value, want it redacted")
	}
	if !bytes.Contains(data, []byte(`"X-Api-Token: REDACTED"`)) && !bytes.Contains(data, []byte(`X-Api-Token: REDACTED`)) {
		t.Errorf("conformance.json: got no redacted X-Api-Token in the curl lines, want one")
	}
}

// TestJSONReportOfHarnessError: a result the harness could not judge says
// so, with findings an empty list rather than null.
func TestJSONReportOfHarnessError(t *testing.T) {
	tests := []struct {
		name        string
		reason      string
		res         *campaign.Result
		verdict     string
		wantError   bool
		interrupted bool
	}{
		{
			name: "unreachable", reason: "the harness could not reach the endpoint",
			res:     &campaign.Result{Endpoint: "http://127.0.0.1:1", Err: errors.New("endpoint http://127.0.0.1:1: unreachable")},
			verdict: "error", wantError: true,
		},
		{
			name: "interrupted", reason: "interrupted before any finding: nothing was judged to the end",
			res:     &campaign.Result{Endpoint: "http://x", Interrupted: true, Requests: 3},
			verdict: "error", interrupted: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := reports.WriteJSON(dir, reports.New(tt.res, "embedded:x", nil, "make conformance")); err != nil {
				t.Fatalf("WriteJSON: got %v, want nil", err)
			}
			data := readFile(t, filepath.Join(dir, reports.JSONFile))
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("conformance.json: got %v, want JSON", err)
			}
			if doc["verdict"] != tt.verdict {
				t.Errorf("verdict (%s): got %v, want %s", tt.reason, doc["verdict"], tt.verdict)
			}
			if _, ok := doc["error"]; ok != tt.wantError {
				t.Errorf("error member (%s): got present=%v, want present=%v", tt.reason, ok, tt.wantError)
			}
			if doc["interrupted"] != tt.interrupted {
				t.Errorf("interrupted (%s): got %v, want %v", tt.reason, doc["interrupted"], tt.interrupted)
			}
			if fs, ok := doc["findings"].([]any); !ok || len(fs) != 0 {
				t.Errorf("findings: got %v, want an empty list", doc["findings"])
			}
			rows, _ := doc["rules"].([]any)
			for i, x := range rows {
				if row, _ := x.(map[string]any); row["status"] != "skipped" {
					t.Errorf("rules[%d] status (%s): got %v, want skipped (nothing judged)", i, tt.reason, row["status"])
				}
			}
			if len(rows) != len(rules.All) {
				t.Errorf("rules: got %d rows, want %d", len(rows), len(rules.All))
			}
		})
	}
}
