package conformance

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance/internal/rerun"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// SeedEnv is the environment variable that sets the seed of [Test]'s runs,
// over the options, as -rapid.seed does for rapid: a failure prints the
// go test command that reruns the same cases with it, so reproducing one
// needs no change to the code.
const SeedEnv = "CONFORMANCE_SEED"

// Test runs Check against target and fails t once if the run found
// anything, listing every finding subject first (rule, pointer, got, want)
// with its reproduction, in the manner of testing/fstest.TestFS, and the
// command that reruns the test with the run's seed
// (CONFORMANCE_SEED=… go test -run '^TestName$' ./pkg). A handler in
// process has no URL a curl line could reach: its findings have none. It
// fails t too when the harness could not do its job. Reports are written
// only where asked (WithReportDir).
//
//	func TestPutDestination(t *testing.T) {
//		conformance.Test(t, conformance.Handler(newHandler))
//	}
func Test(t testing.TB, target Target, opts ...Option) {
	t.Helper()
	opts = slices.Clone(opts)
	if v := os.Getenv(SeedEnv); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil || seed == 0 {
			t.Fatalf("conformance: %s=%q: want the seed a failure printed (a positive integer)", SeedEnv, v)
			return
		}
		opts = append(opts, WithSeed(seed))
	}
	opts = append(opts, func(c *Config) { c.goTest = rerun.GoTest(t.Name()) })
	res, err := Check(t.Context(), target, opts...)
	if err != nil {
		t.Fatalf("conformance: the harness could not judge %v: %v", target, err)
	}
	if !res.Failed() {
		t.Logf("%s", res.Headline())
		if text := res.HandlerLogText(); text != "" {
			t.Logf("%s", text)
		}
		return
	}
	var curl result.CurlLines
	if _, inProcess := target.(handlerTarget); inProcess {
		curl = func(result.Finding, int) (string, string) { return "", "" }
	}
	var b strings.Builder
	b.WriteString(res.Headline())
	for _, id := range rules.IDs() {
		if text := res.ExplainWith(id, curl); text != "" {
			b.WriteString("\n\n")
			b.WriteString(text)
		}
	}
	if text := res.HandlerLogText(); text != "" {
		b.WriteString("\n\n")
		b.WriteString(text)
	}
	t.Fatal(b.String())
}
