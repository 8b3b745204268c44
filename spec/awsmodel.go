package spec

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// AWSModelFile is the name of the embedded AWS API model: botocore's
// service-2.json of CloudWatch Logs (2014-03-28), cut to the operations a
// run in this dialect calls (PutDestination, DescribeDestinations,
// DeleteDestination) and every shape they use. The aws-* rules of the
// table point into it (rules.AWSModel), and the aws dialect speaks it.
const AWSModelFile = "cloudwatchlogs-2014-03-28.json"

//go:embed cloudwatchlogs-2014-03-28.json
var awsModel []byte

var decodedModel = sync.OnceValues(func() (any, error) {
	var doc any
	err := json.Unmarshal(awsModel, &doc)
	return doc, err
})

// AWSModel returns the embedded AWS API model, decoded as encoding/json
// decodes into an any.
func AWSModel() (any, error) { return decodedModel() }

// AWSModelBytes returns the embedded AWS API model as shipped.
func AWSModelBytes() []byte { return append([]byte(nil), awsModel...) }
