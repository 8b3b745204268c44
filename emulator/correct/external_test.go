package correct

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestExternal starts each external server and checks a handful of real
// behaviours of the contract over plain net/http.
func TestExternal(t *testing.T) {
	for _, s := range External() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			p := startOrSkip(t, s)
			t.Run("requests", func(t *testing.T) { checkRequests(t, p.URL) })
			t.Run("create-or-update", func(t *testing.T) { checkCreateOrUpdate(t, p.URL) })
			t.Run("keep-alive-after-405", func(t *testing.T) {
				first, second, err := getThenPost(p.URL)
				if err != nil {
					t.Fatalf("GET with a body then POST on one connection: %v", err)
				}
				if first.StatusCode != http.StatusMethodNotAllowed || first.Header.Get("Allow") != "POST" {
					t.Errorf("GET with a body: got %d, Allow %q, want 405, Allow \"POST\"", first.StatusCode, first.Header.Get("Allow"))
				}
				if problem := successProblem(second); problem != "" {
					t.Errorf("POST after a GET with a body on the same connection: %s, want 200 success (the GET's body must be read and discarded)", problem)
				}
			})
		})
	}
}

// TestPythonDefaultLimits: the Python server with --default-limits refuses
// with 400 and the VALIDATION_ERROR envelope what Python's own json cannot
// parse, a body nested past its recursion limit and an integer of more than
// 4,300 digits, and accepts what it can, however far past the contract's
// documented limits: its limits are Python's, not lower ones.
func TestPythonDefaultLimits(t *testing.T) {
	t.Parallel()
	i := slices.IndexFunc(External(), func(s Server) bool { return s.Name == "python-default-limits" })
	if i < 0 {
		t.Fatal("no python-default-limits in External()")
	}
	p := startOrSkip(t, External()[i])
	nested := func(levels int) string {
		return `"unknown":` + strings.Repeat(`{"a":[`, levels/2) + "1" + strings.Repeat("]}", levels/2)
	}
	for _, c := range []struct {
		name   string
		body   string
		want   int
		reason string
	}{
		{"nested-500", request("nested-500", nested(500)), 200, "500 levels are within Python's recursion limit"},
		{"nested-2000", request("nested-2000", nested(2000)), 400, "2,000 levels are past it"},
		{"digits-4300", request("digits-4300", `"n":`+strings.Repeat("9", 4300)), 200, "int takes 4,300 digits"},
		{"digits-4301", request("digits-4301", `"n":-`+strings.Repeat("9", 4301)), 400, "and refuses 4,301"},
		{"float-5000", request("float-5000", `"n":0.`+strings.Repeat("5", 5000)), 200, "float has no digit limit"},
		{"huge-exponent", request("huge-exponent", `"n":1e999`), 200, "float makes 1e999 infinity"},
		{"nan", request("nan", `"n":NaN`), 400, "NaN is not JSON, though json.loads takes it"},
		{"after", request("after", ""), 200, "the server still answers after refusing"},
	} {
		resp, err := post(p.URL, c.body)
		if err != nil {
			t.Errorf("%s: POST: %v (%s)", c.name, err, c.reason)
			continue
		}
		problem := successProblem(resp)
		if c.want == 400 {
			problem = errorProblem(resp)
		}
		if problem != "" {
			t.Errorf("%s: %s, want %d (%s)", c.name, problem, c.want, c.reason)
		}
	}
}

// TestDesyncIsCaught guards the faulty fixture: the Python server with
// --desync leaves a 405'd request's body on the connection, so the next
// request on it must not get a proper 200 success.
func TestDesyncIsCaught(t *testing.T) {
	t.Parallel()
	p := startOrSkip(t, Desync())
	first, second, err := getThenPost(p.URL)
	if err != nil {
		t.Logf("the connection broke, which fails the POST as wanted: %v", err)
		return
	}
	if first.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET with a body: got %d, want 405", first.StatusCode)
	}
	t.Logf("the POST after the GET got %d %.100q", second.StatusCode, second.Body)
	if successProblem(second) == "" {
		t.Errorf("%s: POST after a GET with a body on the same connection got 200 success, want a misread request (the body was not meant to be read)", Desync().Name)
	}
}

