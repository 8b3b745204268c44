// Package killmatrix runs the default conformance campaign through the front
// door ([conformance.Check]) against the reference emulator, every mutant of
// emulator/mutants and every correct server of emulator/correct, and says of
// each row whether it came out as it must: a mutant non-conformant with a
// finding under its own rule, the reference and every correct server
// conformant with no finding. The kill-matrix tests and `go run
// ./cmd/mutants` (`make mutants`) share it.
//
// Every campaign runs in this process, several at once ([Pool]): a
// campaign that does not shrink touches nothing process-wide, and the
// matrix needs only the rules of the findings, so it never shrinks.
package killmatrix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/correct"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/rules"
)

// SlowBudget is the number of cases per property of a correct server
// marked Slow (every answer delayed): 10 instead of 100 keeps its campaign
// to seconds.
const SlowBudget = 10

// Role is the part a row's server plays in the matrix: which side it is
// on, and why.
type Role string

const (
	// RoleReference is the reference emulator: conformant.
	RoleReference Role = "reference"
	// RoleMutant is a mutant of emulator/mutants: killed under its rule.
	RoleMutant Role = "mutant"
	// RoleCorrect is a correct server of emulator/correct: conformant.
	RoleCorrect Role = "correct"
	// RoleFaulty is a faulty fixture of emulator/correct (the desync
	// variant): reported under its rule only.
	RoleFaulty Role = "faulty"
)

// Want is what must become of a row under the campaign.
type Want struct {
	// Rule is the rule the server must be reported under; "" for a
	// server that must be conformant with no finding.
	Rule rules.ID
	// Only: no finding may be under another rule than Rule.
	Only bool
	// Summary, when set, must be part of the summary of a finding under
	// Rule.
	Summary string
}

// Row is one server of the matrix.
type Row struct {
	Name string
	Role Role
	Want Want
	// New returns a fresh in-process handler; nil for an external server.
	New func() http.Handler
	// External is the server correct.Start runs for each campaign (a new
	// process per campaign, so that no state leaks); nil in process.
	External *correct.Server
	// Budget is the number of cases per property; 0: the default (100).
	Budget int
	// Slow: every answer of the server is delayed, so its campaign waits
	// far more than it computes (see Pool).
	Slow bool
	// Dialect is the dialect the campaign speaks ("": the envelope; "aws":
	// the AWS JSON 1.1 protocol, against the emulator's AWS mode).
	Dialect string
}

// Clean reports whether the row must be found conformant.
func (r Row) Clean() bool { return r.Want.Rule == "" }

// Reference is the row of the reference emulator.
func Reference() Row {
	return Row{Name: "reference", Role: RoleReference, New: func() http.Handler { return emulator.New() }}
}

// Mutants returns a row per mutant of emulator/mutants, in its order: the
// envelope's (mutants.All), then the AWS mode's (mutants.AWS), run in the
// aws dialect. Each row wants the rule the mutant names, as a rules.ID.
func Mutants() []Row {
	var rows []Row
	for _, m := range mutants.All() {
		rows = append(rows, Row{Name: m.Name, Role: RoleMutant, Want: Want{Rule: rules.ID(m.Rule)}, New: m.New})
	}
	for _, m := range mutants.AWS() {
		rows = append(rows, Row{Name: m.Name, Role: RoleMutant, Want: Want{Rule: rules.ID(m.Rule)}, New: m.New, Dialect: rules.AWS})
	}
	return rows
}

// CheckMutantRules returns an error naming every mutant of zoo whose Rule
// is not the id of a rule of the table (rules.All), the empty string
// included. A mutant counts as killed only under its own rule, so one
// naming a rule the harness never reports could never be killed.
func CheckMutantRules(zoo []mutants.Mutant) error {
	var errs []error
	for _, m := range zoo {
		if _, ok := rules.Lookup(rules.ID(m.Rule)); !ok {
			errs = append(errs, fmt.Errorf("mutant %s: rule %q is not in the rule table (rules.All)", m.Name, m.Rule))
		}
	}
	return errors.Join(errs...)
}

// AWSReference is the row of the reference emulator's AWS mode, checked in
// the aws dialect: conformant.
func AWSReference() Row {
	return Row{Name: "aws-reference", Role: RoleReference, New: func() http.Handler { return emulator.NewAWS() }, Dialect: rules.AWS}
}

// Correct returns a row per correct server of emulator/correct: the
// in-process ones (correct.All), then the external ones (correct.External).
// A Slow server gets SlowBudget.
func Correct() []Row {
	var rows []Row
	for _, s := range append(correct.All(), correct.External()...) {
		row := Row{Name: s.Name, Role: RoleCorrect, New: s.New}
		if s.New == nil {
			row.External = &s
		}
		if s.Slow {
			row.Budget, row.Slow = SlowBudget, true
		}
		rows = append(rows, row)
	}
	return rows
}

