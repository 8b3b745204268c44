package rules_test

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/rules"
)

// The -rules flag and the selection it fills: nil holds every rule, the
// flag reads comma-separated ids, and an unknown id parses, then comes
// back from Unknown named, with the table's ids listed.
func TestSelection(t *testing.T) {
	var all rules.Selection
	if !all.Has(rules.Robustness) || !all.Has("no-such-rule") {
		t.Errorf("nil Selection: Has = false, want true (nil selects every rule)")
	}
	if none := (rules.Selection{}); none.Has(rules.Robustness) {
		t.Errorf("empty Selection: Has(robustness) = true, want false")
	}

	tests := []struct {
		reason string
		arg    string
		want   rules.Selection
	}{
		{"blanks and empty ids dropped", "rejects-invalid, robustness,,upsert-identity", rules.Selection{rules.RejectsInvalid, rules.Robustness, rules.UpsertIdentity}},
		{"an unknown id is kept for Unknown to name", "robustness,no-such-rule", rules.Selection{rules.Robustness, "no-such-rule"}},
		{"an empty value leaves every rule selected", "", nil},
	}
	for _, tt := range tests {
		var s rules.Selection
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.Var(&s, "rules", "")
		if err := fs.Parse([]string{"-rules=" + tt.arg}); err != nil {
			t.Errorf("-rules=%s (%s): got %v, want nil", tt.arg, tt.reason, err)
		}
		if !slices.Equal(s, tt.want) || (s == nil) != (tt.want == nil) {
			t.Errorf("-rules=%s (%s): got %#v, want %#v", tt.arg, tt.reason, s, tt.want)
		}
	}

	s := rules.Selection{rules.Robustness, rules.RejectsInvalid}
	if got, want := s.String(), "robustness,rejects-invalid"; got != want {
		t.Errorf("String: got %q, want %q (what -rules reads back)", got, want)
	}
	if errs := s.Unknown(); errs != nil {
		t.Errorf("Unknown of known ids: got %v, want nil", errs)
	}
	errs := rules.Selection{"no-such-rule", rules.Robustness, "also-missing"}.Unknown()
	if len(errs) != 2 {
		t.Fatalf("Unknown: got %v, want one error per unknown id", errs)
	}
	for i, id := range []string{"no-such-rule", "also-missing"} {
		if msg := errs[i].Error(); !strings.Contains(msg, `"`+id+`"`) || !strings.Contains(msg, "accepts-valid, rejects-invalid") {
			t.Errorf("Unknown: got %q, want it to name %q and list the rules", msg, id)
		}
	}
}
