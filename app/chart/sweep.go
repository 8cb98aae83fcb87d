package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// Sweep draws the year-1 margin of one gross MW, mining against the
// lease, across a range of one input (hashprice or power price), with the
// break-even and the scenario's own value marked. The month-axis step chart
// of chart_step.go does not fit a numeric axis with negative values, so it
// is drawn here with the same writer, figure and table.
type Sweep struct {
	ID, Title, Basis string
	XLabel           string
	XFormat          func(float64) string
	// YFormat formats the margins (US dollars).
	YFormat func(float64) string
	Points  []dataset.SweepPoint
	// Current is the scenario's value of the swept input.
	Current float64
	// BreakEven is where the two margins meet, nil when they never do.
	BreakEven *float64
	Summary   string
	// Links, when set, gives the figure's download links, drawn under its table.
	Links LinksFunc
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
func (c Sweep) UI() app.UI {
	svg := c.SVG()
	return Figure(c.ID, c.Title, c.Basis, c.Summary, svg, c.Narrow(), c.table(), c.Links.Of(svg)).UI()
}

// SVG returns the chart's markup, "" without points.
func (c Sweep) SVG() markup.HTML { return c.svg(chartWidth, false) }

// Narrow returns the chart's phone layout.
func (c Sweep) Narrow() markup.HTML { return c.svg(chartNarrowWidth, true) }

func (c Sweep) svg(width float64, narrow bool) markup.HTML {
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
	w.begin(c.ID, c.Title, width, sweepHeight)
	w.group()
	// Legend.
	lx := sweepLeft
	for _, k := range []struct {
		label, color string
		dashed       bool
	}{
		{"Mining margin", colorMining, false}, {"Lease margin", colorLease, true},
	} {
		w.line("", lx, 14, lx+18, 14, "stroke", k.color, "stroke-width", "2.5", "stroke-dasharray", dashArray(k.dashed))
		w.text(lx+24, 18, "start", "chart-legend", k.label)
		lx += 24 + textWidth(k.label) + 18
	}
	for _, t := range yTicks {
		y := yOf(t)
		opacity := "0.15"
		if t == 0 {
			opacity = "0.6"
		}
		w.line("chart-grid", sweepLeft, y, sweepLeft+plotW, y, "stroke", "currentColor", "stroke-opacity", opacity)
		w.text(sweepLeft-6, y+4, "end", "chart-tick", c.YFormat(t))
	}
	base := sweepTop + plotH
	for _, t := range rangeTicks(x0, x1, map[bool]int{false: 6, true: 3}[narrow]) {
		if t < x0 || t > x1 {
			continue
		}
		x := xOf(t)
		w.line("chart-axis", x, base, x, base+4, "stroke", "currentColor", "stroke-opacity", "0.5")
		w.text(x, base+16, "middle", "chart-tick", c.XFormat(t))
	}
	w.text(sweepLeft+plotW/2, base+36, "middle", "chart-axis-title", c.XLabel)

	if be := c.BreakEven; be != nil && *be >= x0 && *be <= x1 {
		x := xOf(*be)
		w.line("econ-breakeven", x, sweepTop, x, base, "stroke", "currentColor", "stroke-width", "1.5", "stroke-dasharray", "2 3")
		anchor := "start"
		if label := "Break-even " + c.XFormat(*be); x+4+textWidth(label) > width {
			anchor = "end"
		}
		w.text(x+map[bool]float64{true: 4, false: -4}[anchor == "start"], sweepTop-6, anchor, "chart-value", "Break-even "+c.XFormat(*be))
	}
	line := func(color string, dashed bool, y func(dataset.SweepPoint) float64) {
		var d strings.Builder
		for i, p := range c.Points {
			fmt.Fprintf(&d, "%s%s,%s ", map[bool]string{true: "M", false: "L"}[i == 0], chartNum(xOf(p.X)), chartNum(yOf(y(p))))
		}
		w.Void("path", "d", strings.TrimSpace(d.String()), "fill", "none", "stroke", color, "stroke-width", "2.5", "stroke-dasharray", dashArray(dashed))
	}
	line(colorLease, true, func(p dataset.SweepPoint) float64 { return p.LeaseMarginUSD })
	line(colorMining, false, func(p dataset.SweepPoint) float64 { return p.MiningMarginUSD })
	if c.Current >= x0 && c.Current <= x1 {
		// The margins are linear in the swept input: interpolate.
		cur := interpolate(c.Points, c.Current)
		w.Void("circle", "class", "econ-current", "cx", chartNum(xOf(c.Current)), "cy", chartNum(yOf(cur.MiningMarginUSD)), "r", "5",
			"fill", colorMining, "stroke", "currentColor")
		w.Void("circle", "cx", chartNum(xOf(c.Current)), "cy", chartNum(yOf(cur.LeaseMarginUSD)), "r", "4", "fill", colorLease)
	}
	w.Close("g")
	w.finish()
	return w.HTML()
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
func (c Sweep) table() markup.HTML {
	rows := make([][]string, len(c.Points))
	for i, p := range c.Points {
		rows[i] = []string{c.XFormat(p.X), c.YFormat(p.MiningMarginUSD), c.YFormat(p.LeaseMarginUSD), c.YFormat(p.LeaseMarginUSD - p.MiningMarginUSD)}
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

// NiceMax rounds v up to a round axis end.
func NiceMax(v float64) float64 {
	t := rangeTicks(0, v, 5)
	return t[len(t)-1]
}
