package emulator_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator"
)

// TestAWSModeWithTheAWSCLI drives the AWS mode with the real AWS CLI (the
// `aws` command, botocore's client, another implementation of the
// protocol than the Go SDK): put, describe, delete, delete again. Skipped
// when no `aws` is on PATH.
func TestAWSModeWithTheAWSCLI(t *testing.T) {
	cli, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("no aws command on PATH (install the AWS CLI to run this test)")
	}
	em := emulator.NewAWS()
	srv := httptest.NewServer(em)
	defer srv.Close()
	dir := t.TempDir()
	// The AWS configuration is its own, nothing of the machine's: static
	// credentials, no config files, no metadata service, no pager, no
	// proxy. The rest of the environment stays (an installation may need
	// it: a pyenv shim finds its Python through HOME or PYENV_ROOT).
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(strings.ToUpper(kv), "HTTP_PROXY=") && !strings.HasPrefix(strings.ToUpper(kv), "HTTPS_PROXY=") {
			env = append(env, kv)
		}
	}
	env = append(env, "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=cli-test-secret",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "NO_PROXY=*")
	run := func(args ...string) (string, string, error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard, not a speed bound
		defer cancel()
		cmd := exec.CommandContext(ctx, cli, append([]string{"logs", "--region", "eu-west-3", "--endpoint-url", srv.URL, "--output", "json"}, args...)...)
		cmd.Env = env
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		return out.String(), errOut.String(), err
	}

	out, stderr, err := run("put-destination", "--destination-name", "cli-dest",
		"--target-arn", "arn:aws:kinesis:eu-west-3:123456789012:stream/a", "--role-arn", "arn:aws:iam::123456789012:role/a")
	if err != nil {
		t.Fatalf("put-destination: %v: %s", err, stderr)
	}
	var put struct {
		Destination struct {
			DestinationName, TargetArn, Arn string
			CreationTime                    int64
		} `json:"destination"`
	}
	if err := json.Unmarshal([]byte(out), &put); err != nil {
		t.Fatalf("put-destination printed %q: %v", out, err)
	}
	wantArn := "arn:aws:logs:eu-west-3:" + emulator.Account + ":destination:cli-dest"
	if d := put.Destination; d.DestinationName != "cli-dest" || d.Arn != wantArn || d.CreationTime < time.Now().Add(-time.Hour).UnixMilli() {
		t.Errorf("put-destination: got %+v, want cli-dest, arn %s (the region signed for), a creationTime in milliseconds", d, wantArn)
	}

	out, stderr, err = run("describe-destinations", "--destination-name-prefix", "cli-")
	if err != nil {
		t.Fatalf("describe-destinations: %v: %s", err, stderr)
	}
	var listed struct {
		Destinations []struct{ DestinationName, Arn string } `json:"destinations"`
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed.Destinations) != 1 || listed.Destinations[0].Arn != wantArn {
		t.Errorf("describe-destinations: got %s (%v), want cli-dest alone", out, err)
	}

	if _, stderr, err = run("delete-destination", "--destination-name", "cli-dest"); err != nil {
		t.Fatalf("delete-destination: %v: %s", err, stderr)
	}
	if names := em.Names(""); len(names) != 0 {
		t.Errorf("store after delete-destination: got %q, want nothing", names)
	}
	if _, stderr, err = run("delete-destination", "--destination-name", "cli-dest"); err == nil || !strings.Contains(stderr, "ResourceNotFoundException") {
		t.Errorf("delete-destination again: got %v, %q; want a failure naming ResourceNotFoundException", err, stderr)
	}
	if _, stderr, err = run("put-destination", "--destination-name", "bad:name", "--target-arn", "t", "--role-arn", "r"); err == nil || !strings.Contains(stderr, "InvalidParameterException") {
		t.Errorf("put-destination bad:name: got %v, %q; want a failure naming InvalidParameterException", err, stderr)
	}
}
