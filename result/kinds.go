package result

// Verdict is a run's verdict.
type Verdict string

const (
	// Conformant: no selected rule was broken.
	Conformant Verdict = "conformant"
	// NonConformant: at least one selected rule was broken.
	NonConformant Verdict = "non-conformant"
	// Error: the harness could not do its job (the endpoint could not be
	// reached, the run was cut short before any finding).
	Error Verdict = "error"
)

// Status is how one rule fared in a run.
type Status string

const (
	// Pass: the rule was checked and held.
	Pass Status = "pass"
	// Fail: at least one check of the rule failed.
	Fail Status = "fail"
	// Skipped: the rule was not selected, or nothing judged it.
	Skipped Status = "skipped"
)

// ShrinkDepth says how far shrinking a finding went.
type ShrinkDepth string

const (
	// ShrinkFull: no simpler case the shrinker tries shows the finding.
	ShrinkFull ShrinkDepth = "full"
	// ShrinkPartial: the request budget or the time ran out first.
	ShrinkPartial ShrinkDepth = "partial"
	// ShrinkNone: not shrunk (shrinking off, a finding that cannot be
	// sent again alone, one that did not come back, no budget left).
	ShrinkNone ShrinkDepth = "none"
)
