package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance/reports"
	"go.yaml.in/yaml/v3"
)

// workflow is the part of a GitHub Actions workflow the example uses.
type workflow struct {
	Name string         `yaml:"name"`
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		RunsOn string            `yaml:"runs-on"`
		Env    map[string]string `yaml:"env"`
		Steps  []step            `yaml:"steps"`
	} `yaml:"jobs"`
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	With map[string]string `yaml:"with"`
}

const (
	examplePath = "../../docs/github-actions.yml"
	module      = "github.com/putdestination/conformance"
)

func readWorkflow(t *testing.T) workflow {
	t.Helper()
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", examplePath, err)
	}
	return wf
}

// TestGitHubActionsExample parses docs/github-actions.yml, checks it does
// what docs/README.md says (installs the harness once at a pinned version,
// starts a server, runs the installed harness, writes the summary, uploads
// the reports, both of those even when the harness fails), and runs its
// commands here as far as offline allows: `go install` is not run, the
// binaries built from this module are on PATH instead, the port is a free
// one, the actions (checkout, setup-go, upload-artifact) are not run but
// what they would upload is checked. Once against the emulator (the job
// passes) and once against a faulty one (the harness step fails with the
// harness's own exit status, the summary and the upload still happen).
func TestGitHubActionsExample(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the commands of the example")
	}
	wf := readWorkflow(t)
	job, ok := wf.Jobs["conformance"]
	if !ok || job.RunsOn != "ubuntu-latest" || job.Env["REPORT_DIR"] == "" || job.Env["ENDPOINT"] == "" {
		t.Fatalf("%s: want a job \"conformance\" on ubuntu-latest with ENDPOINT and REPORT_DIR, got %+v", examplePath, job)
	}
	if v := job.Env["CONFORMANCE_VERSION"]; v == "" || v == "latest" {
		t.Errorf("CONFORMANCE_VERSION: got %q, want a version to pin (a seed sends the same cases only with the same harness)", v)
	}
	var uses []string
	var install, harness, summary, upload *step
	for i := range job.Steps {
		s := &job.Steps[i]
		if s.Uses != "" {
			uses = append(uses, strings.Split(s.Uses, "@")[0])
		}
		if strings.Contains(s.Run, "@latest") || strings.Contains(s.Run, "go run ") {
			t.Errorf("step %q: %q: want the installed binaries, not go run or @latest", s.Name, s.Run)
		}
		switch {
		case strings.Contains(s.Run, installLine):
			install = s
		case strings.HasPrefix(s.Run, "conformance -endpoint "):
			harness = s
		case strings.Contains(s.Run, "$GITHUB_STEP_SUMMARY"):
			summary = s
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			upload = s
		}
	}
	if strings.Join(uses, " ") != "actions/checkout actions/setup-go actions/upload-artifact" {
		t.Errorf("actions used: %q, want checkout, setup-go, upload-artifact", uses)
	}
	switch {
	case install == nil:
		t.Fatalf("no step installs the harness once: want %q", installLine)
	case harness == nil || !strings.Contains(harness.Run, `-endpoint "$ENDPOINT"`) || !strings.Contains(harness.Run, `-report-dir "$REPORT_DIR"`):
		t.Fatalf("no step runs the installed harness with conformance -endpoint \"$ENDPOINT\" -report-dir \"$REPORT_DIR\"")
	case summary == nil || !strings.Contains(summary.Run, "conformance.md") || !strings.Contains(summary.If, "always()"):
		t.Errorf("the summary step: %+v, want conformance.md appended to $GITHUB_STEP_SUMMARY, if: always()", summary)
	case upload == nil || upload.With["path"] != "${{ env.REPORT_DIR }}/" || !strings.Contains(upload.If, "always()"):
		t.Errorf("the upload step: %+v, want the report directory uploaded, if: always()", upload)
	}

	bin := t.TempDir()
	for _, cmd := range []string{"conformance", "emulator"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, cmd), "./cmd/"+cmd)
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/%s: %v\n%s", cmd, err, out)
		}
	}
	for _, tt := range []struct {
		name, reason string
		server       string // what the emulator is given besides -addr
		code         int    // the harness step's exit
		verdict      string
	}{
		{"conformant", "the reference emulator: the job passes", "", 0, "## ✅ PutDestination conformance: conformant"},
		{"faulty", "a mutant: the harness step fails, the summary and the reports are still there", " -mutant accepts-colon-in-name", 1, "## ❌ PutDestination conformance: non-conformant"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			port := freePort(t)
			summaryFile := filepath.Join(t.TempDir(), "step_summary.md")
			env := append(os.Environ(), "CI=true", "GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY="+summaryFile, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			for k, v := range job.Env {
				env = append(env, k+"="+strings.ReplaceAll(v, "8080", port))
			}
			failed := false
			for _, s := range job.Steps {
				if s.Run == "" || failed && !strings.Contains(s.If, "always()") {
					continue
				}
				script := local(s.Run, port)
				if strings.HasPrefix(s.Run, "emulator -addr ") || strings.Contains(s.Run, "\nemulator -addr ") {
					script = strings.Replace(script, "-addr 127.0.0.1:"+port, "-addr 127.0.0.1:"+port+tt.server, 1)
				}
				code, out := runStep(t, script, ws, env)
				want := 0
				if s.Name == harness.Name {
					want = tt.code
				}
				if code != want {
					t.Errorf("step %q (%s): exit %d, want %d\n%s", s.Name, tt.reason, code, want, out)
				}
				failed = failed || code != 0
			}
			got, err := os.ReadFile(summaryFile)
			if err != nil || !strings.Contains(string(got), tt.verdict) {
				t.Errorf("$GITHUB_STEP_SUMMARY (%s): got %.300q (%v), want %q", tt.reason, got, err, tt.verdict)
			}
			reportDir := filepath.Join(ws, job.Env["REPORT_DIR"])
			for _, name := range []string{reports.HTMLFile, reports.JSONFile, reports.JUnitFile, reports.MarkdownFile} {
				if _, err := os.Stat(filepath.Join(reportDir, name)); err != nil {
					t.Errorf("what upload-artifact uploads (%s): no %s: %v", upload.With["path"], name, err)
				}
			}
			validJSON(t, reportDir)
		})
	}
}

// installLine is how the example installs the harness: both commands, at
// the pinned version, in one go install.
const installLine = `go install ` + module + `/cmd/conformance@"$CONFORMANCE_VERSION" ` + module + `/cmd/emulator@"$CONFORMANCE_VERSION"`

// local turns a step's commands into ones that run here, offline: no go
// install (the binaries built from this module are on PATH), port for 8080.
func local(run, port string) string {
	run = regexp.MustCompile(`(?m)^go install .*$`).ReplaceAllString(run, ":")
	return strings.ReplaceAll(run, "8080", port)
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}
