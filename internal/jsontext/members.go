package jsontext

import (
	"bytes"
	"errors"
	"io"

	jsontext "github.com/go-json-experiment/json/jsontext"
)

// The parts of go-json-experiment's jsontext that callers of Members use,
// so that they import one jsontext.
type (
	// Value is one JSON value as written.
	Value = jsontext.Value
	// Options configure how Members reads.
	Options = jsontext.Options
)

var (
	// AllowDuplicateNames lets an object name a member twice (Members
	// then calls fn for each).
	AllowDuplicateNames = jsontext.AllowDuplicateNames
	// AllowInvalidUTF8 lets strings hold invalid UTF-8 and lone surrogate
	// escapes; a name then reads with U+FFFD for each, as encoding/json
	// reads it.
	AllowInvalidUTF8 = jsontext.AllowInvalidUTF8
)

// AppendUnquote appends the text of the JSON string literal lit to dst; an
// error for invalid UTF-8 or a lone surrogate escape.
func AppendUnquote(dst, lit []byte) ([]byte, error) { return jsontext.AppendUnquote(dst, lit) }

// ErrNotObject is Members' error for a text that is not one JSON object:
// empty, another value, or something after the object.
var ErrNotObject = errors.New("not one JSON object")

// Members reads b, one JSON object with nothing after it but white space,
// in one pass, and calls fn with each member's name (unquoted) and value
// (as written, without the white space around it, valid only until fn
// returns), in the order written. By default a name given twice, invalid
// UTF-8 and a lone surrogate escape anywhere in b are errors; opts can
// allow them. It returns fn's first error, the decoder's (a syntax error
// inside the object), or ErrNotObject.
//
// A *bytes.Buffer is read in place, so b is never copied: bodies run to
// hundreds of kilobytes, and callers read every request and answer.
func Members(b []byte, fn func(name string, value Value) error, opts ...Options) error {
	dec := jsontext.NewDecoder(bytes.NewBuffer(b), opts...)
	tok, err := dec.ReadToken()
	if err == io.EOF || err == nil && tok.Kind() != '{' {
		return ErrNotObject
	}
	if err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String() // before the next read, which invalidates tok
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if err := fn(name, v); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return ErrNotObject
	}
	return nil
}
