package result

import "github.com/putdestination/conformance/contract"

// ReplayOutcome is what sending a finding again came to.
type ReplayOutcome string

const (
	// ReplayFixed: every send held the finding's rule.
	ReplayFixed ReplayOutcome = "fixed"
	// ReplayStillFails: every send broke it again.
	ReplayStillFails ReplayOutcome = "still fails"
	// ReplayIntermittent: some sends broke it, some held it.
	ReplayIntermittent ReplayOutcome = "intermittent"
	// ReplayNotJudged: a send could not be judged (Replayed.Why): the
	// endpoint could not be reached, the harness stopped an exchange, or the
	// POST of a desync finding failed alone too.
	ReplayNotJudged ReplayOutcome = "not judged"
)

// Replayed is what Replay found.
type Replayed struct {
	Outcome ReplayOutcome
	// Spec is the contract the answers were judged by.
	Spec Spec
	// Why says why a send could not be judged (ReplayNotJudged).
	Why string
	// Sends are the sends made, in order (the last one cut short when it
	// could not be judged).
	Sends []ReplaySend
	// RecordedNames: a pair or a burst went out under the names the run
	// used, since no fresh name fits its bodies (the endpoint has seen
	// them).
	RecordedNames bool
}

// ReplaySend is one send of a finding.
type ReplaySend struct {
	// Exchanges are what was sent and what came back, secrets redacted as
	// in a report.
	Exchanges []Exchange
	// Violations are those of the finding's rule: none when it held.
	Violations []contract.Violation
	// Others are the violations of other rules seen on the way.
	Others []contract.Violation
}
