package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

const replayUsage = "usage: conformance replay REPORT FINDING [-endpoint URL] [-header 'Name: value'] ...  (REPORT: a conformance.json or its directory; FINDING: its number, a rule id for the rule's first, or rule-N; exit 0 fixed, 1 still fails or not judged, 2 usage)"

// replayed is the outcome of re-sending a finding.
type replayed struct {
	// still: the rule is broken again; judged: the exchange could be
	// judged at all.
	still, judged bool
	violations    []contract.Violation // of the finding's rule
	others        []contract.Violation // of other rules, seen on the way
	lines         []string             // what was sent and what came back
	why           string               // when not judged
}

// runReplay re-sends one finding of a report, judges the answer with the
// oracle against the spec and the finding's expectation, and says whether
// the finding still fails. A pair (identity) is re-sent in order under
// fresh names (the endpoint has seen the old ones); a desync finding on one
// connection, then the POST alone. It never follows a redirect, never
// retries, and bounds every exchange as the run did.
func runReplay(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := subFlags("replay")
	def := conformance.DefaultConfig()
	var (
		endpoint, specFile, caFile, prefix string
		headers                            conformance.HeaderList
		timeout                            time.Duration
		maxBody                            = def.MaxBody
		insecure                           bool
	)
	fs.StringVar(&endpoint, "endpoint", "", "send to this URL instead of the report's (required for a run made in process)")
	fs.Var(&headers, "header", "extra request header 'Name: value', repeatable (the report has REDACTED in place of secrets: give them again); values are never printed")
	fs.DurationVar(&timeout, "request-timeout", 0, "timeout of one exchange (default: the run's, read from its curl line; else 2s)")
	fs.Int64Var(&maxBody, "max-body", maxBody, "response body cap in bytes")
	fs.StringVar(&caFile, "ca-file", "", "PEM file of CA certificates trusted for https endpoints, besides the system roots")
	fs.BoolVar(&insecure, "insecure", false, "skip TLS certificate verification (explicit opt-in)")
	fs.StringVar(&specFile, "spec", "", "OpenAPI file to judge with (default: the report's, embedded or its file)")
	fs.StringVar(&prefix, "name-prefix", "", "pairs: the run's name prefix, kept in front of the fresh names (default: the report's -name-prefix)")
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return help(fs, replayUsage, stdout)
	case err != nil:
		return usageError(stderr, err, replayUsage)
	case len(pos) != 2:
		return usageError(stderr, fmt.Errorf("replay takes a report and a finding, got %d arguments", len(pos)), replayUsage)
	}
	cfg := def
	cfg.Headers, cfg.CAFile, cfg.Insecure, cfg.MaxBody = headers, caFile, insecure, maxBody
	if timeout != 0 {
		cfg.RequestTimeout = timeout
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	res, err := result.Load(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	if res.Dialect == rules.AWS {
		// Replay would send its requests unsigned, judge AWS answers as
		// envelopes and leave behind what a put created: refused before
		// any request.
		fmt.Fprintln(stderr, result.Clip("conformance: replay: the report is of a run in the aws dialect, which replay does not speak (signing, the answers' normalization, cleanup): rerun the run instead: "+res.Reproduce))
		return 2
	}
	i, err := pickFinding(res, pos[1])
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	f := res.Findings[i]
	files := reports.Files(res)[i]
	s, err := replaySpec(res, specFile)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	target := f.Request.URL
	if endpoint != "" {
		target = endpoint
	}
	if err := replayEndpoint(target, endpoint != ""); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	if timeout == 0 {
		cfg.RequestTimeout = curlTimeout(f.Curl, def.RequestTimeout)
	}
	client, err := transport.New(transport.Config{
		RequestTimeout: cfg.RequestTimeout, MaxBodyBytes: cfg.MaxBody, Headers: cfg.Headers.Header(),
		CAFile: cfg.CAFile, Insecure: cfg.Insecure, Workers: 1, Secrets: transport.URLSecrets(target),
	})
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	defer client.Close()
	reportDir := filepath.Dir(pos[0])
	if fi, err := os.Stat(pos[0]); err == nil && fi.IsDir() {
		reportDir = pos[0]
	}
	req := replayRequest(f.Request, target, filepath.Join(reportDir, files.Request))
	missing := redactedNames(f.Request.Headers, cfg.Headers.Header())

	var out replayed
	switch {
	case f.SendsBoth():
		first := replayRequest(f.Previous.Request, target, filepath.Join(reportDir, files.FirstRequest))
		out = replayDesync(ctx, client, s, first, req)
	case f.Previous != nil:
		if prefix == "" {
			prefix = reproducePrefix(res.Reproduce)
		}
		first := replayRequest(f.Previous.Request, target, filepath.Join(reportDir, files.FirstRequest))
		out = replayPair(ctx, client, s, f, first, req, prefix)
	default:
		out = replayOne(ctx, client, s, f, req)
	}
	head := fmt.Sprintf("replay %s (finding %d of %d in %s) against %s: ", files.Name, i+1, len(res.Findings), pos[0], transport.RedactURL(target))
	var lines []string
	code := 1
	switch {
	case !out.judged:
		lines = append(lines, head+"not judged: "+out.why)
	case out.still:
		lines = append(lines, head+"still fails")
		for _, v := range out.violations {
			lines = append(lines, "  "+v.String())
		}
	default:
		code = 0
		lines = append(lines, head+"fixed: "+string(f.Rule)+" holds now")
	}
	for _, v := range out.others {
		lines = append(lines, "  also: "+v.String())
	}
	lines = append(lines, out.lines...)
	if len(missing) > 0 {
		lines = append(lines, "  note: the report redacted "+strings.Join(missing, ", ")+"; give it again with -header if the endpoint needs it")
	}
	if res.Spec.SHA256 != sha(s.Bytes) {
		lines = append(lines, "  note: judged with "+s.Source+", not the spec the run checked ("+res.Spec.Source+")")
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, client.Scrub(result.Clip(l)))
	}
	return code
}

