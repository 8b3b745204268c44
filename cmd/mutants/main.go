// Command mutants prints the kill matrix: the default conformance campaign
// (conformance.Check, without shrinking) run in this process against every
// mutant of emulator/mutants, with the rules the harness reported for each,
// and against the clean side, the reference emulator and every correct
// server of emulator/correct, each of which must be conformant.
//
// Usage:
//
//	mutants [-seed 1] [-parallel N] [-run REGEXP]
//
// It exits 0 when every mutant selected was killed under its rule and every
// clean server selected is conformant, 1 otherwise, and 2 on a bad flag. An
// external correct server whose interpreter (python3, node) is not on PATH
// is skipped, and said so.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/internal/killmatrix"
)

func main() {
	// The in-process servers' http.Server logs a handler's panic (some
	// mutants panic on purpose) to the standard logger, stack and all:
	// the table says what the harness made of it.
	log.SetOutput(io.Discard)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: mutants [-seed N] [-parallel N] [-run REGEXP]"

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutants", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	seed := fs.Uint64("seed", 1, "seed of every campaign")
	parallel := fs.Int("parallel", killmatrix.DefaultParallel(), "campaigns run at once, in this process")
	filter := fs.String("run", "", "run only the mutants and correct servers whose name matches this regular expression (the references always run)")
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
	if *seed == 0 {
		fmt.Fprintln(stderr, "mutants: -seed 0: want a seed of 1 or more (the matrix is reproducible)")
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
	selected := func(rows []killmatrix.Row) []killmatrix.Row {
		var out []killmatrix.Row
		for _, r := range rows {
			if re.MatchString(r.Name) {
				out = append(out, r)
			}
		}
		return out
	}
	muts, correct := selected(killmatrix.Mutants()), selected(killmatrix.Correct())
	if len(muts) == 0 && len(correct) == 0 {
		fmt.Fprintf(stderr, "mutants: -run %q matches no mutant and no correct server\n", *filter)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	pool := killmatrix.NewPool(*parallel)
	var skipped []string
	launch := func(rows []killmatrix.Row) []<-chan killmatrix.Outcome {
		out := make([]<-chan killmatrix.Outcome, len(rows))
		for i, r := range rows {
			if reason := r.Missing(); reason != "" {
				skipped = append(skipped, r.Name+": "+reason)
				continue
			}
			out[i] = pool.Start(ctx, r, *seed)
		}
		return out
	}
	// The references (the reference emulator, in each dialect) always run.
	var clean []killmatrix.Row
	for _, r := range killmatrix.Clean() {
		if r.Role == killmatrix.RoleReference {
			clean = append(clean, r)
		}
	}
	clean = append(clean, correct...)
	mutOut, cleanOut := launch(muts), launch(clean)
	wait := func(chans []<-chan killmatrix.Outcome) []*killmatrix.Outcome {
		out := make([]*killmatrix.Outcome, len(chans))
		for i, c := range chans {
			if c != nil {
				o := <-c
				out[i] = &o
			}
		}
		return out
	}
	mutRes, cleanRes := wait(mutOut), wait(cleanOut)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "mutants: interrupted")
		return 1
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MUTANT\tEXPECTED RULE\tRULES FOUND\tKILLED\tREQUESTS TO FIRST\tTIME TO FIRST\tREQUESTS")
	var problems []*killmatrix.Outcome
	killed := 0
	for _, o := range mutRes {
		k := "NO"
		if o.OK() {
			k = "yes"
			killed++
		} else {
			problems = append(problems, o)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", o.Name, o.Want.Rule, o.RulesText(), k, firstRequests(o), firstAfter(o), o.Requests)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "SERVER\tEXPECTED RULE\tRULES FOUND\tCLEAN\tBUDGET\tTIME\tREQUESTS")
	conformant, ran := 0, 0
	for i, o := range cleanRes {
		if o == nil {
			fmt.Fprintf(tw, "%s\t(none)\t-\tskipped\t-\t-\t-\n", clean[i].Name)
			continue
		}
		ran++
		c := "NOT conformant"
		if o.OK() {
			c = "conformant"
			conformant++
		} else {
			problems = append(problems, o)
		}
		fmt.Fprintf(tw, "%s\t(none)\t%s\t%s\t%s\t%v\t%d\n", o.Name, o.RulesText(), c, budget(clean[i]), o.Duration.Round(time.Millisecond), o.Requests)
	}
	_ = tw.Flush()

	fmt.Fprintln(stdout)
	for _, o := range problems {
		fmt.Fprintln(stdout, o.Problem())
		for _, s := range o.Summaries {
			fmt.Fprintln(stdout, "\t"+s)
		}
	}
	for _, s := range skipped {
		fmt.Fprintln(stdout, "skipped "+s)
	}
	fmt.Fprintf(stdout, "seed %d, %d campaigns in %v\n", *seed, len(muts)+ran, time.Since(start).Round(100*time.Millisecond))
	fmt.Fprintf(stdout, "%d of %d mutants killed under their rule; %d of %d clean servers conformant (the references and the correct servers)\n",
		killed, len(muts), conformant, ran)
	if len(problems) > 0 {
		return 1
	}
	return 0
}

func budget(r killmatrix.Row) string {
	if r.Budget == 0 {
		return strconv.Itoa(conformance.DefaultConfig().Budget)
	}
	return strconv.Itoa(r.Budget)
}

func firstRequests(o *killmatrix.Outcome) string {
	if o.FirstFindingRequests == 0 {
		return "-"
	}
	return strconv.FormatInt(o.FirstFindingRequests, 10)
}

func firstAfter(o *killmatrix.Outcome) string {
	if o.FirstFindingRequests == 0 {
		return "-"
	}
	return o.FirstFindingAfter.Round(time.Millisecond).String()
}
