package awsdialect

import (
	"bytes"
	"encoding/json"
	"math"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/putdestination/conformance/oracle"
)

// ValidationTypes are the error types that say a request broke a rule: an
// answer of one of them is the envelope's VALIDATION_ERROR.
var ValidationTypes = []string{"InvalidParameterException", "ValidationException", "SerializationException"}

// isValidation reports whether an error type says validation.
func isValidation(t string) bool {
	for _, v := range ValidationTypes {
		if t == v {
			return true
		}
	}
	return false
}

// Normalize reads an answer of the dialect as the envelope the spec
// describes, so that every rule of the envelope judges it unchanged:
//
//   - a body {"destination": {...}} becomes the success envelope, with
//     data.id the destination's arn and data.created_at its creationTime
//     (epoch milliseconds) as an RFC 3339 date-time (a member of another
//     type is left out, for the envelope's schema to report);
//   - a body or header whose error type says validation (ValidationTypes,
//     with or without a namespace) becomes the VALIDATION_ERROR envelope,
//     with the answer's message (or, without one, the error type);
//   - the JSON 1.1 media type (application/x-amz-json-1.1, or 1.0) reads
//     as application/json;
//
// and everything else is left as it is (a throttling answer, another error
// type, a body that is not JSON), for the rules to judge. The status is
// never changed: a success or validation error under another status is a
// status-code finding. changed reports whether the answer was rewritten; a
// finding shows the raw answer beside it. a is not modified.
func Normalize(a oracle.Answer) (out oracle.Answer, changed bool) {
	if a.Failure != nil {
		return a, false
	}
	out = a
	ct := a.Header.Get("Content-Type")
	mt, params, _ := mime.ParseMediaType(ct)
	if mt == ContentType || mt == "application/x-amz-json-1.0" {
		out.Header = a.Header.Clone()
		out.Header.Set("Content-Type", mime.FormatMediaType("application/json", params))
		changed = true
	}
	body := members(a.Body)
	var env []byte
	if dest, ok := body.obj("destination"); ok {
		env = successEnvelope(dest)
	} else if t := ErrorType(a.Header, a.Body); isValidation(t) {
		msg := errorInfo(a.Body).Message
		if msg == "" {
			msg = t
		}
		env = marshal(map[string]any{"success": false, "error": map[string]any{"code": "VALIDATION_ERROR", "message": msg}})
	}
	if env != nil {
		out.Body, changed = env, true
	}
	return out, changed
}

// successEnvelope is the success envelope of a destination.
func successEnvelope(dest object) []byte {
	data := map[string]any{}
	if arn, ok := dest.str("arn"); ok {
		data["id"] = arn
	}
	if raw, ok := dest["creationTime"]; ok && isNumber(raw) {
		if t, ok := epochMillis(raw); ok {
			data["created_at"] = t.UTC().Format(time.RFC3339Nano)
		}
	}
	return marshal(map[string]any{"success": true, "data": data})
}

// epochMillis reads a JSON number of milliseconds since the epoch (a
// fraction allowed: the integer check is the aws-creation-time rule's).
func epochMillis(raw json.RawMessage) (time.Time, bool) {
	s := strings.TrimSpace(string(raw))
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(n), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.Abs(f) > 1e15 {
		return time.Time{}, false
	}
	whole := math.Trunc(f)
	return time.UnixMilli(int64(whole)).Add(time.Duration((f - whole) * float64(time.Millisecond))), true
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // maps of strings and bools always encode
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
