package verdict

import "testing"

// stringEndByByte is stringEnd read one byte at a time: a backslash
// escapes the byte after it, the first quote not escaped closes.
func stringEndByByte(body []byte, start int) (int, bool) {
	escaped := false
	for i := start + 1; i < len(body); i++ {
		switch body[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			return i, escaped
		}
	}
	return len(body) - 1, escaped
}

// TestStringEndAgreesWithByteByByte holds stringEnd to the byte-by-byte
// reading on every text of up to 10 bytes of quotes, backslashes and a
// letter, from each quote in it.
func TestStringEndAgreesWithByteByByte(t *testing.T) {
	const alphabet = "\"\\a"
	body := make([]byte, 0, 10)
	var walk func()
	walk = func() {
		for start, c := range body {
			if c != '"' {
				continue
			}
			gotEnd, gotEsc := stringEnd(body, start)
			wantEnd, wantEsc := stringEndByByte(body, start)
			if gotEnd != wantEnd || gotEsc != wantEsc {
				t.Fatalf("stringEnd(%q, %d) = %d, %v; want %d, %v", body, start, gotEnd, gotEsc, wantEnd, wantEsc)
			}
		}
		if len(body) == cap(body) {
			return
		}
		for i := range len(alphabet) {
			body = append(body, alphabet[i])
			walk()
			body = body[:len(body)-1]
		}
	}
	walk()
}
