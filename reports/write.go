package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Names of the files the harness writes in the report directory.
const (
	JSONFile  = "conformance.json"
	JUnitFile = "junit.xml"
)

// marker is a string each file the harness writes contains, so a file
// without it is known not to be ours and is never overwritten.
var markers = map[string][]byte{
	JSONFile:  []byte(`"format": "` + Format + `"`),
	JUnitFile: []byte(`PutDestination conformance`),
}

// WriteJSON writes conformance.json into dir.
func WriteJSON(dir string, r Report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %v", err)
	}
	return WriteFile(dir, JSONFile, append(data, '\n'))
}

// WriteFile writes one of the harness's files atomically: a temporary file
// in dir, then a rename over the old one. An existing file that does not
// carry the harness's marker was not created by it and is left alone.
func WriteFile(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report dir: %v", err)
	}
	dst := filepath.Join(dir, name)
	if err := ours(dst, name); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
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
func ours(path, name string) error {
	old, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("report: %v", err)
	}
	if m := markers[name]; m != nil && !bytes.Contains(old, m) {
		return fmt.Errorf("report: %s exists and was not written by this harness; not overwriting it (choose another -report-dir)", path)
	}
	return nil
}
