package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator"
)

var epoch = time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)

// steppingClock returns a clock that starts at epoch and advances one second
// per call.
func steppingClock() func() time.Time {
	var mu sync.Mutex
	t := epoch
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now := t
		t = t.Add(time.Second)
		return now
	}
}

func post(t *testing.T, h http.Handler, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("X-Amz-Target", "Logs_20140328.PutDestination")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type success struct {
	ID        string
	CreatedAt time.Time
	Raw       string
}

// decodeSuccess checks the exact 200 envelope shape.
func decodeSuccess(t *testing.T, status int, header http.Header, body []byte) success {
	t.Helper()
	if status != http.StatusOK {
		t.Fatalf("status: got %d, want 200 (body %s)", status, body)
	}
	if ct := header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("body: got %s, want a JSON object: %v", body, err)
	}
	if got := slices.Sorted(maps.Keys(env)); !slices.Equal(got, []string{"data", "success"}) {
		t.Errorf("envelope members: got %v, want [data success]", got)
	}
	if string(env["success"]) != "true" {
		t.Errorf("success: got %s, want true", env["success"])
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(env["data"], &data); err != nil {
		t.Fatalf("data: got %s, want an object: %v", env["data"], err)
	}
	if got := slices.Sorted(maps.Keys(data)); !slices.Equal(got, []string{"created_at", "id"}) {
		t.Errorf("data members: got %v, want [created_at id]", got)
	}
	var id, created string
	if err := json.Unmarshal(data["id"], &id); err != nil || id == "" || bytes.Equal(data["id"], []byte("null")) {
		t.Errorf("data.id: got %s, want a non-empty string", data["id"])
	}
	if err := json.Unmarshal(data["created_at"], &created); err != nil || bytes.Equal(data["created_at"], []byte("null")) {
		t.Fatalf("data.created_at: got %s, want a string", data["created_at"])
	}
	ts, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		t.Errorf("data.created_at: got %q, want RFC 3339: %v", created, err)
	}
	if !strings.HasSuffix(created, "Z") {
		t.Errorf("data.created_at: got %q, want UTC (Z suffix)", created)
	}
	return success{ID: id, CreatedAt: ts, Raw: created}
}

// checkError checks the exact 400 envelope shape and returns the message.
func checkError(t *testing.T, wantStatus, status int, header http.Header, body []byte) string {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status: got %d, want %d (body %s)", status, wantStatus, body)
	}
	if ct := header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("body: got %s, want a JSON object: %v", body, err)
	}
	if got := slices.Sorted(maps.Keys(env)); !slices.Equal(got, []string{"error", "success"}) {
		t.Errorf("envelope members: got %v, want [error success]", got)
	}
	if string(env["success"]) != "false" {
		t.Errorf("success: got %s, want false", env["success"])
	}
	var e map[string]json.RawMessage
	if err := json.Unmarshal(env["error"], &e); err != nil {
		t.Fatalf("error: got %s, want an object: %v", env["error"], err)
	}
	if got := slices.Sorted(maps.Keys(e)); !slices.Equal(got, []string{"code", "message"}) {
		t.Errorf("error members: got %v, want [code message]", got)
	}
	if string(e["code"]) != `"VALIDATION_ERROR"` {
		t.Errorf("error.code: got %s, want \"VALIDATION_ERROR\"", e["code"])
	}
	var msg string
	if err := json.Unmarshal(e["message"], &msg); err != nil || msg == "" {
		t.Errorf("error.message: got %s, want a non-empty string", e["message"])
	}
	return msg
}

func TestHandlerSuccessEnvelope(t *testing.T) {
	e := emulator.New(emulator.WithClock(func() time.Time { return epoch.In(time.FixedZone("X", 3600)) }))
	w := post(t, e, with(nil))
	got := decodeSuccess(t, w.Code, w.Header(), w.Body.Bytes())
	if got.Raw != "2024-05-06T07:08:09.123456789Z" {
		t.Errorf("created_at: got %q, want %q (the clock's instant in UTC)", got.Raw, "2024-05-06T07:08:09.123456789Z")
	}
	if e.Len() != 1 {
		t.Errorf("Len: got %d, want 1", e.Len())
	}
}

