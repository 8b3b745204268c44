package reports

import (
	"strconv"
	"strings"

	"github.com/putdestination/conformance/internal/shell"
)

// word is one shell word of a command line: where it starts and ends in
// the line, and its value once unquoted.
type word struct {
	start, end int
	value      string
}

// shellWords splits a POSIX shell command line into words, as the shell
// would: unquoted blanks separate them; '...' quotes everything but ';
// $'...' is ANSI-C quoting (\\, \', \n, \t, \r, \xHH); "..." quotes with
// backslash escapes; a backslash outside quotes escapes the next byte. It
// reads the lines transport.Curl writes and the reproduce lines the
// harness writes; ok is false when a quote is left open.
func shellWords(s string) (words []word, ok bool) {
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return words, true
		}
		start := i
		var b strings.Builder
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			switch {
			case s[i] == '\'':
				j := strings.IndexByte(s[i+1:], '\'')
				if j < 0 {
					return words, false
				}
				b.WriteString(s[i+1 : i+1+j])
				i += j + 2
			case s[i] == '$' && i+1 < len(s) && s[i+1] == '\'':
				i += 2
				closed := false
				for i < len(s) {
					c := s[i]
					if c == '\'' {
						i++
						closed = true
						break
					}
					if c == '\\' && i+1 < len(s) {
						n, size := ansiEscape(s[i+1:])
						b.WriteString(n)
						i += 1 + size
						continue
					}
					b.WriteByte(c)
					i++
				}
				if !closed {
					return words, false
				}
			case s[i] == '"':
				i++
				closed := false
				for i < len(s) {
					c := s[i]
					if c == '"' {
						i++
						closed = true
						break
					}
					if c == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`", s[i+1]) >= 0 {
						b.WriteByte(s[i+1])
						i += 2
						continue
					}
					b.WriteByte(c)
					i++
				}
				if !closed {
					return words, false
				}
			case s[i] == '\\' && i+1 < len(s):
				b.WriteByte(s[i+1])
				i += 2
			default:
				b.WriteByte(s[i])
				i++
			}
		}
		words = append(words, word{start: start, end: i, value: b.String()})
	}
}

// ansiEscape decodes the escape after a backslash in $'...': the text it
// stands for and how many bytes of s it used.
func ansiEscape(s string) (string, int) {
	switch s[0] {
	case 'n':
		return "\n", 1
	case 't':
		return "\t", 1
	case 'r':
		return "\r", 1
	case 'x':
		end := 1
		for end < len(s) && end < 3 && strings.IndexByte("0123456789abcdefABCDEF", s[end]) >= 0 {
			end++
		}
		if end == 1 {
			return `\x`, 1
		}
		v, _ := strconv.ParseUint(s[1:end], 16, 8)
		return string([]byte{byte(v)}), end
	}
	return s[:1], 1
}

// withBodyFiles rewrites a curl line of transport.Curl (or CurlSequence)
// so that each request body is read from a file: the argument of the k-th
// --data-binary becomes @files[k], and a printf pipe in front (a body with
// a NUL byte) goes. ok is false when the line does not have exactly one
// --data-binary per file.
func withBodyFiles(curl string, files ...string) (string, bool) {
	words, ok := shellWords(curl)
	if !ok {
		return "", false
	}
	var b strings.Builder
	from := 0
	if len(words) > 0 && words[0].value == "printf" {
		for i, w := range words {
			if w.value == "|" && i+1 < len(words) {
				from = words[i+1].start
				break
			}
		}
		if from == 0 {
			return "", false
		}
	}
	k := 0
	last := from
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w.start < from || w.value != "--data-binary" || i+1 >= len(words) {
			continue
		}
		if k >= len(files) {
			return "", false
		}
		arg := words[i+1]
		b.WriteString(curl[last:arg.start])
		b.WriteString("@" + shell.Word(files[k]))
		last = arg.end
		k++
		i++
	}
	if k != len(files) {
		return "", false
	}
	b.WriteString(curl[last:])
	return b.String(), true
}
