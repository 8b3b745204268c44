package fuzzing

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/fuzzcheck"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Report gathers what the inputs of one fuzz target found, in the result
// model (result.Result, result.Finding): Fuzz keeps one when a report
// directory is configured, and a fuzz target of one's own can do the same
// (Check in its fuzz function, Write in f.Cleanup). It is safe for
// concurrent use.
type Report struct {
	c           *Checker
	target, pkg string
	scrub       *transport.Client // secrets (WithHeader values) out of what is kept
	maxFindings int
	start       time.Time

	mu       sync.Mutex
	ran      result.FuzzTarget
	end      time.Time
	requests int64
	failed   int // exchanges that broke a selected rule
	counts   map[rules.ID]*[2]int
	kept     map[rules.ID]int // findings of seeds kept per rule
	findings []result.Finding
	latency  []int
	first    *result.FirstFinding
}

// Report returns an empty report of the inputs of the fuzz target named
// target (f.Name()) that Check will judge with c: the values of
// Config.Headers are scrubbed from everything kept, as a campaign's report
// does, and each rule keeps Config.MaxFindings findings of seeds. The
// error is for headers a report cannot scrub.
func (c *Checker) Report(target string) (*Report, error) {
	cfg := c.cfg
	scrub, err := transport.New(transport.Config{Headers: cfg.Headers})
	if err != nil {
		return nil, result.OneLine(err)
	}
	r := &Report{c: c, target: target, pkg: testPackage(), scrub: scrub, maxFindings: max(cfg.MaxFindings, 1),
		start: time.Now(), counts: map[rules.ID]*[2]int{}, kept: map[rules.ID]int{},
		latency: make([]int, len(campaign.LatencyBounds)+1)}
	r.ran = result.FuzzTarget{Target: target, Package: r.pkg}
	r.end = r.start
	return r, nil
}

// Check judges one input as Checker.Check does, returns the same
// failure text, and keeps what it found: name is the input's test name
// (t.Name() in the fuzz function: FuzzName/seed#3 for a seed,
// FuzzName/<file> for a file under testdata/fuzz/FuzzName).
func (r *Report) Check(name string, in Input) string {
	j := r.c.z.Judge.Judge(in)
	msg := r.c.z.Explain(in, j, fuzzHeadline)
	r.record(name, in, j)
	return msg
}

// Inputs is how many inputs Check has judged.
func (r *Report) Inputs() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ran.Inputs
}

// Result is the report as a Result: verdict non-conformant when an input
// broke a selected rule, conformant otherwise (error when no input ran).
func (r *Report) Result() *result.Result { return fuzzResult([]*Report{r}) }

// Write writes every report of r's result into dir, as the CLI does,
// never over a file the harness did not write.
func (r *Report) Write(dir string) error { return reports.Write(dir, r.Result()) }

// record keeps what one input came to.
func (r *Report) record(name string, in Input, j fuzzcheck.Judgement) {
	z := r.c.z
	r.mu.Lock()
	defer r.mu.Unlock()
	index := r.ran.Inputs
	r.ran.Inputs++
	corpus := fromCorpusFile(name)
	if corpus {
		r.ran.Corpus++
	}
	failedInput := false
	judge := func(at int, judged []rules.ID, vs []contract.Violation) {
		for _, id := range judged {
			if z.Selected(id) {
				r.count(id)[0]++
			}
		}
		broke := false
		for _, id := range rules.IDs() {
			of := contract.Under(id, vs)
			if len(of) == 0 || !z.Selected(id) {
				continue
			}
			broke = true
			r.count(id)[1]++
			if corpus || r.kept[id] < r.maxFindings {
				if !corpus {
					r.kept[id]++
				}
				r.findings = append(r.findings, r.finding(id, of, name, in, index, j.Exchanges, at))
			}
		}
		if broke {
			r.failed++
			if !failedInput && r.first == nil {
				r.first = &result.FirstFinding{Requests: r.requests, MS: time.Since(r.start).Milliseconds()}
			}
			failedInput = true
		}
	}
	for i, x := range j.Exchanges {
		r.requests++
		r.latency[campaign.LatencyBucket(x.Took)]++
		if x.Verdict.Skipped {
			continue
		}
		judge(i, oracle.JudgedBy(x.Expect), x.Verdict.Violations)
	}
	if j.IdentityRule != "" {
		judge(len(j.Exchanges)-1, []rules.ID{j.IdentityRule}, j.Identity)
	}
	if failedInput {
		r.ran.Failed++
	}
	r.end = time.Now()
}