func TestHandlerLenientHeadersAndPath(t *testing.T) {
	cases := []struct {
		name    string
		path    string
		headers map[string]string
		reason  string
	}{
		{"no headers", "/", nil, "Content-Type, Accept and X-Amz-Target are not required"},
		{"other content type", "/x/y?z=1", map[string]string{"Content-Type": "text/plain"}, "the emulator is lenient about headers and any path works"},
		{"other target", "/", map[string]string{"X-Amz-Target": "Logs_20140328.Other"}, "the emulator does not dispatch on X-Amz-Target"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := emulator.New()
			r := httptest.NewRequest(http.MethodPost, tc.path, bytes.NewReader(with(nil)))
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				t.Fatalf("status: got %d, want 200 (%s); body %s", w.Code, tc.reason, w.Body)
			}
			decodeSuccess(t, w.Code, w.Header(), w.Body.Bytes())
		})
	}
}

func TestHandlerRejections(t *testing.T) {
	cases := []struct {
		name   string
		method string
		body   []byte
		wantIn string
		reason string
	}{
		{"GET", http.MethodGet, nil, "method GET not allowed: use POST", "only POST is served"},
		{"GET with valid body", http.MethodGet, with(nil), "method GET not allowed", "only POST is served"},
		{"PUT", http.MethodPut, with(nil), "method PUT not allowed", "only POST is served"},
		{"DELETE", http.MethodDelete, nil, "method DELETE not allowed", "only POST is served"},
		{"empty body", http.MethodPost, nil, "empty", "an empty body is not an object"},
		{"malformed", http.MethodPost, []byte(`{"destinationName":`), "JSON", "malformed JSON"},
		{"array", http.MethodPost, []byte(`[1]`), "object", "the body must be an object"},
		{"string", http.MethodPost, []byte(`"x"`), "object", "the body must be an object"},
		{"number", http.MethodPost, []byte(`1`), "object", "the body must be an object"},
		{"null", http.MethodPost, []byte(`null`), "object", "the body must be an object"},
		{"trailing bytes", http.MethodPost, append(with(nil), "]"...), "JSON", "trailing bytes after the object"},
		{"name too long", http.MethodPost, with(map[string]any{"destinationName": strings.Repeat("a", 513)}), "destinationName: must be 1 to 512 characters, got 513", "513 > 512"},
		{"name with colon", http.MethodPost, with(map[string]any{"destinationName": "a:b"}), "destinationName", "':' is forbidden"},
		{"role null", http.MethodPost, with(map[string]any{"roleArn": raw(`null`)}), "roleArn", "a top-level null is missing"},
		{"target number", http.MethodPost, with(map[string]any{"targetArn": raw(`7`)}), "targetArn", "wrong type"},
		{"tags empty", http.MethodPost, with(map[string]any{"tags": raw(`{}`)}), "tags", "at least one tag"},
		{"tag value null", http.MethodPost, with(map[string]any{"tags": raw(`{"k":null}`)}), "tags", "a tag value must be a string"},
		{"tag key with quote and control char", http.MethodPost, with(map[string]any{"tags": map[string]string{"\"\x01\\": "v"}}), "tags", "the message quoting the key must stay valid JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := emulator.New()
			r := httptest.NewRequest(tc.method, "/", bytes.NewReader(tc.body))
			w := httptest.NewRecorder()
			e.ServeHTTP(w, r)
			msg := checkError(t, http.StatusBadRequest, w.Code, w.Header(), w.Body.Bytes())
			if !strings.Contains(msg, tc.wantIn) {
				t.Errorf("error.message: got %q, want it to contain %q (%s)", msg, tc.wantIn, tc.reason)
			}
			if e.Len() != 0 {
				t.Errorf("Len after rejection: got %d, want 0 (%s)", e.Len(), tc.reason)
			}
		})
	}
}

func TestHandlerUpsert(t *testing.T) {
	e := emulator.New(emulator.WithClock(steppingClock()))
	first := decodeSuccessRec(t, post(t, e, with(map[string]any{"tags": map[string]string{"a": "1"}})))
	second := decodeSuccessRec(t, post(t, e, with(map[string]any{
		"targetArn": "arn:new-target", "roleArn": "arn:new-role", "tags": map[string]string{"b": "2"},
	})))
	if second.ID != first.ID {
		t.Errorf("id on update: got %q, want %q (same name updates in place)", second.ID, first.ID)
	}
	if second.Raw != first.Raw {
		t.Errorf("created_at on update: got %q, want %q (creation time is kept)", second.Raw, first.Raw)
	}
	if e.Len() != 1 {
		t.Errorf("Len: got %d, want 1 (one name)", e.Len())
	}
	// A third put shows the stored request was updated by the second.
	d := e.Put(emulator.Request{DestinationName: "dest", TargetArn: "t3", RoleArn: "r3"})
	if d.ID != first.ID || !d.CreatedAt.Equal(first.CreatedAt) {
		t.Errorf("Put: got id %q created %v, want %q %v", d.ID, d.CreatedAt, first.ID, first.CreatedAt)
	}
	if d.Request.TargetArn != "t3" || d.Request.RoleArn != "r3" || d.Request.Tags != nil {
		t.Errorf("Put request: got %+v, want the new values with nil tags", d.Request)
	}
}

