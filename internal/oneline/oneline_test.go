package oneline

import (
	"errors"
	"io"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		reason string
		in     string
		want   string
	}{
		{"one line is kept as it is, blanks and all", " a  b\tc ", " a  b\tc "},
		{"line breaks and the blanks around them become one space", "line one\r\n  line two\nthree\r", "line one line two three"},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) (%s): got %q, want %q", tt.in, tt.reason, got, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	if err := Error(io.EOF); err != io.EOF {
		t.Errorf("Error(io.EOF): got %v, want io.EOF itself (errors.Is still sees it)", err)
	}
	if got := Error(errors.New("a\nb")).Error(); got != "a b" {
		t.Errorf("Error of a two-line message: got %q, want %q", got, "a b")
	}
}
