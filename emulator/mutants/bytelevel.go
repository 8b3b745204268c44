package mutants

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// byteLevelFaults are Go handlers with faults that only byte-level input
// reaches: the generators never write the bytes that trigger them (they
// write only the escapes JSON has, nothing but JSON white space around the
// object, and no number but a 13-digit one), so the harness finds them only
// by mutation (the campaign's mutate property) or by fuzzing
// (conformance.Fuzz).
func byteLevelFaults() []Mutant {
	return []Mutant{
		{
			Name: "panics-on-unexpected-escape", Rule: "robustness",
			Description: `a hand-rolled unescaper, run on the raw body to log names, panics on an escape JSON does not have (\x, \a, \0, ...) instead of leaving it to the parser's 400: net/http drops the connection`,
			New: func() http.Handler {
				em := emulator.New()
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost {
						_ = unescapeStrings(readBody(r))
					}
					em.ServeHTTP(w, r)
				})
			},
		},
		{
			Name: "500-on-huge-exponent-in-unknown-member", Rule: "robustness",
			Description: "unknown numeric members are parsed as float64 for a metrics log, and a number out of its range (1e999) is a 500",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				if !ok {
					return false
				}
				for _, m := range o.members {
					switch m.key {
					case "destinationName", "targetArn", "roleArn", "tags":
						continue
					}
					if emulator.JSONKind(m.raw) == "number" {
						if _, err := strconv.ParseFloat(string(m.raw), 64); err != nil {
							return true
						}
					}
				}
				return false
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "internal server error: metric value out of range", http.StatusInternalServerError)
			}),
		},
		{
			Name: "accepts-unicode-space-around-the-object", Rule: "rejects-invalid",
			Description: `the body is trimmed with bytes.TrimSpace, whose spaces are Unicode's: a \v, \f, U+0085 or U+00A0 after (or before) the object is accepted`,
			New: rewriteBody(func(body []byte) ([]byte, bool) {
				trimmed := bytes.TrimSpace(body)
				return trimmed, len(trimmed) != len(body)
			}),
		},
	}
}

// unescapeStrings decodes every string literal of a body by hand: the
// escapes of JSON, and \' (an old client sent it). An escape of any other
// letter "cannot happen" (the parser would refuse the body later) and
// panics; a body cut inside an escape is left alone.
func unescapeStrings(body []byte) []string {
	var out []string
	for i := 0; i < len(body); i++ {
		if body[i] != '"' {
			continue
		}
		var s []byte
		for i++; i < len(body) && body[i] != '"'; i++ {
			if body[i] != '\\' {
				s = append(s, body[i])
				continue
			}
			if i+1 >= len(body) {
				break
			}
			switch c := body[i+1]; c {
			case '"', '\\', '/', '\'':
				s = append(s, c)
			case 'b':
				s = append(s, '\b')
			case 'f':
				s = append(s, '\f')
			case 'n':
				s = append(s, '\n')
			case 'r':
				s = append(s, '\r')
			case 't':
				s = append(s, '\t')
			case 'u':
				if i+6 > len(body) {
					return out
				}
				v, _ := strconv.ParseUint(string(body[i+2:i+6]), 16, 32)
				s = utf8.AppendRune(s, rune(v))
				i += 4
			default:
				panic(fmt.Sprintf("unescape: unexpected escape \\%c at byte %d", c, i))
			}
			i++
		}
		out = append(out, string(s))
	}
	return out
}
