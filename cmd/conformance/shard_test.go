package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/putdestination/conformance/result"
)

// TestShardFlag: -shard i/n is refused in one line, with exit 2 and no
// request, unless 1 ≤ i ≤ n; a slice's report says which slice it is and
// its reproduce line reruns that slice.
func TestShardFlag(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for _, bad := range []string{"0/4", "5/4", "x", "1/0", "-1/4", "2", "2/4/1", "1/", ""} {
		code, stdout, stderr := runCLI(t, "-endpoint="+srv.URL, "-shard="+bad, "-report-dir="+t.TempDir())
		if code != 2 || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "-shard") {
			t.Errorf("-shard=%q: exit %d, %q / %q; want 2 and one line on stderr naming -shard", bad, code, stdout, stderr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("bad -shard values: the endpoint got %d requests, want none", n)
	}
	good := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
	defer good.Close()
	r, err := result.Load(report(t, good.URL, "-shard=2/4"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Sharding == nil || r.Sharding.Slice != (result.Slice{Index: 2, Of: 4}) || !strings.Contains(r.Reproduce, "-shard=2/4") {
		t.Errorf("a run of -shard=2/4: sharding %+v, reproduce %q; want slice 2 of 4 in both", r.Sharding, r.Reproduce)
	}
}

// TestMergeShardsCLI: the 4 slices of a campaign, one after the other
// against one endpoint, merge into the whole run's verdict and findings; a set with a
// slice missing, one twice, or slices of two seeds is refused in one line.
func TestMergeShardsCLI(t *testing.T) {
	serve := func() string {
		srv := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	whole, err := result.Load(report(t, serve()))
	if err != nil {
		t.Fatal(err)
	}
	endpoint := serve()
	var parts []string
	for i := 1; i <= 4; i++ {
		parts = append(parts, filepath.Join(report(t, endpoint, fmt.Sprintf("-shard=%d/4", i)), "conformance.json"))
	}
	out := filepath.Join(t.TempDir(), "merged")
	code, stdout, stderr := runCLI(t, append([]string{"merge", "-out", out}, parts...)...)
	if code != 1 || stderr != "" || !strings.Contains(stdout, "merged from 4 runs, the slices of one campaign, seed 11") {
		t.Fatalf("merge of 4 slices: exit %d, %q / %q; want 1 (rejects-invalid fails) and the merged run's console", code, stdout, stderr)
	}
	validJSON(t, out)
	m, err := result.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	causes := func(r *result.Result) string {
		var s []string
		for _, f := range r.Findings {
			s = append(s, fmt.Sprintf("%s ×%d", f.Signature, f.Count))
		}
		return strings.Join(s, "; ")
	}
	if m.Verdict != whole.Verdict || causes(m) != causes(whole) || len(m.Shards) != 4 || m.Shards[3].Slice == nil || *m.Shards[3].Slice != (result.Slice{Index: 4, Of: 4}) {
		t.Errorf("merged: %s, findings %s, shards %+v; want the whole run's %s, %s, and the 4 slices listed", m.Verdict, causes(m), m.Shards, whole.Verdict, causes(whole))
	}
	other := filepath.Join(report(t, endpoint, "-shard=4/4", "-seed=12"), "conformance.json")
	for _, tt := range []struct {
		name, want string
		reports    []string
	}{
		{"a slice missing", "slice 3 of 4 missing", []string{parts[0], parts[1], parts[3]}},
		{"a slice twice", "both slice 2/4", []string{parts[0], parts[1], parts[1], parts[2], parts[3]}},
		{"two seeds", "share the seed", []string{parts[0], parts[1], parts[2], other}},
		{"a slice and a whole run", "not both", append([]string{filepath.Join(report(t, endpoint), "conformance.json")}, parts...)},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"merge", "-out", t.TempDir()}, tt.reports...)...)
		if code != 2 || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, tt.want) {
			t.Errorf("merge, %s: exit %d, %q / %q; want 2 and one line saying %q", tt.name, code, stdout, stderr, tt.want)
		}
	}
}
