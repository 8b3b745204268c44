package generators

import (
	"strconv"

	"pgregory.net/rapid"
)

// hostile is an unknown member that is valid JSON but hard to parse: the
// contract ignores unknown members, so a request carrying one is accepted
// (or rejected) for its other members alone, except that past a parser
// limit of the contract notes (nesting, a number's length or range) either
// envelope will do, and still never a 5xx, a drop or a hang. It is written
// from its kind and size, so that shrinking can make it just as big as a
// fault needs.
type hostile struct {
	kind hostileKind
	n    int  // levels, exponent, digits, characters or members
	neg  bool // a negative number
}

type hostileKind uint8

const (
	hostileDeep     hostileKind = iota // arrays and objects nested n levels
	hostileExponent                    // 1e<n>: beyond float64 from n = 309
	hostileDigits                      // an integer of n digits
	hostileLong                        // a string of n characters
	hostileMany                        // n unknown members, spread in the body
	hostileKinds
)

// hostileNames name the kinds in labels and edges.
var hostileNames = [hostileKinds]string{"deep nesting", "huge exponent", "long integer", "long string", "many members"}

// hostileMembers name the member of each kind (a many-members field is
// spread into members of its own names, see manyName).
var hostileMembers = [hostileKinds]string{"nested", "bigNumber", "serial", "note", "many"}

// hostileMin is the smallest size of each kind that shrinking may reach.
var hostileMin = [hostileKinds]int{1, 1, 1, 0, 1}

// hostileSizes draw the size of each kind: a few hundred levels, numbers
// past float64's range, strings of several KiB, hundreds of members; the
// largest half of the time (see upTo).
var hostileSizes = [hostileKinds]*rapid.Generator[int]{
	upTo(100, 500),
	upTo(309, 9999),
	upTo(310, 1000),
	upTo(4<<10, 16<<10),
	upTo(200, 800),
}

// upTo draws a size in [lo, hi], hi half of the time: rapid draws a range's
// small values far more often than its large ones, and a server's limit
// (members, characters) can sit anywhere in the range. Drawn from the range
// alone, a size at or past a limit near its top (256 members, 4 KiB) comes
// too seldom for every seed to meet it.
func upTo(lo, hi int) *rapid.Generator[int] {
	return named(rapid.OneOf(rapid.IntRange(lo, hi), rapid.Just(hi)))
}

var hostilePick = named(rapid.IntRange(0, int(hostileKinds)-1))

// HostileKinds names the kinds of hostile unknown members (coverage tests).
func HostileKinds() []string { return hostileNames[:] }

// drawHostile draws a hostile unknown member.
func drawHostile(t *rapid.T) field {
	return drawHostileOf(t, hostileKind(hostilePick.Draw(t, "hostile kind")))
}

// drawHostileOf draws a hostile unknown member of kind k.
func drawHostileOf(t *rapid.T, k hostileKind) field {
	h := &hostile{kind: k, n: hostileSizes[k].Draw(t, "hostile size")}
	if k == hostileExponent || k == hostileDigits {
		h.neg = h.n%2 == 1
	}
	return field{name: hostileMembers[k], hostile: h}
}

// sizeHint is the size of the plain value (of the members, for
// hostileMany), exactly: TestHostileSizeHint holds it to what
// appendValue and appendMembers write.
func (h *hostile) sizeHint() int {
	neg := 0
	if h.neg {
		neg = 1
	}
	switch h.kind {
	case hostileDeep:
		// '[' or {"a": on the way in, ']' or '}' on the way out, and 0.
		return (h.n+1)/2 + len(`{"a":`)*(h.n/2) + h.n + 1
	case hostileExponent:
		return neg + len("1e") + decimalDigits(h.n)
	case hostileDigits:
		return neg + h.n
	case hostileLong:
		return h.n + 2
	case hostileMany:
		// "name":0 each, with commas between; names of one letter, then
		// two, ... (see appendManyName).
		size := max(h.n-1, 0) + len(`"":0`)*h.n
		for width, first := 1, 0; first < h.n; width++ {
			next := len(manyLetters)
			for range width - 1 {
				next *= len(manyLetters)
			}
			size += width * (min(h.n, next) - first)
			first = next
		}
		return size
	}
	return len("null")
}

// decimalDigits is the number of digits of n >= 0 in base 10.
func decimalDigits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// appendValue appends the value (not for hostileMany, which is members).
func (h *hostile) appendValue(b []byte) []byte {
	switch h.kind {
	case hostileDeep:
		for i := range h.n {
			if i%2 == 0 {
				b = append(b, '[')
			} else {
				b = append(b, `{"a":`...)
			}
		}
		b = append(b, '0')
		for i := h.n - 1; i >= 0; i-- {
			if i%2 == 0 {
				b = append(b, ']')
			} else {
				b = append(b, '}')
			}
		}
		return b
	case hostileExponent:
		if h.neg {
			b = append(b, '-')
		}
		return strconv.AppendInt(append(b, "1e"...), int64(h.n), 10)
	case hostileDigits:
		if h.neg {
			b = append(b, '-')
		}
		const digits = "1234567890"
		for i := range h.n {
			b = append(b, digits[i%len(digits)])
		}
		return b
	case hostileLong:
		b = append(b, '"')
		b = appendRepeat(b, "unknown ", h.n/8)
		b = append(b, "unknown "[:h.n%8]...)
		return append(b, '"')
	}
	return append(b, "null"...)
}

// manyLetters name the members of a many-members field: manyName(i) is i
// written in base 52 with these digits, the shortest names there are.
const manyLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// appendManyName appends the name of the i-th member of a many-members
// field: "a", ..., "Z", "ba", "bb", ... (never a member of the contract,
// which all have longer names).
func appendManyName(b []byte, i int) []byte {
	if i >= len(manyLetters) {
		b = appendManyName(b, i/len(manyLetters))
	}
	return append(b, manyLetters[i%len(manyLetters)])
}

// appendMembers appends the n members of a hostileMany field, each 0, in
// w's spelling when w is set.
func (h *hostile) appendMembers(b []byte, _ string, w *writer) []byte {
	for i := range h.n {
		if i > 0 {
			if w != nil {
				w.b = b
				w.space()
				b = w.b
			}
			b = append(b, ',')
		}
		if w != nil {
			w.b = b
			w.space()
			b = w.b
		}
		b = append(b, '"')
		b = appendManyName(b, i)
		b = append(b, `":0`...)
	}
	return b
}
