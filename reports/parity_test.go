package reports_test

import (
	"bytes"
	"encoding/xml"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"golang.org/x/net/html"
)

// parityMutant is the fixed mutant of the parity golden files: its error
// envelopes name another code than the reference's.
const parityMutant = "wrong-error-code"

// parityRun records the reference emulator at a fixed seed and prefix,
// checks the mutant against the recording under a fixed prefix, and writes
// every report into a new directory; it returns the cassette too.
func parityRun(t *testing.T) (*result.Result, string, *parity.HAR) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := conformance.Record(t.Context(), conformance.Handler(emulator.ForDialect(rules.Envelope)), &buf,
		conformance.WithSeed(20261207), conformance.WithBudget(6), conformance.WithNamePrefix("rec000-")); err != nil {
		t.Fatal(err)
	}
	h, err := parity.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := mutants.Named(parityMutant)
	if !ok {
		t.Fatalf("mutant %s: not in mutants.All()", parityMutant)
	}
	srv := httptest.NewServer(m.New())
	t.Cleanup(srv.Close)
	rs := append(append(parity.Rules{}, parity.DefaultRules...), parity.Rule{Pointer: "/destination/accessPolicy", Treat: parity.NullIsAbsent, Why: "null for unset"})
	res, err := parity.Check(t.Context(), h, parity.Options{Endpoint: srv.URL, Rules: rs, Prefix: "par000-", Reproduce: "conformance parity -cassette ref.har -endpoint " + srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := reports.Write(dir, res); err != nil {
		t.Fatal(err)
	}
	validReport(t, dir)
	return res, dir, h
}

var localURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// TestParityGolden: the console and conformance.md of a fixed parity
// check, times, the report directory and the endpoint's port masked: the
// normalization table it used (the user's rule last), each finding with
// the reference's answer and the endpoint's.
func TestParityGolden(t *testing.T) {
	res, dir, _ := parityRun(t)
	var b bytes.Buffer
	if err := reports.Console(&b, res, reports.ConsoleOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	golden(t, "parity-console.golden", localURL.ReplaceAllString(mask(b.String(), dir), "$$ENDPOINT"))
	golden(t, "parity-markdown.golden", localURL.ReplaceAllString(mask(string(readFile(t, filepath.Join(dir, reports.MarkdownFile))), dir), "$$ENDPOINT"))
}

// TestParityReportsShowBothAnswers: every report of a parity check holds
// the reference's answer beside the endpoint's, and the table it used.
// conformance.json keeps the reference's as typed members, its body the
// bytes the cassette recorded; junit.xml's failure text has both answers
// and its parity case the table as properties; conformance.html puts them
// in two columns, the differing member marked on each side and nothing
// else; the findings files hold the reference's answer.
func TestParityReportsShowBothAnswers(t *testing.T) {
	res, dir, h := parityRun(t)
	if len(res.Findings) == 0 {
		t.Fatalf("%s against its reference's recording: no finding, want divergences at /error/code", parityMutant)
	}
	loaded, err := result.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(loaded.Normalization); n != len(parity.DefaultRules)+1 || loaded.Normalization[n-1].Treat != string(parity.NullIsAbsent) {
		t.Errorf("conformance.json normalization: got %+v, want the default table and the user's rule last", loaded.Normalization)
	}
	for _, f := range loaded.Findings {
		x := f.Reference
		if x == nil || x.Response == nil || f.Response == nil {
			t.Fatalf("finding %q: want both answers, got reference %+v", f.Summary, x)
		}
		entry := h.Log.Entries[f.CaseIndex].Response.Content
		if entry.Encoding != "" || string(x.Response.Body) != entry.Text {
			t.Errorf("finding %q: reference body %q, want the recorded bytes %q", f.Summary, x.Response.Body, entry.Text)
		}
		if string(x.Response.Body) == string(f.Response.Body) {
			t.Errorf("finding %q: the two answers are the same bytes, want the reference's and the endpoint's", f.Summary)
		}
	}

	var suites struct {
		Suites []struct {
			Cases []struct {
				Name       string `xml:"name,attr"`
				Properties []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value,attr"`
				} `xml:"properties>property"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(readFile(t, filepath.Join(dir, reports.JUnitFile)), &suites); err != nil {
		t.Fatal(err)
	}
	for _, c := range suites.Suites[0].Cases {
		if c.Name != string(rules.Parity) {
			continue
		}
		if c.Failure == nil || !strings.Contains(c.Failure.Text, "reference: 400") || !strings.Contains(c.Failure.Text, "endpoint:  400") {
			t.Errorf("junit.xml parity failure: got %+v, want the reference's answer and the endpoint's", c.Failure)
		}
		var table []string
		for _, p := range c.Properties {
			if strings.HasPrefix(p.Name, "normalization_") {
				table = append(table, p.Value)
			}
		}
		if len(table) != len(loaded.Normalization) || !strings.HasPrefix(table[len(table)-1], "/destination/accessPolicy null-is-absent") {
			t.Errorf("junit.xml parity properties: got table %q, want every rule of the one used", table)
		}
	}

	p := parsePage(t, readFile(t, filepath.Join(dir, reports.HTMLFile)))
	first := p.ids["finding-parity-1"]
	if first == nil {
		t.Fatal("conformance.html: no finding-parity-1")
	}
	var columns []*html.Node
	walk(first, func(n *html.Node) {
		if n.Data == "div" && strings.Contains(attr(n, "class"), "parity") {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					columns = append(columns, c)
				}
			}
		}
	})
	if len(columns) != 2 {
		t.Fatalf("conformance.html finding-parity-1: got %d parity columns, want two (the reference's, the endpoint's)", len(columns))
	}
	for i, want := range []string{`"code":"VALIDATION_ERROR"`, `"code":"BAD_REQUEST"`} {
		var marked []string
		walk(columns[i], func(n *html.Node) {
			if n.Data == "mark" {
				marked = append(marked, text(n))
			}
		})
		if len(marked) != 1 || marked[0] != want {
			t.Errorf("conformance.html parity column %d: got marked %q, want only %s", i+1, marked, want)
		}
	}
	if !strings.Contains(text(p.ids["normalization"].NextSibling.NextSibling), "Parity with the cassette") {
		t.Errorf("conformance.html: want the normalization table after its heading")
	}

	fl := reports.Files(res)[0]
	if got := string(readFile(t, filepath.Join(dir, fl.ReferenceResponse))); !strings.HasSuffix(got, "\n\n"+string(res.Findings[0].Reference.Response.Body)) {
		t.Errorf("%s: got %q, want the reference's recorded answer", fl.ReferenceResponse, got)
	}
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}
