package spec

// WithRequestSchemaOf returns a copy of s whose RequestVerdict uses the
// compiled request schema of other, while ValidateRequest still uses s's
// own: the sabotage the differential test must catch.
func WithRequestSchemaOf(s, other *Spec) *Spec {
	return &Spec{Doc: s.Doc, Source: s.Source, Bytes: s.Bytes, route: s.route, op: s.op,
		compiled: s.compiled, statuses: s.statuses, target: s.target, request: other.request}
}

// SchemaVerdict is RequestVerdict by the request schema compiled once by
// the JSON Schema engine, whatever the document: what the contract
// compiled to Go is held to.
func (s *Spec) SchemaVerdict(body []byte) Verdict { return s.schemaVerdict(body) }
