// Package mutants is the mutant zoo: faulty variants of the reference
// emulator, each one realistic deviation from the PutDestination contract,
// that prove the harness catches faults. A harness that passes the
// reference emulator proves little by itself; one that also fails every
// mutant, for the right reason, and passes every correct server shows that
// its checks bite where they should and nowhere else.
//
// # What a mutant is
//
// A [Mutant] has a unique kebab-case Name, a one-line Description of its
// deviation, the Rule the harness must report it under, and New, which
// returns a fresh handler with an empty store. Every mutant is a thin
// wrapper around a fresh [emulator.New] (or [emulator.NewAWS] for the AWS
// mode): it rewrites the request body before the emulator sees it (to
// accept what must be rejected), answers some requests itself (to reject
// what must be accepted, or to misbehave: a 5xx, a dropped connection, a
// hang, a redirect), or rewrites the emulator's response (a wrong status,
// Content-Type, envelope or identity). The fault is the only thing that
// differs from the reference, so a finding against a mutant is a finding
// about that fault.
//
// Trigger conditions are chosen to be realistic and common enough that the
// default campaign (conformance.DefaultConfig(), 100 cases per property)
// meets them. Together the mutants cover every rule at least twice.
//
// Rule is plain data: the id of a rule as the rule table of package rules
// spells it ("rejects-invalid", "robustness", "aws-describe", ...). The
// emulator and its mutants import nothing of the harness, so that they stand
// alone as servers anyone can read and run; internal/killmatrix converts the
// id to a rules.ID and checks it against the table.
//
// [Named] finds a mutant by name. `make emulator MUTANT=name` (add
// DIALECT=aws for one of the AWS mode's) serves one over TCP, to see what
// the harness reports against it.
//
// # The families
//
// [All] returns the mutants of the envelope API, by family, each family in
// a file of its own:
//
//   - accepting what must be rejected (accepts.go), one constraint each: ':'
//     or '*' in names, a 513-character or empty name, a missing or empty
//     ARN, scalars coerced to strings, trailing bytes, 51 tags, tag keys and
//     values truncated or sanitized instead of refused. Rule:
//     rejects-invalid.
//   - rejecting what must be accepted (rejects.go): name lengths counted in
//     UTF-8 bytes or UTF-16 units, a maximum off by one, white-space-only
//     names or control characters refused, empty tag values, non-ASCII tag
//     keys, 50 tags, null tags, unknown members or large bodies refused.
//     Rule: accepts-valid.
//   - wrong responses (responses.go), which decide right but answer wrong:
//     the VALIDATION_ERROR envelope with 200, a success with 201, an error
//     with 422, a text/plain success, an HTML error page, no Content-Type,
//     a wrong error code, an empty message, created_at missing or not RFC
//     3339, an empty or numeric id, success as a string. Rules:
//     status-code, content-type, envelope-schema.
//   - identity faults (identity.go), a store that gets create-or-update
//     wrong: a new id or created_at on update, names case-folded,
//     NFC-normalized or trimmed into one entry, ids from the first
//     character. Rules: upsert-identity, distinct-identity.
//   - robustness faults (robustness.go): a 500 or 502 on some input (50
//     tags, thousands of tags, a tag value past 10,000 characters, ...), a
//     dropped connection, a hang on large bodies, an endless body, an
//     intermittent 503, a redirect to another host. Rule: robustness.
//   - byte-level faults (bytelevel.go), which only byte-level input
//     reaches: a hand-rolled unescaper that panics on an escape JSON does
//     not have (\x, \0, ...) where the parser would answer 400; a body
//     trimmed with bytes.TrimSpace, so that a \v, \f, U+0085 or U+00A0
//     around the object is accepted; a 500 on a number out of float64's
//     range in an unknown member. No generated body holds the first two's
//     bytes: the campaign's mutate property finds all three, and so does
//     conformance.Fuzz (package fuzztargets proves it).
//   - spellings (spellings.go), which read the JSON text instead of the
//     value it spells: a name's ':' looked for in the raw text ("a\u003ab"
//     passes), its length counted on the raw literal, tag keys taken
//     undecoded, `\/` refused, white space before the object refused,
//     members expected in one order.
//   - Unicode classes (unicode.go): tag classes that admit marks,
//     punctuation or symbols, or narrow \p{N} to \p{Nd} and \p{Z} to
//     \p{Zs}; tag keys compared case-insensitively or after NFKC.
//   - identity over the run and under concurrency (identity2.go): names
//     stripped of zero-width characters or folded by NFKC, a store that
//     keeps only the last 256 names, ids recycled every 64 creates, a
//     check-then-insert store that creates a name twice when two first
//     creates meet.
//   - hostile JSON (hostile.go), valid but hard to parse, in unknown
//     members the contract says to ignore: a 500 on nesting deeper than 64
//     levels, a dropped connection past 100, more than 256 members
//     refused, a 500 on strings over 4 KiB.
//     Past a parser limit of the contract notes (RFC 8259 §9: nesting, a
//     number's length or range, a string's or a body's size) refusing is
//     no fault, so a server that answers 400 there is a correct server
//     (emulator/correct), and only a 5xx, a drop or a hang is a mutant.
//   - wire encodings (wire.go), which meet how a request travels wrong: a
//     body read by its Content-Length alone (a chunked one reads as
//     empty), a 500 on a UTF-8 byte order mark, header names looked up as
//     spelled, Content-Type compared with "application/json" as a string
//     (a charset refused). The one that reads header names as spelled
//     needs the bytes of its requests, which net/http does not keep: it
//     is a [ConnWrapper], and whoever serves it passes each connection
//     through it ([Listener]; conformance.Handler and cmd/emulator do).
//   - lenient decoders (lenient.go), which read more than the contract
//     allows, as common decoders do: member names matched without case
//     (Go's encoding/json), so {"DestinationName": ...} passes for
//     destinationName; null tag values read as "" (Go's
//     map[string]string); the tag key pattern checked from the start only,
//     so a refused character after an allowed one passes; an empty tag key
//     passed; tags taken as a list of {Key, Value}. Rule: rejects-invalid.
//     And member names trimmed, so that an unknown "roleArn " beside
//     roleArn is refused as a duplicate. Rule: accepts-valid.
//
// [AWS] returns the mutants of the emulator's AWS mode, faults only an
// implementation of the AWS JSON 1.1 protocol can have, judged by a
// campaign in the aws dialect (-dialect aws): a wrong or missing error
// type (ValidationException, InvalidParameterException for a wrong JSON
// type), everything stored as moto stores it, a creationTime that changes
// on update or is seconds (with a fraction, or 1,000 times too small),
// the old targetArn echoed after an update, no roleArn, an arn in a fixed
// region (us-west-2, or us-east-1, which only a run's second region
// shows), a fixed partition or shaped destination/<name>, a text/html or
// application/json success, a put refused with InvalidParameterException
// but stored all the same, a DescribeDestinations that matches the prefix
// regardless of case or shows a destination's first put, a
// DeleteDestination that deletes nothing or answers success for what is
// gone.
//
// # The kill matrix
//
// The kill matrix (internal/killmatrix) runs the default campaign through
// the front door, conformance.Check without shrinking, in process and
// several side by side, against every mutant; the AWS mode's run in the aws
// dialect. A mutant is killed only when the campaign is non-conformant with
// a finding under the rule its Rule names. Findings under other rules do not
// count: a mutant caught for another reason proves nothing about the rule
// it stands for. A mutant whose Rule is not in the rule table (rules.All),
// or is empty, can never be killed; killmatrix.CheckMutantRules names it,
// and the matrix judges its row an error without running a campaign.
//
// `go test ./internal/killmatrix/` (part of `make test`) requires every
// mutant killed with seed 1 (TestKillMatrix).
// TestFaultClassesKilledForEightSeeds requires the first mutants of the
// spellings, Unicode, identity over the run, concurrency, hostile JSON,
// past-a-parser-limit and lenient-decoder classes killed under their rule
// with each of eight seeds, since their kills depend most on what a seed
// draws, and the wire encodings', the aws arn's region and the aws
// deletions' with each of them too.
// TestShrunkFindingsAreSmall runs every mutant of the envelope API with
// shrinking on: each shrunk finding must come out at 1 KB at most or, for a
// fault that needs size, within 10% of the smallest body that shows it.
//
// `make mutants` (`go run ./cmd/mutants [-seed N] [-run REGEXP]`) prints
// the matrix: for each mutant the rule expected, the rules found, whether it
// was killed, and the requests and time to the first finding; then the
// clean side. It exits 1 unless every mutant selected was killed under its
// rule and every clean server selected was conformant.
//
// # The clean side
//
// The reference emulator, its AWS mode and the correct servers of
// emulator/correct must stay clean: conformant, with no finding at all,
// for every seed (TestCorrectZooStaysConformant runs each with seeds 1 to
// 20, a fresh server for each). The correct servers differ from the
// reference wherever HTTP, JSON and RFC 3339 leave room: Connection: close
// on every response, HTTP/1.0 responses, chunked responses, 150 ms for
// every answer, 404, 405 or 501 for other methods with and without a body,
// created_at with another UTC offset or with 0, 3 or 9 fractional digits,
// application/json; charset=utf-8, UUID, decimal and 200-character ids, a
// 400 just past each parser limit of the contract notes (nesting, a
// number's length or range, a string's or a body's size); and three are
// written from the contract in other stacks, Python's http.server (also
// with Python's own recursion and digit limits) and Node's http module,
// started by the tests. A finding against any of them is a false alarm of
// the harness. A server may refuse another method by answering before it
// reads the body and closing the connection; the harness holds nothing
// against that for a method the contract does not describe (it does for a
// POST).
//
// One faulty fixture sits with them: a variant of the Python server that
// leaves the bodies of other methods unread on the connection. It must be
// reported under robustness, with a finding that names the HTTP desync, and
// under nothing else.
package mutants
