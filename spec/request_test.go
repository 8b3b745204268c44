package spec_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/internal/byteedit"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
)

// disagreement says how the compiled verdict on body differs from
// openapi3filter's (ValidateRequest), or "" when they agree: the same
// validity, and for an invalid body a problem ValidateRequest lists too.
func disagreement(s *spec.Spec, body []byte) string {
	v := s.RequestVerdict(body)
	ps := s.ValidateRequest(nil, body)
	switch {
	case v.Valid && len(ps) > 0:
		return fmt.Sprintf("body %s: compiled verdict valid, ValidateRequest finds %v", contract.Excerpt(body, 200), ps)
	case !v.Valid && len(ps) == 0:
		return fmt.Sprintf("body %s: compiled verdict invalid (%s %s), ValidateRequest finds no problem", contract.Excerpt(body, 200), contract.DisplayPointer(v.Problem.Pointer), v.Problem.Keyword)
	case !v.Valid && !slices.ContainsFunc(ps, func(p spec.Problem) bool { return p.Pointer == v.Problem.Pointer && p.Keyword == v.Problem.Keyword }):
		return fmt.Sprintf("body %s: compiled verdict breaks %s %s, ValidateRequest lists %v", contract.Excerpt(body, 200), contract.DisplayPointer(v.Problem.Pointer), v.Problem.Keyword, ps)
	}
	return ""
}