// pickFinding finds a finding by its number (from 1), by rule id (its
// first) or by name (rule-N, as findings/ and conformance.html name it).
func pickFinding(res *result.Result, sel string) (int, error) {
	if len(res.Findings) == 0 {
		return 0, fmt.Errorf("replay: the report has no finding (verdict %s)", res.Verdict)
	}
	if n, err := strconv.Atoi(sel); err == nil {
		if n < 1 || n > len(res.Findings) {
			return 0, fmt.Errorf("replay: finding %d: the report has findings 1 to %d", n, len(res.Findings))
		}
		return n - 1, nil
	}
	var names []string
	for i, fl := range reports.Files(res) {
		if fl.Name == sel || string(res.Findings[i].Rule) == sel && strings.HasSuffix(fl.Name, "-1") {
			return i, nil
		}
		names = append(names, fl.Name)
	}
	return 0, fmt.Errorf("replay: no finding %q in the report (its findings: 1 to %d, or %s)", sel, len(res.Findings), result.ClipTo(strings.Join(names, ", "), 400))
}

// replaySpec is the spec to judge with: -spec, else the report's (the
// embedded one, or the file it names when it is still there).
func replaySpec(res *result.Result, file string) (*spec.Spec, error) {
	if file != "" {
		return spec.LoadFile(file)
	}
	if src := res.Spec.Source; src != "" && !strings.HasPrefix(src, "embedded:") {
		if s, err := spec.LoadFile(src); err == nil {
			return s, nil
		}
	}
	return spec.Embedded()
}

// replayEndpoint refuses a target replay cannot send to.
func replayEndpoint(target string, given bool) error {
	u, err := url.Parse(target)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("replay: -endpoint %q: want an http:// or https:// URL", target)
	case !given && strings.HasSuffix(u.Hostname(), ".invalid"):
		return fmt.Errorf("replay: the run checked a Go handler in process (%s): give -endpoint URL of a server running it", target)
	}
	return nil
}

// replayRequest is the recorded request, to target, with its body from
// the findings file when that is there (exact bytes: conformance.json
// holds invalid UTF-8 as U+FFFD) and the redacted header values left out.
func replayRequest(r result.Request, target, bodyFile string) transport.Request {
	body := bytes.Clone(r.Body)
	h := http.Header{}
	for k, vs := range r.Headers {
		for _, v := range vs {
			if v != "REDACTED" {
				h.Add(k, v)
			}
		}
	}
	return transport.Request{Method: r.Method, URL: target, Header: h, Body: body, Alone: true}
}

