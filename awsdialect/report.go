package awsdialect

// Report is what the dialect counted during a run.
type Report struct {
	// Throttled counts the throttling answers retried.
	Throttled int64
	// GaveUp counts the exchanges still throttled when the retries ran
	// out: those answers were judged as they were.
	GaveUp int64
}

// Report returns the counts so far.
func (d *Dialect) Report() Report {
	return Report{Throttled: d.throttled.Load(), GaveUp: d.gaveUp.Load()}
}
