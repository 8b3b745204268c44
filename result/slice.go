package result

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/rules"
)

// Slice is which part of a campaign a run sends (-shard i/n): the Index-th
// of Of slices, counted from 1. The zero Slice is the whole campaign.
type Slice struct {
	Index int `json:"index"`
	Of    int `json:"of"`
}

// Whole reports whether s is the whole campaign (no -shard given).
func (s Slice) Whole() bool { return s == Slice{} }

// String is s as the -shard flag spells it ("2/4"); "" for the whole
// campaign.
func (s Slice) String() string {
	if s.Whole() {
		return ""
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Of)
}

// Problem says what is wrong with s, nil when it is the whole campaign or
// one slice of it.
func (s Slice) Problem() error {
	if s.Whole() || s.Of >= 1 && s.Index >= 1 && s.Index <= s.Of {
		return nil
	}
	return fmt.Errorf("-shard %d/%d: want i/n with n at least 1 and i from 1 to n", s.Index, s.Of)
}

// Set parses "i/n" (the -shard flag): two whole numbers, 1 ≤ i ≤ n.
func (s *Slice) Set(v string) error {
	i, n, ok := strings.Cut(v, "/")
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	of, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("want i/n, the i-th of n shards (1/4, 2/4, …)")
	}
	next := Slice{Index: index, Of: of}
	if next.Whole() || next.Problem() != nil {
		return fmt.Errorf("want i/n with n at least 1 and i from 1 to n")
	}
	*s = next
	return nil
}

// Sharding is what a run of one slice of a campaign says of it, so that
// merge can tell which slices it holds and that they are of one campaign:
// the slice, how many findings each rule kept (merging keeps as many, the
// first causes in signature order, as the whole run would), the rules the
// run judged, and the name prefix its cases were drawn with.
type Sharding struct {
	Slice       Slice      `json:"slice"`
	MaxFindings int        `json:"max_findings"`
	Rules       []rules.ID `json:"rules"`
	NamePrefix  string     `json:"name_prefix"`
}
