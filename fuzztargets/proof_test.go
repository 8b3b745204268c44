package fuzztargets

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
)

// byteLevel are the mutants of the zoo whose faults only byte-level input
// reaches (emulator/mutants/bytelevel.go).
var byteLevel = []string{"panics-on-unexpected-escape", "500-on-huge-exponent-in-unknown-member", "accepts-unicode-space-around-the-object"}

// proofEnv names the mutant FuzzByteLevelMutant fuzzes.
const proofEnv = "CONFORMANCE_FUZZ_MUTANT"

// proofFuzzTime bounds each proof run: the fuzz time `make fuzz` gives a
// target by default.
const proofFuzzTime = "30s"

func mutant(t testing.TB, name string) mutants.Mutant {
	t.Helper()
	m, ok := mutants.Named(name)
	if !ok {
		t.Fatalf("no mutant %q in the zoo", name)
	}
	return m
}

// FuzzByteLevelMutant fuzzes the mutant named by $CONFORMANCE_FUZZ_MUTANT
// as conformance.Fuzz does (same checker, same defaults), but seeded only
// with the seeds of Fuzz the mutant passes: conformance.Fuzz's own seeds
// hold mutated bodies and hostile members that catch every byte-level
// mutant before any fuzzing (TestFuzzSeedsCatchByteLevelMutants), and this
// target shows that the fuzzer finds them from the others. It is how
// TestFuzzFindsByteLevelMutants runs `go test -fuzz` on each, and is
// skipped otherwise (the mutant is faulty).
func FuzzByteLevelMutant(f *testing.F) {
	name := os.Getenv(proofEnv)
	if name == "" {
		f.Skip("run by TestFuzzFindsByteLevelMutants, with " + proofEnv + " naming a mutant")
	}
	c, err := conformance.NewFuzzChecker(mutant(f, name).New)
	if err != nil {
		f.Fatal(err)
	}
	for _, in := range c.Seeds() {
		if c.Check(in) == "" {
			f.Add(in.Mode, in.First, in.Second)
		}
	}
	f.Fuzz(func(t *testing.T, mode uint8, first, second []byte) {
		if msg := c.Check(conformance.FuzzInput{Mode: mode, First: first, Second: second}); msg != "" {
			t.Fatal(msg)
		}
	})
}

// TestFuzzSeedsCatchByteLevelMutants: a team's first `go test` with
// conformance.Fuzz already fails on each byte-level mutant, on a seed,
// under the mutant's rule.
func TestFuzzSeedsCatchByteLevelMutants(t *testing.T) {
	for _, name := range byteLevel {
		m := mutant(t, name)
		c, err := conformance.NewFuzzChecker(m.New)
		if err != nil {
			t.Fatal(err)
		}
		caught := 0
		for _, in := range c.Seeds() {
			if regexp.MustCompile(`(?m)^\d+\. ` + regexp.QuoteMeta(m.Rule) + ` `).MatchString(c.Check(in)) {
				caught++
			}
		}
		if caught == 0 {
			t.Errorf("mutant %s: got no seed of conformance.Fuzz failing under %s, want some", name, m.Rule)
		}
		t.Logf("mutant %s: %d seeds fail under %s", name, caught, m.Rule)
	}
}

// FuzzZooMutant is conformance.Fuzz, exactly as a team writes it, on the
// mutant named by $CONFORMANCE_FUZZ_MUTANT; skipped otherwise.
func FuzzZooMutant(f *testing.F) {
	name := os.Getenv(proofEnv)
	if name == "" {
		f.Skip("run by TestFuzzFindsByteLevelMutants, with " + proofEnv + " naming a mutant")
	}
	conformance.Fuzz(f, mutant(f, name).New)
}

// TestFuzzFindsByteLevelMutants is the proof that `go test -fuzz` with
// conformance.Fuzz finds each byte-level mutant within the fuzz time `make
// fuzz` gives a target: it runs FuzzZooMutant on each, in a process of its
// own, and wants a failure under the mutant's rule (its seeds catch every
// one). Then it fuzzes each from the seeds the mutant passes
// (FuzzByteLevelMutant) and says whether and when the fuzzer found it:
// that depends on the machine, so it is logged, not asserted; an input it
// finds must fail against the mutant and pass against the reference
// emulator. Each run starts with Go's fuzz cache of its target empty, and
// inputs Go writes under testdata/fuzz are removed after (the kept
// regression cases are under testdata/regressions). Skipped under
// -short; `make test` runs it after the other tests, so that it does not
// load the machine under timing-sensitive ones.
func TestFuzzFindsByteLevelMutants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs `go test -fuzz` for up to " + proofFuzzTime + " per mutant")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	for _, name := range byteLevel {
		t.Run(name, func(t *testing.T) {
			m := mutant(t, name)
			out, _, took, err := fuzzRun(t, goBin, "FuzzZooMutant", name)
			if err == nil || !regexp.MustCompile(`(?m)^\s*\d+\. `+regexp.QuoteMeta(m.Rule)+` `).Match(out) {
				t.Fatalf("go test -fuzz=FuzzZooMutant on %s: got exit %v, want a failure under %s\n%s", name, err, m.Rule, tail(out, 40))
			}
			t.Logf("conformance.Fuzz: failed in %v (instrumented build included): %s", took.Round(time.Second), findingLine(out))

			out, written, took, err := fuzzRun(t, goBin, "FuzzByteLevelMutant", name)
			if err == nil {
				t.Logf("from the seeds the mutant passes: not found in %s (%s)", proofFuzzTime, lastProgress(out))
				return
			}
			if len(written) != 1 {
				t.Fatalf("go test -fuzz=FuzzByteLevelMutant on %s: got exit %v and %d inputs written, want one\n%s", name, err, len(written), tail(out, 40))
			}
			replay(t, m, readInput(t, written[0]))
			t.Logf("from the seeds the mutant passes: found by fuzzing in %v: %s", took.Round(time.Second), findingLine(out))
		})
	}
}

