package generators

import (
	"maps"
	"slices"
	"unicode"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// Stable characters: every character the generators use to assert that
// something must be accepted or rejected should have had the same General
// Category in every Unicode version since 6.0, so that an implementation
// built on older Unicode tables is never flagged for a character it cannot
// know. The table is chosen for that: characters of blocks assigned by
// Unicode 3.1 or earlier (most by 1.1), staying clear of the characters known
// to have moved (U+180E, Zs until 6.2 then Cf; U+1F600 and the other emoji,
// unassigned in 6.0). TestStableTable holds each entry to its recorded
// category in Go's own tables, so a move would show up as a failure when Go
// updates them; it cannot check older versions, which Go does not ship.
type stableRune struct {
	r        rune
	category string // General Category, two letters
	note     string
}

// stableTable is curated; keep it small and varied: 1-, 2-, 3- and 4-byte
// UTF-8 forms, BMP and astral (2 UTF-16 units), letters, numbers, spaces,
// punctuation and symbols.
var stableTable = []stableRune{
	// Letters (L).
	{'a', "Ll", "ASCII"}, {'Z', "Lu", "ASCII"},
	{'é', "Ll", "2-byte Latin-1"}, {'ß', "Ll", "2-byte"}, {'Ω', "Lu", "2-byte Greek"}, {'ж', "Ll", "2-byte Cyrillic"},
	{'ك', "Lo", "2-byte Arabic"}, {'א', "Lo", "2-byte Hebrew"},
	{'ह', "Lo", "3-byte Devanagari"}, {'日', "Lo", "3-byte CJK"}, {'本', "Lo", "3-byte CJK"}, {'あ', "Lo", "3-byte Hiragana"},
	{'한', "Lo", "3-byte Hangul syllable"}, {'ǅ', "Lt", "2-byte titlecase"}, {'ʰ', "Lm", "2-byte modifier letter"},
	{'𐐀', "Lu", "4-byte Deseret (Unicode 3.1)"}, {'𝐀', "Lu", "4-byte mathematical bold (Unicode 3.1)"}, {'𠀀', "Lo", "4-byte CJK Ext. B (Unicode 3.1)"},
	// Numbers (N).
	{'0', "Nd", "ASCII digit"}, {'9', "Nd", "ASCII digit"}, {'٣', "Nd", "2-byte Arabic-Indic digit"}, {'Ⅻ', "Nl", "3-byte Roman numeral"},
	{'½', "No", "2-byte vulgar fraction"}, {'𝟎', "Nd", "4-byte mathematical digit (Unicode 3.1)"},
	// Separators (Z).
	{' ', "Zs", "ASCII space"}, {'\u00a0', "Zs", "no-break space"}, {'\u3000', "Zs", "ideographic space"}, {'\u2028', "Zl", "line separator"},
	{'\u2029', "Zp", "paragraph separator"},
	// Neither L, Z nor N: punctuation, symbols, controls, marks.
	{'!', "Po", "ASCII"}, {'#', "Po", "ASCII"}, {'$', "Sc", "ASCII"}, {'%', "Po", "ASCII"}, {'&', "Po", "ASCII"},
	{'*', "Po", "ASCII"}, {',', "Po", "ASCII"}, {';', "Po", "ASCII"}, {'<', "Sm", "ASCII"}, {'?', "Po", "ASCII"},
	{'[', "Ps", "ASCII"}, {'\\', "Po", "ASCII"}, {'^', "Sk", "ASCII"}, {'`', "Sk", "ASCII"}, {'|', "Sm", "ASCII"}, {'~', "Sm", "ASCII"},
	{'"', "Po", "ASCII"}, {'\'', "Po", "ASCII"}, {'(', "Ps", "ASCII"},
	{'\t', "Cc", "tab"}, {'\n', "Cc", "newline"}, {'\x00', "Cc", "NUL"}, {'\x7f', "Cc", "DEL"},
	{'\r', "Cc", "carriage return"}, {'\b', "Cc", "backspace"}, {'\f', "Cc", "form feed"},
	{'©', "So", "2-byte symbol"}, {'€', "Sc", "3-byte currency"}, {'☃', "So", "3-byte symbol"}, {'\u0301', "Mn", "combining acute"},
	{'\u200b', "Cf", "zero width space (format, not a space)"}, {'𝄞', "So", "4-byte musical symbol (Unicode 3.1)"},
	{'\u0903', "Mc", "Devanagari visarga (spacing mark)"}, {'\u20dd', "Me", "combining enclosing circle"},
	{'\u203f', "Pc", "undertie (connector, not '_')"}, {'\u2013', "Pd", "en dash (not '-')"}, {'\ue000', "Co", "private use"},
	// ASCII characters the contract names explicitly.
	{'_', "Pc", "ASCII"}, {'.', "Po", "ASCII"}, {':', "Po", "ASCII"}, {'/', "Po", "ASCII"}, {'=', "Sm", "ASCII"},
	{'+', "Sm", "ASCII"}, {'-', "Pd", "ASCII"}, {'@', "Po", "ASCII"},
}

// twinRunes are the characters of twin tag keys (see twinKinds) beyond
// ASCII letters and digits, held to the same rule as stableTable
// (TestStableTable) but kept out of the pools: they only ever appear in
// pairs.
var twinRunes = []stableRune{
	{'\u1112', "Lo", "Hangul choseong hieuh (NFD of 한)"}, {'\u1161', "Lo", "Hangul jungseong a"}, {'\u11ab', "Lo", "Hangul jongseong nieun"},
	{'\u00c5', "Lu", "A with ring above"}, {'\u212b', "Lu", "angstrom sign (NFC: U+00C5)"},
	{'\u03c9', "Ll", "Greek small omega"}, {'\u2126', "Lu", "ohm sign (NFC: U+03A9)"},
	{'\u212a', "Lu", "kelvin sign (NFC: K)"}, {'\u0416', "Lu", "Cyrillic capital zhe"},
	{'\uff21', "Lu", "fullwidth A"}, {'\uff41', "Ll", "fullwidth a"}, {'\uff11', "Nd", "fullwidth digit one"},
	{'\u30a2', "Lo", "katakana a"}, {'\uff71', "Lo", "halfwidth katakana a"},
}

// twinKinds are pairs of tag keys that differ only in case, in
// normalization form (canonically equivalent: NFC and NFD, or a singleton
// such as the angstrom sign) or in width (fullwidth and halfwidth forms,
// equal under NFKC): distinct keys by the contract, every character a
// letter or a digit in both.
var twinKinds = []struct {
	name  string
	pairs [][2]string
}{
	{"case", [][2]string{{"Env", "env"}, {"TEAM", "team"}, {"\u03a9mega", "\u03c9mega"}, {"\u0416", "\u0436"}}},
	{"normalization", [][2]string{{"한", "\u1112\u1161\u11ab"}, {"\u00c5", "\u212b"}, {"\u03a9", "\u2126"}, {"K", "\u212a"}}},
	{"width", [][2]string{{"A", "\uff21"}, {"a1", "\uff41\uff11"}, {"\u30a2", "\uff71"}}},
}

// TwinKinds names the kinds of twin tag keys (coverage tests).
func TwinKinds() []string {
	var out []string
	for _, k := range twinKinds {
		out = append(out, k.name)
	}
	return out
}

// twinKeys draws, most of the time, a pair of twin keys valid for the key
// text txt, and its kind (an index in twinKinds).
func (g *Set) twinKeys(t *rapid.T, ml *mapLabels, txt *Text) (a, b string, kind int, ok bool) {
	k := g.twins.Draw(t, ml.twinKeys)
	if k == 0 {
		return "", "", 0, false
	}
	tk := twinKinds[k-1]
	p := tk.pairs[twinPairs[k-1].Draw(t, ml.twinPair)]
	for _, s := range p {
		if n := utf8.RuneCountInString(s); n < txt.Min || n > txt.Max || !txt.Class.Matches(s) {
			return "", "", 0, false
		}
	}
	return p[0], p[1], k - 1, true
}

// twinPairs draw a pair of each of twinKinds, built once. They stay
// unnamed, as generators built for one draw were: rapid labels a draw's
// group with its generator's name.
var twinPairs = func() []*rapid.Generator[int] {
	out := make([]*rapid.Generator[int], len(twinKinds))
	for i, tk := range twinKinds {
		out[i] = rapid.IntRange(0, len(tk.pairs)-1)
	}
	return out
}()

// categoryGroups splits characters by the first letter of their General
// Category (C, L, M, N, P, S, Z), in that order, leaving out empty groups,
// and each group by category, in the order of their names (Cc, Cf, Co).
func categoryGroups(rs []rune) [][][]rune {
	byCategory := map[string][]rune{}
	for _, r := range rs {
		c := categoryOf(r)
		byCategory[c] = append(byCategory[c], r)
	}
	names := slices.Sorted(maps.Keys(byCategory))
	var out [][][]rune
	for _, letter := range "CLMNPSZ" {
		var group [][]rune
		for _, c := range names {
			if rune(c[0]) == letter {
				group = append(group, byCategory[c])
			}
		}
		if len(group) > 0 {
			out = append(out, group)
		}
	}
	return out
}

// CategoryOf returns r's two-letter General Category from Go's tables
// (tests of the distributions).
func CategoryOf(r rune) string { return categoryOf(r) }

// categoryOf returns r's two-letter General Category from Go's tables.
func categoryOf(r rune) string {
	for name, table := range unicode.Categories {
		if len(name) == 2 && name != "LC" && unicode.Is(table, r) { // LC groups Lu, Ll and Lt
			return name
		}
	}
	return "Cn"
}

// pools splits the stable characters by a class: those it admits and those
// it refuses. The valid pool is never empty for a usable class.
func pools(c *Class) (in, out []rune) {
	for _, s := range stableTable {
		if c.Contains(s.r) {
			in = append(in, s.r)
		} else {
			out = append(out, s.r)
		}
	}
	return in, out
}
