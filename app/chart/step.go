package chart

import (
	"fmt"
	"math"
	"powerbrokers/app/markup"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Steps draws values over time as step lines (a cumulative total holds
// its value until the next change), on one or more panels stacked over a
// shared month axis: one panel per unit, never two units on one axis.
type Steps struct {
	ID      string
	Title   string
	Basis   string
	Summary string // replaces the generated summary when set
	// XLabel names the time axis ("Announcement month").
	XLabel string
	Panels []Panel
	// End extends the last step to this date (the data's as-of date).
	End string
	// Table replaces the generated data table when set.
	Table markup.HTML
	// Events are marked as numbered rules and listed as text (chart_events.go).
	Events []Event
	// Links, when set, gives the figure's download links, drawn under its table.
	Links LinksFunc
}

// Panel is one plot with its own value axis.
type Panel struct {
	Label  string // "Cumulative contracted value"
	Unit   Unit
	Series []Series
}

// Series is one line. Points are dated "YYYY", "YYYY-MM" or
// "YYYY-MM-DD"; a nil Y is not disclosed and breaks the line.
type Series struct {
	Label  string
	Class  string
	Dashed bool
	Points []Point
}

// Point is one dated value.
type Point struct {
	X string
	Y *float64
}

const (
	stepLeft   = 78.0
	stepRight  = 24.0
	stepHead   = 30.0
	stepPlot   = 150.0
	stepGap    = 16.0
	stepBottom = 40.0
)

// points returns the series' usable points sorted by date, with their month positions.
func (s Series) points() ([]Point, []float64) {
	type pm struct {
		p Point
		m float64
	}
	var ps []pm
	for _, p := range s.Points {
		if m, ok := chartMonth(p.X); ok {
			ps = append(ps, pm{p, m})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].m < ps[j].m })
	out, ms := make([]Point, len(ps)), make([]float64, len(ps))
	for i, p := range ps {
		out[i], ms[i] = p.p, p.m
	}
	return out, ms
}

// empty reports whether no series has a usable point.
func (c Steps) empty() bool {
	for _, p := range c.Panels {
		for _, s := range p.Series {
			if ps, _ := s.points(); len(ps) > 0 {
				return false
			}
		}
	}
	return true
}

// UI renders the chart figure.
func (c Steps) UI() app.UI { return c.HTML().UI() }

// HTML returns the chart figure's markup.
func (c Steps) HTML() markup.HTML {
	table := c.Table
	if table == "" && !c.empty() {
		table = c.table()
	}
	svg := c.SVG()
	return Figure(c.ID, c.Title, c.Basis, c.summary(), svg, c.Narrow(), table, EventList(c.ID, c.Events), c.Links.Of(svg))
}

// domain returns the month range of the chart, padded when it is a single instant.
func (c Steps) domain() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range c.Panels {
		for _, s := range p.Series {
			_, ms := s.points()
			for _, m := range ms {
				lo, hi = min(lo, m), max(hi, m)
			}
		}
	}
	if m, ok := chartMonth(c.End); ok && m > hi {
		hi = m
	}
	if hi-lo < 1 {
		lo, hi = lo-1, hi+1
	}
	return lo - 0.5, hi + 0.5
}

// SVG returns the chart's markup, or "" when there is no point to draw.
func (c Steps) SVG() markup.HTML { return c.svg(chartWideWidth, false) }

// Narrow returns the chart's phone layout: the legend on its own row under
// each panel's title.
func (c Steps) Narrow() markup.HTML { return c.svg(chartNarrowWidth, true) }

