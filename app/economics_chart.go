package app

import (
	"fmt"
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// sweepChart draws the year-1 margin of one gross MW, mining against the
// lease, across a range of one input (hashprice or power price), with the
// break-even and the scenario's own value marked. The month-axis step chart
// of chart_step.go does not fit a numeric axis with negative values, so it
// is drawn here with the same writer, figure and table.
type sweepChart struct {
	ID, Title, Basis string
	XLabel           string
	XFormat          func(float64) string
	Points           []dataset.SweepPoint
	// Current is the scenario's value of the swept input.
	Current float64
	// BreakEven is where the two margins meet, nil when they never do.
	BreakEven *float64
	Summary   string
}

// Series colours: the mining and HPC hues of web/app.css (--mining, --hpc).
const (
	colorMining = "#d97706"
	colorLease  = "#7c3aed"
)

const (
	sweepLeft, sweepRight, sweepTop, sweepBottom = 72.0, 20.0, 40.0, 46.0
	sweepHeight                                  = 300.0
)

// UI renders the chart figure.
func (c sweepChart) UI() app.UI {
	return app.Raw(chartFigure(c.ID, c.Title, c.Basis, c.Summary, c.SVG(), c.Narrow(), c.table()))
}

// SVG returns the chart's markup, "" without points.
func (c sweepChart) SVG() string { return c.svg(chartWidth, false) }

// Narrow returns the chart's phone layout.
func (c sweepChart) Narrow() string { return c.svg(chartNarrowWidth, true) }

func (c sweepChart) svg(width float64, narrow bool) string {
	n := len(c.Points)
	if n < 2 {
		return ""
	}
	x0, x1 := c.Points[0].X, c.Points[n-1].X
	lo, hi := 0.0, 0.0
	for _, p := range c.Points {
		lo, hi = min(lo, p.MiningMarginUSD, p.LeaseMarginUSD), max(hi, p.MiningMarginUSD, p.LeaseMarginUSD)
	}
	yTicks := rangeTicks(lo, hi, 5)
	ylo, yhi := yTicks[0], yTicks[len(yTicks)-1]
	plotW := width - sweepLeft - sweepRight
	plotH := sweepHeight - sweepTop - sweepBottom
	xOf := func(x float64) float64 { return sweepLeft + (x-x0)/(x1-x0)*plotW }
	yOf := func(v float64) float64 { return sweepTop + (yhi-v)/(yhi-ylo)*plotH }

	w := svgWriter{narrow: narrow}
	w.open(c.ID, c.Title, width, sweepHeight)
	w.WriteString(`<g aria-hidden="true">`)
	// Legend.
	lx := sweepLeft
	for _, k := range []struct{ label, color, dash string }{
		{"Mining margin", colorMining, ""}, {"Lease margin", colorLease, ` stroke-dasharray="6 4"`},
	} {
		w.f(`<line x1="%s" y1="14" x2="%s" y2="14" stroke="%s" stroke-width="2.5"%s/>`, chartNum(lx), chartNum(lx+18), k.color, k.dash)
		w.text(lx+24, 18, "start", "chart-legend", k.label)
		lx += 24 + textWidth(k.label) + 18
	}
	for _, t := range yTicks {
		y := yOf(t)
		opacity := "0.15"
		if t == 0 {
			opacity = "0.6"
		}
		w.f(`<line class="chart-grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-opacity="%s"/>`,
			chartNum(sweepLeft), chartNum(y), chartNum(sweepLeft+plotW), chartNum(y), opacity)
		w.text(sweepLeft-6, y+4, "end", "chart-tick", econMoney(t))
	}
	base := sweepTop + plotH
	for _, t := range rangeTicks(x0, x1, map[bool]int{false: 6, true: 3}[narrow]) {
		if t < x0 || t > x1 {
			continue
		}
		x := xOf(t)
		w.f(`<line class="chart-axis" x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-opacity="0.5"/>`,
			chartNum(x), chartNum(base), chartNum(x), chartNum(base+4))
		w.text(x, base+16, "middle", "chart-tick", c.XFormat(t))
	}
	w.text(sweepLeft+plotW/2, base+36, "middle", "chart-axis-title", c.XLabel)

	if be := c.BreakEven; be != nil && *be >= x0 && *be <= x1 {
		x := xOf(*be)
		w.f(`<line class="econ-breakeven" x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-width="1.5" stroke-dasharray="2 3"/>`,
			chartNum(x), chartNum(sweepTop), chartNum(x), chartNum(base))
		anchor := "start"
		if label := "Break-even " + c.XFormat(*be); x+4+textWidth(label) > width {
			anchor = "end"
		}
		w.text(x+map[bool]float64{true: 4, false: -4}[anchor == "start"], sweepTop-6, anchor, "chart-value", "Break-even "+c.XFormat(*be))
	}
	line := func(color, dash string, y func(dataset.SweepPoint) float64) {
		var d strings.Builder
		for i, p := range c.Points {
			fmt.Fprintf(&d, "%s%s,%s ", map[bool]string{true: "M", false: "L"}[i == 0], chartNum(xOf(p.X)), chartNum(yOf(y(p))))
		}
		w.f(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`, strings.TrimSpace(d.String()), color, dash)
	}
	line(colorLease, ` stroke-dasharray="6 4"`, func(p dataset.SweepPoint) float64 { return p.LeaseMarginUSD })
	line(colorMining, "", func(p dataset.SweepPoint) float64 { return p.MiningMarginUSD })
	if c.Current >= x0 && c.Current <= x1 {
		// The margins are linear in the swept input: interpolate.
		cur := interpolate(c.Points, c.Current)
		w.f(`<circle class="econ-current" cx="%s" cy="%s" r="5" fill="%s" stroke="currentColor"/>`,
			chartNum(xOf(c.Current)), chartNum(yOf(cur.MiningMarginUSD)), colorMining)
		w.f(`<circle cx="%s" cy="%s" r="4" fill="%s"/>`, chartNum(xOf(c.Current)), chartNum(yOf(cur.LeaseMarginUSD)), colorLease)
	}
	w.WriteString(`</g>`)
	w.close()
	return w.String()
}

// interpolate returns the margins at x between the sweep's points.
func interpolate(ps []dataset.SweepPoint, x float64) dataset.SweepPoint {
	for i := 1; i < len(ps); i++ {
		a, b := ps[i-1], ps[i]
		if x <= b.X || i == len(ps)-1 {
			f := (x - a.X) / (b.X - a.X)
			return dataset.SweepPoint{X: x, MiningMarginUSD: a.MiningMarginUSD + f*(b.MiningMarginUSD-a.MiningMarginUSD),
				LeaseMarginUSD: a.LeaseMarginUSD + f*(b.LeaseMarginUSD-a.LeaseMarginUSD)}
		}
	}
	return ps[0]
}

// table lists the sweep's points.
func (c sweepChart) table() string {
	rows := make([][]string, len(c.Points))
	for i, p := range c.Points {
		rows[i] = []string{c.XFormat(p.X), econMoney(p.MiningMarginUSD), econMoney(p.LeaseMarginUSD), econMoney(p.LeaseMarginUSD - p.MiningMarginUSD)}
	}
	return chartTable(c.Title, []string{c.XLabel, "Mining margin (USD)", "Lease margin (USD)", "Lease less mining (USD)"},
		rows, []bool{false, true, true, true})
}

// rangeTicks returns round ticks covering lo..hi, about n of them.
func rangeTicks(lo, hi float64, n int) []float64 {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []float64{lo, lo + 1}
	}
	// The round step whose tick count is nearest n (ties: the larger step).
	span := hi - lo
	mag := math.Pow(10, math.Floor(math.Log10(span/float64(n))))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if math.Abs(span/(m*mag)-float64(n)) <= math.Abs(span/step-float64(n)) {
			step = m * mag
		}
	}
	var out []float64
	start := math.Floor(lo/step) * step
	for i := 0; ; i++ {
		v := start + float64(i)*step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, v)
		if v >= hi-step*1e-9 {
			break
		}
	}
	return out
}

// niceMax rounds v up to a round axis end.
func niceMax(v float64) float64 {
	t := rangeTicks(0, v, 5)
	return t[len(t)-1]
}
