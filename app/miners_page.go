package app

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// minersPage is "/miners": the miners ranked by contracted critical-IT MW,
// or by any column (?sort=name, ?sort=-total…), and their capacity ladders.
type minersPage struct {
	app.Compo
	dataPage
	sort minerSort
	// grade keeps only the miners of one grade (?grade=primary), "" all.
	grade string
}

func (p *minersPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *minersPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.load(ctx); restoreScroll(ctx) }
func (p *minersPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *minersPage) OnInit() {
	if u := clientURL(); u != nil {
		p.refreshAt(u)
		p.sort = parseMinerSort(u.Query().Get("sort"))
		p.grade = parseMinerGrade(u.Query().Get("grade"))
	}
}

func (p *minersPage) load(ctx app.Context) {
	p.refreshAt(ctx.Page().URL())
	p.sort = parseMinerSort(ctx.Page().URL().Query().Get("sort"))
	p.grade = parseMinerGrade(ctx.Page().URL().Query().Get("grade"))
	setTitle(ctx, "Miners", "Bitcoin miners ranked by contracted AI/HPC capacity, with power by stage.")
}

// minerCol is a sortable column of the miners table.
type minerCol struct {
	key, label string
	num        bool
	sortValue  func(m *dataset.MinerRow) float64 // numbers
	sortText   func(m *dataset.MinerRow) string  // text
}

var minerCols = []minerCol{
	{key: "name", label: "Miner", sortText: func(m *dataset.MinerRow) string { return strings.ToLower(m.Name) }},
	{key: "ticker", label: "Ticker", sortText: func(m *dataset.MinerRow) string { return m.Ticker }},
	{key: "energized", label: "Energized", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.EnergizedMW) }},
	{key: "construction", label: "Construction", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.ConstructionMW) }},
	{key: "pipeline", label: "Pipeline", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.PipelineMW) }},
	{key: "total", label: "Total site MW", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.TotalMW) }},
	{key: "basis", label: "MW basis", sortText: func(m *dataset.MinerRow) string { return m.CapacityBasis }},
	{key: "contracted", label: "Contracted IT MW", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.ContractedMW) }},
	{key: "share", label: "Contracted share", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.ContractedShare) }},
	{key: "uncontracted", label: "Uncontracted MW", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.UncontractedMW) }},
	{key: "value", label: "Contracted value", num: true, sortValue: func(m *dataset.MinerRow) float64 { return val(m.ContractedValueUSD) }},
	{key: "deals", label: "Deals", num: true, sortValue: func(m *dataset.MinerRow) float64 { return float64(m.DealCount) }},
	{key: "tenants", label: "Tenants"},
	{key: "grade", label: "Grade", sortText: func(m *dataset.MinerRow) string { return m.Grade }},
}

// minerSort is the order of the miners table: a column key, descending or not.
type minerSort struct {
	key  string
	desc bool
}

var defaultMinerSort = minerSort{key: "contracted", desc: true}

// parseMinerSort reads ?sort=key or ?sort=-key; an unknown key gives the default.
func parseMinerSort(s string) minerSort {
	desc := strings.HasPrefix(s, "-")
	key := strings.TrimPrefix(s, "-")
	for _, c := range minerCols {
		if c.key == key && (c.sortValue != nil || c.sortText != nil) {
			return minerSort{key: key, desc: desc}
		}
	}
	return defaultMinerSort
}

func (s minerSort) param() string {
	if s.desc {
		return "-" + s.key
	}
	return s.key
}

// link returns the URL that sorts by c: numbers descending first, text
// ascending first; a second click reverses.
func (s minerSort) link(c minerCol) string {
	next := minerSort{key: c.key, desc: c.num}
	if s.key == c.key {
		next.desc = !s.desc
	}
	if next == defaultMinerSort {
		return href("/miners")
	}
	return href("/miners?sort=" + next.param())
}

// sortMiners orders rows by s, ties broken by name.
func sortMiners(rows []dataset.MinerRow, s minerSort) {
	var col minerCol
	for _, c := range minerCols {
		if c.key == s.key {
			col = c
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		var c int
		switch {
		case col.sortValue != nil:
			c = cmp.Compare(col.sortValue(a), col.sortValue(b))
		case col.sortText != nil:
			c = cmp.Compare(col.sortText(a), col.sortText(b))
		}
		if s.desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.Name, b.Name)) < 0
	})
}