// TestStartErrors checks that Start explains in one line what is wrong.
func TestStartErrors(t *testing.T) {
	_, err := Start(context.Background(), Server{Name: "in-process", Process: ""})
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("Start of an in-process server: got %v, want a one-line error", err)
	}
	for _, s := range External() {
		if _, err := exec.LookPath(interpreters[s.Process].command); err != nil {
			continue
		}
		s.Args = []string{"--no-such-flag"}
		_, err := Start(context.Background(), s)
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "--no-such-flag") {
			t.Errorf("Start of %s with a bad flag: got %v, want a one-line error quoting the process's stderr", s.Name, err)
		} else {
			t.Logf("Start of %s with a bad flag: %v", s.Name, err)
		}
	}
	t.Setenv("PATH", t.TempDir())
	_, err = Start(context.Background(), External()[0])
	if want := "python3 not found on PATH"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Start with an empty PATH: got %v, want an error containing %q", err, want)
	}
}

// startOrSkip starts s, skipping the test when its interpreter is not on
// PATH, and stops it when the test ends.
func startOrSkip(t *testing.T, s Server) *Started {
	t.Helper()
	command := interpreters[s.Process].command
	if _, err := exec.LookPath(command); err != nil {
		t.Skipf("%s: %s not found on PATH; install it to run this server", s.Name, command)
	}
	p, err := Start(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return p
}

// request builds a PutDestination body from the three required members and
// raw JSON for any extra members ("" for none).
func request(name, extra string) string {
	n, _ := json.Marshal(name)
	body := fmt.Sprintf(`{"destinationName":%s,"targetArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","roleArn":"arn:aws:iam::123456789012:role/r"`, n)
	if extra != "" {
		body += "," + extra
	}
	return body + "}"
}

// tags is a "tags" member with n valid entries.
func tags(n int) string {
	entries := make([]string, n)
	for i := range entries {
		entries[i] = fmt.Sprintf(`"key-%d":"value %d"`, i, i)
	}
	return `"tags":{` + strings.Join(entries, ",") + "}"
}

func checkRequests(t *testing.T, base string) {
	astral := strings.Repeat("\U0001F600", 512)
	pairs := strings.Repeat(`\ud83d\ude00`, 512)
	nested := `"unknown":` + strings.Repeat(`{"a":[`, 250) + "1" + strings.Repeat("]}", 250)
	cases := []struct {
		name   string
		body   string
		want   int
		reason string
	}{
		{"minimal", request("minimal", ""), 200, "the three required members are enough"},
		{"tags-null", request("tags-null", `"tags":null`), 200, "null tags count as absent"},
		{"unknown-member", request("unknown", `"extra":[1,2,{"x":1e400}]`), 200, "unknown members are ignored"},
		{"escaped-colon", `{"destinationName":"a\u003ab","targetArn":"t","roleArn":"r"}`, 400, `"\u003a" decodes to ':', which names may not hold`},
		{"astral-512", request(astral, ""), 200, "512 astral code points are 512 characters"},
		{"astral-513", request(astral+"\U0001F600", ""), 400, "513 code points are one too many"},
		{"surrogate-pairs-512", `{"destinationName":"` + pairs + `","targetArn":"t","roleArn":"r"}`, 200, "an escaped surrogate pair is one code point"},
		{"tags-50", request("tags-50", tags(50)), 200, "50 tags is the most allowed"},
		{"tags-51", request("tags-51", tags(51)), 400, "51 tags is one too many"},
		{"nested-500", request("nested", nested), 200, "an unknown member 500 levels deep is still ignored"},
		{"empty-body", "", 400, "an empty body is not a JSON object"},
		{"trailing-data", request("trailing", "") + "{}", 400, "trailing data after the object is malformed JSON"},
		{"not-an-object", `["destinationName"]`, 400, "the body must be a JSON object"},
		{"required-null", `{"destinationName":"n","targetArn":null,"roleArn":"r"}`, 400, "a required member may not be null"},
	}
	for _, c := range cases {
		resp, err := post(base, c.body)
		if err != nil {
			t.Errorf("%s: POST: %v (%s)", c.name, err, c.reason)
			continue
		}
		var problem string
		if c.want == 200 {
			problem = successProblem(resp)
		} else {
			problem = errorProblem(resp)
		}
		if problem != "" {
			t.Errorf("%s: %s, want %d (%s)", c.name, problem, c.want, c.reason)
		}
	}
}

func checkCreateOrUpdate(t *testing.T, base string) {
	first := mustSucceed(t, base, request("same-name", ""))
	second := mustSucceed(t, base, request("same-name", tags(1)))
	other := mustSucceed(t, base, request("other-name", ""))
	if first == nil || second == nil || other == nil {
		return
	}
	if first.Data.ID != second.Data.ID || first.Data.CreatedAt != second.Data.CreatedAt {
		t.Errorf("same name twice: got %s at %s, then %s at %s, want the same id and created_at",
			first.Data.ID, first.Data.CreatedAt, second.Data.ID, second.Data.CreatedAt)
	}
	if first.Data.ID == other.Data.ID {
		t.Errorf("two names: got id %s for both, want different ids", first.Data.ID)
	}
}

// envelope is either answer of the contract.
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

// answer is a response read in full.
type answer struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// hangGuard bounds each exchange with an external server: a minute, far
// above what an exchange takes even on a loaded machine, so it catches a
// hang and is no speed target.
const hangGuard = time.Minute

var client = &http.Client{Timeout: hangGuard}

func post(base, body string) (*answer, error) {
	req, err := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Amz-Target", "Logs_20140328.PutDestination")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	return readAnswer(resp)
}

func readAnswer(resp *http.Response) (*answer, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the %d answer: %v", resp.StatusCode, err)
	}
	return &answer{resp.StatusCode, resp.Header, body}, nil
}

