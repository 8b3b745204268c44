package correct

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/emulator"
)

// AWS returns the correct servers of the AWS protocol: the emulator's AWS
// mode (emulator.NewAWS) taking each freedom the protocol and the SDKs
// leave, one at a time. The harness in the aws dialect must find every one
// conformant, for any seed. The slice is new on every call.
func AWS() []Server {
	return []Server{
		{
			Name:        "aws-namespaced-error-type",
			Description: "errors carry __type com.amazonaws.logs#<type> (the awsJson1_0 form, which the SDKs strip)",
			New: awsAnswers(func(p *awsAnswer) {
				p.editError(func(e map[string]any) {
					if t, ok := e["__type"].(string); ok {
						e["__type"] = "com.amazonaws.logs#" + t
					}
				})
			}),
		},
		{
			Name:        "aws-capital-message",
			Description: "errors carry Message, not message (as some AWS services do; the SDKs read either)",
			New: awsAnswers(func(p *awsAnswer) {
				p.editError(func(e map[string]any) {
					if m, ok := e["message"]; ok {
						delete(e, "message")
						e["Message"] = m
					}
				})
			}),
		},
		{
			Name:        "aws-error-type-header-only",
			Description: "errors name their type in X-Amzn-ErrorType only; the body has a message and no __type",
			New: awsAnswers(func(p *awsAnswer) {
				p.editError(func(e map[string]any) { delete(e, "__type") })
			}),
		},
		{
			Name:        "aws-json-1-0-requests",
			Description: "requests labelled application/x-amz-json-1.0 are taken as 1.1 ones (the body is JSON either way)",
			New: func() http.Handler {
				em := emulator.NewAWS()
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-amz-json-1.") {
						emulator.WriteAWSError(w, http.StatusBadRequest, "SerializationException", "Content-Type: want application/x-amz-json-1.0 or 1.1")
						return
					}
					em.ServeHTTP(w, r)
				})
			},
		},
		{
			Name:        "aws-extra-members",
			Description: "answers carry members the model does not name (a destination's accessPolicy, a requestId), which clients ignore",
			New: awsAnswers(func(p *awsAnswer) {
				p.edit(func(body map[string]any) {
					body["requestId"] = "5c2f3c2e-0000-4000-8000-000000000000"
					if d, ok := body["destination"].(map[string]any); ok {
						d["accessPolicy"] = ""
					}
					if list, ok := body["destinations"].([]any); ok {
						for _, item := range list {
							if d, ok := item.(map[string]any); ok {
								d["accessPolicy"] = ""
							}
						}
					}
				})
			}),
		},
		{
			Name:        "aws-one-per-page",
			Description: "DescribeDestinations answers one destination a page, whatever the limit, with a nextToken for the rest",
			New: func() http.Handler {
				em := emulator.NewAWS()
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("X-Amz-Target") == "Logs_20140328.DescribeDestinations" {
						body, _ := io.ReadAll(r.Body)
						var in map[string]any
						if json.Unmarshal(body, &in) == nil && in != nil {
							in["limit"] = 1
							body, _ = json.Marshal(in)
						}
						r.Body = io.NopCloser(bytes.NewReader(body))
						r.ContentLength = int64(len(body))
					}
					em.ServeHTTP(w, r)
				})
			},
		},
	}
}

// awsAnswer is an answer of the emulator's AWS mode, before it is sent.
type awsAnswer struct {
	status int
	header http.Header
	body   []byte
}

// edit decodes a JSON object answer, lets f change it and encodes it
// again (numbers kept as written).
func (p *awsAnswer) edit(f func(body map[string]any)) {
	dec := json.NewDecoder(bytes.NewReader(p.body))
	dec.UseNumber()
	var body map[string]any
	if dec.Decode(&body) != nil || body == nil {
		return
	}
	f(body)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(body) == nil {
		p.body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
}

// editError is edit on an error answer.
func (p *awsAnswer) editError(f func(e map[string]any)) {
	if p.header.Get("X-Amzn-ErrorType") != "" {
		p.edit(f)
	}
}

// awsAnswers returns servers whose emulator's AWS mode answers into a
// recorder, edit changing each answer before it is sent.
func awsAnswers(edit func(p *awsAnswer)) func() http.Handler {
	return func() http.Handler {
		em := emulator.NewAWS()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			em.ServeHTTP(rec, r)
			p := &awsAnswer{status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
			edit(p)
			h := w.Header()
			for k, v := range p.header {
				h[k] = v
			}
			h.Set("Content-Length", strconv.Itoa(len(p.body)))
			w.WriteHeader(p.status)
			_, _ = w.Write(p.body)
		})
	}
}
