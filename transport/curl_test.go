package transport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var curlBodies = []struct {
	name   string
	reason string
	body   string
}{
	{"json", "the ordinary case stays in plain single quotes", `{"TableName":"t","Key":{"id":{"S":"1"}}}`},
	{"single quote", "a ' must not end the quoted word", `{"name":"O'Brien"}`},
	{"only quotes", "quotes at both ends", `'''`},
	{"newline", "a newline must survive and keep the command on one line", "{\n  \"a\": 1\n}\n"},
	{"NUL", "a NUL byte cannot be in an argument and must still arrive", "a\x00b\x00"},
	{"unicode", "printable unicode passes as is", "{\"s\":\"日本語 ünïcödé 🎉\"}"},
	{"invalid utf8", "bytes that are not UTF-8", "\xff\xfe\xc3("},
	{"shell metacharacters", "$, backticks and backslashes are inert", "$(id) `id` $HOME \\n \\x41 %s %% \\"},
	{"controls", "tab, CR, escape, DEL", "\t\r\x1b[31m\x7f"},
	{"bidi override", "invisible formatting characters are escaped", "abc\u202edef"},
	{"empty", "an empty POST body is sent as such", ""},
}

func curlClient(t *testing.T) *Client {
	return newClient(t, Config{RequestTimeout: 1500 * time.Millisecond, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}})
}

func curlRequest(url, body string) Request {
	return Request{
		Method: "POST", URL: url,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amz-Target": {"DynamoDB_20120810.GetItem"}},
		Body:   []byte(body),
	}
}

func TestCurlShape(t *testing.T) {
	c := curlClient(t)
	for _, tt := range curlBodies {
		t.Run(tt.name, func(t *testing.T) {
			line := c.Curl(curlRequest("http://127.0.0.1:1/path?q='x'", tt.body))
			if strings.ContainsAny(line, "\r\n") {
				t.Errorf("Curl (%s): got %q, want one line", tt.reason, line)
			}
			for _, want := range []string{"curl ", "--max-time 1.5", "--max-redirs 0", "-X 'POST'", "--data-binary", "'Authorization: REDACTED'"} {
				if !strings.Contains(line, want) {
					t.Errorf("Curl: got %q, want it to contain %q", line, want)
				}
			}
			if strings.Contains(line, "s3cr3t") {
				t.Errorf("Curl: got %q, want no secret", line)
			}
			words, stdin, err := shellWords(line)
			if err != nil {
				t.Fatalf("decoding Curl output %q: %v", line, err)
			}
			if got := dataBinary(words, stdin); got != tt.body {
				t.Errorf("decoded body (%s): got %q, want %q", tt.reason, got, tt.body)
			}
			if got := words[len(words)-1]; got != "http://127.0.0.1:1/path?q='x'" {
				t.Errorf("decoded URL: got %q, want the request URL", got)
			}
		})
	}
}

// TestCurlBash runs each Curl line through bash with curl replaced by a
// function that prints its --data-binary argument (or stdin for @-).
func TestCurlBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	c := curlClient(t)
	const fake = `curl() { while [ $# -gt 0 ]; do if [ "$1" = --data-binary ]; then shift; if [ "$1" = @- ]; then cat; else printf %s "$1"; fi; fi; shift; done; }; `
	for _, tt := range curlBodies {
		t.Run(tt.name, func(t *testing.T) {
			line := c.Curl(curlRequest("http://127.0.0.1:1/", tt.body))
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard) // a hang guard, not a speed target
			defer cancel()
			out, err := exec.CommandContext(ctx, bash, "--norc", "--noprofile", "-c", fake+line).Output()
			if err != nil {
				t.Fatalf("bash -c %q: %v", line, err)
			}
			if !bytes.Equal(out, []byte(tt.body)) {
				t.Errorf("body through bash (%s): got %q, want %q", tt.reason, out, tt.body)
			}
		})
	}
}

// TestCurlReplay runs the Curl line with the real curl against a server and
// compares what the server received with what Do sends.
func TestCurlReplay(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl")
	}
	type seen struct {
		method string
		header http.Header
		body   []byte
	}
	var (
		mu   sync.Mutex
		last seen
	)
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = seen{r.Method, r.Header.Clone(), b}
		mu.Unlock()
	})
	// As curlClient, but the line's --max-time (the RequestTimeout) is a
	// hang guard for the real curl, not a speed target.
	c := newClient(t, Config{RequestTimeout: hangGuard, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}})
	for _, tt := range curlBodies {
		t.Run(tt.name, func(t *testing.T) {
			req := curlRequest(ts.URL+"/p", tt.body)
			if _, err := c.Do(context.Background(), req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			mu.Lock()
			viaDo := last
			mu.Unlock()

			line := c.Curl(req)
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard) // a hang guard, not a speed target
			defer cancel()
			if out, err := exec.CommandContext(ctx, bash, "--norc", "--noprofile", "-c", line).CombinedOutput(); err != nil {
				t.Fatalf("bash -c %q: %v: %s", line, err, out)
			}
			mu.Lock()
			viaCurl := last
			mu.Unlock()

			if viaCurl.method != viaDo.method {
				t.Errorf("method: got %q via curl, want %q as via Do", viaCurl.method, viaDo.method)
			}
			if !bytes.Equal(viaCurl.body, viaDo.body) {
				t.Errorf("body (%s): got %q via curl, want %q as via Do", tt.reason, viaCurl.body, viaDo.body)
			}
			for _, h := range []string{"Content-Type", "X-Amz-Target", "Content-Length"} {
				if got, want := viaCurl.header.Get(h), viaDo.header.Get(h); got != want {
					t.Errorf("header %s: got %q via curl, want %q as via Do", h, got, want)
				}
			}
			if got := viaCurl.header.Get("Authorization"); got != "REDACTED" {
				t.Errorf("Authorization via curl: got %q, want REDACTED", got)
			}
		})
	}
}

