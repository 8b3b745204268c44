package killmatrix_test

import (
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/internal/killmatrix"
	"github.com/putdestination/conformance/rules"
)

// pool runs every campaign of this package's tests. The top-level tests
// that run campaigns are parallel and share it, so that
// killmatrix.DefaultParallel campaigns run at once, whatever -parallel says
// (it bounds the subtests, which only wait for their outcome). A subtest
// starts its campaign before it pauses in t.Parallel, so that subtests left
// out by -run cost nothing.
var pool = killmatrix.NewPool(0)

func TestMain(m *testing.M) {
	// The in-process servers' http.Server logs a handler's panic (some
	// mutants panic on purpose) to the standard logger, stack and all;
	// the outcome says what the harness made of it.
	log.SetOutput(io.Discard)
	os.Exit(m.Run())
}

// zooSeeds is how many seeds in a row (1, 2, ...) every correct server
// must come out conformant for.
const zooSeeds = 20

// TestKillMatrix runs the campaign of the matrix (the defaults of
// conformance.Check with seed 1, no shrinking) against every row: each
// mutant must be non-conformant with a finding under its own rule (killed
// for the right reason); the reference and every correct server must be
// conformant with no finding.
func TestKillMatrix(t *testing.T) {
	t.Parallel()
	rows := append(killmatrix.Mutants(), killmatrix.Clean()...)
	if raceEnabled {
		// The race detector slows a campaign several times over, toward
		// its 2 s per-request timeout, and the whole matrix past any sane
		// test timeout: under -race a sample runs, and only races or
		// crashes fail.
		rows = slices.DeleteFunc(rows, func(r killmatrix.Row) bool { return !slices.Contains(raceSample, r.Name) })
	}
	ctx := t.Context()
	for _, row := range rows {
		t.Run(row.Name, func(t *testing.T) {
			skipIfMissing(t, row)
			outcome := pool.Start(ctx, row, 1)
			t.Parallel()
			o := <-outcome
			if check(t, o) && !row.Clean() {
				t.Logf("killed under %s after %d requests (%v); rules [%s]", o.Want.Rule, o.FirstFindingRequests, o.FirstFindingAfter, o.RulesText())
			}
		})
	}
}

// TestCorrectZooStaysConformant runs the campaign of the matrix with seeds
// 1 to zooSeeds against the reference and every correct server, in process
// and external (a fresh server for every seed): each must be conformant with
// no finding for every seed. A finding here is a false alarm of the harness.
func TestCorrectZooStaysConformant(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race, TestKillMatrix runs a sample of the correct servers with seed 1")
	}
	t.Parallel()
	ctx := t.Context()
	for _, row := range killmatrix.Clean() {
		t.Run(row.Name, func(t *testing.T) {
			skipIfMissing(t, row)
			outcomes := make([]<-chan killmatrix.Outcome, zooSeeds)
			for i := range outcomes {
				outcomes[i] = pool.Start(ctx, row, uint64(i+1))
			}
			t.Parallel()
			var requests int64
			var took time.Duration
			for _, outcome := range outcomes {
				o := <-outcome
				check(t, o)
				requests += o.Requests
				took += o.Duration
			}
			t.Logf("%d seeds: %d requests, %v of campaigns", zooSeeds, requests, took.Round(time.Millisecond))
		})
	}
}

// TestDesyncVariant runs the campaign of the matrix against the Python
// server that leaves the body of a 405'd request on the connection: the
// harness must report it under robustness only, naming the HTTP desync.
func TestDesyncVariant(t *testing.T) {
	t.Parallel()
	row := killmatrix.Desync()
	skipIfMissing(t, row)
	o := <-pool.Start(t.Context(), row, 1)
	check(t, o)
}

// check fails t unless the outcome is as it must be, subject first with the
// findings; under -race only an error fails. It reports whether o is OK.
func check(t *testing.T, o killmatrix.Outcome) bool {
	t.Helper()
	if o.StopErr != "" {
		t.Logf("%s: the server did not stop cleanly after its campaign: %s", o.Subject(), o.StopErr)
	}
	if raceEnabled {
		if o.Err != "" {
			t.Errorf("%s: %s", o.Subject(), o.Err)
		}
		t.Logf("%s: verdict %s, rules [%s] (not asserted under -race)", o.Subject(), o.Verdict, o.RulesText())
		return o.Err == ""
	}
	if !o.OK() {
		t.Errorf("%s%s", o.Problem(), indent(o.Explain()))
		return false
	}
	return true
}

