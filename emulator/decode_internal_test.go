package emulator

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"pgregory.net/rapid"
)

// decodeV1 is decode's reading done the plain way, with encoding/json
// (interface values, numbers kept as text): the reference it must agree
// with. notObject is the kind of a valid body that is not an object.
func decodeV1(body []byte) (doc document, notObject string, ok bool) {
	if !json.Valid(body) {
		return doc, "", false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return doc, "", false
	}
	m, isObject := v.(map[string]any)
	if !isObject {
		return doc, kindName(v1Kind(v)), true
	}
	get := func(name string) value {
		v, present := m[name]
		if !present {
			return value{}
		}
		s, _ := v.(string)
		return value{kind: v1Kind(v), str: s}
	}
	doc.name, doc.target, doc.role, doc.tags = get("destinationName"), get("targetArn"), get("roleArn"), get("tags")
	if entries, isMap := m["tags"].(map[string]any); isMap {
		doc.entries = map[string]value{}
		for k, v := range entries {
			s, _ := v.(string)
			doc.entries[k] = value{kind: v1Kind(v), str: s}
		}
	}
	return doc, "", true
}

func v1Kind(v any) jsontext.Kind {
	switch v := v.(type) {
	case nil:
		return 'n'
	case bool:
		if v {
			return 't'
		}
		return 'f'
	case string:
		return '"'
	case json.Number:
		return '0'
	case []any:
		return '['
	case map[string]any:
		return '{'
	}
	return 0
}

// jsonish draws bodies near the contract's: objects whose members are the
// contract's names (duplicates too) and others, with strings full of
// escapes, surrogates (paired and lone), invalid UTF-8 and control bytes,
// numbers beyond float64, nesting; then sometimes broken: cut short,
// trailing bytes, a stray byte, or not an object at all.
func jsonish(t *rapid.T) []byte {
	strs := []string{`"a"`, `""`, `"a\u003ab"`, `"\ud83d\ude00"`, `"\ud800"`, `"x\udc00y"`, `"\\\"\/\b\f\n\r\t"`,
		"\"a\xffb\"", "\"\xed\xa0\x80\"", "\"\xc3\"", `"é😀"`, "\"tab\there\"", `"` + strings.Repeat("k", 70) + `"`}
	scalars := []string{`null`, `true`, `false`, `0`, `-0`, `1.5e3`, `1e999`, `[]`, `[1,"a",null]`, `{}`, `{"x":{"y":[{}]}}`}
	var atom func(depth int) string
	atom = func(depth int) string {
		switch rapid.IntRange(0, 2).Draw(t, "atom") {
		case 0:
			return rapid.SampledFrom(strs).Draw(t, "string")
		case 1:
			return rapid.SampledFrom(scalars).Draw(t, "scalar")
		}
		if depth > 1 {
			return `{}`
		}
		var b strings.Builder
		b.WriteByte('{')
		for i := range rapid.IntRange(0, 4).Draw(t, "entries") {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(rapid.SampledFrom(strs).Draw(t, "key"))
			b.WriteByte(':')
			b.WriteString(atom(depth + 1))
		}
		b.WriteByte('}')
		return b.String()
	}
	names := []string{`"destinationName"`, `"targetArn"`, `"roleArn"`, `"tags"`, `"Tags"`, `"destination\u004eame"`, `"other"`}
	var b bytes.Buffer
	b.WriteString(rapid.SampledFrom([]string{"", " ", "\n\t"}).Draw(t, "leading space"))
	b.WriteByte('{')
	for i := range rapid.IntRange(0, 6).Draw(t, "members") {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(rapid.SampledFrom(names).Draw(t, "name"))
		b.WriteByte(':')
		b.WriteString(atom(0))
	}
	b.WriteByte('}')
	body := b.Bytes()
	switch rapid.IntRange(0, 9).Draw(t, "break") {
	case 0:
		return body[:rapid.IntRange(0, len(body)-1).Draw(t, "cut")]
	case 1:
		return append(body, rapid.SampledFrom([]string{" ", "x", "{}", "\x00", " 1", ","}).Draw(t, "trailing")...)
	case 2:
		i := rapid.IntRange(0, len(body)-1).Draw(t, "stray at")
		return append(body[:i:i], append([]byte{rapid.Byte().Draw(t, "stray")}, body[i:]...)...)
	case 3:
		return []byte(atom(1))
	}
	return body
}

// TestDecodeAgreesWithEncodingJSON: decode must read every body as
// encoding/json does: the same bodies valid, the same kind for a body that
// is not an object, the same members, tags entries, kinds and strings
// (escapes, U+FFFD for invalid UTF-8, the last of duplicate names).
func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		body := jsonish(t)
		got, err := decode(body)
		want, notObject, valid := decodeV1(body)
		switch {
		case !valid:
			if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
				t.Fatalf("decode(%q): got %v, want a JSON syntax error (encoding/json refuses it)", body, err)
			}
		case notObject != "":
			if err == nil || !strings.HasSuffix(err.Error(), "got "+notObject) {
				t.Fatalf("decode(%q): got %v, want \"must be a JSON object, got %s\"", body, err, notObject)
			}
		case err != nil:
			t.Fatalf("decode(%q): got %v, want accepted (encoding/json reads it)", body, err)
		case got.name != want.name || got.target != want.target || got.role != want.role || got.tags != want.tags:
			t.Fatalf("decode(%q): got members %+v, want %+v", body, got, want)
		case !maps.Equal(got.entries, want.entries):
			t.Fatalf("decode(%q): got tags entries %+v, want %+v", body, got.entries, want.entries)
		}
	})
}