func TestCurlHeaders(t *testing.T) {
	c := newClient(t, Config{RequestTimeout: time.Second, Insecure: true, Headers: http.Header{"X-Api-Key": {"k"}}})
	line := c.Curl(Request{URL: "https://h/", Header: http.Header{"Accept": {"a/b"}, "X-Empty": {""}, "Cookie": {"c=1"}}})
	words, _, err := shellWords(line)
	if err != nil {
		t.Fatalf("decoding %q: %v", line, err)
	}
	want := []string{"curl", "-sS", "-i", "--max-time", "1", "--max-redirs", "0", "--noproxy", "*", "-k", "-X", "GET",
		"-H", "Accept: a/b", "-H", "Cookie: REDACTED", "-H", "X-Api-Key: REDACTED", "-H", "X-Empty;", "https://h/"}
	if strings.Join(words, "|") != strings.Join(want, "|") {
		t.Errorf("Curl words: got %q, want %q", words, want)
	}
}

func TestCurlURLPassword(t *testing.T) {
	c := newClient(t, Config{})
	line := c.Curl(Request{Method: "POST", URL: "http://user:hunter2@127.0.0.1/x"})
	if strings.Contains(line, "hunter2") || !strings.Contains(line, "'http://user:REDACTED@127.0.0.1/x'") {
		t.Errorf("Curl URL with password: got %q, want the password redacted", line)
	}
	if !strings.Contains(line, "-H 'Content-Type:' --data-binary ''") {
		t.Errorf("Curl empty POST: got %q, want an empty --data-binary without curl's default Content-Type", line)
	}
}

// shellWords is a tiny decoder for the subset of shell syntax Curl emits:
// words separated by spaces, '...', $'...' (\\ \' \n \t \r \xHH), and an
// optional leading "printf '<format>' |" whose output becomes stdin.
func shellWords(line string) (words []string, stdin string, err error) {
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); {
		switch ch := line[i]; {
		case ch == ' ':
			flush()
			i++
		case ch == '|' && !inWord:
			if len(words) != 2 || words[0] != "printf" {
				return nil, "", fmt.Errorf("unexpected pipe after %q", words)
			}
			stdin, err = printfFormat(words[1])
			if err != nil {
				return nil, "", err
			}
			words = nil
			i++
		case ch == '\'':
			end := strings.IndexByte(line[i+1:], '\'')
			if end < 0 {
				return nil, "", fmt.Errorf("unterminated quote at %d", i)
			}
			cur.WriteString(line[i+1 : i+1+end])
			inWord = true
			i += end + 2
		case ch == '$' && i+1 < len(line) && line[i+1] == '\'':
			i += 2
			inWord = true
			for {
				if i >= len(line) {
					return nil, "", fmt.Errorf("unterminated $' quote")
				}
				c := line[i]
				if c == '\'' {
					i++
					break
				}
				if c != '\\' {
					cur.WriteByte(c)
					i++
					continue
				}
				if i+1 >= len(line) {
					return nil, "", fmt.Errorf("dangling backslash")
				}
				switch e := line[i+1]; e {
				case '\\', '\'':
					cur.WriteByte(e)
					i += 2
				case 'n':
					cur.WriteByte('\n')
					i += 2
				case 't':
					cur.WriteByte('\t')
					i += 2
				case 'r':
					cur.WriteByte('\r')
					i += 2
				case 'x':
					v, err := strconv.ParseUint(line[i+2:i+4], 16, 8)
					if err != nil {
						return nil, "", err
					}
					cur.WriteByte(byte(v))
					i += 4
				default:
					return nil, "", fmt.Errorf("unknown escape \\%c", e)
				}
			}
		case ch == '\\' && i+1 < len(line):
			cur.WriteByte(line[i+1])
			inWord = true
			i += 2
		default:
			cur.WriteByte(ch)
			inWord = true
			i++
		}
	}
	flush()
	return words, stdin, nil
}

// printfFormat interprets the escapes Curl puts in a printf format.
func printfFormat(f string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '%':
			if i+1 >= len(f) || f[i+1] != '%' {
				return "", fmt.Errorf("bare %% in printf format")
			}
			b.WriteByte('%')
			i++
		case '\\':
			if i+1 < len(f) && f[i+1] == '\\' {
				b.WriteByte('\\')
				i++
				continue
			}
			if i+4 > len(f) {
				return "", fmt.Errorf("short octal escape")
			}
			v, err := strconv.ParseUint(f[i+1:i+4], 8, 8)
			if err != nil {
				return "", err
			}
			b.WriteByte(byte(v))
			i += 3
		default:
			b.WriteByte(f[i])
		}
	}
	return b.String(), nil
}

// dataBinary returns the --data-binary payload: its argument, or stdin for @-.
func dataBinary(words []string, stdin string) string {
	for i, w := range words {
		if w == "--data-binary" && i+1 < len(words) {
			if words[i+1] == "@-" {
				return stdin
			}
			return words[i+1]
		}
	}
	return "<no --data-binary>"
}

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want, reason string }{
		{"http://user:pa55word@h:8/p", "http://user:REDACTED@h:8/p", "a password is a secret"},
		{"http://user@h/", "http://user@h/", "a user name alone is kept"},
		{"http://h/", "http://h/", "nothing to hide"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) (%s): got %q, want %q", tc.in, tc.reason, got, tc.want)
		}
	}
}
