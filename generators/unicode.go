package generators

import "unicode"

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
	// Neither L, Z nor N: punctuation, symbols, controls, marks.
	{'!', "Po", "ASCII"}, {'#', "Po", "ASCII"}, {'$', "Sc", "ASCII"}, {'%', "Po", "ASCII"}, {'&', "Po", "ASCII"},
	{'*', "Po", "ASCII"}, {',', "Po", "ASCII"}, {';', "Po", "ASCII"}, {'<', "Sm", "ASCII"}, {'?', "Po", "ASCII"},
	{'[', "Ps", "ASCII"}, {'\\', "Po", "ASCII"}, {'^', "Sk", "ASCII"}, {'`', "Sk", "ASCII"}, {'|', "Sm", "ASCII"}, {'~', "Sm", "ASCII"},
	{'"', "Po", "ASCII"}, {'\'', "Po", "ASCII"}, {'(', "Ps", "ASCII"},
	{'\t', "Cc", "tab"}, {'\n', "Cc", "newline"}, {'\x00', "Cc", "NUL"}, {'\x7f', "Cc", "DEL"},
	{'©', "So", "2-byte symbol"}, {'€', "Sc", "3-byte currency"}, {'☃', "So", "3-byte symbol"}, {'\u0301', "Mn", "combining acute"},
	{'\u200b', "Cf", "zero width space (format, not a space)"}, {'𝄞', "So", "4-byte musical symbol (Unicode 3.1)"},
	// ASCII characters the contract names explicitly.
	{'_', "Pc", "ASCII"}, {'.', "Po", "ASCII"}, {':', "Po", "ASCII"}, {'/', "Po", "ASCII"}, {'=', "Sm", "ASCII"},
	{'+', "Sm", "ASCII"}, {'-', "Pd", "ASCII"}, {'@', "Po", "ASCII"},
}

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
