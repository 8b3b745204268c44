// Package parity records a campaign against a reference endpoint as a HAR
// 1.2 cassette, and checks another endpoint against the recording: the
// recorded requests are sent again in order, under a fresh name prefix,
// and each answer is compared with the reference's after the
// normalization rules of a table ([Rules]), which says what varies between
// runs (ids, timestamps, request ids) and how to compare it. Every other
// difference (status, content type, members present, absent or null,
// values) is a finding of the parity rule, in the result model every
// report renders.
//
// Parity reports divergences from one recorded reference, not breaches of
// the contract: a reference that breaks the contract is matched, not
// reported.
package parity
