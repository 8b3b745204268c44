package reportfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/internal/reportfile"
)

// The markers of two files the harness writes, as their writers pass them
// (result.WriteJSON, reports.WriteJUnit).
var (
	jsonMarker  = []byte(`"format": "putdestination-conformance/v`)
	junitMarker = []byte("PutDestination conformance")
)

const (
	ownJSON  = "{\n  \"format\": \"putdestination-conformance/v2\",\n  \"verdict\": \"conformant\"\n}\n"
	ownJUnit = `<testsuites><testsuite name="PutDestination conformance"></testsuite></testsuites>`
)

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteAtomicNoTempLeft(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		file   string
		data   string
		marker []byte
	}{
		{"json", "conformance.json with the format marker", "conformance.json", ownJSON, jsonMarker},
		{"junit", "junit.xml with the suite name marker", "junit.xml", ownJUnit, junitMarker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A directory that does not exist yet: Write creates it.
			dir := filepath.Join(t.TempDir(), "nested", "out")
			data := []byte(tt.data)
			if err := reportfile.Write(dir, tt.file, data, tt.marker); err != nil {
				t.Fatalf("Write (%s): got %v, want nil", tt.reason, err)
			}
			if got := readFile(t, filepath.Join(dir, tt.file)); !bytes.Equal(got, data) {
				t.Errorf("content: got %q, want %q", got, data)
			}
			if got, want := dirNames(t, dir), []string{tt.file}; !slices.Equal(got, want) {
				t.Errorf("directory after write: got %v, want %v (no temporary file left)", got, want)
			}
			info, err := os.Stat(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != 0o644 {
				t.Errorf("mode: got %v, want -rw-r--r-- (a report is read by CI, not only its writer)", got)
			}

			// Its own previous file is overwritten, again atomically.
			again := append(bytes.Clone(data), []byte("\n<!-- second run -->\n")...)
			if err := reportfile.Write(dir, tt.file, again, tt.marker); err != nil {
				t.Fatalf("Write over its own file (%s): got %v, want nil", tt.reason, err)
			}
			if got := readFile(t, filepath.Join(dir, tt.file)); !bytes.Equal(got, again) {
				t.Errorf("content after overwrite: got %q, want %q", got, again)
			}
			if got, want := dirNames(t, dir), []string{tt.file}; !slices.Equal(got, want) {
				t.Errorf("directory after overwrite: got %v, want %v (no temporary file left)", got, want)
			}
		})
	}
}

// TestWriteFailureLeavesNoTemp: a write that cannot complete (a directory
// stands where the file goes) is one line, and leaves the directory as it
// was.
func TestWriteFailureLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "junit.xml"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := reportfile.Write(dir, "junit.xml", []byte(ownJUnit), junitMarker)
	if err == nil {
		t.Fatal("Write over a directory: got nil, want an error")
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error: got %q, want one line", err)
	}
	if got, want := dirNames(t, dir), []string{"junit.xml"}; !slices.Equal(got, want) {
		t.Errorf("directory after a failed write: got %v, want %v (no temporary file left)", got, want)
	}
}

func TestWriteRefusesForeignFile(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		file    string
		foreign string
		data    string
		marker  []byte
	}{
		{"json without marker", "someone's own conformance.json", "conformance.json", `{"verdict": "mine", "format": "something-else"}`, ownJSON, jsonMarker},
		{"json other format", "a foreign format is not ours", "conformance.json", `{"format": "other-tool/v2"}`, ownJSON, jsonMarker},
		{"json empty", "an empty file is not ours either", "conformance.json", ``, ownJSON, jsonMarker},
		{"junit without marker", "another tool's junit.xml", "junit.xml", `<testsuites><testsuite name="unit tests"/></testsuites>`, ownJUnit, junitMarker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.foreign), 0o600); err != nil {
				t.Fatal(err)
			}
			err := reportfile.Write(dir, tt.file, []byte(tt.data), tt.marker)
			if err == nil {
				t.Fatalf("Write over a foreign file (%s): got nil error, want a refusal", tt.reason)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error: got %q, want it to name %s", err, path)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error: got %q, want one line", err)
			}
			if got := readFile(t, path); string(got) != tt.foreign {
				t.Errorf("foreign content (%s): got %q, want it untouched %q", tt.reason, got, tt.foreign)
			}
			if got, want := dirNames(t, dir), []string{tt.file}; !slices.Equal(got, want) {
				t.Errorf("directory after refusal: got %v, want %v", got, want)
			}
		})
	}
}

// TestWriteAcceptsOlderFormat: the JSON marker names no version, so a
// conformance.json of an earlier format written by the harness is replaced.
func TestWriteAcceptsOlderFormat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "conformance.json")
	if err := os.WriteFile(path, []byte("{\n  \"format\": \"putdestination-conformance/v1\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := reportfile.Write(dir, "conformance.json", []byte(ownJSON), jsonMarker); err != nil {
		t.Fatalf("Write over a v1 conformance.json: got %v, want nil", err)
	}
	if got := readFile(t, path); string(got) != ownJSON {
		t.Errorf("content: got %q, want %q", got, ownJSON)
	}
}

func TestCheckDir(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		dir          string
		wantErr      bool
	}{
		{"missing", "a directory that does not exist yet is made", filepath.Join(root, "new", "out"), false},
		{"existing", "an existing empty directory is fine", root, false},
		{"file in place", "a file where the directory should be", file, true},
		{"under a file", "a directory below a file cannot be made", filepath.Join(file, "sub"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadDir(tt.dir)
			err := reportfile.CheckDir(tt.dir)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckDir(%s) (%s): got %v, want error=%v", tt.dir, tt.reason, err, tt.wantErr)
			}
			if err != nil {
				msg := err.Error()
				if !strings.HasPrefix(msg, "-report-dir "+tt.dir) {
					t.Errorf("error: got %q, want it to start with -report-dir %s", msg, tt.dir)
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("error: got %q, want one line", msg)
				}
				if got := readFile(t, file); string(got) != "not a directory" {
					t.Errorf("the file in place: got %q, want it untouched", got)
				}
				return
			}
			after, err := os.ReadDir(tt.dir)
			if err != nil {
				t.Fatalf("directory after CheckDir: %v", err)
			}
			if len(after) != len(before) {
				t.Errorf("directory after CheckDir: got %d entries, want %d (the write check leaves nothing)", len(after), len(before))
			}
		})
	}
}
