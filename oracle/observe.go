package oracle

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// observe is the loosest reading of a body that still tells its envelope: a
// JSON object whose "success" is true or false, and the strings at
// data.id, data.created_at and error.code when they are strings (for a
// repeated member, the last). Anything else reads as NoEnvelope.
//
// It streams tokens with jsontext rather than decoding into structs: a
// response is read on every exchange, and decoding is a large share of the
// harness's CPU. TestObserve holds it to that reading.
func observe(a Answer) Observed {
	r := readers.Get().(*reader)
	defer r.done()
	r.buf = *bytes.NewBuffer(a.Body)
	r.dec.Reset(&r.buf, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	success, err := r.envelope()
	if err == nil {
		_, err = r.dec.ReadToken()
	}
	if err != io.EOF {
		return Observed{Status: a.Status}
	}
	o := r.o
	o.Status, o.Envelope = a.Status, success
	return o
}

// reader is what observe reads a body with, reused from body to body
// (readers): a jsontext.Decoder costs hundreds of bytes to make, and
// every answer is read.
type reader struct {
	dec jsontext.Decoder
	buf bytes.Buffer
	// name is the last member name read, unquoted when it had escapes.
	name []byte
	// o holds the strings read off the body.
	o Observed
}

// readers are the readers not in use.
var readers = sync.Pool{New: func() any { return new(reader) }}

// done lets go of the body read and gives r back to readers.
func (r *reader) done() {
	r.buf, r.o = bytes.Buffer{}, Observed{}
	r.dec.Reset(&r.buf)
	readers.Put(r)
}

// envelope reads the body's object into r.o and tells the envelope its
// "success" names (the last one's).
func (r *reader) envelope() (Envelope, error) {
	var success Envelope
	err := r.object(func(name []byte) error {
		switch string(name) {
		case "success":
			v, err := r.dec.ReadValue()
			switch string(v) {
			case "true":
				success = SuccessEnvelope
			case "false":
				success = ErrorEnvelope
			default:
				success = NoEnvelope
			}
			return err
		case "data":
			return r.members(func(name []byte) *string {
				switch string(name) {
				case "id":
					return &r.o.ID
				case "created_at":
					return &r.o.CreatedAt
				}
				return nil
			})
		case "error":
			return r.members(func(name []byte) *string {
				if string(name) == "code" {
					return &r.o.Code
				}
				return nil
			})
		}
		return r.dec.SkipValue()
	})
	return success, err
}

// object reads an object, calling member with each name (valid until the
// next read); member reads the value.
func (r *reader) object(member func(name []byte) error) error {
	if tok, err := r.dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return errNotObject
	}
	for r.dec.PeekKind() != '}' {
		v, err := r.dec.ReadValue()
		if err != nil {
			return err
		}
		if err := member(r.unquote(v)); err != nil {
			return err
		}
	}
	_, err := r.dec.ReadToken()
	return err
}

// unquote is the name a member name's literal v holds, as Token.String
// reads it, without making a string of it.
func (r *reader) unquote(v jsontext.Value) []byte {
	if bytes.IndexByte(v, '\\') < 0 && len(v) >= 2 {
		return v[1 : len(v)-1]
	}
	// A name with invalid UTF-8 unquotes with U+FFFD for it and an error
	// (allowed: AllowInvalidUTF8), as Token.String reads it.
	r.name, _ = jsontext.AppendUnquote(r.name[:0], v)
	return r.name
}

var errNotObject = errors.New("not an object")

// members reads a value; when it is an object, each member into names
// (into returns where it goes, nil for the others) is stored there when it
// is a string and cleared otherwise, as encoding/json would.
func (r *reader) members(into func(name []byte) *string) error {
	if r.dec.PeekKind() != '{' {
		return r.dec.SkipValue()
	}
	return r.object(func(name []byte) error {
		dst := into(name)
		if dst == nil {
			return r.dec.SkipValue()
		}
		if r.dec.PeekKind() != '"' {
			*dst = ""
			return r.dec.SkipValue()
		}
		tok, err := r.dec.ReadToken()
		*dst = tok.String()
		return err
	})
}
