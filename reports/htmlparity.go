package reports

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/putdestination/conformance/result"
)

// parityView is a parity finding's two answers side by side: the
// reference's, as recorded, and the endpoint's, each with the members
// that differ marked.
type parityView struct {
	Reference, Endpoint answerView
}

// answerView is one side's answer: status, headers and body, with what
// differs from the other side marked.
type answerView struct {
	NoResponse  bool
	Failure     string
	Status      string
	MarkStatus  bool
	Headers     []markedHeader
	Body        []markedText
	BodyNote    string
	MarkWhole   bool
	MarkFailure bool
	// File is the answer's findings file, as received or recorded.
	File string
}

type markedHeader struct {
	Name, Value string
	Mark        bool
}

// markedText is a piece of a body as shown: marked when it is a member (or
// element) that differs from the other side's.
type markedText struct {
	Text string
	Mark bool
}

// parityOf is the view of a parity finding's answers; nil for any other
// finding. The violations say what differs: a pointer names a body
// member, an empty pointer the status, the content type, the transport's
// outcome or the whole body (by the violation's reason, as package parity
// writes them).
func parityOf(f result.Finding) *parityView {
	if f.Reference == nil {
		return nil
	}
	marks := map[string]bool{}
	var status, contentType, whole, failure bool
	for _, v := range f.Violations {
		switch {
		case v.Pointer != "":
			marks[v.Pointer] = true
		case v.Reason == "status":
			status = true
		case v.Reason == "content type":
			contentType = true
		case v.Reason == "the transport's outcome":
			failure = true
		default:
			whole = true
		}
	}
	side := func(r *result.Response, transportErr string) answerView {
		a := answerView{Failure: transportErr, MarkFailure: failure}
		if r == nil {
			a.NoResponse = true
			return a
		}
		a.Status, a.MarkStatus = fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)), status
		for _, h := range headersOf(r.Headers) {
			a.Headers = append(a.Headers, markedHeader{Name: h.Name, Value: h.Value, Mark: contentType && http.CanonicalHeaderKey(h.Name) == "Content-Type"})
		}
		a.Body, a.BodyNote = markedBody([]byte(r.Body), marks)
		a.MarkWhole = whole
		return a
	}
	return &parityView{Reference: side(f.Reference.Response, f.Reference.Error), Endpoint: side(f.Response, f.Error)}
}

// markedBody is a body as shown (at most bodyShown bytes, made visible),
// cut into segments, the members at the pointers in marks marked: an
// object member with its name, an array element alone. A body that is not
// JSON is one unmarked markedText.
func markedBody(body []byte, marks map[string]bool) ([]markedText, string) {
	if len(body) == 0 {
		return nil, "(empty body)"
	}
	var segs []markedText
	at := 0
	for _, s := range spansOf(body, marks) {
		if s[0] < at {
			continue
		}
		segs = append(segs, markedText{Text: string(body[at:s[0]])}, markedText{Text: string(body[s[0]:s[1]]), Mark: true})
		at = s[1]
	}
	segs = append(segs, markedText{Text: string(body[at:])})
	// Cut at bodyShown bytes, as an unmarked body is, then make visible.
	var out []markedText
	left, note := bodyShown, ""
	for _, s := range segs {
		if s.Text == "" {
			continue
		}
		if len(s.Text) > left {
			cut := left
			for cut > 0 && !utf8.RuneStart(s.Text[cut]) {
				cut--
			}
			out = append(out, markedText{Text: visible(s.Text[:cut]), Mark: s.Mark})
			note = fmt.Sprintf("… %d of %d bytes shown; the whole body is in the file", bodyShown-left+cut, len(body))
			break
		}
		left -= len(s.Text)
		out = append(out, markedText{Text: visible(s.Text), Mark: s.Mark})
	}
	return out, note
}

// spansOf are the byte spans of the members at the pointers in marks, in
// the order they occur: jsontext's decoder knows each value's pointer
// (StackPointer) and offset, so a member is found in the bytes as they
// were received, however they are spelled.
func spansOf(body []byte, marks map[string]bool) [][2]int {
	if len(marks) == 0 {
		return nil
	}
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var spans [][2]int
	for {
		kind := dec.PeekKind()
		if kind == 0 || kind == ']' || kind == '}' {
			if _, err := dec.ReadToken(); err != nil {
				return spans
			}
			continue
		}
		parent, n := dec.StackIndex(dec.StackDepth())
		switch {
		case parent == '{' && n%2 == 0:
			// An object's member name: the member's span starts there.
			name, err := dec.ReadValue()
			if err != nil {
				return spans
			}
			start := int(dec.InputOffset()) - len(name)
			if marks[string(dec.StackPointer())] {
				if _, err := dec.ReadValue(); err != nil {
					return spans
				}
				spans = append(spans, [2]int{start, int(dec.InputOffset())})
			}
			continue
		case parent == '[':
			base := string(dec.StackPointer())
			if n > 0 {
				base = base[:strings.LastIndexByte(base, '/')]
			}
			if marks[base+"/"+strconv.FormatInt(n, 10)] {
				v, err := dec.ReadValue()
				if err != nil {
					return spans
				}
				end := int(dec.InputOffset())
				spans = append(spans, [2]int{end - len(v), end})
				continue
			}
		}
		var err error
		if kind == '{' || kind == '[' {
			_, err = dec.ReadToken()
		} else {
			_, err = dec.ReadValue()
		}
		if err != nil {
			return spans
		}
	}
}
