package bench_test

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/putdestination/conformance/fuzzcheck"
)

// fuzzRatioTime is how long each fuzzing run of BenchmarkFuzzRatio lasts.
const fuzzRatioTime = "20s"

// BenchmarkFuzzRatio measures go test -fuzz (one worker) on a fuzz target
// of fuzzcheck.New against its floor, the same handler fuzzed
// through httptest in a package that links no harness, from the same
// seeds; and reports executions per second of both and their ratio, for
// the example handler (examples/gohandler's FuzzPutDestination) and for a
// trivial handler (it reads the body and answers one success envelope;
// its target ignores the verdicts, so that the run does not stop at the
// first input it fails). The fuzz packages are written into a copy of
// the example module; each pair runs three times alternating (target,
// floor, target, ...), and the medians are reported.
func BenchmarkFuzzRatio(b *testing.B) {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	mod := fuzzModule(b)
	for b.Loop() {
		for _, pair := range []struct{ name, target, floor string }{
			{"example", "./", "./floor"},
			{"trivial", "./trivial", "./trivialfloor"},
		} {
			var tr, fl []float64
			for range 3 {
				tr = append(tr, fuzzRate(b, goBin, mod, pair.target))
				fl = append(fl, fuzzRate(b, goBin, mod, pair.floor))
			}
			t, f := median(tr), median(fl)
			b.ReportMetric(t, pair.name+"-execs/s")
			b.ReportMetric(f, pair.name+"-floor-execs/s")
			b.ReportMetric(t/f, pair.name+"-ratio")
		}
	}
}

// fuzzRate runs the one fuzz target of pkg in mod for fuzzRatioTime, with
// one worker, no minimization (it stops the count for seconds at a time,
// more or less often from run to run) and a fuzz cache of its own (so that
// no earlier run's corpus counts), and returns its executions per second.
func fuzzRate(b *testing.B, goBin, mod, pkg string) float64 {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cache := b.TempDir()
	cmd := exec.CommandContext(ctx, goBin, "test", "-run=^$", "-fuzz=^Fuzz", "-fuzztime="+fuzzRatioTime, "-fuzzminimizetime=0", "-parallel=1", pkg, "-args", "-test.fuzzcachedir="+cache)
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	// Go 1.26's coordinator can end a timed run with a bare "context
	// deadline exceeded" and no failing input (golang/go#75804, as
	// .ci/fuzz-one says): the run's figures stand.
	if err != nil && !(bytes.Contains(out, []byte("\n    context deadline exceeded\n")) && !bytes.Contains(out, []byte("Failing input written to"))) {
		b.Fatalf("go test -fuzz %s: %v\n%s", pkg, err, out)
	}
	// Progress lines: "fuzz: elapsed: 10s, execs: 71234 (7120/sec), ...",
	// the first once the seeds' baseline coverage is gathered (which the
	// rate leaves out: it takes the target longer than its floor, and it is
	// no part of fuzzing), the last at the end.
	m := regexp.MustCompile(`fuzz: elapsed: (\d+)s, execs: (\d+) `).FindAllSubmatch(out, -1)
	if len(m) < 2 {
		b.Fatalf("go test -fuzz %s: fewer than two progress lines in\n%s", pkg, out)
	}
	num := func(i, j int) float64 {
		v, _ := strconv.ParseFloat(string(m[i][j]), 64)
		return v
	}
	first, last := 0, len(m)-1
	secs := num(last, 1) - num(first, 1)
	if secs <= 0 {
		b.Fatalf("go test -fuzz %s: no time elapsed fuzzing in\n%s", pkg, out)
	}
	return (num(last, 2) - num(first, 2)) / secs
}

