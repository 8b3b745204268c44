package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/reports"
)

// parseInterspersed parses fs from args, flags and positional arguments in
// any order (conformance replay REPORT FINDING -endpoint URL), and returns
// the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// subFlags is a FlagSet for a subcommand: errors are returned, not printed.
func subFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("conformance "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// help prints a subcommand's usage and flags on stdout.
func help(fs *flag.FlagSet, usage string, stdout io.Writer) int {
	fmt.Fprintln(stdout, usage)
	fs.SetOutput(stdout)
	fs.PrintDefaults()
	return 0
}

// usageError prints one line for a bad invocation and returns 2.
func usageError(stderr io.Writer, err error, usage string) int {
	fmt.Fprintf(stderr, "conformance: %v (%s)\n", err, usage)
	return 2
}

const compareUsage = "usage: conformance compare OLD.json NEW.json  (exit 0: nothing newly fails, 1: something does, 2: usage)"

// runCompare lists what newly fails and newly passes between two reports.
func runCompare(args []string, stdout, stderr io.Writer) int {
	fs := subFlags("compare")
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return help(fs, compareUsage, stdout)
	case err != nil:
		return usageError(stderr, err, compareUsage)
	case len(pos) != 2:
		return usageError(stderr, fmt.Errorf("compare takes two reports, got %d", len(pos)), compareUsage)
	}
	old, err := result.Load(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	new, err := result.Load(pos[1])
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	d := reports.Compare(old, new)
	_ = d.Print(stdout, pos[0], pos[1])
	if d.Regressed() {
		return 1
	}
	return 0
}

const mergeUsage = "usage: conformance merge -out DIR a.json b.json ...  (the reports of every slice of one campaign, -shard i/n, or of runs split by -rules or by -seed; exit 0 conformant, 1 not, 2 usage or an incomplete set)"

// runMerge combines sharded runs into one set of reports: the slices of one
// campaign into the whole run's (see reports.Merge).
func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := subFlags("merge")
	var out string
	fs.StringVar(&out, "out", "", "directory for the merged conformance.json, junit.xml, conformance.html, conformance.md and findings/ (required; not one of the inputs' directories)")
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return help(fs, mergeUsage, stdout)
	case err != nil:
		return usageError(stderr, err, mergeUsage)
	case out == "":
		return usageError(stderr, errors.New("merge needs -out DIR"), mergeUsage)
	case len(pos) == 0:
		return usageError(stderr, errors.New("merge needs at least one report"), mergeUsage)
	}
	absOut, _ := filepath.Abs(out)
	var results []*result.Result
	for _, p := range pos {
		res, err := result.Load(p)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return 2
		}
		if abs, _ := filepath.Abs(p); abs == absOut || filepath.Dir(abs) == absOut {
			fmt.Fprintf(stderr, "conformance: merge: -out %s holds the input %s: choose another directory\n", out, p)
			return 2
		}
		results = append(results, res)
	}
	merged, err := reports.Merge(pos, results)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	if err := reports.Preflight(out); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	if err := reports.Write(out, merged); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	_ = reports.Console(stdout, merged, reports.ConsoleOptions{Dir: out, Color: colors(stdout), Replay: replayCommand})
	if merged.Failed() {
		return 1
	}
	return 0
}
