package fuzztargets

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// libFuzzerEnv, set to 1, runs TestLibFuzzerBuild (make test sets it).
const libFuzzerEnv = "CONFORMANCE_LIBFUZZER"

// go118FuzzBuild is the go-118-fuzz-build the proof builds with, pinned
// (the module has no tagged versions): the version of
// examples/gohandler/.clusterfuzzlite/build.sh's go get.
const go118FuzzBuild = "github.com/AdamKorcz/go-118-fuzz-build@v0.0.0-20250520111509-a70c2aa677fa"

// TestLibFuzzerBuild proves ClusterFuzzLite's build path without Docker:
// it runs examples/gohandler/.clusterfuzzlite/build.sh on a copy of the
// example module, with .ci/compile_native_go_fuzzer standing in for the
// base-builder-go image's script (go-118-fuzz-build into a c-archive,
// linked by clang with -fsanitize=fuzzer). Then:
//   - the libFuzzer binary of FuzzPutDestination runs for a few seconds on
//     the seed corpus build.sh wrote, with no crash (no false alarm on the
//     correct handler);
//   - FuzzFaulty, the same fuzz function on the handler that accepts ':'
//     in names (built with the tag faulty), crashes on that seed corpus
//     before libFuzzer has finished reading it, under rejects-invalid.
//
// It needs clang with libFuzzer (Debian: clang and libfuzzer-14-dev,
// which make test installs as root) and the Go module proxy; it skips
// unless $CONFORMANCE_LIBFUZZER is 1, and says what is missing.
func TestLibFuzzerBuild(t *testing.T) {
	if os.Getenv(libFuzzerEnv) != "1" {
		t.Skipf("set %s=1 to build the example's fuzz target with go-118-fuzz-build and libFuzzer (make test does)", libFuzzerEnv)
	}
	if runtime.GOOS != "linux" {
		t.Skipf("libFuzzer builds of Go fuzz targets are for linux (ClusterFuzzLite's image); this is %s", runtime.GOOS)
	}
	work := t.TempDir()
	cxx := libFuzzerCompiler(t, work)
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Minute)
	defer cancel()
	run := func(dir string, env []string, name string, args ...string) []byte {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(out, 30))
		}
		return out
	}

	// The tools, and a copy of the example module (go-118-fuzz-build
	// rewrites the fuzz file in place; build.sh adds a requirement).
	bin := filepath.Join(work, "bin")
	run(root, []string{"GOBIN=" + bin}, goBin, "install", go118FuzzBuild)
	src := filepath.Join(work, "src")
	mod := filepath.Join(src, "gohandler")
	if err := os.CopyFS(mod, os.DirFS(filepath.Join(root, "examples", "gohandler"))); err != nil {
		t.Fatal(err)
	}
	run(mod, nil, goBin, "mod", "edit", "-replace=github.com/putdestination/conformance="+root)
	out := filepath.Join(work, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + strings.Join([]string{filepath.Join(root, ".ci"), bin, filepath.Dir(goBin), os.Getenv("PATH")}, string(os.PathListSeparator)),
		"OUT=" + out, "SRC=" + src, "CXX=" + cxx, "CXXFLAGS=", "LIB_FUZZING_ENGINE=-fsanitize=fuzzer",
	}
	run(mod, env, "bash", "-eu", ".clusterfuzzlite/build.sh")
	run(mod, append(env, "FUZZ_TAGS=gofuzz,faulty"), filepath.Join(root, ".ci", "compile_native_go_fuzzer"), "example.com/gohandler", "FuzzFaulty", "FuzzFaulty")

	corpus := unzipCorpus(t, filepath.Join(out, "FuzzPutDestination_seed_corpus.zip"), filepath.Join(work, "corpus"))

	// The correct handler: a few seconds from the seeds, no crash. The
	// corpus is copied: libFuzzer adds what it finds to its first one.
	good := filepath.Join(work, "good")
	if err := os.CopyFS(good, os.DirFS(corpus)); err != nil {
		t.Fatal(err)
	}
	res := run(work, nil, filepath.Join(out, "FuzzPutDestination"), "-max_total_time=5", "-seed=1", "-artifact_prefix="+work+"/good-", good)
	if !bytes.Contains(res, []byte("INITED")) || !bytes.Contains(res, []byte("Done ")) {
		t.Errorf("FuzzPutDestination: the run did not read the seed corpus and fuzz:\n%s", tail(res, 20))
	}

	// The faulty handler: a crash from the seeds.
	cmd := exec.CommandContext(ctx, filepath.Join(out, "FuzzFaulty"), "-max_total_time=60", "-seed=1", "-artifact_prefix="+work+"/faulty-", corpus)
	cmd.Dir = work
	res, err = cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("FuzzFaulty: no crash in 60 s from the seed corpus, want one under rejects-invalid:\n%s", tail(res, 20))
	}
	for _, want := range []string{"conformance fuzz target: the handler broke the contract", "rejects-invalid /destinationName", "seed corpus: files:"} {
		if !bytes.Contains(res, []byte(want)) {
			t.Errorf("FuzzFaulty's output: want %q in\n%s", want, tail(res, 30))
		}
	}
	if bytes.Contains(res, []byte("INITED")) {
		t.Errorf("FuzzFaulty crashed only after reading the whole seed corpus (INITED), want a crash on a seed:\n%s", tail(res, 30))
	}
	if crashes, _ := filepath.Glob(filepath.Join(work, "faulty-crash-*")); len(crashes) != 1 {
		t.Errorf("FuzzFaulty: %d crash files, want libFuzzer's one", len(crashes))
	}
}

// libFuzzerCompiler is a C++ compiler that links -fsanitize=fuzzer (clang++
// with libFuzzer), or the test skips saying what is missing.
func libFuzzerCompiler(t *testing.T, work string) string {
	t.Helper()
	cxx, err := exec.LookPath("clang++")
	if err != nil {
		t.Skip("no clang++: make test installs Debian's clang and libfuzzer-14-dev when run as root with apt-get; else install them")
	}
	src := filepath.Join(work, "probe.cc")
	probe := `#include <stddef.h>
#include <stdint.h>
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return 0; }
`
	if err := os.WriteFile(src, []byte(probe), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cxx, "-fsanitize=fuzzer", src, "-o", filepath.Join(work, "probe")).CombinedOutput(); err != nil {
		t.Skipf("%s cannot link -fsanitize=fuzzer (Debian: libfuzzer-14-dev, which make test installs as root): %s", cxx, tail(out, 3))
	}
	return cxx
}

// unzipCorpus extracts a seed-corpus zip into dir, one file per input.
func unzipCorpus(t *testing.T, zipFile, dir string) string {
	t.Helper()
	z, err := zip.OpenReader(zipFile)
	if err != nil {
		t.Fatalf("the seed corpus build.sh writes: %v", err)
	}
	defer z.Close()
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil || strings.ContainsAny(f.Name, `/\`) {
			t.Fatalf("seed corpus file %q: %v", f.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(z.File) == 0 {
		t.Fatal("an empty seed corpus")
	}
	return dir
}
