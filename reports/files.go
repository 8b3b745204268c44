package reports

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/internal/reportfile"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/rules"
)

// FindingsDir is the directory, under the report directory, of each
// finding's request body and response: a curl line too long to print
// reads its body from there (--data-binary @findings/NAME.request, a path
// relative to the report directory).
const FindingsDir = "findings"

// indexFile lists the files the harness wrote under findings/; the
// directory is the harness's when it holds this file with indexMarker in
// it (or is empty). Files it does not list are never touched.
const indexFile = "index.txt"

var indexMarker = []byte("# written by the PutDestination conformance harness")

// inlineCurl is the longest curl line printed as it is; a longer one reads
// its bodies from the findings files (and a shell-quoted body of any size
// is then never printed).
const inlineCurl = 600

// FindingFiles are the files of one finding, relative to the report
// directory: the request body exactly as sent and the response as it came
// back (status line, headers, blank line, body). A pair of requests
// (identity, desync) also has the first request's, with "first" in the
// name; a parity finding the reference's recorded response, with
// "reference" in the name.
type FindingFiles struct {
	// Name is rule-n: the n-th finding (from 1) of the rule, as
	// conformance.html numbers it and `conformance replay` takes it.
	Name                        string
	Request, Response           string
	FirstRequest, FirstResponse string
	ReferenceResponse           string
}

// Files returns the files of every finding of res, in its order.
func Files(res *result.Result) []FindingFiles {
	n := map[rules.ID]int{}
	out := make([]FindingFiles, len(res.Findings))
	for i, f := range res.Findings {
		n[f.Rule]++
		name := fmt.Sprintf("%s-%d", f.Rule, n[f.Rule])
		base := FindingsDir + "/" + name
		out[i] = FindingFiles{Name: name, Request: base + ".request", Response: base + ".response"}
		if f.Previous != nil {
			out[i].FirstRequest, out[i].FirstResponse = base+".first.request", base+".first.response"
		}
		if f.Reference != nil {
			out[i].ReferenceResponse = base + ".reference.response"
		}
	}
	return out
}

// Repro is how a report shows a finding's reproduction: curl lines of at
// most a few hundred bytes that run under sh. A line short enough, whose
// bodies are printable ASCII, is the finding's own; any other reads its
// bodies from the findings files (FromDir: run it in the report
// directory); without a report directory a longer one is cut.
type Repro struct {
	First, Curl string
	// FromDir: the lines read files relative to the report directory.
	FromDir bool
	// Rerun: no URL reaches the endpoint (a handler in process), so Curl
	// is the command that reruns the whole run, which sends the same cases.
	Rerun bool
}

// reproIn is ReproOf for a finding of res: when no curl line reaches the
// endpoint, the run's rerun command.
func reproIn(res *result.Result, f result.Finding, files FindingFiles, withFiles bool) Repro {
	if _, curl := result.OwnCurl(f, 0); curl == "" && res.Reproduce != "" {
		return Repro{Curl: res.Reproduce, Rerun: true}
	}
	return ReproOf(f, files, withFiles)
}

// ReproOf is the reproduction of res.Findings[i] (files: Files(res)[i]);
// withFiles says whether the findings files were written.
func ReproOf(f result.Finding, files FindingFiles, withFiles bool) Repro {
	first, curl := result.OwnCurl(f, 0)
	var r Repro
	short := func(line string) bool { return len(line) <= inlineCurl }
	switch {
	case short(first) && short(curl) && (portable(f) || !withFiles):
		return Repro{First: first, Curl: curl}
	case !withFiles:
		return Repro{First: result.ClipTo(first, inlineCurl), Curl: result.ClipTo(curl, inlineCurl)}
	}
	r.FromDir = true
	var ok bool
	if f.SendsBoth() {
		r.Curl, ok = withBodyFiles(curl, files.FirstRequest, files.Request)
	} else {
		r.Curl, ok = withBodyFiles(curl, files.Request)
	}
	if !ok {
		r.Curl, r.FromDir = result.ClipTo(curl, inlineCurl), false
	}
	if first != "" {
		if r.First, ok = withBodyFiles(first, files.FirstRequest); !ok {
			r.First = result.ClipTo(first, inlineCurl)
		}
	}
	return r
}

// portable reports whether the finding's bodies are printable ASCII, so
// that its curl lines quote them '...' and run under any POSIX sh: other
// bytes need bash's $'...', and a line that reads them from the findings
// files runs everywhere.
func portable(f result.Finding) bool {
	ascii := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c > 0x7e {
				return false
			}
		}
		return true
	}
	return ascii(f.Request.Body) && (f.Previous == nil || ascii(f.Previous.Request.Body))
}

// curlLines is ReproOf for every finding of res, as Result.ExplainWith
// takes it; with a report directory, a line that reads files says where
// to run it.
func curlLines(res *result.Result, dir string) result.CurlLines {
	files := Files(res)
	byName := map[string]FindingFiles{}
	for _, f := range files {
		byName[f.Name] = f
	}
	return func(f result.Finding, n int) (string, string) {
		r := ReproOf(f, byName[fmt.Sprintf("%s-%d", f.Rule, n)], dir != "")
		return inDir(r.First, dir, r.FromDir), inDir(r.Curl, dir, r.FromDir)
	}
}

