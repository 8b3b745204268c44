// Package generators holds the property-based generators (pgregory.net/rapid)
// of PutDestination requests: valid requests across the whole valid space,
// weighted toward its edges; invalid requests that each break exactly one
// constraint and say which; wire-level malformations; and identity probes.
//
// Every constraint is read from the request schema that kin-openapi loaded
// (see Model): types, required members, lengths, patterns, propertyNames,
// property counts and null handling. Nothing is restated in Go, so changing a
// limit in the spec changes what is generated. Generators are pure values:
// no I/O, every draw labelled.
package generators
