package app

import (
	"fmt"
	"net/url"
	"slices"
	"sort"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// bernsteinAggregate is the published aggregate the overview reconciles
// our contracted total with (dataset/seed/aggregates.json).
const bernsteinAggregate = "bernstein-miner-ai-contracts-2026-05"

// overviewPage is "/": the headline figures, capacity and contracts charts,
// the latest deals, what changed, and the reconciliation with Bernstein.
type overviewPage struct {
	app.Compo
	dataPage
	stats   dataset.Stats
	recon   *dataset.Reconciliation
	changes []dataset.Change
	extra   []string // URL parameters the page does not use
	// view is the page's query that its charts' images take (as_of).
	view url.Values
}

func (p *overviewPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *overviewPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *overviewPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

const (
	overviewTitle       = "Overview"
	overviewDescription = "Bitcoin miners' AI/HPC deals and power capacity, every figure sourced."
)

// OnInit prepares the first client render (see clientURL).
func (p *overviewPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *overviewPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, overviewTitle, overviewDescription)
	setPreview(ctx, "cumulative", p.view)
}

func (p *overviewPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.extra = unknownParams(u.Query())
	p.view = asOfQuery(u)
	p.recon = nil
	if p.snap != nil {
		p.stats = p.snap.Stats()
		if r, err := p.snap.Reconcile(bernsteinAggregate); err == nil {
			p.recon = &r
		}
	}
	p.changes = recentChanges()
}

func (p *overviewPage) Render() app.UI {
	if p.snap == nil {
		return page("overview", loadingView(p.status))
	}
	st := p.stats
	h := st.Headline
	sectionKey := func(section string) string {
		return blockKey("overview-"+section, p.snap.Version, viewState{path: "/", v: p.view})
	}
	// Each section depends on the data and the view only (and today's date,
	// the freshness and overdue ones): in the browser the start-up adopts
	// the prerendered sections (see adopt.go), and each chart section is
	// built once per data version (see markupCache).
	return page("overview",
		app.Elem("h1").Text("Who has contracted how much power to whom"),
		unknownParamsNote(p.extra),
		app.Elem("p").Class("lede").Text("Bitcoin miners turned AI-infrastructure suppliers: their AI/HPC deals, their power by stage, and what is still uncontracted."),
		adoptableUI(sectionKey("headline"), func() app.UI {
			return app.Elem("dl").ID("headline").Class("figures").Body(
				figure("Contracted value (initial terms)", money(h.ContractedValueUSD),
					fmt.Sprintf("binding capacity deals; %s with extension options; %d with no value disclosed", money(h.ContractedValueWithExtUSD), h.UndisclosedValueCount)),
				figure("Contracted critical-IT MW", mw(h.ContractedITMW),
					fmt.Sprintf("plus %s gross or unspecified; %d deals give no MW", mw(h.ContractedUnspecifiedMW), h.UndisclosedMWCount)),
				figure("Capacity deals in force", fmt.Sprint(h.ContractedDealCount), fmt.Sprintf("of %d deals on record", h.DealCount)),
				figure("Miners", fmt.Sprint(h.MinerCount), fmt.Sprintf("%d sites, %d counterparties", h.SiteCount, h.CounterpartyCount)),
				figure("Energized MW", mw(h.EnergizedMW), fmt.Sprintf("sum over sites, gross and critical IT mixed; %d sites not disclosed", h.EnergizedMWUndisclosed)),
				figure("Under construction MW", mw(h.ConstructionMW), fmt.Sprintf("sum over sites, bases mixed; %d sites not disclosed", h.ConstructionMWUndisclosed)),
				figure("Pipeline MW", mw(h.PipelineMW), fmt.Sprintf("sum over sites, bases mixed; %d sites not disclosed", h.PipelineMWUndisclosed)),
				figure("Uncontracted MW", mw(h.UncontractedMW), fmt.Sprintf("per miner: site MW less contracted MW, floored at 0; %d of %d miners give site MW", h.UncontractedMinerCount, h.MinerCount)),
			)
		}),
		adoptableHTML(sectionKey("capacity"), func() markup.HTML {
			capacity, contracted := capacityByBasisChart(h), overviewContractedChart(h)
			capacity.Links, contracted.Links = chartLinks("capacity", p.view), chartLinks("contracted", p.view)
			return chartSection("h-capacity", "Power: built, building, planned, contracted", true, capacity.HTML(), contracted.HTML())
		}),
		adoptableHTML(sectionKey("timeline"), func() markup.HTML {
			c := overviewCumulativeChart(p.snap, st)
			c.Links = chartLinks("cumulative", p.view)
			return chartSection("h-timeline", "Contracts over time", false, c.HTML())
		}),
		adoptableHTML(sectionKey("tenants"), func() markup.HTML {
			tenants, types := tenantChart(st), typeChart(st)
			tenants.Links, types.Links = chartLinks("tenants", p.view), chartLinks("types", p.view)
			return chartSection("h-tenants", "With whom, and what kind of deal", true, tenants.HTML(), types.HTML())
		}),
		adoptableUI(sectionKey("latest"), func() app.UI {
			return app.Elem("section").Aria("labelledby", "h-latest").Body(
				app.Elem("h2").ID("h-latest").Text("Latest deals"),
				newRecordTable(dataset.KindDeals, latestDeals(p.snap.Deals, 8), compactDealColumns...).UI(),
				app.Elem("p").Body(app.Elem("a").Attr("href", ui.Href("/deals")).Text("All deals →")),
			)
		}),
		adoptableHTML(sectionKey("freshness "+string(today())), func() markup.HTML { return freshnessNote(p.snap) }),
		adoptableHTML(sectionKey("overdue "+string(today())), func() markup.HTML { return overdueList(p.snap) }),
		adoptableUI(sectionKey("changes"), func() app.UI { return changesSection(p.changes, p.snap.Data.Corrections, 8) }),
		adoptableUI(sectionKey("recon"), func() app.UI { return reconSection(p.recon, p.view) }),
	)
}

// chartSection is a section of charts headed by an h2 with id (markup: see
// markup); in a grid when grid is set.
func chartSection(id, heading string, grid bool, figures ...markup.HTML) markup.HTML {
	var m markup.Writer
	m.Open("section", "aria-labelledby", id)
	m.Elem("h2", heading, "id", id)
	if grid {
		m.Open("div", "class", "chart-grid")
	}
	for _, f := range figures {
		m.Insert(f)
	}
	if grid {
		m.Close("div")
	}
	m.Close("section")
	return m.HTML()
}

// latestDeals returns the n most recently announced deals.
func latestDeals(deals []dataset.DealRow, n int) []dataset.DealRow {
	latest := slices.Clone(deals)
	sort.Slice(latest, func(i, j int) bool {
		a, b := &latest[i], &latest[j]
		if a.Announced != b.Announced {
			return a.Announced > b.Announced
		}
		return a.ID < b.ID
	})
	return latest[:min(n, len(latest))]
}

// changesSection lists the latest curated changes (at most n; 0 for all):
// the server prerenders them from its change log, the client from its
// snapshot document's copy.
func changesSection(cs []dataset.Change, corrections []dataset.Correction, n int) app.UI {
	if n > 0 {
		cs = cs[:min(n, len(cs))]
	}
	return app.Elem("section").ID("changes").Aria("labelledby", "h-changes").Body(
		app.Elem("h2").ID("h-changes").Text("What changed"),
		app.If(len(cs) == 0, app.Elem("p").Class("muted").Text("No change recorded since the dataset was loaded.")).
			Else(app.Elem("ul").Class("changes").Body(app.Range(cs).Slice(func(i int) app.UI {
				c := cs[i]
				what := c.Kind + " " + c.ID
				var target app.UI = app.Text(what)
				switch c.Kind {
				case "deal":
					target = app.Elem("a").Attr("href", ui.Href("/deals/"+c.ID)).Text(what)
				case "miner":
					target = app.Elem("a").Attr("href", ui.Href("/miners/"+c.ID)).Text(what)
				}
				if c.ID == "" {
					target = app.Text(c.Kind)
				}
				when := c.At.UTC().Format("2006-01-02")
				return app.Elem("li").Body(
					app.Elem("time").Attr("datetime", c.At.UTC().Format("2006-01-02T15:04:05Z")).Text(when),
					app.Text(" · "+c.Action+" "), target,
					app.If(c.Summary != "", app.Text(" — "+c.Summary)),
					app.If(c.Who != "", app.Elem("span").Class("muted").Text(" ("+c.Who+")")),
				)
			}))),
		correctionsList(corrections, n),
		app.If(n > 0, app.Elem("p").Body(app.Elem("a").ID("changes-all").Attr("href", ui.Href("/changes")).Text("Every change, and its Atom feed →"))),
	)
}

// figure is one headline number with its label and basis.
func figure(label, value, basis string) app.UI {
	return app.Elem("div").Class("figure").Body(
		app.Elem("dt").Text(label),
		app.Elem("dd").Body(
			app.Elem("span").Class("figure-value").Text(value),
			app.If(basis != "", app.Elem("span").Class("figure-basis").Text(basis)),
		),
	)
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
