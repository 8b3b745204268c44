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
	b.Grow(len(s) + len(s)/8 + len("$''"))
	b.WriteString("$'")
	// Printable characters are copied a run at a time, up to the next
	// one written as an escape: a body of a hundred KiB with a few line
	// breaks is a few copies, not one write per character.
	run := 0 // where the run of characters written as they are starts
	for i := 0; i < len(s); {
		c := s[i]
		if c >= ' ' && c < 0x7f && c != '\\' && c != '\'' {
			i++ // printable ASCII
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var esc string
		switch {
		case r == '\\':
			esc = `\\`
		case r == '\'':
			esc = `\'`
		case r == '\n':
			esc = `\n`
		case r == '\t':
			esc = `\t`
		case r == '\r':
			esc = `\r`
		case r == utf8.RuneError && size <= 1, !unicode.IsPrint(r):
			// esc stays "": each byte written \xHH
		default:
			i += size // printable: part of the run
			continue
		}
		b.WriteString(s[run:i])
		if esc != "" {
			b.WriteString(esc)
		} else {
			for j := range size {
				b.WriteString(`\x`)
				b.WriteByte(hexDigits[s[i+j]>>4])
				b.WriteByte(hexDigits[s[i+j]&0xf])
			}
		}
		i += size
		run = i
	}
	b.WriteString(s[run:])
	b.WriteString("'")
	return b.String()
}

// Printable reports whether s is valid UTF-8 of printable characters only
// (U+FFFD, the replacement character, counts as not printable).
func Printable(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f { // a control character or DEL
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
		i += size
	}
	return true
}

const hexDigits = "0123456789abcdef"
