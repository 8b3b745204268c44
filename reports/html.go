package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/reportfile"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/rules"
)

//go:embed html.tmpl
var htmlSource string

// htmlMarker is in every conformance.html the harness wrote.
var htmlMarker = []byte(`<meta name="generator" content="putdestination-conformance">`)

var htmlTemplate = template.Must(template.New("conformance.html").Funcs(template.FuncMap{
	"pct": func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
}).Parse(htmlSource))

// bodyShown is how much of a body conformance.html shows; the whole body
// is in the findings files and in conformance.json.
const bodyShown = 8 << 10

// HTML renders res as one self-contained page: no script, style, font or
// image is loaded from anywhere (the styles, the copy buttons' script and
// the SVG charts are inline). The verdict comes first, then a matrix of
// the rules (status, checks, failures), charts (requests per property and
// outcome, the latency histogram, the time to the first finding), every
// finding (its request, its response, what the spec requires with a link
// to the part of the spec quoted at the end, and its reproduction with a
// copy button), and the parts of the spec the rules check. Secrets are
// already redacted in res.
func HTML(res *result.Result) ([]byte, error) { return htmlPage(res, JSONFile) }

// htmlPage is the page of res, whose replay lines name the report by the
// path report: the command a run was started with may only run where it
// was started (go run ./cmd/conformance in a clone).
func htmlPage(res *result.Result, report string) ([]byte, error) {
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, newHTMLView(res, report)); err != nil {
		return nil, fmt.Errorf("html: %v", err)
	}
	return b.Bytes(), nil
}

// WriteHTML writes conformance.html for res into dir.
func WriteHTML(dir string, res *result.Result) error {
	page, err := htmlPage(res, filepath.Join(dir, JSONFile))
	if err != nil {
		return err
	}
	return reportfile.Write(dir, HTMLFile, page, htmlMarker)
}

type htmlView struct {
	R            *result.Result
	Verdict      string
	VerdictClass string
	Failing      int
	Checked      int
	Duration     string
	Seeds        string
	Rows         []ruleRow
	Groups       []findingGroup
	Properties   barChart
	Latency      histogram
	First        firstChart
	Spec         []SpecPart
	SpecMissing  bool
	FromDir      bool
	Generated    string
}

type ruleRow struct {
	ID, Title, Contract, Status string
	Cases, Failures             int
	Rate                        float64 // failures per case, in percent
	Refs                        []SpecPart
	Findings                    int
	FirstAnchor                 string
}

type findingGroup struct {
	Row      ruleRow
	Findings []findingView
}

type findingView struct {
	N               int
	Name, Anchor    string
	Rule, Signature string
	Count           int
	Intermittent    bool
	Summary         string
	Violations      []contract.Violation
	Case, Property  string
	CaseSeed        string
	CaseIndex       int
	Expect          string
	Notes           []string
	First           *exchangeView
	Exchange        exchangeView
	// Parity: the two answers of a parity finding, side by side.
	Parity           *parityView
	Curl, FirstCurl  string
	Rerun            bool // Curl reruns the run (see Repro.Rerun)
	CurlID, FirstID  string
	FromDir          bool
	Needs            string
	Breaks           string
	BreaksRef        SpecPart
	Files            FindingFiles
	Replay, ReplayID string
}

type exchangeView struct {
	Method, URL string
	Headers     []header
	Body        string
	BodyNote    string
	BodyFile    string
	Status      string
	RespHeaders []header
	RespBody    string
	RespNote    string
	RespFile    string
	Failure     string
	NoResponse  bool
}

type header struct{ Name, Value string }

func newHTMLView(res *result.Result, report string) htmlView {
	v := htmlView{R: res, Verdict: string(res.Verdict), Duration: humanDuration(res.Duration()), Seeds: fmt.Sprint(res.Seed)}
	switch res.Verdict {
	case "conformant":
		v.VerdictClass = "pass"
	case "non-conformant":
		v.VerdictClass = "fail"
	default:
		v.VerdictClass = "error"
	}
	if len(res.Shards) > 0 {
		v.Seeds = strings.ReplaceAll(strings.ReplaceAll(seedList(res), "`", ""), "seed ", "")
	}
	doc := specDocument(res)
	v.SpecMissing = doc == nil
	var refs []string
	for _, r := range res.Rules {
		refs = append(refs, r.SpecRefs...)
	}
	for _, f := range res.Findings {
		if ref := memberRef(doc, f.Expect.Breaks.Pointer); ref != "" {
			refs = append(refs, ref)
		}
	}
	v.Spec = specParts(doc, refs, res.Dialect == rules.AWS)
	part := func(ref string) SpecPart {
		for _, p := range v.Spec {
			if p.Ref == ref {
				return p
			}
		}
		return SpecPart{Ref: ref, Anchor: specAnchor(ref)}
	}
	files := Files(res)
	rowOf := map[rules.ID]ruleRow{}
	for _, r := range res.Rules {
		row := ruleRow{ID: string(r.ID), Title: r.Title, Status: string(r.Status), Cases: r.Cases, Failures: r.Failures}
		if rule, ok := rules.Lookup(r.ID); ok {
			row.Contract = rule.Contract
		}
		if r.Cases > 0 {
			row.Rate = 100 * float64(r.Failures) / float64(r.Cases)
		}
		for _, ref := range r.SpecRefs {
			row.Refs = append(row.Refs, part(ref))
		}
		row.Findings = len(res.FindingsFor(r.ID))
		if r.Status == "fail" {
			v.Failing++
		}
		if r.Status != "skipped" {
			v.Checked++
		}
		rowOf[r.ID] = row
	}
	groups := map[rules.ID]*findingGroup{}
	var order []rules.ID
	for i, f := range res.Findings {
		fv := newFindingView(res, i, f, files[i], replayLine(res, report, files[i].Name))
		if ref := memberRef(doc, f.Expect.Breaks.Pointer); ref != "" {
			fv.BreaksRef = part(ref)
		}
		v.FromDir = v.FromDir || fv.FromDir
		g := groups[f.Rule]
		if g == nil {
			row := rowOf[f.Rule]
			row.FirstAnchor = fv.Anchor
			rowOf[f.Rule] = row
			g = &findingGroup{Row: row}
			groups[f.Rule] = g
			order = append(order, f.Rule)
		}
		g.Findings = append(g.Findings, fv)
	}
	for _, r := range res.Rules {
		v.Rows = append(v.Rows, rowOf[r.ID])
	}
	slices.SortStableFunc(order, func(a, b rules.ID) int { return ruleIndex(a) - ruleIndex(b) })
	for _, id := range order {
		g := groups[id]
		g.Row = rowOf[id]
		v.Groups = append(v.Groups, *g)
	}
	v.Properties = propertiesChart(res.Properties)
	v.Latency = latencyChart(res.Latency)
	v.First = firstFindingChart(res)
	return v
}

