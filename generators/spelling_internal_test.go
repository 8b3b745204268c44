package generators

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/jsontext"
	"github.com/putdestination/conformance/spec"
	"golang.org/x/text/unicode/norm"
	"pgregory.net/rapid"
)

func newTestSet(t testing.TB, opts Options) (*spec.Spec, *Set) {
	t.Helper()
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, g
}

func problemSet(ps []spec.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Pointer+" "+p.Keyword)
	}
	slices.Sort(out)
	return out
}

// TestSpellingNeverChangesTheVerdict: a case written in any spelling gets
// the verdict it gets written plain, from the spec (the same problems) and
// from the emulator (the same request decoded, or a rejection): the
// expectation never depends on the spelling.
func TestSpellingNeverChangesTheVerdict(t *testing.T) {
	s, g := newTestSet(t, Options{Prefix: "ci-"})
	rapid.Check(t, func(t *rapid.T) {
		var c Case
		switch rapid.IntRange(0, 3).Draw(t, "generator") {
		case 0:
			c = g.Valid().Draw(t, "case")
		case 1:
			c = g.Invalid().Draw(t, "case")
		default:
			p := rapid.OneOf(g.Upsert(), g.Distinct()).Draw(t, "probe")
			c = p.Second
		}
		plainBody := object(c.doc.fields)
		wantProblems := problemSet(s.ValidateRequest(nil, plainBody))
		wantReq, wantErr := emulator.Parse(plainBody)
		for _, sp := range spellings {
			sp.seed = rapid.Uint64().Draw(t, "spelling seed")
			body := encode(c.doc.fields, sp)
			if !json.Valid(body) {
				t.Fatalf("%s in spelling %s: body %q is not valid JSON", c.Label, sp.name(), body)
			}
			if got := problemSet(s.ValidateRequest(nil, body)); !slices.Equal(got, wantProblems) {
				t.Fatalf("%s in spelling %s: spec problems %q, want %q as written plain\nbody: %s", c.Label, sp.name(), got, wantProblems, body)
			}
			req, err := emulator.Parse(body)
			if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(req, wantReq) {
				t.Fatalf("%s in spelling %s: emulator got %+v, %v, want %+v, %v as written plain\nbody: %s", c.Label, sp.name(), req, err, wantReq, wantErr, body)
			}
		}
	})
}

// TestEscapedFormsKeepTheirVerdict: a forbidden character written as an
// escape still breaks the pattern, and a name of the maximum length written
// with escapes (a literal far over 512 characters) is still valid.
func TestEscapedFormsKeepTheirVerdict(t *testing.T) {
	s, g := newTestSet(t, Options{})
	all := spelling{escape: escapeAll, seed: 3}
	for _, tc := range []struct {
		name, reason string
		fields       []field
		wantRaw      *regexp.Regexp // in the body
		valid        bool
	}{
		{"colon escaped", `"a\u003ab" is "a:b"`, []field{textField(contract.IdentityMember, "a:b"), textField("targetArn", "t"), textField("roleArn", "r")},
			regexp.MustCompile(`(?i)\\u0061(\\u003a)\\u0062`), false},
		{"asterisk escaped", `'*' written \u002a`, []field{textField(contract.IdentityMember, "*"), textField("targetArn", "t"), textField("roleArn", "r")},
			regexp.MustCompile(`(?i)"\\u002a"`), false},
		{"512 escaped characters", "512 characters whatever their literal", []field{textField(contract.IdentityMember, strings.Repeat("é", 512)), textField("targetArn", "t"), textField("roleArn", "r")},
			regexp.MustCompile(`(?i)"(\\u00e9){512}"`), true},
		{"astral escaped", "a surrogate pair is one character", []field{textField(contract.IdentityMember, strings.Repeat("𝐀", 512)), textField("targetArn", "t"), textField("roleArn", "r")},
			regexp.MustCompile(`(?i)"(\\ud835\\udc00){512}"`), true},
		{"tag key escaped", `a key sent as "\u00e9" is é`, []field{textField(contract.IdentityMember, "n"), textField("targetArn", "t"), textField("roleArn", "r"),
			{name: "tags", isObj: true, obj: []field{{name: "é", src: plain("v"), fromSrc: true}}}},
			regexp.MustCompile(`(?i)\{"\\u00e9":`), true},
	} {
		body := encode(tc.fields, all)
		if !tc.wantRaw.Match(body) {
			t.Errorf("%s (%s): body %s: got no match for %s", tc.name, tc.reason, body, tc.wantRaw)
		}
		ps := s.ValidateRequest(nil, body)
		_, err := emulator.Parse(body)
		if tc.valid && (len(ps) > 0 || err != nil) {
			t.Errorf("%s (%s): got spec problems %v, emulator %v, want accepted", tc.name, tc.reason, ps, err)
		}
		if !tc.valid && (len(ps) != 1 || ps[0].Keyword != "pattern" || err == nil) {
			t.Errorf("%s (%s): got spec problems %v, emulator %v, want rejected for the pattern", tc.name, tc.reason, ps, err)
		}
	}
	// The same through the schedule: each character the name refuses
	// comes in a case written with every character escaped, which writes
	// it as an escape.
	sched := g.InvalidSchedule()
	for _, bad := range []string{"':'", "'*'"} {
		escaped := 0
		for k, cell := range g.Cells() {
			if cell.Pointer != "/"+contract.IdentityMember || cell.Keyword != "pattern" || !strings.HasPrefix(cell.Way, bad) {
				continue
			}
			for seed := range 3 {
				c := sched[k].Example(seed)
				if c.Spelling() != "escaped-all" {
					continue
				}
				escaped++
				if strings.ContainsAny(nameLiteral(t, c.Body), ":*") {
					t.Errorf("%s written escaped-all: name literal %s, want every character escaped", cell, nameLiteral(t, c.Body))
				}
			}
		}
		if escaped == 0 {
			t.Errorf("schedule: no case with %s in the name written escaped-all, want one", bad)
		}
	}
}