// redactedNames are the headers the report redacted that -header does not
// give again.
func redactedNames(recorded, given http.Header) []string {
	var out []string
	for k, vs := range recorded {
		for _, v := range vs {
			if v == "REDACTED" && given.Get(k) == "" && k != "Set-Cookie" {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// notJudged says why an answer cannot be judged: the endpoint could not be
// reached, or the harness stopped the exchange.
func notJudged(a oracle.Answer) string {
	if a.Failure == nil {
		return ""
	}
	switch a.Failure.Kind {
	case contract.FailUnreachable, contract.FailTLS:
		return "could not reach the endpoint: " + a.Failure.String()
	}
	if a.Failure.Harness() {
		return a.Failure.String()
	}
	return ""
}

// exchangeLines are what was sent and what came back, one line each.
func exchangeLines(label string, req transport.Request, a oracle.Answer) []string {
	got := "no response: " + fmt.Sprint(a.Failure)
	if a.Failure == nil || a.Status != 0 {
		got = fmt.Sprintf("%d %s %s", a.Status, a.Header.Get("Content-Type"), contract.Excerpt(a.Body, 300))
		if a.Failure != nil {
			got += " (" + a.Failure.String() + ")"
		}
	}
	return []string{
		fmt.Sprintf("  %-9s %s %s", label+":", req.Method, contract.Excerpt(req.Body, 300)),
		fmt.Sprintf("  %-9s %s", "got:", got),
	}
}

func ofRule(id rules.ID, vs []contract.Violation) (mine, others []contract.Violation) {
	for _, v := range vs {
		if v.Rule == id {
			mine = append(mine, v)
		} else {
			others = append(others, v)
		}
	}
	return mine, others
}

// replayOne re-sends one request and judges it.
func replayOne(ctx context.Context, c *transport.Client, s *spec.Spec, f result.Finding, req transport.Request) replayed {
	resp, err := c.Do(ctx, req)
	a := campaign.AnswerOf(resp, err)
	out := replayed{lines: exchangeLines("sent", req, a)}
	if why := notJudged(a); why != "" {
		out.why = why
		return out
	}
	out.judged = true
	out.violations, out.others = ofRule(f.Rule, oracle.Check(s, f.Expect, a).Violations)
	out.still = len(out.violations) > 0
	return out
}

// replayPair re-sends the two requests of a pair in order, under fresh
// names (the same fresh name where the pair had one name), and judges
// them as the campaign does: each answer by the oracle, then the identity
// of the two.
func replayPair(ctx context.Context, c *transport.Client, s *spec.Spec, f result.Finding, first, second transport.Request, prefix string) replayed {
	marker := fmt.Sprintf("r%s-", strconv.FormatInt(time.Now().UnixNano()%(36*36*36*36*36), 36))
	var note string
	names := [2]string{}
	for i, r := range []*transport.Request{&first, &second} {
		name, body, ok := renamed(r.Body, prefix, marker)
		names[i] = name
		if ok {
			r.Body = body
		} else {
			note = "  note: sent under the names the run used (no fresh name fits): the endpoint has seen them"
		}
	}
	var out replayed
	respA, errA := c.Do(ctx, first)
	a := campaign.AnswerOf(respA, errA)
	out.lines = append(out.lines, exchangeLines("first", first, a)...)
	if why := notJudged(a); why != "" {
		out.why = why
		return out
	}
	respB, errB := c.Do(ctx, second)
	b := campaign.AnswerOf(respB, errB)
	out.lines = append(out.lines, exchangeLines("then", second, b)...)
	if why := notJudged(b); why != "" {
		out.why = why
		return out
	}
	if note != "" {
		out.lines = append(out.lines, note)
	}
	out.judged = true
	va, vb := oracle.Check(s, f.Expect, a), oracle.Check(s, f.Expect, b)
	all := append(append([]contract.Violation{}, va.Violations...), vb.Violations...)
	switch f.Rule {
	case rules.UpsertIdentity:
		all = append(all, oracle.CheckUpsert(names[1], va.Observed, vb.Observed)...)
	case rules.DistinctIdentity:
		all = append(all, oracle.CheckDistinct(names[0], va.Observed, names[1], vb.Observed)...)
	}
	out.violations, out.others = ofRule(f.Rule, all)
	out.still = len(out.violations) > 0
	return out
}

// replayDesync re-sends a desync finding: the first request and the POST
// on one kept-alive connection, then the POST on a connection of its own.
// It still fails when the POST's two answers differ as the campaign
// judges them.
func replayDesync(ctx context.Context, c *transport.Client, s *spec.Spec, first, post transport.Request) replayed {
	first.Alone, post.Alone = false, false
	resps, errs := c.Sequence(ctx, first, post)
	onOne := campaign.AnswerOf(resps[1], errs[1])
	out := replayed{lines: append(exchangeLines("first", first, campaign.AnswerOf(resps[0], errs[0])), exchangeLines("then", post, onOne)...)}
	if why := notJudged(onOne); why != "" {
		out.why = why
		return out
	}
	post.Alone = true
	resp, err := c.Do(ctx, post)
	fresh := campaign.AnswerOf(resp, err)
	out.lines = append(out.lines, exchangeLines("alone", post, fresh)...)
	if why := notJudged(fresh); why != "" {
		out.why = why
		return out
	}
	kind := func(a oracle.Answer) oracle.Envelope {
		return oracle.Check(s, contract.Expectation{Outcome: contract.Accept}, a).Observed.Envelope
	}
	if fresh.Failure != nil || kind(fresh) != oracle.SuccessEnvelope {
		out.why = "the POST sent alone did not succeed either, so the connection cannot be told at fault"
		return out
	}
	out.judged = true
	if onOne.Failure != nil || kind(onOne) != oracle.SuccessEnvelope || onOne.Status != fresh.Status {
		out.still = true
		out.violations = []contract.Violation{{Rule: rules.Robustness, Got: fmt.Sprintf("on one connection after the %s, the POST got %s where alone it got %d (HTTP desync)", first.Method, answerText(onOne), fresh.Status),
			Want: "every request read whole, so the next one on the connection is read as sent"}}
	}
	return out
}

func answerText(a oracle.Answer) string {
	if a.Failure != nil && a.Status == 0 {
		return a.Failure.String()
	}
	return fmt.Sprintf("%d %s", a.Status, contract.Excerpt(a.Body, 80))
}

// renamed puts marker into the destinationName of a JSON object body,
// after prefix when the name starts with it: the name, the new body, and
// whether it could (a JSON object whose name, marked, is still at most 512
// characters).
func renamed(body []byte, prefix, marker string) (string, []byte, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return "", body, false
	}
	var name string
	if err := json.Unmarshal(m["destinationName"], &name); err != nil {
		return "", body, false
	}
	fresh := marker + name
	if prefix != "" && strings.HasPrefix(name, prefix) {
		fresh = prefix + marker + strings.TrimPrefix(name, prefix)
	}
	if utf8.RuneCountInString(fresh) > 512 {
		return name, body, false
	}
	raw, err := json.Marshal(fresh)
	if err != nil {
		return name, body, false
	}
	m["destinationName"] = raw
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return name, body, false
	}
	return fresh, bytes.TrimSuffix(b.Bytes(), []byte("\n")), true
}

// reproducePrefix reads -name-prefix from a reproduce line (also inside
// make's ARGS='...').
func reproducePrefix(line string) string {
	for _, w := range splitWords(line) {
		if v, ok := strings.CutPrefix(w, "-name-prefix="); ok {
			return v
		}
		if v, ok := strings.CutPrefix(w, "ARGS="); ok {
			if p := reproducePrefix(v); p != "" {
				return p
			}
		}
	}
	return ""
}

// splitWords splits a shell line into its words (nil when a quote is
// left open).
func splitWords(s string) []string {
	ws, _ := reports.ShellWords(s)
	return ws
}

// curlTimeout reads --max-time from a curl line the harness wrote: the
// run's request timeout.
func curlTimeout(curl string, def time.Duration) time.Duration {
	ws := splitWords(curl)
	for i, w := range ws {
		if w == "--max-time" && i+1 < len(ws) {
			if f, err := strconv.ParseFloat(ws[i+1], 64); err == nil && f > 0 {
				return time.Duration(f * float64(time.Second))
			}
		}
	}
	return def
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
