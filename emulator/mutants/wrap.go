package mutants

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// maxRead bounds what a wrapper reads of a request body: well above the
// emulator's own limit is not needed, the generators stay far below it.
const maxRead = 32 << 20

// readBody reads the request body and puts the same bytes back for the
// emulator.
func readBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxRead))
	setBody(r, b)
	return b
}

// setBody makes b the body the emulator reads.
func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
}

// rewriteBody is a mutant whose emulator sees fix(body) instead of the body
// of a POST when fix reports a change.
func rewriteBody(fix func(body []byte) ([]byte, bool)) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				if b, ok := fix(readBody(r)); ok {
					setBody(r, b)
				}
			}
			em.ServeHTTP(w, r)
		})
	}
}

// rewriteMembers is a mutant that edits the members of a POSTed JSON object
// before the emulator sees them; fix reports whether it changed anything.
func rewriteMembers(fix func(o *object) bool) func() http.Handler {
	return rewriteBody(func(body []byte) ([]byte, bool) {
		o, ok := parseObject(body)
		if !ok || !fix(&o) {
			return nil, false
		}
		return o.encode(), true
	})
}

// rewriteTags is a mutant that edits the entries of a tags object; fix
// reports whether it changed anything.
func rewriteTags(fix func(tags *object) bool) func() http.Handler {
	return rewriteMembers(func(o *object) bool {
		raw, ok := o.get("tags")
		if !ok {
			return false
		}
		tags, ok := parseObject(raw)
		if !ok || !fix(&tags) {
			return false
		}
		o.set("tags", tags.encode())
		return true
	})
}

// rewriteName is a mutant that rewrites a string destinationName before the
// emulator sees it.
func rewriteName(fix func(name string) (string, bool)) func() http.Handler {
	return rewriteMembers(func(o *object) bool {
		name, ok := o.str("destinationName")
		if !ok {
			return false
		}
		if name, ok = fix(name); !ok {
			return false
		}
		o.set("destinationName", quote(name))
		return true
	})
}

// rejectWhen is a mutant that answers a POST with 400 VALIDATION_ERROR
// itself when refuse returns a message, and lets the emulator answer
// otherwise. o is the body as an object, when it is one.
func rejectWhen(refuse func(body []byte, o object, isObject bool) string) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				body := readBody(r)
				o, ok := parseObject(body)
				if msg := refuse(body, o, ok); msg != "" {
					emulator.WriteError(w, http.StatusBadRequest, msg)
					return
				}
			}
			em.ServeHTTP(w, r)
		})
	}
}

// rejectObjectWhen is rejectWhen for refusals that only look at objects.
func rejectObjectWhen(refuse func(o object) string) func() http.Handler {
	return rejectWhen(func(_ []byte, o object, ok bool) string {
		if !ok {
			return ""
		}
		return refuse(o)
	})
}

// response is a response being rewritten.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// rewriteResponse is a mutant whose emulator answers into a recorder; edit
// may then change the response before it is sent. reqBody is the request
// body as received.
func rewriteResponse(edit func(r *http.Request, reqBody []byte, resp *response)) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body := readBody(r)
			rec := httptest.NewRecorder()
			em.ServeHTTP(rec, r)
			resp := &response{Status: rec.Code, Header: rec.Header().Clone(), Body: rec.Body.Bytes()}
			edit(r, body, resp)
			resp.write(w)
		})
	}
}

func (p *response) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range p.Header {
		h[k] = v // a nil value suppresses the header, Content-Type sniffing included
	}
	if _, ok := p.Header["Content-Length"]; ok {
		h.Set("Content-Length", strconv.Itoa(len(p.Body)))
	}
	w.WriteHeader(p.Status)
	_, _ = w.Write(p.Body)
}

// editEnvelope decodes an envelope, lets f change it and encodes it again;
// a body that is not a JSON object is left alone.
func (p *response) editEnvelope(f func(env map[string]any)) {
	dec := json.NewDecoder(bytes.NewReader(p.Body))
	dec.UseNumber()
	var env map[string]any
	if dec.Decode(&env) != nil || env == nil {
		return
	}
	f(env)
	p.Body = marshal(env)
}

// editData is editEnvelope on the data member of a success envelope.
func (p *response) editData(f func(data map[string]any)) {
	if p.Status != http.StatusOK {
		return
	}
	p.editEnvelope(func(env map[string]any) {
		if data, ok := env["data"].(map[string]any); ok {
			f(data)
		}
	})
}

// editError is editEnvelope on the error member of an error envelope.
func (p *response) editError(f func(e map[string]any)) {
	if p.Status != http.StatusBadRequest {
		return
	}
	p.editEnvelope(func(env map[string]any) {
		if e, ok := env["error"].(map[string]any); ok {
			f(e)
		}
	})
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// quote encodes s as a JSON string.
func quote(s string) json.RawMessage { return marshal(s) }

// member is one member of a JSON object, in body order.
type member struct {
	key string
	raw json.RawMessage
}

// object is a JSON object as written: members in order, duplicates kept,
// values raw, so that rewriting one member leaves the others byte for byte.
type object struct {
	members []member
}

// parseObject reads b as exactly one JSON object (nothing after it).
func parseObject(b []byte) (object, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return object{}, false
	}
	var o object
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return object{}, false
		}
		key, ok := tok.(string)
		if !ok {
			return object{}, false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return object{}, false
		}
		o.members = append(o.members, member{key, raw})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return object{}, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return object{}, false
	}
	return o, true
}

// get returns the last value of key, as a JSON decoder would keep.
func (o object) get(key string) (json.RawMessage, bool) {
	for i := len(o.members) - 1; i >= 0; i-- {
		if o.members[i].key == key {
			return o.members[i].raw, true
		}
	}
	return nil, false
}

// str returns the value of key when it is a JSON string.
func (o object) str(key string) (string, bool) {
	raw, ok := o.get(key)
	if !ok {
		return "", false
	}
	return stringOf(raw)
}

// set replaces every value of key, or appends the member.
func (o *object) set(key string, raw json.RawMessage) {
	found := false
	for i := range o.members {
		if o.members[i].key == key {
			o.members[i].raw = raw
			found = true
		}
	}
	if !found {
		o.members = append(o.members, member{key, raw})
	}
}

func (o object) encode() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o.members {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(quote(m.key))
		b.WriteByte(':')
		b.Write(m.raw)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// stringOf decodes raw when it is a JSON string.
func stringOf(raw json.RawMessage) (string, bool) {
	if emulator.JSONKind(raw) != "string" {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// truncate keeps the first n code points of s.
func truncate(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// keepTagRunes drops the characters a tag key or value may not contain.
func keepTagRunes(s string) string {
	var b []byte
	for _, r := range s {
		if emulator.IsTagRune(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// hasTagRune reports whether s has at least one character a tag may contain.
func hasTagRune(s string) bool {
	for _, r := range s {
		if emulator.IsTagRune(r) {
			return true
		}
	}
	return false
}
