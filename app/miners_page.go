package app

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/embed"
	"powerbrokers/dataset"
)

// minersPage is "/miners": the miners explorer (see explorer), ranked by
// contracted critical-IT MW unless the URL sorts otherwise, with the
// capacity ladders of the largest miners that match.
type minersPage struct {
	app.Compo
	dataPage
	explorer
	matched []dataset.MinerRow
}

func (p *minersPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *minersPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.nav(ctx, p.load); restoreScroll(ctx) }
func (p *minersPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *minersPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *minersPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Miners", "Bitcoin miners ranked by contracted AI/HPC capacity, with power by stage.")
	setPreview(ctx, "miners", p.state.v)
}

func (p *minersPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.explorer = explorer{kind: dataset.KindMiners, path: "/miners", hint: "name, ticker, tenant, strategy…",
		facets: []string{"status", "grade", "country", "exchange", "capacity_basis", "tenants"},
		ranges: []rangeInput{
			{"total_mw_gte", "Total MW at least", "MW"},
			{"contracted_mw_gte", "Contracted MW at least", "MW"},
			{"contracted_share_gte", "Contracted share at least", "0 to 1, e.g. 0.25"},
			{"contracted_value_usd_gte", "Contracted value at least", "USD, e.g. 1e9"},
		}}
	p.setup(p.snap, u.Query())
	p.matched = nil
	if p.snap != nil {
		p.matched = p.snap.MatchMiners(p.q)
	}
}

func (p *minersPage) Render() app.UI {
	if p.snap == nil {
		return page("miners", loadingView(p.status))
	}
	// The compare link starts with the three miners at the top of the view.
	var cmpIDs []string
	for _, m := range p.matched[:min(3, len(p.matched))] {
		cmpIDs = append(cmpIDs, m.ID)
	}
	ladder := minersLadderChart(p.matched)
	ladder.Links = chartLinks("miners", p.state.v)
	return page("miners",
		app.Elem("h1").Text("Miners"),
		viewError(p.qerr, "miners"),
		app.Elem("p").Body(app.Elem("a").ID("compare-link").Attr("href", compareHref(cmpIDs)).Text("Compare miners side by side →")),
		app.Elem("div").Class("explorer").Body(
			p.side(),
			app.Elem("div").Class("explorer-main").Body(
				p.toolbar(&embed.Dialog{View: "/embed/capacity", Query: p.state.v}),
				p.table(),
				p.pager(),
				app.Elem("p").Class("muted").Text("Capacity sums each miner's sites by stage in the sites' MW basis (gross or critical IT; \"mixed bases\" when its sites differ). Contracted MW counts binding capacity deals in critical IT; the share divides it by the total site MW. Uncontracted = total site MW less all contracted MW, floored at 0."),
			),
		),
		app.Elem("section").Aria("labelledby", "h-ladders").Body(
			app.Elem("h2").ID("h-ladders").Text("Capacity by stage"),
			ladder.UI(),
		),
	)
}

// joinMax joins up to n names and says how many more there are.
func joinMax(names []string, n int) string {
	if len(names) <= n {
		return joinNames(names)
	}
	return joinNames(names[:n]) + " +" + strconv.Itoa(len(names)-n)
}

func joinNames(names []string) string {
	return strings.Join(names, ", ")
}

// tenantList names up to three tenants, each by its short name, and says
// how many more there are (a cell's title has them all).
func tenantList(names []string) string {
	short := make([]string, len(names))
	for i, n := range names {
		short[i] = clip(dataset.ShortName(n), 32)
	}
	return joinMax(short, 3)
}
