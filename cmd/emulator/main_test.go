package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRefusesBadFlags: a bad -dialect, or a mutant of another dialect,
// ends the command with one line and exit 2, before it listens.
func TestRefusesBadFlags(t *testing.T) {
	tests := []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-dialect", "soap"}, `-dialect "soap": want envelope or aws`, "two dialects only"},
		{[]string{"-dialect", "aws", "-mutant", "accepts-colon-in-name"}, `no such mutant of -dialect aws`, "an envelope mutant is not one of the AWS mode's"},
		{[]string{"-mutant", "aws-stores-invalid"}, `no such mutant of -dialect envelope`, "an AWS mode mutant needs -dialect aws"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(append(tt.args, "-addr", "127.0.0.1:0"), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tt.want) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("emulator %v (%s): exit %d, stderr %q; want exit 2 and one line with %q", tt.args, tt.reason, code, stderr.String(), tt.want)
		}
	}
}