// nameLiteral is the raw literal of the destinationName of a body.
func nameLiteral(t *testing.T, body []byte) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	return string(m[contract.IdentityMember])
}

var (
	surrogatePair = regexp.MustCompile(`(?i)\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}`)
	lowerHex      = regexp.MustCompile(`\\u[0-9][0-9a-f]*[a-f][0-9a-f]*`)
	upperHex      = regexp.MustCompile(`\\u[0-9][0-9A-F]*[A-F][0-9A-F]*`)
)

// TestDistributions proves, over a fixed number of draws, that every
// spelling and every form each one takes appears, that accepted tag keys and
// values cover every General Category the tag class admits and each listed
// punctuation character, that rejected ones cover the categories just
// outside it, that twin keys, hostile unknown members and every kind of
// distinct-name pair appear, and that every character whose verdict a tag
// asserts is stable (see stableTable).
func TestDistributions(t *testing.T) {
	_, g := newTestSet(t, Options{})
	const draws = 1000
	seen := map[string]bool{}
	mark := func(what string) { seen[what] = true }
	rejected := map[string]int{} // refused tag characters, by category
	stable := map[rune]bool{}
	for _, s := range append(slices.Clone(stableTable), twinRunes...) {
		stable[s.r] = true
	}
	tagMembers := func(body []byte) map[string]string {
		var m struct {
			Tags map[string]any `json:"tags"`
		}
		_ = json.Unmarshal(body, &m)
		out := map[string]string{}
		for k, v := range m.Tags {
			if s, ok := v.(string); ok {
				out[k] = s
			} else {
				out[k] = ""
			}
		}
		return out
	}
	checkStable := func(c Case, s string) {
		for _, r := range s {
			if !stable[r] && !strings.ContainsRune(plainRunes, r) {
				t.Errorf("%s: tag character %U is not in the stable table", c.Label, r)
			}
		}
	}
	forms := func(body []byte, sp string) {
		b := string(body)
		for form, re := range map[string]*regexp.Regexp{"surrogate pair": surrogatePair, "lower-case hex": lowerHex, "upper-case hex": upperHex} {
			if re.MatchString(b) {
				mark("escape " + form)
			}
		}
		for _, short := range []string{`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`} {
			if strings.Contains(b, short) && sp != "plain" {
				mark("escape " + short)
			}
		}
		if strings.Contains(sp, "spaced") {
			for _, ws := range " \t\r\n" {
				if strings.HasPrefix(b, string(ws)) {
					mark("white space before " + string(ws))
				}
				if strings.HasSuffix(b, string(ws)) {
					mark("white space after " + string(ws))
				}
				if strings.Contains(b, string(ws)+":") || strings.Contains(b, ":"+string(ws)) {
					mark("white space between " + string(ws))
				}
			}
		}
		if strings.Contains(sp, "reordered") {
			var names []string
			_ = jsontext.Members(body, func(name string, _ jsontext.Value) error {
				names = append(names, name)
				return nil
			}, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
			known := func(n string) bool { _, ok := g.Model.Member(n); return ok }
			if len(names) > 0 && names[0] != contract.IdentityMember {
				mark("members in another order")
			}
			for i, n := range names {
				if known(n) {
					continue
				}
				switch {
				case !slices.ContainsFunc(names[:i], known):
					mark("unknown member before")
				case !slices.ContainsFunc(names[i+1:], known):
					mark("unknown member after")
				default:
					mark("unknown member between")
				}
			}
		}
	}
	rounds := g.InvalidRounds()
	for i := range draws {
		for _, c := range []Case{g.Valid().Example(i), g.Invalid().Example(i), rounds[i%len(rounds)].Example(i)} {
			for _, e := range c.Edges {
				mark(e)
			}
			forms(c.Body, c.Spelling())
			tags := tagMembers(c.Body)
			for k, v := range tags {
				for _, s := range []string{k, v} {
					for _, r := range s {
						switch {
						case c.Expect.Outcome == contract.Accept && strings.ContainsRune("_.:/=+-@", r):
							mark("accepted " + string(r))
						case c.Expect.Outcome == contract.Accept:
							mark("accepted " + categoryOf(r))
						case c.Expect.Outcome == contract.Reject && strings.Contains(c.Expect.Breaks.Keyword, "pattern") && !emulator.IsTagRune(r):
							mark("rejected " + categoryOf(r))
							rejected[categoryOf(r)]++
						}
					}
					if c.Expect.Outcome == contract.Accept || strings.Contains(c.Expect.Breaks.Keyword, "pattern") {
						checkStable(c, s)
					}
				}
			}
		}
		mark(g.Distinct().Example(i).Label)
	}
	var want []string
	for _, sp := range Spellings() {
		want = append(want, "spelling "+sp)
	}
	for _, k := range TwinKinds() {
		want = append(want, "tags twin keys "+k)
	}
	for _, h := range HostileKinds() {
		want = append(want, "hostile "+h)
	}
	for _, cat := range []string{"Lu", "Ll", "Lt", "Lm", "Lo", "Zs", "Zl", "Zp", "Nd", "Nl", "No"} {
		want = append(want, "accepted "+cat)
	}
	for _, r := range "_.:/=+-@" {
		want = append(want, "accepted "+string(r))
	}
	// Pc, Pd and Sm come in beside '_', '-', '+' and '=', which are
	// accepted: "rejected" counts the refused characters only.
	for _, cat := range []string{"Mn", "Mc", "Me", "Pc", "Pd", "Sm", "Sc", "Sk", "So", "Cc", "Cf", "Co"} {
		want = append(want, "rejected "+cat)
	}
	for _, f := range []string{"surrogate pair", "lower-case hex", "upper-case hex", `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`} {
		want = append(want, "escape "+f)
	}
	for _, ws := range []string{" ", "\t", "\r", "\n"} {
		want = append(want, "white space before "+ws, "white space after "+ws, "white space between "+ws)
	}
	want = append(want, "members in another order", "unknown member before", "unknown member between", "unknown member after")
	for _, p := range []string{"case", "NFC vs NFD", "leading white space", "trailing white space", "long shared prefix",
		"trailing NUL or control character", "zero-width character", "compatibility form"} {
		want = append(want, "distinct names: "+p)
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("over %d draws: got no %q, want some", draws, w)
		}
	}
	// Not by chance alone: a group's refused characters are mostly of one
	// category (Cc in C), and one draw among them all met Cf once in 1,000.
	for cat, n := range rejected {
		if n < 2 {
			t.Errorf("over %d draws: got %d refused tag characters of category %s, want at least 2", draws, n, cat)
		}
	}
}

