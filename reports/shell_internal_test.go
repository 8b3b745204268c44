package reports

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/transport"
)

// TestWithBodyFilesReadsTheSameBytes: a curl line of transport.Curl,
// rewritten to read its body from a file, is the same command but for
// the body argument, whatever the body (quotes, line breaks, invalid
// UTF-8, a NUL byte that needs a printf pipe), and for two requests on one
// connection (curl --next).
func TestWithBodyFilesReadsTheSameBytes(t *testing.T) {
	c, err := transport.New(transport.Config{RequestTimeout: 3 * time.Second, Headers: http.Header{"Authorization": {"Bearer tok-123456"}}})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {"application/json"}, "X-Amz-Target": {"Logs_20140328.PutDestination"}}
	tests := []struct {
		name, reason string
		bodies       []string
	}{
		{"plain", "single-quoted", []string{`{"destinationName":"a","targetArn":"b","roleArn":"c"}`}},
		{"quote", "a ' in the body is '\\''", []string{`{"destinationName":"it's","targetArn":"--data-binary x"}`}},
		{"control", "$'...' quoting with \\n and \\x escapes", []string{"{\"destinationName\":\"a\nb\u2028\xff\"}"}},
		{"nul", "a NUL byte: printf '...' | curl --data-binary @-", []string{"{\"destinationName\":\"a\x00b\"}"}},
		{"two on one connection", "curl --next, one body each", []string{`GET body`, `{"destinationName":"x"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reqs []transport.Request
			var files []string
			for i, b := range tt.bodies {
				m := "POST"
				if len(tt.bodies) > 1 && i == 0 {
					m = "GET"
				}
				reqs = append(reqs, transport.Request{Method: m, URL: "http://127.0.0.1:9/", Header: h, Body: []byte(b)})
				files = append(files, "findings/x-"+string(rune('1'+i))+".request")
			}
			line := c.Curl(reqs[0])
			if len(reqs) > 1 {
				line = c.CurlSequence(reqs...)
			}
			got, ok := withBodyFiles(line, files...)
			if !ok {
				t.Fatalf("withBodyFiles(%q): not rewritten (%s)", line, tt.reason)
			}
			before, ok1 := unquoted(line)
			after, ok2 := unquoted(got)
			if !ok1 || !ok2 {
				t.Fatalf("ShellWords: got unbalanced quotes in %q or %q", line, got)
			}
			// Every --data-binary now reads its file, in order.
			k := 0
			for i, w := range after {
				if w == "--data-binary" {
					if after[i+1] != "@"+files[k] {
						t.Errorf("%s: --data-binary %q, want @%s", tt.reason, after[i+1], files[k])
					}
					k++
				}
			}
			if k != len(files) {
				t.Errorf("%s: got %d --data-binary, want %d in %q", tt.reason, k, len(files), got)
			}
			// And the body the original line sent is exactly the body.
			j := 0
			for i, w := range before {
				if w == "--data-binary" && before[i+1] != "@-" {
					if before[i+1] != tt.bodies[j] {
						t.Errorf("%s: the original line's body reads %q, want %q", tt.reason, before[i+1], tt.bodies[j])
					}
					j++
				}
			}
			if strings.Contains(got, "printf") || !strings.HasPrefix(got, "curl ") {
				t.Errorf("%s: got %q, want a plain curl line (no printf pipe)", tt.reason, got)
			}
			if !strings.Contains(got, "'Authorization: REDACTED'") || strings.Contains(got, "tok-123456") {
				t.Errorf("%s: got %q, want the header, redacted", tt.reason, got)
			}
			if !strings.HasSuffix(got, "'http://127.0.0.1:9/'") {
				t.Errorf("%s: got %q, want the URL last", tt.reason, got)
			}
		})
	}
	if _, ok := withBodyFiles(c.Curl(transport.Request{Method: "POST", URL: "http://x/", Body: []byte("a")}), "f1", "f2"); ok {
		t.Errorf("withBodyFiles with more files than bodies: got ok, want a refusal")
	}
}

// unquoted splits a command line the harness wrote into its words,
// unquoted; ok is false when a quote is left open.
func unquoted(s string) (words []string, ok bool) {
	ws, ok := shellWords(s)
	for _, w := range ws {
		words = append(words, w.value)
	}
	return words, ok
}
