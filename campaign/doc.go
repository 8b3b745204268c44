// Package campaign runs the conformance campaign against one endpoint:
// it draws cases from the generators (deterministically, from a seed),
// sends them from several workers through the transport, judges every
// exchange with the oracle, and keeps a bounded summary: per-rule counts and
// the first few findings of each rule, each shrunk to a minimal
// counterexample with rapid.
//
// Memory stays flat as runs grow: cases and responses are judged and dropped;
// only counters and a bounded number of findings are kept.
package campaign
