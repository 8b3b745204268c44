package reports

import (
	"fmt"

	"github.com/putdestination/conformance/result"
)

// The charts of conformance.html are drawn here, as plain geometry the
// template turns into inline SVG.

// barChart is requests per property, split by outcome.
type barChart struct {
	Width, Height int
	Bars          []bar
	Empty         bool
}

type bar struct {
	Label           string
	Y               int
	PassW, FailW    float64
	FailX           float64
	Text            string
	TextX           float64
	Requests, Fails int
}

const (
	chartWidth = 460
	labelW     = 84
	barArea    = 250
	rowH       = 26
)

func propertiesChart(props []result.Property) barChart {
	c := barChart{Width: chartWidth}
	most := 0
	for _, p := range props {
		most = max(most, p.Requests)
	}
	if most == 0 {
		c.Empty, c.Height = true, 40
		return c
	}
	for i, p := range props {
		scale := float64(barArea) / float64(most)
		b := bar{Label: p.Name, Y: 8 + i*rowH, Requests: p.Requests, Fails: p.Failed}
		b.PassW = float64(p.Requests-p.Failed) * scale
		b.FailX = float64(labelW) + b.PassW
		b.FailW = float64(p.Failed) * scale
		if p.Failed > 0 && b.FailW < 2 {
			b.FailW = 2 // a failure is never invisible
		}
		b.TextX = b.FailX + b.FailW + 6
		b.Text = fmt.Sprintf("%d", p.Requests)
		if p.Failed > 0 {
			b.Text += fmt.Sprintf(" (%d failed)", p.Failed)
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = 8 + len(props)*rowH + 22
	return c
}

// histogram is the latency distribution.
type histogram struct {
	Width, Height int
	Bins          []bin
	Empty         bool
	BaseY         int
	Total         int
}

type bin struct {
	X, Y, W, H float64
	Label      string
	Count      int
	CountY     float64
}

func latencyChart(l result.Latency) histogram {
	h := histogram{Width: chartWidth, Height: 190, BaseY: 150}
	first, last := -1, -1
	most := 0
	for i, n := range l.Counts {
		h.Total += n
		if n > 0 {
			if first < 0 {
				first = i
			}
			last = i
			most = max(most, n)
		}
	}
	if first < 0 {
		h.Empty, h.Height = true, 40
		return h
	}
	// At least six bins, so one busy bucket still reads as a distribution.
	for last-first < 5 && (first > 0 || last < len(l.Counts)-1) {
		if last < len(l.Counts)-1 {
			last++
		}
		if last-first < 5 && first > 0 {
			first--
		}
	}
	n := last - first + 1
	w := float64(chartWidth-20) / float64(n)
	for i := first; i <= last; i++ {
		count := l.Counts[i]
		height := 0.0
		if count > 0 {
			height = max(2, 120*float64(count)/float64(most))
		}
		x := 10 + float64(i-first)*w
		b := bin{X: x + 2, W: w - 4, H: height, Y: float64(h.BaseY) - height, Count: count, CountY: float64(h.BaseY) - height - 4}
		switch {
		case i < len(l.BoundsMS):
			b.Label = fmt.Sprintf("<%d", l.BoundsMS[i])
		case len(l.BoundsMS) > 0:
			b.Label = fmt.Sprintf("≥%d", l.BoundsMS[len(l.BoundsMS)-1])
		}
		h.Bins = append(h.Bins, b)
	}
	return h
}

// firstChart is how far the run got before its first finding, in
// requests and in time.
type firstChart struct {
	Width, Height int
	Found         bool
	Rows          []gauge
}

type gauge struct {
	Label  string
	Y      int
	W      float64 // the whole run
	FillW  float64 // up to the first finding
	MarkX  float64 // the first finding
	Text   string
	LabelY int
}

func firstFindingChart(res *result.Result) firstChart {
	c := firstChart{Width: chartWidth, Height: 120}
	if res.FirstFinding == nil {
		c.Height = 40
		return c
	}
	c.Found = true
	ff := res.FirstFinding
	frac := func(part, whole int64) float64 {
		if whole <= 0 {
			return 0
		}
		return min(1, float64(part)/float64(whole))
	}
	w := float64(chartWidth - labelW - 20)
	c.Rows = []gauge{
		{Label: "requests", Y: 14, W: w, FillW: w * frac(ff.Requests, res.Requests),
			Text: fmt.Sprintf("first finding after %d of %d requests", ff.Requests, res.Requests)},
		{Label: "time", Y: 66, W: w, FillW: w * frac(ff.MS, res.DurationMS),
			Text: fmt.Sprintf("after %d ms of %d ms", ff.MS, res.DurationMS)},
	}
	for i := range c.Rows {
		c.Rows[i].LabelY = c.Rows[i].Y + 34
		c.Rows[i].FillW = max(c.Rows[i].FillW, 2)
		c.Rows[i].MarkX = float64(labelW) + c.Rows[i].FillW
	}
	return c
}
