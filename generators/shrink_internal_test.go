package generators

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
)

// judge is a try for Shrink that never sends anything: fails says whether
// a candidate shows the fault. Every candidate must keep its expectation
// by the spec (Shrink's promise), and a name that could be accepted must
// keep the prefix: judge fails the test otherwise. It counts the tries and
// stops after max of them (0: no bound).
type judge struct {
	t     *testing.T
	s     *spec.Spec
	g     *Set
	fails func(cs []Case) bool
	max   int
	tries int
}

func (j *judge) try(cs []Case) (bool, bool) {
	if j.max > 0 && j.tries >= j.max {
		return false, false
	}
	j.tries++
	for _, c := range cs {
		ps := j.s.ValidateRequest(nil, c.Body)
		switch c.Expect.Outcome {
		case contract.Accept:
			if len(ps) > 0 {
				j.t.Fatalf("candidate %s: spec problems %v, want none (the case was valid)", c.Body, ps)
			}
		case contract.Reject:
			if len(ps) != 1 || ps[0].Keyword != c.Expect.Breaks.Keyword || ps[0].Pointer != c.Expect.Breaks.Pointer {
				j.t.Fatalf("candidate %s: spec problems %v, want exactly %v", c.Body, ps, c.Expect.Breaks)
			}
		}
		if c.Name != "" && !strings.HasPrefix(c.Name, j.g.prefix) {
			j.t.Fatalf("candidate %s: name %q without the prefix %q", c.Body, c.Name, j.g.prefix)
		}
	}
	return j.fails(cs), true
}

// big is a valid case with everything shrinking should remove: a spelling,
// tags, unknown and hostile members, long strings.
func big(g *Set, name string) Case {
	d := &draft{name: name, spell: spelling{escape: escapeSome, space: true, reorder: true, seed: 9}}
	d.setDrawn(contract.IdentityMember, plain(name))
	d.setDrawn("targetArn", repeated("", "arn:aws:kinesis:é/", "ar", 300, 0))
	d.setDrawn("roleArn", plain(strings.Repeat("r", 700)))
	var tags []field
	for i := range 20 {
		tags = append(tags, field{name: string(rune('A'+i)) + "key", src: plain(strings.Repeat("v", 100)), fromSrc: true})
	}
	d.setObject("tags", tags)
	d.set("accessPolicy", []byte(`{"Version":"2012-10-17"}`))
	d.put(field{name: "nested", hostile: &hostile{kind: hostileDeep, n: 300}})
	return d.valid("valid")
}

func nameOf(t *testing.T, body []byte) string {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	s, _ := m[contract.IdentityMember].(string)
	return s
}

// TestShrinkSizeFault: a fault that needs size (a name over 512 bytes of
// UTF-8) comes out as the shortest name that shows it, plain, alone with
// its required members, the prefix kept.
func TestShrinkSizeFault(t *testing.T) {
	s, g := newTestSet(t, Options{Prefix: "ci-"})
	c := big(g, "ci-"+strings.Repeat("é", 500))
	j := &judge{t: t, s: s, g: g, fails: func(cs []Case) bool { return len(nameOf(t, cs[0].Body)) > 512 }}
	out, complete := g.Shrink([]Case{c}, j.try)
	name := nameOf(t, out[0].Body)
	if !complete || len(name) != 513 && len(name) != 514 || !strings.HasPrefix(name, "ci-") {
		t.Errorf("shrunk name: got %d bytes %q (complete %v), want 513 or 514 bytes with the prefix", len(name), name, complete)
	}
	want := `{"destinationName":"` + name + `","targetArn":"a","roleArn":"a"}`
	if string(out[0].Body) != want {
		t.Errorf("shrunk body: got %s, want %s (after %d tries)", out[0].Body, want, j.tries)
	}
	t.Logf("%d tries: %d bytes", j.tries, len(out[0].Body))
}

