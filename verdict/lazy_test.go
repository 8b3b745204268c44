package verdict_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/verdict"
)

// lazyEdges are texts where reading only what the schema looks at could
// go wrong: duplicate names in objects nothing validates (nested, in
// arrays, escaped, past the count at which a map takes over), and values
// of every kind where no schema applies.
var lazyEdges = func() []string {
	many := func(n int, last string) string {
		var b strings.Builder
		b.WriteString(`{`)
		for i := range n {
			b.WriteString(`"k` + strings.Repeat("x", i) + `":1,`)
		}
		b.WriteString(last + `}`)
		return b.String()
	}
	return []string{
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":{"a":1,"a":2}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":[{"a":1},{"b":{"c":1,"c":[]}}]}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":{"\u0061":1,"a":2}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":{"a":1,"b":{"a":1},"c":2}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":{"a":{"b":1},"b":{"b":1}}}`,
		`{"destinationName":[{"a":1,"a":1}],"targetArn":"t","roleArn":"r"}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":` + many(15, `"kxxx":2`) + `}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":` + many(16, `"kxxx":2`) + `}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":` + many(40, `"y":2`) + `}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":` + many(40, `"kxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx":2`) + `}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":[1,-2.5e3,"s","\u00e9",true,null,[],{}],"y":1e999,"z":"\ud800"}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","tags":{"a":[1],"b":{"c":1},"c":2,"d":null,"a":"v"}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":{"a":1,"a"}}`,
		`{"destinationName":"d","targetArn":"t","roleArn":"r","x":{"a":1,}}`,
		`{"success":true,"data":{"id":"i","created_at":"2025-01-01T00:00:00Z","x":{"a":1,"a":2}},"y":[[[]]]}`,
		`{"success":false,"error":{"code":"VALIDATION_ERROR","message":"m","x":{"a":{"a":1,"a":1}}},"success":false}`,
		`{"success":true,"data":{"id":["i"],"created_at":{"a":1}},"data":{"id":1,"created_at":true}}`,
		`{"success":true,"data":{"id":"i","created_at":"2025-01-01T00:00:00Z"},"x":` + strings.Repeat(`{"a":[`, 700) + strings.Repeat(`]}`, 700) + `}`,
	}
}()

// TestLazyReadingJudgesAsWholeReading: the judges read only what a schema
// looks at (textReader.lazy); on every body of the decoding corpus and the
// edges above, they find what reading the whole value finds: the same
// problems, word for word, the same silences and limits, the same
// verdicts.
func TestLazyReadingJudgesAsWholeReading(t *testing.T) {
	c, err := verdict.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	bodies := decodeCorpus(t, 16)
	for _, e := range lazyEdges {
		bodies = append(bodies, []byte(e))
	}
	for _, body := range bodies {
		if d := lazyDisagreement(c, body); d != "" {
			t.Error(d)
		}
	}
}

// lazyDisagreement says how the judges' lazy reading of body differs from
// reading it whole ("" when it does not).
func lazyDisagreement(c *verdict.Contract, body []byte) string {
	b := contract.Excerpt(body, 200)
	for _, status := range []int{0, 200, 400} {
		lazy, lazyErr := verdict.AllProblems(c, status, body, true)
		whole, wholeErr := verdict.AllProblems(c, status, body, false)
		if errText(lazyErr) != errText(wholeErr) || !reflect.DeepEqual(lazy, whole) {
			return "status " + strconv.Itoa(status) + ", " + b + ": read lazily, " + errText(lazyErr) + " " + contract.Excerpt(show(lazy), 300) + "; whole, " + errText(wholeErr) + " " + contract.Excerpt(show(whole), 300)
		}
		if status == 0 {
			continue
		}
		v, check, conforms := verdict.Whole(c, status, body)
		if got := c.RequestVerdict(body); got.Valid != v.Valid || got.Silent != v.Silent || got.Problem.Pointer != v.Problem.Pointer || got.Problem.Keyword != v.Problem.Keyword {
			return b + ": RequestVerdict reading lazily " + got.Problem.String() + " " + got.Silent + ", whole " + v.Problem.String() + " " + v.Silent
		}
		if got := c.ValidateResponse(status, "application/json", body); len(got.Body) != len(check.Body) {
			return b + ": ValidateResponse reading lazily finds " + contract.Excerpt(show(got.Body), 300) + ", whole " + contract.Excerpt(show(check.Body), 300)
		}
		if got := c.Conforms(status, body); got != conforms {
			return b + ": Conforms differs reading lazily and whole"
		}
	}
	return ""
}
