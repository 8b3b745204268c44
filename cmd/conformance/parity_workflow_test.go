package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"go.yaml.in/yaml/v3"
)

// awsEndpoint is the AWS endpoint the README's recording names; the tests
// send it to the in-repo emulator instead, the one thing they change.
const awsEndpoint = "https://logs.us-east-1.amazonaws.com"

// buildBinaries builds conformance and emulator from this module into a
// new directory, for PATH.
func buildBinaries(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	for _, cmd := range []string{"conformance", "emulator"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, cmd), "./cmd/"+cmd)
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/%s: %v\n%s", cmd, err, out)
		}
	}
	return bin
}

// startAWSEmulator starts the built emulator in its aws mode on port (with
// more flags: a mutant) until the test ends, and waits until it listens.
func startAWSEmulator(t *testing.T, bin, port string, more ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "emulator"), append([]string{"-dialect", "aws", "-addr", "127.0.0.1:" + port}, more...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for i := 0; i < 200 && !strings.Contains(out.String(), "listening"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
}

// recorderEnvironment is the environment of a machine whose AWS
// configuration has a profile "recorder" (placeholder keys), and nothing
// else of AWS: no region, no instance metadata, no other credentials.
func recorderEnvironment(t *testing.T, bin string) []string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"config":      "[profile recorder]\nregion = us-east-1\n",
		"credentials": "[recorder]\naws_access_key_id = AKIDRECORDER0001\naws_secret_access_key = recorder-secret-key-0001\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return append(env, "AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// readmeParityBlock is the README's block of the parity workflow: the sh
// block after the line that says cmd/conformance's tests run it.
func readmeParityBlock(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "docs", "parity.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)`cmd/conformance`'s tests run them.*?```sh\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal("docs/parity.md: no sh block after \"`cmd/conformance`'s tests run them\"")
	}
	return string(m[1])
}

// TestREADMEParityWorkflow runs the README's parity workflow as written,
// with the built binaries on PATH, in a new git repository, and the AWS
// endpoint of its recording swapped for the in-repo emulator's AWS mode
// (port 4566 being the emulator checked): the recording is made with the
// profile it names and staged, and the emulator checked against it has
// no divergence (exit 0, conformant, the -treat rule in the table); a
// mutant checked in its place diverges at the field it breaks (exit 1).
func TestREADMEParityWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the README's commands")
	}
	block := readmeParityBlock(t)
	for _, want := range []string{"AWS_PROFILE=recorder conformance record -dialect aws -endpoint " + awsEndpoint, "conformance parity -cassette testdata/cloudwatch-logs.har", "127.0.0.1:4566"} {
		if !strings.Contains(block, want) {
			t.Fatalf("README's parity block: no %q in\n%s", want, block)
		}
	}
	bin := buildBinaries(t)
	env := recorderEnvironment(t, bin)
	for _, tt := range []struct {
		name    string
		mutant  []string
		code    int
		verdict result.Verdict
		pointer string
	}{
		{"emulator", nil, 0, result.Conformant, ""},
		{"mutant", []string{"-mutant", "aws-validation-exception"}, 1, result.NonConformant, "/__type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			aws, checked := freePort(t), freePort(t)
			startAWSEmulator(t, bin, aws)
			startAWSEmulator(t, bin, checked, tt.mutant...)
			ws := t.TempDir()
			if code, out := runStep(t, "git init -q && mkdir testdata", ws, env); code != 0 {
				t.Fatalf("git init: %s", out)
			}
			script := strings.ReplaceAll(block, awsEndpoint, "http://127.0.0.1:"+aws)
			script = strings.ReplaceAll(script, "127.0.0.1:4566", "127.0.0.1:"+checked)
			code, out := runStep(t, script, ws, env)
			if code != tt.code {
				t.Fatalf("README's parity workflow against the %s: exit %d, want %d\n%s", tt.name, code, tt.code, out)
			}
			if _, staged := runStep(t, "git diff --cached --name-only", ws, env); strings.TrimSpace(staged) != "testdata/cloudwatch-logs.har" {
				t.Errorf("git: staged %q, want the cassette", staged)
			}
			cassette, err := os.ReadFile(filepath.Join(ws, "testdata", "cloudwatch-logs.har"))
			if err != nil || bytes.Contains(cassette, []byte("recorder-secret-key-0001")) || bytes.Contains(cassette, []byte("AKIDRECORDER0001")) {
				t.Errorf("cassette: %v, or it holds the recorder's credentials", err)
			}
			res, err := result.Load(filepath.Join(ws, "reports", "out"))
			if err != nil {
				t.Fatal(err)
			}
			last := res.Normalization[len(res.Normalization)-1]
			if res.Verdict != tt.verdict || res.Dialect != rules.AWS || last.Pointer != "/message" || last.Treat != "drop" {
				t.Errorf("report: %s, dialect %q, table ending %+v; want %s, aws, /message drop", res.Verdict, res.Dialect, last, tt.verdict)
			}
			if tt.pointer != "" && !strings.Contains(out, tt.pointer) {
				t.Errorf("console: %.600q, want a divergence at %s", out, tt.pointer)
			}
		})
	}
}