// AWSCorrect returns a row per correct server of the AWS protocol
// (correct.AWS), checked in the aws dialect.
func AWSCorrect() []Row {
	var rows []Row
	for _, s := range correct.AWS() {
		rows = append(rows, Row{Name: s.Name, Role: RoleCorrect, New: s.New, Dialect: rules.AWS})
	}
	return rows
}

// Clean returns the clean side of the matrix: the reference, its AWS mode,
// every correct server, then every correct server of the AWS protocol.
func Clean() []Row {
	return append(append([]Row{Reference(), AWSReference()}, Correct()...), AWSCorrect()...)
}

// Desync is the row of the faulty Python variant (correct.Desync): it must
// be reported under robustness only, by a finding that names the HTTP desync.
func Desync() Row {
	s := correct.Desync()
	return Row{Name: s.Name, Role: RoleFaulty, External: &s,
		Want: Want{Rule: rules.Robustness, Only: true, Summary: "HTTP desync"}}
}

// interpreters are the commands correct.Start looks up on PATH, by
// Server.Process.
var interpreters = map[string]string{"python": "python3", "node": "node"}

// Missing says why an external row cannot run here ("python3 not found on
// PATH"), or "" when it can (and for every in-process row).
func (r Row) Missing() string {
	if r.External == nil {
		return ""
	}
	command, ok := interpreters[r.External.Process]
	if !ok {
		return "" // correct.Start says what is wrong
	}
	if _, err := exec.LookPath(command); err != nil {
		return command + " not found on PATH"
	}
	return ""
}

// unknownRule says why a mutant or faulty row cannot be judged when the
// rule it wants is not in the rule table (rules.All), or is none: no
// campaign can report it under that rule. It is "" otherwise, and for
// every clean row.
func (r Row) unknownRule() string {
	if r.Role != RoleMutant && r.Role != RoleFaulty {
		return ""
	}
	if _, ok := rules.Lookup(r.Want.Rule); ok {
		return ""
	}
	return fmt.Sprintf("wants rule %q, which is not in the rule table (rules.All)", r.Want.Rule)
}

// Options are the campaign of the matrix: the defaults of conformance.Check
// (100 cases per property, 4 workers, 2 s per request) with the seed, no
// shrinking, and the row's budget if it has one: a shorter request timeout
// would let a loaded machine make the reference itself time out, so the
// mutants that hang cost a few seconds more instead.
func (r Row) Options(seed uint64) []conformance.Option {
	opts := []conformance.Option{conformance.WithSeed(seed), conformance.WithoutShrinking()}
	if r.Budget > 0 {
		opts = append(opts, conformance.WithBudget(r.Budget))
	}
	if r.Dialect != "" {
		opts = append(opts, conformance.WithDialect(r.Dialect))
	}
	if r.Clean() || r.Want.Only {
		// The clean side proves the oracle raises no false alarm, and a
		// row that wants one finding only (the Python desync server)
		// proves the same of everything else; a request that a loaded
		// CI machine delays past the default 2 s says nothing about the
		// server (it would be a robustness finding, and enough of them
		// stop the campaign before its desync check). Mutants keep the
		// default, so the hanging ones are found as a user would find
		// them.
		opts = append(opts, conformance.WithRequestTimeout(cleanTimeout))
	}
	return opts
}

// cleanTimeout is the request timeout of the clean side's campaigns.
const cleanTimeout = 15 * time.Second

// Outcome is one row run with one seed.
type Outcome struct {
	Name string
	Role Role
	Want Want
	Seed uint64
	// Verdict is the result's: conformant, non-conformant or error.
	Verdict string
	// Rules are the rules of the findings, sorted, each once.
	Rules []rules.ID
	// Summaries are the summaries of the findings, subject first.
	Summaries            []string
	Requests             int64
	FirstFindingRequests int64
	FirstFindingAfter    time.Duration
	Duration             time.Duration
	// Err is set when the campaign could not run or did not finish.
	Err string
	// StopErr is set when an external server did not stop cleanly after
	// its campaign (not a conformance problem; said for its maintainers).
	StopErr string
	// Result is the result of the campaign (nil when none was made): the
	// findings in full, with their cases and curl lines.
	Result *result.Result
}

// Run runs the campaign of the matrix (r.Options(seed)) against a fresh
// server of the row: a new handler in process, or a new external process,
// stopped after. A mutant or faulty row that wants a rule not in the rule
// table runs no campaign: its outcome is an error that says so.
func Run(ctx context.Context, r Row, seed uint64) Outcome {
	o := Outcome{Name: r.Name, Role: r.Role, Want: r.Want, Seed: seed, Verdict: "error"}
	if reason := r.unknownRule(); reason != "" {
		o.Err = reason
		return o
	}
	switch {
	case r.New != nil:
		o.check(ctx, conformance.Handler(r.New), r.Options(seed))
	case r.External != nil:
		started, err := correct.Start(ctx, *r.External)
		if err != nil {
			o.Err = err.Error()
			return o
		}
		o.check(ctx, conformance.URL(started.URL), r.Options(seed))
		if err := started.Close(); err != nil {
			o.StopErr = err.Error()
		}
	default:
		o.Err = fmt.Sprintf("row %s: neither New nor External", r.Name)
	}
	return o
}

