package campaign

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/spec"
)

// redacted is how a report shows a secret value (transport.Client.Redact).
const redacted = "REDACTED"

// replayPlan is what Replay sends, built from the stored finding alone.
type replayPlan struct {
	ex     exhibit
	target string
	header http.Header
	// fresh: every send marks the names anew (a pair, a burst).
	fresh bool
}

// planReplay builds what Replay sends from f, or refuses (ErrRefused) what
// cannot be sent as recorded.
func planReplay(f result.Finding, s *spec.Spec, cfg ReplayConfig) (replayPlan, error) {
	var p replayPlan
	shape := f.Replay.Shape
	switch shape {
	case result.ShapeOne, result.ShapePair, result.ShapeSequence, result.ShapeBurst:
	case result.ShapeRun:
		return p, refuse("the %s finding was found against the run's history (%s): it cannot be sent again alone; rerun the run", f.Rule, f.Needs)
	case "":
		return p, refuse("the finding does not say how it is sent again (no replay shape)")
	default:
		return p, refuse("the finding's replay shape %q is not one replay knows", shape)
	}
	if pair := shape == result.ShapePair || shape == result.ShapeSequence; pair != (f.Previous != nil) && shape != result.ShapeBurst {
		return p, refuse("the finding's exchanges do not match its replay shape %q", shape)
	}
	target, err := replayTarget(f.Request.URL, cfg.Endpoint)
	if err != nil {
		return p, err
	}
	p.target = target
	if f.Request.Wire != nil || f.Previous != nil && f.Previous.Request.Wire != nil {
		return p, refuse("the finding's request travelled in a wire form (%s) replay does not send: rerun the run instead", wireForm(f))
	}
	if p.header, err = replayHeader(f, cfg.Transport.Headers); err != nil {
		return p, err
	}
	main := recordedCase(f.Case, f.Request, f.Expect)
	switch shape {
	case result.ShapeOne:
		p.ex = exhibit{kind: exhibitSingle, cases: []generators.Case{main}}
	case result.ShapePair:
		first := recordedCase(f.Case, f.Previous.Request, expectOf(s, f.Previous.Request))
		p.ex = exhibit{kind: exhibitPair, cases: []generators.Case{first, main}, label: f.Case, keepNames: true}
		p.fresh = true
	case result.ShapeSequence:
		other := recordedCase(f.Case, f.Previous.Request, contract.Expectation{Outcome: contract.Unspecified})
		p.ex = exhibit{kind: exhibitSequence, cases: []generators.Case{other, main}}
	case result.ShapeBurst:
		p.ex = exhibit{kind: exhibitTogether, cases: []generators.Case{main}, keepNames: true, burst: f.Replay.Burst}
		p.fresh = true
	}
	return p, nil
}

func refuse(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrRefused}, a...)...)
}

// recordedCase is a recorded request as a case: its method, its exact body
// and the name it carries.
func recordedCase(label string, req result.Request, exp contract.Expectation) generators.Case {
	name, _ := contract.Identity(req.Body)
	return generators.Case{Label: label, Method: req.Method, Body: []byte(req.Body), Name: name, Expect: exp}
}

// expectOf is what the contract says of a recorded request: the spec's
// verdict on the body of a POST; nothing of another method.
func expectOf(s *spec.Spec, req result.Request) contract.Expectation {
	if req.Method != http.MethodPost {
		return contract.Expectation{Outcome: contract.Unspecified}
	}
	return generators.ExpectBody(s, req.Body)
}

// replayTarget is where Replay sends: endpoint, else the recorded URL,
// which must name a server (not a Go handler run in process) and carry no
// redacted password.
func replayTarget(recorded, endpoint string) (string, error) {
	target := recorded
	if endpoint != "" {
		target = endpoint
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", refuse("endpoint %q: want an http:// or https:// URL", target)
	}
	if endpoint != "" {
		return target, nil
	}
	if strings.HasSuffix(u.Hostname(), ".invalid") {
		return "", refuse("the run checked a Go handler in process (%s): give the endpoint of a server running it", target)
	}
	if pw, ok := u.User.Password(); ok && pw == redacted {
		return "", refuse("the report redacted the password of %s: give the endpoint again", target)
	}
	return target, nil
}

// replayHeader is the header the finding's requests were sent with, the
// values the report redacted left out: given is what replaces them (a
// transport.Config.Headers). It refuses a redacted value given has no
// value for, and requests of one finding sent with different headers.
func replayHeader(f result.Finding, given http.Header) (http.Header, error) {
	h, missing := unredacted(f.Request.Headers, given)
	if f.Previous != nil {
		prev, m := unredacted(f.Previous.Request.Headers, given)
		if !maps.EqualFunc(h, prev, slices.Equal) {
			return nil, refuse("the finding's two requests were sent with different headers: replay sends one set")
		}
		missing = append(missing, m...)
	}
	slices.Sort(missing)
	if missing = slices.Compact(missing); len(missing) > 0 {
		return nil, refuse("the report redacted %s: give it again (a header 'Name: value') to send what the run sent", strings.Join(missing, ", "))
	}
	return h, nil
}

// unredacted is h without its redacted values, and the names of those
// given does not give again.
func unredacted(h, given http.Header) (http.Header, []string) {
	out := http.Header{}
	var missing []string
	for k, vs := range h {
		for _, v := range vs {
			switch {
			case v != redacted:
				out[k] = append(out[k], v)
			case given.Get(k) == "":
				missing = append(missing, k)
			}
		}
	}
	return out, missing
}

// wireForm names the wire form of the finding's requests.
func wireForm(f result.Finding) string {
	w := f.Request.Wire
	if w == nil {
		w = f.Previous.Request.Wire
	}
	data, _ := json.Marshal(w)
	return string(data)
}
