// Package oneline keeps messages on one line, for consoles and reports
// that give each problem one line. It imports nothing of the module, so
// that every package can use it.
package oneline

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// String is s on one line: when s has a line break, every run of white
// space becomes one space and the ends are trimmed; otherwise s as it is.
func String(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// Error is err with its message on one line (see String): err itself when
// the message has no line break, so that errors.Is and errors.As still
// see it, else a new error that holds only the message.
func Error(err error) error {
	msg := err.Error()
	if s := String(msg); s != msg {
		return errors.New(s)
	}
	return err
}

// MaxLine is the longest line the harness prints or puts in a JUnit
// message: longer text (a body, a curl line with a big body) is cut there,
// and the whole of it is in conformance.json (and, with a report directory,
// in files of its own).
const MaxLine = 1000

// Clip cuts s to at most MaxLine bytes on one line, saying how much it left
// out.
func Clip(s string) string { return ClipTo(s, MaxLine) }

// ClipTo cuts s to at most n bytes (n at least 100) on one line, saying how
// much it left out. Line breaks become \n and \r; a cut never splits a
// UTF-8 sequence.
func ClipTo(s string, n int) string {
	n = max(n, 100)
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", `\r`), "\n", `\n`)
	if len(s) <= n {
		return s
	}
	note := fmt.Sprintf("…(%d bytes in all; see conformance.json)", len(s))
	cut := n - len(note)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + note
}
