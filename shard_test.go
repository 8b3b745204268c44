package conformance_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/correct"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// freshMarker is the marker of a name sent again under a name the endpoint
// has not seen (r<time>-<counter>-): it differs from run to run by design.
var freshMarker = regexp.MustCompile(`r[0-9a-z]{5}-[0-9]{6}-`)

// shardOutcome is what a sharded campaign, merged, must have as the whole
// run has it: the verdict; each rule's status, checks and failures; each
// finding's cause, its count, and the case chosen for it (its property,
// seed, index and order: the smallest, then the earliest, of its cause),
// and what sending it again and shrinking it made of it.
func shardOutcome(r *result.Result) []string {
	out := []string{"verdict " + string(r.Verdict)}
	for _, row := range r.Rules {
		out = append(out, fmt.Sprintf("rule %s %s %d of %d", row.ID, row.Status, row.Failures, row.Cases))
	}
	for _, f := range r.Findings {
		body := freshMarker.ReplaceAllString(string(f.Request.Body), "r<marker>-")
		out = append(out, fmt.Sprintf("finding %q count %d case %s seed %d index %d order %d bytes %d shrink %s intermittent %v request %.200q", f.Signature, f.Count, f.Property, f.CaseSeed, f.CaseIndex, f.CaseOrder, f.CaseBytes, f.Shrink, f.Intermittent, body))
	}
	return out
}

// TestShardsMergeIntoTheWholeRun: the 4 slices of a campaign (-shard i/4),
// each against a server of its own as a CI matrix's jobs are, merged, have
// the whole run's verdict, rule outcomes, findings' causes with their
// counts, and the cases chosen for them, for the same seed and budget:
// against correct servers, Python and Node ones among them (conformant
// either way), and faulty ones, one with more causes of a rule than the
// run keeps.
func TestShardsMergeIntoTheWholeRun(t *testing.T) {
	servers := map[string]func() http.Handler{}
	for _, name := range []string{"accepts-colon-in-name", "coerces-scalars-to-strings", "new-id-on-update", "success-with-201", "500-on-empty-body", "case-folded-names"} {
		m, ok := mutants.Named(name)
		if !ok {
			t.Fatalf("no mutant %s", name)
		}
		servers[name] = m.New
	}
	servers["accepts every body"] = acceptsEveryBody
	slow := map[string]bool{}
	for _, s := range correct.All() {
		servers["correct "+s.Name] = s.New
		slow["correct "+s.Name] = s.Slow
	}
	targets := map[string]func(t *testing.T) conformance.Target{}
	for name, newHandler := range servers {
		// A handler of its own for each run: each slice, as each job of
		// a CI matrix, against a server of its own.
		targets[name] = func(*testing.T) conformance.Target { return conformance.Handler(newHandler) }
	}
	for _, s := range correct.External() {
		// One process for the whole run and the 4 slices (a correct
		// server's store changes none of its answers): the slices of one
		// campaign name one endpoint.
		var url string
		targets["correct "+s.Name] = func(t *testing.T) conformance.Target {
			if url == "" {
				started, err := correct.Start(context.Background(), s)
				if err != nil {
					if _, missing := exec.LookPath(map[string]string{"python": "python3", "node": "node"}[s.Process]); missing != nil {
						t.Skipf("%v (install it to check this server)", err)
					}
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = started.Close() })
				url = started.URL
			}
			return conformance.URL(url)
		}
	}
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			opts := []conformance.Option{conformance.WithSeed(7), conformance.WithBudget(20), conformance.WithWorkers(2),
				// Shrinking is bounded by requests alone, so that a loaded
				// machine shrinks as far as a quiet one.
				conformance.WithShrinkTime(time.Hour)}
			if slow[name] {
				// Every answer waits: fewer cases, more senders (slices 2
				// and 3 of a budget of 10 are empty: slice 1 holds the
				// first 8 cases).
				opts = append(opts, conformance.WithBudget(10), conformance.WithWorkers(4))
			}
			whole, err := conformance.Check(context.Background(), target(t), opts...)
			if err != nil {
				t.Fatal(err)
			}
			var parts []*result.Result
			var names []string
			for i := 1; i <= 4; i++ {
				part, err := conformance.Check(context.Background(), target(t), append(opts, conformance.WithShard(i, 4))...)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, part)
				names = append(names, fmt.Sprintf("shard-%d.json", i))
			}
			merged, err := reports.Merge(names, parts)
			if err != nil {
				t.Fatal(err)
			}
			if name == "accepts every body" {
				// The slices hold more causes of a rule than the run
				// keeps: merging must choose the ones it keeps.
				causes := map[string]bool{}
				for _, p := range parts {
					for _, f := range p.FindingsFor(rules.RejectsInvalid) {
						causes[f.Signature] = true
					}
				}
				if len(causes) <= conformance.DefaultConfig().MaxFindings {
					t.Errorf("the slices hold %d causes of rejects-invalid, want more than the %d the run keeps", len(causes), conformance.DefaultConfig().MaxFindings)
				}
			}
			want, got := shardOutcome(whole), shardOutcome(merged)
			if !slices.Equal(got, want) {
				t.Errorf("merged 4 shards:\n%s\nwant the whole run's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// acceptsEveryBody answers every request with the success envelope, its id
// and created_at drawn from the body alone: every constraint an invalid
// case breaks is a cause of its own, more than a rule keeps, and the same
// body gets the same answer in any run.
func acceptsEveryBody() http.Handler {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sum := sha256.Sum256(body)
		emulator.WriteSuccess(w, "dst-"+hex.EncodeToString(sum[:8]), created)
	})
}

