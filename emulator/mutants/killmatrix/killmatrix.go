// Package killmatrix runs the default campaign against the reference
// emulator or one mutant of the zoo and says whether the harness caught it
// under the mutant's rule. The kill-matrix test and `make mutants` share it.
package killmatrix

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"github.com/putdestination/conformance/config"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/rules"
)

// Reference names the reference emulator in the matrix.
const Reference = "reference"

// Outcome is one row of the matrix.
type Outcome struct {
	Name                 string
	Want                 rules.ID // "" for the reference
	Verdict              string
	Rules                []rules.ID
	Requests             int64
	FirstFindingRequests int64
	FirstFindingAfter    time.Duration
	Summaries            []string
	Err                  error
}

// OK reports whether the row is as it must be: the reference conformant
// with no findings, a mutant non-conformant with a finding under its rule.
func (o Outcome) OK() bool {
	if o.Err != nil {
		return false
	}
	if o.Want == "" {
		return o.Verdict == "conformant" && len(o.Rules) == 0
	}
	return o.Verdict == "non-conformant" && slices.Contains(o.Rules, o.Want)
}

// RulesText is the rules found, comma-separated.
func (o Outcome) RulesText() string {
	var s []string
	for _, r := range o.Rules {
		s = append(s, string(r))
	}
	return strings.Join(s, ",")
}

// Problem says what is wrong with a row that is not OK.
func (o Outcome) Problem() string {
	switch {
	case o.Err != nil:
		return fmt.Sprintf("%s: %v", o.Name, o.Err)
	case o.Want == "":
		return fmt.Sprintf("reference: got verdict %s with rules [%s], want conformant with no findings", o.Verdict, o.RulesText())
	}
	return fmt.Sprintf("mutant %s: got rules [%s], want %s (verdict %s)", o.Name, o.RulesText(), o.Want, o.Verdict)
}

// Config is the campaign of the matrix: the defaults with the given seed.
func Config(seed uint64) config.Config {
	c := config.Default()
	c.Seed = seed
	return c
}

// ServeChild is kept for callers written for a child-process matrix; the
// matrix now runs in process, so it does nothing.
func ServeChild() {}

// Run runs the matrix's campaign against the named handler (Reference or a
// mutant's name). exe and env are unused (campaigns run in process).
func Run(ctx context.Context, exe string, env []string, name string, seed uint64) Outcome {
	o := Outcome{Name: name}
	var h http.Handler
	if name == Reference {
		h = emulator.New()
	} else {
		for _, m := range mutants.All() {
			if m.Name == name {
				h, o.Want = m.New(), m.Rule
			}
		}
		if h == nil {
			o.Err = fmt.Errorf("no mutant named %q", name)
			return o
		}
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	runner, err := Config(seed).Runner(srv.URL)
	if err != nil {
		o.Err = err
		return o
	}
	defer runner.Client.Close()
	res := runner.Run(ctx)
	o.Verdict, o.Requests = res.Verdict(), res.Requests
	o.FirstFindingRequests, o.FirstFindingAfter = res.FirstFindingRequests, res.FirstFindingAfter
	if res.Err != nil {
		o.Err = res.Err
	}
	for _, r := range rules.All {
		if fs := res.FindingsFor(r.ID); len(fs) > 0 {
			o.Rules = append(o.Rules, r.ID)
			o.Summaries = append(o.Summaries, fs[0].Summary)
		}
	}
	return o
}
