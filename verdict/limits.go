package verdict

import (
	"bytes"
	"errors"
	"strconv"
)

// The parser limits of the contract notes. RFC 8259 §9 lets a parser limit
// the size of texts, the depth of nesting, the range and precision of
// numbers, and the length of strings, and the contract names no limit of
// its own, so a valid request past one of these may get either envelope
// (never a 5xx, a drop or a hang). Each is at or below what the common
// parsers and servers allow by default, so that none of them is held to
// more than it does.
const (
	// MaxDepth is the deepest nesting of arrays and objects a server must
	// parse, the request's object counting as one level. ASP.NET Core's
	// JSON input stops at 32 (System.Text.Json and Newtonsoft.Json alike),
	// .NET's readers at 64, serde_json at 128, Python's json near its
	// recursion limit of 1,000, Jackson 2.15 at 1,000, Go's encoding/json
	// at 10,000.
	MaxDepth = 32
	// MaxNumberLength is the longest number literal a server must parse,
	// in bytes: sign, digits, point and exponent all count. Jackson 2.15
	// refuses longer numbers (maxNumberLength), and Python 3.11 integers of
	// more than 4,300 digits.
	MaxNumberLength = 1000
	// MaxStringBytes is the longest string a server must parse, counted in
	// the bytes written between its quotes (escapes as sent, which is never
	// fewer than the characters, UTF-16 units or UTF-8 bytes it decodes
	// to). No common parser limits strings below the size of a text
	// (Jackson 2.15: 20,000,000 characters); half of MaxTextBytes leaves a
	// string past this limit room in a body within that one, so that a
	// server may limit strings and bodies apart.
	MaxStringBytes = 512 << 10
	// MaxTextBytes is the largest body a server must read: nginx's default
	// client_max_body_size, and the 1 MiB Go servers commonly give
	// http.MaxBytesReader. Parsers set no limit on texts of their own.
	MaxTextBytes = 1 << 20
)

// What makes a valid request silent by a parser limit: its Verdict's
// Silent, each worded as in the contract notes.
const (
	// SilentDepth: arrays and objects nested deeper than MaxDepth.
	SilentDepth = "nesting deeper than 32 levels"
	// SilentNumberLength: a number literal longer than MaxNumberLength.
	SilentNumberLength = "a number written in more than 1,000 characters"
	// SilentNumberRange: a number whose magnitude rounds to infinity as an
	// IEEE 754 double (Go's encoding/json and .NET's System.Text.Json
	// refuse it into a double; Python and JavaScript make it infinity).
	// Rounding to a double's precision is no limit to speak of: no member
	// of the request is a number, so no rounding changes a verdict.
	SilentNumberRange = "a number beyond the range of a double"
	// SilentStringSize: a string literal longer than MaxStringBytes.
	SilentStringSize = "a string of more than 512 KiB"
	// SilentTextSize: a body longer than MaxTextBytes.
	SilentTextSize = "a body of more than 1 MiB"
)

// PastLimit names the parser limit a JSON text goes past (one of the Silent
// constants of the limits, the body's size first, then the first value past
// one in the text), or "" when it stays within all of them. It reads body as
// one JSON text: of bytes that are not one, it says nothing useful.
func PastLimit(body []byte) string {
	if len(body) > MaxTextBytes {
		return SilentTextSize
	}
	depth := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '{' || c == '[':
			if depth++; depth > MaxDepth {
				return SilentDepth
			}
		case c == '}' || c == ']':
			depth--
		case c == '"':
			end, _ := stringEnd(body, i)
			if end-i-1 > MaxStringBytes {
				return SilentStringSize
			}
			i = end
		case c == '-' || c >= '0' && c <= '9':
			end := i + 1
			for end < len(body) && numberByte(body[end]) {
				end++
			}
			if why := numberLimit(body[i:end]); why != "" {
				return why
			}
			i = end - 1
		}
	}
	return ""
}

// numberLimit names the limit a number literal goes past, or "".
func numberLimit(lit []byte) string {
	if len(lit) > MaxNumberLength {
		return SilentNumberLength
	}
	// Without an exponent, fewer than 309 digits stay below 1e308, within
	// range: only the others need parsing.
	if len(lit) < 309 && bytes.IndexAny(lit, "eE") < 0 {
		return ""
	}
	if _, err := strconv.ParseFloat(string(lit), 64); errors.Is(err, strconv.ErrRange) {
		// ParseFloat rounds an underflow to zero without an error, as
		// every common parser does: only overflow is out of range.
		return SilentNumberRange
	}
	return ""
}

// numberByte reports whether c continues a JSON number.
func numberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}
