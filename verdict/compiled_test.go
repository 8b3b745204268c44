package verdict_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict/internal/compile"
)

// TestEmbeddedIsCompiledFromTheSpec: compiled.go is what `go generate
// ./verdict/` writes from the embedded spec today.
func TestEmbeddedIsCompiledFromTheSpec(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want, err := compile.Source(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("compiled.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("compiled.go is out of date with spec/putdestination.openapi.yaml: run go generate ./verdict/")
	}
}

// TestCompilerRefusesWhatItCannotCheck: a spec with a keyword Schema does
// not check is refused, naming it, rather than compiled without it.
func TestCompilerRefusesWhatItCannotCheck(t *testing.T) {
	src := spec.EmbeddedSource()
	for keyword, edit := range map[string][2]string{
		"enum":                 {"      minLength: 1\n      maxLength: 512\n", "      minLength: 1\n      maxLength: 512\n      enum: [a, b]\n"},
		"multipleOf":           {"    TargetArn:\n", "    TargetArn:\n      multipleOf: 2\n"},
		"additionalProperties": {"      additionalProperties: true\n", "      additionalProperties: false\n"},
	} {
		if !bytes.Contains(src, []byte(edit[0])) {
			t.Fatalf("%s: the spec no longer has %q to edit", keyword, edit[0])
		}
		s, err := spec.Load("edited", bytes.Replace(src, []byte(edit[0]), []byte(edit[1]), 1))
		if err != nil {
			t.Fatalf("%s: %v", keyword, err)
		}
		_, err = compile.Source(s)
		if err == nil || !strings.Contains(err.Error(), keyword) {
			t.Errorf("%s: got error %v, want one naming the keyword", keyword, err)
		}
	}
}
