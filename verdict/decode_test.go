package verdict_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/internal/byteedit"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
)

// decodeDisagreement says how verdict's decoders differ from encoding/json
// on body ("" when they do not): fastText may leave a text to encoding/json
// but never read one it refuses, nor read one to another value; decodeText
// and decodeFirst give encoding/json's value and error, word for word.
func decodeDisagreement(body []byte) string {
	std, stdErr := verdict.StdText(body)
	if fast, ok := verdict.FastText(body); ok {
		if stdErr != nil {
			return "fastText reads " + contract.Excerpt(body, 200) + ", encoding/json refuses it: " + stdErr.Error()
		}
		if !reflect.DeepEqual(fast, std) {
			return "fastText reads " + contract.Excerpt(body, 200) + " as " + contract.Excerpt(show(fast), 200) + ", encoding/json as " + contract.Excerpt(show(std), 200)
		}
		silence, limit, _ := verdict.FastFacts(body)
		if want := verdict.Silence(body); silence != want {
			return "fastText's reader finds " + contract.Excerpt(body, 200) + " silent for " + strconv.Quote(silence) + ", Silence for " + strconv.Quote(want)
		}
		if want := verdict.PastLimit(body); limit != want {
			return "fastText's reader finds " + contract.Excerpt(body, 200) + " past the limit " + strconv.Quote(limit) + ", PastLimit " + strconv.Quote(want)
		}
	}
	got, err := verdict.DecodeText(body)
	if errText(err) != errText(stdErr) || !reflect.DeepEqual(got, std) {
		return "decodeText of " + contract.Excerpt(body, 200) + ": " + contract.Excerpt(show(got), 200) + " (" + errText(err) + "), encoding/json: " + contract.Excerpt(show(std), 200) + " (" + errText(stdErr) + ")"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var first any
	firstErr := dec.Decode(&first)
	if got, err := verdict.DecodeFirst(body); errText(err) != errText(firstErr) || !reflect.DeepEqual(got, first) {
		return "decodeFirst of " + contract.Excerpt(body, 200) + ": " + contract.Excerpt(show(got), 200) + " (" + errText(err) + "), json.Decoder: " + contract.Excerpt(show(first), 200) + " (" + errText(firstErr) + ")"
	}
	return ""
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// show writes a decoded value for a message (%#v would hide the types
// of numbers and strings less well than this does).
func show(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(err.Error())
	}
	return b
}

// decodeEdges are texts a JSON decoder could read wrong: whitespace,
// literals, numbers, escapes, invalid UTF-8, surrogates, duplicate names,
// nesting, trailing bytes.
var decodeEdges = []string{
	``, ` `, "\t\r\n ", "\v{}", "\f{}", "\u00a0{}", "\xef\xbb\xbf{}", `{}`, `[]`, ` { } `, `[ ]`, `{"":""}`,
	`null`, `true`, `false`, `nul`, `truex`, `true false`, `nullnull`, `[true,false,null]`, `[tru]`, `t`, `f`, `n`,
	`0`, `-0`, `-`, `+1`, `01`, `-01`, `1.`, `.5`, `1.5`, `-1.5e10`, `1e`, `1e+`, `1E-7`, `1e+07`, `0e0`, `0.0e+0`,
	`1e999`, `-1e999`, `1e-999`, strings.Repeat("9", 400), "-" + strings.Repeat("1", 1200) + ".5e-3", `1x`, `1 2`, `[1,]`, `[,1]`, `[1 2]`,
	`"a"`, `"a`, `"`, `""`, `"\""`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\'"`, `"\x"`, `"\a"`, `"\u0000"`, `"\u00e9\u00E9"`,
	`"\u12"`, `"\u12345"`, `"\uZZZZ"`, `"\u"`, `"\`, `"\\`, "\"\x01\"", "\"\x1f\"", "\"\x7f\"", "\"\t\"", `"é"`, `"\u2028\u2029"`,
	"\"\xff\"", "{\"\xff\":1}", "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"\xe2\x82\"", "\"a\xe2\x82\\u0041\"", "\"\xe2\x82\\u00ac\"", "\"\xf4\x90\x80\x80\"",
	`"\ud800"`, `"\udc00"`, `"\ud83d\ude00"`, `"\uD83D\uDE00"`, `"\ud83d\u0041"`, `"\ud83d"`, `"\ud83d\ud83d\ude00"`, `"\uDBFF\uDFFF"`,
	`"\ud83d\"`, `"\ud83d\ude0"`, `"\ud83d\uzzzz"`, `"x\ud800y"`, `"\udc00\udc00"`, `"\udfff\ude00x"`, `"\ud800\ud800"`, `{"\ud800":1,"\udc00":2}`,
	`{"a":1,"a":2}`, `{"a":{"b":1},"a":[]}`, `{"\u0061":1,"a":2}`, `{"a":1,"\u0061":2}`, "{\"\xff\":1,\"\xfe\":2}",
	`{"a" 1}`, `{"a":}`, `{"a":1,}`, `{,}`, `{"a":1 "b":2}`, `{a:1}`, `{"a":1]`, `[1}`, `{"a":1}}`, `{"a":1}{}`, `{} x`, `{}` + "\x00",
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":"v","k2":null}}`,
	strings.Repeat("[", 511) + strings.Repeat("]", 511), strings.Repeat("[", 512) + strings.Repeat("]", 512),
	strings.Repeat("[", 513) + strings.Repeat("]", 513), strings.Repeat(`{"a":`, 600) + "1" + strings.Repeat("}", 600),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 600) + strings.Repeat("]", 599),
}