// TestShrinkSpellingFault: a fault that needs an escape keeps one (escaped
// spelling), and the rest goes.
func TestShrinkSpellingFault(t *testing.T) {
	s, g := newTestSet(t, Options{})
	c := scheduled(t, g, func(cell Cell, c Case) bool {
		return cell.Pointer == "/"+contract.IdentityMember && cell.Keyword == "pattern" && strings.HasPrefix(cell.Way, "':'") && c.Spelling() == "escaped-all"
	})
	fails := func(cs []Case) bool {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(cs[0].Body, &m)
		return strings.Contains(strings.ToLower(string(m[contract.IdentityMember])), `\u003a`)
	}
	if !fails([]Case{c}) {
		t.Fatalf("case %s: no escaped ':' to begin with", c.Body)
	}
	j := &judge{t: t, s: s, g: g, fails: fails}
	out, complete := g.Shrink([]Case{c}, j.try)
	if want := `{"destinationName":"\u003a","targetArn":"a","roleArn":"a"}`; !complete || !strings.EqualFold(string(out[0].Body), want) {
		t.Errorf("shrunk: got %s in spelling %s (complete %v), want %s", out[0].Body, out[0].Spelling(), complete, want)
	}
	if got := nameOf(t, out[0].Body); got != ":" {
		t.Errorf("shrunk name: got %q, want \":\"", got)
	}
}

// TestShrinkHostileAndTags: a fault in the depth of an unknown member
// comes out at the least depth that shows it; one in the number of tags,
// at that many tags, one character each.
func TestShrinkHostileAndTags(t *testing.T) {
	s, g := newTestSet(t, Options{})
	c := big(g, "n")
	j := &judge{t: t, s: s, g: g, fails: func(cs []Case) bool { return depthOf(cs[0].Body) > 64 }}
	out, _ := g.Shrink([]Case{c}, j.try)
	if d := depthOf(out[0].Body); d != 65 || len(out[0].Body) > 400 {
		t.Errorf("deep member: got depth %d in %d bytes %s, want 65 in a small body", d, len(out[0].Body), out[0].Body)
	}
	j = &judge{t: t, s: s, g: g, fails: func(cs []Case) bool {
		var m struct{ Tags map[string]string }
		_ = json.Unmarshal(cs[0].Body, &m)
		return len(m.Tags) >= 7
	}}
	out, _ = g.Shrink([]Case{c}, j.try)
	var m struct{ Tags map[string]string }
	_ = json.Unmarshal(out[0].Body, &m)
	if len(m.Tags) != 7 || len(out[0].Body) > 150 {
		t.Errorf("tags: got %d in %s, want 7 of one character each", len(m.Tags), out[0].Body)
	}
	for k, v := range m.Tags {
		if utf8.RuneCountInString(k) != 1 || v != "" {
			t.Errorf("tag %q: %q, want a one-character key and an empty value", k, v)
		}
	}
}

// TestShrinkPairKeepsItsNames: a distinct pair keeps two names that differ
// as they did, shrunk together; an upsert pair keeps one.
func TestShrinkPairKeepsItsNames(t *testing.T) {
	s, g := newTestSet(t, Options{})
	a, b := big(g, strings.Repeat("p", 300)+"A"), big(g, strings.Repeat("p", 300)+"a")
	j := &judge{t: t, s: s, g: g, fails: func(cs []Case) bool {
		return strings.EqualFold(cs[0].Name, cs[1].Name) && cs[0].Name != cs[1].Name
	}}
	out, complete := g.Shrink([]Case{a, b}, j.try)
	if !complete || out[0].Name != "A" || out[1].Name != "a" {
		t.Errorf("distinct pair: got %q and %q (complete %v), want \"A\" and \"a\"", out[0].Name, out[1].Name, complete)
	}
	j = &judge{t: t, s: s, g: g, fails: func(cs []Case) bool { return cs[0].Name == cs[1].Name && len(cs[0].Body) != len(cs[1].Body) }}
	c2 := big(g, "same-name")
	d := c2.doc.clone()
	d.fields[1].src = plain("other")
	c2b, _ := g.rebuild(c2, d)
	out, _ = g.Shrink([]Case{c2, c2b}, j.try)
	if out[0].Name != out[1].Name || len(out[0].Name) != 1 {
		t.Errorf("upsert pair: got names %q and %q, want one name of one character", out[0].Name, out[1].Name)
	}
}