// TestTwinKeys: every twin pair is two distinct keys, both valid, that a
// careless comparison takes as one: equal folded to lower case (case),
// under NFC (normalization), under NFKC but not NFC (width); every
// character of them is stable.
func TestTwinKeys(t *testing.T) {
	_, g := newTestSet(t, Options{})
	tags, _ := g.Model.Member("tags")
	stable := map[rune]bool{}
	for _, s := range append(slices.Clone(stableTable), twinRunes...) {
		stable[s.r] = true
	}
	for _, kind := range twinKinds {
		for _, p := range kind.pairs {
			a, b := p[0], p[1]
			if a == b || !tags.Map.Key.Class.Matches(a) || !tags.Map.Key.Class.Matches(b) {
				t.Errorf("%s twins %q, %q: want two distinct valid keys", kind.name, a, b)
			}
			for _, r := range a + b {
				if !stable[r] && !strings.ContainsRune(plainRunes, r) {
					t.Errorf("%s twins %q, %q: %U is not stable", kind.name, a, b, r)
				}
			}
			if !twinsUnder(kind.name, a, b) {
				t.Errorf("%s twins %q, %q: not equal under the %s folding", kind.name, a, b, kind.name)
			}
		}
	}
	if n := utf8.RuneCountInString(twinKinds[1].pairs[0][1]); n != 3 {
		t.Errorf("NFD of 한: got %d characters, want 3 jamo", n)
	}
}

// twinsUnder reports whether a and b are one key under the folding of
// their kind.
func twinsUnder(kind, a, b string) bool {
	switch kind {
	case "case":
		return strings.ToLower(a) == strings.ToLower(b)
	case "normalization":
		return norm.NFC.String(a) == norm.NFC.String(b)
	case "width":
		return norm.NFKC.String(a) == norm.NFKC.String(b) && norm.NFC.String(a) != norm.NFC.String(b)
	}
	return false
}
