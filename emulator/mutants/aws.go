package mutants

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/emulator"
)

// AWS returns the mutants of the emulator's AWS mode (emulator.NewAWS):
// faults only an implementation of the AWS protocol can have, each killed
// under its rule by a campaign in the aws dialect (-dialect aws). The
// slice is new on every call.
func AWS() []Mutant {
	return []Mutant{
		{
			Name: "aws-wrong-error-type", Rule: "rejects-invalid",
			Description: "invalid requests get __type and X-Amzn-ErrorType BadRequestException, which no client reads as a validation error",
			New: awsRewrite(func(x awsExchange, p *response) {
				if t := p.Header.Get("X-Amzn-ErrorType"); t == "InvalidParameterException" || t == "SerializationException" {
					p.setErrorType("BadRequestException")
				}
			}),
		},
		{
			Name: "aws-accepts-everything", Rule: "rejects-invalid",
			Description: "every PutDestination whose body is a JSON object is stored and answered with success, a destinationName that is not a string (null, 42, an object) under that JSON value, as moto does",
			New:         awsAcceptsEverything,
		},
		{
			Name: "aws-untyped-errors", Rule: "rejects-invalid",
			Description: "errors carry only {\"message\": …}: no __type and no X-Amzn-ErrorType",
			New: awsRewrite(func(x awsExchange, p *response) {
				if p.Header.Get("X-Amzn-ErrorType") != "" {
					p.Header.Del("X-Amzn-ErrorType")
					p.editEnvelope(func(env map[string]any) { delete(env, "__type") })
				}
			}),
		},
		{
			Name: "aws-validation-exception", Rule: "aws-error-type",
			Description: "a request that breaks a constraint gets ValidationException (the name other services use) instead of InvalidParameterException",
			New: awsRewrite(func(x awsExchange, p *response) {
				if p.Header.Get("X-Amzn-ErrorType") == "InvalidParameterException" {
					p.setErrorType("ValidationException")
				}
			}),
		},
		{
			Name: "aws-wrong-type-as-invalid-parameter", Rule: "aws-error-type",
			Description: "a JSON object with a member of the wrong JSON type gets InvalidParameterException instead of SerializationException",
			New: awsRewrite(func(x awsExchange, p *response) {
				if _, isObject := parseObject(x.body); isObject && p.Header.Get("X-Amzn-ErrorType") == "SerializationException" {
					p.setErrorType("InvalidParameterException")
				}
			}),
		},
		{
			Name: "aws-creation-time-on-update", Rule: "aws-creation-time",
			Description: "creationTime is the time of the latest put (a lastUpdated), so an update changes it",
			New: func() http.Handler {
				var n atomic.Int64
				return awsRewrite(func(x awsExchange, p *response) {
					if x.target == "PutDestination" {
						p.editDestination(func(d map[string]any) {
							d["creationTime"] = json.Number(fmt.Sprint(time.Now().UnixMilli() + n.Add(1)))
						})
					}
				})()
			},
		},
		{
			Name: "aws-creation-time-in-seconds", Rule: "aws-creation-time",
			Description: "creationTime is seconds since the epoch with a fraction (a float, as time.time() gives), not integer milliseconds",
			New: awsRewrite(func(x awsExchange, p *response) {
				p.editDestination(func(d map[string]any) {
					if ms, ok := d["creationTime"].(json.Number); ok {
						if n, err := ms.Int64(); err == nil {
							d["creationTime"] = json.Number(fmt.Sprintf("%d.%03d", n/1000, n%1000+1))
						}
					}
				})
			}),
		},
		{
			Name: "aws-creation-time-epoch-seconds", Rule: "aws-creation-time",
			Description: "creationTime is an integer of seconds since the epoch, 1,000 times too small for a time in milliseconds",
			New: awsRewrite(func(x awsExchange, p *response) {
				p.editDestination(func(d map[string]any) {
					if ms, ok := d["creationTime"].(json.Number); ok {
						if n, err := ms.Int64(); err == nil {
							d["creationTime"] = json.Number(fmt.Sprint(n / 1000))
						}
					}
				})
			}),
		},
		{
			Name: "aws-echoes-old-target-arn", Rule: "aws-echo",
			Description: "an update stores the new targetArn but answers with the one stored before it",
			New: awsRewrite(func(x awsExchange, p *response) {
				if x.target == "PutDestination" && x.before != nil {
					p.editDestination(func(d map[string]any) { d["targetArn"] = x.before.Request.TargetArn })
				}
			}),
		},
		{
			Name: "aws-omits-role-arn", Rule: "aws-echo",
			Description: "the destination answered has no roleArn",
			New: awsRewrite(func(x awsExchange, p *response) {
				if x.target == "PutDestination" {
					p.editDestination(func(d map[string]any) { delete(d, "roleArn") })
				}
			}),
		},
		{
			Name: "aws-arn-fixed-region", Rule: "aws-arn",
			Description: "every arn names us-west-2, whatever region the request was signed for",
			New:         arnInRegion("us-west-2"),
		},
		{
			Name: "aws-arn-default-region", Rule: "aws-arn",
			Description: "every arn names us-east-1, the server's default region, whatever region the request was signed for (a run signed for us-east-1 alone never shows it)",
			New:         arnInRegion(emulator.DefaultRegion),
		},
		{
			Name: "aws-arn-fixed-partition", Rule: "aws-arn",
			Description: "every arn is in partition aws-cn, whatever partition the signing region is in",
			New: awsRewrite(func(x awsExchange, p *response) {
				p.editDestination(func(d map[string]any) {
					if arn, ok := d["arn"].(string); ok {
						parts := strings.SplitN(arn, ":", 3)
						if len(parts) == 3 {
							d["arn"] = parts[0] + ":aws-cn:" + parts[2]
						}
					}
				})
			}),
		},
		{
			Name: "aws-arn-slash", Rule: "aws-arn",
			Description: "the arn ends destination/<name> (the shape of other services' resources) instead of destination:<name>",
			New: awsRewrite(func(x awsExchange, p *response) {
				p.editDestination(func(d map[string]any) {
					if arn, ok := d["arn"].(string); ok {
						d["arn"] = strings.Replace(arn, ":destination:", ":destination/", 1)
					}
				})
			}),
		},
		{
			Name: "aws-text-html-success", Rule: "aws-content-type",
			Description: "successful answers are labelled text/html (a web framework's default) instead of application/x-amz-json-1.1",
			New: awsRewrite(func(x awsExchange, p *response) {
				if p.Status == http.StatusOK {
					p.Header.Set("Content-Type", "text/html; charset=utf-8")
				}
			}),
		},
		{
			Name: "aws-json-success", Rule: "aws-content-type",
			Description: "successful answers are labelled application/json instead of application/x-amz-json-1.1",
			New: awsRewrite(func(x awsExchange, p *response) {
				if p.Status == http.StatusOK {
					p.Header.Set("Content-Type", "application/json")
				}
			}),
		},
		{
			Name: "aws-stores-invalid", Rule: "aws-describe",
			Description: "a put that breaks a rule is answered InvalidParameterException, but stored all the same when its name is valid",
			New: awsRewrite(func(x awsExchange, p *response) {
				if x.target != "PutDestination" || p.Header.Get("X-Amzn-ErrorType") != "InvalidParameterException" {
					return
				}
				o, ok := parseObject(x.body)
				if !ok {
					return
				}
				name, ok := o.str("destinationName")
				if !ok || !validName(name) {
					return
				}
				req := emulator.Request{DestinationName: name}
				req.TargetArn, _ = o.str("targetArn")
				req.RoleArn, _ = o.str("roleArn")
				x.em.Store().Put(req)
			}),
		},
		{
			Name: "aws-describe-case-insensitive", Rule: "aws-describe",
			Description: "DescribeDestinations matches DestinationNamePrefix regardless of case, so names outside the prefix come back",
			New:         awsDescribeCaseInsensitive,
		},
		{
			Name: "aws-fake-delete", Rule: "aws-delete",
			Description: "DeleteDestination of a destination it holds answers success ({}) and deletes nothing",
			New: func() http.Handler {
				em := emulator.NewAWS()
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("X-Amz-Target") == "Logs_20140328.DeleteDestination" {
						body := readBody(r)
						if o, ok := parseObject(body); ok {
							name, ok := o.str("destinationName")
							held := ok && slices.ContainsFunc(em.Store().List(name), func(d emulator.Destination) bool { return d.Request.DestinationName == name })
							if held {
								p := &response{Status: http.StatusOK, Header: http.Header{"Content-Type": {emulator.AWSContentType}}, Body: []byte("{}")}
								p.write(w)
								return
							}
						}
					}
					em.ServeHTTP(w, r)
				})
			},
		},
		{
			Name: "aws-delete-missing-succeeds", Rule: "aws-delete",
			Description: "DeleteDestination of a destination it does not hold answers success ({}) instead of ResourceNotFoundException, as an idempotent delete would",
			New: awsRewrite(func(x awsExchange, p *response) {
				if x.target == "DeleteDestination" && p.Header.Get("X-Amzn-ErrorType") == "ResourceNotFoundException" {
					*p = response{Status: http.StatusOK, Header: http.Header{"Content-Type": {emulator.AWSContentType}}, Body: []byte("{}")}
				}
			}),
		},
		{
			Name: "aws-stale-describe", Rule: "aws-describe",
			Description: "DescribeDestinations shows the targetArn and roleArn of a destination's first put, from a cache never updated",
			New: func() http.Handler {
				var mu sync.Mutex
				first := map[string][2]string{}
				return awsRewrite(func(x awsExchange, p *response) {
					mu.Lock()
					defer mu.Unlock()
					switch x.target {
					case "PutDestination":
						p.editDestination(func(d map[string]any) {
							name, _ := d["destinationName"].(string)
							if _, seen := first[name]; !seen {
								t, _ := d["targetArn"].(string)
								r, _ := d["roleArn"].(string)
								first[name] = [2]string{t, r}
							}
						})
					case "DescribeDestinations":
						p.editEnvelope(func(env map[string]any) {
							list, _ := env["destinations"].([]any)
							for _, item := range list {
								if d, ok := item.(map[string]any); ok {
									name, _ := d["destinationName"].(string)
									if arns, ok := first[name]; ok {
										d["targetArn"], d["roleArn"] = arns[0], arns[1]
									}
								}
							}
						})
					}
				})()
			},
		},
	}
}

