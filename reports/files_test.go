package reports_test

import (
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
)

// TestFindingsFiles: every finding has its request body (the exact bytes
// sent) and its response (status, headers, body) under findings/, named
// rule-n; a pair has its first request's too; the index lists them.
func TestFindingsFiles(t *testing.T) {
	res, dir, _ := check(t, conformance.Handler(alwaysSuccess))
	files := reports.Files(res)
	if len(files) != len(res.Findings) || len(files) == 0 {
		t.Fatalf("Files: got %d, want one per finding (%d)", len(files), len(res.Findings))
	}
	var want []string
	n := map[string]int{}
	for i, f := range res.Findings {
		fl := files[i]
		n[string(f.Rule)]++
		if name := string(f.Rule) + "-" + string(rune('0'+n[string(f.Rule)])); fl.Name != name {
			t.Errorf("finding %d: name %q, want %q (rule, then its number)", i, fl.Name, name)
		}
		if got := readFile(t, filepath.Join(dir, fl.Request)); string(got) != string(f.Request.Body) {
			t.Errorf("%s: got %d bytes, want the body as sent (%d)", fl.Request, len(got), len(f.Request.Body))
		}
		resp := string(readFile(t, filepath.Join(dir, fl.Response)))
		if !strings.HasPrefix(resp, "HTTP 200 OK\n") || !strings.HasSuffix(resp, "\n\n"+string(f.Response.Body)) || !strings.Contains(resp, "Set-Cookie: REDACTED\n") {
			t.Errorf("%s: got %.200q, want the status line, the headers (Set-Cookie redacted), a blank line and the body", fl.Response, resp)
		}
		want = append(want, fl.Request, fl.Response)
		if f.Previous != nil {
			if fl.FirstRequest == "" || string(readFile(t, filepath.Join(dir, fl.FirstRequest))) != string(f.Previous.Request.Body) {
				t.Errorf("%s: want the first request of the pair in %q", fl.Name, fl.FirstRequest)
			}
			want = append(want, fl.FirstRequest, fl.FirstResponse)
		}
	}
	want = append(want, "findings/index.txt")
	var got []string
	for _, name := range dirNames(t, filepath.Join(dir, reports.FindingsDir)) {
		got = append(got, "findings/"+name)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings/: got %q, want %q", got, want)
	}
	index := string(readFile(t, filepath.Join(dir, reports.FindingsDir, "index.txt")))
	for _, f := range files {
		if !strings.Contains(index, f.Name+"\t") {
			t.Errorf("index.txt: no line for %s", f.Name)
		}
	}
	for _, name := range dirNames(t, filepath.Join(dir, reports.FindingsDir)) {
		if strings.Contains(string(readFile(t, filepath.Join(dir, reports.FindingsDir, name))), secret) {
			t.Errorf("findings/%s: got the secret header value, want it redacted", name)
		}
	}
}

// TestFindingsFilesOfAnEarlierRun: a run with fewer findings removes the
// files of the findings it no longer has, and only those; a run with none
// leaves an empty index.
func TestFindingsFilesOfAnEarlierRun(t *testing.T) {
	many, dir, _ := check(t, conformance.Handler(alwaysSuccess))
	fewer := *many
	fewer.Findings = many.Findings[:1]
	mine := filepath.Join(dir, reports.FindingsDir, "notes.txt")
	// A file the harness did not write: left alone.
	if err := os.WriteFile(mine, []byte("a person's notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := reports.Write(dir, &fewer); err != nil {
		t.Fatalf("Write over an earlier run: %v", err)
	}
	names := dirNames(t, filepath.Join(dir, reports.FindingsDir))
	fl := reports.Files(&fewer)[0]
	want := []string{filepath.Base(fl.Request), filepath.Base(fl.Response), "index.txt", "notes.txt"}
	if fl.FirstRequest != "" {
		want = append(want, filepath.Base(fl.FirstRequest), filepath.Base(fl.FirstResponse))
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("findings/ after a run with one finding: got %q, want %q (the earlier run's other files removed, notes.txt kept)", names, want)
	}
}

// TestPreflightRefusesForeignFiles: a report directory holding a file of
// one of the harness's names that the harness did not write is refused
// before any request, with one line naming it; Write refuses it too.
func TestPreflightRefusesForeignFiles(t *testing.T) {
	res, _, _ := check(t, conformance.Handler(alwaysSuccess))
	for _, tt := range []struct {
		name, reason string
		path         string
	}{
		{"html", "another tool's conformance.html", reports.HTMLFile},
		{"markdown", "a conformance.md someone wrote", reports.MarkdownFile},
		{"junit", "another test runner's junit.xml", reports.JUnitFile},
		{"json", "a conformance.json of something else", result.JSONFile},
		{"findings", "a findings/ directory of someone else's", filepath.Join(reports.FindingsDir, "rejects-invalid-1.request")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.path)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte("not the harness's"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := reports.Preflight(dir)
			if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), filepath.Dir(path)) {
				t.Errorf("Preflight (%s): got %v, want one line naming it", tt.reason, err)
			}
			if err := reports.Write(dir, res); err == nil {
				t.Errorf("Write (%s): got nil, want a refusal", tt.reason)
			}
			if got := readFile(t, path); string(got) != "not the harness's" {
				t.Errorf("%s after Write: got %q, want it untouched", tt.path, got)
			}
		})
	}
	if err := reports.Preflight(filepath.Join(t.TempDir(), "new", "dir")); err != nil {
		t.Errorf("Preflight of a new directory: got %v, want nil (it is made)", err)
	}
}

// TestInProcessRunHasNoCurlLine: no URL reaches a handler in process, so no
// report of such a run shows a curl line (it would name a host that never
// resolves); each finding's reproduction is the run's rerun command, which
// sends the same cases.
func TestInProcessRunHasNoCurlLine(t *testing.T) {
	res, dir, _ := check(t, conformance.Handler(alwaysSuccess), withReplay("conformance replay"))
	if len(res.Findings) == 0 {
		t.Fatal("got no finding, want some to reproduce")
	}
	for _, f := range res.Findings {
		if f.Curl != "" || f.Previous != nil && f.Previous.Curl != "" {
			t.Errorf("finding %s: got curl line %.120q, want none", f.Signature, f.Curl)
		}
	}
	var console strings.Builder
	if err := reports.Console(&console, res, reports.ConsoleOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"console": console.String()}
	for _, name := range []string{reports.JSONFile, reports.JUnitFile, reports.HTMLFile, reports.MarkdownFile} {
		texts[name] = string(readFile(t, filepath.Join(dir, name)))
	}
	for name, text := range texts {
		if i := strings.Index(text, "curl -"); i >= 0 {
			t.Errorf("%s: got a curl line (%.80q), want none", name, text[i:])
		}
	}
	for _, name := range []string{"console", reports.MarkdownFile, reports.HTMLFile} {
		rerun := res.Reproduce[:min(60, len(res.Reproduce))]
		if name == reports.HTMLFile {
			rerun = html.EscapeString(rerun)
		}
		if !strings.Contains(texts[name], "no URL reaches a handler in process") || !strings.Contains(texts[name], rerun) {
			t.Errorf("%s: want the rerun command as each finding's reproduction, said to be one", name)
		}
	}
}
