package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

func f64(v float64) *float64 { return &v }

// requireWellFormed parses svg as XML: the HTML parser is lenient, but a
// chart that is well-formed XML is sure to have the structure we wrote.
func requireWellFormed[S ~string](t *testing.T, svg S) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		require.NoError(t, err, "svg is not well-formed:\n%s", svg)
	}
}

func count[S ~string](s S, sub string) int { return strings.Count(string(s), sub) }

func countRe[S ~string](s S, re string) int {
	return len(regexp.MustCompile(re).FindAllStringIndex(string(s), -1))
}

func TestBarChartEmpty(t *testing.T) {
	c := Bars{ID: "b", Title: "Value by tenant", Unit: USD, Noun: "tenants"}
	assert.Empty(t, c.SVG())
	out := app.HTMLString(c.UI())
	assert.Contains(t, out, "No data to chart: there are no tenants yet.")
	assert.Contains(t, out, "Value by tenant")
	assert.NotContains(t, out, "<svg")
	assert.NotContains(t, out, "Show as table")
}

func TestBarChartOneBar(t *testing.T) {
	c := Bars{ID: "b", Title: "Value", Unit: USD, Noun: "tenants",
		Bars: []Bar{{Label: "Microsoft", Value: f64(9.7e9)}}}
	svg := c.SVG()
	requireWellFormed(t, svg)
	assert.Equal(t, 1, count(svg, `<rect class="c-bar"`), svg)
	assert.Contains(t, svg, `role="img"`)
	assert.Contains(t, svg, `aria-label="Value"`)
	assert.Contains(t, svg, `aria-describedby="b-summary"`)
	assert.Contains(t, svg, ">$9.70B</text>")
	assert.NotContains(t, svg, "NaN")
	assert.Equal(t, "1 tenants; the largest is Microsoft at $9.70B.", c.summary())

	out := app.HTMLString(c.UI())
	assert.Contains(t, out, `id="b-summary"`)
	assert.Contains(t, out, "Show as table")
	assert.Regexp(t, `<th scope="row">Microsoft</th>\s*<td class="num">\$9.70B</td>`, out)
}

func TestBarChartNilValues(t *testing.T) {
	c := Bars{ID: "b", Title: "Value", Unit: USD, Noun: "tenants", Bars: []Bar{
		{Label: "A", Value: f64(2e9)}, {Label: "B", Value: nil}, {Label: "C", Value: f64(3e9)},
	}}
	svg := c.SVG()
	requireWellFormed(t, svg)
	assert.Equal(t, 2, count(svg, `<rect class="c-bar"`), "a nil value draws no bar")
	assert.Contains(t, svg, ">not disclosed</text>")
	assert.Equal(t, "3 tenants; the largest is C at $3.00B, then A at $2.00B. 1 not disclosed.", c.summary())
	assert.Regexp(t, `<th scope="row">B</th>\s*<td class="num">not disclosed</td>`, app.HTMLString(c.UI()))

	none := Bars{ID: "n", Title: "Value", Unit: USD, Noun: "tenants", Bars: []Bar{{Label: "A"}}}
	requireWellFormed(t, none.SVG())
	assert.Equal(t, "1 tenants, none with a disclosed figure.", none.summary())
	assert.NotContains(t, none.SVG(), "NaN")
}

func TestChartEscapesText(t *testing.T) {
	c := Bars{ID: "x\"y", Title: `A <b> & "c"`, Unit: MW,
		Bars: []Bar{{Label: `<script>alert(1)</script>`, Value: f64(10)}}}
	svg := c.SVG()
	requireWellFormed(t, svg)
	assert.NotContains(t, svg, "<script>")
	assert.NotContains(t, svg, "<b>")
	assert.Contains(t, svg, "&lt;script&gt;")
}

