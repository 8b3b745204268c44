// Package rerun builds the commands that run the same cases again: the
// conformance command with the seed, the budget and every setting that
// changes what is sent, the options of the Go API, and the go test command
// of a test that called conformance.Test.
package rerun

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/internal/buildinfo"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/rules"
)

// Run is what a rerun command names.
type Run struct {
	// Rerun is the command the flags follow ("make conformance", "go run
	// ./cmd/conformance", …; "": the command at this module's exact
	// version, else the Go API's options).
	Rerun string
	// GoTest is the go test command of a test that called conformance.Test
	// (GoTest), rerun with SeedEnv set to the seed.
	GoTest, SeedEnv string
	// Endpoint names the target (InProcess: a Go handler, named by no
	// flag).
	Endpoint                                       string
	InProcess                                      bool
	Seed                                           uint64
	Budget                                         int
	Dialect, Region, Profile, NamePrefix, SpecFile string
	// SecondRegion is the aws dialect's second region when one was given
	// (a default one is the same again).
	SecondRegion string
	Rules        rules.Selection
	// Shard is the run's -shard value ("2/4"; "": the whole campaign).
	Shard string
	// Headers: the run had -header values, which a command never shows.
	Headers bool
}

func (c Run) aws() bool { return c.Dialect == rules.AWS }

// cliCommand is the conformance command at this module's exact version,
// as the build of the running binary names it; "" when it names none (a
// checkout, a replaced module): no other version sends the same cases.
func cliCommand() string {
	v := buildinfo.Read().Pinned()
	if v == "" {
		return ""
	}
	return "go run " + buildinfo.Module + "/" + buildinfo.CommandPackage + "@" + v
}

// Command is the command that reruns the same cases: the seed, the budget
// and every setting that changes what is sent (not -header values, which
// are secrets: the command says to add them back). A run of conformance.Test
// is rerun by its go test command; a Go handler given to Check by the
// caller's own code, and so is a URL when no command at this exact version
// can be named.
func (c Run) Command() string {
	if c.GoTest != "" {
		return fmt.Sprintf("%s=%d %s", c.SeedEnv, c.Seed, c.GoTest)
	}
	inProcess := c.InProcess
	rerun := c.Rerun
	if rerun == "" && !inProcess {
		rerun = cliCommand()
	}
	if rerun == "" {
		return c.options(inProcess)
	}
	viaMake := strings.HasPrefix(rerun, "make ")
	var args, flags []string
	if viaMake {
		if !inProcess {
			args = append(args, "ENDPOINT="+shell.Word(c.Endpoint))
		}
		args = append(args, fmt.Sprintf("SEED=%d", c.Seed), fmt.Sprintf("BUDGET=%d", c.Budget))
		if c.aws() {
			args = append(args, "DIALECT="+rules.AWS)
		}
	} else {
		if !inProcess {
			args = append(args, "-endpoint="+shell.Word(c.Endpoint))
		}
		args = append(args, fmt.Sprintf("-seed=%d", c.Seed), fmt.Sprintf("-budget=%d", c.Budget))
		if c.aws() {
			args = append(args, "-dialect="+rules.AWS)
		}
	}
	if c.aws() && !inProcess {
		flags = append(flags, "-region="+shell.Word(c.Region))
		if c.SecondRegion != "" {
			flags = append(flags, "-second-region="+shell.Word(c.SecondRegion))
		}
		if c.Profile != "" {
			flags = append(flags, "-profile="+shell.Word(c.Profile))
		}
	}
	if c.NamePrefix != "" {
		flags = append(flags, "-name-prefix="+shell.Word(c.NamePrefix))
	}
	if c.SpecFile != "" {
		flags = append(flags, "-spec="+shell.Word(c.SpecFile))
	}
	if len(c.Rules) > 0 {
		flags = append(flags, "-rules="+c.Rules.String())
	}
	if c.Shard != "" {
		flags = append(flags, "-shard="+c.Shard)
	}
	if viaMake && len(flags) > 0 {
		// make hands ARGS to a shell again: each flag is quoted for that
		// shell, and the whole for the one the line is pasted into.
		args = append(args, "ARGS="+shell.Word(strings.Join(flags, " ")))
	} else {
		args = append(args, flags...)
	}
	cmd := rerun + " " + strings.Join(args, " ")
	if c.Headers {
		cmd += " (plus your -header flags)"
	}
	return cmd
}

// options are the options that rerun the same cases through the Go API:
// the seed, the budget and every setting that changes what is sent.
func (c Run) options(inProcess bool) string {
	opts := []string{fmt.Sprintf("conformance.WithSeed(%d)", c.Seed), fmt.Sprintf("conformance.WithBudget(%d)", c.Budget)}
	if c.aws() {
		opts = append(opts, fmt.Sprintf("conformance.WithDialect(%q)", c.Dialect))
		if !inProcess {
			opts = append(opts, fmt.Sprintf("conformance.WithRegion(%q)", c.Region))
		}
		if c.SecondRegion != "" {
			opts = append(opts, fmt.Sprintf("conformance.WithSecondRegion(%q)", c.SecondRegion))
		}
		if c.Profile != "" {
			opts = append(opts, fmt.Sprintf("conformance.WithProfile(%q)", c.Profile))
		}
	}
	if c.NamePrefix != "" {
		opts = append(opts, fmt.Sprintf("conformance.WithNamePrefix(%q)", c.NamePrefix))
	}
	if c.SpecFile != "" {
		opts = append(opts, fmt.Sprintf("conformance.WithSpecFile(%q)", c.SpecFile))
	}
	if len(c.Rules) > 0 {
		ids := make([]string, len(c.Rules))
		for i, id := range c.Rules {
			ids[i] = strconv.Quote(string(id))
		}
		opts = append(opts, "conformance.WithRules("+strings.Join(ids, ", ")+")")
	}
	if i, n, ok := strings.Cut(c.Shard, "/"); ok {
		opts = append(opts, "conformance.WithShard("+i+", "+n+")")
	}
	s := "rerun with " + strings.Join(opts, ", ")
	if c.Headers {
		s += " (plus your WithHeader options)"
	}
	return s
}

// GoTest is the go test command that runs the test named name (a
// subtest's path too) alone, in the package the test binary tests: its
// directory from the module's root (./pkg), or its import path when no
// go.mod is found above the working directory, where go test runs a test.
func GoTest(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return "go test -run " + shell.Word(strings.Join(parts, "/")) + " " + shell.Word(testPackage())
}

// testPackage is the package under test as go test takes it.
func testPackage() string {
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				rel, err := filepath.Rel(d, wd)
				if err != nil {
					break
				}
				if rel == "." {
					return "."
				}
				return "./" + filepath.ToSlash(rel)
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if p, ok := strings.CutSuffix(bi.Path, ".test"); ok && p != "" {
			return p
		}
	}
	return "."
}