func (c Steps) svg(width float64, narrow bool) markup.HTML {
	if c.empty() {
		return ""
	}
	lo, hi := c.domain()
	plotW := width - stepLeft - stepRight
	xOf := func(m float64) float64 { return stepLeft + (m-lo)/(hi-lo)*plotW }
	endM, hasEnd := chartMonth(c.End)
	head := stepHead
	if narrow {
		head += 18
	}
	panelH := head + stepPlot + stepGap
	h := float64(len(c.Panels))*panelH + stepBottom
	w := svgWriter{narrow: narrow}
	w.begin(c.ID, c.Title, width, h)
	w.group()
	for pi, p := range c.Panels {
		top := float64(pi)*panelH + head
		base := top + stepPlot
		maxV := 0.0
		for _, s := range p.Series {
			for _, pt := range s.Points {
				if pt.Y != nil {
					maxV = max(maxV, *pt.Y)
				}
			}
		}
		ticks := niceTicks(maxV, 4)
		ymax := ticks[len(ticks)-1]
		yOf := func(v float64) float64 {
			if ymax <= 0 {
				return base
			}
			return base - max(0, v)/ymax*stepPlot
		}
		keys := make([]legendKey, len(p.Series))
		for i, s := range p.Series {
			keys[i] = legendKey{label: s.Label, class: s.Class, line: true, dashed: s.Dashed}
		}
		if narrow {
			w.label(4, top-30, "start", "chart-panel-title", p.Label, int((width-8)/textWidth("a")))
			w.legend(c.ID, 4, top-10, keys)
		} else {
			w.text(stepLeft, top-12, "start", "chart-panel-title", p.Label)
			w.legend(c.ID, stepLeft+textWidth(p.Label)+24, top-12, keys)
		}
		for _, t := range ticks {
			y := yOf(t)
			w.line("chart-grid", stepLeft, y, stepLeft+plotW, y, "stroke", "currentColor", "stroke-opacity", "0.15")
			w.text(stepLeft-6, y+4, "end", "chart-tick", p.Unit.tick(t))
		}
		w.line("chart-axis", stepLeft, base, stepLeft+plotW, base, "stroke", "currentColor", "stroke-opacity", "0.5")
		for si, s := range p.Series {
			pts, ms := s.points()
			var line, area strings.Builder
			open, gaps := false, false
			lastX := 0.0
			for i, pt := range pts {
				x := xOf(ms[i])
				if pt.Y == nil {
					open, gaps = false, true
					continue
				}
				y := yOf(*pt.Y)
				if !open {
					fmt.Fprintf(&line, "M%s,%s", chartNum(x), chartNum(y))
					if area.Len() == 0 {
						fmt.Fprintf(&area, "M%s,%s V%s", chartNum(x), chartNum(base), chartNum(y))
					}
					open = true
				} else {
					fmt.Fprintf(&line, " H%s V%s", chartNum(x), chartNum(y))
					fmt.Fprintf(&area, " H%s V%s", chartNum(x), chartNum(y))
				}
				lastX = x
			}
			if open && hasEnd && xOf(endM) > lastX {
				lastX = xOf(endM)
				fmt.Fprintf(&line, " H%s", chartNum(lastX))
				fmt.Fprintf(&area, " H%s", chartNum(lastX))
			}
			color := chartColor(s.Class)
			if si == 0 && !gaps && area.Len() > 0 {
				fmt.Fprintf(&area, " V%s Z", chartNum(base))
				w.Void("path", "class", "chart-area "+s.Class, "d", area.String(), "fill", color, "fill-opacity", "0.15", "stroke", "none")
			}
			if line.Len() > 0 {
				w.Void("path", "class", "chart-line "+s.Class, "d", line.String(), "fill", "none", "stroke", color, "stroke-width", "2.5",
					"stroke-dasharray", dashArray(s.Dashed))
			}
			for i, pt := range pts {
				if pt.Y == nil {
					continue
				}
				w.Open("circle", "class", "chart-point "+s.Class, "cx", chartNum(xOf(ms[i])), "cy", chartNum(yOf(*pt.Y)), "r", "3", "fill", color)
				w.Elem("title", s.Label+", "+pt.X+": "+p.Unit.Format(*pt.Y))
				w.Close("circle")
			}
		}
	}
	axisY := float64(len(c.Panels))*panelH - stepGap
	ticks := monthTicks(lo, hi)
	if narrow && len(ticks) > 3 {
		// Every other tick: about 60 units apart, room for "Mar 2025".
		var every []monthTick
		for i := len(ticks) - 1; i >= 0; i -= (len(ticks) + 2) / 3 {
			every = append([]monthTick{ticks[i]}, every...)
		}
		ticks = every
	}
	for _, m := range ticks {
		x := xOf(float64(m.month))
		w.line("chart-axis", x, axisY, x, axisY+4, "stroke", "currentColor", "stroke-opacity", "0.5")
		w.text(x, axisY+16, "middle", "chart-tick", m.label)
	}
	if c.XLabel != "" {
		w.text(stepLeft+plotW/2, axisY+34, "middle", "chart-axis-title", c.XLabel)
	}
	drawEvents(&w, c.Events, lo, hi, xOf, stepHead-4, axisY)
	w.Close("g")
	w.finish()
	return w.HTML()
}