func TestStackChartStates(t *testing.T) {
	empty := Stack{ID: "s", Title: "Ladder", Unit: MW, Segments: testStages, Noun: "miners"}
	assert.Empty(t, empty.SVG())
	assert.Contains(t, app.HTMLString(empty.UI()), "No data to chart: there are no miners yet.")

	one := Stack{ID: "s", Title: "Ladder", Unit: MW, Segments: testStages,
		Rows: []Row{{Values: []*float64{f64(750), nil, f64(600)}, Note: "gross"}}}
	svg := one.SVG()
	requireWellFormed(t, svg)
	// Bars carry a tooltip; legend keys do not.
	assert.Equal(t, 1, countRe(svg, `<rect class="c-energized"[^>]*><title>`))
	assert.Equal(t, 0, countRe(svg, `<rect class="c-construction"[^>]*><title>`), "a nil stage draws nothing")
	assert.Equal(t, 1, countRe(svg, `<rect class="c-pipeline"[^>]*><title>`))
	assert.Contains(t, svg, `fill="url(#s-dots)"`, "stages differ by pattern, not colour alone")
	assert.Contains(t, svg, "Under construction not disclosed")
	assert.Contains(t, svg, ">1,350 MW</text>")
	assert.Equal(t, "Energized 750 MW · Under construction not disclosed · Pipeline 600 MW · gross: 1,350 MW in all.", one.summary())

	allNil := Stack{ID: "s", Title: "Ladder", Unit: MW, Segments: testStages,
		Rows: []Row{{Label: "Hive", Values: []*float64{nil, nil, nil}}}}
	svg = allNil.SVG()
	requireWellFormed(t, svg)
	assert.Zero(t, countRe(svg, `<rect class="c-[a-z]+"[^>]*><title>`))
	assert.Contains(t, svg, ">not disclosed</text>")
	assert.NotContains(t, svg, "NaN")
	assert.Contains(t, allNil.summary(), "no figure disclosed")
	assert.Regexp(t, `<th scope="row">Hive</th>(\s*<td class="num">not disclosed</td>){4}`, app.HTMLString(allNil.UI()))

	many := Stack{ID: "m", Title: "Ladder", Unit: MW, Segments: testStages, Noun: "miners", Rows: []Row{
		{Label: "IREN", Values: []*float64{f64(2150), nil, f64(600)}},
		{Label: "Hive", Values: []*float64{nil, nil, nil}},
		{Label: "Cipher", Values: []*float64{f64(477), f64(300), nil}},
	}}
	requireWellFormed(t, many.SVG())
	assert.Equal(t, "3 miners; the largest total is IREN at 2,750 MW (Energized 2,150 MW · Under construction not disclosed · Pipeline 600 MW). 1 with no figure disclosed.", many.summary())
}

func TestStepChartStates(t *testing.T) {
	panel := func(pts ...Point) []Panel {
		return []Panel{{Label: "Value", Unit: USD, Series: []Series{{Label: "Cumulative", Class: "c-value", Points: pts}}}}
	}
	empty := Steps{ID: "e", Title: "Over time", Panels: panel()}
	assert.Empty(t, empty.SVG())
	assert.Contains(t, app.HTMLString(empty.UI()), "No data to chart")

	bad := Steps{ID: "e", Title: "Over time", Panels: panel(Point{X: "soon", Y: f64(1)})}
	assert.Empty(t, bad.SVG(), "an unusable date is not plotted")

	one := Steps{ID: "o", Title: "Over time", Panels: panel(Point{X: "2025-11", Y: f64(9.7e9)})}
	svg := one.SVG()
	requireWellFormed(t, svg)
	assert.NotContains(t, svg, "NaN")
	assert.Equal(t, 1, count(svg, "<circle"))
	assert.Contains(t, svg, `class="chart-line c-value"`)
	assert.Contains(t, svg, ">Nov 2025</text>", "a single point still gets a month tick")
	assert.Equal(t, "Cumulative: $9.70B at 2025-11.", one.summary())

	gaps := Steps{ID: "g", Title: "Over time", End: "2026-06-29", Panels: panel(
		Point{X: "2024", Y: f64(1e9)}, Point{X: "2025-03", Y: nil}, Point{X: "2025-11", Y: f64(3e9)},
	)}
	svg = gaps.SVG()
	requireWellFormed(t, svg)
	d := regexp.MustCompile(`class="chart-line c-value" d="([^"]+)"`).FindStringSubmatch(string(svg))
	require.Len(t, d, 2, svg)
	assert.Equal(t, 2, count(d[1], "M"), "a nil value breaks the line: %s", d[1])
	assert.NotContains(t, svg, "chart-area", "no area under a broken line")
	assert.Equal(t, 2, count(svg, "<circle"))
	assert.Contains(t, svg, ">2025</text>")
	out := app.HTMLString(gaps.UI())
	assert.Regexp(t, `<th scope="row">2025-03</th>\s*<td class="num">not disclosed</td>`, out)
	assert.Contains(t, gaps.summary(), "from $1.00B at 2024 to $3.00B at 2025-11")
}

func TestNiceTicks(t *testing.T) {
	assert.Equal(t, []float64{0}, niceTicks(0, 4))
	assert.Equal(t, []float64{0}, niceTicks(-3, 4))
	assert.Equal(t, []float64{0, 2.5e9, 5e9, 7.5e9, 10e9}, niceTicks(9.7e9, 4))
	assert.Equal(t, []float64{0, 1000, 2000, 3000}, niceTicks(2750, 4))
	assert.Equal(t, []float64{0, 0.25, 0.5, 0.75, 1}, niceTicks(1, 4))
}