// TestShardReproduce: a slice's reproduce line reruns that slice: the
// Go API's options name it as the command's flags do.
func TestShardReproduce(t *testing.T) {
	res, err := conformance.Check(context.Background(), conformance.Handler(newEmulator), conformance.WithSeed(7), conformance.WithBudget(2), conformance.WithShard(2, 4))
	if err != nil {
		t.Fatal(err)
	}
	if want := `rerun with conformance.WithSeed(7), conformance.WithBudget(2), conformance.WithShard(2, 4)`; res.Reproduce != want {
		t.Errorf("reproduce %q, want %q", res.Reproduce, want)
	}
	if res.Sharding == nil || res.Sharding.Slice != (result.Slice{Index: 2, Of: 4}) || !strings.Contains(res.Headline(), "(seed 7, slice 2/4, budget 2)") {
		t.Errorf("sharding %+v, headline %q; want slice 2 of 4 in both", res.Sharding, res.Headline())
	}
	for _, bad := range [][2]int{{0, 4}, {5, 4}, {1, 0}, {-1, 2}} {
		if res, err := conformance.Check(context.Background(), conformance.Handler(newEmulator), conformance.WithShard(bad[0], bad[1])); res != nil || err == nil || !strings.Contains(err.Error(), "-shard") || strings.Contains(err.Error(), "\n") {
			t.Errorf("WithShard(%d, %d): result %v, error %v; want no run and one line naming -shard", bad[0], bad[1], res != nil, err)
		}
	}
}

// TestShardsMergeIntoTheWholeRunAWS: in the aws dialect too, 4 merged
// slices (one name prefix given to all: each run otherwise makes its own)
// have the whole run's verdict, causes and rule statuses. Not every count:
// a DescribeDestinations check is made only of a name no other put has in
// flight, which depends on how the workers' puts overlap (two whole runs
// with other -workers differ there too), and several cases share some
// names (the prefix alone, names at the bounds), so what a server answers
// for them depends on the puts its own slice sent before.
func TestShardsMergeIntoTheWholeRunAWS(t *testing.T) {
	servers := map[string]func() http.Handler{"reference": emulator.ForDialect(rules.AWS)}
	for _, m := range mutants.AWS() {
		if m.Name == "aws-echoes-old-target-arn" || m.Name == "aws-creation-time-on-update" || m.Name == "aws-describe-case-insensitive" {
			servers[m.Name] = m.New
		}
	}
	if len(servers) != 4 {
		t.Fatalf("servers %d, want the reference and 3 mutants", len(servers))
	}
	outcome := func(r *result.Result) []string {
		out := []string{"verdict " + string(r.Verdict)}
		for _, row := range r.Rules {
			out = append(out, fmt.Sprintf("rule %s %s", row.ID, row.Status))
		}
		for _, f := range r.Findings {
			out = append(out, "finding "+f.Signature)
		}
		return out
	}
	for name, newHandler := range servers {
		t.Run(name, func(t *testing.T) {
			opts := []conformance.Option{conformance.WithSeed(7), conformance.WithBudget(20), conformance.WithWorkers(2), conformance.WithShrinkTime(time.Hour),
				conformance.WithDialect(rules.AWS), conformance.WithNamePrefix("ci-")}
			whole, err := conformance.Check(context.Background(), conformance.Handler(newHandler), opts...)
			if err != nil {
				t.Fatal(err)
			}
			var parts []*result.Result
			for i := 1; i <= 4; i++ {
				part, err := conformance.Check(context.Background(), conformance.Handler(newHandler), append(opts, conformance.WithShard(i, 4))...)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, part)
			}
			merged, err := reports.Merge([]string{"1.json", "2.json", "3.json", "4.json"}, parts)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := outcome(merged), outcome(whole); !slices.Equal(got, want) {
				t.Errorf("merged 4 shards:\n%s\nwant the whole run's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
