package result

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Body is a request or response body, byte for byte. In conformance.json
// it is a JSON string when it is valid UTF-8, and otherwise an object
// {"base64": "..."} holding the standard base64 encoding of the bytes: a
// JSON string cannot hold bytes that are not UTF-8 (encoding/json writes
// U+FFFD in their place), and a reproduction must send what was sent.
type Body []byte

// String is the body as text (invalid UTF-8 left as it is).
func (b Body) String() string { return string(b) }

// MarshalJSON writes the body as a string, or as {"base64": ...} when it
// is not valid UTF-8.
func (b Body) MarshalJSON() ([]byte, error) {
	if utf8.Valid(b) {
		return json.Marshal(string(b))
	}
	return json.Marshal(struct {
		Base64 string `json:"base64"`
	}{base64.StdEncoding.EncodeToString(b)})
}

// UnmarshalJSON reads either form MarshalJSON writes.
func (b *Body) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '{' {
		var enc struct {
			Base64 *string `json:"base64"`
		}
		if err := json.Unmarshal(data, &enc); err != nil {
			return err
		}
		if enc.Base64 == nil {
			return fmt.Errorf("body: an object without base64")
		}
		raw, err := base64.StdEncoding.DecodeString(*enc.Base64)
		if err != nil {
			return fmt.Errorf("body: base64: %v", err)
		}
		*b = raw
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*b = Body(s)
	return nil
}
