package result

// FuzzProperty is the property of every finding of a fuzz input.
const FuzzProperty = "fuzz"

// FuzzTarget is one fuzz target whose inputs a result reports (the "fuzz"
// member of conformance.json).
type FuzzTarget struct {
	// Target is the fuzz target's name (FuzzPutDestination), Package its
	// import path.
	Target  string `json:"target"`
	Package string `json:"package"`
	// Inputs is how many inputs ran, Corpus how many of them came from
	// files under testdata/fuzz/<Target> (the rest are seeds), Failed how
	// many failed.
	Inputs int `json:"inputs"`
	Corpus int `json:"corpus"`
	Failed int `json:"failed"`
}
