package app

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

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
}

func (p *comparePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *comparePage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *comparePage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *comparePage) load(ctx app.Context) {
	p.refreshAt(ctx.Page().URL())
	p.ids, p.unknown = parseCompare(ctx.Page().URL().Query(), p.snap)
	setTitle(ctx, "Compare miners", "Bitcoin miners side by side: capacity by stage, contracted MW and value, deals, tenants and $/MW-yr.")
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
		return href("/compare")
	}
	return href("/compare?m=" + strings.Join(ids, ","))
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
	rows := make([]dataset.MinerRow, 0, len(p.ids))
	for _, id := range p.ids {
		if m, err := p.snap.Miner(id); err == nil {
			rows = append(rows, *m)
		}
	}
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
		app.If(len(p.unknown) > 0, app.Elem("p").Class("banner banner-offline").Role("alert").
			Text("No miner named "+strings.Join(p.unknown, ", ")+"; it was left out.")),
		p.picker(),
		app.Elem("p").ID("compare-status").Aria("live", "polite").Text(hint),
		app.If(len(rows) > 0, p.table(rows)),
		app.If(len(rows) > 0, app.Elem("div").Class("chart-grid").Body(
			ladderChart("chart-compare-ladder", "Site capacity by stage", "sum of each miner's sites, in its sites' MW basis", p.snap, rows).UI(),
			compareContractChart(rows).UI(),
		)),
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
	sortMiners(miners, minerSort{key: "name"})
	full := len(p.ids) >= maxCompare
	return app.Elem("form").ID("compare-picker").Class("compare-picker").Attr("method", "get").Attr("action", href("/compare")).OnSubmit(p.onSubmit).Body(
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

// compareMetric is one row of the comparison table.
type compareMetric struct {
	label string
	num   bool
	value func(m *dataset.MinerRow) string
}

func (p *comparePage) metrics() []compareMetric {
	stage := func(i int) func(m *dataset.MinerRow) string {
		return func(m *dataset.MinerRow) string { return mw(minerStages(p.snap, m)[i]) }
	}
	return []compareMetric{
		{"Ticker", false, func(m *dataset.MinerRow) string { return strings.Trim(m.Exchange+": "+m.Ticker, ": ") }},
		{"Status", false, func(m *dataset.MinerRow) string { return m.Status }},
		{"Energized", true, stage(0)},
		{"Under construction", true, stage(1)},
		{"Pipeline", true, stage(2)},
		{"Stage not disclosed", true, stage(3)},
		{"Total site MW", true, func(m *dataset.MinerRow) string { return mw(m.TotalMW) }},
		{"MW basis of the sites", false, func(m *dataset.MinerRow) string {
			if m.CapacityBasis == "" {
				return notDisclosed
			}
			return basisLabel(m.CapacityBasis)
		}},
		{"Contracted critical-IT MW", true, func(m *dataset.MinerRow) string {
			s := contractedMW(m.ContractedMW, m.ContractedDealCount)
			if m.ContractedUnspecifiedMW != nil {
				s += " (+" + mw(m.ContractedUnspecifiedMW) + " gross or unspecified)"
			}
			return s
		}},
		{"Contracted share of site MW", true, func(m *dataset.MinerRow) string { return pct(m.ContractedShare) }},
		{"Uncontracted MW", true, func(m *dataset.MinerRow) string { return mw(m.UncontractedMW) }},
		{"Contracted value (initial terms)", true, func(m *dataset.MinerRow) string { return contractedMoney(m.ContractedValueUSD, m.ContractedDealCount) }},
		{"Deals on record", true, func(m *dataset.MinerRow) string {
			n := 0
			for _, d := range p.snap.MinerDeals(m.ID) {
				if d.IsContracted {
					n++
				}
			}
			return fmt.Sprintf("%d (%d binding capacity deals)", m.DealCount, n)
		}},
		{"Tenants", false, func(m *dataset.MinerRow) string {
			if len(m.Tenants) == 0 {
				return "none on record"
			}
			return joinNames(m.Tenants)
		}},
		{"$/MW-yr of its deals", true, func(m *dataset.MinerRow) string { return rateRange(p.snap.MinerDeals(m.ID)) }},
		{"Hashrate", true, func(m *dataset.MinerRow) string {
			h := m.Hashrate
			if h == nil || h.EHs == nil {
				return notDisclosed
			}
			s := trim(*h.EHs, 2) + " EH/s"
			if h.Basis != "" {
				s += " " + h.Basis
			}
			if h.AsOf != "" {
				s += ", as of " + string(h.AsOf)
			}
			return s
		}},
		{"Record confidence", false, func(m *dataset.MinerRow) string { return m.Confidence }},
	}
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

// table is the comparison: one column per miner, one row per metric.
func (p *comparePage) table(rows []dataset.MinerRow) app.UI {
	ms := p.metrics()
	return app.Elem("div").Class("table-wrap compare-wrap").Body(app.Elem("table").ID("compare-table").Class("data-table compare-table").Body(
		app.Elem("caption").Class("visually-hidden").Text("The chosen miners side by side, one column each"),
		app.Elem("thead").Body(app.Elem("tr").Body(
			app.Elem("th").Attr("scope", "col").Text("Metric"),
			app.Range(rows).Slice(func(i int) app.UI {
				m := rows[i]
				return app.Elem("th").Attr("scope", "col").DataSet("miner", m.ID).Body(app.Elem("a").Attr("href", href("/miners/"+m.ID)).Text(m.Name))
			}),
		)),
		app.Elem("tbody").Body(app.Range(ms).Slice(func(i int) app.UI {
			mt := ms[i]
			return app.Elem("tr").Body(
				app.Elem("th").Attr("scope", "row").Text(mt.label),
				app.Range(rows).Slice(func(j int) app.UI {
					return app.Elem("td").Text(mt.value(&rows[j]))
				}),
			)
		})),
	))
}

// compareContractChart splits each miner's capacity into contracted and uncontracted.
func compareContractChart(rows []dataset.MinerRow) stackChart {
	srows := make([]stackRow, len(rows))
	for i, m := range rows {
		srows[i] = stackRow{Label: m.Name, Values: []*float64{m.ContractedMW, m.ContractedUnspecifiedMW, m.UncontractedMW},
			Note: pct(m.ContractedShare) + " contracted"}
	}
	return stackChart{ID: "chart-compare-contracted", Title: "Contracted vs uncontracted", Unit: unitMW, Noun: "miners",
		Basis:    "binding capacity deals against each miner's site MW",
		Segments: contractSegments, Rows: srows, NoteHead: "Contracted share"}
}
