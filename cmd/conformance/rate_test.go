package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator"
)

// awsEnvironment gives the aws dialect static credentials from the
// environment, and nothing else of the AWS configuration.
func awsEnvironment(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLOCAL")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "local-secret-key-0005")
	for _, v := range []string{"AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// TestAWSDialectOnLoopbackIsUnlimited: an aws-dialect run against the aws
// emulator on loopback runs its default budget at the rate asked: -rate 0
// is unlimited, not the network's 10 requests a second, and with no -rate
// the network's careful defaults do not apply to this machine either. The
// report and the console say the rate in force, and the console the
// regions signed for.
func TestAWSDialectOnLoopbackIsUnlimited(t *testing.T) {
	awsEnvironment(t)
	srv := httptest.NewServer(emulator.ForDialect("aws")())
	defer srv.Close()
	for _, tt := range []struct {
		name, reason string
		args         []string
	}{
		{"-rate 0", "0 given: unlimited", []string{"-rate=0"}},
		{"no -rate", "loopback: no network defaults", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"-dialect=aws", "-region=us-east-1", "-endpoint=" + srv.URL, "-seed=8", "-no-shrink", "-report-dir=" + dir}, tt.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("%s (%s): exit %d, want 0\n%s\n%s", tt.name, tt.reason, code, stdout, stderr)
			}
			res := readResult(t, dir)
			if res.Budget != 100 || res.Interrupted || res.Stopped != "" {
				t.Errorf("%s: budget %d, interrupted %v, stopped %q; want the default budget of 100, run to the end", tt.name, res.Budget, res.Interrupted, res.Stopped)
			}
			if res.AWS == nil || res.AWS.Rate != 0 || res.AWS.MaxRequests != 0 {
				t.Errorf("%s (%s): aws %+v, want rate 0 and no cap in force", tt.name, tt.reason, res.AWS)
			}
			if !strings.Contains(stdout, "rate:   unlimited (0), no cap on requests") {
				t.Errorf("%s: console: want the rate in force stated:\n%s", tt.name, stdout)
			}
			if !strings.Contains(stdout, "region: us-east-1, and us-west-2 for the names it signs for a second region") {
				t.Errorf("%s: console: want both regions signed for stated (loopback: a second region):\n%s", tt.name, stdout)
			}
		})
	}
}
