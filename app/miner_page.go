package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/economics"
	"powerbrokers/app/embed"
	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// minerPage is "/miners/{id}": a miner's capacity ladder, capacity over
// time, deals, sites, hashrate and sources.
type minerPage struct {
	app.Compo
	dataPage
	id     string
	miner  *dataset.MinerRow
	series []dataset.CapacitySeriesPoint
	extra  []string // URL parameters the page does not use
	asOf   dataset.Date
}

func (p *minerPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *minerPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *minerPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *minerPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *minerPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.asOf = urlAsOf(u)
	p.id = strings.TrimPrefix(appPathOf(u), "/miners/")
	p.extra = unknownParams(u.Query())
	p.miner, p.series = nil, nil
	if p.snap != nil {
		p.miner, _ = p.snap.Miner(p.id)
		p.series, _ = p.snap.CapacitySeries(p.id)
	}
}

func (p *minerPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.miner != nil {
		setTitle(ctx, p.miner.Name, p.miner.Strategy)
		setPreview(ctx, "miner-capacity", p.chartQuery())
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
		return notFoundView("miners", "Miner not found", "There is no miner “"+p.id+"” in the data.", "/miners", "All miners")
	}
	sites := p.snap.MinerSites(m.ID)
	deals := p.snap.MinerDeals(m.ID)
	deals = latestDeals(deals, len(deals))
	view := p.chartQuery()
	ladder, contracted := minerLadderChart(m), minerContractedChart(m)
	ladder.Links, contracted.Links = chartLinks("miner-capacity", view), chartLinks("miner-contracted", view)
	groupKey := func(name string) string {
		return blockKey("miner-"+name, p.snap.Version, viewState{path: "/miners/" + m.ID, v: view})
	}
	sub := m.Ticker
	if m.Exchange != "" && m.Ticker != "" {
		sub = m.Exchange + ": " + m.Ticker
	}
	return page("miners",
		breadcrumb(crumb{"Miners", "/miners"}, crumb{m.Name, ""}),
		unknownParamsNote(p.extra),
		app.Elem("h1").ID("miner-name").Text(m.Name),
		app.Elem("p").Class("lede").Body(
			app.If(sub != "", app.Elem("span").Class("ticker").Text(sub+" · ")),
			app.Text(m.Strategy),
		),
		app.If(len(m.FormerNames) > 0, app.Elem("p").Class("muted").Text("Formerly "+joinNames(m.FormerNames))),
		app.Elem("p").Class("miner-meta").Body(
			app.Text("Status: "+m.Status),
			app.If(m.HQ != "", app.Text(" · HQ: "+m.HQ)),
			app.Text(" · "),
			app.Elem("a").ID("compare-with").Attr("href", compareHref([]string{m.ID})).Text("Compare with…"),
		),
		// Outside the <p>: a <div> inside a <p> is invalid and the browser
		// would re-nest the prerendered HTML.
		&embed.Dialog{View: "/embed/miner/" + m.ID},
		// The sections without controls depend on the data, the miner and
		// the as_of (the milestones on today's date too): groups the
		// start-up adopts from the prerendered page (see adopt.go).
		adoptableUI(groupKey("figures"), func() app.UI {
			return group(
				recordFigures("capacity", "figures", dataset.KindMiners, m, "energized_mw", "construction_mw", "pipeline_mw", "unstaged_mw",
					"contracted_mw", "contracted_unspecified_mw", "contracted_share", "uncontracted_mw", "contracted_value_usd", "hashrate_eh_s"),
				app.Elem("section").Aria("labelledby", "h-ladder").Body(
					app.Elem("h2").ID("h-ladder").Text("Capacity ladder"),
					app.Elem("div").Class("chart-grid").Body(
						ladder.UI(),
						// Nothing to draw for a miner with neither contracts nor site MW on record.
						app.If(hasContractedChart(m), contracted.UI()),
					),
				),
			)
		}),
		&economics.WhatIf{Miner: m, Snap: p.snap},
		adoptableUI(groupKey("details "+string(today())), func() app.UI { return p.details(m, deals, sites) }),
	)
}

// details are the miner page's sections below the what-if calculator.
func (p *minerPage) details(m *dataset.MinerRow, deals []dataset.DealRow, sites []dataset.SiteRow) app.UI {
	return group(
		minerTermsSection(p.snap, m),
		app.Elem("section").Aria("labelledby", "h-history").Body(
			app.Elem("h2").ID("h-history").Text("Capacity over time"),
			p.history(m.Name),
		),
		minerEvents(p.snap, m.ID),
		minerExposureSection(p.snap, m.ID),
		app.Elem("section").Body(
			app.Elem("h2").Text("Deals"),
			app.If(len(deals) == 0, app.Elem("p").Text("No AI/HPC deal on record.")).
				Else(newRecordTable(dataset.KindDeals, deals).UI()),
		),
		app.Elem("section").Body(
			app.Elem("h2").Text("Sites"),
			app.If(len(sites) == 0, app.Elem("p").Text("No site on record.")).
				Else(newRecordTable(dataset.KindSites, sites, minerSiteColumns...).UI()),
		),
		app.Elem("section").ID("miner-milestones").Aria("labelledby", "h-milestones").Body(
			app.Elem("h2").ID("h-milestones").Text("Site milestones"),
			milestoneSection("miner-milestone-list", "Dated milestones of its sites", snapshotMilestones(p.snap, "", m.ID), true),
			app.If(len(snapshotMilestones(p.snap, "", m.ID)) == 0, app.Elem("p").Class("muted").Text("No dated milestone on record.")),
		),
		app.If(m.Notes != "", app.Elem("section").Body(app.Elem("h2").Text("Notes"), app.Elem("p").Text(m.Notes))),
		trustLine(m.Grade, m.Verified, m.Sources),
		sourcesList("Sources", m.Sources),
		hashrateSources(m.Hashrate),
	)
}

