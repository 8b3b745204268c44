package verdict_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/putdestination/conformance/verdict"
)

// TestProblemsOwnTheirText: the strings of a value judged with a scratch
// share the body's bytes, so no problem may keep one: a problem judged
// from a body stays the same when the body's bytes change after.
func TestProblemsOwnTheirText(t *testing.T) {
	c, err := verdict.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	clone := func(p verdict.Problem) verdict.Problem {
		return verdict.Problem{Pointer: strings.Clone(p.Pointer), Keyword: strings.Clone(p.Keyword), Message: strings.Clone(p.Message)}
	}
	for _, body := range []string{
		`{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","tags":{"k*y":"v"}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","tags":{"key":"v*l"}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","tags":{"ke~/y":7}}`,
		`{"destinationName":"d","targetArn":"t","r\u006fleArn":""}`,
	} {
		b := []byte(body)
		v := c.RequestVerdict(b)
		if v.Valid {
			t.Fatalf("%s: valid, want a problem to hold", body)
		}
		want := clone(v.Problem)
		copy(b, bytes.Repeat([]byte("#"), len(b)))
		if v.Problem != want {
			t.Errorf("%s: the problem changed with the body: %v, then %v", body, want, v.Problem)
		}
	}
	for _, body := range []string{
		`{"success":true,"data":{"id":"","created_at":"2025-13-01T00:00:00Z"}}`,
		`{"success":false,"error":{"code":"NOPE","message":""}}`,
	} {
		b := []byte(body)
		status := 200
		if strings.Contains(body, "false") {
			status = 400
		}
		r := c.ValidateResponse(status, "application/json", b)
		if len(r.Body) == 0 {
			t.Fatalf("%s: no problem, want some to hold", body)
		}
		var want []verdict.Problem
		for _, p := range r.Body {
			want = append(want, clone(p))
		}
		copy(b, bytes.Repeat([]byte("#"), len(b)))
		for i, p := range r.Body {
			if p != want[i] {
				t.Errorf("%s: a problem changed with the body: %v, then %v", body, want[i], p)
			}
		}
	}
}
