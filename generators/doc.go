// Package generators holds the property-based generators (pgregory.net/rapid)
// of PutDestination requests: valid requests across the whole valid space,
// weighted toward its edges; invalid requests that each break exactly one
// constraint and say which; wire-level malformations; and identity probes.
//
// What chance alone could miss at some seed comes in a schedule instead: a
// campaign that draws case i from generator i mod len meets every cell of
// InvalidSchedule (every keyword at every pointer of the request schema,
// each way of breaking it: see Cells) within its first len cases, and every
// cell of the valid side of ValidEach within a cycle, whatever the seed.
// The seed chooses the examples, never whether a constraint is exercised.
// Every body is written in a JSON spelling drawn with it (escapes, white
// space, member order; see spelling.go), never one that changes its
// expectation, and may carry unknown members that are hard to parse
// (hostile.go).
//
// Every constraint is read from the request schema that kin-openapi loaded
// (see Model): types, required members, lengths, patterns, propertyNames,
// property counts and null handling. Nothing is restated in Go, so changing a
// limit in the spec changes what is generated. Generators are pure values:
// no I/O, every draw labelled.
//
// Cases carry their structure, so that Shrink (a structured shrinker, not
// rapid's) can make a failing case minimal and Remark can send a pair again
// under fresh names; the caller's try function does the sending.
package generators
