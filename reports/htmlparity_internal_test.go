package reports

import "testing"

// TestSpansOf: the members at the pointers are found in the bytes as
// received, however their names are spelled, nested or in arrays, and
// nothing else is.
func TestSpansOf(t *testing.T) {
	for _, tt := range []struct {
		body  string
		marks []string
		want  []string
	}{
		{`{"a":1,"b":{"c":[1, {"d":null}]}}`, []string{"/b/c/1/d", "/a"}, []string{`"a":1`, `"d":null`}},
		{`{ "x" : "y" , "\u0061~" : [true,false] }`, []string{"/a~0/1"}, []string{`false`}},
		{`{"a/b":{"k":1},"k":2}`, []string{"/a~1b/k"}, []string{`"k":1`}},
		{`[{"e":1},{"e":2}]`, []string{"/1"}, []string{`{"e":2}`}},
		{`{"a":1}`, []string{"/b"}, nil},
		{`not json {"a":1}`, []string{"/a"}, nil},
	} {
		marks := map[string]bool{}
		for _, m := range tt.marks {
			marks[m] = true
		}
		var got []string
		for _, s := range spansOf([]byte(tt.body), marks) {
			got = append(got, tt.body[s[0]:s[1]])
		}
		if len(got) != len(tt.want) {
			t.Errorf("spansOf(%s, %q): got %q, want %q", tt.body, tt.marks, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("spansOf(%s, %q): got %q, want %q", tt.body, tt.marks, got, tt.want)
			}
		}
	}
}
