package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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
		"\"a\xffb\"", "\"\xed\xa0\x80\"", "\"\xc3\"", `"é😀"`, `"` + strings.Repeat("k", 70) + `"`, `"\u00E9"`, "\"\x7f\""}
	scalars := []string{`null`, `true`, `false`, `0`, `-0`, `1.5e3`, `-12.25E-2`, `1e999`, `[]`, `[1,"a",null]`, `{}`, `{"x":{"y":[{}]}}`}
	// Not JSON: drawn from their own list, one atom in ten, since rapid
	// favours the first elements of a list.
	bad := []string{"\"tab\there\"", `"\x"`, `"\u12"`, `"\u12g4"`, `"\U0041"`, `"\'"`, `"a`, `'a'`, "\"\x00\"",
		`01`, `1.`, `.5`, `-`, `+1`, `1e`, `1e+`, `0x1`, `tru`, `nul`, `True`, `[1,]`, `{"a"}`, `{"a":1,}`, `[1 2]`, `NaN`}
	var atom func(depth int) string
	atom = func(depth int) string {
		switch rapid.IntRange(0, 9).Draw(t, "atom") {
		case 0:
			return rapid.SampledFrom(bad).Draw(t, "not JSON")
		case 1, 2, 3:
			return rapid.SampledFrom(strs).Draw(t, "string")
		case 4, 5, 6:
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
	// A sweep of seeded examples first (rapid favours the first elements
	// of its lists, so a hundred checks meet the rarer tokens seldom), then
	// rapid's own checks, which shrink what they find.
	gen := rapid.Custom(jsonish)
	for seed := range 5000 {
		if msg := decodeDisagreement(gen.Example(seed)); msg != "" {
			t.Fatalf("example %d: %s", seed, msg)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		if msg := decodeDisagreement(jsonish(t)); msg != "" {
			t.Fatal(msg)
		}
	})
}

// decodeDisagreement says how decode reads body otherwise than
// encoding/json does ("" when it does not).
func decodeDisagreement(body []byte) string {
	got, err := decode(body)
	want, notObject, valid := decodeV1(body)
	switch {
	case !valid:
		if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
			return fmt.Sprintf("decode(%q): got %v, want a JSON syntax error (encoding/json refuses it)", body, err)
		}
	case notObject != "":
		if err == nil || !strings.HasSuffix(err.Error(), "got "+notObject) {
			return fmt.Sprintf("decode(%q): got %v, want \"must be a JSON object, got %s\"", body, err, notObject)
		}
	case err != nil:
		return fmt.Sprintf("decode(%q): got %v, want accepted (encoding/json reads it)", body, err)
	case got.name != want.name || got.target != want.target || got.role != want.role || got.tags != want.tags:
		return fmt.Sprintf("decode(%q): got members %+v, want %+v", body, got, want)
	case !maps.Equal(got.entries, want.entries):
		return fmt.Sprintf("decode(%q): got tags entries %+v, want %+v", body, got.entries, want.entries)
	}
	return ""
}

// TestScanDocumentReadsCommonBodies: the fast path must be the one taken
// for ordinary bodies (else it is dead weight), including large, multi-byte
// and escaped values, and must agree with jsontext on them.
func TestScanDocumentReadsCommonBodies(t *testing.T) {
	bodies := []string{
		`{}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r"}`,
		` {"destinationName" : "é😀\u00e9\n" , "targetArn":"` + strings.Repeat("ж", 5000) + `","roleArn":"r","tags":{"k":"v","\u006b2":""},"x":[1,-0.5e+3,true,false,null,{"y":{}}]} `,
		`{"tags":null,"tags":{"a":1,"b":[]},"destinationName":"a","destinationName":"b"}`,
	}
	for _, body := range bodies {
		got, ok := scanDocument([]byte(body))
		if !ok {
			t.Errorf("scanDocument(%.60q): got not read, want read by the fast path", body)
			continue
		}
		want, err := decodeWith([]byte(body), false)
		if err != nil {
			t.Fatalf("jsontext refuses %.60q: %v", body, err)
		}
		if got.name != want.name || got.target != want.target || got.role != want.role || got.tags != want.tags || !maps.Equal(got.entries, want.entries) {
			t.Errorf("scanDocument(%.60q): got %+v, want %+v (jsontext)", body, got, want)
		}
	}
}

// TestHasControl: the eight-bytes-at-a-time test answers as a byte loop
// does, wherever the control byte is and whatever surrounds it.
func TestHasControl(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.SampledFrom([]byte{0x00, 0x01, 0x1f, 0x20, 0x21, '"', 0x7f, 0x80, 0x9f, 0xa0, 0xc3, 0xff, 'a'}), 0, 40).Draw(t, "b")
		want := slices.ContainsFunc(b, func(c byte) bool { return c < 0x20 })
		if got := hasControl(b); got != want {
			t.Fatalf("hasControl(% x): got %v, want %v", b, got, want)
		}
	})
}

// FuzzDecode: for any bytes, decode (the scanner's fast path and jsontext
// behind it) reads the body as encoding/json does.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{``, `{}`, `{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":"v"}}`,
		`{"destinationName":"\u00e9\ud83d\ude00","x":[1,-2.5e3,true,null,{}]}`, "{\"destinationName\":\"a\xffb\"}", `{"a":1,}`, `[]`, `{"tags":{"k":"\ud800"}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if msg := decodeDisagreement(body); msg != "" {
			t.Fatal(msg)
		}
	})
}
