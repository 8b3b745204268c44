package mutants

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/putdestination/conformance/emulator"
)

// awsAcceptsEverything is the emulator's AWS mode storing every
// PutDestination whose body is a JSON object, whatever its members, as
// moto 5.2.3 does: a destinationName that is not a string (null, absent,
// 42, true, an object) is stored under that JSON value, and
// DeleteDestination deletes by the same value. The run must delete all of
// it in cleanup.
func awsAcceptsEverything() http.Handler {
	em := emulator.NewAWS()
	var mu sync.Mutex
	other := map[string]bool{} // names that are not strings, by compact JSON text
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Logs_20140328.")
		body := readBody(r)
		o, isObject := parseObject(body)
		if !isObject || target != "PutDestination" && target != "DeleteDestination" {
			em.ServeHTTP(w, r)
			return
		}
		raw, ok := o.get("destinationName")
		if !ok {
			raw = json.RawMessage("null")
		}
		var compact bytes.Buffer
		if json.Compact(&compact, raw) != nil {
			compact.Reset()
			compact.WriteString("null")
		}
		name, isString := o.str("destinationName")
		if target == "DeleteDestination" {
			found := false
			if isString {
				found = em.Store().Delete(name)
			} else {
				mu.Lock()
				found = other[compact.String()]
				delete(other, compact.String())
				mu.Unlock()
			}
			if !found {
				emulator.WriteAWSError(w, http.StatusBadRequest, "ResourceNotFoundException", "The specified destination does not exist.")
				return
			}
			w.Header().Set("Content-Type", emulator.AWSContentType)
			w.WriteHeader(http.StatusOK)
			return
		}
		targetArn, _ := o.str("targetArn")
		roleArn, _ := o.str("roleArn")
		created := time.Now().UnixMilli()
		if isString {
			created = em.Store().Put(emulator.Request{DestinationName: name, TargetArn: targetArn, RoleArn: roleArn}).CreatedAt.UnixMilli()
		} else {
			mu.Lock()
			other[compact.String()] = true
			mu.Unlock()
			name = compact.String()
		}
		dest := map[string]any{"destinationName": json.RawMessage(compact.Bytes()), "targetArn": targetArn, "roleArn": roleArn,
			"arn": "arn:" + emulator.Partition(emulator.SigningRegion(r.Header.Get("Authorization"))) + ":logs:" + emulator.SigningRegion(r.Header.Get("Authorization")) + ":" + emulator.Account + ":destination:" + name, "creationTime": created}
		p := &response{Status: http.StatusOK, Header: http.Header{"Content-Type": {emulator.AWSContentType}}, Body: marshal(map[string]any{"destination": dest})}
		p.write(w)
	})
}

// awsDescribeCaseInsensitive is the emulator's AWS mode whose
// DescribeDestinations matches DestinationNamePrefix regardless of case
// (as a lower-cased index would), limit a page, the page's offset as its
// nextToken.
func awsDescribeCaseInsensitive() http.Handler {
	em := emulator.NewAWS()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := readBody(r)
		o, ok := parseObject(body)
		if r.Header.Get("X-Amz-Target") != "Logs_20140328.DescribeDestinations" || !ok {
			em.ServeHTTP(w, r)
			return
		}
		prefix, _ := o.str("DestinationNamePrefix")
		limit := 50
		if raw, ok := o.get("limit"); ok {
			if n, err := strconv.Atoi(string(raw)); err == nil && n >= 1 && n <= 50 {
				limit = n
			}
		}
		start := 0
		if token, ok := o.str("nextToken"); ok {
			start, _ = strconv.Atoi(token)
		}
		var matched []emulator.AWSDestination
		region := emulator.SigningRegion(r.Header.Get("Authorization"))
		for _, d := range em.Store().List("") {
			if strings.HasPrefix(strings.ToLower(d.Request.DestinationName), strings.ToLower(prefix)) {
				matched = append(matched, emulator.DestinationOf(d, region))
			}
		}
		out := map[string]any{"destinations": []emulator.AWSDestination{}}
		if start < len(matched) {
			end := min(start+limit, len(matched))
			out["destinations"] = matched[start:end]
			if end < len(matched) {
				out["nextToken"] = strconv.Itoa(end)
			}
		}
		p := &response{Status: http.StatusOK, Header: http.Header{"Content-Type": {emulator.AWSContentType}}, Body: marshal(out)}
		p.write(w)
	})
}