// awsExchange is one request to an AWS-mode mutant.
type awsExchange struct {
	target string // the operation: PutDestination, …
	body   []byte // the request body as received
	em     *emulator.AWS
	// before is the destination the put's name held before it (nil: none
	// or not a put).
	before *emulator.Destination
}

// awsRewrite is a mutant of the AWS mode whose emulator answers into a
// recorder; edit may then change the answer before it is sent.
func awsRewrite(edit func(x awsExchange, p *response)) func() http.Handler {
	return func() http.Handler {
		em := emulator.NewAWS()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := awsExchange{target: strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Logs_20140328."), body: readBody(r), em: em}
			if x.target == "PutDestination" {
				if o, ok := parseObject(x.body); ok {
					if name, ok := o.str("destinationName"); ok {
						for _, d := range em.Store().List(name) {
							if d.Request.DestinationName == name {
								x.before = &d
							}
						}
					}
				}
			}
			rec := httptest.NewRecorder()
			em.ServeHTTP(rec, r)
			p := &response{Status: rec.Code, Header: rec.Header().Clone(), Body: rec.Body.Bytes()}
			edit(x, p)
			p.write(w)
		})
	}
}

// editDestination is editEnvelope on the destination of a successful
// PutDestination answer.
func (p *response) editDestination(f func(d map[string]any)) {
	if p.Status != http.StatusOK {
		return
	}
	p.editEnvelope(func(env map[string]any) {
		if d, ok := env["destination"].(map[string]any); ok {
			f(d)
		}
	})
}

// setErrorType rewrites an AWS error's type, in the header and the body.
func (p *response) setErrorType(t string) {
	p.Header.Set("X-Amzn-ErrorType", t)
	p.editEnvelope(func(env map[string]any) { env["__type"] = t })
}

// validName reports whether the emulator takes name as a destinationName.
func validName(name string) bool {
	_, err := emulator.Parse([]byte(`{"destinationName":` + string(quote(name)) + `,"targetArn":"t","roleArn":"r"}`))
	return err == nil
}

// arnInRegion is a server whose answers' arns all name region, whatever
// region the request was signed for.
func arnInRegion(region string) func() http.Handler {
	return awsRewrite(func(_ awsExchange, p *response) {
		p.editDestination(func(d map[string]any) {
			if arn, ok := d["arn"].(string); ok {
				if parts := strings.SplitN(arn, ":", 5); len(parts) == 5 {
					parts[3] = region
					d["arn"] = strings.Join(parts, ":")
				}
			}
		})
	})
}