func (p *minersPage) Render() app.UI {
	if p.snap == nil {
		return page("miners", loadingView(p.status))
	}
	rows := slices.Clone(p.snap.Miners)
	if p.grade != "" {
		rows = slices.DeleteFunc(rows, func(m dataset.MinerRow) bool { return m.Grade != p.grade })
	}
	sortMiners(rows, p.sort)
	byTotal := slices.Clone(p.snap.Miners)
	sortMiners(byTotal, minerSort{key: "total", desc: true})
	byTotal = byTotal[:min(12, len(byTotal))]
	sortLabel := p.sort.key
	for _, c := range minerCols {
		if c.key == p.sort.key {
			sortLabel = c.label
		}
	}
	dir := "ascending"
	if p.sort.desc {
		dir = "descending"
	}
	top := slices.Clone(p.snap.Miners)
	sortMiners(top, defaultMinerSort)
	var cmpIDs []string
	for _, m := range top[:min(3, len(top))] {
		cmpIDs = append(cmpIDs, m.ID)
	}
	return page("miners",
		app.Elem("h1").Text("Miners"),
		app.Elem("p").ID("result-count").Aria("live", "polite").Text(fmt.Sprintf("%d miners, sorted by %s (%s).", len(rows), sortLabel, dir)),
		app.Elem("p").Body(app.Elem("a").ID("compare-link").Attr("href", compareHref(cmpIDs)).Text("Compare miners side by side →")),
		&embedDialog{View: "/embed/capacity"},
		minerGradeFilter(p.snap.Miners, p.grade),
		p.table(rows),
		app.Elem("p").Class("muted").Text("Capacity sums each miner's sites by stage in the sites' MW basis (gross or critical IT; \"mixed\" when its sites differ). Contracted MW counts binding capacity deals in critical IT; the share divides it by the total site MW. Uncontracted = total site MW less all contracted MW, floored at 0."),
		app.Elem("section").Aria("labelledby", "h-ladders").Body(
			app.Elem("h2").ID("h-ladders").Text("Capacity by stage"),
			ladderChart("chart-ladders", "Site capacity by stage, the 12 largest miners",
				"sum of each miner's sites, in its sites' MW basis (see the table)", p.snap, byTotal).UI(),
		),
	)
}

// table is the miners table (markup: see markup) with sortable headers:
// links, with aria-sort on the sorted column only and the arrow hidden from
// screen readers.
func (p *minersPage) table(rows []dataset.MinerRow) app.UI {
	var w markup
	w.table("data-table miners-table", "Miners with their site capacity by stage and their contracted AI/HPC capacity; select a column header to sort", "class", "visually-hidden")
	w.open("thead")
	w.open("tr")
	for _, c := range minerCols {
		class, sort, glyph := "", "", ""
		if c.num {
			class = "num"
		}
		if p.sort.key == c.key {
			sort, glyph = "ascending", " ▲"
			if p.sort.desc {
				sort, glyph = "descending", " ▼"
			}
		}
		w.open("th", "scope", "col", "class", class, "aria-sort", sort)
		if c.sortValue == nil && c.sortText == nil {
			w.text(c.label)
		} else {
			w.open("a", "href", p.sort.link(c), "data-sort", c.key, "data-key", "sort:"+c.key)
			w.text(c.label)
			if glyph != "" {
				w.elem("span", glyph, "aria-hidden", "true")
			}
			w.close("a")
		}
		w.close("th")
	}
	w.close("tr")
	w.close("thead")
	w.open("tbody")
	for i := range rows {
		m := &rows[i]
		st := minerStages(p.snap, m)
		basis := basisLabel(m.CapacityBasis)
		if m.CapacityBasis == "" {
			basis = notDisclosed
		}
		w.open("tr", "data-miner", m.ID)
		w.open("th", "scope", "row")
		w.link("/miners/"+m.ID, m.Name)
		w.close("th")
		w.elem("td", m.Ticker)
		for _, v := range []*float64{st[0], st[1], st[2], m.TotalMW} {
			if v == nil {
				w.open("td", "class", "num")
				w.elem("span", notDisclosed, "class", "nd")
				w.close("td")
				continue
			}
			w.elem("td", mwF(*v), "class", "num")
		}
		w.elem("td", basis)
		w.open("td", "class", "num")
		w.text(contractedMW(m.ContractedMW, m.ContractedDealCount))
		if m.ContractedUnspecifiedMW != nil {
			w.elem("span", " +"+mw(m.ContractedUnspecifiedMW)+" gross/unspecified", "class", "basis-tag")
		}
		w.close("td")
		for _, v := range []string{pct(m.ContractedShare), mw(m.UncontractedMW), contractedMoney(m.ContractedValueUSD, m.ContractedDealCount), strconv.Itoa(m.DealCount)} {
			if v == notDisclosed {
				w.open("td", "class", "num")
				w.elem("span", v, "class", "nd")
				w.close("td")
				continue
			}
			w.elem("td", v, "class", "num")
		}
		w.elem("td", tenantList(m.Tenants), "class", "tenants", "title", joinNames(m.Tenants))
		w.elem("td", m.Grade, "class", "grade grade-"+m.Grade, "title", gradeLabel(m.Grade)+" · checked on "+string(m.Verified))
		w.close("tr")
	}
	w.end()
	return w.UI()
}

// tenantList names up to three tenants, each shortened, and says how many
// more there are; the cell's title has them all.
func tenantList(names []string) string {
	short := make([]string, len(names))
	for i, n := range names {
		short[i] = clip(dataset.ShortName(n), 32)
	}
	return joinMax(short, 3)
}

// joinMax joins up to n names and says how many more there are.
func joinMax(names []string, n int) string {
	if len(names) <= n {
		return joinNames(names)
	}
	return fmt.Sprintf("%s +%d", joinNames(names[:n]), len(names)-n)
}

func joinNames(names []string) string {
	return strings.Join(names, ", ")
}