func (r *Report) count(id rules.ID) *[2]int {
	c, ok := r.counts[id]
	if !ok {
		c = new([2]int)
		r.counts[id] = c
	}
	return c
}

// finding is the finding of rule id on exchange at of an input, its
// violations vs; the second request of a pair carries the first.
func (r *Report) finding(id rules.ID, vs []contract.Violation, name string, in Input, index int, exchanges []fuzzcheck.Exchange, at int) result.Finding {
	scrubbed := r.scrub.ScrubViolations(vs)
	x := exchanges[at]
	f := result.Finding{Rule: id, Summary: scrubbed[0].String(), Violations: scrubbed, Property: result.FuzzProperty,
		Case:     fmt.Sprintf("%s, request %d of %d: %s, %s", r.inputName(name, index), at+1, len(exchanges), x.Request.Method, in.Headers()),
		CaseSeed: r.c.seed, CaseIndex: index, Expect: x.Expect, Shrink: result.ShrinkNone,
		Reproduce: r.rerun(name),
		Replay:    result.Replay{Shape: result.ShapeOne, NamePrefix: r.c.cfg.NamePrefix, TimeoutMS: r.c.z.Timeout().Milliseconds()}}
	e := r.exchangeOf(x)
	f.Request, f.Response, f.Error, f.Curl = e.Request, e.Response, e.Error, e.Curl
	if at > 0 {
		prev := r.exchangeOf(exchanges[0])
		f.Previous = &prev
		f.Replay.Shape = result.ShapePair
		f.Needs = "a fresh handler, then the two requests in order (conformance.Fuzz makes a handler for every input)"
	} else {
		f.Needs = "the handler at the curl line's URL (conformance.Fuzz calls it in process, no socket)"
	}
	if f.Reproduce != "" {
		f.Needs += "; or rerun the input: " + f.Reproduce
	}
	f.Signature, f.Count = campaign.Signature(r.c.z.spec, id, scrubbed, x.Expect, campaign.AnswerClass(x.Answer.Status, x.Answer.Failure)), 1
	return f
}

// exchangeOf is the report's view of one exchange, secrets redacted.
func (r *Report) exchangeOf(x fuzzcheck.Exchange) result.Exchange {
	e := result.Exchange{Request: result.Request{Method: x.Request.Method, URL: x.Request.URL, Headers: r.scrub.Redact(x.Request.Header), Body: bytes.Clone(x.Request.Body)},
		Curl: r.c.z.Curl(x.Request)}
	a := x.Answer
	if a.Status != 0 {
		e.Response = &result.Response{Status: a.Status, Headers: r.scrub.ScrubHeader(a.Header), Body: result.Body(r.scrub.Scrub(string(a.Body)))}
	}
	if a.Failure != nil {
		e.Error = r.scrub.Scrub(a.Failure.String())
	}
	return e
}

// inputName says which input a test name is.
func (r *Report) inputName(name string, index int) string {
	target, sub, ok := strings.Cut(name, "/")
	switch {
	case !ok && name != "":
		return "an input of " + name
	case !ok:
		return fmt.Sprintf("input %d of %s", index+1, r.target)
	case fromCorpusFile(name):
		return "testdata/fuzz/" + target + "/" + sub
	}
	return sub + " of " + target
}

