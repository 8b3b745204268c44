package generators_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
	"pgregory.net/rapid"
)

// defaultBudget is the cases per property of a default run
// (conformance.DefaultConfig().Budget): the schedule must fit in it.
const defaultBudget = 100

// keyword is one keyword of the request schema at one pointer, as the walk
// of the schema finds it.
type keyword struct {
	pointer string // map values at "/tags/*"; a required member's own pointer
	name    string // "propertyNames/" before a map key's keywords
	schema  *openapi3.Schema
	member  string // a required member's name
}

func (k keyword) String() string { return displayPointer(k.pointer) + " " + k.name }

func displayPointer(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// annotations are the schema's words for people: nothing to break.
var annotations = []string{"description", "title", "example", "examples", "$comment", "deprecated"}

// keywordsOf walks a request schema as kin-openapi loaded it and lists
// every keyword at every pointer: what kin-openapi marshals of each
// schema, references followed into properties, propertyNames and
// additionalProperties. It leaves out the annotations, extensions
// (x-...), and what constrains nothing: additionalProperties true (the
// contract ignores unknown members), a map key's type string (every JSON
// member name is one).
func keywordsOf(t *testing.T, sch *openapi3.Schema, pointer, prefix string) []keyword {
	t.Helper()
	text, err := json.Marshal(sch)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(text, &fields); err != nil {
		t.Fatal(err)
	}
	var out []keyword
	for _, name := range sortedKeys(fields) {
		switch {
		case slices.Contains(annotations, name) || strings.HasPrefix(name, "x-"):
		case name == "properties":
			for _, p := range sortedKeys(sch.Properties) {
				out = append(out, keywordsOf(t, sch.Properties[p].Value, pointer+spec.Pointer(p), "")...)
			}
		case name == "required":
			for _, m := range sch.Required {
				out = append(out, keyword{pointer: pointer + spec.Pointer(m), name: prefix + "required", schema: sch, member: m})
			}
		case name == "propertyNames":
			out = append(out, keywordsOf(t, sch.PropertyNames.Value, pointer, "propertyNames/")...)
		case name == "additionalProperties" && sch.AdditionalProperties.Schema != nil:
			out = append(out, keywordsOf(t, sch.AdditionalProperties.Schema.Value, pointer+"/*", "")...)
		case name == "additionalProperties" && sch.AdditionalProperties.Has != nil && *sch.AdditionalProperties.Has:
		case name == "type" && prefix == "propertyNames/" && sch.Type.Is("string"):
		default:
			out = append(out, keyword{pointer: pointer, name: prefix + name, schema: sch})
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsonTypeNames are the JSON types.
var jsonTypeNames = []string{"null", "boolean", "number", "string", "array", "object"}

// placementWays are where a pattern's refused character must stand, each
// in a cell of its own.
var placementWays = []string{"alone", "among allowed characters", "after allowed characters", "before allowed characters"}

// farWays are how far past a maximum the schedule must go.
var farWays = []string{"one above", "10 times the maximum", "100 times the maximum", "1000 times the maximum"}

// wantedWays are the ways a keyword must be broken in, by the keyword's
// own kind: every JSON type "type" refuses; a required member missing and
// present only under its name in other letter cases; just past each
// bound, and far past a maximum; each class of characters a pattern
// refuses (see refusedClasses) in every placement. An unknown kind of
// keyword wants one cell at least, any way.
func wantedWays(k keyword) []string {
	base := strings.TrimPrefix(k.name, "propertyNames/")
	sch := k.schema
	switch base {
	case "type":
		var out []string
		for _, typ := range jsonTypeNames {
			if !sch.Type.Includes(typ) && !(typ == "number" && sch.Type.Includes("integer")) {
				out = append(out, typ)
			}
		}
		return out
	case "required":
		return []string{"missing", "written with its first letter in the other case", "written in upper case"}
	case "minLength", "minProperties":
		n := int(sch.MinLength)
		if base == "minProperties" {
			n = int(sch.MinProps)
		}
		switch n {
		case 0:
			return []string{}
		case 1:
			return []string{"empty"}
		}
		return []string{"one below"}
	case "maxLength", "maxProperties":
		return farWays
	case "pattern":
		var out []string
		for _, class := range refusedClassesOf(sch.Pattern) {
			for _, p := range placementWays {
				out = append(out, class+" "+p)
			}
		}
		return out
	}
	return nil
}

// groupNames are Unicode's names of the General Category groups.
var groupNames = map[string]string{"C": "other", "L": "letter", "M": "mark", "N": "number", "P": "punctuation", "S": "symbol", "Z": "separator"}

// refusedClasses are the classes of characters pattern refuses, read from
// Unicode's category tables: each character when it refuses four at most
// (each a fault of its own in an implementation), else each General
// Category group with an assigned character it refuses.
func refusedClasses(pattern string) []string {
	re := regexp.MustCompile(pattern)
	var few []rune
	groups := map[string]bool{}
	for cat, table := range unicode.Categories {
		if len(cat) != 2 || cat == "LC" {
			continue
		}
		for _, rg := range table.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				if !re.MatchString(string(r)) {
					groups[cat[:1]] = true
					few = append(few, r)
				}
			}
		}
		for _, rg := range table.R32 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				if !re.MatchString(string(r)) {
					groups[cat[:1]] = true
					few = append(few, r)
				}
			}
		}
	}
	var out []string
	if len(few) <= 4 {
		for _, r := range few {
			out = append(out, fmt.Sprintf("'%c'", r))
		}
		return out
	}
	for g := range groups {
		out = append(out, g+" "+groupNames[g])
	}
	return out
}

