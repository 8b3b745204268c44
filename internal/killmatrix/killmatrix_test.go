package mutants_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/emulator/mutants/killmatrix"
	"github.com/putdestination/conformance/rules"
)

// maxConcurrent bounds the campaigns running at once. Each runs in its own
// child process (see package killmatrix: shrinking takes a process-wide lock,
// for up to 5 s of wall time per finding), so four at a time overlap their
// shrinking on a 2-core machine.
const maxConcurrent = 4

func TestMain(m *testing.M) {
	// A child started by killmatrix.Run runs one campaign and exits here.
	killmatrix.ServeChild()
	os.Exit(m.Run())
}

// TestKillMatrix runs the campaign of killmatrix.Config(1) against the
// reference and every mutant: config.Default() with Seed 1. The reference
// must be conformant with no findings; each mutant must be non-conformant
// with a finding under its own rule (killed for the right reason).
func TestKillMatrix(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{killmatrix.Reference}
	for _, m := range mutants.All() {
		names = append(names, m.Name)
	}
	if raceEnabled {
		// The race detector slows a campaign 5 to 10 times, toward its
		// 2s per-request timeout, and the whole matrix past any sane
		// test timeout: under -race a sample of the handlers (one of each
		// kind of wrapper) runs, and only races or crashes fail.
		names = raceSample
	}
	// The campaigns run maxConcurrent at a time, whatever -parallel says
	// (it bounds the subtests, which only wait for their outcome). A
	// subtest starts its campaign before it pauses in t.Parallel, so that
	// subtests left out by -run cost nothing.
	ctx := t.Context()
	sem := make(chan struct{}, maxConcurrent)
	start := func(name string) <-chan killmatrix.Outcome {
		out := make(chan killmatrix.Outcome, 1)
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out <- killmatrix.Run(ctx, exe, nil, name, 1)
		}()
		return out
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			outcome := start(name)
			t.Parallel()
			o := <-outcome
			if raceEnabled {
				if o.Err != "" {
					t.Errorf("%s: %s", name, o.Err)
				}
				t.Logf("verdict %s, rules [%s] (not asserted under -race)", o.Verdict, o.RulesText())
				return
			}
			if !o.OK() {
				t.Errorf("%s%s", o.Problem(), indent(o.Summaries))
				return
			}
			if o.Want != "" {
				t.Logf("killed under %s after %d requests (%v); rules [%s]", o.Want, o.FirstFindingRequests, o.FirstFindingAfter.Round(time.Millisecond), o.RulesText())
			}
		})
	}
}

// raceSample is what runs under -race: the reference and one mutant of
// each kind of wrapper.
var raceSample = []string{
	killmatrix.Reference,
	"accepts-colon-in-name",              // rewriteName
	"validates-first-3-tags-only",        // rewriteTags
	"accepts-trailing-bytes",             // rewriteBody
	"rejects-unknown-members",            // rejectWhen
	"html-error-page",                    // rewriteResponse
	"new-id-on-update",                   // shared counter
	"trimmed-names",                      // rewriteStoreKey
	"drops-connection-on-non-ascii-name", // hijacking
	"endless-body-on-unknown-members",
	"hangs-on-bodies-over-16-kib",
	"intermittent-503",
}

func TestRaceSampleExists(t *testing.T) {
	for _, name := range raceSample[1:] {
		found := false
		for _, m := range mutants.All() {
			found = found || m.Name == name
		}
		if !found {
			t.Errorf("raceSample: no mutant named %q", name)
		}
	}
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("\n\t" + l)
	}
	return b.String()
}

func TestZooCoversEveryRule(t *testing.T) {
	count := map[rules.ID]int{}
	for _, m := range mutants.All() {
		count[m.Rule]++
	}
	for _, id := range rules.IDs() {
		if count[id] < 2 {
			t.Errorf("rule %s: %d mutants, want at least 2", id, count[id])
		}
	}
	for id := range count {
		if _, ok := rules.Lookup(id); !ok {
			t.Errorf("rule %q of a mutant is not in the rule table", id)
		}
	}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range mutants.All() {
		if seen[m.Name] {
			t.Errorf("mutant name %q: used twice", m.Name)
		}
		seen[m.Name] = true
		if !kebab.MatchString(m.Name) {
			t.Errorf("mutant name %q: not kebab-case", m.Name)
		}
		if m.Description == "" || strings.Contains(m.Description, "\n") {
			t.Errorf("mutant %s: description %q, want one non-empty line", m.Name, m.Description)
		}
		if m.New == nil {
			t.Errorf("mutant %s: no New", m.Name)
		}
	}
}

func TestAtLeastForty(t *testing.T) {
	if n := len(mutants.All()); n < 40 {
		t.Errorf("mutants: got %d, want at least 40", n)
	}
}