// skipIfMissing skips an external row whose interpreter is not installed.
func skipIfMissing(t *testing.T, row killmatrix.Row) {
	t.Helper()
	if reason := row.Missing(); reason != "" {
		t.Skipf("%s: %s (install it to check this server)", row.Name, reason)
	}
}

// raceSample is what TestKillMatrix runs under -race: the reference, one
// mutant of each kind of wrapper, and one correct server of each family.
var raceSample = []string{
	"reference",
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
	"refuses-header-names-not-canonical", // mutants.ConnWrapper: the connection's bytes kept beside the server
	"http-1-0",                           // correct: hijacking, connection closed
	"chunked",
	"other-methods-405",
	"created-at-offset",
	"uuid-ids",
	"depth-limit-32",     // correct: refuseBody
	"node-http",          // correct: external
	"aws-reference",      // the aws dialect: signing, normalizing, describing, cleanup
	"aws-stores-invalid", // the aws dialect's DescribeDestinations check
}

func TestRaceSampleExists(t *testing.T) {
	var names []string
	for _, r := range append(killmatrix.Mutants(), killmatrix.Clean()...) {
		names = append(names, r.Name)
	}
	for _, name := range raceSample {
		if !slices.Contains(names, name) {
			t.Errorf("raceSample: no row named %q", name)
		}
	}
}

// TestRowNamesUnique guards the subtest names: one row per name across
// both sides of the matrix.
func TestRowNamesUnique(t *testing.T) {
	seen := map[string]killmatrix.Role{}
	for _, r := range append(append(killmatrix.Mutants(), killmatrix.Clean()...), killmatrix.Desync()) {
		if role, ok := seen[r.Name]; ok {
			t.Errorf("row %q: a %s and a %s", r.Name, role, r.Role)
		}
		seen[r.Name] = r.Role
		if (r.New == nil) == (r.External == nil) {
			t.Errorf("row %s: want exactly one of New and External", r.Name)
		}
	}
}

func indent(text string) string {
	if text == "" {
		return ""
	}
	return "\n\t" + strings.ReplaceAll(text, "\n", "\n\t")
}

func TestZooCoversEveryRule(t *testing.T) {
	count := map[rules.ID]int{}
	for _, m := range append(mutants.All(), mutants.AWS()...) {
		count[rules.ID(m.Rule)]++
	}
	for _, r := range rules.All {
		if id := r.ID; !r.Parity && count[id] < 2 {
			t.Errorf("rule %s: %d mutants, want at least 2", id, count[id])
		}
	}
}

// TestMutantRulesInTable: every mutant of the zoo, the envelope's and the
// AWS mode's, names a rule of the rule table, the only rule it can be
// killed under.
func TestMutantRulesInTable(t *testing.T) {
	if err := killmatrix.CheckMutantRules(append(mutants.All(), mutants.AWS()...)); err != nil {
		t.Error(err)
	}
}

