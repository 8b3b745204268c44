package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// FuzzDecode: for any bytes, Parse does not panic, gives a valid UTF-8
// message, and reads the body as encoding/json decoding into interface
// values (numbers kept as text) does: a body it refuses as not JSON is one
// json.Valid refuses, a body it refuses as not an object is valid JSON of
// another kind, and an accepted request carries the members encoding/json
// decodes.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{``, ` `, `{}`, `[]`, `null`, `1e999`, `{"a":1,}`, `{"a":1} x`,
		`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":"v"}}`,
		`{"destinationName":"\u00e9\ud83d\ude00","targetArn":"t","roleArn":"r","x":[1,-2.5e3,true,null,{}]}`,
		"{\"destinationName\":\"a\xffb\",\"targetArn\":\"t\",\"roleArn\":\"r\"}",
		`{"destinationName":"a","destinationName":"b","targetArn":"t","roleArn":"r","tags":null,"tags":{"k":"v","k":""}}`,
		`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":"\ud800"}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if msg := parseDisagreement(body); msg != "" {
			t.Fatal(msg)
		}
	})
}

// parseDisagreement says how Parse reads body otherwise than encoding/json
// does ("" when it does not).
func parseDisagreement(body []byte) string {
	req, err := emulator.Parse(body)
	if err != nil && !utf8.ValidString(err.Error()) {
		return fmt.Sprintf("Parse(%q): got message %q, want valid UTF-8", body, err)
	}
	blank := strings.Trim(string(body), " \t\r\n") == ""
	valid := json.Valid(body)
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers beyond float64 are valid JSON too
	_ = dec.Decode(&v)
	members, isObject := v.(map[string]any)
	switch {
	case blank:
		if err == nil || !strings.Contains(err.Error(), "empty body") {
			return fmt.Sprintf("Parse(%q): got %v, want an empty-body error", body, err)
		}
	case !valid:
		if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
			return fmt.Sprintf("Parse(%q): got %v, want a JSON syntax error (encoding/json refuses it)", body, err)
		}
	case !isObject:
		if err == nil || !strings.Contains(err.Error(), "must be a JSON object") {
			return fmt.Sprintf("Parse(%q): got %v, want \"must be a JSON object\" (encoding/json reads %T)", body, err, v)
		}
	case err != nil:
		if strings.Contains(err.Error(), "not valid JSON") || strings.Contains(err.Error(), "must be a JSON object") {
			return fmt.Sprintf("Parse(%q): got %v, want no complaint about the body (encoding/json reads an object)", body, err)
		}
	default:
		want := emulator.Request{DestinationName: asString(members["destinationName"]),
			TargetArn: asString(members["targetArn"]), RoleArn: asString(members["roleArn"])}
		if req.DestinationName != want.DestinationName || req.TargetArn != want.TargetArn || req.RoleArn != want.RoleArn {
			return fmt.Sprintf("Parse(%q): got %+v, want the members encoding/json decodes %+v", body, req, want)
		}
		tags, _ := members["tags"].(map[string]any)
		if (req.Tags == nil) != (tags == nil) || !maps.EqualFunc(req.Tags, tags, func(s string, v any) bool { return v == any(s) }) {
			return fmt.Sprintf("Parse(%q): got tags %#v, want %#v (encoding/json)", body, req.Tags, tags)
		}
	}
	return ""
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}