// limitEdges are texts at and past the parser limits, alone and one
// before another, too large to seed a fuzz target with.
var limitEdges = func() []string {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	str := func(n int) string { return `"` + strings.Repeat("a", n) + `"` }
	num := func(n int) string { return "1" + strings.Repeat("0", n-1) }
	return []string{
		deep(verdict.MaxDepth), deep(verdict.MaxDepth + 1), `{"a":` + deep(verdict.MaxDepth-1) + `}`, `{"a":` + deep(verdict.MaxDepth) + `}`,
		str(verdict.MaxStringBytes), str(verdict.MaxStringBytes + 1), `"\u00e9` + strings.Repeat("a", verdict.MaxStringBytes-5) + `"`,
		`{` + str(verdict.MaxStringBytes+1) + `:1}`, num(verdict.MaxNumberLength), num(verdict.MaxNumberLength + 1), "-" + num(verdict.MaxNumberLength),
		`[1e308,1e309]`, `[-1e309]`, `1e-400`, num(400), num(400) + ".5e-100",
		`[` + num(verdict.MaxNumberLength+1) + `,` + deep(verdict.MaxDepth+1) + `]`, `[` + deep(verdict.MaxDepth+1) + `,` + str(verdict.MaxStringBytes+1) + `]`,
		`[` + str(verdict.MaxStringBytes+1) + `,1e999]`, `[1e999,` + num(verdict.MaxNumberLength+1) + `]`,
		`[` + str(verdict.MaxTextBytes) + `]`, `{"a":1,"a":` + deep(verdict.MaxDepth+1) + `}`,
	}
}()

// decodeCorpus is every generator's bodies (valid, each broken constraint,
// wire, both requests of each probe, mutations), byte-level edits of them,
// and the edge texts.
func decodeCorpus(t testing.TB, n int) [][]byte {
	t.Helper()
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := generators.New(s, generators.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i := range n {
		out = append(out, g.Valid().Example(i).Body, g.Wire().Example(i).Body, g.Mutate().Example(i).Body)
		for _, inv := range g.InvalidEach() {
			out = append(out, inv.Example(i).Body)
		}
		for _, p := range []generators.Probe{g.Upsert().Example(i), g.Distinct().Example(i)} {
			out = append(out, p.First.Body, p.Second.Body)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, b := range out[:len(out):len(out)] {
		for range 3 {
			out = append(out, byteedit.One(rng, b))
		}
	}
	for _, e := range slices.Concat(decodeEdges, limitEdges) {
		out = append(out, []byte(e))
	}
	return out
}

// TestFastTextAgreesWithEncodingJSON holds verdict's JSON decoding to
// encoding/json's on the corpus.
func TestFastTextAgreesWithEncodingJSON(t *testing.T) {
	n := 40
	if testing.Short() {
		n = 8
	}
	for _, body := range decodeCorpus(t, n) {
		if d := decodeDisagreement(body); d != "" {
			t.Error(d)
		}
	}
}

// TestFastTextReadsWhatItShould: fastText leaves to encoding/json only
// what it says it does (a text that is not one, invalid UTF-8, a surrogate
// escape), so that the judging of a body never pays for encoding/json
// where it need not: texts nested as deep as encoding/json reads are read
// too.
func TestFastTextReadsWhatItShould(t *testing.T) {
	read, all := 0, 0
	for _, body := range decodeCorpus(t, 8) {
		if _, err := verdict.StdText(body); err != nil || !utf8.Valid(body) ||
			bytes.Contains(bytes.ToLower(body), []byte(`\ud`)) {
			continue
		}
		all++
		if _, ok := verdict.FastText(body); ok {
			read++
		} else {
			t.Errorf("fastText leaves %s to encoding/json", contract.Excerpt(body, 200))
		}
	}
	if all < 100 {
		t.Errorf("only %d bodies of the corpus are plain JSON texts: the corpus lost its generators", all)
	}
}

// FuzzDecodeText holds verdict's JSON decoding to encoding/json's on any
// bytes, and the judges' lazy reading to reading the whole value.
func FuzzDecodeText(f *testing.F) {
	c, err := verdict.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range slices.Concat(decodeEdges, lazyEdges) {
		f.Add([]byte(e))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if d := decodeDisagreement(body); d != "" {
			t.Error(d)
		}
		if d := lazyDisagreement(c, body); d != "" {
			t.Error(d)
		}
	})
}
