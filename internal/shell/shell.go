// Package shell quotes words for the command lines the harness prints (curl
// lines, reproduce and replay commands, the AWS CLI's delete commands), so
// that each pastes into a shell as one word, as printed.
package shell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// safe are the bytes a word may hold and still go unquoted.
const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,"

// Word quotes s as one shell word when it needs it: bare when it holds
// only letters, digits and -_./:@%+=, (and is not empty), else as Quote
// does.
func Word(s string) string {
	if s != "" && strings.Trim(s, safe) == "" {
		return s
	}
	return Quote(s)
}

// Quote quotes s as one shell word on one line, always: '...' when s is
// printable UTF-8 (POSIX), $'...' otherwise (bash, zsh and ksh read it;
// every byte that is not printable is written \xHH). A NUL byte cannot be
// in a shell word: \x00 ends the word in bash.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	if Printable(s) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\'':
			b.WriteString(`\'`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && size <= 1, !unicode.IsPrint(r):
			for j := 0; j < size; j++ {
				b.WriteString(`\x`)
				b.WriteByte(hexDigits[s[i+j]>>4])
				b.WriteByte(hexDigits[s[i+j]&0xf])
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteString("'")
	return b.String()
}

// Printable reports whether s is valid UTF-8 of printable characters only.
func Printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

const hexDigits = "0123456789abcdef"