// fuzzRun runs `go test -fuzz` on target with the mutant named, and
// returns its output, the inputs it wrote (removed at the end of the
// test), how long it took and how it exited. Go's fuzz cache of target is
// emptied first: what earlier runs kept there, fuzzing any mutant, is not
// a seed the mutant passes.
func fuzzRun(t *testing.T, goBin, target, mutant string) ([]byte, []string, time.Duration, error) {
	clearFuzzCache(t, goBin, target)
	dir := filepath.Join("testdata", "fuzz", target)
	before := listDir(dir)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "test", "-run=^$", "-fuzz=^"+target+"$", "-fuzztime="+proofFuzzTime, ".")
	cmd.Env = append(os.Environ(), proofEnv+"="+mutant)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	var written []string
	for _, f := range listDir(dir) {
		if !slices.Contains(before, f) {
			written = append(written, filepath.Join(dir, f))
		}
	}
	t.Cleanup(func() {
		for _, f := range written {
			_ = os.Remove(f)
		}
		_ = os.Remove(dir) // only when empty
		_ = os.Remove(filepath.Dir(dir))
	})
	return out, written, took, err
}

// proofPackage is this package, as Go's fuzz cache names it.
const proofPackage = "github.com/putdestination/conformance/fuzz"

// clearFuzzCache removes the inputs Go keeps for target in its fuzz cache
// (GOCACHE/fuzz/<package>/<target>), found by earlier `go test -fuzz` runs.
func clearFuzzCache(t *testing.T, goBin, target string) {
	t.Helper()
	out, err := exec.Command(goBin, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	cache := strings.TrimSpace(string(out))
	if cache == "" || cache == "off" {
		return
	}
	if err := os.RemoveAll(filepath.Join(cache, "fuzz", filepath.FromSlash(proofPackage), target)); err != nil {
		t.Fatalf("emptying Go's fuzz cache of %s: %v", target, err)
	}
}

// lastProgress is the last "fuzz: elapsed" line of a go test -fuzz output.
func lastProgress(out []byte) string {
	last := ""
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "fuzz: elapsed") {
			last = l
		}
	}
	return last
}

// TestByteLevelRegressions replays the kept regression case of each
// byte-level mutant (an input `go test -fuzz` wrote, in Go's corpus
// format): it must fail against the mutant, under the mutant's rule, and
// pass against the reference emulator.
func TestByteLevelRegressions(t *testing.T) {
	for _, name := range byteLevel {
		t.Run(name, func(t *testing.T) {
			replay(t, mutant(t, name), readInput(t, filepath.Join("testdata", "regressions", name)))
		})
	}
}

// replay runs in against the mutant (it must fail under the mutant's rule)
// and against the reference (it must pass).
func replay(t *testing.T, m mutants.Mutant, in conformance.FuzzInput) {
	t.Helper()
	c, err := conformance.NewFuzzChecker(m.New)
	if err != nil {
		t.Fatal(err)
	}
	msg := c.Check(in)
	if !regexp.MustCompile(`(?m)^\d+\. ` + regexp.QuoteMeta(m.Rule) + ` `).MatchString(msg) {
		t.Errorf("mutant %s on the input: got %q, want a finding under %s", m.Name, msg, m.Rule)
	}
	refc, err := conformance.NewFuzzChecker(func() http.Handler { return emulator.New() })
	if err != nil {
		t.Fatal(err)
	}
	ref := refc.Check(in)
	if ref != "" {
		t.Errorf("reference emulator on the input of %s: got a failure, want none (the input must witness the mutant's fault alone):\n%s", m.Name, ref)
	}
}

// readInput reads a file in Go's fuzz corpus format, as written for
// Fuzz's arguments: a byte (the mode) and two []byte.
func readInput(t *testing.T, path string) conformance.FuzzInput {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := parseInput(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return in
}

func parseInput(data []byte) (conformance.FuzzInput, error) {
	var in conformance.FuzzInput
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	var values []string
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			values = append(values, line)
		}
	}
	if len(values) != 4 || values[0] != "go test fuzz v1" {
		return in, fmt.Errorf("got %d lines, want the header and three values", len(values))
	}
	mode, ok := strings.CutPrefix(values[1], "byte(")
	if !ok {
		mode, ok = strings.CutPrefix(values[1], "uint8(")
	}
	if !ok {
		return in, fmt.Errorf("first value %q: want byte(...)", values[1])
	}
	mode = strings.TrimSuffix(mode, ")")
	if n, err := strconv.ParseUint(mode, 0, 8); err == nil {
		in.Mode = uint8(n)
	} else if v, _, _, err := strconv.UnquoteChar(strings.Trim(mode, "'"), '\''); err == nil && v < 256 {
		in.Mode = uint8(v)
	} else {
		return in, fmt.Errorf("first value %q: not a byte", values[1])
	}
	for i, dst := range []*[]byte{&in.First, &in.Second} {
		lit, ok := strings.CutPrefix(values[2+i], "[]byte(")
		if !ok {
			return in, fmt.Errorf("value %d %q: want []byte(...)", 2+i, values[2+i])
		}
		s, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
		if err != nil {
			return in, fmt.Errorf("value %d: %v", 2+i, err)
		}
		*dst = []byte(s)
	}
	return in, nil
}

func listDir(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// findingLine is the first finding of a go test -fuzz output.
func findingLine(out []byte) string {
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "1. ") {
			return l
		}
	}
	return ""
}

func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
