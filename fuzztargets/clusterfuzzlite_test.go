package fuzztargets

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestClusterFuzzLiteFiles checks the example's ClusterFuzzLite files
// against what ClusterFuzzLite reads (TestLibFuzzerBuild runs build.sh):
// project.yaml says Go, the Dockerfile starts from the Go builder image and
// copies build.sh to $SRC, build.sh builds every fuzz target of the example
// with its seed corpus, and the workflow builds for Go and fuzzes in the
// code-change and batch modes.
func TestClusterFuzzLiteFiles(t *testing.T) {
	ex := filepath.Join("..", "examples", "gohandler")
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(ex, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	var project struct {
		Language string `yaml:"language"`
	}
	if err := yaml.Unmarshal([]byte(read(".clusterfuzzlite/project.yaml")), &project); err != nil || project.Language != "go" {
		t.Errorf("project.yaml: language %q (%v), want go", project.Language, err)
	}
	docker := read(".clusterfuzzlite/Dockerfile")
	if !regexp.MustCompile(`(?m)^FROM gcr\.io/oss-fuzz-base/base-builder-go\s*$`).MatchString(docker) ||
		!regexp.MustCompile(`(?m)^COPY \.clusterfuzzlite/build\.sh \$SRC/\s*$`).MatchString(docker) {
		t.Errorf("Dockerfile: want FROM gcr.io/oss-fuzz-base/base-builder-go and build.sh copied to $SRC/:\n%s", docker)
	}
	build := read(".clusterfuzzlite/build.sh")
	// Every fuzz target of the example that builds without tags.
	tests, err := filepath.Glob(filepath.Join(ex, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, f := range tests {
		data, _ := os.ReadFile(f)
		if strings.HasPrefix(string(data), "//go:build") {
			continue
		}
		for _, m := range regexp.MustCompile(`(?m)^func (Fuzz\w*)\(f \*testing\.F\)`).FindAllStringSubmatch(string(data), -1) {
			targets = append(targets, m[1])
		}
	}
	if len(targets) == 0 {
		t.Fatal("no fuzz target in the example")
	}
	for _, name := range targets {
		if !strings.Contains(build, "compile_native_go_fuzzer example.com/gohandler "+name+" "+name) ||
			!strings.Contains(build, "seed-corpus") || !strings.Contains(build, name+"_seed_corpus.zip") {
			t.Errorf("build.sh: want %s built with compile_native_go_fuzzer and its seed corpus written:\n%s", name, build)
		}
	}

	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(read(".github/workflows/cflite.yml")), &wf); err != nil {
		t.Fatal(err)
	}
	var modes []string
	for name, job := range wf.Jobs {
		built := false
		for _, s := range job.Steps {
			switch {
			case strings.HasPrefix(s.Uses, "google/clusterfuzzlite/actions/build_fuzzers@"):
				built = true
				if s.With["language"] != "go" {
					t.Errorf("job %s: build_fuzzers with language %q, want go", name, s.With["language"])
				}
			case strings.HasPrefix(s.Uses, "google/clusterfuzzlite/actions/run_fuzzers@"):
				if !built {
					t.Errorf("job %s: run_fuzzers before build_fuzzers", name)
				}
				modes = append(modes, s.With["mode"])
			}
		}
	}
	slices.Sort(modes)
	if !slices.Equal(modes, []string{"batch", "code-change"}) {
		t.Errorf("workflow: run_fuzzers modes %q, want batch and code-change", modes)
	}
}
