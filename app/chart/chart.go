// Package chart draws the app's charts as SVG, with no JS library: bars
// (Bars), stacked bars (Stack), step lines over months (Steps) with the
// events they mark, the economics sweep (Sweep), the exposure flow (Flow)
// and the delivery timeline (Timeline). Each renders as a Figure with its
// summary and its data as a table; every text goes through the markup
// writer, which escapes it.
package chart

import (
	"fmt"
	"math"
	"strings"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// Charts are SVG drawn by us, with no JS library. Each chart renders as a
// <figure>: a title and the basis of its figures, the SVG, a visible
// one-sentence summary and a "Show as table" <details> holding the same data
// as a native table (product-anchors §8).
//
// The SVG is built as one string and mounted with app.Raw: go-app v9 sets
// class through the className property, which SVG elements ignore, so
// app.Elem("svg") trees lose their classes in the browser. Raw markup goes
// through the HTML parser, which puts <svg> and its children in the SVG
// namespace, and prints unchanged in the prerendered page. Every text is
// escaped (see markup). There are no inline style attributes (the CSP's
// style-src 'self' blocks them): colours are presentation attributes that
// web/charts.css may override by class, and text uses currentColor so it
// follows the page's theme without the stylesheet.

// notDisclosed is shown for every unknown figure, never 0.
const notDisclosed = dataset.NotDisclosed

// Chart widths in SVG user units (= CSS pixels at full size; narrower
// screens scale the SVG down): bar and stacked charts fit two to a row on a
// laptop, time charts take the full width.
const (
	chartWidth     = 640
	chartWideWidth = 960
	// chartNarrowWidth is the width of every chart's phone layout, drawn
	// next to the wide one: a card narrower than the wide chart at 11 px
	// text shows it instead (web/charts.css, a container query), so chart
	// text never shrinks below 11 px.
	chartNarrowWidth = 340
)

// Unit formats the values of a chart and names their unit.
type Unit struct {
	// Name is the unit as read in a table header: "USD", "MW".
	Name   string
	Format func(float64) string
}

var (
	USD = Unit{Name: "USD", Format: dataset.Money}
	MW  = Unit{Name: "MW", Format: dataset.MW}
)

// chartFormat formats a possibly unknown value: "not disclosed" for nil.
func (u Unit) chartFormat(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return u.Format(*v)
}

// tick formats an axis tick: the unit's format without trailing zeros
// ($2.5B, $10B), since ticks are round numbers, not measured figures.
func (u Unit) tick(v float64) string {
	s := u.Format(v)
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := dot + 1
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	frac := strings.TrimRight(s[dot+1:end], "0")
	if frac == "" {
		return s[:dot] + s[end:]
	}
	return s[:dot+1] + frac + s[end:]
}

// chartColors are the fallback fills of the series classes, used when
// web/charts.css is not loaded; mid tones that read on light and dark pages.
var chartColors = map[string]string{
	"c-bar":              "#2563eb",
	"c-energized":        "#2563eb",
	"c-construction":     "#60a5fa",
	"c-pipeline":         "#94a3b8",
	"c-unstaged":         "#64748b",
	"c-contracted":       "#7c3aed",
	"c-contracted-other": "#a78bfa",
	"c-uncontracted":     "#d97706",
	"c-value":            "#0f766e",
	"c-mw":               "#7c3aed",
	"c-mw-other":         "#a78bfa",
	"c-ours":             "#2563eb",
	"c-theirs":           "#d97706",
}

func chartColor(class string) string {
	if c, ok := chartColors[class]; ok {
		return c
	}
	return "#64748b"
}

// Fill patterns, so that stages are not told apart by colour alone.
const (
	Solid = ""
	Hatch = "hatch"
	Dots  = "dots"
)

// chartNum formats an SVG coordinate.
func chartNum(v float64) string { return markup.Num(v, 1) }

// svgWriter builds a chart's SVG with the markup writer.
type svgWriter struct {
	markup.Writer
	// narrow is set for the phone layout: its ids get a suffix, so that it
	// and the wide layout can share a page.
	narrow bool
	// class is a class of the root <svg> besides chart-svg.
	class string
}

// pid is the prefix of the writer's pattern ids.
func (w *svgWriter) pid(id string) string {
	if w.narrow {
		return id + "-n"
	}
	return id
}

// begin writes the root <svg>: an image for assistive technology, labelled
// by the chart title and described by the visible summary next to it. Its
// inner text is therefore never read piecemeal.
func (w *svgWriter) begin(id, title string, width, height float64) {
	svgID := id + "-svg"
	if w.narrow {
		svgID = id + "-narrow-svg"
	}
	class := "chart-svg"
	if w.class != "" {
		class += " " + w.class
	}
	w.Open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", class, "id", svgID,
		"viewBox", "0 0 "+chartNum(width)+" "+chartNum(height), "width", chartNum(width), "height", chartNum(height),
		"role", "img", "aria-label", title, "aria-describedby", id+"-summary", "font-size", "12")
	w.Elem("title", title)
}