func decodeSuccessRec(t *testing.T, w *httptest.ResponseRecorder) success {
	t.Helper()
	return decodeSuccess(t, w.Code, w.Header(), w.Body.Bytes())
}

func TestHandlerDistinctNames(t *testing.T) {
	cases := []struct {
		a, b   string
		reason string
	}{
		{"a", "A", "no case folding"},
		{"\u00e9", "e\u0301", "no Unicode normalization (NFC vs NFD)"},
		{"x", "x ", "no trimming of trailing space"},
		{"x", " x", "no trimming of leading space"},
		{"ß", "ss", "no case folding"},
		{"K", "\u212a", "Kelvin sign is not the letter K"},
		{"a", "a\x00", "a NUL character is significant"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q vs %q", tc.a, tc.b), func(t *testing.T) {
			e := emulator.New()
			a := decodeSuccessRec(t, post(t, e, with(map[string]any{"destinationName": tc.a})))
			b := decodeSuccessRec(t, post(t, e, with(map[string]any{"destinationName": tc.b})))
			if a.ID == b.ID {
				t.Errorf("ids: got %q for both, want different ids (%s)", a.ID, tc.reason)
			}
			if e.Len() != 2 {
				t.Errorf("Len: got %d, want 2 (%s)", e.Len(), tc.reason)
			}
		})
	}
}

func TestPutStoresCopies(t *testing.T) {
	e := emulator.New()
	tags := map[string]string{"k": "v"}
	d := e.Put(emulator.Request{DestinationName: "n", TargetArn: "t", RoleArn: "r", Tags: tags})
	tags["k"] = "changed"
	d.Request.Tags["k"] = "changed too"
	again := e.Put(emulator.Request{DestinationName: "n", TargetArn: "t", RoleArn: "r", Tags: map[string]string{"k": "v2"}})
	if again.ID != d.ID {
		t.Errorf("id: got %q, want %q", again.ID, d.ID)
	}
	if got := again.Request.Tags["k"]; got != "v2" {
		t.Errorf("tags[k]: got %q, want %q", got, "v2")
	}
}

func TestHandlerConcurrent(t *testing.T) {
	const goroutines, perG = 8, 200
	names := []string{"a", "A", "b", "é", "e\u0301", "😀", "x ", "x", "long-" + strings.Repeat("n", 500), "z"}
	e := emulator.New()
	type result struct{ name, id, created string }
	results := make(chan result, goroutines*perG)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				name := names[(g*7+i)%len(names)]
				body := with(map[string]any{"destinationName": name, "tags": map[string]string{"g": fmt.Sprint(g), "i": fmt.Sprint(i)}})
				r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
				w := httptest.NewRecorder()
				e.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					t.Errorf("status: got %d, want 200 (body %s)", w.Code, w.Body)
					return
				}
				var env struct {
					Data struct {
						ID        string `json:"id"`
						CreatedAt string `json:"created_at"`
					} `json:"data"`
				}
				if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
					t.Errorf("body: got %s, want JSON: %v", w.Body, err)
					return
				}
				results <- result{name, env.Data.ID, env.Data.CreatedAt}
			}
		})
	}
	wg.Wait()
	close(results)
	ids := map[string]result{}
	owners := map[string]string{}
	for r := range results {
		if prev, ok := ids[r.name]; ok {
			if prev.id != r.id || prev.created != r.created {
				t.Errorf("name %q: got id %q created %q, want %q %q (one id per name)", r.name, r.id, r.created, prev.id, prev.created)
			}
		} else {
			ids[r.name] = r
		}
		if owner, ok := owners[r.id]; ok && owner != r.name {
			t.Errorf("id %q: got names %q and %q, want one name per id", r.id, owner, r.name)
		}
		owners[r.id] = r.name
	}
	for _, name := range names {
		r, ok := ids[name]
		if !ok {
			t.Errorf("name %q: never answered", name)
			continue
		}
		stored := e.List(name)
		if i := slices.IndexFunc(stored, func(d emulator.Destination) bool { return d.Request.DestinationName == name }); i < 0 {
			t.Errorf("name %q: not in the store, want it stored", name)
		} else if stored[i].ID != r.id {
			t.Errorf("name %q: stored with id %q, want %q (the one answered)", name, stored[i].ID, r.id)
		}
	}
	var stored []string
	for _, d := range e.List("") {
		stored = append(stored, d.Request.DestinationName)
	}
	if want := slices.Sorted(slices.Values(names)); !slices.Equal(stored, want) {
		t.Errorf("store: got names %q, want one destination per name sent %q", stored, want)
	}
}