func TestMonthTicks(t *testing.T) {
	lo, _ := chartMonth("2021-06")
	hi, _ := chartMonth("2026-06")
	var labels []string
	for _, m := range monthTicks(lo, hi) {
		labels = append(labels, m.label)
	}
	assert.Equal(t, []string{"2022", "2023", "2024", "2025", "2026"}, labels)

	lo, _ = chartMonth("2025-01")
	hi, _ = chartMonth("2025-06")
	labels = nil
	for _, m := range monthTicks(lo, hi) {
		labels = append(labels, m.label)
	}
	assert.Equal(t, []string{"Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025"}, labels)
}

func TestChartLabelsStayDistinctAndCarryTheirFullText(t *testing.T) {
	labels := []string{"Undisclosed IG hyperscaler (Polaris Forge 2)", "Undisclosed IG hyperscaler (Delta Forge 1)", "Microsoft"}
	short := clipAll(labels, 18)
	assert.Len(t, short, 3)
	assert.NotEqual(t, short[0], short[1], "two bars, two labels")
	assert.Equal(t, "Microsoft", short[2])
	for _, s := range short {
		assert.LessOrEqual(t, len([]rune(s)), 18)
	}
	c := Bars{ID: "b", Title: "Value", Unit: USD, Bars: []Bar{
		{Label: labels[0], Value: f64(2e9)}, {Label: labels[1], Value: f64(1e9)},
	}}
	svg := c.Narrow()
	requireWellFormed(t, svg)
	assert.Contains(t, svg, "<title>"+labels[0]+"</title>", "a cut label has its full text as a tooltip")
	assert.Contains(t, svg, `id="b-narrow-svg"`)
	assert.Contains(t, svg, `viewBox="0 0 340 `)
}

func TestSweepChart(t *testing.T) {
	assert.Equal(t, []float64{-500000, 0, 500000, 1e6, 1.5e6, 2e6, 2.5e6}, rangeTicks(-333000, 2.2e6, 5))
	assert.Equal(t, 125.0, NiceMax(125))
	assert.Equal(t, 150.0, NiceMax(126))
	in := dataset.DefaultEconomicsInputs()
	pts, err := dataset.MiningMarginSweep(in, 0, 150, 11)
	require.NoError(t, err)
	be := 100.0
	c := Sweep{ID: "t", Title: "T <&>", XLabel: "x", XFormat: func(v float64) string { return markup.Num(v, 0) }, YFormat: dataset.Money,
		Points: pts, Current: 29, BreakEven: &be}
	svg := c.SVG()
	assert.Contains(t, svg, "T &lt;&amp;&gt;", "text is escaped")
	assert.Contains(t, svg, "Break-even 100")
	assert.Contains(t, svg, `class="econ-current"`)
	mid := interpolate(pts, 29)
	r, _ := dataset.Economics(func() dataset.EconomicsInputs { in.HashpriceUSDPerPHDay = 29; return in }())
	assert.InDelta(t, r.Mining.MarginUSD, mid.MiningMarginUSD, 1e-6)
}

// testStages are the capacity stages of the app's charts.
var testStages = []Segment{
	{Label: "Energized", Class: "c-energized", Pattern: Solid},
	{Label: "Under construction", Class: "c-construction", Pattern: Hatch},
	{Label: "Pipeline", Class: "c-pipeline", Pattern: Dots},
	{Label: "Stage not disclosed", Class: "c-unstaged", Pattern: Hatch, Optional: true},
}

