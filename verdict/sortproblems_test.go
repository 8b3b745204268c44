package verdict_test

import (
	"testing"

	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
)

// TestFirstProblemIsTheSameEveryTime: a body whose members break one
// constraint several times (tag names that break the key pattern, met in
// a map's order) gets the same first problem, words included, on every
// verdict, from the compiled contract and from the spec alike.
func TestFirstProblemIsTheSameEveryTime(t *testing.T) {
	c, err := verdict.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"destinationName":"d","targetArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","roleArn":"arn:aws:iam::123456789012:role/r",` +
		`"tags":{"a\u0001":"v","b\u0002":"v","c\u0003":"v","d\u0004":"v","e\u0005":"v","f\u0006":"v"}}`)
	first := c.RequestVerdict(body)
	if first.Valid {
		t.Fatalf("verdict on %s: valid, want the tag names' pattern broken", body)
	}
	for range 50 {
		if got := c.RequestVerdict(body); got != first {
			t.Fatalf("verdict changed between calls on the same body:\n%+v\n%+v", first, got)
		}
		if got := s.RequestVerdict(body); got.Problem != first.Problem {
			t.Fatalf("the spec's first problem differs from the contract's on the same body:\n%+v\n%+v", first.Problem, got.Problem)
		}
	}
}
