package app

import (
	"cmp"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"powerbrokers/app/chart"
	"powerbrokers/app/economics"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// Every chart a page shows can be downloaded as an image of exactly its
// view: GET /api/v1/charts/{name}.svg or .png with the page's query. The
// server builds the chart with the functions below, the same ones the page
// renders, and draws the title, units, basis, data date, source line and
// licence around it.

// ChartExport is a chart as a view shows it, for export: the chart's wide
// SVG and what an exported image states around it.
type ChartExport struct {
	chart.Image
	// AsOf is the date of the data drawn: the as_of date, else the data's
	// latest check.
	AsOf string
	// Page is the address of the view that shows the chart (path and query).
	Page string
}

// chartSpec is one exportable chart.
type chartSpec struct {
	// page is the app path of the view showing the chart; a trailing "/"
	// takes the miner parameter as its last segment ("/miners/").
	page string
	// params are the parameters the chart reads besides as_of; kind, when
	// set, takes the parameters of that kind's list query instead.
	params []string
	kind   string
	build  func(s *dataset.Snapshot, v url.Values) (chart.Image, error)
}

// chartSpecs are the exportable charts by name.
var chartSpecs = map[string]chartSpec{
	"capacity":   {page: "/", build: overviewChart(func(st dataset.Stats) chart.Image { return capacityByBasisChart(st.Headline).Image() })},
	"contracted": {page: "/", build: overviewChart(func(st dataset.Stats) chart.Image { return overviewContractedChart(st.Headline).Image() })},
	"cumulative": {page: "/", build: func(s *dataset.Snapshot, _ url.Values) (chart.Image, error) {
		return overviewCumulativeChart(s, s.Stats()).Image(), nil
	}},
	"tenants": {page: "/", build: overviewChart(func(st dataset.Stats) chart.Image { return tenantChart(st).Image() })},
	"types":   {page: "/", build: overviewChart(func(st dataset.Stats) chart.Image { return typeChart(st).Image() })},
	"miners": {page: "/miners", kind: dataset.KindMiners, build: func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		q, err := dataset.ParseQuery(dataset.KindMiners, v)
		if err != nil {
			return chart.Image{}, err
		}
		return minersLadderChart(s.MatchMiners(q)).Image(), nil
	}},
	"miner-capacity": {page: "/miners/", params: []string{"miner"}, build: minerChart(func(_ *dataset.Snapshot, m *dataset.MinerRow) (chart.Image, bool) {
		return minerLadderChart(m).Image(), true
	})},
	"miner-contracted": {page: "/miners/", params: []string{"miner"}, build: minerChart(func(_ *dataset.Snapshot, m *dataset.MinerRow) (chart.Image, bool) {
		return minerContractedChart(m).Image(), hasContractedChart(m)
	})},
	"miner-history": {page: "/miners/", params: []string{"miner"}, build: minerChart(func(s *dataset.Snapshot, m *dataset.MinerRow) (chart.Image, bool) {
		series, _ := s.CapacitySeries(m.ID)
		if len(series) == 0 {
			return chart.Image{}, false
		}
		return historyChart(series).Image(), true
	})},
	"timeline": {page: "/timeline", params: []string{"miner", "tenant", "iso", "stage", "due"}, build: func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		f, err := dataset.ParseTimelineFilter(v)
		if err != nil {
			return chart.Image{}, err
		}
		return timelineImage(timelineChartID, s.Timeline(timelineDayOf(v), f)), nil
	}},
	"exposure": {page: "/exposure", params: []string{"miner"}, build: func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		return exposureImage(exposureChartID, exposureOf(s, exposureQuery(v))), nil
	}},
	"deals-over-time": {page: "/embed/timeline", kind: dataset.KindDeals, build: func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		q, err := dataset.ParseQuery(dataset.KindDeals, v)
		if err != nil {
			return chart.Image{}, err
		}
		return timelineChart(s, q).Image(), nil
	}},
	"recon-value": {page: "/", build: reconChart(0)},
	"recon-mw":    {page: "/", build: reconChart(1)},
	"compare-capacity": {page: "/compare", params: []string{"m"}, build: compareChart(func(rows []dataset.MinerRow) chart.Image {
		return compareLadderChart(rows).Image()
	})},
	"compare-contracted": {page: "/compare", params: []string{"m"}, build: compareChart(func(rows []dataset.MinerRow) chart.Image {
		return compareContractChart(rows).Image()
	})},
	"economics-hashprice": {page: "/economics", params: economics.ParamNames(), build: economicsChart(0)},
	"economics-power":     {page: "/economics", params: economics.ParamNames(), build: economicsChart(1)},
}

