package mutants

import "net/http"

// hostileFaults are mutants that choke on valid JSON that is hard to parse,
// in unknown members the contract says to ignore: deep nesting, many
// members, long strings. Past a parser limit of the contract notes (RFC 8259
// §9) a 400 is no fault, but a 5xx or a dropped connection is.
func hostileFaults() []Mutant {
	return []Mutant{
		{
			Name: "500-on-deep-nesting", Rule: "robustness",
			Description: "a recursive decoder with a 64-level stack: an unknown member nested deeper is a 500",
			New:         misbehaveWhen(func(body []byte, _ object, _ bool) bool { return depth(body) > 64 }, internalError),
		},
		{
			Name: "drops-connection-on-deep-nesting", Rule: "robustness",
			Description: "a recursive decoder whose recursion limit was raised past what the worker's stack holds: nesting deeper than 100 levels crashes the worker, and the connection closes with no answer",
			New:         misbehaveWhen(func(body []byte, _ object, _ bool) bool { return depth(body) > 100 }, dropConnection),
		},
		{
			Name: "rejects-many-members", Rule: "accepts-valid",
			Description: "a guard against hash flooding rejects bodies of more than 256 members, though unknown members are to be ignored",
			New: rejectObjectWhen(func(o object) string {
				if len(o.members) > 256 {
					return "request body: too many members"
				}
				return ""
			}),
		},
		{
			Name: "500-on-long-unknown-strings", Rule: "robustness",
			Description: "unknown string members are copied into a 4 KiB buffer for the audit log: a longer one is a 500",
			New: misbehaveWhen(func(_ []byte, o object, isObject bool) bool {
				if !isObject {
					return false
				}
				for _, m := range o.members {
					switch m.key {
					case "destinationName", "targetArn", "roleArn", "tags":
						continue
					}
					if s, ok := stringOf(m.raw); ok && len(s) > 4096 {
						return true
					}
				}
				return false
			}, internalError),
		},
	}
}

// internalError answers 500 with a plain-text body, as a crashed handler's
// recovery middleware does.
func internalError(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, "internal server error", http.StatusInternalServerError)
}

// depth is the deepest nesting of arrays and objects in the JSON text b.
func depth(b []byte) int {
	d, most, inString := 0, 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString && c == '\\':
			i++
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			d++
			most = max(most, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return most
}