// corpus is what the differential tests judge: every generator's cases
// (valid, each broken constraint, wire, both requests of each probe), each
// also mutated by the generators' structure-aware mutations, byte-level
// edits of them, and bodies each checker could get wrong alone.
func corpus(t testing.TB, s *spec.Spec, n int) [][]byte {
	t.Helper()
	g, err := generators.New(s, generators.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i := range n {
		out = append(out, g.Valid().Example(i).Body, g.Wire().Example(i).Body)
		for _, inv := range g.InvalidEach() {
			out = append(out, inv.Example(i).Body)
		}
		for _, p := range []generators.Probe{g.Upsert().Example(i), g.Distinct().Example(i)} {
			out = append(out, p.First.Body, p.Second.Body)
		}
		out = append(out, g.Mutate().Example(i).Body)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, b := range out[:len(out):len(out)] {
		out = append(out, byteedit.One(rng, b))
	}
	for _, b := range edgeBodies {
		out = append(out, []byte(b))
	}
	return out
}

// edgeBodies are bodies each checker could get wrong alone.
var edgeBodies = []string{
	``, ` `, "\v", "\n\t ", `null`, `[]`, `"x"`, `1e999`, `{}`, `{`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r"}`,
	` {"destinationName":"a","targetArn":"t","roleArn":"r"} `,
	"\v{\"destinationName\":\"a\",\"targetArn\":\"t\",\"roleArn\":\"r\"}",
	"\xef\xbb\xbf{\"destinationName\":\"a\",\"targetArn\":\"t\",\"roleArn\":\"r\"}",
	`{"destinationName":"a","targetArn":"t","roleArn":"r"}{}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":null}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{}}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":null}}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"":"v"}}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k#":"v","k":"v*"}}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":[]}`,
	`{"destinationName":"a\u003a","targetArn":"t","roleArn":"r"}`,
	`{"destinationName":"\ud800","targetArn":"t","roleArn":"r"}`,
	`{"destinationName":"\ud83d\ude00","targetArn":"t","roleArn":"r"}`,
	`{"destinationName":"a\/b","targetArn":"t","roleArn":"r"}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","x":1e999,"y":-0,"z":[[[[[[{}]]]]]]}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","destinationName":"b:"}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","\u0074ags":{}}`,
	`{"destinationName":1,"targetArn":true,"roleArn":null,"tags":"x"}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":"v"},}`,
	`{"destinationName":"a","targetArn":"t","roleArn":"r",NaN:1}`,
	"{\"destinationName\":\"\xff\",\"targetArn\":\"t\",\"roleArn\":\"r\"}",
	"{\"destinationName\":\"" + strings.Repeat("é", 512) + "\",\"targetArn\":\"t\",\"roleArn\":\"r\"}",
	"{\"destinationName\":\"" + strings.Repeat("é", 513) + "\",\"targetArn\":\"t\",\"roleArn\":\"r\"}",
	`{"destinationName":"a","targetArn":"t","roleArn":"r","x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
}

// TestRequestVerdictAgreesWithKin: the request schema compiled once must
// give openapi3filter's verdict on every body of the corpus, and name a
// problem it names; otherwise fuzzing and mutation would judge bodies by
// another contract than the suite's.
func TestRequestVerdictAgreesWithKin(t *testing.T) {
	s := embedded(t)
	n := 40
	if testing.Short() {
		n = 8
	}
	valid, invalid := 0, 0
	for _, body := range corpus(t, s, n) {
		if d := disagreement(s, body); d != "" {
			t.Error(d)
		}
		if s.RequestVerdict(body).Valid {
			valid++
		} else {
			invalid++
		}
	}
	// The corpus must hold both, or the agreement says little.
	if valid == 0 || invalid == 0 {
		t.Errorf("corpus: got %d valid and %d invalid bodies, want some of each", valid, invalid)
	}
}

// TestRequestVerdictSabotageIsCaught guards the differential test itself:
// a compiled schema one constraint away from the spec must disagree with
// openapi3filter somewhere in the corpus.
func TestRequestVerdictSabotageIsCaught(t *testing.T) {
	s := embedded(t)
	for _, tc := range []struct{ name, from, to, reason string }{
		{"maxLength", "maxLength: 512", "maxLength: 511", "a name of 512 characters is valid, and the sabotaged schema refuses it"},
		{"pattern", `pattern: "^[^:*]*$"`, `pattern: "^[^*]*$"`, "':' in a name is invalid, and the sabotaged schema allows it"},
		{"null tags", `type: [object, "null"]`, `type: object`, "null tags are valid, and the sabotaged schema refuses them"},
		{"tag value", "minLength: 0\n      maxLength: 256", "minLength: 1\n      maxLength: 256", "an empty tag value is valid, and the sabotaged schema refuses it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := string(spec.EmbeddedSource())
			if !strings.Contains(src, tc.from) {
				t.Fatalf("the spec no longer holds %q: update the sabotage", tc.from)
			}
			path := filepath.Join(t.TempDir(), "sabotaged.yaml")
			if err := os.WriteFile(path, []byte(strings.Replace(src, tc.from, tc.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			other, err := spec.LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sabotaged := spec.WithRequestSchemaOf(s, other)
			for _, body := range corpus(t, s, 8) {
				if disagreement(sabotaged, body) != "" {
					return
				}
			}
			t.Errorf("sabotage %s (%s): got no disagreement with ValidateRequest over the corpus, want one", tc.name, tc.reason)
		})
	}
}

func TestSilence(t *testing.T) {
	const ok = `"targetArn":"t","roleArn":"r"`
	// tags of n distinct keys, then extra members
	tags := func(n int, extra string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `"k%d":"v",`, i)
		}
		return `{"destinationName":"a",` + ok + `,"tags":{` + b.String() + extra + `"end":"v"}}`
	}
	for _, tc := range []struct{ body, want, reason string }{
		{`{"destinationName":"a",` + ok + `}`, "", "an ordinary body"},
		{"{\"destinationName\":\"\xff\"," + ok + "}", verdict.SilentInvalidUTF8, "invalid UTF-8 in a string"},
		{"{\"destinationName\":\"\xff\"," + ok, "", "malformed, whatever else it holds"},
		{`{"destinationName":"a",` + ok + `,"destinationName":"b"}`, verdict.SilentDuplicateKey, "a duplicate member"},
		{`{"destinationName":"a",` + ok + `,"destinationN\u0061me":"b"}`, verdict.SilentDuplicateKey, "a duplicate spelled with an escape"},
		{`{"destinationName":"a",` + ok + `,"tags":{"k":"v","k":"w"}}`, verdict.SilentDuplicateKey, "a duplicate tag key"},
		{`{"destinationName":"a",` + ok + `,"x":[{"k":1},{"k":2}]}`, "", "the same name in two objects"},
		{`{"destinationName":"\ud800",` + ok + `}`, verdict.SilentLoneSurrogate, "a high surrogate alone"},
		{`{"destinationName":"\udc00x",` + ok + `}`, verdict.SilentLoneSurrogate, "a low surrogate alone"},
		{`{"destinationName":"\ud800\u0041",` + ok + `}`, verdict.SilentLoneSurrogate, "a high surrogate before another escape"},
		{`{"destinationName":"\ud83d\ude00\\u",` + ok + `}`, "", "a pair, then an escaped backslash"},
		{"\xef\xbb\xbf{\"destinationName\":\"a\"," + ok + "}", verdict.SilentByteOrderMark, "a byte order mark before the text"},
		{"\xef\xbb\xbf{", "", "a byte order mark before a malformed text"},
		{tags(5000, ""), "", "thousands of distinct tag keys"},
		{tags(5000, `"k3":"w",`), verdict.SilentDuplicateKey, "a duplicate of an early key, past thousands"},
		{tags(5000, `"k4999":"w",`), verdict.SilentDuplicateKey, "a duplicate of a late key"},
		{tags(20, `"k\u0031":"w",`), verdict.SilentDuplicateKey, "a duplicate spelled with an escape, past 16 keys"},
	} {
		if got := verdict.Silence([]byte(tc.body)); got != tc.want {
			t.Errorf("Silence(%q) (%s): got %q, want %q", tc.body, tc.reason, got, tc.want)
		}
	}
}

// FuzzRequestVerdict holds the compiled verdict to openapi3filter's on
// fuzzed bytes, seeded with the corpus.
func FuzzRequestVerdict(f *testing.F) {
	s, err := spec.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range corpus(f, s, 4) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if d := disagreement(s, body); d != "" {
			t.Error(d)
		}
	})
}

// BenchmarkRequestVerdict is the cost of judging one request body with the
// compiled schema, against the contract compiled to Go and
// ValidateRequest.
func BenchmarkRequestVerdict(b *testing.B) {
	s, err := spec.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"destinationName":"dst-1","targetArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","roleArn":"arn:aws:iam::123456789012:role/r","tags":{"team":"logs","env":"prod"}}`)
	b.Run("RequestVerdict", func(b *testing.B) {
		for b.Loop() {
			if !s.RequestVerdict(body).Valid {
				b.Fatal("invalid")
			}
		}
	})
	c, err := verdict.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verdict.Embedded", func(b *testing.B) {
		for b.Loop() {
			if !c.RequestVerdict(body).Valid {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("ValidateRequest", func(b *testing.B) {
		for b.Loop() {
			if len(s.ValidateRequest(nil, body)) > 0 {
				b.Fatal("invalid")
			}
		}
	})
}
