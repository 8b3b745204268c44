package oracle

import (
	"bytes"
	"errors"
	"io"

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
	o := Observed{Status: a.Status}
	dec := jsontext.NewDecoder(bytes.NewBuffer(a.Body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var success string
	err := readObject(dec, func(name string) error {
		switch name {
		case "success":
			v, err := dec.ReadValue()
			success = string(v)
			return err
		case "data":
			return readMembers(dec, func(name string) *string {
				switch name {
				case "id":
					return &o.ID
				case "created_at":
					return &o.CreatedAt
				}
				return nil
			})
		case "error":
			return readMembers(dec, func(name string) *string {
				if name == "code" {
					return &o.Code
				}
				return nil
			})
		}
		return dec.SkipValue()
	})
	if err == nil {
		_, err = dec.ReadToken()
	}
	if err != io.EOF {
		return Observed{Status: a.Status}
	}
	switch success {
	case "true":
		o.Envelope = SuccessEnvelope
	case "false":
		o.Envelope = ErrorEnvelope
	}
	return o
}

// readObject reads an object, calling member for each name; member reads
// the value.
func readObject(dec *jsontext.Decoder, member func(name string) error) error {
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return errNotObject
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := member(tok.String()); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

var errNotObject = errors.New("not an object")

// readMembers reads a value; when it is an object, each member into names
// (into returns where it goes, nil for the others) is stored there when it
// is a string and cleared otherwise, as encoding/json would.
func readMembers(dec *jsontext.Decoder, into func(name string) *string) error {
	if dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	return readObject(dec, func(name string) error {
		dst := into(name)
		if dst == nil {
			return dec.SkipValue()
		}
		if dec.PeekKind() != '"' {
			*dst = ""
			return dec.SkipValue()
		}
		tok, err := dec.ReadToken()
		*dst = tok.String()
		return err
	})
}
