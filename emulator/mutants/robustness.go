package mutants

import (
	"bytes"
	"net/http"
	"sync/atomic"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// robustnessFaults are mutants that crash, drop, hang, stream or redirect
// on some input.
func robustnessFaults() []Mutant {
	return []Mutant{
		{
			Name: "500-on-empty-body", Rule: "robustness",
			Description: "an empty body crashes the decoder: 500 instead of 400",
			New: misbehaveWhen(func(body []byte, _ object, _ bool) bool {
				return len(bytes.TrimSpace(body)) == 0
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "internal server error: unexpected end of JSON input", http.StatusInternalServerError)
			}),
		},
		{
			Name: "500-on-50-tags", Rule: "robustness",
			Description: "exactly 50 tags overflow a fixed-size buffer: 500",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				return ok && tagCount(o) == emulator.MaxTags
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "internal server error: index out of range [50] with length 50", http.StatusInternalServerError)
			}),
		},
		{
			Name: "500-on-thousands-of-tags", Rule: "robustness",
			Description: "tags are copied into a table of 1,024 entries before their count is checked: more overflow it (500)",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				return ok && tagCount(o) > 1024
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "internal server error: index out of range [1024] with length 1024", http.StatusInternalServerError)
			}),
		},
		{
			Name: "500-on-tag-values-over-10000-characters", Rule: "robustness",
			Description: "a backtracking regular expression checks tag values and runs out of stack past 10,000 characters: 500 where the length check would answer 400",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				raw, found := o.get("tags")
				tags, isObject := parseObject(raw)
				if !ok || !found || !isObject {
					return false
				}
				for _, m := range tags.members {
					if s, isStr := stringOf(m.raw); isStr && utf8.RuneCountInString(s) > 10000 {
						return true
					}
				}
				return false
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "internal server error: regexp: stack exhausted", http.StatusInternalServerError)
			}),
		},
		{
			Name: "drops-connection-on-non-ascii-name", Rule: "robustness",
			Description: "a non-ASCII character in destinationName crashes the worker: the connection is closed without a response",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				name, isStr := o.str("destinationName")
				return ok && isStr && !isASCII(name)
			}, dropConnection),
		},
		{
			Name: "hangs-on-bodies-over-16-kib", Rule: "robustness",
			Description: "a body over 16 KiB is never answered: the handler waits until the client gives up",
			New: misbehaveWhen(func(body []byte, _ object, _ bool) bool {
				return len(body) > 16<<10
			}, func(_ http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			}),
		},
		{
			Name: "endless-body-on-unknown-members", Rule: "robustness",
			Description: "unknown members send the handler into a loop that streams the response body forever",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				if !ok {
					return false
				}
				for _, m := range o.members {
					switch m.key {
					case "destinationName", "targetArn", "roleArn", "tags":
					default:
						return true
					}
				}
				return false
			}, endlessBody),
		},
		{
			Name: "intermittent-503", Rule: "robustness",
			Description: "every 7th request gets 503 Service Unavailable (an overloaded backend)",
			New: func() http.Handler {
				em := emulator.New()
				var n atomic.Uint64
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if n.Add(1)%7 == 0 {
						http.Error(w, "service unavailable", http.StatusServiceUnavailable)
						return
					}
					em.ServeHTTP(w, r)
				})
			},
		},
		{
			Name: "redirects-names-starting-with-digit", Rule: "robustness",
			Description: "names starting with a digit are redirected (302) to another host",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				name, isStr := o.str("destinationName")
				return ok && isStr && name != "" && name[0] >= '0' && name[0] <= '9'
			}, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
			}),
		},
		{
			Name: "502-on-names-over-300-characters", Rule: "robustness",
			Description: "names over 300 characters overflow a backend column: 502 Bad Gateway from the proxy",
			New: misbehaveWhen(func(_ []byte, o object, ok bool) bool {
				name, isStr := o.str("destinationName")
				return ok && isStr && utf8.RuneCountInString(name) > 300
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
			}),
		},
	}
}

// misbehaveWhen is a mutant that lets fault answer a POST matching when, and
// the emulator answer everything else. o is the body as an object, when it
// is one.
func misbehaveWhen(when func(body []byte, o object, isObject bool) bool, fault http.HandlerFunc) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				body := readBody(r)
				o, ok := parseObject(body)
				if when(body, o, ok) {
					fault(w, r)
					return
				}
			}
			em.ServeHTTP(w, r)
		})
	}
}

// dropConnection closes the connection without writing a response.
func dropConnection(w http.ResponseWriter, _ *http.Request) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// No hijacking (HTTP/2): net/http aborts the stream on this panic.
	panic(http.ErrAbortHandler)
}

// endlessBody starts a success envelope and never finishes it; it stops when
// the client goes away (or after 1 GiB, a safety net for a test that forgets
// its timeout).
func endlessBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte(`{"success":true,"data":{"id":"`)); err != nil {
		return
	}
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 2048)
	for written := 0; written < 1<<30 && r.Context().Err() == nil; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// tagCount is the number of entries of a tags object (0 when it is not one).
func tagCount(o object) int {
	raw, ok := o.get("tags")
	if !ok {
		return 0
	}
	tags, ok := parseObject(raw)
	if !ok {
		return 0
	}
	return len(tags.members)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