// TestShrinkStopsWhenTryCannotSend: a try that cannot send stops shrinking,
// which says it did not finish.
func TestShrinkStopsWhenTryCannotSend(t *testing.T) {
	s, g := newTestSet(t, Options{})
	c := big(g, "n")
	j := &judge{t: t, s: s, g: g, max: 2, fails: func([]Case) bool { return true }}
	out, complete := g.Shrink([]Case{c}, j.try)
	if complete || j.tries != 2 || len(out[0].Body) >= len(c.Body) {
		t.Errorf("got complete %v after %d tries, %d bytes of %d, want incomplete after 2, smaller", complete, j.tries, len(out[0].Body), len(c.Body))
	}
}

// TestShrinkWireCase: a wire case shrinks inside its malformation.
func TestShrinkWireCase(t *testing.T) {
	s, g := newTestSet(t, Options{})
	d := &draft{}
	d.setDrawn(contract.IdentityMember, plain(strings.Repeat("n", 400)))
	d.setDrawn("targetArn", plain("t"))
	d.setDrawn("roleArn", plain("r"))
	c := wrapped(reject("wire trailing bytes after the object", "", "json", nil), d, func(b []byte) []byte { return append(b, 'x') })
	j := &judge{t: t, s: s, g: g, fails: func(cs []Case) bool { return strings.HasSuffix(string(cs[0].Body), "}x") }}
	out, _ := g.Shrink([]Case{c}, j.try)
	if want := `{"destinationName":"a","targetArn":"a","roleArn":"a"}x`; string(out[0].Body) != want {
		t.Errorf("wire case: got %s, want %s", out[0].Body, want)
	}
}

// TestRemark: a fresh marker goes after the prefix, or at the end of a pair
// that differs from its first character; a name at its maximum loses
// characters it shares with its pair.
func TestRemark(t *testing.T) {
	_, g := newTestSet(t, Options{Prefix: "ci-"})
	mk := func(name string) Case { return big(g, name) }
	for _, tc := range []struct {
		names, want []string
	}{
		{[]string{"ci-x", "ci- x"}, []string{"ci-xM-", "ci- xM-"}},
		{[]string{"ci-x", "ci-x "}, []string{"ci-M-x", "ci-M-x "}},
		{[]string{"ci-same", "ci-same"}, []string{"ci-M-same", "ci-M-same"}},
		{[]string{"ci-" + strings.Repeat("p", 508) + "a", "ci-" + strings.Repeat("p", 508) + "b"},
			[]string{"ci-M-" + strings.Repeat("p", 506) + "a", "ci-M-" + strings.Repeat("p", 506) + "b"}},
	} {
		var cs []Case
		for _, n := range tc.names {
			cs = append(cs, mk(n))
		}
		out, ok := g.Remark(cs, "M-")
		if !ok {
			t.Errorf("Remark(%q): got not ok", tc.names)
			continue
		}
		for i := range out {
			if out[i].Name != tc.want[i] || nameOf(t, out[i].Body) != tc.want[i] {
				t.Errorf("Remark(%q)[%d]: got %q (body %q), want %q", tc.names, i, out[i].Name, nameOf(t, out[i].Body), tc.want[i])
			}
		}
	}
}

// scheduled is the first case of the invalid schedule, over its cells and
// a few seeds each, that want accepts.
func scheduled(t *testing.T, g *Set, want func(Cell, Case) bool) Case {
	t.Helper()
	sched := g.InvalidSchedule()
	for k, cell := range g.Cells() {
		for seed := range 4 {
			if c := sched[k].Example(seed); want(cell, c) {
				return c
			}
		}
	}
	t.Fatal("no case of the invalid schedule as wanted")
	return Case{}
}

