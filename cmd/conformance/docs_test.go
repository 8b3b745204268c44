package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDocsNameNoMovingVersion: the README and docs/ never show @latest,
// in a printed line or in a command to copy: it names whatever was
// released last, so the seed in a line beside it sends other cases.
func TestDocsNameNoMovingVersion(t *testing.T) {
	root := moduleRoot(t)
	files := []string{filepath.Join(root, "README.md")}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, docs...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		noLatest(t, f, string(data))
	}
}
