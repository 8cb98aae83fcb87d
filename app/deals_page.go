package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/embed"
	"powerbrokers/dataset"
)

// dealsPage is "/deals": the deals explorer (see explorer) with the totals
// of the filtered deals.
type dealsPage struct {
	app.Compo
	dataPage
	explorer
}

func (p *dealsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *dealsPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.nav(ctx, p.load); restoreScroll(ctx) }
func (p *dealsPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *dealsPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *dealsPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Deals", "Every AI/HPC deal signed by Bitcoin miners: tenant, guarantor, value, term, MW and $/MW-yr.")
}

func (p *dealsPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.explorer = explorer{kind: dataset.KindDeals, path: "/deals", hint: "tenant, miner, site, notes…",
		facets: []string{"miner", "tenant", "guarantor", "type", "status", "lease_structure", "year", "grade"},
		ranges: []rangeInput{
			{"mw_gte", "MW at least", "MW"},
			{"mw_lte", "MW at most", "MW"},
			{"value_usd_gte", "Value at least", "USD, e.g. 1B"},
			{"usd_per_mw_year_gte", "$/MW-yr at least", "USD, e.g. 1.5M"},
			{"announced_gte", "Announced from", "YYYY[-MM[-DD]]"},
			{"announced_lte", "Announced to", "YYYY[-MM[-DD]]"},
		},
		reload: p.prepare}
	p.setup(p.snap, u.Query())
}

func (p *dealsPage) Render() app.UI {
	if p.snap == nil {
		return page("deals", loadingView(p.status))
	}
	return page("deals",
		app.Elem("h1").Text("Deals"),
		viewError(p.qerr, "deals"),
		app.Elem("div").Class("explorer").Body(
			p.side(),
			app.Elem("div").Class("explorer-main").Body(
				p.toolbar(&embed.Dialog{View: "/embed/deals", Query: p.state.v}),
				p.results(p.renderTotals(), p.pager()),
			),
		),
	)
}

func (p *dealsPage) renderTotals() app.UI {
	t, _ := p.res.Totals.(dataset.DealTotals)
	return app.Elem("dl").ID("totals").Class("totals").Body(
		app.Elem("div").Body(app.Elem("dt").Text("Value of the filtered deals"),
			app.Elem("dd").Body(app.Text(money(t.ValueUSD)), app.Elem("span").Class("figure-basis").Text(
				" initial terms and increments, "+plural(t.ValueCount, "deal", "deals")+fmt.Sprintf("; %d not disclosed, %d on another basis", t.UndisclosedValueCount, t.OtherBasisValueCount)))),
		app.Elem("div").Body(app.Elem("dt").Text("Critical-IT MW"),
			app.Elem("dd").Body(app.Text(mw(t.MW)), app.Elem("span").Class("figure-basis").Text(
				fmt.Sprintf(" %d not disclosed, %d gross or unspecified", t.UndisclosedMWCount, t.OtherBasisMWCount)))),
	)
}
