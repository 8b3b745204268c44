// Package killmatrix runs the default conformance campaign against the
// reference emulator and every mutant, and says which mutants the harness
// killed under their rule. The kill-matrix test and `go run ./cmd/mutants`
// (`make mutants`) share it.
//
// Each campaign runs in a child process (the calling binary, re-executed).
// Campaigns sharing a process would stall one another: the campaign shrinks
// a finding by setting rapid's process-wide flags, under a process-wide lock
// that also keeps every other campaign of the process from generating a
// case, for up to 5 s per rule; a matrix of 50-odd campaigns would then take
// minutes on any number of cores. The binary must call [ServeChild] first
// thing in main (or TestMain).
package killmatrix

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/config"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/rules"
)

// Reference is the name of the reference emulator's row.
const Reference = "reference"

// Config is the campaign of the matrix: the default campaign of `make
// conformance` (config.Default(): 100 cases per property, 4 workers,
// 2s per request, shrinking on), with the given seed and nothing else
// changed. A shorter timeout made the reference itself time out on a loaded
// machine; the hanging mutant costs a few seconds more instead.
func Config(seed uint64) config.Config {
	cfg := config.Default()
	cfg.Seed = seed
	return cfg
}

// Outcome is one row of the matrix.
type Outcome struct {
	Name string `json:"name"`
	// Want is the rule the mutant must be reported under ("" for the
	// reference, which must be conformant).
	Want    rules.ID `json:"want,omitempty"`
	Verdict string   `json:"verdict"`
	// Rules are the rules of the findings, sorted, each once.
	Rules []rules.ID `json:"rules"`
	// Summaries are the first findings' summaries.
	Summaries            []string      `json:"summaries,omitempty"`
	Requests             int64         `json:"requests"`
	FirstFindingRequests int64         `json:"first_finding_requests"`
	FirstFindingAfter    time.Duration `json:"first_finding_after"`
	Duration             time.Duration `json:"duration"`
	// Err is set when the campaign could not run (or the child failed).
	Err string `json:"err,omitempty"`
}

// OK reports whether the row is as it must be: the reference conformant
// with no findings, a mutant non-conformant with a finding under its rule.
func (o Outcome) OK() bool {
	if o.Err != "" {
		return false
	}
	if o.Want == "" {
		return o.Verdict == "conformant" && len(o.Rules) == 0
	}
	return o.Verdict == "non-conformant" && slices.Contains(o.Rules, o.Want)
}

// RulesText is the rules found, comma-separated, or "-".
func (o Outcome) RulesText() string {
	if len(o.Rules) == 0 {
		return "-"
	}
	s := make([]string, len(o.Rules))
	for i, r := range o.Rules {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// Problem says in one line what is wrong with the row ("" when OK).
func (o Outcome) Problem() string {
	if o.OK() {
		return ""
	}
	var b strings.Builder
	if o.Want == "" {
		fmt.Fprintf(&b, "%s: got verdict %s with rules [%s], want conformant with no findings", o.Name, o.Verdict, o.RulesText())
	} else {
		fmt.Fprintf(&b, "mutant %s: got rules [%s], want %s (verdict %s)", o.Name, o.RulesText(), o.Want, o.Verdict)
	}
	if o.Err != "" {
		b.WriteString("; error: " + o.Err)
	}
	return b.String()
}

// handler returns a fresh handler for a row name, and its rule.
func handler(name string) (http.Handler, rules.ID, bool) {
	if name == Reference {
		return emulator.New(), "", true
	}
	for _, m := range mutants.All() {
		if m.Name == name {
			return m.New(), m.Rule, true
		}
	}
	return nil, "", false
}

// runHere runs the campaign against a fresh handler for the named row (a
// mutant's name or Reference) in this process.
func runHere(ctx context.Context, name string, seed uint64) Outcome {
	h, want, ok := handler(name)
	if !ok {
		return Outcome{Name: name, Verdict: "error", Err: fmt.Sprintf("no mutant named %q", name)}
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	cfg := Config(seed)
	r, err := cfg.Runner(srv.URL)
	if err != nil {
		return Outcome{Name: name, Want: want, Verdict: "error", Err: err.Error()}
	}
	defer r.Client.Close()
	ctx, cancel := context.WithTimeout(ctx, cfg.Deadline)
	defer cancel()
	return outcome(name, want, r.Run(ctx))
}

func outcome(name string, want rules.ID, res *campaign.Result) Outcome {
	o := Outcome{
		Name: name, Want: want, Verdict: res.Verdict(),
		Requests:             res.Requests,
		FirstFindingRequests: res.FirstFindingRequests,
		FirstFindingAfter:    res.FirstFindingAfter,
		Duration:             res.Duration,
	}
	for _, f := range res.Findings {
		if !slices.Contains(o.Rules, f.Rule) {
			o.Rules = append(o.Rules, f.Rule)
		}
		if len(o.Summaries) < 3 {
			o.Summaries = append(o.Summaries, f.Summary)
		}
	}
	slices.Sort(o.Rules)
	if res.Err != nil {
		o.Err = res.Err.Error()
	}
	return o
}

// The child protocol: the parent sets these variables and reads one JSON
// Outcome from the child's standard output.
const (
	envName = "PUTDESTINATION_KILLMATRIX_CHILD"
	envSeed = "PUTDESTINATION_KILLMATRIX_SEED"
)

// ServeChild runs the campaign and exits when this process is a child
// started by [Run]; otherwise it returns at once. Call it first thing in
// main or TestMain.
func ServeChild() {
	name, ok := os.LookupEnv(envName)
	if !ok {
		return
	}
	seed, err := strconv.ParseUint(os.Getenv(envSeed), 10, 64)
	if err != nil {
		fmt.Fprintf(os.Stderr, "killmatrix child: bad %s: %v\n", envSeed, err)
		os.Exit(2)
	}
	// The campaign shrinks with rapid, which calls testing.Short: outside
	// a test binary that panics unless the testing flags are registered
	// and the command line parsed. The child gets no arguments.
	testing.Init()
	if !flag.Parsed() {
		_ = flag.CommandLine.Parse(nil)
	}
	o := runHere(context.Background(), name, seed)
	if err := json.NewEncoder(os.Stdout).Encode(o); err != nil {
		os.Exit(2)
	}
	os.Exit(0)
}

// Run runs the named row's campaign (a mutant's name or Reference) in a
// child process: exe (the running binary, which calls ServeChild) with args.
func Run(ctx context.Context, exe string, args []string, name string, seed uint64) Outcome {
	_, want, _ := handler(name)
	fail := func(err error) Outcome {
		return Outcome{Name: name, Want: want, Verdict: "error", Err: err.Error()}
	}
	// The child bounds its own campaign by the configured deadline; this
	// one only catches a child that is stuck for good.
	ctx, cancel := context.WithTimeout(ctx, Config(seed).Deadline+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), envName+"="+name, envSeed+"="+strconv.FormatUint(seed, 10))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fail(fmt.Errorf("child process: %v%s", err, lastLine(stderr.Bytes())))
	}
	var o Outcome
	if err := json.NewDecoder(&stdout).Decode(&o); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("no outcome written (does the binary call killmatrix.ServeChild?)")
		}
		return fail(fmt.Errorf("child process: %v%s", err, lastLine(stderr.Bytes())))
	}
	return o
}

func lastLine(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return ""
	}
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return ": " + string(b)
}
