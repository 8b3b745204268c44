package conformance

import (
	"strings"
	"testing"

	"github.com/putdestination/conformance/rules"
)

// Test runs Check against target and fails t once if the run found
// anything, listing every finding subject first (rule, pointer, got, want)
// with its reproduction, in the manner of testing/fstest.TestFS. It fails
// t too when the harness could not do its job. Reports are written only
// where asked (WithReportDir).
//
//	func TestPutDestination(t *testing.T) {
//		conformance.Test(t, conformance.Handler(newHandler))
//	}
func Test(t testing.TB, target Target, opts ...Option) {
	t.Helper()
	res, err := Check(t.Context(), target, opts...)
	if err != nil {
		t.Fatalf("conformance: the harness could not judge %v: %v", target, err)
	}
	if !res.Failed() {
		t.Logf("%s", res.Headline())
		if text := res.HandlerLogText(); text != "" {
			t.Logf("%s", text)
		}
		return
	}
	var b strings.Builder
	b.WriteString(res.Headline())
	for _, id := range rules.IDs() {
		if text := res.Explain(id); text != "" {
			b.WriteString("\n\n")
			b.WriteString(text)
		}
	}
	if text := res.HandlerLogText(); text != "" {
		b.WriteString("\n\n")
		b.WriteString(text)
	}
	t.Fatal(b.String())
}
