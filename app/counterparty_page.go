package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// counterpartyPage is "/counterparties/{id}": a tenant, end user or
// guarantor with its full recorded name, and its deals with their MW and
// value.
type counterpartyPage struct {
	app.Compo
	dataPage
	id    string
	cp    *dataset.Counterparty
	deals []dataset.DealRow
	extra []string // parameters of the address the page does not use
}

func (p *counterpartyPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *counterpartyPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *counterpartyPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *counterpartyPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *counterpartyPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.id = strings.TrimPrefix(appPathOf(u), "/counterparties/")
	p.extra = unknownParams(u.Query())
	p.cp, p.deals = nil, nil
	if p.snap != nil {
		p.cp, _ = p.snap.Counterparty(p.id)
		p.deals = counterpartyDeals(p.snap, p.id)
	}
}

func (p *counterpartyPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.cp != nil {
		setTitle(ctx, p.cp.Name, "")
	} else {
		setTitle(ctx, "Counterparty not found", "")
	}
}

// counterpartyDeals are the deals a counterparty is tenant, end user or
// guarantor of, newest first (the snapshot's order).
func counterpartyDeals(s *dataset.Snapshot, id string) []dataset.DealRow {
	var out []dataset.DealRow
	for _, d := range s.Deals {
		if d.Tenant == id || d.EndUser == id || d.Guarantor == id {
			out = append(out, d)
		}
	}
	return out
}

func (p *counterpartyPage) Render() app.UI {
	if p.snap == nil {
		return page("deals", loadingView(p.status))
	}
	c := p.cp
	if c == nil {
		return notFoundView("deals", "Counterparty not found", "There is no counterparty “"+p.id+"” in the data.", "/deals", "All deals")
	}
	var value, itMW float64
	valueN, mwN, ndValue, ndMW := 0, 0, 0, 0
	for i := range p.deals {
		d := &p.deals[i]
		switch {
		case d.ValueUSD == nil:
			ndValue++
		case d.ValueBasis == dataset.ValueInitialTerm || d.ValueBasis == dataset.ValueIncrement:
			value += *d.ValueUSD
			valueN++
		}
		switch {
		case d.MW == nil:
			ndMW++
		case d.MWBasis == dataset.BasisIT:
			itMW += *d.MW
			mwN++
		}
	}
	valueText, mwText := notDisclosed, notDisclosed
	if valueN > 0 {
		valueText = moneyF(value)
	}
	if mwN > 0 {
		mwText = mwF(itMW)
	}
	short := dataset.ShortName(c.Name)
	return page("deals",
		breadcrumb(crumb{"Deals", "/deals"}, crumb{short, ""}),
		app.Elem("h1").ID("counterparty-name").Text(c.Name),
		unknownParamsNote(p.extra),
		app.Elem("p").Class("miner-meta").Text(dataset.CodeLabel(c.Kind)),
		app.If(c.Notes != "", app.Elem("p").Class("lede").Text(c.Notes)),
		app.Elem("dl").ID("counterparty-figures").Class("figures").Body(
			figure("Deals", fmt.Sprint(len(p.deals)), "as tenant, end user or guarantor"),
			figure("Critical-IT MW", mwText, plural(mwN, "deal", "deals")+fmt.Sprintf(" with critical-IT MW; %d not disclosed", ndMW)),
			figure("Value", valueText, "initial terms and increments, "+plural(valueN, "deal", "deals")+fmt.Sprintf("; %d not disclosed", ndValue)),
		),
		app.Elem("h2").Text("Deals"),
		app.If(len(p.deals) == 0, app.Elem("p").Class("muted").Text("No deal names this counterparty.")).
			Else(newRecordTable(dataset.KindDeals, p.deals, "announced", "miner", "tenant", "guarantor", "type", "value_usd", "term_years", "mw", "usd_per_mw_year", "status").UI()),
		app.Elem("p").Body(app.Elem("a").Attr("href", ui.Href("/deals?tenant="+url.QueryEscape(c.ID))).Text("Its deals as tenant in the explorer →")),
	)
}
