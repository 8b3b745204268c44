package correct_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator/correct"
)

// validBody is a valid request for the destination name.
func validBody(name string) string {
	return fmt.Sprintf(`{"destinationName":%q,"targetArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","roleArn":"arn:aws:iam::123456789012:role/r"}`, name)
}

// envelope is either envelope of the contract.
type envelope struct {
	Success *bool `json:"success"`
	Data    *struct {
		ID        string `json:"id"`
		CreatedAt string `json:"created_at"`
	} `json:"data"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// answer is a response read whole.
type answer struct {
	*http.Response
	body []byte
	env  envelope // zero when the body is not JSON
}

// exchange sends one request and reads the whole answer.
func exchange(t *testing.T, c *http.Client, method, url, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Amz-Target", "Logs_20140328.PutDestination")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %q: %v", method, body, err)
	}
	defer resp.Body.Close()
	a := answer{Response: resp}
	if a.body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatalf("%s %q: reading the body: %v", method, body, err)
	}
	_ = json.Unmarshal(a.body, &a.env)
	return a
}

// padded is validBody(name) with an unknown member of n bytes.
func padded(name string, n int) string {
	return strings.Replace(validBody(name), "{", `{"padding":"`+strings.Repeat("p", n)+`",`, 1)
}

func post(t *testing.T, srv *httptest.Server, body string) answer {
	t.Helper()
	return exchange(t, srv.Client(), http.MethodPost, srv.URL, body)
}

// serve starts h on a test server closed at the end of the test.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func byName(t *testing.T, name string) correct.Server {
	t.Helper()
	for _, s := range correct.All() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no server %q in All()", name)
	return correct.Server{}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestAllListsInProcessServers(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range correct.All() {
		if !kebab.MatchString(s.Name) {
			t.Errorf("name %q: not kebab-case", s.Name)
		}
		if seen[s.Name] {
			t.Errorf("name %q: listed twice", s.Name)
		}
		seen[s.Name] = true
		if s.Description == "" || strings.Contains(s.Description, "\n") {
			t.Errorf("%s: description %q, want one non-empty line", s.Name, s.Description)
		}
		if s.New == nil || s.Process != "" || len(s.Args) > 0 {
			t.Errorf("%s: New set %v, Process %q, Args %q, want an in-process server", s.Name, s.New != nil, s.Process, s.Args)
		}
	}
}

// TestAllKeepTheContract runs every server through the contract's
// essentials: create, update, another name, an invalid body.
func TestAllKeepTheContract(t *testing.T) {
	steps := []struct {
		reason string
		body   string
		status int
		// sameAsFirst: the answer must carry the first answer's id and
		// created_at; otherThanFirst: another id.
		sameAsFirst, otherThanFirst bool
	}{
		{reason: "a valid request creates d1", body: validBody("d1"), status: 200},
		{reason: "d1 again is an update: same id and created_at", body: strings.Replace(validBody("d1"), "stream/s", "stream/t", 1), status: 200, sameAsFirst: true},
		{reason: "d2 is another destination: another id", body: validBody("d2"), status: 200, otherThanFirst: true},
		{reason: "{} misses every required member", body: `{}`, status: 400},
	}
	for _, s := range correct.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			srv := serve(t, s.New())
			var first envelope
			for i, step := range steps {
				a := post(t, srv, step.body)
				if a.StatusCode != step.status {
					t.Fatalf("%s: POST %s: got %d %q, want %d", step.reason, step.body, a.StatusCode, a.body, step.status)
				}
				if mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type")); mt != "application/json" {
					t.Errorf("%s: Content-Type %q, want application/json", step.reason, a.Header.Get("Content-Type"))
				}
				if step.status == 400 {
					if e := a.env; e.Success == nil || *e.Success || e.Error == nil || e.Error.Code != "VALIDATION_ERROR" || e.Error.Message == "" {
						t.Errorf("%s: got %s, want the VALIDATION_ERROR envelope", step.reason, a.body)
					}
					continue
				}
				d := a.env.Data
				if e := a.env; e.Success == nil || !*e.Success || d == nil || d.ID == "" {
					t.Fatalf("%s: got %s, want the success envelope", step.reason, a.body)
				}
				if _, err := time.Parse(time.RFC3339Nano, d.CreatedAt); err != nil {
					t.Errorf("%s: created_at %q: %v", step.reason, d.CreatedAt, err)
				}
				if i == 0 {
					first = a.env
				}
				if step.sameAsFirst && (d.ID != first.Data.ID || d.CreatedAt != first.Data.CreatedAt) {
					t.Errorf("%s: got id %q created_at %q, want %q %q", step.reason, d.ID, d.CreatedAt, first.Data.ID, first.Data.CreatedAt)
				}
				if step.otherThanFirst && d.ID == first.Data.ID {
					t.Errorf("%s: got id %q, the id of d1", step.reason, d.ID)
				}
			}
		})
	}
}

// variantCase checks what makes one server special.
type variantCase struct {
	server string
	reason string
	check  func(t *testing.T, s correct.Server)
}

func TestVariants(t *testing.T) {
	var cases []variantCase
	cases = append(cases, transportCases()...)
	cases = append(cases, methodCases()...)
	cases = append(cases, createdAtCases()...)
	cases = append(cases, charsetCases()...)
	cases = append(cases, idCases()...)
	cases = append(cases, limitCases()...)
	for _, s := range correct.All() {
		if !slices.ContainsFunc(cases, func(c variantCase) bool { return c.server == s.Name }) {
			t.Errorf("%s: no case checks what makes it special", s.Name)
		}
	}
	for _, c := range cases {
		t.Run(c.server+"/"+c.reason, func(t *testing.T) {
			t.Parallel()
			c.check(t, byName(t, c.server))
		})
	}
}

func transportCases() []variantCase {
	// both runs check on a success and on an error.
	both := func(check func(t *testing.T, a answer)) func(t *testing.T, s correct.Server) {
		return func(t *testing.T, s correct.Server) {
			srv := serve(t, s.New())
			check(t, post(t, srv, validBody("d1")))
			check(t, post(t, srv, `{}`))
		}
	}
	return []variantCase{
		{"connection-close", "the client sees Connection: close and drops the connection", both(func(t *testing.T, a answer) {
			// net/http reads Connection: close into Close and drops the
			// header; the only other way for an HTTP/1.1 answer to set
			// Close is a body without a length.
			if !a.Close || a.ProtoMinor != 1 || a.ContentLength != int64(len(a.body)) {
				t.Errorf("%d: %s, Close %v, Content-Length %d, want HTTP/1.1 with Connection: close and a Content-Length",
					a.StatusCode, a.Proto, a.Close, a.ContentLength)
			}
		})},
		{"http-1-0", "the answer is HTTP/1.0 with Content-Length, and the connection closes", both(func(t *testing.T, a answer) {
			if a.ProtoMajor != 1 || a.ProtoMinor != 0 || a.ContentLength != int64(len(a.body)) || !a.Close {
				t.Errorf("%d: %s, Content-Length %d for %d bytes, Close %v, want HTTP/1.0, a matching length, true",
					a.StatusCode, a.Proto, a.ContentLength, len(a.body), a.Close)
			}
		})},
		{"http-1-0", "a 2 MiB body is read whole before the connection is taken over", func(t *testing.T, s correct.Server) {
			a := post(t, serve(t, s.New()), padded("d1", 2<<20))
			if a.StatusCode != 200 || a.ProtoMinor != 0 {
				t.Errorf("got %s %d %.80q, want HTTP/1.0 200", a.Proto, a.StatusCode, a.body)
			}
		}},
		{"chunked", "the body is chunked, with no Content-Length", both(func(t *testing.T, a answer) {
			if a.ContentLength != -1 || !slices.Equal(a.TransferEncoding, []string{"chunked"}) || a.Header.Get("Content-Length") != "" {
				t.Errorf("%d: ContentLength %d, TransferEncoding %q, Content-Length %q, want -1, [chunked], none",
					a.StatusCode, a.ContentLength, a.TransferEncoding, a.Header.Get("Content-Length"))
			}
		})},
		{"slow-150ms", "the answer takes at least 150 ms", func(t *testing.T, s correct.Server) {
			if !s.Slow {
				t.Error("Slow not set")
			}
			start := time.Now()
			a := post(t, serve(t, s.New()), validBody("d1"))
			if took := time.Since(start); a.StatusCode != 200 || took < 150*time.Millisecond {
				t.Errorf("got %d after %v, want 200 after 150ms or more", a.StatusCode, took)
			}
		}},
		{"slow-150ms", "a client that has given up gets no answer and is not waited for", func(t *testing.T, s correct.Server) {
			// In a synctest bubble the clock moves only when every
			// goroutine of the bubble waits: a handler that waited out its
			// 150 ms for a client gone moves it 150 ms, one that returns at
			// once not at all, however loaded the machine.
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/", strings.NewReader(validBody("d1")))
				rec := httptest.NewRecorder()
				start := time.Now()
				s.New().ServeHTTP(rec, req)
				if waited := time.Since(start); waited != 0 || rec.Body.Len() > 0 || len(rec.Header()) > 0 {
					t.Errorf("returned after %v of the bubble's clock with header %v and body %q, want at once (no time waited), with nothing written", waited, rec.Header(), rec.Body)
				}
			})
		}},
	}
}

func methodCases() []variantCase {
	const page = "<!DOCTYPE html>"
	rows := []struct {
		server       string
		status       int
		contentType  string
		bodyContains string // "" for an empty body
		allow        string
	}{
		{"other-methods-404", 404, "application/json", `{"message":"Not Found"}`, ""},
		{"other-methods-404-empty", 404, "", "", ""},
		{"other-methods-405", 405, "text/plain; charset=utf-8", "Method Not Allowed", "POST"},
		{"other-methods-405-empty", 405, "", "", "POST"},
		{"other-methods-501", 501, "text/html; charset=utf-8", page, ""},
		{"other-methods-501-empty", 501, "", "", ""},
	}
	var cases []variantCase
	for _, row := range rows {
		want := fmt.Sprintf("%d, Content-Type %q, Allow %q, a body with %q", row.status, row.contentType, row.allow, row.bodyContains)
		if row.bodyContains == "" {
			want = fmt.Sprintf("%d, Allow %q, an empty body", row.status, row.allow)
		}
		check := func(t *testing.T, a answer) {
			t.Helper()
			ok := a.StatusCode == row.status && a.Header.Get("Allow") == row.allow && a.ContentLength == int64(len(a.body))
			if row.bodyContains == "" {
				ok = ok && len(a.body) == 0
			} else {
				ok = ok && a.Header.Get("Content-Type") == row.contentType && strings.Contains(string(a.body), row.bodyContains)
			}
			if !ok {
				t.Errorf("%s: got %d, Content-Type %q, Allow %q, Content-Length %d, body %q; want %s",
					a.Request.Method, a.StatusCode, a.Header.Get("Content-Type"), a.Header.Get("Allow"), a.ContentLength, a.body, want)
			}
		}
		cases = append(cases, variantCase{row.server, "GET and PUT get " + want + ", then POST still works", func(t *testing.T, s correct.Server) {
			srv := serve(t, s.New())
			check(t, exchange(t, srv.Client(), http.MethodGet, srv.URL, ""))
			// net/http discards at most 256 KiB of a body the handler
			// left unread, and closes the connection beyond.
			put := exchange(t, srv.Client(), http.MethodPut, srv.URL, padded("d1", 1<<20))
			check(t, put)
			if put.Close {
				t.Error("PUT of 1 MiB: the connection closes after the answer, want the body read and the connection kept")
			}
			if a := post(t, srv, validBody("d1")); a.StatusCode != 200 {
				t.Errorf("POST after PUT: got %d %q, want 200", a.StatusCode, a.body)
			}
		}})
	}
	return cases
}

func createdAtCases() []variantCase {
	const date = `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`
	rows := []struct {
		server string
		reason string
		form   *regexp.Regexp
		// unit is the precision kept: the instant is the emulator's,
		// truncated to it.
		unit time.Duration
	}{
		{"created-at-offset", "created_at is at +05:30, the same instant", regexp.MustCompile(date + `(\.\d{1,9})?\+05:30$`), time.Nanosecond},
		{"created-at-0-digits", "created_at has no fractional digits", regexp.MustCompile(date + `Z$`), time.Second},
		{"created-at-3-digits", "created_at has exactly 3 fractional digits", regexp.MustCompile(date + `\.\d{3}Z$`), time.Millisecond},
		{"created-at-9-digits", "created_at has exactly 9 fractional digits", regexp.MustCompile(date + `\.\d{9}Z$`), time.Nanosecond},
	}
	var cases []variantCase
	for _, row := range rows {
		cases = append(cases, variantCase{row.server, row.reason, func(t *testing.T, s correct.Server) {
			srv := serve(t, s.New())
			before := time.Now()
			a := post(t, srv, validBody("d1"))
			after := time.Now()
			if a.env.Data == nil {
				t.Fatalf("got %d %q, want a success envelope", a.StatusCode, a.body)
			}
			got := a.env.Data.CreatedAt
			if !row.form.MatchString(got) {
				t.Errorf("created_at %q, want it to match %s", got, row.form)
			}
			at, err := time.Parse(time.RFC3339Nano, got)
			if err != nil || at.Before(before.Truncate(row.unit)) || at.After(after) {
				t.Errorf("created_at %q (%v): want an instant between %v and %v",
					got, err, before.Truncate(row.unit).UTC(), after.UTC())
			}
		}})
	}
	return cases
}

func charsetCases() []variantCase {
	return []variantCase{{"charset-utf-8", "success and error are application/json; charset=utf-8", func(t *testing.T, s correct.Server) {
		srv := serve(t, s.New())
		for _, body := range []string{validBody("d1"), `{}`} {
			a := post(t, srv, body)
			if ct := a.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("%d: Content-Type %q, want application/json; charset=utf-8", a.StatusCode, ct)
			}
		}
	}}}
}

func idCases() []variantCase {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	rows := []struct {
		server, reason string
		form           func(id string) bool
	}{
		{"uuid-ids", "ids are version 4 UUIDs", uuid.MatchString},
		{"decimal-ids", "ids are decimal strings beyond 2^53", func(id string) bool {
			n, err := strconv.ParseUint(id, 10, 64)
			return err == nil && n > 1<<53 && strconv.FormatUint(n, 10) == id
		}},
		{"long-ids", "ids are 200 characters long", func(id string) bool { return utf8.RuneCountInString(id) == 200 }},
	}
	var cases []variantCase
	for _, row := range rows {
		cases = append(cases, variantCase{row.server, row.reason + ", one per name, kept on update", func(t *testing.T, s correct.Server) {
			srv := serve(t, s.New())
			var ids []string
			for _, name := range []string{"d1", "d2", "d3", "d1"} {
				a := post(t, srv, validBody(name))
				if a.env.Data == nil {
					t.Fatalf("%s: got %d %q, want a success envelope", name, a.StatusCode, a.body)
				}
				if id := a.env.Data.ID; !row.form(id) {
					t.Errorf("%s: id %q, want: %s", name, id, row.reason)
				}
				ids = append(ids, a.env.Data.ID)
			}
			if ids[0] == ids[1] || ids[0] == ids[2] || ids[1] == ids[2] || ids[3] != ids[0] {
				t.Errorf("ids of d1, d2, d3, d1: %q, want three distinct ids, d1's twice", ids)
			}
		}})
	}
	return cases
}
