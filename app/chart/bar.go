package chart

import (
	"fmt"
	"powerbrokers/app/markup"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Bars is a horizontal bar chart: one bar per label, in the given order,
// with its value at the end of the bar. A nil value reads "not disclosed"
// and draws no bar.
type Bars struct {
	// ID is unique on the page; the figure, SVG and summary ids derive from it.
	ID    string
	Title string
	// Basis says what the values measure ("contracted deals, initial-term values").
	Basis string
	Unit  Unit
	// Noun names the bars in the summary ("tenants").
	Noun string
	// Summary replaces the generated summary when set.
	Summary string
	Bars    []Bar
	// Detail is the header of the table column holding each bar's Detail.
	Detail string
	// Class is the series class of the bars (default "c-bar").
	Class string
	// Links, when set, gives the figure's download links, drawn under its table.
	Links LinksFunc
}

// Bar is one bar.
type Bar struct {
	Label  string
	Value  *float64
	Detail string
	Class  string // overrides Bars.Class
}

const (
	barRow    = 26.0
	barHeight = 16.0
	barTop    = 8.0
	barAxis   = 28.0
)

// UI renders the chart figure.
func (c Bars) UI() app.UI { return c.HTML().UI() }

// HTML returns the chart figure's markup.
func (c Bars) HTML() markup.HTML {
	var table markup.HTML
	if len(c.Bars) > 0 {
		table = c.table()
	}
	svg := c.SVG()
	return Figure(c.ID, c.Title, c.Basis, c.summary(), svg, c.Narrow(), table, c.Links.Of(svg))
}

// SVG returns the chart's markup, or "" when there are no bars.
func (c Bars) SVG() markup.HTML { return c.svg(chartWidth, false) }

// Narrow returns the chart's phone layout.
func (c Bars) Narrow() markup.HTML { return c.svg(chartNarrowWidth, true) }

func (c Bars) svg(width float64, narrow bool) markup.HTML {
	if len(c.Bars) == 0 {
		return ""
	}
	labelW := 0.0
	maxV := 0.0
	cut, maxLabel := 28, 200.0
	if narrow {
		cut, maxLabel = 18, 125
	}
	for _, b := range c.Bars {
		labelW = max(labelW, textWidth(clip(b.Label, cut)))
		if b.Value != nil {
			maxV = max(maxV, *b.Value)
		}
	}
	x0 := min(labelW, maxLabel) + 12
	plotW := width - x0 - 80
	ticks := niceTicks(maxV, map[bool]int{false: 4, true: 2}[narrow])
	top := ticks[len(ticks)-1]
	scale := func(v float64) float64 {
		if top <= 0 {
			return 0
		}
		return max(0, v) / top * plotW
	}
	h := barTop + float64(len(c.Bars))*barRow + barAxis
	w := svgWriter{narrow: narrow}
	w.begin(c.ID, c.Title, width, h)
	w.group()
	axisY := barTop + float64(len(c.Bars))*barRow
	for _, t := range ticks {
		x := x0 + scale(t)
		w.line("chart-grid", x, barTop-4, x, axisY, "stroke", "currentColor", "stroke-opacity", "0.15")
		w.text(x, axisY+16, "middle", "chart-tick", c.Unit.tick(t))
	}
	w.line("chart-axis", x0, barTop-4, x0, axisY, "stroke", "currentColor", "stroke-opacity", "0.5")
	labels := make([]string, len(c.Bars))
	for i, b := range c.Bars {
		labels[i] = b.Label
	}
	short := clipAll(labels, cut)
	for i, b := range c.Bars {
		y := barTop + float64(i)*barRow
		w.labelAs(x0-8, y+barHeight-4, "end", "chart-label", b.Label, short[i])
		if b.Value == nil {
			w.text(x0+6, y+barHeight-4, "start", "chart-nd", notDisclosed)
			continue
		}
		class := c.Class
		if b.Class != "" {
			class = b.Class
		}
		if class == "" {
			class = "c-bar"
		}
		bw := scale(*b.Value)
		w.rect(c.ID, x0, y, bw, barHeight, class, Solid, b.Label+": "+c.Unit.Format(*b.Value))
		w.text(x0+bw+6, y+barHeight-4, "start", "chart-value", c.Unit.Format(*b.Value))
	}
	w.Close("g")
	w.finish()
	return w.HTML()
}

func (c Bars) summary() string {
	if c.Summary != "" {
		return c.Summary
	}
	noun := c.Noun
	if noun == "" {
		noun = "items"
	}
	if len(c.Bars) == 0 {
		return "No data to chart: there are no " + noun + " yet."
	}
	var known []Bar
	for _, b := range c.Bars {
		if b.Value != nil {
			known = append(known, b)
		}
	}
	nd := len(c.Bars) - len(known)
	var s string
	switch {
	case len(known) == 0:
		s = fmt.Sprintf("%d %s, none with a disclosed figure.", len(c.Bars), noun)
	default:
		top, second := known[0], Bar{}
		for _, b := range known[1:] {
			if *b.Value > *top.Value {
				second, top = top, b
			} else if second.Value == nil || *b.Value > *second.Value {
				second = b
			}
		}
		s = fmt.Sprintf("%d %s; the largest is %s at %s", len(c.Bars), noun, top.Label, c.Unit.Format(*top.Value))
		if second.Value != nil {
			s += fmt.Sprintf(", then %s at %s", second.Label, c.Unit.Format(*second.Value))
		}
		s += "."
		if nd > 0 {
			s += fmt.Sprintf(" %d not disclosed.", nd)
		}
	}
	return s
}

func (c Bars) table() markup.HTML {
	head := []string{"", c.Unit.Name}
	if c.Noun != "" {
		head[0] = capitalize(c.Noun)
	}
	if c.Detail != "" {
		head = append(head, c.Detail)
	}
	rows := make([][]string, len(c.Bars))
	for i, b := range c.Bars {
		rows[i] = []string{b.Label, c.Unit.chartFormat(b.Value)}
		if c.Detail != "" {
			rows[i] = append(rows[i], b.Detail)
		}
	}
	return chartTable(c.Title, head, rows, []bool{false, true, false})
}

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
