package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// minerPage is "/miners/{id}": a miner's capacity, sites, deals and sources.
type minerPage struct {
	app.Compo
	dataPage
	id    string
	miner *dataset.MinerRow
}

func (p *minerPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *minerPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *minerPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *minerPage) load(ctx app.Context) {
	p.refresh()
	p.id = strings.TrimPrefix(ctx.Page().URL().Path, app.Getenv("GOAPP_ROOT_PREFIX")+"/miners/")
	p.miner = nil
	if p.snap != nil {
		p.miner, _ = p.snap.Miner(p.id)
	}
	if p.miner != nil {
		setTitle(ctx, p.miner.Name, p.miner.Strategy)
	} else {
		setTitle(ctx, "Miner not found", "")
	}
}

func (p *minerPage) Render() app.UI {
	if p.snap == nil {
		return page("miners", loadingView(p.status))
	}
	m := p.miner
	if m == nil {
		return page("miners", app.H1().Text("Miner not found"),
			app.P().Body(app.Text("There is no miner "+p.id+". "), app.A().Href(href("/miners")).Text("All miners")))
	}
	sites := p.snap.MinerSites(m.ID)
	deals := p.snap.MinerDeals(m.ID)
	sub := m.Ticker
	if m.Exchange != "" {
		sub = m.Exchange + ": " + m.Ticker
	}
	return page("miners",
		app.P().Class("breadcrumb").Body(app.A().Href(href("/miners")).Text("Miners"), app.Text(" / ")),
		app.H1().ID("miner-name").Text(m.Name),
		app.P().Class("lede").Body(
			app.If(sub != "", app.Span().Class("ticker").Text(sub+" · ")),
			app.Text(m.Strategy),
		),
		app.If(len(m.FormerNames) > 0, app.P().Class("muted").Text("Formerly "+joinNames(m.FormerNames))),
		app.Dl().ID("capacity").Class("figures").Body(
			figure("Energized", mwF(m.EnergizedMW), "sites, "+basisLabel(m.CapacityBasis)),
			figure("Under construction", mwF(m.ConstructionMW), "sites, "+basisLabel(m.CapacityBasis)),
			figure("Pipeline", mwF(m.PipelineMW), "sites, "+basisLabel(m.CapacityBasis)),
			figure("Contracted", mwF(m.ContractedMW), "critical IT, binding capacity deals"),
			figure("Uncontracted", mwF(m.UncontractedMW), "site total less contracted"),
			figure("Contracted value", moneyF(m.ContractedValueUSD), "initial terms"),
		),
		app.Section().Body(
			app.H2().Text("Deals"),
			app.If(len(deals) == 0, app.P().Text("No AI/HPC deal on record.")).
				Else(dealTable(deals, true)),
		),
		app.Section().Body(
			app.H2().Text("Sites"),
			app.If(len(sites) == 0, app.P().Text("No site on record.")).Else(siteTable(sites)),
		),
		app.If(m.Notes != "", app.Section().Body(app.H2().Text("Notes"), app.P().Text(m.Notes))),
		sourcesList("Sources", m.Sources),
	)
}

// siteTable renders sites with their power by stage.
func siteTable(rows []dataset.SiteRow) app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().Class("data-table sites-table").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Site"),
			app.Th().Scope("col").Text("Location"),
			app.Th().Scope("col").Text("Use"),
			app.Th().Scope("col").Class("num").Text("Energized"),
			app.Th().Scope("col").Class("num").Text("Construction"),
			app.Th().Scope("col").Class("num").Text("Pipeline"),
			app.Th().Scope("col").Text("Basis"),
			app.Th().Scope("col").Class("num").Text("Contracted MW"),
		)),
		app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
			s := rows[i]
			loc := strings.Trim(strings.Join([]string{s.City, s.Region, s.Country}, ", "), ", ")
			return app.Tr().DataSet("site", s.ID).Body(
				app.Th().Scope("row").Text(s.Name),
				app.Td().Text(loc),
				app.Td().Text(s.Use),
				app.Td().Class("num").Text(mw(s.EnergizedMW)),
				app.Td().Class("num").Text(mw(s.ConstructionMW)),
				app.Td().Class("num").Text(mw(s.PipelineMW)),
				app.Td().Text(basisLabel(s.Basis)),
				app.Td().Class("num").Text(mwF(s.ContractedMW)),
			)
		})),
	))
}
