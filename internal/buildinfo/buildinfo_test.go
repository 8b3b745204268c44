package buildinfo

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestFromBuildInfo: the version and revision come from the main module
// when it is this one, from the dependency otherwise; "(devel)" is no
// version, and a replaced or dirty version is none to fetch.
func TestFromBuildInfo(t *testing.T) {
	main := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: Module, Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	tests := []struct {
		name, reason string
		bi           *debug.BuildInfo
		want         string // String()
		pinned       string
	}{
		{"release", "go install …@v1.2.3", main("v1.2.3"), "v1.2.3", "v1.2.3"},
		{"devel", "go run in a checkout, no VCS stamp", main("(devel)"), "(devel)", ""},
		{"stamped", "go build in a git checkout", main("v0.0.0-20260101000000-0123456789ab", "vcs.revision", "0123456789abcdef", "vcs.modified", "false"),
			"v0.0.0-20260101000000-0123456789ab, revision 0123456789abcdef", "v0.0.0-20260101000000-0123456789ab"},
		{"dirty", "a checkout with changes: no proxy has that version", main("v0.0.0-20260101000000-0123456789ab+dirty", "vcs.revision", "0123456789abcdef", "vcs.modified", "true"),
			"v0.0.0-20260101000000-0123456789ab+dirty, revision 0123456789abcdef (modified)", ""},
		{"dependency", "a team's test binary using the Go API", &debug.BuildInfo{Main: debug.Module{Path: "example.com/team"},
			Deps: []*debug.Module{{Path: "golang.org/x/text", Version: "v0.1.0"}, {Path: Module, Version: "v1.4.0"}}}, "v1.4.0", "v1.4.0"},
		{"replaced dependency", "replace … => ../conformance", &debug.BuildInfo{Main: debug.Module{Path: "example.com/team"},
			Deps: []*debug.Module{{Path: Module, Version: "v0.0.0", Replace: &debug.Module{Path: "../.."}}}}, "v0.0.0 (replaced)", ""},
	}
	for _, tt := range tests {
		info := FromBuildInfo(tt.bi)
		if got := info.String(); got != tt.want {
			t.Errorf("%s (%s): String() = %q, want %q", tt.name, tt.reason, got, tt.want)
		}
		if got := info.Pinned(); got != tt.pinned {
			t.Errorf("%s (%s): Pinned() = %q, want %q", tt.name, tt.reason, got, tt.pinned)
		}
	}
}

// TestCommand: the command that runs the harness again is the one that
// ran it (go run in a checkout, an installed binary's name, the exact
// released version), never @latest.
func TestCommand(t *testing.T) {
	root := t.TempDir()
	bin := t.TempDir()
	installed := filepath.Join(bin, "conformance")
	if err := os.WriteFile(installed, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	onPath := func(name string) (string, error) {
		if name == "conformance" {
			return installed, nil
		}
		return "", errors.New("not found")
	}
	goRunTemp := "/tmp/go-build4085344793/b001/exe/conformance"
	goRunCached := "/root/.cache/go-build/87/8790708ad68ff6ad4317a2bea2dab8e43eb6d88b86a17efd148890a8991a1c0e-d/conformance"
	tests := []struct {
		name, reason string
		o            Origin
		want         string
	}{
		{"go run at the root", "go run ./cmd/conformance from a clone",
			Origin{Executable: goRunTemp, Arg0: goRunTemp, Dir: root, Root: root, LookPath: onPath}, "go run ./cmd/conformance"},
		{"go run cached", "Go keeps what go run built in its build cache",
			Origin{Executable: goRunCached, Arg0: goRunCached, Dir: root, Root: root, LookPath: onPath}, "go run ./cmd/conformance"},
		{"go run in a subdirectory", "the package's path from where it ran",
			Origin{Executable: goRunTemp, Arg0: goRunTemp, Dir: filepath.Join(root, "docs"), Root: root, LookPath: onPath}, "go run ../cmd/conformance"},
		{"go run from elsewhere", "go -C: the checkout is elsewhere",
			Origin{Executable: goRunTemp, Arg0: goRunTemp, Dir: t.TempDir(), Root: root, LookPath: onPath}, "go -C " + root + " run ./cmd/conformance"},
		{"go run of a release", "go run …@v1.2.3 builds from the module cache",
			Origin{Executable: goRunTemp, Arg0: goRunTemp, Dir: root, Root: root, Info: Info{Version: "v1.2.3"}, LookPath: onPath}, "go run " + Module + "/cmd/conformance@v1.2.3"},
		{"installed", "go install, run by its name",
			Origin{Executable: installed, Arg0: "conformance", Dir: root, Info: Info{Version: "v1.2.3"}, LookPath: onPath}, "conformance"},
		{"by path", "a binary built in a checkout and run by its path",
			Origin{Executable: filepath.Join(root, "conformance"), Arg0: "./conformance", Dir: root, Root: root, LookPath: onPath}, "./conformance"},
		{"release by path", "a released binary not on PATH",
			Origin{Executable: "/opt/x/conformance", Arg0: "/opt/x/conformance", Dir: root, Info: Info{Version: "v1.2.3"}, LookPath: onPath}, "go run " + Module + "/cmd/conformance@v1.2.3"},
		{"dirty by path", "a dirty version is no version to fetch",
			Origin{Executable: "/opt/x/conformance", Arg0: "/opt/x/conformance", Dir: root, Info: Info{Version: "v1.2.3+dirty"}, LookPath: onPath}, "/opt/x/conformance"},
	}
	for _, tt := range tests {
		got := tt.o.Command()
		if got != tt.want {
			t.Errorf("%s (%s): got %q, want %q", tt.name, tt.reason, got, tt.want)
		}
		if strings.Contains(got, "@latest") {
			t.Errorf("%s: %q: @latest reruns whatever was released last, not this harness", tt.name, got)
		}
	}
}

// TestSourceRoot: a binary built in this checkout knows where it is.
func TestSourceRoot(t *testing.T) {
	root := sourceRoot()
	if _, err := os.Stat(filepath.Join(root, CommandPackage, "main.go")); err != nil {
		t.Errorf("sourceRoot() = %q: want the module's directory: %v", root, err)
	}
}