// depthOf is the deepest nesting in a JSON text, read with encoding/json's
// tokenizer (as far as it reads).
func depthOf(b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers beyond float64 are tokens too
	d, most := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return most
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			d++
			most = max(most, d)
		case json.Delim('}'), json.Delim(']'):
			d--
		}
	}
}

// TestLiteralOf: a string literal is read as text only when it means what
// it decodes to.
func TestLiteralOf(t *testing.T) {
	for _, tc := range []struct {
		raw    string
		want   bool
		reason string
	}{
		{`"a"`, true, "plain"},
		{`"\ud835\udc00"`, true, "a surrogate pair"},
		{`"\uD835\uDC00x"`, true, "a pair in upper case"},
		{`"\ud835"`, false, "a lone high surrogate"},
		{`"\udc00"`, false, "a lone low surrogate"},
		{`"\ud835x"`, false, "a high surrogate before a character"},
		{`"\\ud835"`, true, "an escaped backslash, then text"},
		{`"\ud835\u0041"`, false, "a high surrogate before another escape"},
		{"\"\xff\"", false, "invalid UTF-8"},
		{`"\n\u00e9"`, true, "short and \\u escapes"},
	} {
		if got := literalOf([]byte(tc.raw)); got != tc.want {
			t.Errorf("literalOf(%s) (%s): got %v, want %v", tc.raw, tc.reason, got, tc.want)
		}
	}
}

// TestShrinkReadsAnyObject: a body the generators did not build (a mutated
// one) is read into a doc in a spelling near its own, and shrinks.
func TestShrinkReadsAnyObject(t *testing.T) {
	s, g := newTestSet(t, Options{})
	body := `{"reques\u0074Id":0E+400, "destinationName":"\u0061\u003a\u0062","targetArn":"` + strings.Repeat("t", 900) +
		`","roleArn":"r","tags":{"k":"v","\u00e9":"w"},"extra":[1,2,{"a":null}]}`
	c := Case{Label: "mutated", Body: []byte(body), Expect: contract.Expectation{Outcome: contract.Reject,
		Breaks: contract.Constraint{Pointer: "/destinationName", Keyword: "pattern"}}}
	if !g.Shrinkable(c) {
		t.Fatalf("Shrinkable(%s): got false, want true", body)
	}
	for _, notObject := range []string{`[]`, `{"a":1}x`, `{"a":1,"a":2}`, "{\"a\":\"\xff\"", ``} {
		if g.Shrinkable(Case{Body: []byte(notObject)}) {
			t.Errorf("Shrinkable(%q): got true, want false (not one object of distinct members)", notObject)
		}
	}
	j := &judge{t: t, s: s, g: g, fails: func(cs []Case) bool {
		return strings.Contains(strings.ToLower(nameLiteral(t, cs[0].Body)), `\u003a`)
	}}
	out, complete := g.Shrink([]Case{c}, j.try)
	if want := `{"destinationName":"\u003a","targetArn":"a","roleArn":"a"}`; !complete || !strings.EqualFold(string(out[0].Body), want) {
		t.Errorf("shrunk: got %s (complete %v), want %s", out[0].Body, complete, want)
	}
}

// TestShrinkEscapedCharacters: a fault that needs a 512-character name,
// met with a name of control characters (two to six bytes each in the
// body), comes out as 512 ASCII characters: the characters JSON escapes
// are wide characters too.
func TestShrinkEscapedCharacters(t *testing.T) {
	s, g := newTestSet(t, Options{})
	name := strings.Repeat("\n\x00\b\r\"\\", 85) + "\t\f"
	c := big(g, name)
	j := &judge{t: t, s: s, g: g, fails: func(cs []Case) bool { return utf8.RuneCountInString(cs[0].Name) == 512 }}
	out, complete := g.Shrink([]Case{c}, j.try)
	if want := `{"destinationName":"` + strings.Repeat("a", 512); !complete || !strings.HasPrefix(string(out[0].Body), want) || len(out[0].Body) > 600 {
		t.Errorf("got %d bytes %.80s... (complete %v), want 512 ASCII characters in a body under 600 bytes", len(out[0].Body), out[0].Body, complete)
	}
}
