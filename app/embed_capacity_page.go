package app

import (
	"net/url"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// embedCapacityPage is "/embed/capacity": power capacity by stage as SVG
// bars. With one miner (miner=iren) it draws that miner's sites; otherwise
// one bar per miner matching the query (miner=a,b keeps those miners, and
// the miners list's filters apply: country=US, status=…).
type embedCapacityPage struct {
	app.Compo
	embedBase
	chart chart.Stack
	full  string
	err   error
}

func (p *embedCapacityPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedCapacityPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedCapacityPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedCapacityPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedCapacityPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Power capacity by stage", "Bitcoin miners' power capacity by stage, embedded from Powerbrokers.")
}

// prepare reads the data and the URL u.
func (p *embedCapacityPage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.chart, p.err, p.full = chart.Stack{}, nil, ui.WithQuery("/miners", p.query)
	if p.snap == nil {
		return
	}
	if miners := splitComma(p.query.Get("miner")); len(miners) == 1 && len(p.query["miner"]) == 1 {
		p.loadSites(miners[0])
		return
	}
	// The miners list filters a miner by its id column.
	v := url.Values{}
	for k, vs := range p.query {
		if k == "miner" {
			k = "id"
		}
		v[k] = append(v[k], vs...)
	}
	p.full = ui.WithQuery("/miners", v)
	q, err := dataset.ParseQuery(dataset.KindMiners, v)
	if err != nil {
		p.err = err
		return
	}
	// The miners page's ladder, so the embed and the full view agree.
	c := ladderChart("embed-capacity-chart", "Power capacity by stage",
		"MW summed over each miner's sites, on each site's stated basis (gross or critical IT)", p.snap.MatchMiners(q))
	if q.Search != "" || len(q.Filters) > 0 {
		c.Title += " · " + filterSummary(p.snap, q)
	}
	c.Links = chartLinks("miners", v)
	p.chart = c
}

// loadSites charts one miner's sites.
func (p *embedCapacityPage) loadSites(minerID string) {
	m, err := p.snap.Miner(minerID)
	if err != nil {
		p.err = err
		return
	}
	p.full = "/miners/" + m.ID
	q, err := dataset.ParseQuery(dataset.KindSites, p.query)
	if err != nil {
		p.err = err
		return
	}
	c := chart.Stack{ID: "embed-capacity-chart", Title: m.Name + ": power capacity by site and stage", Unit: chart.MW, Noun: "sites",
		Basis: "MW on each site's stated basis", Segments: stageSegments, NoteHead: "Basis"}
	for _, s := range p.snap.MatchSites(q) {
		c.Rows = append(c.Rows, chart.Row{Label: s.Name, Note: basisLabel(s.Basis),
			Values: []*float64{s.EnergizedMW, s.ConstructionMW, s.PipelineMW}})
	}
	if onlyKeys(p.query, "miner", paramAsOf) {
		// The miner page's site ladder is this chart when no site filter applies.
		view := p.chartView()
		view.Set("miner", m.ID)
		c.Links = chartLinks("miner-capacity", view)
	}
	p.chart = c
}

func (p *embedCapacityPage) Render() app.UI {
	switch {
	case p.snap == nil:
		return p.embedMessage(p.full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(p.full, queryError(p.err))
	}
	// The chart's caption is the title (plain=1 hides it, see embed.css).
	return p.embedPage("", p.full, p.chart.UI())
}

// onlyKeys reports whether v sets no parameter but those named.
func onlyKeys(v url.Values, names ...string) bool {
	for k := range v {
		if !slices.Contains(names, k) {
			return false
		}
	}
	return true
}
