package app

import (
	"encoding/xml"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
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
	c := barChart{ID: "b", Title: "Value by tenant", Unit: unitUSD, Noun: "tenants"}
	assert.Empty(t, c.SVG())
	out := app.HTMLString(c.UI())
	assert.Contains(t, out, "No data to chart: there are no tenants yet.")
	assert.Contains(t, out, "Value by tenant")
	assert.NotContains(t, out, "<svg")
	assert.NotContains(t, out, "Show as table")
}

func TestBarChartOneBar(t *testing.T) {
	c := barChart{ID: "b", Title: "Value", Unit: unitUSD, Noun: "tenants",
		Bars: []chartBar{{Label: "Microsoft", Value: f64(9.7e9)}}}
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
	c := barChart{ID: "b", Title: "Value", Unit: unitUSD, Noun: "tenants", Bars: []chartBar{
		{Label: "A", Value: f64(2e9)}, {Label: "B", Value: nil}, {Label: "C", Value: f64(3e9)},
	}}
	svg := c.SVG()
	requireWellFormed(t, svg)
	assert.Equal(t, 2, count(svg, `<rect class="c-bar"`), "a nil value draws no bar")
	assert.Contains(t, svg, ">not disclosed</text>")
	assert.Equal(t, "3 tenants; the largest is C at $3.00B, then A at $2.00B. 1 not disclosed.", c.summary())
	assert.Regexp(t, `<th scope="row">B</th>\s*<td class="num">not disclosed</td>`, app.HTMLString(c.UI()))

	none := barChart{ID: "n", Title: "Value", Unit: unitUSD, Noun: "tenants", Bars: []chartBar{{Label: "A"}}}
	requireWellFormed(t, none.SVG())
	assert.Equal(t, "1 tenants, none with a disclosed figure.", none.summary())
	assert.NotContains(t, none.SVG(), "NaN")
}

func TestChartEscapesText(t *testing.T) {
	c := barChart{ID: "x\"y", Title: `A <b> & "c"`, Unit: unitMW,
		Bars: []chartBar{{Label: `<script>alert(1)</script>`, Value: f64(10)}}}
	svg := c.SVG()
	requireWellFormed(t, svg)
	assert.NotContains(t, svg, "<script>")
	assert.NotContains(t, svg, "<b>")
	assert.Contains(t, svg, "&lt;script&gt;")
}

func TestStackChartStates(t *testing.T) {
	empty := stackChart{ID: "s", Title: "Ladder", Unit: unitMW, Segments: stageSegments, Noun: "miners"}
	assert.Empty(t, empty.SVG())
	assert.Contains(t, app.HTMLString(empty.UI()), "No data to chart: there are no miners yet.")

	one := stackChart{ID: "s", Title: "Ladder", Unit: unitMW, Segments: stageSegments,
		Rows: []stackRow{{Values: []*float64{f64(750), nil, f64(600)}, Note: "gross"}}}
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

	allNil := stackChart{ID: "s", Title: "Ladder", Unit: unitMW, Segments: stageSegments,
		Rows: []stackRow{{Label: "Hive", Values: []*float64{nil, nil, nil}}}}
	svg = allNil.SVG()
	requireWellFormed(t, svg)
	assert.Zero(t, countRe(svg, `<rect class="c-[a-z]+"[^>]*><title>`))
	assert.Contains(t, svg, ">not disclosed</text>")
	assert.NotContains(t, svg, "NaN")
	assert.Contains(t, allNil.summary(), "no figure disclosed")
	assert.Regexp(t, `<th scope="row">Hive</th>(\s*<td class="num">not disclosed</td>){4}`, app.HTMLString(allNil.UI()))

	many := stackChart{ID: "m", Title: "Ladder", Unit: unitMW, Segments: stageSegments, Noun: "miners", Rows: []stackRow{
		{Label: "IREN", Values: []*float64{f64(2150), nil, f64(600)}},
		{Label: "Hive", Values: []*float64{nil, nil, nil}},
		{Label: "Cipher", Values: []*float64{f64(477), f64(300), nil}},
	}}
	requireWellFormed(t, many.SVG())
	assert.Equal(t, "3 miners; the largest total is IREN at 2,750 MW (Energized 2,150 MW · Under construction not disclosed · Pipeline 600 MW). 1 with no figure disclosed.", many.summary())
}