// finish closes the root <svg>.
func (w *svgWriter) finish() { w.Close("svg") }

// defs writes the fill patterns under ids prefixed with the chart id.
func (w *svgWriter) defs(id string) {
	id = w.pid(id)
	w.Open("defs")
	w.Open("pattern", "id", id+"-hatch", "patternUnits", "userSpaceOnUse", "width", "6", "height", "6", "patternTransform", "rotate(45)")
	w.Void("rect", "width", "2.5", "height", "6", "fill", "#ffffff", "fill-opacity", "0.6")
	w.Close("pattern")
	w.Open("pattern", "id", id+"-dots", "patternUnits", "userSpaceOnUse", "width", "5", "height", "5")
	w.Void("circle", "cx", "2.5", "cy", "2.5", "r", "1.2", "fill", "#ffffff", "fill-opacity", "0.75")
	w.Close("pattern")
	w.Close("defs")
}

// rect writes a filled rectangle of a series class, with its pattern laid
// over it and a tooltip.
func (w *svgWriter) rect(id string, x, y, width, height float64, class, pattern, tip string) {
	if width <= 0 || height <= 0 {
		return
	}
	w.Open("rect", "class", class, "x", chartNum(x), "y", chartNum(y), "width", chartNum(width), "height", chartNum(height), "fill", chartColor(class))
	if tip != "" {
		w.Elem("title", tip)
	}
	w.Close("rect")
	if pattern != Solid {
		w.Void("rect", "class", "chart-pattern", "x", chartNum(x), "y", chartNum(y), "width", chartNum(width), "height", chartNum(height),
			"fill", "url(#"+w.pid(id)+"-"+pattern+")", "pointer-events", "none")
	}
}

// text writes a label in the page's text colour. anchor is start, middle or
// end; attrs are more attributes.
func (w *svgWriter) text(x, y float64, anchor, class, s string, attrs ...string) {
	w.Elem("text", s, append([]string{"x", chartNum(x), "y", chartNum(y), "text-anchor", anchor, "class", class, "fill", "currentColor"}, attrs...)...)
}

// line writes a line from x1, y1 to x2, y2 of a class; attrs are its stroke.
func (w *svgWriter) line(class string, x1, y1, x2, y2 float64, attrs ...string) {
	w.Void("line", append([]string{"class", class, "x1", chartNum(x1), "y1", chartNum(y1), "x2", chartNum(x2), "y2", chartNum(y2)}, attrs...)...)
}

// group opens a <g> hidden from assistive technology (the summary and the
// table say what the drawing shows).
func (w *svgWriter) group() { w.Open("g", "aria-hidden", "true") }

// label writes a label cut to at most n runes; a cut label carries its
// full text as a tooltip.
func (w *svgWriter) label(x, y float64, anchor, class, s string, n int) {
	w.labelAs(x, y, anchor, class, s, clip(s, n))
}

// labelAs writes short for s, with s as its tooltip when they differ.
func (w *svgWriter) labelAs(x, y float64, anchor, class, s, short string) {
	if short == s {
		w.text(x, y, anchor, class, s)
		return
	}
	w.Open("text", "x", chartNum(x), "y", chartNum(y), "text-anchor", anchor, "class", class, "fill", "currentColor")
	w.Elem("title", s)
	w.Text(short)
	w.Close("text")
}

// legend writes one row of legend keys at y, starting at x; it returns the
// x after the last key.
func (w *svgWriter) legend(id string, x, y float64, keys []legendKey) float64 {
	for _, k := range keys {
		if k.line {
			w.line(k.class, x, y-4, x+18, y-4, "stroke", chartColor(k.class), "stroke-width", "2.5", "stroke-dasharray", dashArray(k.dashed))
		} else {
			w.rect(id, x, y-10, 12, 12, k.class, k.pattern, "")
		}
		w.text(x+22, y, "start", "chart-legend", k.label)
		x += 22 + textWidth(k.label) + 18
	}
	return x
}

// dashArray is the stroke-dasharray of a dashed line, "" (none) otherwise.
func dashArray(dashed bool) string {
	if dashed {
		return "6 4"
	}
	return ""
}

// legendWidth is the width legend takes to draw keys.
func legendWidth(keys []legendKey) float64 {
	w := 0.0
	for _, k := range keys {
		w += 22 + textWidth(k.label) + 18
	}
	return w
}

