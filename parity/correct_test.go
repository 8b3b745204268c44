package parity_test

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator/correct"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/rules"
)

// TestCorrectServersAtParityWithThemselves: every correct server (in
// process, of both dialects, and the Python and Node ones where their
// runtime is installed) checked against its own recording, under another
// prefix, gives no parity finding: what varies between two of its runs is
// what the table normalizes, so a finding here would be a false alarm.
func TestCorrectServersAtParityWithThemselves(t *testing.T) {
	type server struct {
		name    string
		target  func(t *testing.T) conformance.Target
		dialect []conformance.Option
		budget  int
	}
	var servers []server
	for _, s := range correct.All() {
		budget := 6
		if s.Slow {
			budget = 2
		}
		servers = append(servers, server{s.Name, func(*testing.T) conformance.Target { return conformance.Handler(s.New) }, nil, budget})
	}
	for _, s := range correct.AWS() {
		servers = append(servers, server{s.Name, func(*testing.T) conformance.Target { return conformance.Handler(s.New) },
			[]conformance.Option{conformance.WithDialect(rules.AWS), testCreds}, 6})
	}
	for _, s := range correct.External() {
		servers = append(servers, server{s.Name, func(t *testing.T) conformance.Target {
			if _, err := exec.LookPath(map[string]string{"python": "python3", "node": "node"}[s.Process]); err != nil {
				t.Skipf("%s: its runtime is not installed", s.Name)
			}
			p, err := correct.Start(t.Context(), s)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = p.Close() })
			return conformance.URL(p.URL)
		}, nil, 6})
	}
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			target := s.target(t)
			opts := append([]conformance.Option{conformance.WithSeed(5), conformance.WithBudget(s.budget)}, s.dialect...)
			var buf bytes.Buffer
			if _, err := conformance.Record(t.Context(), target, &buf, opts...); err != nil {
				t.Fatal(err)
			}
			h, err := parity.Read(&buf)
			if err != nil {
				t.Fatal(err)
			}
			res, err := conformance.Parity(t.Context(), h, target, nil, s.dialect...)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				t.Errorf("%s against its own recording: %s (%d like it); want no finding", s.name, f.Summary, f.Count)
			}
		})
	}
}
