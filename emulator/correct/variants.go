package correct

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/putdestination/conformance/emulator"
)

// All returns every in-process correct server (New set, Process empty), by
// family: transport (connections, HTTP/1.0, chunking, latency), answers to
// other methods than POST, created_at forms, media-type parameters, id
// forms, parser limits. Servers that run in another process are not in it.
// The slice is new on every call.
//
// Each server is a thin wrapper around a fresh [emulator.New] and keeps
// everything the wrapper does not name identical to it: statuses, the
// envelopes, the store. None answers a 5xx, except the 501 some give to
// methods the contract does not describe.
func All() []Server {
	var all []Server
	all = append(all, transportVariants()...)
	all = append(all, methodVariants()...)
	all = append(all, createdAtVariants()...)
	all = append(all, charsetVariants()...)
	all = append(all, idVariants()...)
	all = append(all, limitVariants()...)
	return all
}

// maxDrain bounds what a server reads and discards of a request body the
// emulator did not read (the emulator itself drains at most 64 MiB of an
// oversized body); the generators stay far below it.
const maxDrain = 64 << 20

// drain reads and discards what is left of the request body, so that the
// client has sent it all before the answer (and, for some servers, the
// close of the connection).
func drain(r *http.Request) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
	}
}

// response is an answer of the emulator, recorded to be rewritten or sent
// another way.
type response struct {
	status int
	header http.Header
	body   []byte
}

// record lets h answer r into a recorder.
func record(h http.Handler, r *http.Request) *response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	return &response{status: res.StatusCode, header: res.Header, body: rec.Body.Bytes()}
}

// send writes p to w, with a Content-Length that fits the body as it is now.
func (p *response) send(w http.ResponseWriter) {
	h := w.Header()
	maps.Copy(h, p.header)
	h.Set("Content-Length", strconv.Itoa(len(p.body)))
	w.WriteHeader(p.status)
	_, _ = w.Write(p.body)
}

// rewrite returns a fresh emulator whose every answer goes through edit
// before it is sent.
func rewrite(edit func(p *response)) http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := record(em, r)
		edit(p)
		p.send(w)
	})
}

// editData decodes a success envelope, lets f change its data member and
// encodes the envelope again (members in another order, which JSON allows).
// Any other answer is left alone.
func (p *response) editData(f func(data map[string]any)) {
	if p.status != http.StatusOK {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(p.body))
	dec.UseNumber()
	var env map[string]any
	if dec.Decode(&env) != nil {
		return
	}
	data, ok := env["data"].(map[string]any)
	if !ok {
		return
	}
	f(data)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(env) == nil {
		p.body = bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	}
}