// legendKey is one key of a chart legend.
type legendKey struct {
	label, class, pattern string
	line, dashed          bool
}

// textWidth estimates the width of s at the chart's 12px font size.
func textWidth(s string) float64 {
	return float64(len([]rune(s))) * 6.6
}

// clip shortens s to at most n runes, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// clipAll cuts each label to n runes, so that two different labels never
// read the same: labels that would collide keep their start and their end
// ("Undisclosed…Forge 1)"), and any still equal get a number.
func clipAll(labels []string, n int) []string {
	out := make([]string, len(labels))
	count := map[string]int{}
	for i, l := range labels {
		out[i] = clip(l, n)
		count[out[i]]++
	}
	for i, l := range labels {
		if count[out[i]] > 1 && out[i] != l {
			out[i] = clipMiddle(l, n)
		}
	}
	seen := map[string]int{}
	for i := range out {
		seen[out[i]]++
		if k := seen[out[i]]; k > 1 && out[i] != labels[i] {
			out[i] = clip(out[i], n-3) + " " + fmt.Sprint(k)
		}
	}
	return out
}

// clipMiddle shortens s to n runes by cutting its middle.
func clipMiddle(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := (n - 1) / 2
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// niceTicks returns round tick values from 0 to at least max, about n of them.
func niceTicks(max float64, n int) []float64 {
	if max <= 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		return []float64{0}
	}
	raw := max / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := 0.0; ; v += step {
		out = append(out, v)
		if v >= max-step*1e-9 {
			break
		}
	}
	return out
}

// Figure is a chart's figure: the title and basis, the SVG (wide and,
// when given, narrow), the visible summary the SVG is described by, the
// data table (none when empty) and extra blocks (the events it marks).
func Figure(id, title, basis, summary string, svg, narrow, table markup.HTML, extra ...markup.HTML) markup.HTML {
	var m markup.Writer
	m.Open("figure", "id", id, "class", "chart")
	m.Open("figcaption", "class", "chart-caption")
	m.Elem("span", title, "class", "chart-title")
	if basis != "" {
		m.Elem("span", basis, "class", "chart-basis")
	}
	m.Close("figcaption")
	if svg != "" {
		// The wide layout's width names its container-query class
		// (web/charts.css); a chart without a phone layout scales down.
		class := "chart-body"
		if narrow != "" {
			wide := "640"
			if strings.Contains(string(svg), `viewBox="0 0 960 `) {
				wide = "960"
			}
			class += " chart-w" + wide
		}
		m.Open("div", "class", class)
		m.Open("div", "class", "chart-wide")
		m.Insert(svg)
		m.Close("div")
		if narrow != "" {
			m.Open("div", "class", "chart-narrow")
			m.Insert(narrow)
			m.Close("div")
		}
		m.Close("div")
	}
	m.Elem("p", summary, "id", id+"-summary", "class", "chart-summary")
	if table != "" {
		m.Open("details", "class", "chart-table")
		m.Elem("summary", "Show as table")
		m.Insert(table)
		m.Close("details")
	}
	for _, x := range extra {
		m.Insert(x)
	}
	m.Close("figure")
	return m.HTML()
}

// chartTable is the native table of a chart: a caption, column headers and
// one header cell per row (markup: see markup).
func chartTable(caption string, head []string, rows [][]string, numeric []bool) markup.HTML {
	num := func(i int) string {
		if i < len(numeric) && numeric[i] {
			return "num"
		}
		return ""
	}
	labels := make([]string, len(head))
	for i, h := range head {
		if labels[i] = h; num(i) != "" {
			labels[i] = "#" + h
		}
	}
	var m markup.Writer
	m.Table("data-table chart-data", caption)
	m.Head(labels...)
	for _, r := range rows {
		m.Open("tr")
		for j, v := range r {
			if j == 0 {
				m.Elem("th", v, "scope", "row")
			} else {
				m.Elem("td", v, "class", num(j))
			}
		}
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// chartMonth places a date on the month axis: months since year 0, with
// the day as a fraction. Year-only dates fall at the start of their year,
// as in dataset.MonthTotal. ok is false for an unusable date.
func chartMonth(d string) (float64, bool) {
	t, err := dataset.Date(d).Time()
	if err != nil {
		return 0, false
	}
	return float64(t.Year()*12+int(t.Month())-1) + float64(t.Day()-1)/31, true
}

var monthNames = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// monthLabel names a whole month index: "Mar 2025", or "2025" for January
// when years is set.
func monthLabel(m int, years bool) string {
	y, mo := m/12, m%12
	if years {
		return fmt.Sprint(y)
	}
	return fmt.Sprintf("%s %d", monthNames[mo], y)
}