// rerun is the go test command that runs one input alone, "" when the
// name does not say which (the fuzz function's own name while fuzzing).
func (r *Report) rerun(name string) string {
	target, sub, ok := strings.Cut(name, "/")
	if !ok || target == "" || sub == "" {
		return ""
	}
	return "go test -run=" + shell.Word("^"+regexp.QuoteMeta(target)+"$/^"+regexp.QuoteMeta(sub)+"$") + " " + r.pkg
}

// fromCorpusFile reports whether a test name is an input read from a file
// under testdata/fuzz (Go names seeds seed#N).
func fromCorpusFile(name string) bool {
	_, sub, ok := strings.Cut(name, "/")
	return ok && sub != "" && !strings.HasPrefix(sub, "seed#")
}

// testPackage is the import path of the package under test ("." when the
// binary does not say).
func testPackage() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if p, ok := strings.CutSuffix(bi.Path, ".test"); ok && p != "" {
			return p
		}
	}
	return "."
}

// fuzzResult is the result of the fuzz targets reps of one process.
func fuzzResult(reps []*Report) *result.Result {
	z := reps[0].c.z
	sum := sha256.Sum256(z.spec.Bytes)
	res := &result.Result{Format: result.Format, Seed: reps[0].c.seed, Workers: 1, IDIndex: 2, Dialect: rules.Envelope,
		Spec: result.Spec{Source: z.spec.Source, SHA256: hex.EncodeToString(sum[:])}, Findings: []result.Finding{}}
	cases, failures := map[rules.ID]int{}, map[rules.ID]int{}
	selected := map[rules.ID]bool{}
	var names, pkgs []string
	inputs, failed := 0, 0
	res.Latency.Counts = make([]int, len(campaign.LatencyBounds)+1)
	for _, b := range campaign.LatencyBounds {
		res.Latency.BoundsMS = append(res.Latency.BoundsMS, b.Milliseconds())
	}
	for _, r := range reps {
		r.mu.Lock()
		res.Fuzz = append(res.Fuzz, r.ran)
		names = append(names, regexp.QuoteMeta(r.target))
		if len(pkgs) == 0 || pkgs[len(pkgs)-1] != r.pkg {
			pkgs = append(pkgs, r.pkg)
		}
		if r.first != nil && res.FirstFinding == nil {
			res.FirstFinding = &result.FirstFinding{Requests: res.Requests + r.first.Requests, MS: res.DurationMS + r.first.MS}
		}
		inputs += r.ran.Inputs
		res.Requests += r.requests
		res.DurationMS += r.end.Sub(r.start).Milliseconds()
		failed += r.failed
		for id, c := range r.counts {
			cases[id] += c[0]
			failures[id] += c[1]
		}
		for _, rule := range rules.All {
			selected[rule.ID] = selected[rule.ID] || rule.In(rules.Envelope) && r.c.z.Selected(rule.ID)
		}
		res.Findings = append(res.Findings, r.findings...)
		for i, n := range r.latency {
			res.Latency.Counts[i] += n
		}
		r.mu.Unlock()
	}
	res.Budget = max(inputs, 1) // the schema's floor; an error result says none ran
	res.Endpoint = "in-process handler, fuzz target " + strings.Join(names, ", ")
	run := names[0]
	if len(names) > 1 {
		run = "(" + strings.Join(names, "|") + ")"
	}
	res.Reproduce = "go test -run=" + shell.Word("^"+run+"$") + " " + strings.Join(pkgs, " ")
	res.Properties = []result.Property{{Name: result.FuzzProperty, Requests: int(res.Requests), Failed: failed}}
	for _, rule := range rules.All {
		row := result.RuleOutcome{ID: rule.ID, Title: rule.Title, Cases: cases[rule.ID], Failures: failures[rule.ID], SpecRefs: rule.SpecRefs}
		switch {
		case !selected[rule.ID] || row.Cases == 0 && row.Failures == 0:
			row.Status = result.Skipped
		case row.Failures > 0:
			row.Status = result.Fail
		default:
			row.Status = result.Pass
		}
		res.Rules = append(res.Rules, row)
	}
	switch {
	case inputs == 0:
		res.Verdict = result.Error
		res.Error = "no input of the fuzz target ran (did -run select none?)"
	case len(res.Findings) > 0:
		res.Verdict = result.NonConformant
		if fl := flag.Lookup("test.failfast"); fl != nil && fl.Value.String() == "true" {
			res.Stopped = "go test -failfast: the inputs after the first failing one did not run"
		}
	default:
		res.Verdict = result.Conformant
	}
	return res
}

