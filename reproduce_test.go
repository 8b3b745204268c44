package conformance_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/rules"
)

// TestGoAPIReproduceNamesNoMovingVersion: a run through the Go API, which
// no command started, says how to rerun it with the options of the same
// cases (seed, budget, rules), never with a command at @latest, which
// would run another harness; a test binary of this module names no
// version to pin.
func TestGoAPIReproduceNamesNoMovingVersion(t *testing.T) {
	srv := httptest.NewServer(newEmulator())
	defer srv.Close()
	for _, tt := range []struct {
		name, reason string
		target       conformance.Target
	}{
		{"URL", "an endpoint checked from Go code", conformance.URL(srv.URL)},
		{"handler", "a handler in process", conformance.Handler(newEmulator)},
	} {
		res, err := conformance.Check(context.Background(), tt.target, conformance.WithSeed(7), conformance.WithBudget(2),
			conformance.WithRules(rules.RejectsInvalid, rules.AcceptsValid))
		if err != nil {
			t.Fatal(err)
		}
		want := `rerun with conformance.WithSeed(7), conformance.WithBudget(2), conformance.WithRules("rejects-invalid", "accepts-valid")`
		if res.Reproduce != want {
			t.Errorf("%s (%s): reproduce %q, want %q", tt.name, tt.reason, res.Reproduce, want)
		}
		if strings.Contains(res.Reproduce, "@latest") {
			t.Errorf("%s: reproduce %q names @latest", tt.name, res.Reproduce)
		}
	}
}
