package generators

import (
	"fmt"
	"strconv"
	"strings"

	"pgregory.net/rapid"
)

func (g *Set) swapType(t *rapid.T, m *mutable) string {
	n, _ := m.pick(t, "value to retype", func(node) bool { return true })
	orig := string(m.body[n.start:n.end])
	var choices []string
	for _, v := range []string{`null`, `true`, `0`, `-1.5e3`, `""`, `"0"`, `[]`, `{}`, "[" + orig + "]", `{"value":` + orig + "}", string(jsonString(orig))} {
		if kindOf(v) != n.kind {
			choices = append(choices, v)
		}
	}
	v := rapid.SampledFrom(choices).Draw(t, "value of another type")
	m.splice(n.start, n.end, v)
	return fmt.Sprintf("%s %s became %s %s", m.where(n), kindNames[n.kind], kindNames[kindOf(v)], excerpt([]byte(v)))
}

func (g *Set) duplicateMember(t *rapid.T, m *mutable) string {
	n, i := m.pick(t, "member to duplicate", func(n node) bool { return n.keyStart >= 0 })
	if i < 0 {
		return g.swapType(t, m)
	}
	member := string(m.body[n.keyStart:n.end])
	how := "with the same value"
	if rapid.Bool().Draw(t, "another value") {
		v := rapid.SampledFrom([]string{`null`, `"dup"`, `{}`, string(jsonString(g.prefix + "dup"))}).Draw(t, "duplicate's value")
		member = string(m.body[n.keyStart:n.keyEnd]) + ":" + v
		how = "with the value " + v
	}
	m.splice(n.end, n.end, ",", member)
	return fmt.Sprintf("%s repeated %s", m.where(n), how)
}

// stretches make a number huge, tiny, long or odd.
var stretches = []func(n string) string{
	func(n string) string { return n + "e999" },
	func(n string) string { return n + "E+400" },
	func(n string) string { return n + "e-999" },
	func(n string) string { return n + strings.Repeat("0", 400) },
	func(n string) string { return n + "." + strings.Repeat("9", 400) },
	func(string) string { return "1" + strings.Repeat("0", 400) },
	func(string) string { return "-1e309" },
	func(string) string { return "1.7976931348623157e308" },
	func(string) string { return "4.9e-324" },
	func(string) string { return "9007199254740993" },
	func(string) string { return "-0" },
	func(string) string { return "1E400" },
}

func (g *Set) stretchNumber(t *rapid.T, m *mutable) string {
	n, i := m.pick(t, "number to stretch", func(n node) bool { return n.kind == '0' })
	if i < 0 || m.nodes[0].kind == '{' && rapid.IntRange(0, 2).Draw(t, "stretch a new member") == 0 {
		v := stretches[rapid.IntRange(0, len(stretches)-1).Draw(t, "stretch")]("1")
		root := m.nodes[0]
		if root.kind != '{' {
			return g.swapType(t, m)
		}
		sep := ","
		if len(m.nodes) == 1 {
			sep = ""
		}
		m.splice(root.end-1, root.end-1, sep, `"retentionInDays":`, v)
		return fmt.Sprintf("/retentionInDays (new member) is %s", excerpt([]byte(v)))
	}
	orig := string(m.body[n.start:n.end])
	v := stretches[rapid.IntRange(0, len(stretches)-1).Draw(t, "stretch")](orig)
	m.splice(n.start, n.end, v)
	return fmt.Sprintf("%s %s became %s", m.where(n), orig, excerpt([]byte(v)))
}

func (g *Set) deepenNesting(t *rapid.T, m *mutable) string {
	depth := rapid.SampledFrom([]int{1, 2, 16, 128, 1000}).Draw(t, "levels")
	open, close := strings.Repeat(`[{"a":`, depth/2), strings.Repeat("}]", depth/2)
	if depth%2 == 1 {
		open, close = open+"[", "]"+close
	}
	n, i := m.pick(t, "value to nest", func(n node) bool { return n.parent >= 0 })
	root := m.nodes[0]
	if root.kind == '{' && (i < 0 || rapid.IntRange(0, 2).Draw(t, "nest a new member") == 0) {
		sep := ","
		if len(m.nodes) == 1 {
			sep = ""
		}
		m.splice(root.end-1, root.end-1, sep, `"nested":`, open, "0", close)
		return fmt.Sprintf("/nested (new member) is 0 under %s", levels(depth))
	}
	if i < 0 {
		n = root
	}
	m.splice(n.start, n.end, open, string(m.body[n.start:n.end]), close)
	return fmt.Sprintf("%s put under %s", m.where(n), levels(depth))
}

func levels(n int) string {
	if n == 1 {
		return "1 level"
	}
	return strconv.Itoa(n) + " levels"
}

func (g *Set) truncateObject(t *rapid.T, m *mutable) string {
	n, idx := m.pick(t, "object to truncate", func(n node) bool { return n.kind == '{' })
	if idx < 0 {
		total := len(m.body)
		cut := rapid.IntRange(0, total-1).Draw(t, "cut text at")
		m.body = m.body[:cut]
		return fmt.Sprintf("text cut at byte %d of %d", cut, total)
	}
	var members []node
	for _, o := range m.nodes {
		if o.parent == idx {
			members = append(members, o)
		}
	}
	if len(members) > 0 && rapid.Bool().Draw(t, "close the object early") {
		keep := rapid.IntRange(0, len(members)-1).Draw(t, "members kept")
		from := n.start + 1
		if keep > 0 {
			from = members[keep-1].end
		}
		m.splice(from, n.end, "}")
		return fmt.Sprintf("object %s closed after %d of %d members", m.where(n), keep, len(members))
	}
	cut := rapid.IntRange(n.start+1, n.end-1).Draw(t, "cut text at")
	total := len(m.body)
	m.body = m.body[:cut]
	return fmt.Sprintf("text cut at byte %d of %d, inside object %s", cut, total, m.where(n))
}