// ChartNames lists the exportable charts, sorted.
func ChartNames() []string {
	names := make([]string, 0, len(chartSpecs))
	for n := range chartSpecs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ChartParams lists the parameters a chart reads (besides as_of, which all
// take); kind is set instead for a chart that takes a list query of it.
func ChartParams(name string) (params []string, kind string) {
	sp := chartSpecs[name]
	return sp.params, sp.kind
}

// ExportChart builds the named chart of s for the view query v. An unknown
// chart is ENOTFOUND; a parameter the chart does not take, or one it cannot
// read, is EINVALID naming it.
func ExportChart(s *dataset.Snapshot, name string, v url.Values) (ChartExport, error) {
	sp, ok := chartSpecs[name]
	if !ok {
		return ChartExport{}, dataset.Errorf(dataset.ENOTFOUND, "no chart %q; charts: %s", name, strings.Join(ChartNames(), ", "))
	}
	at, err := chartAsOf(v)
	if err != nil {
		return ChartExport{}, err
	}
	if sp.kind == "" {
		for k := range v {
			if k != paramAsOf && !slices.Contains(sp.params, k) {
				return ChartExport{}, dataset.ParamErrorf(k, "not a parameter of the %s chart; it takes %s", name, strings.Join(append(slices.Clone(sp.params), paramAsOf), ", "))
			}
		}
	}
	s = s.AsOf(at) // the view shows the dataset as it stood at as_of
	img, err := sp.build(s, v)
	if err != nil {
		return ChartExport{}, err
	}
	date := string(at)
	if date == "" {
		date = string(s.Stats().AsOf)
	}
	return ChartExport{Image: img, AsOf: date, Page: chartPage(sp, v)}, nil
}

// chartAsOf reads as_of, given at most once.
func chartAsOf(v url.Values) (dataset.Date, error) {
	vals := v[paramAsOf]
	if len(vals) > 1 {
		return "", dataset.ParamErrorf(paramAsOf, "given %d times; give it once", len(vals))
	}
	if len(vals) == 0 {
		return "", nil
	}
	return dataset.ParseAsOf(vals[0])
}

// chartPage is the view address of a chart's query.
func chartPage(sp chartSpec, v url.Values) string {
	path, rest := sp.page, url.Values{}
	for k, vs := range v {
		rest[k] = vs
	}
	if strings.HasSuffix(path, "/") && path != "/" {
		path += rest.Get("miner")
		delete(rest, "miner")
	}
	return ui.WithQuery(path, rest)
}

// ChartHref is the address of a chart's image (ext "svg" or "png") for the
// view query v.
func ChartHref(name, ext string, v url.Values) string {
	return apiURL("/api/v1/charts/"+name+"."+ext) + queryString(v)
}

// chartLinks are a chart card's download links for the view query v: plain
// links to the server's images, which need a connection (the app says so
// rather than offer a download that fails offline). The PNG is 1200 px
// wide and as tall as the chart needs (a tall chart would be unreadable in
// the default 1200 × 630 of a link preview).
func chartLinks(name string, v url.Values) chart.LinksFunc {
	return func(svg markup.HTML) markup.HTML { return chartLinksFor(name, v, svg) }
}

func chartLinksFor(name string, v url.Values, svg markup.HTML) markup.HTML {
	png := url.Values{}
	for k, vs := range v {
		png[k] = vs
	}
	if h := chartPNGHeight(svg); h > 630 {
		png.Set("w", "1200")
		png.Set("h", strconv.Itoa(h))
	}
	var m markup.Writer
	m.Open("p", "class", "chart-downloads")
	m.Elem("a", "Download SVG", "href", ChartHref(name, "svg", v), "download", name+".svg", "class", "chart-download", "data-chart", name, "data-format", "svg")
	m.Elem("a", "Download PNG", "href", ChartHref(name, "png", png), "download", name+".png", "class", "chart-download", "data-chart", name, "data-format", "png")
	m.Elem("span", "images come from the server: online only", "class", "chart-downloads-note muted")
	m.Close("p")
	return m.HTML()
}

// chartViewBox reads the size of a chart's SVG.
var chartViewBox = regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`)

// chartPNGHeight is the height of a 1200 px wide PNG that shows the chart
// at its own proportions under the image's title and above its source
// lines (about 200 px; at most 2400 in all).
func chartPNGHeight(svg markup.HTML) int {
	m := chartViewBox.FindStringSubmatch(string(svg))
	if m == nil {
		return 0
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	if w <= 0 {
		return 0
	}
	return min(2400, int(math.Ceil(200+h*min(1152/w, 1.35))))
}

// overviewChart builds an overview chart from the snapshot's stats.
func overviewChart(f func(dataset.Stats) chart.Image) func(*dataset.Snapshot, url.Values) (chart.Image, error) {
	return func(s *dataset.Snapshot, _ url.Values) (chart.Image, error) { return f(s.Stats()), nil }
}

// minerChart builds a chart of the miner named by ?miner=; ok false means
// the miner page shows no such chart.
func minerChart(f func(*dataset.Snapshot, *dataset.MinerRow) (chart.Image, bool)) func(*dataset.Snapshot, url.Values) (chart.Image, error) {
	return func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		id := strings.TrimSpace(v.Get("miner"))
		if id == "" {
			return chart.Image{}, dataset.ParamErrorf("miner", "required: the id of a miner")
		}
		m, err := s.Miner(id)
		if err != nil {
			return chart.Image{}, dataset.Errorf(dataset.ENOTFOUND, "no miner %q", id)
		}
		img, ok := f(s, m)
		if !ok {
			return chart.Image{}, dataset.Errorf(dataset.ENOTFOUND, "the page of %s shows no such chart: nothing on record to draw", m.Name)
		}
		// The page's heading names the miner; the image must on its own.
		img.Title = m.Name + ": " + img.Title
		return img, nil
	}
}

// reconChart builds chart i (0 value, 1 MW) of the overview's
// reconciliation with the published aggregate.
func reconChart(i int) func(*dataset.Snapshot, url.Values) (chart.Image, error) {
	return func(s *dataset.Snapshot, _ url.Values) (chart.Image, error) {
		r, err := s.Reconcile(bernsteinAggregate)
		if err != nil {
			return chart.Image{}, dataset.Errorf(dataset.ENOTFOUND, "no published aggregate to reconcile with at this date")
		}
		value, mw := reconCharts(&r)
		return []chart.Bars{value, mw}[i].Image(), nil
	}
}

// compareChart builds a compare chart of the miners ?m= names (as the
// compare view reads them); a miner it does not know is an error here,
// where the view leaves it out and says so.
func compareChart(f func([]dataset.MinerRow) chart.Image) func(*dataset.Snapshot, url.Values) (chart.Image, error) {
	return func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		ids, unknown := parseCompare(v, s)
		if len(unknown) > 0 {
			return chart.Image{}, dataset.ParamErrorf("m", "no miner %s", strings.Join(unknown, ", "))
		}
		if len(ids) == 0 {
			return chart.Image{}, dataset.ParamErrorf("m", "required: the ids of the miners to compare, comma-separated")
		}
		return f(compareRows(s, ids)), nil
	}
}

// economicsChart builds sweep i (0 hashprice, 1 power price) of the
// scenario the query sets.
func economicsChart(i int) func(*dataset.Snapshot, url.Values) (chart.Image, error) {
	return func(s *dataset.Snapshot, v url.Values) (chart.Image, error) {
		sc := economics.NewScenario(s, v)
		for _, name := range economics.ParamNames() {
			if msg, bad := sc.Errs[name]; bad {
				return chart.Image{}, dataset.ParamErrorf(name, "%s", msg)
			}
		}
		if !sc.OK() {
			return chart.Image{}, dataset.Errorf(dataset.EINVALID, "the scenario is invalid: no sensitivity chart")
		}
		hash, power := economics.Charts(sc)
		img := []chart.Sweep{hash, power}[i].Image()
		// The image has no form above it: its source line links the view.
		img.Basis = strings.Replace(img.Basis, "other inputs as above", "other inputs as in the view linked below", 1)
		return img, nil
	}
}

// minersLadderChart is the miners view's ladder: the 12 largest of the
// matched miners by total MW.
func minersLadderChart(matched []dataset.MinerRow) chart.Stack {
	byTotal := slices.Clone(matched)
	slices.SortStableFunc(byTotal, func(a, b dataset.MinerRow) int {
		return cmp.Compare(val(b.TotalMW), val(a.TotalMW))
	})
	byTotal = byTotal[:min(12, len(byTotal))]
	return ladderChart("chart-ladders", "Site capacity by stage, the 12 largest miners shown",
		"sum of each miner's sites, in its sites' MW basis (see the table)", byTotal)
}

// minerLadderChart is a miner's site capacity by stage.
func minerLadderChart(m *dataset.MinerRow) chart.Stack {
	capBasis := "sites, " + basisLabel(m.CapacityBasis)
	if m.CapacityBasis == "" {
		capBasis = "no site gives MW"
	}
	return chart.Stack{ID: "chart-ladder", Title: "Site capacity by stage", Unit: chart.MW, Basis: capBasis,
		Segments: stageSegments, Rows: []chart.Row{{Values: minerStages(m)}}}
}

// hasContractedChart says whether a miner's page draws its contracted
// chart: not for a miner with neither contracts nor site MW on record.
func hasContractedChart(m *dataset.MinerRow) bool {
	return m.ContractedDealCount > 0 || m.UncontractedMW != nil
}

// minerContractedChart is a miner's contracted and uncontracted MW.
func minerContractedChart(m *dataset.MinerRow) chart.Stack {
	return contractedChart("chart-contracted", m.Name, "Contracted vs uncontracted", m.ContractedMW, m.ContractedUnspecifiedMW, m.UncontractedMW,
		"share of the site capacity under binding capacity deals")
}

// overviewContractedChart is the overview's contracted chart.
func overviewContractedChart(h dataset.StatsHeadline) chart.Stack {
	return contractedChart("chart-contracted", "", "Contracted vs uncontracted site capacity",
		h.ContractedITMW, h.ContractedUnspecifiedMW, h.UncontractedMW,
		"all miners; contracted = binding capacity deals, uncontracted = site MW less contracted, per miner")
}

// overviewCumulativeChart is the overview's time chart with its events.
func overviewCumulativeChart(s *dataset.Snapshot, st dataset.Stats) chart.Steps {
	c := cumulativeChart(st)
	c.Events = chart.Events(s, "")
	return c
}

// exposureOf is the exposure the exposure view shows: all, or one miner's.
func exposureOf(s *dataset.Snapshot, miner string) dataset.Exposure {
	e := s.Exposure()
	if miner != "" {
		e = e.ForMiner(miner)
	}
	return e
}

// timelineDayOf is the day a timeline query is judged on.
func timelineDayOf(v url.Values) dataset.Date {
	return timelineDay(&url.URL{RawQuery: v.Encode()})
}