// inDir makes a line that reads files relative to dir runnable from
// anywhere: (cd DIR && line).
func inDir(line, dir string, fromDir bool) string {
	if line == "" || !fromDir || dir == "" {
		return line
	}
	return "(cd " + shell.Word(dir) + " && " + line + ")"
}

// writeFindings writes the findings files of res into dir/findings,
// removing those an earlier run left there and this one does not write.
func writeFindings(dir string, res *result.Result) error {
	fdir := filepath.Join(dir, FindingsDir)
	old, err := findingsIndex(fdir)
	if err != nil {
		return err
	}
	files := Files(res)
	var names []string
	var data [][]byte
	add := func(rel string, b []byte) {
		names = append(names, strings.TrimPrefix(rel, FindingsDir+"/"))
		data = append(data, b)
	}
	var index bytes.Buffer
	index.Write(indexMarker)
	index.WriteString(" for ")
	index.WriteString(JSONFile)
	index.WriteString(": each finding's request body exactly as sent (.request) and the response as it came back (.response; a parity finding's reference's, as recorded: .reference.response);\n# a curl line that reads a body (--data-binary @findings/NAME.request) runs in the report directory.\n")
	for i, f := range res.Findings {
		fl := files[i]
		if f.Previous != nil {
			add(fl.FirstRequest, []byte(f.Previous.Request.Body))
			add(fl.FirstResponse, responseText(f.Previous.Response, f.Previous.Error))
		}
		add(fl.Request, []byte(f.Request.Body))
		add(fl.Response, responseText(f.Response, f.Error))
		if f.Reference != nil {
			add(fl.ReferenceResponse, responseText(f.Reference.Response, f.Reference.Error))
		}
		fmt.Fprintf(&index, "%s\t%s\n", fl.Name, result.ClipTo(f.Summary, 300))
	}
	for _, n := range names {
		index.WriteString("file\t" + n + "\n")
	}
	for _, n := range names {
		if _, ours := old[n]; !ours {
			if _, err := os.Lstat(filepath.Join(fdir, n)); err == nil {
				return fmt.Errorf("report: %s exists and was not written by this harness; not overwriting it (choose another -report-dir)", filepath.Join(fdir, n))
			}
		}
	}
	if len(names) == 0 && old == nil {
		return nil // no findings, no directory
	}
	// The index lists every file before any is written, so that a run cut
	// short leaves nothing the next one would take for someone else's.
	var both bytes.Buffer
	both.Write(indexMarker)
	both.WriteString(" (being written)\n")
	for _, n := range names {
		both.WriteString("file\t" + n + "\n")
	}
	for n := range old {
		both.WriteString("file\t" + n + "\n")
	}
	if err := reportfile.Write(fdir, indexFile, both.Bytes(), indexMarker); err != nil {
		return err
	}
	for i, n := range names {
		if err := reportfile.Write(fdir, n, data[i], nil); err != nil {
			return err
		}
	}
	for n := range old {
		if !slices.Contains(names, n) {
			if err := os.Remove(filepath.Join(fdir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("report: %v", err)
			}
		}
	}
	return reportfile.Write(fdir, indexFile, index.Bytes(), indexMarker)
}

// findingsIndex reads the files an earlier run wrote under fdir: nil when
// there is no such directory, an error when it is there but not the
// harness's (it has entries and no index of ours).
func findingsIndex(fdir string) (map[string]bool, error) {
	entries, err := os.ReadDir(fdir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(fdir, indexFile))
	switch {
	case errors.Is(err, fs.ErrNotExist) && len(entries) == 0:
		return map[string]bool{}, nil
	case errors.Is(err, fs.ErrNotExist), err == nil && !bytes.Contains(data, indexMarker):
		return nil, fmt.Errorf("report: %s exists and was not written by this harness; not writing into it (choose another -report-dir)", fdir)
	case err != nil:
		return nil, fmt.Errorf("report: %v", err)
	}
	out := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "file\t"); ok && n != "" && !strings.ContainsAny(n, `/\`) && n != indexFile {
			out[n] = true
		}
	}
	return out, nil
}

// responseText is a response as a file: status line, headers, blank line,
// body; or the transport failure when none came back.
func responseText(r *result.Response, failure string) []byte {
	var b bytes.Buffer
	if r == nil {
		fmt.Fprintf(&b, "no response: %s\n", failure)
		return b.Bytes()
	}
	fmt.Fprintf(&b, "HTTP %d %s\n", r.Status, http.StatusText(r.Status))
	names := make([]string, 0, len(r.Headers))
	for k := range r.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range r.Headers[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.Write(r.Body)
	if failure != "" {
		fmt.Fprintf(&b, "\n(then: %s)\n", failure)
	}
	return b.Bytes()
}

// Preflight checks, before a run sends anything, that every report could
// be written into dir: the directory is writable, and no file of the
// names the harness writes there (conformance.json, junit.xml,
// conformance.html, conformance.md, findings/) is someone else's.
func Preflight(dir string) error {
	if dir == "" {
		return nil
	}
	if err := reportfile.CheckDir(dir); err != nil {
		return err
	}
	for _, f := range []struct {
		name   string
		marker []byte
	}{
		{JSONFile, result.JSONMarker},
		{JUnitFile, []byte(SuiteName)},
		{HTMLFile, htmlMarker},
		{MarkdownFile, mdMarker},
	} {
		if err := reportfile.CheckOurs(dir, f.name, f.marker); err != nil {
			return err
		}
	}
	_, err := findingsIndex(filepath.Join(dir, FindingsDir))
	return err
}
