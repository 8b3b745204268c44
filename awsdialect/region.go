package awsdialect

import (
	"context"
	"net/http"
	"unicode/utf8"
)

// A run against an endpoint that is not AWS itself signs a share of its
// requests for a second region (Options.SecondRegion), so that an arn
// that always names one region shows: each arn must name the region its
// request was signed for.
//
// Which region a request is signed for is a function of the destination
// name it is about, never of the order requests go out in: every request
// of one name (its puts, the DescribeDestinations and DeleteDestination
// of it, a re-send) is signed for the same region, so that to an endpoint
// that keeps each region apart the name is one destination, as it is to
// the campaign's identity checks. A name of a length in characters that
// is a multiple of secondRegionEvery is the second region's: a share of
// the names whatever the seed, and in every run of six cases a property
// or more the largest request's name (case 5 of the valid property), of
// the model's maximum length (512).
const secondRegionEvery = 4

// DefaultSecondRegion is the second region of a run that is not against
// AWS itself when none is given; a run whose region is this one gets
// AlternateSecondRegion.
const (
	DefaultSecondRegion   = "us-west-2"
	AlternateSecondRegion = "us-east-1"
)

// SecondRegionFor is the default second region of a run signed for
// region: another region of the aws partition.
func SecondRegionFor(region string) string {
	if region == DefaultSecondRegion {
		return AlternateSecondRegion
	}
	return DefaultSecondRegion
}

// RegionOf is the region the requests about name are signed for: the
// second region for a name of a length that is a multiple of 4 when the
// run has one, the run's region otherwise.
func (d *Dialect) RegionOf(name string) string { return RegionFor(name, d.o.Region, d.o.SecondRegion) }

// RegionFor is the region the requests about name are signed for in a run
// signed for region with second region second ("": none): the rule of
// RegionOf, for readers of a run's record (a parity cassette).
func RegionFor(name, region, second string) string {
	if second != "" && utf8.RuneCountInString(name)%secondRegionEvery == 0 {
		return second
	}
	return region
}

// Regions are the regions the run signs for: its own, then the second
// one if it has one.
func (d *Dialect) Regions() []string {
	if d.o.SecondRegion == "" {
		return []string{d.o.Region}
	}
	return []string{d.o.Region, d.o.SecondRegion}
}

// requestRegion is the region a request is signed for: the one ctx names
// (withRegion: cleanup's listing of each region), else the one of the
// name the request is about (a PutDestination's or DeleteDestination's
// destinationName, a DescribeDestinations' DestinationNamePrefix), else
// the run's region (a body that names no string).
func (d *Dialect) requestRegion(ctx context.Context, h http.Header, body []byte) string {
	if r, ok := ctx.Value(regionKey{}).(string); ok {
		return r
	}
	field := "destinationName"
	if h.Get("X-Amz-Target") == DescribeDestinations {
		field = "DestinationNamePrefix"
	}
	raw, ok := member(body, field)
	if !ok {
		return d.o.Region
	}
	name, ok := object{"n": raw}.str("n")
	if !ok {
		return d.o.Region
	}
	return d.RegionOf(name)
}

type regionKey struct{}

// withRegion makes every request sent with ctx signed for region.
func withRegion(ctx context.Context, region string) context.Context {
	return context.WithValue(ctx, regionKey{}, region)
}
