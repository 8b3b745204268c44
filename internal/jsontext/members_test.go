package jsontext

import (
	"errors"
	"slices"
	"testing"
)

// TestMembers: one object, members in order with values as written; the
// options decide on duplicate names and invalid UTF-8; anything but one
// object is ErrNotObject or the decoder's error; fn's error stops it.
func TestMembers(t *testing.T) {
	lenient := []Options{AllowDuplicateNames(true), AllowInvalidUTF8(true)}
	tests := []struct {
		reason string
		in     string
		opts   []Options
		want   []string // name=value, in order
		ok     bool
	}{
		{"members in order, values as written", ` {"b": [1, 2] ,"a":"x"} `, nil, []string{"b=[1, 2]", `a="x"`}, true},
		{"empty object", `{}`, nil, nil, true},
		{"a name twice, refused by default", `{"a":1,"a":2}`, nil, nil, false},
		{"a name twice, allowed", `{"a":1,"a":2}`, lenient, []string{"a=1", "a=2"}, true},
		{"a name twice inside a value, refused by default", `{"a":{"b":1,"b":2}}`, nil, nil, false},
		{"invalid UTF-8, refused by default", "{\"\xff\":1}", nil, nil, false},
		{"invalid UTF-8 read as U+FFFD, as encoding/json reads it", "{\"\xff\":1,\"\\ud800\":2}", lenient, []string{"\ufffd=1", "\ufffd=2"}, true},
		{"not an object", `[1]`, nil, nil, false},
		{"empty", ``, nil, nil, false},
		{"a value after the object", `{} {}`, nil, nil, false},
		{"cut short", `{"a":`, nil, nil, false},
	}
	for _, tt := range tests {
		var got []string
		err := Members([]byte(tt.in), func(name string, v Value) error {
			got = append(got, name+"="+string(v))
			return nil
		}, tt.opts...)
		if (err == nil) != tt.ok || tt.ok && !slices.Equal(got, tt.want) {
			t.Errorf("Members(%q) (%s): got %q, %v, want %q, ok %v", tt.in, tt.reason, got, err, tt.want, tt.ok)
		}
	}
	for _, in := range []string{`[1]`, ``, `{} {}`, `"a"`} {
		if err := Members([]byte(in), func(string, Value) error { return nil }); !errors.Is(err, ErrNotObject) {
			t.Errorf("Members(%q): got %v, want ErrNotObject", in, err)
		}
	}
	stop := errors.New("stop")
	n := 0
	err := Members([]byte(`{"a":1,"b":2}`), func(string, Value) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Members with fn failing at once: got %v after %d calls, want fn's error after 1", err, n)
	}
}
