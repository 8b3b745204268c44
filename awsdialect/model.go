package awsdialect

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// ModelFile is the name of the embedded AWS API model: botocore's
// service-2.json of CloudWatch Logs (2014-03-28), cut to the operations a
// run in this dialect calls (PutDestination, DescribeDestinations,
// DeleteDestination) and every shape they use. The aws-* rules of the
// table point into it (rules.AWSModel).
const ModelFile = "cloudwatchlogs-2014-03-28.json"

//go:embed cloudwatchlogs-2014-03-28.json
var model []byte

var decodedModel = sync.OnceValues(func() (any, error) {
	var doc any
	err := json.Unmarshal(model, &doc)
	return doc, err
})

// Model returns the embedded AWS API model, decoded as encoding/json
// decodes into an any.
func Model() (any, error) { return decodedModel() }

// ModelBytes returns the embedded AWS API model as shipped.
func ModelBytes() []byte { return append([]byte(nil), model...) }
