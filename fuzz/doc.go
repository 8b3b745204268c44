// Package fuzz holds the wire-level fuzz targets of the harness (run them
// with `make fuzz`, or `go test -fuzz=FuzzEmulatorWire ./fuzz/`):
//
//   - FuzzEmulatorWire sends arbitrary bodies and methods to the reference
//     emulator's handler and judges every response with the oracle against
//     the spec's verdict on the same body: a differential fuzz of the spec
//     and the emulator, with the oracle's violations as the failure.
//   - FuzzOracle feeds arbitrary statuses, content types and bodies to the
//     oracle: it must never panic and must classify every response under
//     rule ids from the table.
//
// Their seed corpora come from the generators, so `go test ./fuzz/` runs
// them as ordinary tests.
package fuzz