func TestStepChartStates(t *testing.T) {
	panel := func(pts ...chartPoint) []stepPanel {
		return []stepPanel{{Label: "Value", Unit: unitUSD, Series: []chartSeries{{Label: "Cumulative", Class: "c-value", Points: pts}}}}
	}
	empty := stepChart{ID: "e", Title: "Over time", Panels: panel()}
	assert.Empty(t, empty.SVG())
	assert.Contains(t, app.HTMLString(empty.UI()), "No data to chart")

	bad := stepChart{ID: "e", Title: "Over time", Panels: panel(chartPoint{X: "soon", Y: f64(1)})}
	assert.Empty(t, bad.SVG(), "an unusable date is not plotted")

	one := stepChart{ID: "o", Title: "Over time", Panels: panel(chartPoint{X: "2025-11", Y: f64(9.7e9)})}
	svg := one.SVG()
	requireWellFormed(t, svg)
	assert.NotContains(t, svg, "NaN")
	assert.Equal(t, 1, count(svg, "<circle"))
	assert.Contains(t, svg, `class="chart-line c-value"`)
	assert.Contains(t, svg, ">Nov 2025</text>", "a single point still gets a month tick")
	assert.Equal(t, "Cumulative: $9.70B at 2025-11.", one.summary())

	gaps := stepChart{ID: "g", Title: "Over time", End: "2026-06-29", Panels: panel(
		chartPoint{X: "2024", Y: f64(1e9)}, chartPoint{X: "2025-03", Y: nil}, chartPoint{X: "2025-11", Y: f64(3e9)},
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

// withSeed makes the pages prerender the real seed, as the server does.
func withSeed(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	prev := serverSource
	serverSource = func() *dataset.Snapshot { return snap }
	t.Cleanup(func() { serverSource = prev })
	return snap
}

// prerender mounts a page the way the server does at path and returns its HTML.
func prerender(t *testing.T, compo app.Composer, path string) string {
	t.Helper()
	disp := app.NewServerTester(compo)
	defer disp.Close()
	u, err := url.Parse("https://test.go-app.dev" + path)
	require.NoError(t, err)
	disp.(interface{ Nav(*url.URL) }).Nav(u)
	disp.Consume()
	out := app.HTMLString(compo)
	// go-app prints a false boolean attribute as ="false", which HTML reads as true.
	assert.NotRegexp(t, falseBoolAttr, out, path)
	return out
}

func TestOverviewPrerender(t *testing.T) {
	snap := withSeed(t)
	out := prerender(t, &overviewPage{}, "/")
	assert.Contains(t, out, `id="headline"`)
	for _, id := range []string{"chart-capacity", "chart-contracted", "chart-cumulative", "chart-tenants", "chart-types", "chart-recon-value"} {
		assert.Contains(t, out, `id="`+id+`-svg"`, id)
		assert.Contains(t, out, `id="`+id+`-summary"`, id)
	}
	assert.Contains(t, out, "Reconciliation with Bernstein")
	r, err := snap.Reconcile(bernsteinAggregate)
	require.NoError(t, err)
	for _, sc := range r.Scopes {
		assert.Contains(t, out, `data-scope="`+sc.ID+`"`, "a row for every scope")
	}
	assert.Contains(t, out, `href="/deals/`+r.Scopes[1].Deals[0]+`"`, "scopes link their deals")
	assert.Contains(t, out, `id="freshness-checked"`)
	assert.Contains(t, out, `id="overdue"`)
	assert.Contains(t, out, `id="changes"`, "the server prerenders what changed too")
	assert.NotContains(t, out, "NaN")
}

func TestMinersPrerenderSort(t *testing.T) {
	withSeed(t)
	out := prerender(t, &minersPage{}, "/miners")
	assert.Regexp(t, `aria-sort="descending"[^>]*>\s*<a [^>]*data-key="sort:contracted_mw"`, out)
	assert.Equal(t, 1, count(out, "aria-sort="), "aria-sort on the sorted column only")

	out = prerender(t, &minersPage{}, "/miners?sort=name")
	assert.Regexp(t, `aria-sort="ascending"[^>]*>\s*<a [^>]*data-key="sort:name"`, out)
	rows := regexp.MustCompile(`data-miner="([a-z0-9-]+)"`).FindAllStringSubmatch(out, -1)
	require.NotEmpty(t, rows)
	assert.Equal(t, "american-bitcoin", rows[0][1], "sorted by name")
	assert.Contains(t, out, `href="/miners?sort=-name"`, "a second click reverses")
}

func TestMinerPrerender(t *testing.T) {
	withSeed(t)
	out := prerender(t, &minerPage{}, "/miners/iren")
	assert.Contains(t, out, `id="miner-name"`)
	assert.Contains(t, out, `id="capacity"`)
	assert.Contains(t, out, `id="chart-ladder-svg"`)
	assert.Contains(t, out, `id="chart-history-svg"`)
	assert.Contains(t, out, "deals-table")
	assert.Contains(t, out, `href="/compare?m=iren"`)
	assert.Contains(t, prerender(t, &minerPage{}, "/miners/terawulf"), "EH/s")

	out = prerender(t, &minerPage{}, "/miners/bitdeer")
	assert.Contains(t, out, "No dated capacity disclosure on record")
}

func TestComparePrerender(t *testing.T) {
	withSeed(t)
	out := prerender(t, &comparePage{}, "/compare?m=iren,cipher,hut8,nope")
	heads := regexp.MustCompile(`<th [^>]*data-miner="([a-z0-9-]+)"`).FindAllStringSubmatch(out, -1)
	require.Len(t, heads, 3)
	assert.Equal(t, "iren", heads[0][1])
	assert.Contains(t, out, "No miner named nope")
	assert.Contains(t, out, `id="chart-compare-ladder-svg"`)
	boxes := regexp.MustCompile(`<input [^>]*>`).FindAllString(out, -1)
	require.NotEmpty(t, boxes)
	for _, b := range boxes {
		// go-app prints Checked(false) as checked="false", which HTML reads as checked.
		assert.NotRegexp(t, falseBoolAttr, b)
		on := strings.Contains(b, " checked")
		assert.Equal(t, strings.Contains(b, `"pick-iren"`) || strings.Contains(b, `"pick-cipher"`) || strings.Contains(b, `"pick-hut8"`), on, b)
	}

	ids, unknown := parseCompare(url.Values{"m": {"a,b", "b", "c,d,e"}}, nil)
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids, "deduplicated, at most four")
	assert.Empty(t, unknown)
}

func TestRateRange(t *testing.T) {
	assert.Equal(t, notDisclosed, rateRange(nil))
	d := func(v float64, typ string) dataset.DealRow {
		return dataset.DealRow{Deal: dataset.Deal{Type: typ}, USDPerMWYear: &v}
	}
	assert.Equal(t, "$1.50M/MW-yr (1 deal: colocation)", rateRange([]dataset.DealRow{d(1.5e6, "colocation"), {}}))
	assert.Equal(t, "$1.40M/MW-yr to $10.0M/MW-yr (2 deals: cloud-services, colocation)",
		rateRange([]dataset.DealRow{d(10e6, "cloud-services"), d(1.4e6, "colocation")}))
}

// falseBoolAttr matches a boolean HTML attribute printed as ="false"
// (aria-* and data-* values may legitimately be "false").
var falseBoolAttr = regexp.MustCompile(`\s(checked|disabled|selected|hidden|readonly|required|multiple|open)="false"`)

func TestChartLabelsStayDistinctAndCarryTheirFullText(t *testing.T) {
	labels := []string{"Undisclosed IG hyperscaler (Polaris Forge 2)", "Undisclosed IG hyperscaler (Delta Forge 1)", "Microsoft"}
	short := clipAll(labels, 18)
	assert.Len(t, short, 3)
	assert.NotEqual(t, short[0], short[1], "two bars, two labels")
	assert.Equal(t, "Microsoft", short[2])
	for _, s := range short {
		assert.LessOrEqual(t, len([]rune(s)), 18)
	}
	c := barChart{ID: "b", Title: "Value", Unit: unitUSD, Bars: []chartBar{
		{Label: labels[0], Value: fptr(2e9)}, {Label: labels[1], Value: fptr(1e9)},
	}}
	svg := c.Narrow()
	requireWellFormed(t, svg)
	assert.Contains(t, svg, "<title>"+labels[0]+"</title>", "a cut label has its full text as a tooltip")
	assert.Contains(t, svg, `id="b-narrow-svg"`)
	assert.Contains(t, svg, `viewBox="0 0 340 `)
}
