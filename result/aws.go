package result

// AWSRun is what a run in the aws dialect adds to its result.
type AWSRun struct {
	Region string `json:"region"`
	// SecondRegion is the region a share of the requests were signed for
	// (names of a length that is a multiple of 4), so that an arn that
	// always names one region shows; absent against AWS itself.
	SecondRegion string `json:"second_region,omitempty"`
	// NamePrefix starts every name the run could create (made for the
	// run unless one was given).
	NamePrefix  string  `json:"name_prefix"`
	MaxRequests int64   `json:"max_requests"`
	Rate        float64 `json:"rate"`
	// Throttled counts the throttling answers retried (with backoff, as
	// the SDK's standard retryer does); ThrottledOut the exchanges still
	// throttled when the retries ran out, judged as they were.
	Throttled    int64 `json:"throttled"`
	ThrottledOut int64 `json:"throttled_out"`
	// Cleanup is what became of the destinations the run created.
	Cleanup Cleanup `json:"cleanup"`
}

// Cleanup is what became of the destinations a run created.
type Cleanup struct {
	// Deleted counts the destinations of the run DeleteDestination
	// removed, each seen to be gone: cleanup's, and those the run's
	// delete checks removed during the campaign.
	Deleted int `json:"deleted"`
	// Requests counts the requests cleanup sent (its retries included).
	Requests int64 `json:"requests"`
	// Leftovers are the destinations of the run still there, each with
	// the command that deletes it.
	Leftovers []Leftover `json:"leftovers"`
	// Error says what kept cleanup from being sure (DescribeDestinations
	// failing, the time running out).
	Error string `json:"error,omitempty"`
}

// Leftover is one destination the run left behind.
type Leftover struct {
	Name string `json:"name"`
	// Command deletes it (the AWS CLI).
	Command string `json:"command"`
	// Reason says why cleanup did not.
	Reason string `json:"reason"`
}
