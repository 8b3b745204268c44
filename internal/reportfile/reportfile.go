// Package reportfile writes the harness's report files: atomically (a
// temporary file, then a rename), and never over a file the harness did not
// write (every file it writes carries a marker; one without it is left
// alone). It also checks a report directory for writing before a run
// starts, so a bad directory costs no request.
package reportfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// Write writes data as dir/name. marker is a string every version of the
// file contains: an existing file without it was not written by the
// harness and is not overwritten.
func Write(dir, name string, data, marker []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report dir: %v", err)
	}
	dst := filepath.Join(dir, name)
	if err := ours(dst, marker); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("report: %v", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("report: %v", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %v", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("report: %v", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("report: %v", err)
	}
	return nil
}

// ours returns an error when path exists and is not a file the harness wrote.
func ours(path string, marker []byte) error {
	old, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("report: %v", err)
	}
	if len(marker) > 0 && !bytes.Contains(old, marker) {
		return fmt.Errorf("report: %s exists and was not written by this harness; not overwriting it (choose another -report-dir)", path)
	}
	return nil
}

// CheckOurs returns an error when dir/name exists and is not a file the
// harness wrote (it lacks marker): checked before a run, so a run whose
// report could not be written costs no request.
func CheckOurs(dir, name string, marker []byte) error {
	return ours(filepath.Join(dir, name), marker)
}

// CheckDir makes dir if needed and proves it writable by creating and
// removing a temporary file in it.
func CheckDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-report-dir %s: %v", dir, unwrapPath(err))
	}
	f, err := os.CreateTemp(dir, ".write-check.*")
	if err != nil {
		return fmt.Errorf("-report-dir %s: not writable: %v", dir, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
