package generators

import (
	"fmt"
	"regexp/syntax"
	"sort"
)

// Class is the character class of a pattern of the form ^C*$ or ^C+$ (the
// only shape the contract's patterns take): a string matches the pattern
// when every character is in the class (and, for +, there is at least one).
type Class struct {
	Pattern    string
	AtLeastOne bool
	ranges     []rune // sorted lo, hi pairs, as regexp/syntax gives them
}

// ParseClass reads a pattern with Go's regexp/syntax, the parser behind the
// regexp package that kin-openapi's validator compiles the same pattern with.
func ParseClass(pattern string) (*Class, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", pattern, err)
	}
	re = re.Simplify()
	bad := fmt.Errorf("pattern %q: not of the form ^C*$ or ^C+$ (one repeated character class), which the generators need to label inputs exactly", pattern)
	if re.Op != syntax.OpConcat || len(re.Sub) != 3 || re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return nil, bad
	}
	rep := re.Sub[1]
	for rep.Op == syntax.OpCapture {
		rep = rep.Sub[0]
	}
	c := &Class{Pattern: pattern}
	switch rep.Op {
	case syntax.OpStar:
	case syntax.OpPlus:
		c.AtLeastOne = true
	default:
		return nil, bad
	}
	inner := rep.Sub[0]
	for inner.Op == syntax.OpCapture {
		inner = inner.Sub[0]
	}
	switch inner.Op {
	case syntax.OpCharClass:
		c.ranges = append([]rune(nil), inner.Rune...)
	case syntax.OpAnyChar:
		c.ranges = []rune{0, 0x10FFFF}
	case syntax.OpLiteral:
		if len(inner.Rune) != 1 {
			return nil, bad
		}
		c.ranges = []rune{inner.Rune[0], inner.Rune[0]}
	default:
		return nil, bad
	}
	return c, nil
}

// Contains reports whether r is in the class.
func (c *Class) Contains(r rune) bool {
	if c == nil {
		return true
	}
	n := len(c.ranges) / 2
	i := sort.Search(n, func(i int) bool { return c.ranges[2*i+1] >= r })
	return i < n && c.ranges[2*i] <= r
}

// Matches reports whether s matches the class's pattern.
func (c *Class) Matches(s string) bool {
	if c == nil {
		return true
	}
	if c.AtLeastOne && s == "" {
		return false
	}
	for _, r := range s {
		if !c.Contains(r) {
			return false
		}
	}
	return true
}

func (c *Class) String() string {
	if c == nil {
		return "any character"
	}
	return c.Pattern
}