func ruleIndex(id rules.ID) int {
	for i, r := range rules.All {
		if r.ID == id {
			return i
		}
	}
	return len(rules.All)
}

// replayLine is the command that re-sends one finding of the report at
// path report: the result's own replay command; "" when it has none (a run
// through the Go API).
func replayLine(res *result.Result, report, finding string) string {
	if res.Replay == "" {
		return ""
	}
	return res.Replay + " " + shell.Word(report) + " " + shell.Word(finding)
}

func newFindingView(res *result.Result, i int, f result.Finding, files FindingFiles, replay string) findingView {
	repro := reproIn(res, f, files, true)
	fv := findingView{
		N: i + 1, Name: files.Name, Anchor: "finding-" + files.Name, Rule: string(f.Rule), Signature: f.Signature, Count: f.Count, Intermittent: f.Intermittent,
		Summary: f.Summary, Violations: f.Violations, Case: f.Case, Property: f.Property,
		CaseSeed: strconv.FormatUint(f.CaseSeed, 10), CaseIndex: f.CaseIndex,
		Notes: f.Notes(), Curl: repro.Curl, FirstCurl: repro.First, FromDir: repro.FromDir, Rerun: repro.Rerun,
		CurlID: fmt.Sprintf("curl-%d", i+1), FirstID: fmt.Sprintf("first-curl-%d", i+1),
		Needs: f.Needs, Files: files,
		Replay:   replay,
		ReplayID: fmt.Sprintf("replay-%d", i+1),
	}
	fv.Expect = f.Expect.Outcome.String()
	if b := f.Expect.Breaks.String(); b != "" {
		fv.Expect += ": breaks " + b
		fv.Breaks = b
	}
	fv.Exchange = exchangeOf(f.Request, f.Response, f.Error, files.Request, files.Response)
	if fv.Parity = parityOf(f); fv.Parity != nil {
		fv.Parity.Reference.File, fv.Parity.Endpoint.File = files.ReferenceResponse, files.Response
	}
	if f.Previous != nil {
		x := exchangeOf(f.Previous.Request, f.Previous.Response, f.Previous.Error, files.FirstRequest, files.FirstResponse)
		fv.First = &x
	}
	return fv
}

func exchangeOf(req result.Request, resp *result.Response, failure, reqFile, respFile string) exchangeView {
	x := exchangeView{Method: req.Method, URL: req.URL, Headers: headersOf(req.Headers), BodyFile: reqFile, RespFile: respFile, Failure: failure}
	x.Body, x.BodyNote = shown(string(req.Body))
	if resp == nil {
		x.NoResponse = true
		return x
	}
	x.Status = fmt.Sprintf("%d %s", resp.Status, http.StatusText(resp.Status))
	x.RespHeaders = headersOf(resp.Headers)
	x.RespBody, x.RespNote = shown(string(resp.Body))
	return x
}

func headersOf(h map[string][]string) []header {
	var names []string
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	var out []header
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, header{k, visible(v)})
		}
	}
	return out
}

// shown is at most bodyShown bytes of a body made visible, and a note of
// what was left out.
func shown(body string) (string, string) {
	if body == "" {
		return "", "(empty body)"
	}
	if len(body) <= bodyShown {
		return visible(body), ""
	}
	cut := bodyShown
	for cut > 0 && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return visible(body[:cut]), fmt.Sprintf("… %d of %d bytes shown; the whole body is in the file", cut, len(body))
}

// visible shows bytes as text: printable UTF-8 as it is, line breaks and
// tabs kept, anything else (invalid UTF-8, control and format
// characters, line separators) as an escape.
func visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case !unicode.IsPrint(r) && r != ' ':
			if r <= 0xff {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func humanDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
	}
	return d.Round(time.Second).String()
}
