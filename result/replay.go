package result

// Replay says how a finding's requests are sent again (campaign.Replay,
// conformance replay), as data: a reader never tells a finding's kind from
// its words.
type Replay struct {
	// Shape is how the requests go out.
	Shape Shape `json:"shape"`
	// NamePrefix is the run's name prefix: the fresh names of a pair or a
	// burst keep it in front, so that they stay among the run's names.
	NamePrefix string `json:"name_prefix,omitempty"`
	// Burst is how many times a burst sends its request at once.
	Burst int `json:"burst,omitempty"`
	// TimeoutMS is the run's bound on one exchange, in milliseconds (0:
	// not recorded).
	TimeoutMS int64 `json:"timeout_ms"`
}

// Shape is how a finding's requests are sent again.
type Shape string

const (
	// ShapeOne: the request alone, on a connection of its own.
	ShapeOne Shape = "one"
	// ShapePair: Previous, then the request, one after the other, under
	// names the endpoint has not seen.
	ShapePair Shape = "pair"
	// ShapeSequence: Previous, then the request, on one kept-alive
	// connection, then the request alone on a connection of its own (the
	// desync check).
	ShapeSequence Shape = "sequence"
	// ShapeBurst: the request Burst times at once, each on a connection of
	// its own, under one name the endpoint has not seen.
	ShapeBurst Shape = "burst"
	// ShapeRun: found against the run's history (a name sent again at the
	// end of the run, the id index, what the run stored): it cannot be sent
	// again alone.
	ShapeRun Shape = "run"
)