// missingBreakers lists, subject first, every keyword of kws that no cell
// breaks in a way it wants (see wantedWays).
func missingBreakers(kws []keyword, cells []generators.Cell) []string {
	var out []string
	for _, k := range kws {
		var have []string
		for _, c := range cells {
			if c.Pointer == k.pointer && c.Keyword == k.name {
				have = append(have, c.Way)
			}
		}
		want := wantedWays(k)
		switch {
		case want == nil && len(have) == 0:
			out = append(out, fmt.Sprintf("%s: no cell breaks it, want one", k))
		case want != nil:
			for _, w := range want {
				if !slices.Contains(have, w) {
					out = append(out, fmt.Sprintf("%s: no cell breaks it %s", k, w))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestEveryKeywordHasABreaker walks the request schema of the embedded spec
// and fails when a keyword at a pointer has no cell in the schedule, or
// lacks a way of breaking it that its kind wants (see wantedWays).
func TestEveryKeywordHasABreaker(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	kws := keywordsOf(t, s.RequestSchema(), "", "")
	if len(kws) == 0 {
		t.Fatal("request schema: no keyword found")
	}
	for _, m := range missingBreakers(kws, g.Cells()) {
		t.Error(m)
	}
}

// TestEveryKeywordHasABreakerBites proves the check above fails when a
// breaker goes: without any one cell of the schedule, it names that
// cell's keyword.
func TestEveryKeywordHasABreakerBites(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	kws := keywordsOf(t, s.RequestSchema(), "", "")
	cells := g.Cells()
	for k, gone := range cells {
		missing := missingBreakers(kws, slices.Delete(slices.Clone(cells), k, k+1))
		want := fmt.Sprintf("%s %s: no cell breaks it %s", displayPointer(gone.Pointer), gone.Keyword, gone.Way)
		if !slices.Contains(missing, want) {
			t.Errorf("schedule without cell %s: got %q, want %q among them", gone, missing, want)
		}
	}
}

// TestEveryKeywordHasABreakerOnAnotherSpec adds keywords to a copy of the
// spec: one the generators read (maxLength) gets its breakers from the
// spec, one they do not know is reported.
func TestEveryKeywordHasABreakerOnAnotherSpec(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, reason string
		want                   []string // missing breakers; none: the schedule follows
	}{
		{"maxLength on roleArn", "At least one character, no upper bound.\n      type: string\n      minLength: 1\n",
			"At least one character, no upper bound.\n      type: string\n      minLength: 1\n      maxLength: 2048\n",
			"the generators read lengths from the spec", nil},
		{"format on targetArn", "TargetArn:\n      description: At least one character, no upper bound.\n      type: string\n",
			"TargetArn:\n      description: At least one character, no upper bound.\n      type: string\n      format: uri\n",
			"no breaker sends a targetArn that is not a URI", []string{"/targetArn format: no cell breaks it, want one"}},
		{"const on a tag value", "      minLength: 0\n      maxLength: 256\n", "      minLength: 0\n      maxLength: 256\n      const: v\n",
			"no breaker sends another value", []string{"/tags/* const: no cell breaks it, want one"}},
		{"maxProperties on the body", "      # Unknown members are ignored.\n      additionalProperties: true\n",
			"      additionalProperties: true\n      maxProperties: 8\n",
			"no breaker sends too many members", []string{
				"/ maxProperties: no cell breaks it 10 times the maximum", "/ maxProperties: no cell breaks it 100 times the maximum",
				"/ maxProperties: no cell breaks it 1000 times the maximum", "/ maxProperties: no cell breaks it one above"}},
		{"no unknown members", "      # Unknown members are ignored.\n      additionalProperties: true\n", "      additionalProperties: false\n",
			"no breaker sends an unknown member as invalid", []string{"/ additionalProperties: no cell breaks it, want one"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := string(spec.EmbeddedSource())
			if !strings.Contains(src, tc.old) {
				t.Fatalf("spec: got no %q to modify, want it", tc.old)
			}
			path := filepath.Join(t.TempDir(), "modified.yaml")
			if err := os.WriteFile(path, []byte(strings.Replace(src, tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := spec.LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			g, err := generators.New(s, generators.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := missingBreakers(keywordsOf(t, s.RequestSchema(), "", ""), g.Cells()); !slices.Equal(got, tc.want) {
				t.Errorf("%s: missing breakers %q, want %q", tc.reason, got, tc.want)
			}
		})
	}
}

// scheduleSeeds is how many seeds the schedule is run with.
const scheduleSeeds = 50

// caseSeed derives the seed of case i of a run with seed seed (splitmix64),
// as a campaign derives each case's.
func caseSeed(seed uint64, i int) int {
	z := seed<<20 + uint64(i) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return int(z ^ (z >> 31))
}

// missedCells runs sched as a campaign draws a property (case i from
// generator i mod len) for its first n cases at each seed, reads the cell
// of each case off its body (cellOf), and lists, subject first, every cell
// of want not met at some seed.
func missedCells(t *testing.T, s *spec.Spec, sched []*rapid.Generator[generators.Case], want []generators.Cell, n int, seeds []uint64) []string {
	t.Helper()
	var out []string
	for _, seed := range seeds {
		met := map[generators.Cell]bool{}
		for i := range n {
			c := sched[i%len(sched)].Example(caseSeed(seed, i))
			if cell, ok := cellOf(s, c.Body); ok {
				met[cell] = true
			}
		}
		for _, cell := range want {
			if !met[cell] {
				out = append(out, fmt.Sprintf("cell %s: not met in the first %d cases at seed %d", cell, n, seed))
			}
		}
	}
	return out
}

func seedsUpTo(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i + 1)
	}
	return out
}

// TestScheduleMeetsEveryCellAtEverySeed runs the invalid schedule at 50
// seeds: every cell is met within its first N cases each time, N (the
// schedule's length) within a default run's budget. Which cell a case
// meets is read off its body, not its label.
func TestScheduleMeetsEveryCellAtEverySeed(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	sched, cells := g.InvalidSchedule(), g.Cells()
	n := len(sched)
	if n > defaultBudget {
		t.Errorf("schedule: %d cells, want at most %d (a default run's cases per property)", n, defaultBudget)
	}
	for _, m := range missedCells(t, s, sched, cells, n, seedsUpTo(scheduleSeeds)) {
		t.Error(m)
	}
	t.Logf("N = %d cells, every one met within the first %d cases at each of %d seeds", n, n, scheduleSeeds)
}

// TestScheduleCheckBites proves the check above fails when its subject is
// broken: a schedule one generator short misses that cell at every seed,
// and one that leaves a cell to a random draw misses it at some.
func TestScheduleCheckBites(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	sched, cells := g.InvalidSchedule(), g.Cells()
	n := len(sched)
	seeds := seedsUpTo(5)
	last := cells[n-1]
	short := missedCells(t, s, sched[:n-1], []generators.Cell{last}, n, seeds)
	if len(short) != len(seeds) {
		t.Errorf("schedule without its last generator: got %q, want cell %s missed at each of %d seeds", short, last, len(seeds))
	}
	k := slices.IndexFunc(cells, func(c generators.Cell) bool { return c.Pointer == "/tags/*" && c.Keyword == "type" && c.Way == "null" })
	if k < 0 {
		t.Fatal("schedule: no cell of a null tag value")
	}
	random := slices.Clone(sched)
	random[k] = g.Invalid()
	if missed := missedCells(t, s, random, []generators.Cell{cells[k]}, n, seedsUpTo(20)); len(missed) == 0 {
		t.Errorf("schedule with cell %s left to a random draw: met at every seed, want missed at some", cells[k])
	}
}

// cellOf reads the cell an invalid body meets: the constraint the spec's
// verdict names, and the way it is broken, from the value there.
func cellOf(s *spec.Spec, body []byte) (generators.Cell, bool) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return generators.Cell{}, false
	}
	root := s.RequestSchema()
	sizes := map[any]int{}
	if len(body) > bigBody {
		// The verdict's look for duplicate keys compares every member
		// name with every other, which on tens of thousands of members
		// takes seconds: the spec judges the body with each huge value
		// cut to just past its bound, and the way is read from the
		// value's own size (sizes).
		doc = cutDown(doc, root, sizes)
		cut, err := json.Marshal(doc)
		if err != nil {
			return generators.Cell{}, false
		}
		body = cut
	}
	v := s.RequestVerdict(body)
	if v.Valid || v.Silent != "" {
		return generators.Cell{}, false
	}
	p, kw := v.Problem.Pointer, v.Problem.Keyword
	obj, _ := doc.(map[string]any)
	switch {
	case p == "" && kw == "type":
		return generators.Cell{Pointer: "", Keyword: kw, Way: typeOf(doc)}, true
	case p == "" && kw == "required":
		for _, m := range root.Required {
			if _, ok := obj[m]; ok {
				continue
			}
			way := "missing"
			for k := range obj {
				switch k {
				case swapFirst(m):
					way = "written with its first letter in the other case"
				case strings.ToUpper(m):
					way = "written in upper case"
				}
			}
			return generators.Cell{Pointer: spec.Pointer(m), Keyword: kw, Way: way}, true
		}
		return generators.Cell{}, false
	}
	cell := generators.Cell{Pointer: s.PointerPattern(p), Keyword: kw}
	sch := schemaAt(root, cell.Pointer)
	var value any = valueAt(doc, p)
	base, underKeys := strings.CutPrefix(kw, "propertyNames/")
	if underKeys {
		sch = sch.PropertyNames.Value
		value = offendingKey(value.(map[string]any), sch, base)
	}
	// size is a string's or an object's size before cutDown.
	size := func(n int) int {
		if str, ok := value.(string); ok && sizes[str] > 0 {
			return sizes[str]
		}
		if orig, ok := sizes[objectAt(p)]; ok && strings.HasSuffix(base, "Properties") {
			return orig
		}
		return n
	}
	switch base {
	case "type":
		cell.Way = typeOf(value)
	case "minLength", "maxLength":
		cell.Way = past(size(utf8.RuneCountInString(value.(string))), int(sch.MinLength), sch.MaxLength)
	case "minProperties", "maxProperties":
		cell.Way = past(size(len(value.(map[string]any))), int(sch.MinProps), sch.MaxProps)
	case "pattern":
		cell.Way = placed(value.(string), sch.Pattern)
	}
	return cell, true
}

// objectAt keys an object's size in cutDown's record by its pointer.
type objectAt string

// bigBody is the size past which cellOf cuts a body down.
const bigBody = 16 << 10

// cutDown cuts every string of doc longer than one past its schema's
// maxLength (keys too) to one past it, and every object with more than
// one member past its maxProperties to one past it, recording the size
// each had: a string's under the string it was cut to, an object's under
// its pointer (objectAt).
func cutDown(doc any, sch *openapi3.Schema, sizes map[any]int) any {
	return cutAt(doc, sch, "", sizes)
}

func cutAt(v any, sch *openapi3.Schema, pointer string, sizes map[any]int) any {
	if sch == nil {
		return v
	}
	switch v := v.(type) {
	case string:
		if sch.MaxLength != nil && utf8.RuneCountInString(v) > int(*sch.MaxLength)+1 {
			cut := string([]rune(v)[:*sch.MaxLength+1])
			sizes[cut] = utf8.RuneCountInString(v)
			return cut
		}
	case map[string]any:
		out := map[string]any{}
		for _, k := range sortedKeys(v) {
			if sch.MaxProps != nil && len(out) > int(*sch.MaxProps) {
				sizes[objectAt(pointer)] = len(v)
				break
			}
			key := k
			if sch.PropertyNames != nil {
				key = cutAt(k, sch.PropertyNames.Value, "", sizes).(string)
			}
			var sub *openapi3.Schema
			switch {
			case sch.Properties[k] != nil:
				sub = sch.Properties[k].Value
			case sch.AdditionalProperties.Schema != nil:
				sub = sch.AdditionalProperties.Schema.Value
			}
			out[key] = cutAt(v[k], sub, pointer+spec.Pointer(key), sizes)
		}
		return out
	}
	return v
}

func typeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// swapFirst is s with its first letter in the other case.
func swapFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) {
		return string(unicode.ToLower(r)) + s[size:]
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// past names how n stands to the bounds lo and hi.
func past(n, lo int, hi *uint64) string {
	switch {
	case n == 0 && lo == 1:
		return "empty"
	case n == lo-1:
		return "one below"
	case hi == nil:
	case n == int(*hi)+1:
		return "one above"
	case n%int(*hi) == 0:
		return fmt.Sprintf("%d times the maximum", n/int(*hi))
	}
	return fmt.Sprintf("%d (bounds %d, %v)", n, lo, hi)
}

// placed names the one character of str that pattern refuses, by its
// class (see refusedClasses), and where it stands.
func placed(str, pattern string) string {
	re := regexp.MustCompile(pattern)
	runes := []rune(str)
	for i, r := range runes {
		if re.MatchString(string(r)) {
			continue
		}
		class := fmt.Sprintf("'%c'", r)
		if classes := refusedClassesOf(pattern); !slices.Contains(classes, class) {
			letter := generators.CategoryOf(r)[:1]
			class = letter + " " + groupNames[letter]
		}
		switch {
		case len(runes) == 1:
			return class + " alone"
		case i == 0:
			return class + " before allowed characters"
		case i == len(runes)-1:
			return class + " after allowed characters"
		}
		return class + " among allowed characters"
	}
	return "no refused character in " + str
}

// refusedClassesOf is refusedClasses, computed once per pattern.
var refusedClassesOf = func() func(string) []string {
	memo := map[string][]string{}
	return func(p string) []string {
		if c, ok := memo[p]; ok {
			return c
		}
		memo[p] = refusedClasses(p)
		return memo[p]
	}
}()

// offendingKey is a key of m that breaks keyword of the key schema sch.
func offendingKey(m map[string]any, sch *openapi3.Schema, kw string) string {
	for k := range m {
		n := utf8.RuneCountInString(k)
		switch {
		case kw == "minLength" && n < int(sch.MinLength),
			kw == "maxLength" && sch.MaxLength != nil && n > int(*sch.MaxLength),
			kw == "pattern" && !regexp.MustCompile(sch.Pattern).MatchString(k):
			return k
		}
	}
	return ""
}

// schemaAt is the schema at a pointer with map keys as "*".
func schemaAt(sch *openapi3.Schema, pointer string) *openapi3.Schema {
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if tok == "*" {
			sch = sch.AdditionalProperties.Schema.Value
			continue
		}
		sch = sch.Properties[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)].Value
	}
	return sch
}

// valueAt is the value of doc at an RFC 6901 pointer.
func valueAt(doc any, pointer string) any {
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		doc = doc.(map[string]any)[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	return doc
}

// nearMisses are the names one character from a member's name that the
// valid side of the schedule must send as unknown members.
var nearMisses = []func(string) string{
	swapFirst,
	func(s string) string { return s[:len(s)-1] },
	func(s string) string { return s + s[len(s)-1:] },
	func(s string) string { return s + " " },
}

// TestValidSideMeetsEveryCellAtEverySeed runs ValidEach as a campaign
// draws the valid property, at 50 seeds: within one cycle of it, every
// member of the request schema has an unknown member named one character
// from it (each way of nearMisses) in a valid request, every
// optional member that admits null is null in one, and every member is
// written twice in one, which the contract is silent on. Read off the
// bodies, not the labels.
func TestValidSideMeetsEveryCellAtEverySeed(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	each := g.ValidEach()
	root := s.RequestSchema()
	var want []string
	for _, m := range sortedKeys(root.Properties) {
		for _, near := range nearMisses {
			want = append(want, fmt.Sprintf("%q for %s", near(m), m))
		}
		if !slices.Contains(root.Required, m) && root.Properties[m].Value.Type.IncludesNull() {
			want = append(want, m+" null")
		}
		want = append(want, m+" twice")
	}
	for seed := range uint64(scheduleSeeds) {
		met := map[string]bool{}
		for i, gen := range each {
			c := gen.Example(caseSeed(seed+1, i))
			names, values := topLevel(c.Body)
			v := s.RequestVerdict(c.Body)
			for _, m := range sortedKeys(root.Properties) {
				n := slices.Index(names, m)
				if v.Silent == verdict.SilentDuplicateKey && n >= 0 && slices.Contains(names[n+1:], m) {
					met[m+" twice"] = true
				}
				if !v.Valid || v.Silent != "" {
					continue
				}
				if n >= 0 && values[n] == "null" {
					met[m+" null"] = true
				}
				for _, near := range nearMisses {
					if slices.Contains(names, near(m)) {
						met[fmt.Sprintf("%q for %s", near(m), m)] = true
					}
				}
			}
		}
		for _, w := range want {
			if !met[w] {
				t.Errorf("seed %d: no valid case with %s in the first %d", seed+1, w, len(each))
			}
		}
	}
}

// topLevel lists the names and raw values of a JSON object's members in
// the order written, duplicates kept.
func topLevel(body []byte) (names, values []string) {
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return names, values
		}
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return names, values
		}
		names, values = append(names, tok.(string)), append(values, string(raw))
	}
	return names, values
}
