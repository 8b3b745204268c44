// Command mutants prints the kill matrix: the default conformance campaign
// run against the reference emulator and every mutant of
// emulator/mutants, with the rules the harness reported for each.
//
// Usage:
//
//	mutants [-seed 1] [-parallel 2] [-run REGEXP]
//
// It exits 0 when every mutant selected was killed under its rule and the
// reference is conformant, 1 otherwise, and 2 on a bad flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/putdestination/conformance/internal/killmatrix"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: mutants [-seed N] [-parallel N] [-run REGEXP]"

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutants", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	seed := fs.Uint64("seed", 1, "seed of every campaign")
	parallel := fs.Int("parallel", killmatrix.DefaultParallel(), "campaigns run at once, in this process")
	filter := fs.String("run", "", "run only the mutants whose name matches this regular expression")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintf(stderr, "mutants: %v (%s)\n", err, usage)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mutants: unexpected argument %q (%s)\n", fs.Arg(0), usage)
		return 2
	}
	if *parallel < 1 || *parallel > 64 {
		fmt.Fprintf(stderr, "mutants: -parallel %d: want 1 to 64\n", *parallel)
		return 2
	}
	re, err := regexp.Compile(*filter)
	if err != nil {
		fmt.Fprintf(stderr, "mutants: -run %q: %v\n", *filter, err)
		return 2
	}
	var rows []killmatrix.Row
	for _, r := range killmatrix.Mutants() {
		if re.MatchString(r.Name) {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		fmt.Fprintf(stderr, "mutants: -run %q matches no mutant\n", *filter)
		return 2
	}
	rows = append(rows, killmatrix.Reference())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	pool := killmatrix.NewPool(*parallel)
	chans := make([]<-chan killmatrix.Outcome, len(rows))
	for i, r := range rows {
		chans[i] = pool.Start(ctx, r, *seed)
	}
	outcomes := make([]killmatrix.Outcome, len(rows))
	for i, c := range chans {
		outcomes[i] = <-c
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "mutants: interrupted")
		return 1
	}
	const reference = "reference"

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MUTANT\tEXPECTED RULE\tRULES FOUND\tKILLED\tREQUESTS TO FIRST\tTIME TO FIRST\tREQUESTS")
	killed := 0
	var problems []killmatrix.Outcome
	for _, o := range outcomes {
		if o.Name == reference {
			continue
		}
		k := "NO"
		if o.OK() {
			k = "yes"
			killed++
		} else {
			problems = append(problems, o)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", o.Name, o.Want.Rule, o.RulesText(), k, firstRequests(o), firstAfter(o), o.Requests)
	}
	ref := outcomes[len(outcomes)-1]
	clean := "conformant"
	if !ref.OK() {
		clean = "NOT conformant"
		problems = append(problems, ref)
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", ref.Name, "(none)", ref.RulesText(), clean, firstRequests(ref), firstAfter(ref), ref.Requests)
	_ = tw.Flush()

	fmt.Fprintln(stdout)
	for _, o := range problems {
		fmt.Fprintln(stdout, o.Problem())
		for _, s := range o.Summaries {
			fmt.Fprintln(stdout, "\t"+s)
		}
	}
	refText := "reference conformant"
	if !ref.OK() {
		refText = "reference NOT conformant (verdict " + ref.Verdict + ")"
	}
	fmt.Fprintf(stdout, "seed %d, %d campaigns in %v\n", *seed, len(rows), time.Since(start).Round(100*time.Millisecond))
	fmt.Fprintf(stdout, "%d of %d mutants killed under their rule; %s\n", killed, len(rows)-1, refText)
	if len(problems) > 0 {
		return 1
	}
	return 0
}

func firstRequests(o killmatrix.Outcome) string {
	if o.FirstFindingRequests == 0 {
		return "-"
	}
	return strconv.FormatInt(o.FirstFindingRequests, 10)
}

func firstAfter(o killmatrix.Outcome) string {
	if o.FirstFindingRequests == 0 {
		return "-"
	}
	return o.FirstFindingAfter.Round(time.Millisecond).String()
}