// fuzzReports are the reports of the fuzz targets of this process, by
// report directory: each target's cleanup writes the result of all of them
// that ran, so that two targets of one package do not overwrite each
// other's findings.
var fuzzReports = struct {
	sync.Mutex
	byDir map[string][]*Report
}{byDir: map[string][]*Report{}}

// reportFor is Fuzz's report, nil when no report directory is
// configured or when this process does not run the inputs as tests (Go's
// fuzzing mode: the coordinator only says where reports come from, the
// workers say nothing). It checks the directory before any input runs and
// writes the reports in f's cleanup; either failure fails f with one line.
func reportFor(f *testing.F, c *Checker) *Report {
	f.Helper()
	dir, from := reportDir(c.cfg)
	if dir == "" {
		return nil
	}
	switch fuzzProcess(f.Name()) {
	case "worker":
		return nil
	case "coordinator":
		f.Cleanup(func() {
			f.Log(result.Clip(fmt.Sprintf("conformance.Fuzz: no report from fuzzing mode (%s %s); `go test -run=%s` runs the seeds and every input kept under testdata/fuzz/%s and writes them",
				from, dir, shell.Word("^"+regexp.QuoteMeta(f.Name())+"$"), f.Name())))
		})
		return nil
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if err := reports.Preflight(dir); err != nil {
		f.Fatal(result.Clip(fmt.Sprintf("conformance.Fuzz: cannot write reports (%s): %v", from, result.OneLine(err))))
	}
	rep, err := c.Report(f.Name())
	if err != nil {
		f.Fatal(result.Clip("conformance.Fuzz: " + err.Error()))
	}
	fuzzReports.Lock()
	fuzzReports.byDir[dir] = append(fuzzReports.byDir[dir], rep)
	fuzzReports.Unlock()
	f.Cleanup(func() {
		if rep.Inputs() == 0 {
			f.Log(result.Clip("conformance.Fuzz: no input ran, no report written into " + dir))
			return
		}
		fuzzReports.Lock()
		var ran []*Report
		for _, r := range fuzzReports.byDir[dir] {
			if r.Inputs() > 0 {
				ran = append(ran, r)
			}
		}
		res := fuzzResult(ran)
		err := reports.Write(dir, res)
		fuzzReports.Unlock()
		switch {
		case err != nil:
			f.Error(result.Clip(fmt.Sprintf("conformance.Fuzz: reports not written (%s): %v", from, result.OneLine(err))))
		default:
			f.Log(result.Clip(fmt.Sprintf("conformance.Fuzz: %s: reports in %s", res.Verdict, dir)))
		}
	})
	return rep
}

// reportDir is Fuzz's report directory and where it comes from: the
// option's, else the environment's ("" when neither gives one).
func reportDir(cfg Config) (dir, from string) {
	if cfg.ReportDir != "" {
		return cfg.ReportDir, "conformance.WithReportDir"
	}
	if dir := os.Getenv(ReportDirEnv); dir != "" {
		return dir, ReportDirEnv
	}
	return "", ""
}

// fuzzProcess says which process of `go test` this is for the fuzz target
// named target: "worker" (a fuzzing worker), "coordinator" (the process
// that fuzzes target with workers: it runs no input itself) or "" (inputs
// run as tests here).
func fuzzProcess(target string) string {
	if fl := flag.Lookup("test.fuzzworker"); fl != nil && fl.Value.String() == "true" {
		return "worker"
	}
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		if ok, err := regexp.MatchString(fl.Value.String(), target); err == nil && ok {
			return "coordinator"
		}
	}
	return ""
}