// TestGitHubActionsParityExample parses docs/github-actions-parity.yml
// and runs its commands here as TestGitHubActionsExample does the other
// example's (the binaries built from this module on PATH instead of go
// install, a free port for 4566, the actions not run), with a cassette of
// the emulator's AWS mode where the job expects the committed one: the
// emulator passes; a mutant fails the parity step with exit 1, and the
// summary and the reports are still written.
func TestGitHubActionsParityExample(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the commands of the example")
	}
	const path = "../../docs/github-actions-parity.yml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	job, ok := wf.Jobs["parity"]
	if !ok || job.Env["CASSETTE"] == "" || job.Env["REPORT_DIR"] == "" || !strings.HasSuffix(job.Env["ENDPOINT"], ":4566") {
		t.Fatalf("%s: want a job \"parity\" with CASSETTE, REPORT_DIR and an ENDPOINT on port 4566, got %+v", path, job)
	}
	if v := job.Env["CONFORMANCE_VERSION"]; v == "" || v == "latest" {
		t.Errorf("CONFORMANCE_VERSION: got %q, want a version to pin", v)
	}
	var check string
	for _, s := range job.Steps {
		if strings.HasPrefix(s.Run, "conformance parity ") {
			check = s.Name
		}
		if s.Run != "" && (strings.Contains(s.Run, "go run ") || strings.Contains(s.Run, "@latest")) {
			t.Errorf("step %q: want the installed binaries, not go run or @latest", s.Name)
		}
	}
	if check == "" {
		t.Fatalf("%s: no step runs conformance parity", path)
	}
	bin := buildBinaries(t)
	for _, tt := range []struct {
		name    string
		mutant  string
		code    int
		verdict string
	}{
		{"emulator", "", 0, "## ✅ PutDestination conformance: conformant"},
		{"mutant", " -mutant aws-omits-role-arn", 1, "## ❌ PutDestination conformance: non-conformant"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			port := freePort(t)
			summary := filepath.Join(t.TempDir(), "step_summary.md")
			env := append(recorderEnvironment(t, bin), "CI=true", "GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY="+summary)
			for k, v := range job.Env {
				env = append(env, k+"="+strings.ReplaceAll(v, "4566", port))
			}
			// The committed cassette: a recording of the emulator's AWS
			// mode, made with the built command.
			ref := freePort(t)
			startAWSEmulator(t, bin, ref)
			if err := os.MkdirAll(filepath.Join(ws, filepath.Dir(job.Env["CASSETTE"])), 0o755); err != nil {
				t.Fatal(err)
			}
			if code, out := runStep(t, "conformance record -dialect aws -endpoint http://127.0.0.1:"+ref+
				` -region "$AWS_REGION" -seed 2 -budget 10 -o "$CASSETTE"`, ws, env); code != 0 {
				t.Fatalf("recording the cassette: %s", out)
			}
			failed := false
			for _, s := range job.Steps {
				if s.Run == "" || failed && !strings.Contains(s.If, "always()") {
					continue
				}
				script := regexp.MustCompile(`(?m)^go install .*$`).ReplaceAllString(s.Run, ":")
				script = strings.ReplaceAll(script, "4566", port)
				script = strings.Replace(script, "-addr 127.0.0.1:"+port, "-addr 127.0.0.1:"+port+tt.mutant, 1)
				code, out := runStep(t, script, ws, env)
				want := 0
				if s.Name == check {
					want = tt.code
				}
				if code != want {
					t.Errorf("step %q: exit %d, want %d\n%s", s.Name, code, want, out)
				}
				failed = failed || code != 0
			}
			got, err := os.ReadFile(summary)
			if err != nil || !strings.Contains(string(got), tt.verdict) || !strings.Contains(string(got), "normalization table") {
				t.Errorf("$GITHUB_STEP_SUMMARY: got %.300q (%v), want %q and the table", got, err, tt.verdict)
			}
			dir := filepath.Join(ws, job.Env["REPORT_DIR"])
			for _, name := range []string{reports.HTMLFile, reports.JSONFile, reports.JUnitFile, reports.MarkdownFile} {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("what upload-artifact uploads: no %s: %v", name, err)
				}
			}
			validJSON(t, dir)
		})
	}
}