// decode parses a JSON answer, or says why it is not one.
func decode(a *answer) (*envelope, string) {
	if mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type")); mt != "application/json" {
		return nil, fmt.Sprintf("got %d with Content-Type %q", a.StatusCode, a.Header.Get("Content-Type"))
	}
	var env envelope
	if err := json.Unmarshal(a.Body, &env); err != nil {
		return nil, fmt.Sprintf("got %d with a body that is not JSON (%v): %.200q", a.StatusCode, err, a.Body)
	}
	return &env, ""
}

// successProblem is "" for a 200 success envelope with an id and an
// RFC 3339 created_at, or says what is wrong.
func successProblem(a *answer) string {
	if a.StatusCode != http.StatusOK {
		return fmt.Sprintf("got %d %.200q", a.StatusCode, a.Body)
	}
	env, problem := decode(a)
	if problem != "" {
		return problem
	}
	if env.Success == nil || !*env.Success || env.Data == nil || env.Data.ID == "" {
		return fmt.Sprintf("got 200 %.200q, not a success envelope with an id", a.Body)
	}
	if _, err := time.Parse(time.RFC3339Nano, env.Data.CreatedAt); err != nil {
		return fmt.Sprintf("got created_at %q, not RFC 3339 (%v)", env.Data.CreatedAt, err)
	}
	return ""
}

// errorProblem is "" for a 400 VALIDATION_ERROR envelope with a message, or
// says what is wrong.
func errorProblem(a *answer) string {
	if a.StatusCode != http.StatusBadRequest {
		return fmt.Sprintf("got %d %.200q", a.StatusCode, a.Body)
	}
	env, problem := decode(a)
	if problem != "" {
		return problem
	}
	if env.Success == nil || *env.Success || env.Error == nil || env.Error.Code != "VALIDATION_ERROR" || env.Error.Message == "" {
		return fmt.Sprintf("got 400 %.200q, not a VALIDATION_ERROR envelope with a message", a.Body)
	}
	return ""
}

func mustSucceed(t *testing.T, base, body string) *envelope {
	t.Helper()
	a, err := post(base, body)
	if err != nil {
		t.Errorf("POST %.80s: %v", body, err)
		return nil
	}
	if problem := successProblem(a); problem != "" {
		t.Errorf("POST %.80s: %s, want 200 success", body, problem)
		return nil
	}
	env, _ := decode(a)
	return env
}

// getThenPost writes a GET with a body and then a valid POST on one raw
// kept-alive connection, and reads both answers.
func getThenPost(base string) (first, second *answer, err error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, nil, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, hangGuard)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(hangGuard))

	get, _ := http.NewRequest(http.MethodGet, base+"/", strings.NewReader(`{"probe":"a body on a GET"}`))
	postReq, _ := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(request("after-get", "")))
	postReq.Header.Set("Content-Type", "application/json")
	w := bufio.NewWriter(conn)
	for _, r := range []*http.Request{get, postReq} {
		if err := r.Write(w); err != nil {
			return nil, nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, nil, err
	}

	rd := bufio.NewReader(conn)
	var answers [2]*answer
	for i, r := range []*http.Request{get, postReq} {
		resp, err := http.ReadResponse(rd, r)
		if err != nil {
			return nil, nil, fmt.Errorf("reading answer %d (%s): %v", i+1, r.Method, err)
		}
		if answers[i], err = readAnswer(resp); err != nil {
			return nil, nil, err
		}
	}
	return answers[0], answers[1], nil
}
