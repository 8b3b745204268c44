package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// value is what the emulator keeps of one JSON value it reads: its kind
// and, for a string, the decoded text.
type value struct {
	kind jsontext.Kind // 0 when absent
	str  string
}

func (v value) absentOrNull() bool { return v.kind == 0 || v.kind == 'n' }

// document is what Parse reads of a body: the members the contract names
// (unknown ones are only checked for syntax), and the tags' entries when
// tags is an object. Duplicate names keep the last value, as encoding/json
// does.
type document struct {
	name, target, role, tags value
	entries                  map[string]value
}

// member returns where the value of the top-level member name goes: nil
// for a member the contract does not name (only its syntax is checked). A
// repeated tags member drops the entries read before (the last one wins).
func (doc *document) member(name string) *value {
	switch name {
	case "destinationName":
		return &doc.name
	case "targetArn":
		return &doc.target
	case "roleArn":
		return &doc.role
	case "tags":
		doc.entries = nil
		return &doc.tags
	}
	return nil
}

// A body is read as encoding/json would: duplicate names allowed (the last
// one wins), invalid UTF-8 and escaped lone surrogates replaced with U+FFFD.
var readOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// decode reads a body that must be exactly one JSON object.
//
// The common body goes through scanDocument, the fast path. Any other is
// streamed as tokens with the encoding/json/v2 prototype's jsontext
// (instead of decoding into interface values with encoding/json, whose
// validate-then-decode passes and per-value allocations made the reference
// emulator the costliest part of the harness's own benchmark), which also
// words the error. TestDecodeAgreesWithEncodingJSON holds both to
// encoding/json's reading.
func decode(body []byte) (document, error) {
	valid := utf8.Valid(body)
	if valid {
		if doc, ok := scanDocument(body); ok {
			return doc, nil
		}
	}
	return decodeWith(body, valid)
}

// reader reads one body.
type reader struct {
	dec *jsontext.Decoder
	// validUTF8 is set when the whole body is valid UTF-8: a string without
	// escapes is then its own text.
	validUTF8 bool
}

// decodeWith reads body with jsontext; validUTF8 says whether it is valid
// UTF-8.
func decodeWith(body []byte, validUTF8 bool) (document, error) {
	var doc document
	rd := &reader{dec: jsontext.NewDecoder(bytes.NewBuffer(body), readOptions...), validUTF8: validUTF8}
	dec := rd.dec
	if k := dec.PeekKind(); k != '{' {
		if _, err := dec.ReadValue(); err != nil {
			return doc, syntaxError(err)
		}
		if err := atEnd(dec); err != nil {
			return doc, err
		}
		return doc, fmt.Errorf("request body must be a JSON object, got %s", kindName(k))
	}
	if _, err := dec.ReadToken(); err != nil {
		return doc, syntaxError(err)
	}
	for dec.PeekKind() != '}' {
		name, err := rd.readString()
		if err != nil {
			return doc, err
		}
		dst := doc.member(name)
		if dst == &doc.tags && dec.PeekKind() == '{' {
			doc.tags = value{kind: '{'}
			if doc.entries, err = rd.readEntries(); err != nil {
				return doc, err
			}
			continue
		}
		if dst == nil {
			if err := dec.SkipValue(); err != nil {
				return doc, syntaxError(err)
			}
			continue
		}
		if *dst, err = rd.readValue(); err != nil {
			return doc, err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return doc, syntaxError(err)
	}
	return doc, atEnd(dec)
}

// readEntries reads an object of tag entries.
func (rd *reader) readEntries() (map[string]value, error) {
	dec := rd.dec
	if _, err := dec.ReadToken(); err != nil {
		return nil, syntaxError(err)
	}
	entries := map[string]value{}
	for dec.PeekKind() != '}' {
		k, err := rd.readString()
		if err != nil {
			return nil, err
		}
		if entries[k], err = rd.readValue(); err != nil {
			return nil, err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, syntaxError(err)
	}
	return entries, nil
}

// readValue reads one value, keeping the text of a string.
func (rd *reader) readValue() (value, error) {
	k := rd.dec.PeekKind()
	if k == '"' {
		s, err := rd.readString()
		return value{kind: k, str: s}, err
	}
	if err := rd.dec.SkipValue(); err != nil {
		return value{}, syntaxError(err)
	}
	return value{kind: k}, nil
}

// readString reads a string (a value or an object member's name).
//
// Token.String would unquote again, rune by rune, every string that is not
// plain ASCII, although the decoder has just read it (jsontext drops the
// flags its scan computed). A string without escapes that is valid UTF-8 is
// its own text, so it is copied as it is.
func (rd *reader) readString() (string, error) {
	raw, err := rd.dec.ReadValue()
	if err != nil {
		return "", syntaxError(err)
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && (rd.validUTF8 || utf8.Valid(inner)) {
		return string(inner), nil
	}
	// Invalid UTF-8 and lone surrogates are replaced with U+FFFD, and
	// reported, which is not an error here.
	text, _ := jsontext.AppendUnquote(nil, raw)
	return string(text), nil
}

// atEnd checks that nothing but white space follows the value read.
func atEnd(dec *jsontext.Decoder) error {
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the top-level value")
		}
		return syntaxError(err)
	}
	return nil
}

func syntaxError(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("request body is not valid JSON: %v", err)
}

// kindName names a JSON kind as the messages do.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "nothing"
}
