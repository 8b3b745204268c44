// Package oneline keeps messages on one line, for consoles and reports
// that give each problem one line. It imports nothing of the module, so
// that every package can use it.
package oneline

import (
	"errors"
	"strings"
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