// TestCheckMutantRules feeds CheckMutantRules zoos with known and unknown
// rule ids: it must name every mutant whose rule is not in the table, and
// only those.
func TestCheckMutantRules(t *testing.T) {
	known := mutants.Mutant{Name: "known", Rule: string(rules.Robustness)}
	aws := mutants.Mutant{Name: "aws", Rule: string(rules.AWSDescribe)}
	bogus := mutants.Mutant{Name: "bogus", Rule: "no-such-rule"}
	empty := mutants.Mutant{Name: "empty", Rule: ""}
	spelled := mutants.Mutant{Name: "spelled", Rule: "Robustness"}
	for _, tc := range []struct {
		name string
		zoo  []mutants.Mutant
		bad  []string // the mutants the error must name; none: no error
	}{
		{"empty zoo", nil, nil},
		{"known rules", []mutants.Mutant{known, aws}, nil},
		{"bogus id", []mutants.Mutant{known, bogus}, []string{"bogus"}},
		{"no rule", []mutants.Mutant{empty, aws}, []string{"empty"}},
		{"another spelling", []mutants.Mutant{spelled}, []string{"spelled"}},
		{"several", []mutants.Mutant{bogus, known, empty, spelled}, []string{"bogus", "empty", "spelled"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := killmatrix.CheckMutantRules(tc.zoo)
			if len(tc.bad) == 0 {
				if err != nil {
					t.Errorf("got %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no error, want one naming %v", tc.bad)
			}
			for _, m := range tc.zoo {
				named := strings.Contains(err.Error(), "mutant "+m.Name+":")
				if want := slices.Contains(tc.bad, m.Name); named != want {
					t.Errorf("error %q: names mutant %s: %v, want %v", err, m.Name, named, want)
				}
			}
		})
	}
}

// TestRunRefusesUnknownRule: a mutant row wanting a rule outside the table
// runs no campaign and comes out not OK, with an error that says why.
func TestRunRefusesUnknownRule(t *testing.T) {
	for _, rule := range []rules.ID{"no-such-rule", ""} {
		row := killmatrix.Row{Name: "bogus", Role: killmatrix.RoleMutant, Want: killmatrix.Want{Rule: rule},
			New: func() http.Handler { return emulator.New() }}
		o := killmatrix.Run(t.Context(), row, 1)
		if o.OK() || o.Requests != 0 || !strings.Contains(o.Err, "not in the rule table") {
			t.Errorf("rule %q: got OK %v, %d requests, error %q; want not OK, no campaign, an error naming the rule table", rule, o.OK(), o.Requests, o.Err)
		}
	}
}

// TestKilledOnlyUnderOwnRule: a mutant's outcome is OK only when a finding
// is under the rule it wants; findings under other rules alone do not
// count.
func TestKilledOnlyUnderOwnRule(t *testing.T) {
	want := killmatrix.Want{Rule: rules.RejectsInvalid}
	for _, tc := range []struct {
		found []rules.ID
		ok    bool
	}{
		{[]rules.ID{rules.RejectsInvalid}, true},
		{[]rules.ID{rules.RejectsInvalid, rules.StatusCode}, true},
		{[]rules.ID{rules.StatusCode}, false},
		{[]rules.ID{rules.AcceptsValid, rules.Robustness}, false},
	} {
		o := killmatrix.Outcome{Name: "m", Role: killmatrix.RoleMutant, Want: want, Verdict: "non-conformant", Rules: tc.found}
		if o.OK() != tc.ok {
			t.Errorf("wanting %s, findings under %v: got OK %v, want %v", want.Rule, tc.found, o.OK(), tc.ok)
		}
	}
}

// TestMutantRowsWantTheirOwnRule: each mutant's row of the matrix wants the
// rule the mutant names, and nothing else.
func TestMutantRowsWantTheirOwnRule(t *testing.T) {
	zoo := append(mutants.All(), mutants.AWS()...)
	rows := killmatrix.Mutants()
	if len(rows) != len(zoo) {
		t.Fatalf("got %d mutant rows, want one per mutant (%d)", len(rows), len(zoo))
	}
	for i, m := range zoo {
		if r := rows[i]; r.Name != m.Name || r.Role != killmatrix.RoleMutant || r.Want != (killmatrix.Want{Rule: rules.ID(m.Rule)}) {
			t.Errorf("row %d: got %s, a %s wanting %+v; want mutant %s wanting rule %s only", i, r.Name, r.Role, r.Want, m.Name, m.Rule)
		}
	}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range append(mutants.All(), mutants.AWS()...) {
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

// zoo is every mutant of mutants.All(), by the rule the kill matrix must
// report it under: the inventory of what the matrix proves the harness
// catches. A mutant added to the zoo is listed here; one dropped from it is
// dropped here, on purpose.
var zoo = map[rules.ID][]string{
	rules.RejectsInvalid: {
		"accepts-51-tags",
		"accepts-513-character-name",
		"accepts-asterisk-in-name",
		"accepts-colon-in-name",
		"accepts-empty-name",
		"accepts-empty-role-arn",
		"accepts-empty-tag-key",
		"accepts-empty-tags-object",
		"accepts-missing-target-arn",
		"accepts-null-required-member",
		"accepts-tags-as-key-value-list",
		"accepts-trailing-bytes",
		"accepts-unicode-space-around-the-object",
		"coerces-scalars-to-strings",
		"member-names-matched-without-case",
		"name-pattern-checked-on-raw-text",
		"null-tag-values-read-as-empty",
		"sanitizes-tag-keys",
		"sanitizes-tag-values",
		"tag-keys-checked-from-the-start-only",
		"tag-pattern-admits-marks",
		"tag-pattern-admits-punctuation",
		"tag-pattern-admits-symbols",
		"truncates-long-tag-keys",
		"truncates-long-tag-values",
		"unanchored-tag-patterns",
		"validates-first-3-tags-only",
	},
	rules.AcceptsValid: {
		"expects-member-order",
		"name-length-in-bytes",
		"name-length-in-utf16-units",
		"name-length-on-raw-text",
		"name-max-off-by-one",
		"reads-only-content-length",
		"rejects-50-tags",
		"rejects-bodies-over-64-kib",
		"rejects-control-characters-in-name",
		"rejects-empty-tag-value",
		"rejects-escaped-slash",
		"rejects-leading-white-space",
		"rejects-many-members",
		"rejects-non-ascii-tag-key",
		"rejects-null-tags",
		"rejects-unknown-members",
		"rejects-whitespace-only-name",
		"refuses-charset-parameter",
		"refuses-header-names-not-canonical",
		"tag-key-escapes-not-decoded",
		"tag-keys-case-insensitive",
		"tag-keys-nfkc-folded",
		"tag-pattern-narrows-numbers",
		"tag-pattern-narrows-separators",
		"trims-member-names",
	},
	rules.StatusCode: {
		"error-envelope-with-200",
		"error-with-422",
		"success-with-201",
	},
	rules.ContentType: {
		"html-error-page",
		"no-content-type",
		"text-plain-success",
	},
	rules.EnvelopeSchema: {
		"created-at-not-rfc3339",
		"empty-error-message",
		"empty-id",
		"numeric-id",
		"success-as-string",
		"success-without-created-at",
		"wrong-error-code",
	},
	rules.UpsertIdentity: {
		"forgets-early-names",
		"new-created-at-on-update",
		"new-id-on-update",
		"racy-first-create",
	},
	rules.DistinctIdentity: {
		"case-folded-names",
		"ids-from-first-character",
		"ids-recycled-across-run",
		"nfc-normalized-names",
		"nfkc-folded-names",
		"trimmed-names",
		"zero-width-stripped-names",
	},
	rules.Robustness: {
		"500-on-50-tags",
		"500-on-byte-order-mark",
		"500-on-deep-nesting",
		"500-on-empty-body",
		"500-on-huge-exponent-in-unknown-member",
		"500-on-long-unknown-strings",
		"500-on-tag-values-over-10000-characters",
		"500-on-thousands-of-tags",
		"502-on-names-over-300-characters",
		"drops-connection-on-deep-nesting",
		"drops-connection-on-non-ascii-name",
		"endless-body-on-unknown-members",
		"hangs-on-bodies-over-16-kib",
		"intermittent-503",
		"panics-on-unexpected-escape",
		"redirects-names-starting-with-digit",
	},
}

// awsZoo is every mutant of mutants.AWS(), by the rule the kill matrix must
// report it under, as zoo is for mutants.All().
var awsZoo = map[rules.ID][]string{
	rules.RejectsInvalid:  {"aws-accepts-everything", "aws-untyped-errors", "aws-wrong-error-type"},
	rules.AWSCreationTime: {"aws-creation-time-epoch-seconds", "aws-creation-time-in-seconds", "aws-creation-time-on-update"},
	rules.AWSEcho:         {"aws-echoes-old-target-arn", "aws-omits-role-arn"},
	rules.AWSArn:          {"aws-arn-default-region", "aws-arn-fixed-partition", "aws-arn-fixed-region", "aws-arn-slash"},
	rules.AWSContentType:  {"aws-json-success", "aws-text-html-success"},
	rules.AWSDescribe:     {"aws-describe-case-insensitive", "aws-stale-describe", "aws-stores-invalid"},
	rules.AWSErrorType:    {"aws-validation-exception", "aws-wrong-type-as-invalid-parameter"},
	rules.AWSDelete:       {"aws-delete-missing-succeeds", "aws-fake-delete"},
}

// TestZooIsTheListedMutants: mutants.All() and mutants.AWS() hold exactly
// the mutants of zoo and awsZoo,
// each under the rule listed for it, so that none leaves the kill matrix
// (or changes the rule it must be caught under) unnoticed.
func TestZooIsTheListedMutants(t *testing.T) {
	got := map[string]rules.ID{}
	for _, m := range append(mutants.All(), mutants.AWS()...) {
		got[m.Name] = rules.ID(m.Rule)
	}
	want := map[string]rules.ID{}
	for _, z := range []map[rules.ID][]string{zoo, awsZoo} {
		for id, names := range z {
			for _, name := range names {
				want[name] = id
			}
		}
	}
	for name, id := range want {
		if rule, ok := got[name]; !ok {
			t.Errorf("mutant %q (%s): listed in zoo or awsZoo, not in mutants.All() or mutants.AWS()", name, id)
		} else if rule != id {
			t.Errorf("mutant %q: rule %s, want %s as listed", name, rule, id)
		}
	}
	for name, rule := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("mutant %q (%s): in the mutants, not listed in zoo or awsZoo", name, rule)
		}
	}
}