// The exposure flow's phone layout lists each miner's chains with every
// name whole (wrapped, or cut with the chain's tooltip), the value of each
// chain written out or "not disclosed" (never 0), at 12-unit text in a
// 340-unit drawing, which a 390 px phone shows at 11 px or more.
func TestFlowNarrow(t *testing.T) {
	assert.Empty(t, FlowNarrow("x", dataset.Exposure{}))
	long := "Undisclosed high-IG U.S. hyperscaler (Applied Digital, Delta Forge 1 / Polaris Forge 3 / Delta Forge 2)"
	chain := func(m, tenant, endUser, guarantor string, v *float64, undisclosed int) dataset.ExposureChain {
		c := dataset.ExposureChain{Miner: strings.ToLower(m), MinerName: m, Tenant: strings.ToLower(tenant), TenantName: tenant,
			EndUser: strings.ToLower(endUser), EndUserName: endUser, Guarantor: strings.ToLower(guarantor), GuarantorName: guarantor}
		c.ValueUSD, c.ValueUndisclosed, c.Deals = v, undisclosed, []string{"d"}
		return c
	}
	e := dataset.Exposure{
		Miners: []dataset.MinerExposure{
			{Miner: "terawulf", MinerName: "TeraWulf", ValueUSD: f64(16.2e9)},
			{Miner: "hive", MinerName: "HIVE <Digital>"},
		},
		Chains: []dataset.ExposureChain{
			chain("TeraWulf", "Fluidstack", "Anthropic", "Google", f64(16.2e9), 1),
			chain("TeraWulf", long, long, "", f64(5e9), 0),
			chain("HIVE <Digital>", "Bell Canada", "Cohere", "", nil, 1),
			chain("Riot", strings.Repeat("W", 400), strings.Repeat("W", 400), "", nil, 1),
		},
	}
	svg := FlowNarrow("chart-exposure", e)
	requireWellFormed(t, svg)
	assert.Contains(t, svg, `class="chart-svg exposure-narrow" id="chart-exposure-narrow-svg"`)
	assert.Contains(t, svg, `aria-describedby="chart-exposure-summary"`, "described by the figure's summary")
	assert.Contains(t, svg, `viewBox="0 0 340 `)
	assert.Contains(t, svg, `font-size="12"`)
	assert.NotRegexp(t, `font-size="([0-9]|10)(\.[0-9]+)?"`, string(svg), "no text under 11 units")
	assert.NotContains(t, svg, "scale(", "the drawing is not shrunk")
	text := svgText(t, svg)
	for _, name := range []string{"TeraWulf", "Fluidstack", "Anthropic", "Google", "Bell Canada", "Cohere", "HIVE <Digital>", "Riot"} {
		assert.Contains(t, text, name)
	}
	assert.Contains(t, strings.Join(strings.Fields(text), " "), long, "a long name wraps whole")
	assert.Contains(t, text, "$16.2B\nand 1 deal not disclosed\n", "a full bar's note goes under it")
	assert.Equal(t, 4, strings.Count(text, "\n"+notDisclosed+"\n"), "the totals and chains of HIVE and Riot")
	assert.Contains(t, text, "$5.00B")
	assert.NotContains(t, text, "$0")
	assert.Contains(t, svg, "<title>Riot → "+strings.Repeat("W", 400)+": not disclosed", "a cut name is whole in its tooltip")
	assert.Contains(t, text, "W…")
	assert.Contains(t, svg, "HIVE &lt;Digital&gt;", "names are escaped")
	// The miner comes before its chains, the larger miner first.
	assert.Less(t, strings.Index(text, "TeraWulf"), strings.Index(text, "Fluidstack"))
	assert.Less(t, strings.Index(text, "Fluidstack"), strings.Index(text, "HIVE"))
	// Colours are the wide drawing's: a key per layer, a bar per disclosed value.
	for _, L := range exposureLayers {
		assert.Contains(t, svg, `fill="`+exposureColor(L.key)+`"`, L.key)
	}
	assert.Equal(t, 3, count(svg, `class="exposure-bar `), "TeraWulf's total and its two disclosed chains")
	// Every line stays inside the drawing: at 7 units a character, 7.7 in
	// bold and 8.4 for bold figures (as wide as the widest fallback font at
	// 12 px), no line of text passes the right edge.
	for _, line := range svgLines(t, svg) {
		charW := map[string]float64{"chart-panel-title": 7.7, "chart-value": 8.4}[line.class]
		if charW == 0 {
			charW = 7
		}
		assert.LessOrEqual(t, line.x+charW*float64(len([]rune(line.text))), 340.0, "%q", line.text)
	}
	one := FlowNarrow("one", dataset.Exposure{Chains: e.Chains[:1]})
	for _, line := range svgLines(t, one) {
		if line.class == "chart-value" {
			assert.LessOrEqual(t, line.x+8.4*float64(len([]rune(line.text))), 340.0, "the longest bar leaves room for its value %q", line.text)
		}
	}
}

// svgLine is one <text> of a drawing: where it starts and what it says.
type svgLine struct {
	x           float64
	class, text string
}

// svgLines reads the drawing's <text> elements, their tspans included.
func svgLines(t *testing.T, svg markup.HTML) []svgLine {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	var out []svgLine
	depth, inTitle := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			switch {
			case tk.Name.Local == "title":
				inTitle = true
			case tk.Name.Local == "text":
				depth++
				l := svgLine{}
				for _, a := range tk.Attr {
					switch a.Name.Local {
					case "x":
						_, err := fmt.Sscan(a.Value, &l.x)
						require.NoError(t, err)
					case "class":
						l.class = a.Value
					}
				}
				out = append(out, l)
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "title":
				inTitle = false
			case "text":
				depth--
			}
		case xml.CharData:
			if depth > 0 && !inTitle {
				out[len(out)-1].text += string(tk)
			}
		}
	}
}

// svgText is the text the drawing shows, line after line.
func svgText(t *testing.T, svg markup.HTML) string {
	var b strings.Builder
	for _, l := range svgLines(t, svg) {
		b.WriteString(l.text + "\n")
	}
	return b.String()
}
