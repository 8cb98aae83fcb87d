package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// embedMinerPage is "/embed/miner/{id}": a miner card with its capacity by
// stage, what is contracted, and its deals.
type embedMinerPage struct {
	app.Compo
	embedBase
	id    string
	miner *dataset.MinerRow
}

func (p *embedMinerPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedMinerPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedMinerPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedMinerPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedMinerPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.miner != nil {
		setTitle(ctx, p.miner.Name, p.miner.Strategy)
	} else {
		setTitle(ctx, "Miner not found", "")
	}
}

// prepare reads the data and the URL u.
func (p *embedMinerPage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.id = strings.TrimPrefix(p.path, "/embed/miner/")
	p.miner = nil
	if p.snap != nil {
		p.miner, _ = p.snap.Miner(p.id)
	}
}

func (p *embedMinerPage) Render() app.UI {
	full := "/miners/" + p.id
	m := p.miner
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case m == nil:
		return p.embedMessage("/miners", app.Elem("p").Class("state state-error").Text("There is no miner "+p.id+"."))
	}
	// The miner's deals, newest first (the deals list's default order).
	q, _ := dataset.ParseQuery(dataset.KindDeals, url.Values{"miner": {m.ID}})
	deals := p.snap.MatchDeals(q)
	sub := m.Ticker
	if m.Exchange != "" && m.Ticker != "" {
		sub = m.Exchange + ": " + m.Ticker
	}
	return p.embedPage(m.Name, full,
		app.Elem("p").Class("lede").Body(
			app.If(sub != "", app.Elem("span").Class("ticker").Text(sub+" · ")),
			app.Text(m.Strategy),
		),
		recordFigures("embed-capacity", "figures", dataset.KindMiners, m,
			"energized_mw", "construction_mw", "pipeline_mw", "contracted_mw", "uncontracted_mw", "contracted_value_usd"),
		app.If(len(deals) == 0, app.Elem("p").Class("muted").Text("No AI/HPC deal on record.")).
			Else(newRecordTable(dataset.KindDeals, deals, compactDealColumns...).UI()),
	)
}