type monthTick struct {
	month int
	label string
}

// monthTicks picks whole-month ticks between lo and hi: every January for
// spans over two years, else every 1, 2, 3 or 6 months (at most 7 ticks).
func monthTicks(lo, hi float64) []monthTick {
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	var out []monthTick
	if hi-lo > 24 {
		step := 1
		for (last/12-first/12)/step > 8 {
			step++
		}
		for m := first; m <= last; m++ {
			if m%12 == 0 && (m/12)%step == 0 {
				out = append(out, monthTick{m, monthLabel(m, true)})
			}
		}
		return out
	}
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12} {
		step = s
		if (last-first)/s < 7 {
			break
		}
	}
	for m := first; m <= last; m++ {
		if m%step == 0 {
			out = append(out, monthTick{m, monthLabel(m, false)})
		}
	}
	return out
}

func (c Steps) summary() string {
	if c.Summary != "" {
		return c.Summary
	}
	if c.empty() {
		return "No data to chart: there are no dated figures yet."
	}
	var parts []string
	for _, p := range c.Panels {
		for _, s := range p.Series {
			pts, _ := s.points()
			var known []Point
			for _, pt := range pts {
				if pt.Y != nil {
					known = append(known, pt)
				}
			}
			switch len(known) {
			case 0:
				parts = append(parts, fmt.Sprintf("%s: not disclosed", s.Label))
			case 1:
				parts = append(parts, fmt.Sprintf("%s: %s at %s", s.Label, p.Unit.Format(*known[0].Y), known[0].X))
			default:
				a, b := known[0], known[len(known)-1]
				parts = append(parts, fmt.Sprintf("%s: from %s at %s to %s at %s", s.Label,
					p.Unit.Format(*a.Y), a.X, p.Unit.Format(*b.Y), b.X))
			}
		}
	}
	return strings.Join(parts, "; ") + "."
}

// table lists every date of any series, with one column per series.
func (c Steps) table() markup.HTML {
	var xs []string
	seen := map[string]bool{}
	head := []string{"Date"}
	numeric := []bool{false}
	for _, p := range c.Panels {
		for _, s := range p.Series {
			head = append(head, s.Label+" ("+p.Unit.Name+")")
			numeric = append(numeric, true)
			pts, _ := s.points()
			for _, pt := range pts {
				if !seen[pt.X] {
					seen[pt.X] = true
					xs = append(xs, pt.X)
				}
			}
		}
	}
	sort.SliceStable(xs, func(i, j int) bool {
		mi, _ := chartMonth(xs[i])
		mj, _ := chartMonth(xs[j])
		return mi < mj
	})
	rows := make([][]string, len(xs))
	for i, x := range xs {
		row := []string{x}
		for _, p := range c.Panels {
			for _, s := range p.Series {
				cell := ""
				for _, pt := range s.Points {
					if pt.X == x {
						cell = p.Unit.chartFormat(pt.Y)
					}
				}
				row = append(row, cell)
			}
		}
		rows[i] = row
	}
	return chartTable(c.Title, head, rows, numeric)
}
