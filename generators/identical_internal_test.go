package generators

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// identicalGolden holds one line per generator: its name, how many cases
// were hashed and the SHA-256 of them all (see TestGeneratedCasesAreUnchanged).
const identicalGolden = "testdata/identical.golden"

// identicalSeeds are the seeds every generator is drawn at: 0 to 199 (case
// i of a cycle of generators goes to generator i mod its length, as the
// campaign draws them) and seeds as large as the campaign's (caseSeed
// spreads over every uint64, read as an int).
var identicalSeeds = func() []int {
	seeds := make([]int, 0, 210)
	for i := range 200 {
		seeds = append(seeds, i)
	}
	return append(seeds, -1, math.MinInt64, math.MaxInt64, -0x61c8864680b583eb, 0x5851f42d4c957f2d, 1<<40+7, -(1<<40 + 7), 123456789)
}()

// TestGeneratedCasesAreUnchanged draws every generator the campaign and
// fuzzing use at fixed seeds and compares a hash of every field of the
// cases (the JSON of the case, the body, the name, the spelling, the body
// written again from its doc, the case under a fresh name, and, for some,
// the shrunk case) with the golden file: generation may get cheaper, but
// it must return the same cases, byte for byte, for the same seed. With
// -update it writes the golden file instead.
func TestGeneratedCasesAreUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("draws thousands of cases")
	}
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, prefix := range []string{"", "cfz-"} {
		g, err := New(s, Options{Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		for _, cycle := range []struct {
			name string
			gens []*rapid.Generator[Case]
		}{
			{"Valid", []*rapid.Generator[Case]{g.Valid()}},
			{"ValidEach", g.ValidEach()},
			{"Invalid", []*rapid.Generator[Case]{g.Invalid()}},
			{"InvalidEach", g.InvalidEach()},
			{"InvalidRounds", g.InvalidRounds()},
			{"InvalidAfter", g.InvalidAfter()},
			{"Wire", []*rapid.Generator[Case]{g.Wire()}},
			{"WireEach", g.WireEach()},
			{"Mutate", []*rapid.Generator[Case]{g.Mutate()}},
			{"MutateEach", g.MutateEach()},
		} {
			h := sha256.New()
			n := 0
			for _, i := range cycleSeeds(len(cycle.gens)) {
				c := cycle.gens[mod(i, len(cycle.gens))].Example(i)
				hashCase(t, g, h, c, i%25 == 0)
				n++
			}
			lines = append(lines, fmt.Sprintf("prefix=%q %s %d %s", prefix, cycle.name, n, hex.EncodeToString(h.Sum(nil))))
		}
		for _, probe := range []struct {
			name string
			gen  *rapid.Generator[Probe]
		}{{"Upsert", g.Upsert()}, {"Distinct", g.Distinct()}} {
			h := sha256.New()
			for _, i := range identicalSeeds {
				p := probe.gen.Example(i)
				writeField(h, []byte(p.Label))
				writeField(h, []byte(fmt.Sprint(p.Same)))
				hashCase(t, g, h, p.First, false)
				hashCase(t, g, h, p.Second, false)
				if i%25 == 0 {
					shrunk, done := g.Shrink([]Case{p.First, p.Second}, func([]Case) (bool, bool) { return true, true })
					writeField(h, []byte(fmt.Sprint(done, len(shrunk))))
					for _, c := range shrunk {
						writeField(h, c.Body)
					}
				}
			}
			lines = append(lines, fmt.Sprintf("prefix=%q %s %d %s", prefix, probe.name, len(identicalSeeds), hex.EncodeToString(h.Sum(nil))))
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.MkdirAll(filepath.Dir(identicalGolden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(identicalGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(identicalGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	defer f.Close()
	var want []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		want = append(want, sc.Text())
	}
	if len(want) != len(lines) {
		t.Fatalf("%s: got %d generators, want %d", identicalGolden, len(lines), len(want))
	}
	for i := range lines {
		if lines[i] != want[i] {
			t.Errorf("generated cases changed (a change meant to draw other cases rewrites the file: go test ./generators/ -run TestGeneratedCasesAreUnchanged -update):\n got  %s\n want %s", lines[i], want[i])
		}
	}
}

// cycleSeeds are the seeds a cycle of n generators is drawn at: every
// identicalSeed, and 0 to 2n-1 so each generator comes up at least twice.
func cycleSeeds(n int) []int {
	seeds := identicalSeeds
	for i := 200; i < 2*n; i++ {
		seeds = append(seeds[:len(seeds):len(seeds)], i)
	}
	return seeds
}

func mod(i, n int) int { return ((i % n) + n) % n }

// hashCase writes every field of c into h, each with its length: the JSON
// of the case (label, method, expectation, edges, wire), the body, the
// name, the spelling, the body written again from its doc, the case
// remarked, and with shrink, the case shrunk as far as it goes.
func hashCase(t *testing.T, g *Set, h hash.Hash, c Case, shrink bool) {
	t.Helper()
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	writeField(h, j)
	writeField(h, c.Body)
	writeField(h, []byte(c.Name))
	writeField(h, []byte(c.Spelling()))
	writeField(h, []byte(fmt.Sprint(c.HTTPMethod(), c.Alone(), g.Shrinkable(c))))
	if c.doc != nil {
		writeField(h, c.doc.body())
	}
	if marked, ok := g.Remark([]Case{c}, "zq"); ok {
		writeField(h, marked[0].Body)
		writeField(h, []byte(marked[0].Name))
	}
	if shrink {
		shrunk, done := g.Shrink([]Case{c}, func([]Case) (bool, bool) { return true, true })
		writeField(h, []byte(fmt.Sprint(done, len(shrunk))))
		for _, s := range shrunk {
			writeField(h, s.Body)
		}
	}
}

// writeField writes b into h after its length, so fields cannot run into
// each other.
func writeField(h hash.Hash, b []byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}
