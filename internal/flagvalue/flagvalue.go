// Package flagvalue holds the flag.Value types of the harness's one
// configuration: a repeatable header flag whose values are secrets, numbers
// that record whether they were given, and a flag that clears a boolean.
package flagvalue

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// HeaderList is a repeatable -header flag.
//
// Set never fails: the flag package would quote the rejected value in its
// message, and a value is a secret (think `-header 'Authorization Bearer
// …'` with the colon forgotten). Validate reports malformed entries by
// position instead, without their text.
type HeaderList []string

func (h *HeaderList) String() string {
	if h == nil {
		return ""
	}
	// Values are secrets: show names only.
	var names []string
	for _, v := range *h {
		name, ok := headerName(v)
		if !ok {
			name = "(malformed)"
		}
		names = append(names, name+": REDACTED")
	}
	return strings.Join(names, ", ")
}

// Set records one 'Name: value'; see Validate.
func (h *HeaderList) Set(v string) error {
	*h = append(*h, v)
	return nil
}

// headerName is the name of one 'Name: value' entry, if it has one.
func headerName(v string) (string, bool) {
	name, _, ok := strings.Cut(v, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", false
	}
	return name, true
}

// Problems returns one error per malformed entry, naming its position only.
func (h HeaderList) Problems() []error {
	var errs []error
	for i, v := range h {
		if _, ok := headerName(v); !ok {
			errs = append(errs, fmt.Errorf("-header #%d: want 'Name: value' (the value is not shown: it may be a secret)", i+1))
		}
	}
	return errs
}

// Header returns the well-formed entries as an http.Header.
func (h HeaderList) Header() http.Header {
	out := http.Header{}
	for _, v := range h {
		name, ok := headerName(v)
		if !ok {
			continue
		}
		_, value, _ := strings.Cut(v, ":")
		out.Add(name, strings.TrimSpace(value))
	}
	return out
}

// GivenFloat is a number flag that records that it was given: -rate 0
// given means unlimited, where a -rate left out may take a default.
type GivenFloat struct {
	V     *float64
	Given *bool
}

func (f GivenFloat) String() string {
	if f.V == nil {
		return "0"
	}
	return strconv.FormatFloat(*f.V, 'g', -1, 64)
}

func (f GivenFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return errors.New("want a number")
	}
	*f.V, *f.Given = v, true
	return nil
}

// GivenInt is GivenFloat for a whole number (-max-requests).
type GivenInt struct {
	V     *int64
	Given *bool
}

func (f GivenInt) String() string {
	if f.V == nil {
		return "0"
	}
	return strconv.FormatInt(*f.V, 10)
}

func (f GivenInt) Set(s string) error {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return errors.New("want a whole number")
	}
	*f.V, *f.Given = v, true
	return nil
}

// NoShrink is the -no-shrink flag: a boolean flag that clears *Shrink.
type NoShrink struct{ Shrink *bool }

func (n NoShrink) IsBoolFlag() bool { return true }

func (n NoShrink) String() string {
	if n.Shrink == nil {
		return "false"
	}
	return strconv.FormatBool(!*n.Shrink)
}

func (n NoShrink) Set(v string) error {
	no, err := strconv.ParseBool(v)
	*n.Shrink = !no
	return err
}
