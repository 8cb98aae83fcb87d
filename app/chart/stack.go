package chart

import (
	"fmt"
	"powerbrokers/app/markup"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Stack is a horizontal stacked bar chart: one bar per row, split into
// segments (capacity by stage, contracted vs uncontracted). Segments differ
// by colour and by fill pattern, and each row spells its values out under
// its bar, so nothing is told by colour alone. All rows share one scale.
type Stack struct {
	ID      string
	Title   string
	Basis   string
	Unit    Unit
	Noun    string // names the rows in the summary ("miners")
	Summary string // replaces the generated summary when set
	// Segments name the parts of every bar, left to right.
	Segments []Segment
	Rows     []Row
	// NoteHead is the header of the table column holding each row's Note.
	NoteHead string
	// Table replaces the generated data table when set.
	Table markup.HTML
	// Links, when set, gives the figure's download links, drawn under its table.
	Links LinksFunc
}

// Segment is one part of the stacked bars.
type Segment struct {
	Label   string
	Class   string // series class: c-energized, c-construction…
	Pattern string // Solid, Hatch or Dots
	// Optional segments are left out of the text when a row has no value for
	// them, rather than reported as "not disclosed" (e.g. "stage not disclosed").
	Optional bool
}

// Row is one bar: Values has one entry per segment, nil when not disclosed.
type Row struct {
	Label  string
	Values []*float64
	Note   string // shown after the values (e.g. the MW basis)
}

// total sums the disclosed values; ok is false when none is disclosed.
func (r Row) total() (sum float64, ok bool) {
	for _, v := range r.Values {
		if v != nil {
			sum += *v
			ok = true
		}
	}
	return sum, ok
}

const (
	stackLegend = 26.0
	stackBar    = 18.0
	stackRowH   = 46.0
)

// UI renders the chart figure.
func (c Stack) UI() app.UI { return c.HTML().UI() }

// HTML returns the chart figure's markup.
func (c Stack) HTML() markup.HTML {
	table := c.Table
	if table == "" && len(c.Rows) > 0 {
		table = c.table()
	}
	svg := c.SVG()
	return Figure(c.ID, c.Title, c.Basis, c.summary(), svg, c.Narrow(), table, c.Links.Of(svg))
}

// SVG returns the chart's markup, or "" when there are no rows.
func (c Stack) SVG() markup.HTML { return c.svg(chartWidth, false) }

// Narrow returns the chart's phone layout.
func (c Stack) Narrow() markup.HTML { return c.svg(chartNarrowWidth, true) }

func (c Stack) svg(width float64, narrow bool) markup.HTML {
	if len(c.Rows) == 0 {
		return ""
	}
	labelW, maxV := 0.0, 0.0
	cut, maxLabel := 24, 170.0
	if narrow {
		cut, maxLabel = 14, 95
	}
	for _, r := range c.Rows {
		labelW = max(labelW, textWidth(clip(r.Label, cut)))
		t, _ := r.total()
		maxV = max(maxV, t)
	}
	labelled := len(c.Rows) > 1 || c.Rows[0].Label != ""
	x0 := 24.0 // room for the first tick label
	if labelled {
		x0 = max(x0, min(labelW, maxLabel)+12)
	}
	plotW := width - x0 - 90
	ticks := niceTicks(maxV, map[bool]int{false: 4, true: 2}[narrow])
	top := ticks[len(ticks)-1]
	scale := func(v float64) float64 {
		if top <= 0 {
			return 0
		}
		return max(0, v) / top * plotW
	}
	keys := make([]legendKey, len(c.Segments))
	for i, s := range c.Segments {
		keys[i] = legendKey{label: s.Label, class: s.Class, pattern: s.Pattern}
	}
	lx := x0
	if lx+legendWidth(keys) > width {
		lx = 4
	}
	// The legend wraps onto as many rows as the width needs.
	var legendRows [][]legendKey
	for _, k := range keys {
		n := len(legendRows)
		if n == 0 || lx+legendWidth(append(legendRows[n-1][:len(legendRows[n-1]):len(legendRows[n-1])], k)) > width {
			legendRows = append(legendRows, nil)
			n++
		}
		legendRows[n-1] = append(legendRows[n-1], k)
	}
	legendH := stackLegend + float64(max(0, len(legendRows)-1))*18
	axisY := legendH + float64(len(c.Rows))*stackRowH
	w := svgWriter{narrow: narrow}
	w.begin(c.ID, c.Title, width, axisY+28)
	w.defs(c.ID)
	w.group()
	for i, row := range legendRows {
		w.legend(c.ID, lx, 14+float64(i)*18, row)
	}
	for _, t := range ticks {
		x := x0 + scale(t)
		w.line("chart-grid", x, legendH, x, axisY, "stroke", "currentColor", "stroke-opacity", "0.15")
		w.text(x, axisY+16, "middle", "chart-tick", c.Unit.tick(t))
	}
	w.line("chart-axis", x0, legendH, x0, axisY, "stroke", "currentColor", "stroke-opacity", "0.5")
	labels := make([]string, len(c.Rows))
	for i, r := range c.Rows {
		labels[i] = r.Label
	}
	short := clipAll(labels, cut)
	for i, r := range c.Rows {
		y := legendH + float64(i)*stackRowH + 6
		if labelled {
			w.labelAs(x0-8, y+stackBar-5, "end", "chart-label", r.Label, short[i])
		}
		x := x0
		for j, s := range c.Segments {
			if j >= len(r.Values) || r.Values[j] == nil {
				continue
			}
			sw := scale(*r.Values[j])
			w.rect(c.ID, x, y, sw, stackBar, s.Class, s.Pattern, r.Label+" "+s.Label+": "+c.Unit.Format(*r.Values[j]))
			x += sw
		}
		total, ok := r.total()
		if ok {
			w.text(x+6, y+stackBar-5, "start", "chart-value", c.Unit.Format(total))
		} else {
			w.text(x0+6, y+stackBar-5, "start", "chart-nd", notDisclosed)
		}
		// Cut to the chart's width (the tooltip and the table have it all).
		dx := x0
		if narrow {
			dx = 4
		}
		w.label(dx, y+stackBar+14, "start", "chart-detail", c.shortDetail(r), int((width-dx)/textWidth("a")))
	}
	w.Close("g")
	w.finish()
	return w.HTML()
}

// rowDetail spells out a row's segments: "Energized 750 MW · Pipeline not disclosed".
func (c Stack) rowDetail(r Row) string {
	parts := make([]string, 0, len(c.Segments)+1)
	for j, s := range c.Segments {
		var v *float64
		if j < len(r.Values) {
			v = r.Values[j]
		}
		if v == nil && s.Optional {
			continue
		}
		parts = append(parts, s.Label+" "+c.Unit.chartFormat(v))
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	return strings.Join(parts, " · ")
}

// shortDetail is the line under a bar: the disclosed non-zero segments and
// the undisclosed ones, or "No stage disclosed".
func (c Stack) shortDetail(r Row) string {
	var parts []string
	any := false
	for j, s := range c.Segments {
		var v *float64
		if j < len(r.Values) {
			v = r.Values[j]
		}
		switch {
		case v == nil && s.Optional:
		case v == nil:
			parts = append(parts, s.Label+" "+notDisclosed)
		case *v != 0:
			parts = append(parts, s.Label+" "+c.Unit.Format(*v))
			any = true
		default:
			any = true
		}
	}
	if !any {
		parts = []string{"No figure disclosed"}
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	return strings.Join(parts, " · ")
}

func (c Stack) summary() string {
	if c.Summary != "" {
		return c.Summary
	}
	noun := c.Noun
	if noun == "" {
		noun = "rows"
	}
	if len(c.Rows) == 0 {
		return "No data to chart: there are no " + noun + " yet."
	}
	if len(c.Rows) == 1 {
		r := c.Rows[0]
		t, ok := r.total()
		if !ok {
			return c.rowDetail(r) + ": no figure disclosed."
		}
		return fmt.Sprintf("%s: %s in all.", c.rowDetail(r), c.Unit.Format(t))
	}
	best, bestV, nd := -1, 0.0, 0
	for i, r := range c.Rows {
		t, ok := r.total()
		if !ok {
			nd++
			continue
		}
		if best < 0 || t > bestV {
			best, bestV = i, t
		}
	}
	if best < 0 {
		return fmt.Sprintf("%d %s, none with a disclosed figure.", len(c.Rows), noun)
	}
	s := fmt.Sprintf("%d %s; the largest total is %s at %s (%s).", len(c.Rows), noun, c.Rows[best].Label,
		c.Unit.Format(bestV), c.rowDetail(c.Rows[best]))
	if nd > 0 {
		s += fmt.Sprintf(" %d with no figure disclosed.", nd)
	}
	return s
}

func (c Stack) table() markup.HTML {
	head := []string{capitalize(c.Noun)}
	numeric := []bool{false}
	for _, s := range c.Segments {
		head = append(head, s.Label+" ("+c.Unit.Name+")")
		numeric = append(numeric, true)
	}
	head = append(head, "Total ("+c.Unit.Name+")")
	numeric = append(numeric, true)
	if c.NoteHead != "" {
		head = append(head, c.NoteHead)
	}
	rows := make([][]string, len(c.Rows))
	for i, r := range c.Rows {
		row := []string{r.Label}
		if row[0] == "" {
			row[0] = c.Title
		}
		for j := range c.Segments {
			var v *float64
			if j < len(r.Values) {
				v = r.Values[j]
			}
			row = append(row, c.Unit.chartFormat(v))
		}
		if t, ok := r.total(); ok {
			row = append(row, c.Unit.Format(t))
		} else {
			row = append(row, notDisclosed)
		}
		if c.NoteHead != "" {
			row = append(row, r.Note)
		}
		rows[i] = row
	}
	return chartTable(c.Title, head, rows, numeric)
}
