// Package campaign runs the conformance campaign against one endpoint:
// it draws cases from the generators (deterministically, from a seed),
// sends them from several workers through the transport, judges every
// exchange with the oracle, and keeps a bounded summary: per-rule counts, a
// bounded index of every id the run was given, and the first few findings
// of each rule. After the cases it probes one kept-alive connection for an
// HTTP desync, sends early names again and creates new names several times
// at once (identity over the whole run), then sends every kept finding
// again and shrinks it to a minimal counterexample with the generators'
// structured shrinker, within request budgets. Replay sends one finding of
// a report again, from its stored bytes and shape, judged by the same code.
//
// Memory stays flat as runs grow: cases and responses are judged and dropped;
// only counters and a bounded number of findings are kept.
package campaign
