package result_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// TestClip: one line, at most MaxLine bytes, a cut that says how much it
// left out and never splits a character.
func TestClip(t *testing.T) {
	tests := []struct {
		name, reason, in string
		want             string // "" : only the bounds are checked
	}{
		{"short", "left as it is", "rejects-invalid /: got 200", "rejects-invalid /: got 200"},
		{"line breaks", "one line: \\n and \\r spelled out", "a\nb\r\nc", `a\nb\r\nc`},
		{"long", "cut, saying how long it was", strings.Repeat("x", 5000), ""},
		{"long multibyte", "cut on a character boundary", strings.Repeat("한", 2000), ""},
	}
	for _, tt := range tests {
		got := result.Clip(tt.in)
		if tt.want != "" && got != tt.want {
			t.Errorf("%s (%s): got %q, want %q", tt.name, tt.reason, got, tt.want)
		}
		if len(got) > result.MaxLine || strings.ContainsAny(got, "\r\n") || !utf8.ValidString(got) {
			t.Errorf("%s (%s): got %d bytes (valid UTF-8 %v), want one valid line of at most %d", tt.name, tt.reason, len(got), utf8.ValidString(got), result.MaxLine)
		}
		if len(tt.in) > result.MaxLine && !strings.Contains(got, "bytes in all") {
			t.Errorf("%s: got %.60q…, want it to say how long the text was", tt.name, got)
		}
	}
	if got := result.ClipTo(strings.Repeat("y", 500), 200); len(got) > 200 {
		t.Errorf("ClipTo 200: got %d bytes", len(got))
	}
}

// TestExplainWith: a report's own curl lines replace the finding's, the
// first of a pair included; without them, the finding's own, cut.
func TestExplainWith(t *testing.T) {
	long := "curl " + strings.Repeat("z", 3000)
	res := &result.Result{
		Verdict: "non-conformant", Reproduce: "make conformance SEED=1",
		Rules: []result.RuleOutcome{{ID: rules.UpsertIdentity, Status: "fail", Cases: 5, Failures: 2}},
		Findings: []result.Finding{{
			Rule: rules.UpsertIdentity, Summary: "upsert-identity /data/id: got id \"b\" on update, want \"a\"", Property: "upsert", Case: "upsert",
			Violations: []contract.Violation{{Rule: rules.UpsertIdentity, Pointer: "/data/id", Got: "b", Want: "a"}},
			Curl:       long, Previous: &result.Exchange{Curl: "curl first"}, Needs: "the two requests in order",
		}},
	}
	own := res.Explain(rules.UpsertIdentity)
	if !strings.Contains(own, "   first: curl first\n") || !strings.Contains(own, "bytes in all") {
		t.Errorf("Explain: got\n%s\nwant the first request's curl line, and the long one cut", own)
	}
	got := res.ExplainWith(rules.UpsertIdentity, func(f result.Finding, n int) (string, string) {
		if n != 1 || f.Rule != rules.UpsertIdentity {
			t.Errorf("CurlLines: got finding %d of %s, want 1 of upsert-identity", n, f.Rule)
		}
		return "curl @findings/upsert-identity-1.first.request", "curl @findings/upsert-identity-1.request"
	})
	for _, want := range []string{"upsert-identity: 2 of 5 checks failed\n", "   first: curl @findings/upsert-identity-1.first.request\n", "   curl: curl @findings/upsert-identity-1.request\n", "   needs: the two requests in order\n", "reproduce the run: make conformance SEED=1"} {
		if !strings.Contains(got, want) {
			t.Errorf("ExplainWith: got\n%s\nwant %q in it", got, want)
		}
	}
	if res.Explain(rules.AcceptsValid) != "" {
		t.Errorf("Explain of a rule without findings: got text, want \"\"")
	}
}

// TestHeadlineOfAMergedReport: one seed when the runs had one, every seed
// otherwise; never a second, different seed.
func TestHeadlineOfAMergedReport(t *testing.T) {
	r := &result.Result{Verdict: "conformant", Seed: 7, Budget: 10, Endpoint: "http://x/"}
	if h := r.Headline(); !strings.Contains(h, "(seed 7, budget 10)") {
		t.Errorf("Headline: got %q, want the seed", h)
	}
	r.Shards = []result.Shard{{Seed: 7}, {Seed: 7}}
	if h := r.Headline(); !strings.Contains(h, "merged from 2 runs, seed 7,") || strings.Count(h, "seed") != 1 {
		t.Errorf("Headline of 2 runs of seed 7: got %q", h)
	}
	r.Seed, r.Shards = 0, []result.Shard{{Seed: 1}, {Seed: 2}}
	if h := r.Headline(); !strings.Contains(h, "seeds 1, 2") || strings.Contains(h, "seed 0") {
		t.Errorf("Headline of runs of seeds 1 and 2: got %q", h)
	}
}