func TestWriteEnvelopesEscape(t *testing.T) {
	cases := []struct {
		name, msg string
		want      string
		reason    string
	}{
		{"plain", "destinationName: is required", "destinationName: is required", "no escaping needed"},
		{"quotes and backslash", `a "b" \c`, `a "b" \c`, "quotes and backslashes are escaped"},
		{"controls", "a\x00b\nc\td\x1f", "a\x00b\nc\td\x1f", "control characters are escaped"},
		{"non-ASCII", "ключ 日本 😀 \u2028", "ключ 日本 😀 \u2028", "valid UTF-8 passes through"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", "invalid UTF-8 becomes U+FFFD"},
		{"HTML", "<a>&", "<a>&", "HTML characters need no escaping"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			emulator.WriteError(w, http.StatusBadRequest, tc.msg)
			if got := checkError(t, http.StatusBadRequest, w.Code, w.Header(), w.Body.Bytes()); got != tc.want {
				t.Errorf("message: got %q, want %q (%s)", got, tc.want, tc.reason)
			}
			w = httptest.NewRecorder()
			emulator.WriteSuccess(w, tc.msg, epoch)
			if got := decodeSuccess(t, w.Code, w.Header(), w.Body.Bytes()); got.ID != tc.want {
				t.Errorf("id: got %q, want %q (%s)", got.ID, tc.want, tc.reason)
			}
		})
	}
	w := httptest.NewRecorder()
	emulator.WriteError(w, http.StatusTeapot, "x")
	checkError(t, http.StatusTeapot, w.Code, w.Header(), w.Body.Bytes())
}

// TestServerBodies goes over a real loopback connection: large bodies are
// accepted, oversized ones get a 400 the client can read, and the connection
// keeps working.
func TestServerBodies(t *testing.T) {
	srv := httptest.NewServer(emulator.New())
	defer srv.Close()
	cases := []struct {
		name     string
		body     []byte
		chunked  bool // hide the length so the body is sent chunked
		wantCode int
		reason   string
	}{
		{"500 KiB ARNs", with(map[string]any{"targetArn": strings.Repeat("t", 250<<10), "roleArn": strings.Repeat("r", 250<<10)}), false, 200, "hundreds of KiB must be accepted"},
		{"500 KiB ARNs chunked", with(map[string]any{"targetArn": strings.Repeat("t", 250<<10), "roleArn": strings.Repeat("r", 250<<10)}), true, 200, "hundreds of KiB must be accepted without a Content-Length"},
		{"17 MiB", with(map[string]any{"targetArn": strings.Repeat("t", 17<<20)}), false, 400, "bodies above the 16 MiB cap get 400"},
		{"small after oversized", with(nil), false, 200, "the server keeps serving after an oversized body"},
		{"17 MiB chunked", with(map[string]any{"targetArn": strings.Repeat("t", 17<<20)}), true, 400, "bodies above the 16 MiB cap get 400 without a Content-Length"},
		{"small after oversized chunked", with(nil), false, 200, "the server keeps serving after an oversized body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader = bytes.NewReader(tc.body)
			if tc.chunked {
				body = io.MultiReader(body)
			}
			resp, err := srv.Client().Post(srv.URL, "application/json", body)
			if err != nil {
				t.Fatalf("POST: got error %v, want a response (%s)", err, tc.reason)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("reading response: got %v, want nil", err)
			}
			if tc.wantCode == 200 {
				decodeSuccess(t, resp.StatusCode, resp.Header, got)
			} else {
				msg := checkError(t, tc.wantCode, resp.StatusCode, resp.Header, got)
				if !strings.Contains(msg, "too large") {
					t.Errorf("message: got %q, want it to mention the body is too large (%s)", msg, tc.reason)
				}
			}
		})
	}
}
