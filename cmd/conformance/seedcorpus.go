package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/putdestination/conformance"
)

const seedCorpusUsage = "usage: conformance seed-corpus -o FILE.zip [-seed N] [-name-prefix P] [-spec FILE]  (the seeds of conformance.NewFuzzTarget with the same options, of fuzzcheck.New with none, as a libFuzzer seed-corpus zip; exit 0 written, 2 not)"

// runSeedCorpus writes the seed corpus of a fuzz target (the seeds that
// go-118-fuzz-build, unlike go test, does not take from F.Add).
func runSeedCorpus(args []string, stdout, stderr io.Writer) int {
	fs := subFlags("seed-corpus")
	var out string
	var seed uint64
	var prefix, specFile string
	fs.StringVar(&out, "o", "", "the zip file to write (required; never an existing file)")
	fs.Uint64Var(&seed, "seed", 0, "the seed of conformance.WithSeed (0: the seeds of a target without it)")
	fs.StringVar(&prefix, "name-prefix", "", "the prefix of conformance.WithNamePrefix")
	fs.StringVar(&specFile, "spec", "", "the OpenAPI file of conformance.WithSpecFile (default: the embedded spec)")
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return help(fs, seedCorpusUsage, stdout)
	case err != nil:
		return usageError(stderr, err, seedCorpusUsage)
	case len(pos) > 0:
		return usageError(stderr, fmt.Errorf("unexpected argument %q", pos[0]), seedCorpusUsage)
	case out == "":
		return usageError(stderr, errors.New("seed-corpus needs -o FILE.zip"), seedCorpusUsage)
	}
	opts := []conformance.Option{conformance.WithSeed(seed), conformance.WithNamePrefix(prefix)}
	if specFile != "" {
		opts = append(opts, conformance.WithSpecFile(specFile))
	}
	// O_EXCL: the command never writes over a file it did not create.
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: seed-corpus: %v\n", err)
		return 2
	}
	if err := conformance.WriteSeedCorpus(f, opts...); err != nil {
		f.Close()
		os.Remove(out)
		fmt.Fprintf(stderr, "conformance: seed-corpus: %v\n", err)
		return 2
	}
	if err := f.Close(); err != nil {
		os.Remove(out)
		fmt.Fprintf(stderr, "conformance: seed-corpus: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "conformance: seed corpus written to %s\n", out)
	return 0
}