// check runs the campaign against target and fills o from its result.
func (o *Outcome) check(ctx context.Context, target conformance.Target, opts []conformance.Option) {
	res, err := conformance.Check(ctx, target, opts...)
	if err != nil {
		o.Err = err.Error()
	}
	if res == nil {
		return
	}
	o.Result = res
	o.Verdict = string(res.Verdict)
	o.Requests = res.Requests
	o.Duration = res.Duration()
	if res.FirstFinding != nil {
		o.FirstFindingRequests = res.FirstFinding.Requests
		o.FirstFindingAfter = time.Duration(res.FirstFinding.MS) * time.Millisecond
	}
	for _, f := range res.Findings {
		if !slices.Contains(o.Rules, f.Rule) {
			o.Rules = append(o.Rules, f.Rule)
		}
		o.Summaries = append(o.Summaries, f.Summary)
	}
	slices.Sort(o.Rules)
}

// OK reports whether the row came out as it must (see [Want]).
func (o Outcome) OK() bool {
	if o.Err != "" {
		return false
	}
	if o.Want.Rule == "" {
		return o.Verdict == "conformant" && len(o.Rules) == 0
	}
	if o.Verdict != "non-conformant" || !slices.Contains(o.Rules, o.Want.Rule) {
		return false
	}
	if o.Want.Only && len(o.Rules) > 1 {
		return false
	}
	return o.Want.Summary == "" || o.namesSummary()
}

// namesSummary reports whether a finding under the wanted rule has the
// wanted text in its summary.
func (o Outcome) namesSummary() bool {
	if o.Result == nil {
		return false
	}
	for _, f := range o.Result.FindingsFor(o.Want.Rule) {
		if strings.Contains(f.Summary, o.Want.Summary) {
			return true
		}
	}
	return false
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

// Subject names the row in messages: "mutant trimmed-names (seed 1)".
func (o Outcome) Subject() string {
	s := o.Name
	if o.Role != RoleReference {
		s = string(o.Role) + " " + s
	}
	return fmt.Sprintf("%s (seed %d)", s, o.Seed)
}

// Problem says in one line, subject first, what is wrong with the row (""
// when it is OK).
func (o Outcome) Problem() string {
	if o.OK() {
		return ""
	}
	var b strings.Builder
	switch w := o.Want; {
	case w.Rule == "":
		fmt.Fprintf(&b, "%s: got verdict %s with findings under [%s] in %d requests, want conformant with no findings", o.Subject(), o.Verdict, o.RulesText(), o.Requests)
	default:
		want := string(w.Rule)
		if w.Only {
			want += " only"
		}
		if w.Summary != "" {
			want += fmt.Sprintf(", with a finding whose summary names %q", w.Summary)
		}
		fmt.Fprintf(&b, "%s: got verdict %s with findings under [%s] in %d requests, want %s", o.Subject(), o.Verdict, o.RulesText(), o.Requests, want)
	}
	if o.Err != "" {
		b.WriteString("; error: " + o.Err)
	}
	return b.String()
}

// Explain is every finding for a person (result.Result.Explain of
// each rule found: summary, case, curl line), or "" when there is none.
func (o Outcome) Explain() string {
	if o.Result == nil {
		return ""
	}
	var parts []string
	for _, id := range o.Rules {
		if e := o.Result.Explain(id); e != "" {
			parts = append(parts, e)
		}
	}
	return strings.Join(parts, "\n")
}

// DefaultParallel is how many campaigns a pool runs at once by default:
// twice GOMAXPROCS (a campaign waits on its server part of the time).
func DefaultParallel() int { return 2 * runtime.GOMAXPROCS(0) }

// Pool runs campaigns, at most a fixed number at once, and as many again of
// Slow rows: a slow row's campaign spends its time waiting on its server,
// so it gets a slot of its own kind rather than hold one the campaigns
// that keep the processors busy could use.
type Pool struct{ slots, slowSlots chan struct{} }

// NewPool returns a pool running at most n campaigns at once, plus n of
// Slow rows (n is DefaultParallel when below 1).
func NewPool(n int) *Pool {
	if n < 1 {
		n = DefaultParallel()
	}
	return &Pool{slots: make(chan struct{}, n), slowSlots: make(chan struct{}, n)}
}

// Start runs the row's campaign once a slot is free and sends its outcome
// on the returned channel (buffered: nobody has to read it). If ctx ends
// first, the outcome says so.
func (p *Pool) Start(ctx context.Context, r Row, seed uint64) <-chan Outcome {
	out := make(chan Outcome, 1)
	slots := p.slots
	if r.Slow {
		slots = p.slowSlots
	}
	go func() {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			out <- Outcome{Name: r.Name, Role: r.Role, Want: r.Want, Seed: seed, Verdict: "error",
				Err: fmt.Sprintf("not run: %v", ctx.Err())}
			return
		}
		defer func() { <-slots }()
		out <- Run(ctx, r, seed)
	}()
	return out
}
