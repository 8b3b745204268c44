package rerun_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/putdestination/conformance/internal/rerun"
	"github.com/putdestination/conformance/rules"
)

// TestCommandNamesEverySettingThatChangesWhatIsSent: the rerun command of a
// run carries its seed, budget and every setting that changes the cases or
// how they are signed (the dialect, region, second region, profile, name
// prefix, spec, rules and slice), through make, the conformance command or
// the Go API's options; never a -header value.
func TestCommandNamesEverySettingThatChangesWhatIsSent(t *testing.T) {
	aws := rerun.Run{Endpoint: "http://127.0.0.1:4566", Seed: 7, Budget: 40, Dialect: rules.AWS, Region: "eu-west-1",
		SecondRegion: "us-west-2", Profile: "ci", NamePrefix: "pdc-x-", Rules: rules.Selection{rules.AWSArn}, Shard: "2/4", Headers: true}
	for _, tt := range []struct {
		name string
		run  rerun.Run
		want string
	}{
		{"the conformance command, aws", func() rerun.Run { r := aws; r.Rerun = "conformance"; return r }(),
			"conformance -endpoint=http://127.0.0.1:4566 -seed=7 -budget=40 -dialect=aws -region=eu-west-1 -second-region=us-west-2 -profile=ci -name-prefix=pdc-x- -rules=aws-arn -shard=2/4 (plus your -header flags)"},
		{"make, aws", func() rerun.Run { r := aws; r.Rerun = "make conformance"; return r }(),
			"make conformance ENDPOINT=http://127.0.0.1:4566 SEED=7 BUDGET=40 DIALECT=aws ARGS='-region=eu-west-1 -second-region=us-west-2 -profile=ci -name-prefix=pdc-x- -rules=aws-arn -shard=2/4' (plus your -header flags)"},
		{"the Go API, in process", func() rerun.Run { r := aws; r.InProcess = true; return r }(),
			`rerun with conformance.WithSeed(7), conformance.WithBudget(40), conformance.WithDialect("aws"), conformance.WithSecondRegion("us-west-2"), conformance.WithProfile("ci"), conformance.WithNamePrefix("pdc-x-"), conformance.WithRules("aws-arn"), conformance.WithShard(2, 4) (plus your WithHeader options)`},
		{"make, in process, the whole campaign", rerun.Run{Rerun: "make conformance", InProcess: true, Seed: 1, Budget: 100},
			"make conformance SEED=1 BUDGET=100"},
		{"a test's go test command", rerun.Run{GoTest: "go test -run '^TestX$' .", SeedEnv: "CONFORMANCE_SEED", Seed: 9, Shard: "1/2"},
			"CONFORMANCE_SEED=9 go test -run '^TestX$' ."},
	} {
		if got := tt.run.Command(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// TestMakeArgsSurviveTheShell: make hands ARGS to a shell again, so a flag
// value with a space or a quote reaches the suite as one word, as given.
func TestMakeArgsSurviveTheShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	prefix := "it's a prefix-"
	cmd := rerun.Run{Rerun: "make conformance", InProcess: true, Seed: 1, Budget: 2, NamePrefix: prefix}.Command()
	_, args, ok := strings.Cut(cmd, "ARGS=")
	if !ok {
		t.Fatalf("command %q: no ARGS", cmd)
	}
	// The first shell reads the assignment as the line is pasted; make's
	// recipe puts $(ARGS) into a second shell's command line.
	out, err := exec.Command(sh, "-c", "ARGS="+args+`; eval "set -- $ARGS"; printf '%s\n' "$@"`).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSuffix(string(out), "\n"), "-name-prefix="+prefix; got != want {
		t.Errorf("ARGS through two shells: got %q, want %q", got, want)
	}
}
