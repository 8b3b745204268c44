package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// decodeBody decodes a request body, which must be exactly one JSON object
// (JSON whitespace around it is allowed), into its members, as encoding/json
// reads it: of duplicate names the last one wins, and invalid UTF-8 in
// names is replaced with U+FFFD. The error says what is wrong.
func decodeBody(body []byte) (map[string]json.RawMessage, error) {
	kind := JSONKind(body)
	if kind == "nothing" {
		return nil, errors.New("request body must be a JSON object, got an empty body")
	}
	// json.Unmarshal checks the syntax of the whole body before it decodes
	// anything, so a syntax error comes first, whatever the body holds.
	var members map[string]json.RawMessage
	err := json.Unmarshal(body, &members)
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &syntaxErr):
		return nil, fmt.Errorf("request body is not valid JSON: %v (after %d bytes)", err, syntaxErr.Offset)
	case kind != "object": // a null body decodes to a nil map, without error
		return nil, fmt.Errorf("request body must be a JSON object, got %s", kind)
	case err != nil:
		return nil, fmt.Errorf("request body: %v", err)
	}
	return members, nil
}

// decodeString decodes raw, which must be a JSON string; invalid UTF-8 and
// escaped lone surrogates become U+FFFD. subject names the value in the
// error message.
func decodeString(raw json.RawMessage, subject string) (string, error) {
	if kind := JSONKind(raw); kind != "string" {
		return "", fmt.Errorf("%s: must be a string, got %s", subject, kind)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: %v", subject, err)
	}
	return s, nil
}

// JSONKind names the JSON type of a syntactically valid raw value: string,
// number, boolean, null, object or array ("nothing" when it is empty or
// only whitespace). Exported for the mutants, which rewrite raw members.
func JSONKind(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n") // JSON whitespace only
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}
