package fuzzcheck_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/correct"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/fuzzcheck"
	"github.com/putdestination/conformance/fuzzcheck/internal/seedtext"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
)

// TestSeedsAreTheHarnesss: seeds.txt holds the seeds of
// conformance.NewFuzzTarget with the default options, as `go generate
// ./fuzzcheck/` writes them.
func TestSeedsAreTheHarnesss(t *testing.T) {
	got, err := os.ReadFile("seeds.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(seedtext.Harness()) {
		t.Error("seeds.txt is out of date with the harness's seeds: run go generate ./fuzzcheck/")
	}
	if seeds := fuzzcheck.New(http.NotFoundHandler).Seeds(); len(seeds) < 100 {
		t.Errorf("New: %d seeds, want the harness's (over 100)", len(seeds))
	}
}

// judged is a judgement as data to compare: each exchange's expectation
// and its violations' rules and pointers (their messages name the
// validator), and the identity rule's.
func judged(jm fuzzcheck.Judgement) string {
	var b strings.Builder
	for _, x := range jm.Exchanges {
		fmt.Fprintf(&b, "[%s %s %s skipped=%v:", x.Expect.Outcome, x.Expect.Breaks.Pointer, x.Expect.Breaks.Keyword, x.Verdict.Skipped)
		for _, v := range x.Verdict.Violations {
			fmt.Fprintf(&b, " %s %s", v.Rule, v.Pointer)
		}
		b.WriteString("]")
	}
	fmt.Fprintf(&b, " identity %s:", jm.IdentityRule)
	for _, v := range jm.Identity {
		fmt.Fprintf(&b, " %s %s", v.Rule, v.Pointer)
	}
	return b.String()
}

// TestEmbeddedContractJudgesAsTheSpec: a judge of the contract compiled
// to Go (what New judges with) comes to the same judgement as one of the
// spec loaded with kin-openapi (what conformance.NewFuzzTarget judges
// with) on every seed and edits of it, against the reference emulator,
// every in-process correct server and every mutant of the envelope API.
func TestEmbeddedContractJudgesAsTheSpec(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c, err := verdict.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	inputs := fuzzcheck.New(http.NotFoundHandler).Seeds()
	for _, seed := range slices.Clone(inputs) {
		if len(seed) > 2 {
			inputs = append(inputs, append(slices.Clone(seed[:len(seed)/2]), seed[len(seed)/2+1:]...), append(slices.Clone(seed), '}'))
		}
	}
	type server struct {
		name string
		new  func() http.Handler
	}
	servers := []server{{"the reference emulator", func() http.Handler { return emulator.New() }}}
	for _, v := range correct.All() {
		if v.New != nil && !v.Slow {
			servers = append(servers, server{v.Name, v.New})
		}
	}
	for _, m := range mutants.All() {
		servers = append(servers, server{m.Name, m.New})
	}
	if testing.Short() {
		inputs = inputs[:40]
	}
	broken := 0
	for _, srv := range servers {
		judges := [2]*fuzzcheck.Judge{}
		for i, contract := range []fuzzcheck.Contract{c, s} {
			if judges[i], err = fuzzcheck.NewJudge(srv.new, fuzzcheck.Config{Contract: contract, RequestTimeout: 200 * time.Millisecond}); err != nil {
				t.Fatal(err)
			}
		}
		for _, data := range inputs {
			in := fuzzcheck.DecodeInput(data)
			got, want := judged(judges[0].Judge(in)), judged(judges[1].Judge(in))
			// A difference of contract comes back every time; one of
			// timing (a handler held past the timeout on a loaded
			// machine) does not: judge again before calling it one.
			for again := 0; got != want && again < 2; again++ {
				got, want = judged(judges[0].Judge(in)), judged(judges[1].Judge(in))
			}
			if got != want {
				t.Errorf("%s, input %q:\n  compiled: %s\n  spec:     %s", srv.name, data, got, want)
				break
			}
			if strings.Contains(got, "-") && strings.Count(got, " ") > 3*strings.Count(got, "[") {
				broken++
			}
		}
	}
	if broken == 0 {
		t.Error("no input broke a rule on any server: the comparison says little")
	}
}

// TestNewLinksOnlyWhatJudgingNeeds: the package a fuzz target imports
// depends on no OpenAPI library, YAML parser, schema compiler, generator,
// HTTP client package of the harness or report writer: Go's fuzzing engine
// copies every coverage counter of the binary after each input.
func TestNewLinksOnlyWhatJudgingNeeds(t *testing.T) {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, banned := range []string{"github.com/getkin/", "yaml", "github.com/santhosh-tekuri/", "pgregory.net/rapid",
		"github.com/onsi/", "github.com/aws/", "golang.org/x/text/message", "golang.org/x/text/language",
		"/conformance/spec", "/conformance/generators", "/conformance/campaign", "/conformance/result", "/conformance/reports", "/conformance/fuzzing"} {
		for _, d := range deps {
			if strings.Contains(d, banned) {
				t.Errorf("fuzzcheck depends on %s", d)
			}
		}
	}
}
