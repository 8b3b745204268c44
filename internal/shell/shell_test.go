package shell_test

import (
	"os/exec"
	"testing"

	"github.com/putdestination/conformance/internal/shell"
)

// TestQuotedWordsReadBackAsTheyWere: each quoted word, given to bash, is
// one argument with exactly the bytes quoted (NUL aside, which no shell
// word can hold).
func TestQuotedWordsReadBackAsTheyWere(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to read the words back")
	}
	words := []string{"", "plain", "it's", "a b", "$HOME", "tab\there", "line\nbreak", "\xff\xfe", "é ü", "back\\slash", "`cmd`", "x=1,y@2",
		"{\n  \"a\": \"it's\\n\",\r\n\t\"b\": \"\xffé\u2028\ufffd😀\x7f\x1b end\"\n}", "\ufffd", "\u200b\u00a0x"}
	for _, w := range words {
		for name, quote := range map[string]func(string) string{"Word": shell.Word, "Quote": shell.Quote} {
			line := "printf '%s' " + quote(w)
			out, err := exec.Command(bash, "-c", line).Output()
			if err != nil {
				t.Fatalf("%s(%q): bash -c %q: %v", name, w, line, err)
			}
			if string(out) != w {
				t.Errorf("%s(%q) = %s: bash read %q", name, w, quote(w), out)
			}
		}
	}
}

// TestWordLeavesSafeWordsBare: a word of safe characters is printed as it
// is; anything else is quoted.
func TestWordLeavesSafeWordsBare(t *testing.T) {
	for in, want := range map[string]string{
		"-seed=42":                "-seed=42",
		"http://127.0.0.1:8080/x": "http://127.0.0.1:8080/x",
		"":                        "''",
		"a b":                     "'a b'",
		"it's":                    `'it'\''s'`,
	} {
		if got := shell.Word(in); got != want {
			t.Errorf("Word(%q) = %s, want %s", in, got, want)
		}
	}
}
