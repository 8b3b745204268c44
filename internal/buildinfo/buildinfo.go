// Package buildinfo says what a binary knows of how this module went into
// it (the module's version, the VCS revision) and, for the conformance
// command, the command line that runs the same harness again: the one a
// reproduce or replay line starts with. It never answers "@latest": a seed
// sends the same cases only with the same harness.
package buildinfo

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/putdestination/conformance/internal/shell"
)

// Module is this module's path.
const Module = "github.com/putdestination/conformance"

// Info is what the binary knows of this module's build.
type Info struct {
	// Version is the module's version (v1.2.3, or a pseudo-version that
	// Go stamps from a checkout's commit); "" when unknown ("(devel)").
	Version string
	// Replaced: the module was replaced (a replace directive), so Version
	// does not name what was built.
	Replaced bool
	// Revision and Modified are the VCS revision and whether the checkout
	// had changes not committed (vcs.revision, vcs.modified); Go stamps
	// them when the main module is built in a checkout.
	Revision string
	Modified bool
}

// Read reads the running binary's Info: the main module's when it is this
// one (the conformance command), else this module's as a dependency (a
// program or test that calls the Go API).
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo is Read for a given build.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	var info Info
	switch {
	case bi.Main.Path == Module:
		info.Version = bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Revision = s.Value
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	default:
		for _, d := range bi.Deps {
			if d.Path == Module {
				info.Version, info.Replaced = d.Version, d.Replace != nil
			}
		}
	}
	if info.Version == "(devel)" {
		info.Version = ""
	}
	return info
}

// Pinned is the version `go run` and `go install` can fetch this module
// at: Version, unless it is unknown, replaced, or stamped from a checkout
// with changes (+dirty), which no proxy serves.
func (i Info) Pinned() string {
	if i.Replaced || strings.HasSuffix(i.Version, "+dirty") {
		return ""
	}
	return i.Version
}

// String is the version and revision as -version prints them:
// "v1.2.3, revision 0123abcd", "(devel), revision 0123abcd (modified)".
func (i Info) String() string {
	s := i.Version
	if s == "" {
		s = "(devel)"
	}
	if i.Replaced {
		s += " (replaced)"
	}
	if i.Revision != "" {
		s += ", revision " + i.Revision
		if i.Modified {
			s += " (modified)"
		}
	}
	return s
}

// CommandPackage is the conformance command's package, inside this module.
const CommandPackage = "cmd/conformance"

// Origin is how the running conformance command was built and started:
// what Command needs to say how to run it again.
type Origin struct {
	// Executable is the binary's path (os.Executable), Arg0 the name it
	// was started by (os.Args[0]), Dir the working directory.
	Executable, Arg0, Dir string
	// Root is the directory of this module's source the binary was built
	// from, when it is known and still there ("" under -trimpath).
	Root string
	Info Info
	// LookPath finds a command on PATH (exec.LookPath).
	LookPath func(string) (string, error)
}

// Here is the running process's Origin.
func Here() Origin {
	o := Origin{Arg0: "conformance", Root: sourceRoot(), Info: Read(), LookPath: exec.LookPath}
	if len(os.Args) > 0 && os.Args[0] != "" {
		o.Arg0 = os.Args[0]
	}
	o.Executable, _ = os.Executable()
	o.Dir, _ = os.Getwd()
	return o
}

// sourceRoot is the module's directory at build time, read from this
// file's own path, when it still holds this module's go.mod.
func sourceRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "" // -trimpath: paths are import paths
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(data), "module "+Module+"\n") {
		return ""
	}
	return root
}

// Command is the command that runs this harness again, as it was run:
//
//   - built by `go run` in a checkout: `go run ./cmd/conformance` (the
//     package's path from Dir; `go -C ROOT run ./cmd/conformance` from
//     outside the checkout);
//   - an installed binary on PATH: its name;
//   - a released version (`go run …@v1.2.3`, a binary of one run by its
//     path): `go run github.com/putdestination/conformance/cmd/conformance@v1.2.3`;
//   - anything else (a binary built in a checkout, run by its path): the
//     path it was started by.
func (o Origin) Command() string {
	if goRunBuild(o.Executable) && o.checkout() {
		up, err := filepath.Rel(o.Root, o.Dir)
		if err != nil || o.Dir == "" || up == ".." || strings.HasPrefix(up, ".."+string(filepath.Separator)) {
			return "go -C " + shell.Word(o.Root) + " run ./" + CommandPackage
		}
		rel, _ := filepath.Rel(o.Dir, filepath.Join(o.Root, CommandPackage))
		if rel = filepath.ToSlash(rel); !strings.HasPrefix(rel, "../") {
			rel = "./" + rel
		}
		return "go run " + shell.Word(rel)
	}
	if o.onPath() {
		return filepath.Base(o.Arg0)
	}
	if v := o.Info.Pinned(); v != "" {
		return "go run " + Module + "/" + CommandPackage + "@" + v
	}
	return shell.Word(o.Arg0)
}

// checkout reports whether the binary was built from a checkout of the
// module (not from the module cache): Go stamps no version for it, or
// the revision it was built at.
func (o Origin) checkout() bool {
	return o.Root != "" && (o.Info.Version == "" || o.Info.Revision != "")
}

// onPath reports whether the command's name, looked up on PATH, is this
// very binary.
func (o Origin) onPath() bool {
	name := filepath.Base(o.Arg0)
	if o.LookPath == nil || strings.ContainsRune(o.Arg0, filepath.Separator) && !filepath.IsAbs(o.Arg0) {
		return false // started as ./conformance: a path, not a name
	}
	found, err := o.LookPath(name)
	if err != nil {
		return false
	}
	a, errA := os.Stat(found)
	b, errB := os.Stat(o.Executable)
	return errA == nil && errB == nil && os.SameFile(a, b)
}

// goRunBuild reports whether exe is a binary `go run` built: in a
// temporary go-build directory (…/go-build123/b001/exe/NAME) or in the
// build cache, where Go keeps what `go run` built (…/ab/<64 hex>-d/NAME).
func goRunBuild(exe string) bool {
	dir := filepath.Dir(exe)
	if filepath.Base(dir) == "exe" && strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(dir))), "go-build") {
		return true
	}
	return cacheEntry.MatchString(filepath.Base(dir))
}

// cacheEntry names a directory of Go's build cache holding a binary.
var cacheEntry = regexp.MustCompile(`^[0-9a-f]{64}-d$`)
