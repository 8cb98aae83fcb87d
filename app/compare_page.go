package app

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// maxCompare is how many miners the compare view shows side by side.
const maxCompare = 4

// comparePage is "/compare?m=iren,cipher,hut8": two to four miners side by
// side. The picker is a GET form (it works before the WASM starts); in the
// browser each tick updates the view and replaces the URL in place, so the
// focus stays on the checkbox and the URL can be copied at any time.
type comparePage struct {
	app.Compo
	dataPage
	ids     []string // the miners shown, in URL order
	unknown []string // ids in the URL that name no miner
	extra   []string // URL parameters the page does not use
	url     *url.URL
}

func (p *comparePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *comparePage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *comparePage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *comparePage) load(ctx app.Context) {
	p.refreshAt(ctx.Page().URL())
	p.url = ctx.Page().URL()
	p.ids, p.unknown = parseCompare(ctx.Page().URL().Query(), p.snap)
	p.extra = unknownParams(ctx.Page().URL().Query(), "m")
	setTitle(ctx, "Compare miners", "Bitcoin miners side by side: capacity by stage, contracted MW and value, deals, tenants and $/MW-yr.")
	if len(p.ids) > 0 {
		setPreview(ctx, "compare-capacity", p.chartQuery())
	}
}

// parseCompare reads ?m=a,b,c (or repeated m=, as the form sends them):
// known ids, deduplicated, at most maxCompare, and the unknown ones.
func parseCompare(q url.Values, snap *dataset.Snapshot) (ids, unknown []string) {
	for _, v := range q["m"] {
		for _, id := range splitComma(strings.ToLower(v)) {
			switch {
			case slices.Contains(ids, id) || slices.Contains(unknown, id):
			case snap != nil && !known(snap, id):
				unknown = append(unknown, id)
			case len(ids) < maxCompare:
				ids = append(ids, id)
			}
		}
	}
	return ids, unknown
}

func known(snap *dataset.Snapshot, id string) bool {
	_, err := snap.Miner(id)
	return err == nil
}

// compareHref is the URL of the compare view of the given miners.
func compareHref(ids []string) string {
	if len(ids) == 0 {
		return ui.Href("/compare")
	}
	return ui.Href("/compare?m=" + strings.Join(ids, ","))
}

// onToggle adds or removes a miner and replaces the URL in place.
func (p *comparePage) onToggle(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if i := slices.Index(p.ids, id); i >= 0 {
			p.ids = slices.Delete(slices.Clone(p.ids), i, i+1)
		} else if len(p.ids) < maxCompare {
			p.ids = append(slices.Clone(p.ids), id)
		}
		p.unknown = nil
		u := *ctx.Page().URL()
		u.RawQuery = ""
		if len(p.ids) > 0 {
			u.RawQuery = "m=" + strings.Join(p.ids, ",")
		}
		ctx.Page().ReplaceURL(&u)
	}
}

// onSubmit keeps the form from reloading the page: the view is already current.
func (p *comparePage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
}

func (p *comparePage) Render() app.UI {
	if p.snap == nil {
		return page("compare", loadingView(p.status))
	}
	rows := compareRows(p.snap, p.ids)
	var hint string
	switch {
	case len(rows) == 0:
		hint = "Pick two to four miners to compare."
	case len(rows) == 1:
		hint = "Pick one to three more miners to compare with " + rows[0].Name + "."
	default:
		ns := names(rows)
		hint = fmt.Sprintf("Comparing %d miners: %s and %s.", len(rows), joinNames(ns[:len(ns)-1]), ns[len(ns)-1])
	}
	return page("compare",
		app.Elem("h1").Text("Compare miners"),
		unknownParamsNote(p.extra),
		app.If(len(p.unknown) > 0, app.Elem("p").Class("banner banner-offline").Role("alert").
			Text("No miner named "+strings.Join(p.unknown, ", ")+"; it was left out.")),
		p.picker(),
		app.Elem("p").ID("compare-status").Aria("live", "polite").Text(hint),
		app.If(len(rows) > 0, p.table(rows)),
		app.If(len(rows) > 0, compareCharts(rows, p.chartQuery())),
	)
}

func names(rows []dataset.MinerRow) []string {
	out := make([]string, len(rows))
	for i, m := range rows {
		out[i] = m.Name
	}
	return out
}

