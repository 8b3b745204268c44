package emulator_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// absent removes a member from the base request in with.
type absentT struct{}

var absent = absentT{}

// raw is a JSON fragment inserted verbatim.
type raw string

// with builds a request body from the valid base request, overriding,
// adding (value) or removing (absent) members. Members are written in a fixed
// order; raw values are written verbatim.
func with(overrides map[string]any) []byte {
	m := map[string]any{
		"destinationName": "dest",
		"targetArn":       "arn:aws:kinesis:us-east-1:123456789012:stream/s",
		"roleArn":         "arn:aws:iam::123456789012:role/r",
	}
	maps.Copy(m, overrides)
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for _, k := range sortedKeys(m) {
		v := m[k]
		if _, ok := v.(absentT); ok {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		if r, ok := v.(raw); ok {
			b.WriteString(string(r))
			continue
		}
		vb, err := marshalNoEscape(v)
		if err != nil {
			panic(err)
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return []byte(b.String())
}

func marshalNoEscape(v any) ([]byte, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(sb.String(), "\n")), nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// nTags returns n distinct valid tags.
func nTags(n int) map[string]string {
	t := make(map[string]string, n)
	for i := range n {
		t[fmt.Sprintf("k%d", i)] = fmt.Sprintf("v%d", i)
	}
	return t
}

type parseCase struct {
	name   string
	body   []byte
	ok     bool
	wantIn string // for rejections: a substring the message must contain
	check  func(t *testing.T, req emulator.Request)
	reason string
}

func wantName(want string) func(*testing.T, emulator.Request) {
	return func(t *testing.T, req emulator.Request) {
		t.Helper()
		if req.DestinationName != want {
			t.Errorf("DestinationName: got %q, want %q", req.DestinationName, want)
		}
	}
}

func wantTags(want map[string]string) func(*testing.T, emulator.Request) {
	return func(t *testing.T, req emulator.Request) {
		t.Helper()
		if (req.Tags == nil) != (want == nil) || !maps.Equal(req.Tags, want) {
			t.Errorf("Tags: got %#v, want %#v", req.Tags, want)
		}
	}
}

func TestParseDestinationName(t *testing.T) {
	cases := []parseCase{
		{name: "one ASCII char", body: with(map[string]any{"destinationName": "a"}), ok: true, check: wantName("a"), reason: "minimum length is 1"},
		{name: "512 ASCII", body: with(map[string]any{"destinationName": strings.Repeat("a", 512)}), ok: true, reason: "maximum length is 512"},
		{name: "513 ASCII", body: with(map[string]any{"destinationName": strings.Repeat("a", 513)}), wantIn: "destinationName", reason: "513 exceeds the maximum 512"},
		{name: "512 two-byte é (1024 bytes)", body: with(map[string]any{"destinationName": strings.Repeat("é", 512)}), ok: true, reason: "length counts code points, not bytes"},
		{name: "513 two-byte é", body: with(map[string]any{"destinationName": strings.Repeat("é", 513)}), wantIn: "got 513", reason: "513 code points"},
		{name: "512 astral 😀 (2048 bytes, 1024 UTF-16 units)", body: with(map[string]any{"destinationName": strings.Repeat("😀", 512)}), ok: true, reason: "length counts code points, not UTF-16 units"},
		{name: "513 astral 😀", body: with(map[string]any{"destinationName": strings.Repeat("😀", 513)}), wantIn: "got 513", reason: "513 code points"},
		{name: "512 astral via surrogate-pair escapes", body: with(map[string]any{"destinationName": raw(`"` + strings.Repeat(`\ud83d\ude00`, 512) + `"`)}), ok: true, check: wantName(strings.Repeat("😀", 512)), reason: "escaped surrogate pairs decode to one code point each"},
		{name: "empty", body: with(map[string]any{"destinationName": ""}), wantIn: "destinationName", reason: "minimum length is 1"},
		{name: "colon at start", body: with(map[string]any{"destinationName": ":abc"}), wantIn: "destinationName", reason: "':' is forbidden anywhere"},
		{name: "colon in middle", body: with(map[string]any{"destinationName": "ab:c"}), wantIn: "destinationName", reason: "':' is forbidden anywhere"},
		{name: "colon at end", body: with(map[string]any{"destinationName": "abc:"}), wantIn: "destinationName", reason: "':' is forbidden anywhere"},
		{name: "colon only", body: with(map[string]any{"destinationName": ":"}), wantIn: "destinationName", reason: "':' is forbidden anywhere"},
		{name: "star at start", body: with(map[string]any{"destinationName": "*abc"}), wantIn: "destinationName", reason: "'*' is forbidden anywhere"},
		{name: "star in middle", body: with(map[string]any{"destinationName": "ab*c"}), wantIn: "destinationName", reason: "'*' is forbidden anywhere"},
		{name: "star at end", body: with(map[string]any{"destinationName": "abc*"}), wantIn: "destinationName", reason: "'*' is forbidden anywhere"},
		{name: "escaped colon", body: with(map[string]any{"destinationName": raw(`"a\u003ab"`)}), wantIn: "destinationName", reason: "the rule applies to the decoded string"},
		{name: "fullwidth colon and star", body: with(map[string]any{"destinationName": "a：b＊c"}), ok: true, reason: "only ASCII ':' and '*' are excluded"},
		{name: "whitespace only", body: with(map[string]any{"destinationName": "   "}), ok: true, check: wantName("   "), reason: "whitespace-only names are valid"},
		{name: "control characters", body: with(map[string]any{"destinationName": "a\x00b\tc\n\x7f"}), ok: true, check: wantName("a\x00b\tc\n\x7f"), reason: "control characters are not excluded"},
		{name: "other punctuation", body: with(map[string]any{"destinationName": `a/b#c?d!e"f\g`}), ok: true, reason: "only ':' and '*' are excluded"},
		{name: "missing", body: with(map[string]any{"destinationName": absent}), wantIn: "destinationName", reason: "destinationName is required"},
		{name: "null", body: with(map[string]any{"destinationName": raw(`null`)}), wantIn: "destinationName", reason: "a top-level null counts as absent"},
		{name: "number", body: with(map[string]any{"destinationName": raw(`42`)}), wantIn: "destinationName", reason: "wrong JSON type"},
		{name: "boolean", body: with(map[string]any{"destinationName": raw(`true`)}), wantIn: "destinationName", reason: "wrong JSON type"},
		{name: "array", body: with(map[string]any{"destinationName": raw(`["a"]`)}), wantIn: "destinationName", reason: "wrong JSON type"},
		{name: "object", body: with(map[string]any{"destinationName": raw(`{"a":"b"}`)}), wantIn: "destinationName", reason: "wrong JSON type"},
		{name: "wrong case member name", body: with(map[string]any{"destinationName": absent, "DestinationName": "a"}), wantIn: "destinationName", reason: "member names are case-sensitive, so the name is missing"},
	}
	runParseCases(t, cases)
}

func TestParseArns(t *testing.T) {
	var cases []parseCase
	for _, field := range []string{"targetArn", "roleArn"} {
		cases = append(cases,
			parseCase{name: field + " one char", body: with(map[string]any{field: "x"}), ok: true, reason: "minimum length is 1"},
			parseCase{name: field + " not an ARN", body: with(map[string]any{field: "not an arn at all *:"}), ok: true, reason: "no pattern constrains ARNs"},
			parseCase{name: field + " 300000 chars", body: with(map[string]any{field: strings.Repeat("a", 300000)}), ok: true, reason: "no upper bound"},
			parseCase{name: field + " missing", body: with(map[string]any{field: absent}), wantIn: field, reason: field + " is required"},
			parseCase{name: field + " null", body: with(map[string]any{field: raw(`null`)}), wantIn: field, reason: "a top-level null counts as absent"},
			parseCase{name: field + " empty", body: with(map[string]any{field: ""}), wantIn: field, reason: "minimum length is 1"},
			parseCase{name: field + " number", body: with(map[string]any{field: raw(`1`)}), wantIn: field, reason: "wrong JSON type"},
			parseCase{name: field + " boolean", body: with(map[string]any{field: raw(`false`)}), wantIn: field, reason: "wrong JSON type"},
			parseCase{name: field + " array", body: with(map[string]any{field: raw(`[]`)}), wantIn: field, reason: "wrong JSON type"},
			parseCase{name: field + " object", body: with(map[string]any{field: raw(`{}`)}), wantIn: field, reason: "wrong JSON type"},
		)
	}
	cases = append(cases, parseCase{
		name: "values kept", body: with(nil), ok: true, reason: "the parsed request carries the decoded members",
		check: func(t *testing.T, req emulator.Request) {
			if req.TargetArn != "arn:aws:kinesis:us-east-1:123456789012:stream/s" || req.RoleArn != "arn:aws:iam::123456789012:role/r" {
				t.Errorf("ARNs: got %q, %q, want the base values", req.TargetArn, req.RoleArn)
			}
		},
	})
	runParseCases(t, cases)
}

func TestParseTags(t *testing.T) {
	k128 := strings.Repeat("k", 128)
	v256 := strings.Repeat("v", 256)
	cases := []parseCase{
		{name: "absent", body: with(nil), ok: true, check: wantTags(nil), reason: "tags are optional"},
		{name: "null", body: with(map[string]any{"tags": raw(`null`)}), ok: true, check: wantTags(nil), reason: "a top-level null counts as absent"},
		{name: "empty object", body: with(map[string]any{"tags": raw(`{}`)}), wantIn: "tags", reason: "at least 1 entry"},
		{name: "1 entry", body: with(map[string]any{"tags": nTags(1)}), ok: true, check: wantTags(nTags(1)), reason: "minimum is 1 entry"},
		{name: "50 entries", body: with(map[string]any{"tags": nTags(50)}), ok: true, check: wantTags(nTags(50)), reason: "maximum is 50 entries"},
		{name: "51 entries", body: with(map[string]any{"tags": nTags(51)}), wantIn: "got 51", reason: "51 exceeds the maximum 50"},
		{name: "array", body: with(map[string]any{"tags": raw(`[{"k":"v"}]`)}), wantIn: "tags", reason: "wrong JSON type"},
		{name: "string", body: with(map[string]any{"tags": "k=v"}), wantIn: "tags", reason: "wrong JSON type"},
		{name: "number", body: with(map[string]any{"tags": raw(`1`)}), wantIn: "tags", reason: "wrong JSON type"},
		{name: "key 128", body: with(map[string]any{"tags": map[string]string{k128: "v"}}), ok: true, reason: "maximum key length is 128"},
		{name: "key 129", body: with(map[string]any{"tags": map[string]string{k128 + "k": "v"}}), wantIn: "got 129", reason: "129 exceeds the maximum key length"},
		{name: "key 128 astral", body: with(map[string]any{"tags": map[string]string{strings.Repeat("𝐀", 128): "v"}}), ok: true, reason: "key length counts code points (𝐀 is a letter, 4 bytes)"},
		{name: "key 129 astral", body: with(map[string]any{"tags": map[string]string{strings.Repeat("𝐀", 129): "v"}}), wantIn: "got 129", reason: "129 code points"},
		{name: "empty key", body: with(map[string]any{"tags": map[string]string{"": "v"}}), wantIn: "tags", reason: "minimum key length is 1"},
		{name: "value empty", body: with(map[string]any{"tags": map[string]string{"k": ""}}), ok: true, check: wantTags(map[string]string{"k": ""}), reason: "empty tag values are valid"},
		{name: "value 256", body: with(map[string]any{"tags": map[string]string{"k": v256}}), ok: true, reason: "maximum value length is 256"},
		{name: "value 257", body: with(map[string]any{"tags": map[string]string{"k": v256 + "v"}}), wantIn: "got 257", reason: "257 exceeds the maximum value length"},
		{name: "value 256 é", body: with(map[string]any{"tags": map[string]string{"k": strings.Repeat("é", 256)}}), ok: true, reason: "value length counts code points"},
		{name: "value 257 é", body: with(map[string]any{"tags": map[string]string{"k": strings.Repeat("é", 257)}}), wantIn: "got 257", reason: "257 code points"},
		{name: "key with #", body: with(map[string]any{"tags": map[string]string{"a#b": "v"}}), wantIn: "tags", reason: "'#' is not in the key class"},
		{name: "key with !", body: with(map[string]any{"tags": map[string]string{"!": "v"}}), wantIn: "tags", reason: "'!' is not in the key class"},
		{name: "key with *", body: with(map[string]any{"tags": map[string]string{"a*": "v"}}), wantIn: "tags", reason: "'*' is not in the key class"},
		{name: "key with tab", body: with(map[string]any{"tags": map[string]string{"a\tb": "v"}}), wantIn: "tags", reason: "control characters are not separators (\\p{Z})"},
		{name: "key with emoji", body: with(map[string]any{"tags": map[string]string{"a😀": "v"}}), wantIn: "tags", reason: "emoji are symbols (So), not letters"},
		{name: "value with #", body: with(map[string]any{"tags": map[string]string{"k": "a#"}}), wantIn: "tags", reason: "'#' is not in the value class"},
		{name: "value with !", body: with(map[string]any{"tags": map[string]string{"k": "!"}}), wantIn: "tags", reason: "'!' is not in the value class"},
		{name: "value with *", body: with(map[string]any{"tags": map[string]string{"k": "*x"}}), wantIn: "tags", reason: "'*' is not in the value class"},
		{name: "value with newline", body: with(map[string]any{"tags": map[string]string{"k": "a\n"}}), wantIn: "tags", reason: "a newline is a control character, not \\p{Z}"},
		{name: "all allowed punctuation", body: with(map[string]any{"tags": map[string]string{"_.:/=+-@": "_.:/=+-@"}}), ok: true, reason: "_ . : / = + - @ are allowed"},
		{name: "Cyrillic key", body: with(map[string]any{"tags": map[string]string{"ключ": "значение"}}), ok: true, check: wantTags(map[string]string{"ключ": "значение"}), reason: "\\p{L} includes non-ASCII letters"},
		{name: "CJK key", body: with(map[string]any{"tags": map[string]string{"日本": "東京"}}), ok: true, reason: "\\p{L} includes CJK ideographs"},
		{name: "separators", body: with(map[string]any{"tags": map[string]string{"a b\u00a0c\u2028d\u3000": " \u2029 "}}), ok: true, reason: "\\p{Z} includes Zs, Zl, Zp"},
		{name: "numbers", body: with(map[string]any{"tags": map[string]string{"٣Ⅻ½": "²"}}), ok: true, reason: "\\p{N} includes Nd, Nl, No"},
		{name: "combining mark", body: with(map[string]any{"tags": map[string]string{"e\u0301": "v"}}), wantIn: "tags", reason: "combining marks (Mn) are not letters"},
		{name: "value null", body: with(map[string]any{"tags": raw(`{"k":null}`)}), wantIn: "tags", reason: "a tag value of null is a wrong type"},
		{name: "value number", body: with(map[string]any{"tags": raw(`{"k":1}`)}), wantIn: "tags", reason: "a tag value must be a string"},
		{name: "value boolean", body: with(map[string]any{"tags": raw(`{"k":true}`)}), wantIn: "tags", reason: "a tag value must be a string"},
		{name: "value object", body: with(map[string]any{"tags": raw(`{"k":{}}`)}), wantIn: "tags", reason: "a tag value must be a string"},
		{name: "value array", body: with(map[string]any{"tags": raw(`{"k":["v"]}`)}), wantIn: "tags", reason: "a tag value must be a string"},
	}
	runParseCases(t, cases)
}

func TestParseBody(t *testing.T) {
	cases := []parseCase{
		{name: "valid", body: with(nil), ok: true, check: wantName("dest"), reason: "the base request is valid"},
		{name: "unknown members", body: with(map[string]any{"foo": "bar", "nested": raw(`{"x":[1,null]}`), "n": raw(`null`)}), ok: true, reason: "unknown members are ignored"},
		{name: "surrounding whitespace", body: []byte(" \n\t\r" + string(with(nil)) + " \r\n\t"), ok: true, reason: "JSON whitespace around the object is fine"},
		{name: "empty body", body: nil, wantIn: "empty", reason: "an empty body is not an object"},
		{name: "whitespace body", body: []byte(" \n "), wantIn: "empty", reason: "a blank body is not an object"},
		{name: "array body", body: []byte(`[]`), wantIn: "array", reason: "the body must be an object"},
		{name: "array of request", body: []byte("[" + string(with(nil)) + "]"), wantIn: "array", reason: "the body must be an object"},
		{name: "string body", body: []byte(`"dest"`), wantIn: "string", reason: "the body must be an object"},
		{name: "number body", body: []byte(`42`), wantIn: "number", reason: "the body must be an object"},
		{name: "boolean body", body: []byte(`true`), wantIn: "bool", reason: "the body must be an object"},
		{name: "null body", body: []byte(`null`), wantIn: "null", reason: "the body must be an object"},
		{name: "truncated", body: with(nil)[:20], wantIn: "JSON", reason: "malformed JSON"},
		{name: "single quotes", body: []byte(`{'destinationName':'a'}`), wantIn: "JSON", reason: "malformed JSON"},
		{name: "trailing comma", body: []byte(`{"destinationName":"a","targetArn":"t","roleArn":"r",}`), wantIn: "JSON", reason: "malformed JSON"},
		{name: "trailing garbage", body: append(with(nil), 'x'), wantIn: "JSON", reason: "trailing bytes after the object"},
		{name: "two objects", body: append(with(nil), with(nil)...), wantIn: "JSON", reason: "trailing bytes after the object"},
		{name: "trailing object after space", body: []byte(string(with(nil)) + " {}"), wantIn: "JSON", reason: "trailing bytes after the object"},
		{name: "trailing NUL", body: append(with(nil), 0), wantIn: "JSON", reason: "NUL is not JSON whitespace"},
		{name: "empty object", body: []byte(`{}`), wantIn: "destinationName", reason: "all required members missing"},
		{name: "invalid UTF-8 in name", body: []byte("{\"destinationName\":\"a\xffb\",\"targetArn\":\"t\",\"roleArn\":\"r\"}"), ok: true, check: wantName("a\uFFFDb"), reason: "encoding/json replaces invalid UTF-8 with U+FFFD"},
		{name: "duplicate key", body: []byte(`{"destinationName":"a","destinationName":"b","targetArn":"t","roleArn":"r"}`), ok: true, check: wantName("b"), reason: "encoding/json keeps the last duplicate"},
		{name: "duplicate tags, last valid", body: with(map[string]any{"tags": raw(`{"a#":"x"},"tags":{"k":"v"}`)}), ok: true, check: wantTags(map[string]string{"k": "v"}), reason: "the last tags member wins, the first is not checked"},
		{name: "duplicate tags, last null", body: with(map[string]any{"tags": raw(`{"k":"v"},"tags":null`)}), ok: true, check: wantTags(nil), reason: "the last tags member wins, and null counts as absent"},
		{name: "duplicate tag key", body: with(map[string]any{"tags": raw(`{"k":"#","k":"v"}`)}), ok: true, check: wantTags(map[string]string{"k": "v"}), reason: "of duplicate tag keys the last one wins"},
		{name: "escaped member name", body: []byte(`{"destination\u004eame":"a","targetArn":"t","roleArn":"r"}`), ok: true, check: wantName("a"), reason: "member names are compared after unescaping"},
		{name: "invalid UTF-8 in member name", body: []byte("{\"destinationName\xff\":\"a\",\"targetArn\":\"t\",\"roleArn\":\"r\"}"), wantIn: "destinationName: is required", reason: "the name becomes destinationName\uFFFD, an unknown member"},
		{name: "lone surrogate in tag value", body: with(map[string]any{"tags": raw(`{"k":"\ud800"}`)}), wantIn: "tags", reason: "a lone surrogate becomes U+FFFD, which is not a tag character"},
		{name: "deep unknown member", body: with(map[string]any{"x": raw(strings.Repeat("[", 100) + strings.Repeat("]", 100))}), ok: true, reason: "unknown members are ignored however deep"},
	}
	runParseCases(t, cases)
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := emulator.Parse(tc.body)
			if tc.ok {
				if err != nil {
					t.Fatalf("Parse error: got %q, want nil (%s)", err, tc.reason)
				}
				if tc.check != nil {
					tc.check(t, req)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse error: got nil, want an error containing %q (%s)", tc.wantIn, tc.reason)
			}
			msg := err.Error()
			if msg == "" || !strings.Contains(msg, tc.wantIn) {
				t.Errorf("Parse error: got %q, want a message containing %q (%s)", msg, tc.wantIn, tc.reason)
			}
			if !utf8.ValidString(msg) {
				t.Errorf("Parse error: got invalid UTF-8 %q, want valid UTF-8", msg)
			}
			if req.DestinationName != "" || req.Tags != nil {
				t.Errorf("Request on error: got %+v, want zero", req)
			}
		})
	}
}

func TestIsTagRune(t *testing.T) {
	cases := []struct {
		r      rune
		want   bool
		reason string
	}{
		{'a', true, "ASCII letter"}, {'Z', true, "ASCII letter"}, {'0', true, "ASCII digit"}, {' ', true, "space is Zs"},
		{'_', true, "listed"}, {'.', true, "listed"}, {':', true, "listed"}, {'/', true, "listed"}, {'=', true, "listed"},
		{'+', true, "listed"}, {'-', true, "listed"}, {'@', true, "listed"},
		{'#', false, "not listed"}, {'!', false, "not listed"}, {'*', false, "not listed"}, {'\t', false, "control"},
		{'\u00a0', true, "NBSP is Zs"}, {'\u2028', true, "Zl"}, {'\u2029', true, "Zp"}, {'ж', true, "Cyrillic letter"},
		{'日', true, "Lo"}, {'٣', true, "Nd"}, {'Ⅻ', true, "Nl"}, {'½', true, "No"}, {'\u0301', false, "Mn"},
		{'😀', false, "So"}, {'\uFFFD', false, "So"}, {'€', false, "Sc"}, {'\u200b', false, "zero width space is Cf"},
	}
	for _, tc := range cases {
		if got := emulator.IsTagRune(tc.r); got != tc.want {
			t.Errorf("IsTagRune(%U): got %v, want %v (%s)", tc.r, got, tc.want, tc.reason)
		}
	}
}

// TestIsTagRuneMatchesSpecPattern: IsTagRune agrees with the contract's
// TagKey pattern, one character at a time, for every Unicode scalar value.
func TestIsTagRuneMatchesSpecPattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]$`)
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue // surrogates: no string holds them
		}
		if got, want := emulator.IsTagRune(r), pattern.MatchString(string(r)); got != want {
			t.Errorf("IsTagRune(%U): got %v, want %v (the spec's pattern)", r, got, want)
		}
	}
	for _, r := range []rune{-1, utf8.MaxRune + 1} {
		if emulator.IsTagRune(r) {
			t.Errorf("IsTagRune(%d): got true, want false (not a character)", r)
		}
	}
}

// TestParseHugeNumber: a number too large for a float64 is still valid
// JSON: a number of the wrong type where a string is required, and nothing
// to object to in an unknown member.
func TestParseHugeNumber(t *testing.T) {
	_, err := emulator.Parse([]byte(`{"destinationName":1e999,"targetArn":"t","roleArn":"r"}`))
	if err == nil || !strings.Contains(err.Error(), "must be a string, got number") {
		t.Errorf("Parse of a 1e999 name: got %v, want \"must be a string, got number\"", err)
	}
	if _, err := emulator.Parse([]byte(`{"destinationName":"a","targetArn":"t","roleArn":"r","x":1e999}`)); err != nil {
		t.Errorf("Parse with an unknown 1e999 member: got %v, want accepted (unknown members are ignored)", err)
	}
}
