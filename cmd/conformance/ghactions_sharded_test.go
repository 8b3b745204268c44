package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/putdestination/conformance/result"
	"go.yaml.in/yaml/v3"
)

const shardedExamplePath = "../../docs/github-actions-sharded.yml"

// shardedWorkflow is the part of a GitHub Actions workflow the sharded
// example uses.
type shardedWorkflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		RunsOn   string `yaml:"runs-on"`
		Needs    string `yaml:"needs"`
		If       string `yaml:"if"`
		Strategy struct {
			FailFast *bool `yaml:"fail-fast"`
			Matrix   struct {
				Shard []int `yaml:"shard"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Services map[string]struct {
			Image string   `yaml:"image"`
			Ports []string `yaml:"ports"`
		} `yaml:"services"`
		Env   map[string]string `yaml:"env"`
		Steps []step            `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestGitHubActionsShardedExample parses docs/github-actions-sharded.yml,
// checks its shape (a matrix of 4 slices, each against a service container
// of its own, uploading its reports; a merge job after all of them, even
// when one failed, merging what they uploaded), and runs its commands here
// offline: an emulator on one free port, a fresh one for each slice, stands
// in for each job's service container, the binaries built from this module for go install, copies of
// the report directories for upload-artifact and download-artifact, and a
// budget of 40 for the file's. Against a faulty server, the merged verdict
// and causes are the whole run's and the merge step exits 1; against the
// reference emulator it exits 0; with a slice's report missing, the merge
// step refuses the set (exit 2), saying which slice is missing.
func TestGitHubActionsShardedExample(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the commands of the example")
	}
	data, err := os.ReadFile(shardedExamplePath)
	if err != nil {
		t.Fatal(err)
	}
	var wf shardedWorkflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", shardedExamplePath, err)
	}
	shard, merge := wf.Jobs["shard"], wf.Jobs["merge"]
	if got := fmt.Sprint(shard.Strategy.Matrix.Shard); got != "[1 2 3 4]" || wf.Env["SHARDS"] != "4" || shard.Strategy.FailFast == nil || *shard.Strategy.FailFast {
		t.Fatalf("the shard job's matrix: %s of %q, fail-fast %v; want [1 2 3 4] of 4, fail-fast false", got, wf.Env["SHARDS"], shard.Strategy.FailFast)
	}
	if svc, ok := shard.Services["server"]; !ok || svc.Image == "" || fmt.Sprint(svc.Ports) != "[8080:8080]" || shard.Env["ENDPOINT"] != "http://127.0.0.1:8080" {
		t.Fatalf("the shard job's service: %+v, endpoint %q; want the server under test as a service container on 8080", shard.Services, shard.Env["ENDPOINT"])
	}
	if merge.Needs != "shard" || !strings.Contains(merge.If, "always()") {
		t.Fatalf("the merge job: needs %q, if %q; want it after the shard job, always", merge.Needs, merge.If)
	}
	for _, v := range []string{"CONFORMANCE_VERSION", "CONFORMANCE_SEED", "CONFORMANCE_BUDGET"} {
		if wf.Env[v] == "" || wf.Env[v] == "latest" {
			t.Errorf("%s: %q, want it pinned for every job (slices of one campaign share the harness, the seed and the budget)", v, wf.Env[v])
		}
	}
	var sliceStep, mergeStep, upload, download string
	for _, s := range shard.Steps {
		switch {
		case strings.Contains(s.Run, `-shard "${{ matrix.shard }}/$SHARDS"`):
			sliceStep = s.Name
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@") && strings.Contains(s.If, "always()"):
			upload = s.With["name"] + " " + s.With["path"]
		}
	}
	for _, s := range merge.Steps {
		switch {
		case strings.HasPrefix(s.Run, "conformance merge "):
			mergeStep = s.Name
		case strings.HasPrefix(s.Uses, "actions/download-artifact@"):
			download = s.With["pattern"] + " " + s.With["path"]
		}
	}
	if sliceStep == "" || mergeStep == "" || upload != "conformance-shard-${{ matrix.shard }} ${{ env.REPORT_DIR }}/" || download != "conformance-shard-* shards" {
		t.Fatalf("steps: slice %q, merge %q, upload %q, download %q; want a step running -shard \"${{ matrix.shard }}/$SHARDS\", one uploading its reports always as conformance-shard-N, one downloading them into shards/, one merging them", sliceStep, mergeStep, upload, download)
	}

	bin := t.TempDir()
	for _, cmd := range []string{"conformance", "emulator"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, cmd), "./cmd/"+cmd)
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/%s: %v\n%s", cmd, err, out)
		}
	}
	const budget = "40"
	for _, tt := range []struct {
		name, reason string
		mutant       string
		drop         int // a slice whose report never arrives (0: none)
		code         int // the merge step's exit
	}{
		{"conformant", "the reference emulator: every job passes", "", 0, 0},
		{"faulty", "a mutant: the merged verdict and causes are the whole run's", "accepts-colon-in-name", 0, 1},
		{"a slice missing", "slice 3 wrote no report: merge refuses the set", "accepts-colon-in-name", 3, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := append(os.Environ(), "CI=true", "GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY="+filepath.Join(t.TempDir(), "summary.md"), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			for k, v := range wf.Env {
				if k == "CONFORMANCE_BUDGET" {
					v = budget
				}
				env = append(env, k+"="+v)
			}
			mergeWS := t.TempDir()
			// One port for every slice, one after the other, each with a
			// server of its own: as the matrix's jobs each have their
			// service container on 8080.
			port := freePort(t)
			for _, i := range shard.Strategy.Matrix.Shard {
				stop := startEmulator(t, bin, port, tt.mutant)
				ws := t.TempDir()
				jobEnv := env
				for k, v := range shard.Env {
					jobEnv = append(jobEnv, k+"="+strings.ReplaceAll(v, "8080", port))
				}
				for _, s := range shard.Steps {
					if s.Run == "" {
						continue
					}
					script := strings.ReplaceAll(local(s.Run, port), "${{ matrix.shard }}", fmt.Sprint(i))
					if code, out := runStep(t, script, ws, jobEnv); code != 0 {
						t.Errorf("slice %d, step %q: exit %d, want 0 (exit 1 of the harness is a verdict)\n%s", i, s.Name, code, out)
					}
				}
				stop()
				if i == tt.drop {
					continue
				}
				// upload-artifact, then download-artifact with a pattern:
				// each artefact in a directory of its name.
				if err := os.CopyFS(filepath.Join(mergeWS, "shards", fmt.Sprintf("conformance-shard-%d", i)), os.DirFS(filepath.Join(ws, shard.Env["REPORT_DIR"]))); err != nil {
					t.Fatal(err)
				}
			}
			var mergeOut string
			for _, s := range merge.Steps {
				if s.Run == "" {
					continue
				}
				jobEnv := append(env, "MERGED_DIR="+merge.Env["MERGED_DIR"])
				code, out := runStep(t, local(s.Run, "8080"), mergeWS, jobEnv)
				want := 0
				if s.Name == mergeStep {
					want, mergeOut = tt.code, out
				}
				if code != want {
					t.Errorf("merge job, step %q (%s): exit %d, want %d\n%s", s.Name, tt.reason, code, want, out)
				}
			}
			if tt.drop != 0 {
				if !strings.Contains(mergeOut, fmt.Sprintf("slice %d of 4 missing", tt.drop)) || strings.Count(strings.TrimSpace(mergeOut), "\n") != 0 {
					t.Errorf("merge without slice %d: %q, want one line saying it is missing", tt.drop, mergeOut)
				}
				return
			}
			merged, err := result.Load(filepath.Join(mergeWS, merge.Env["MERGED_DIR"]))
			if err != nil {
				t.Fatal(err)
			}
			// The whole campaign, for the same seed and budget, against a
			// server of its own.
			startEmulator(t, bin, port, tt.mutant)
			wholeDir := t.TempDir()
			runStep(t, "for i in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/"+port+") 2>/dev/null && break; sleep 0.1; done; conformance -endpoint http://127.0.0.1:"+port+" -seed \"$CONFORMANCE_SEED\" -budget \"$CONFORMANCE_BUDGET\" -report-dir "+wholeDir+" -progress off", t.TempDir(), env)
			whole, err := result.Load(wholeDir)
			if err != nil {
				t.Fatal(err)
			}
			causes := func(r *result.Result) string {
				s := []string{string(r.Verdict)}
				for _, f := range r.Findings {
					s = append(s, fmt.Sprintf("%s ×%d", f.Signature, f.Count))
				}
				for _, row := range r.Rules {
					s = append(s, fmt.Sprintf("%s %s %d of %d", row.ID, row.Status, row.Failures, row.Cases))
				}
				return strings.Join(s, "; ")
			}
			if got, want := causes(merged), causes(whole); got != want {
				t.Errorf("merged slices (%s):\n%s\nwant the whole run's:\n%s", tt.reason, got, want)
			}
		})
	}
}

// startEmulator starts the emulator built in bin on port (a faulty one,
// with mutant), stopped by the function returned or when the test ends.
func startEmulator(t *testing.T, bin, port, mutant string) (stop func()) {
	t.Helper()
	server := exec.Command(filepath.Join(bin, "emulator"), "-addr", "127.0.0.1:"+port)
	if mutant != "" {
		server.Args = append(server.Args, "-mutant", mutant)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			_ = server.Process.Kill()
			_ = server.Wait()
		})
	}
	t.Cleanup(stop)
	return stop
}
