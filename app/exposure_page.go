package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/embed"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// exposurePage is "/exposure": who depends on whom. Every figure comes
// from dataset.Snapshot.Exposure, the same code as GET /api/v1/exposure.
type exposurePage struct {
	app.Compo
	dataPage
	miner string
	exp   dataset.Exposure
	extra []string // URL parameters the page does not use
	url   *url.URL
}

func (p *exposurePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *exposurePage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *exposurePage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *exposurePage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *exposurePage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Exposure", "How much of each miner's contracted value rests on one tenant, end user or guarantor, and through which chain.")
	setPreview(ctx, "exposure", p.chartQuery())
}

func (p *exposurePage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.url = u
	p.miner = exposureQuery(u.Query())
	p.extra = unknownParams(u.Query(), "miner")
	if p.snap == nil {
		return
	}
	p.exp = p.snap.Exposure()
	if p.miner != "" {
		p.exp = p.exp.ForMiner(p.miner)
	}
}

// chartQuery is the query of the exposure image: the miner and as_of.
func (p *exposurePage) chartQuery() url.Values {
	v := asOfQuery(p.url)
	if p.miner != "" {
		v.Set("miner", p.miner)
	}
	return v
}

func (p *exposurePage) Render() app.UI {
	if p.snap == nil {
		return page("exposure", loadingView(p.status))
	}
	e := p.exp
	ind, one := exposureScope(e)
	groups := "All miners by tenant, end user and guarantor"
	if one {
		groups = ind.MinerName + " by tenant, end user and guarantor"
	}
	key := blockKey("exposure", p.snap.Version, viewState{path: "/exposure", v: url.Values{"miner": {p.miner}}})
	return page("exposure",
		app.Elem("h1").Text("Exposure: who depends on whom"),
		unknownParamsNote(p.extra),
		app.Elem("p").Class("lede").Text("How much of each miner's contracted revenue rests on one tenant, one end user, one guarantor — and through which chain."),
		app.Elem("p").ID("exposure-covers").Class("muted").Text("What this counts: "+e.Covers),
		&embed.Dialog{View: "/embed/exposure"},
		app.Elem("dl").ID("exposure-figures").Class("figures").Body(
			figure("Contracted value", money(ind.ValueUSD), plural(ind.DealCount, "deal", "deals")+fmt.Sprintf("; %d without a disclosed value", ind.ValueUndisclosed)),
			figure("Largest tenant", nameOr(ind.TopTenantName), pct(ind.TopTenantShare)+" of the disclosed value"),
			figure("Tenant concentration (HHI)", hhiText(ind.HHI), "0 to 10,000; 10,000 = one tenant holds it all"),
			figure("End-user concentration (HHI)", hhiText(ind.HHIEndUser), "the end user is the tenant where none is named"),
		),
		adoptableHTML(key, func() markup.HTML {
			var m markup.Writer
			m.Open("div", "class", "exposure-views")
			m.Insert(exposureFigure(exposureChartID, e, chartLinks("exposure", p.chartQuery())))
			m.Open("section", "aria-labelledby", "h-exposure-miners")
			m.Elem("h2", "Concentration by miner", "id", "h-exposure-miners")
			m.Insert(minersExposureTable(e))
			m.Close("section")
			m.Open("section", "aria-labelledby", "h-exposure-groups")
			m.Elem("h2", groups, "id", "h-exposure-groups")
			m.Insert(groupTable("exposure-tenants", "By tenant", "Tenant", ind.ByTenant))
			m.Insert(groupTable("exposure-end-users", "By end user", "End user", ind.ByEndUser))
			m.Insert(groupTable("exposure-guarantors", "By guarantor", "Guarantor", ind.ByGuarantor))
			m.Close("section")
			m.Close("div")
			return m.HTML()
		}),
	)
}

func nameOr(s string) string {
	if s == "" {
		return notDisclosed
	}
	return s
}

// minerExposureSection is the exposure section of a miner's profile.
func minerExposureSection(s *dataset.Snapshot, minerID string) app.UI {
	me, err := s.MinerExposure(minerID)
	if err != nil {
		return nil
	}
	var m markup.Writer
	m.Open("section", "id", "exposure", "aria-labelledby", "h-exposure")
	m.Elem("h2", "Exposure", "id", "h-exposure")
	if me.DealCount == 0 {
		m.Elem("p", "No contracted capacity deal on record: no exposure to show.", "class", "muted")
		m.Close("section")
		return m.UI()
	}
	m.Open("p", "class", "exposure-summary")
	m.Text(fmt.Sprintf("%d contracted capacity deals, %s of disclosed value (%d without one), %s critical IT. ",
		me.DealCount, money(me.ValueUSD), me.ValueUndisclosed, mw(me.ITMW)))
	if me.TopTenant != "" {
		m.Text(fmt.Sprintf("The largest tenant, %s, holds %s; the tenants' concentration index (HHI) is %s of 10,000 (end users: %s). ",
			me.TopTenantName, pct(me.TopTenantShare), hhiText(me.HHI), hhiText(me.HHIEndUser)))
	}
	m.Link(ui.Href("/exposure?miner="+minerID), "Its chains in the exposure view")
	m.Close("p")
	m.Insert(groupTable("exposure-tenants", "By tenant", "Tenant", me.ByTenant))
	m.Insert(groupTable("exposure-end-users", "By end user", "End user", me.ByEndUser))
	m.Insert(groupTable("exposure-guarantors", "By guarantor", "Guarantor", me.ByGuarantor))
	m.Elem("p", "What this counts: "+dataset.ExposureCovers, "class", "muted")
	m.Close("section")
	return m.UI()
}

// minerEvents lists the events bearing on a miner under its capacity chart.
func minerEvents(s *dataset.Snapshot, minerID string) app.UI {
	evs := chart.Events(s, minerID)
	if len(evs) == 0 {
		return nil
	}
	var m markup.Writer
	m.Open("section", "id", "miner-events", "aria-labelledby", "h-miner-events")
	m.Elem("h2", "Events", "id", "h-miner-events")
	list := chart.EventList("miner-events-list", evs)
	m.Insert(list)
	m.Close("section")
	return m.UI()
}

// embedExposurePage is "/embed/exposure": the layered diagram with its
// summary and chains table, for one miner with ?miner=.
type embedExposurePage struct {
	app.Compo
	embedBase
	exp dataset.Exposure
	err error
}

func (p *embedExposurePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedExposurePage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedExposurePage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedExposurePage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedExposurePage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Exposure", "Bitcoin miners' contracted value by tenant, end user and guarantor, embedded from Powerbrokers.")
}

func (p *embedExposurePage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.err = nil
	if p.snap == nil {
		return
	}
	p.exp = p.snap.Exposure()
	if id := exposureQuery(p.query); id != "" {
		if _, err := p.snap.Miner(id); err != nil {
			p.err = err
			return
		}
		p.exp = p.exp.ForMiner(id)
	}
}

func (p *embedExposurePage) Render() app.UI {
	full := ui.WithQuery("/exposure", p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(full, queryError(p.err))
	}
	return p.embedPage("Who depends on whom", full, exposureFigure("embed-exposure-chart", p.exp, chartLinks("exposure", p.chartView("miner"))).UI())
}