// hashrateSources lists the sources of the hashrate figure, if any.
func hashrateSources(h *dataset.Hashrate) app.UI {
	if h == nil || len(h.Sources) == 0 {
		return nil
	}
	return sourcesList("Hashrate sources", h.Sources)
}

// history is the capacity-over-time chart, or why there is none.
func (p *minerPage) history(name string) app.UI {
	if len(p.series) == 0 {
		return app.Elem("p").Class("muted").Text("No dated capacity disclosure on record for " + name + ".")
	}
	c := historyChart(p.series)
	c.Links = chartLinks("miner-history", p.chartQuery())
	return c.UI()
}

// chartQuery is the query of the miner's chart images: the miner and the
// page's as_of.
func (p *minerPage) chartQuery() url.Values {
	v := url.Values{"miner": {p.id}}
	if p.asOf != "" {
		v.Set(paramAsOf, string(p.asOf))
	}
	return v
}

// historyChart draws a miner's dated capacity disclosures, one bar each,
// each in its own MW basis, with the contracted capacity beside it.
func historyChart(series []dataset.CapacitySeriesPoint) chart.Stack {
	rows := make([]chart.Row, len(series))
	for i, pt := range series {
		note := basisLabel(pt.Basis)
		if pt.ContractedMW != nil {
			note += "; contracted " + mwF(*pt.ContractedMW) + " as reported"
		}
		rows[i] = chart.Row{Label: string(pt.AsOf), Values: []*float64{pt.EnergizedMW, pt.ConstructionMW, pt.PipelineMW}, Note: note}
	}
	first, last := series[0], series[len(series)-1]
	summary := fmt.Sprintf("%d dated disclosures from %s to %s. Latest (%s, %s): energized %s, under construction %s, pipeline %s.",
		len(series), first.AsOf, last.AsOf, last.AsOf, basisLabel(last.Basis), mw(last.EnergizedMW), mw(last.ConstructionMW), mw(last.PipelineMW))
	if len(series) == 1 {
		summary = fmt.Sprintf("One dated disclosure (%s, %s): energized %s, under construction %s, pipeline %s.",
			last.AsOf, basisLabel(last.Basis), mw(last.EnergizedMW), mw(last.ConstructionMW), mw(last.PipelineMW))
	}
	return chart.Stack{ID: "chart-history", Title: "Company capacity by stage, as disclosed over time", Unit: chart.MW, Noun: "disclosures",
		Basis:   "each bar is one dated disclosure in its own MW basis; bars of different bases do not compare",
		Summary: summary, Segments: stageSegments, Rows: rows, Table: historyTable(series)}
}

// historyTable lists the capacity disclosures with their basis, the
// contracted MW the company reported and what its deals had contracted by
// then (markup: see markup).
func historyTable(series []dataset.CapacitySeriesPoint) markup.HTML {
	var m markup.Writer
	m.Table("data-table history-table", "Company capacity disclosures")
	m.Head("As of", "#Energized", "#Construction", "#Pipeline", "Basis", "#Contracted (reported)",
		"#Contracted by deals announced by then (IT)", "Note", "Sources")
	for _, pt := range series {
		m.Open("tr")
		m.Open("th", "scope", "row")
		m.Elem("time", string(pt.AsOf), "datetime", string(pt.AsOf))
		m.Close("th")
		m.Elem("td", mw(pt.EnergizedMW), "class", "num")
		m.Elem("td", mw(pt.ConstructionMW), "class", "num")
		m.Elem("td", mw(pt.PipelineMW), "class", "num")
		m.Elem("td", basisLabel(pt.Basis))
		m.Elem("td", mw(pt.ContractedMW), "class", "num")
		m.Elem("td", mwF(pt.DealsContractedITMW)+" ("+plural(len(pt.DealsContracted), "deal", "deals")+")", "class", "num")
		m.Elem("td", pt.Note)
		m.Open("td")
		for j, s := range pt.Sources {
			if j > 0 {
				m.Text(", ")
			}
			m.Elem("a", s.Publisher, "href", s.URL, "rel", "noopener noreferrer", "target", "_blank")
		}
		m.Close("td")
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// minerSiteColumns are the columns of a miner's sites on its page.
var minerSiteColumns = []string{"name", "city", "region", "country", "use", "energized_mw", "construction_mw", "pipeline_mw",
	"unstaged_mw", "contracted_mw", "deal_count"}