// picker is the miner chooser: one checkbox per miner, the unticked ones
// disabled once maxCompare are ticked.
func (p *comparePage) picker() app.UI {
	miners := slices.Clone(p.snap.Miners)
	slices.SortFunc(miners, func(a, b dataset.MinerRow) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	full := len(p.ids) >= maxCompare
	return app.Elem("form").ID("compare-picker").Class("compare-picker").Attr("method", "get").Attr("action", ui.Href("/compare")).OnSubmit(p.onSubmit).Body(
		app.Elem("fieldset").Body(
			app.Elem("legend").Text(fmt.Sprintf("Miners to compare (two to four; %d chosen)", len(p.ids))),
			app.Elem("ul").Body(app.Range(miners).Slice(func(i int) app.UI {
				m := miners[i]
				on := slices.Contains(p.ids, m.ID)
				box := app.ElemSelfClosing("input").Attr("type", "checkbox").Attr("name", "m").Attr("value", m.ID).ID("pick-"+m.ID).DataSet("miner", m.ID).
					OnChange(p.onToggle(m.ID))
				// Set only when true: go-app v9 prerenders Checked(false) as
				// checked="false", which HTML reads as checked.
				if on {
					box = box.Attr("checked", true)
				}
				if full && !on {
					box = box.Attr("disabled", true)
				}
				return app.Elem("li").Body(app.Elem("label").Body(box, app.Text(" "+m.Name)))
			})),
		),
		app.Elem("noscript").Body(app.Elem("button").Attr("type", "submit").Class("primary").Text("Compare")),
	)
}

// rateRange is the $/MW-yr range of the deals whose rate is known, with
// their types: GPU cloud rates include the GPUs and do not compare with leases.
func rateRange(deals []dataset.DealRow) string {
	var lo, hi *float64
	var types []string
	n := 0
	for _, d := range deals {
		r := d.USDPerMWYear
		if r == nil {
			continue
		}
		n++
		if !slices.Contains(types, d.Type) {
			types = append(types, d.Type)
		}
		if lo == nil || *r < *lo {
			lo = r
		}
		if hi == nil || *r > *hi {
			hi = r
		}
	}
	if n == 0 {
		return notDisclosed
	}
	what := fmt.Sprintf(" (%s: %s)", plural(n, "deal", "deals"), strings.Join(types, ", "))
	if *lo == *hi {
		return rate(lo) + what
	}
	return rate(lo) + " to " + rate(hi) + what
}

// table is the comparison: one column per miner, one row per figure of the
// miners' columns (as on a miner's page), and the $/MW-yr range of each
// miner's deals (markup: see markup).
func (p *comparePage) table(rows []dataset.MinerRow) app.UI {
	kind := dataset.KindMiners
	var m markup.Writer
	m.Open("div", "class", "table-wrap compare-wrap")
	m.Open("table", "id", "compare-table", "class", "data-table compare-table")
	m.Elem("caption", "The chosen miners side by side, one column each", "class", "visually-hidden")
	m.Open("thead")
	m.Open("tr")
	m.Elem("th", "Metric", "scope", "col")
	for i := range rows {
		m.Open("th", "scope", "col", "data-miner", rows[i].ID)
		m.Link(ui.Href(dataset.RecordPath(kind, rows[i].ID)), rows[i].Name)
		m.Close("th")
	}
	m.Close("tr")
	m.Close("thead")
	m.Open("tbody")
	for _, c := range figureColumns(kind) {
		m.Open("tr", "data-col", c.Name)
		m.Elem("th", c.Label, "scope", "row", "title", c.Description)
		for i := range rows {
			cell(&m, kind, rows[i].ID, c, &rows[i], false)
		}
		m.Close("tr")
	}
	m.Open("tr")
	m.Elem("th", "$/MW-yr of its deals", "scope", "row")
	for i := range rows {
		m.Elem("td", rateRange(p.snap.MinerDeals(rows[i].ID)))
	}
	m.Close("tr")
	m.End()
	return m.UI()
}

// compareRows are the rows of the miners shown, in URL order.
func compareRows(s *dataset.Snapshot, ids []string) []dataset.MinerRow {
	rows := make([]dataset.MinerRow, 0, len(ids))
	for _, id := range ids {
		if m, err := s.Miner(id); err == nil {
			rows = append(rows, *m)
		}
	}
	return rows
}

// compareLadderChart is the miners' capacity by stage, side by side.
func compareLadderChart(rows []dataset.MinerRow) chart.Stack {
	return ladderChart("chart-compare-ladder", "Site capacity by stage", "sum of each miner's sites, in its sites' MW basis", rows)
}

// compareCharts are the compare view's two charts with their download
// links, side by side (markup: see markup).
func compareCharts(rows []dataset.MinerRow, view url.Values) app.UI {
	ladder, contracted := compareLadderChart(rows), compareContractChart(rows)
	ladder.Links, contracted.Links = chartLinks("compare-capacity", view), chartLinks("compare-contracted", view)
	var m markup.Writer
	m.Open("div", "class", "chart-grid")
	m.Insert(ladder.HTML())
	m.Insert(contracted.HTML())
	m.Close("div")
	return m.HTML().UI()
}

// chartQuery is the query of the compare charts' images: the miners shown
// and as_of.
func (p *comparePage) chartQuery() url.Values {
	v := asOfQuery(p.url)
	v.Set("m", strings.Join(p.ids, ","))
	return v
}

// compareContractChart splits each miner's capacity into contracted and uncontracted.
func compareContractChart(rows []dataset.MinerRow) chart.Stack {
	srows := make([]chart.Row, len(rows))
	for i, m := range rows {
		srows[i] = chart.Row{Label: m.Name, Values: []*float64{m.ContractedMW, m.ContractedUnspecifiedMW, m.UncontractedMW},
			Note: pct(m.ContractedShare) + " contracted"}
	}
	return chart.Stack{ID: "chart-compare-contracted", Title: "Contracted vs uncontracted", Unit: chart.MW, Noun: "miners",
		Basis:    "binding capacity deals against each miner's site MW",
		Segments: contractSegments, Rows: srows, NoteHead: "Contracted share"}
}