// fuzzModule is a copy of examples/gohandler (the harness replaced by this
// checkout) with the packages BenchmarkFuzzRatio fuzzes beside its own
// FuzzPutDestination, each floor with the target's seeds under
// testdata/fuzz.
func fuzzModule(b testing.TB) string {
	b.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	mod := filepath.Join(b.TempDir(), "gohandler")
	if err := os.CopyFS(mod, os.DirFS(filepath.Join(root, "examples", "gohandler"))); err != nil {
		b.Fatal(err)
	}
	// Only the seeds: inputs kept under testdata/fuzz would differ between
	// the target and its floor.
	if err := os.RemoveAll(filepath.Join(mod, "testdata")); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "mod", "edit", "-C", mod, "-replace=github.com/putdestination/conformance="+root).CombinedOutput(); err != nil {
		b.Fatalf("go mod edit: %v: %s", err, out)
	}
	files := map[string]string{
		"floor/floor_test.go":               floorSource("example.com/gohandler", "gohandler.New()"),
		"trivialfloor/trivialfloor_test.go": floorSource("example.com/gohandler/trivial", "trivial.Handler{}"),
		"trivial/trivial.go":                trivialSource,
		"trivial/trivial_test.go":           trivialTargetSource,
	}
	for name, src := range files {
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// The floors start from the target's seeds.
	seeds := fuzzcheck.New(http.NotFoundHandler).Seeds()
	for _, dir := range []string{"floor/testdata/fuzz/FuzzFloor", "trivialfloor/testdata/fuzz/FuzzFloor"} {
		if err := os.MkdirAll(filepath.Join(mod, dir), 0o755); err != nil {
			b.Fatal(err)
		}
		for i, s := range seeds {
			data := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(s)))
			if err := os.WriteFile(filepath.Join(mod, dir, fmt.Sprintf("seed%03d", i)), []byte(data), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	return mod
}

// floorSource is a fuzz target of handler (an expression of package pkg)
// called through httptest with each input's bodies
// as POSTs, the input decoded as fuzzcheck.DecodeInput does, and nothing of
// the harness linked.
func floorSource(pkg, handler string) string {
	return `package floor

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	` + strconv.Quote(pkg) + `
)

func FuzzFloor(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		h := ` + handler + `
		bodies := [][]byte{data[1:]}
		if data[0]&0x20 != 0 && len(data) >= 3 {
			n := min(int(data[1])<<8|int(data[2]), len(data)-3)
			bodies = [][]byte{data[3 : 3+n], data[3+n:]}
		}
		for _, body := range bodies {
			r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			_ = w.Result()
		}
	})
}
`
}

// trivialSource is the trivial handler: it reads the body and answers one
// success envelope.
const trivialSource = `package trivial

import (
	"io"
	"net/http"
)

type Handler struct{}

func (Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(` + "`" + `{"success":true,"data":{"id":"d-1","created_at":"2025-01-01T00:00:00Z"}}` + "`" + `))
}
`

// trivialTargetSource fuzzes the trivial handler through fuzzcheck.New,
// ignoring the verdicts.
const trivialTargetSource = `package trivial

import (
	"net/http"
	"testing"

	"github.com/putdestination/conformance/fuzzcheck"
)

var target = fuzzcheck.New(func() http.Handler { return Handler{} })

func FuzzTrivial(f *testing.F) {
	for _, s := range target.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = target.Check(data) // the verdict is ignored: the handler is not conformant
	})
}
`

// TestFuzzTargetLinksLittleMoreThanItsFloor: the fuzz test binary of the
// example's FuzzPutDestination (fuzzcheck.New) has at most a quarter more
// coverage counters than its floor, the handler fuzzed through httptest
// with nothing of the harness. Go's fuzzing engine clears, copies and
// counts every counter after each input, so this is what keeps the fuzz
// ratio of BenchmarkFuzzRatio; it counts instead of timing, so that it
// holds on a loaded machine. Only reachable code has counters: a package
// that links the spec's OpenAPI loader, the generators or the transport's
// client makes the binary over twice its floor.
func TestFuzzTargetLinksLittleMoreThanItsFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two instrumented test binaries")
	}
	mod := fuzzModule(t)
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	counters := func(pkg string) uint64 {
		bin := filepath.Join(t.TempDir(), "fuzz.test")
		cmd := exec.Command(goBin, "test", "-c", "-gcflags=all=-d=libfuzzer", "-o", bin, pkg)
		cmd.Dir = mod
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go test -c %s: %v\n%s", pkg, err, out)
		}
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sec := f.Section(".go.fuzzcntrs")
		if sec == nil {
			t.Fatalf("%s: no .go.fuzzcntrs section (not built for fuzzing?)", pkg)
		}
		return sec.Size
	}
	target, floor := counters("./"), counters("./floor")
	t.Logf("coverage counters: %d for FuzzPutDestination, %d for its floor", target, floor)
	if float64(target) > 1.25*float64(floor) {
		t.Errorf("FuzzPutDestination's binary has %d coverage counters, its floor %d: more than a quarter more (what does it link?)", target, floor)
	}
}
