// Package byteedit makes the one-byte edits of a body that the
// differential tests of spec and verdict judge beside the generators'
// bodies: near-misses of valid JSON texts, where two judges most often
// part ways.
package byteedit

import (
	"math/rand/v2"
	"slices"
)

// inserted are the bytes an edit may insert: JSON's structure, escapes,
// number parts, white space, and bytes that are not UTF-8 or not allowed
// in a string.
const inserted = "{}[]\",:\\ \t\v0e-.u\x00\xff\xed"

// One flips, drops, inserts or duplicates one byte of b, or cuts b short,
// as rng draws; b is not modified.
func One(rng *rand.Rand, b []byte) []byte {
	if len(b) == 0 {
		return []byte{byte(rng.IntN(256))}
	}
	b = slices.Clone(b)
	i := rng.IntN(len(b))
	switch rng.IntN(5) {
	case 0:
		b[i] ^= 1 << rng.IntN(8)
	case 1:
		b = slices.Delete(b, i, i+1)
	case 2:
		b = slices.Insert(b, i, inserted[rng.IntN(len(inserted))])
	case 3:
		b = slices.Insert(b, i, b[i])
	default:
		b = b[:i]
	}
	return b
}
