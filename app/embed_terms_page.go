package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// embedRecords is the chrome-less table of an equity or financing query
// (one page of it): "/embed/equity" and "/embed/financing".
type embedRecords struct {
	embedBase
	view *recordView
	q    *dataset.Query
	err  error
	res  dataset.Result
}

func (p *embedRecords) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.q, p.err, p.res = nil, nil, dataset.Result{}
	if p.snap == nil {
		return
	}
	p.q, p.err = dataset.ParseQuery(p.view.kind, p.query)
	if p.err == nil {
		p.res, p.err = p.snap.Query(p.q)
	}
}

func (p *embedRecords) render() app.UI {
	full := ui.WithQuery(p.view.path, p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(full, queryError(p.err))
	}
	count := fmt.Sprintf("%d %s", p.res.Total, p.view.noun)
	if n := len(p.res.Rows); n < p.res.Total {
		count = fmt.Sprintf("%d of %d %s", n, p.res.Total, p.view.noun)
	}
	var names []string
	for _, c := range p.q.Columns() {
		names = append(names, c.Name)
	}
	return p.embedPage(p.view.title, full,
		app.Elem("p").ID("embed-count").Class("pb-embed-count").Text(count),
		app.If(len(p.res.Rows) == 0, app.Elem("p").Class("state").Text("No record matches.")).
			Else(newRecordTable(p.view.kind, p.res.Rows, names...).UI()),
	)
}

// embedEquityPage is "/embed/equity".
type embedEquityPage struct {
	app.Compo
	embedRecords
}

func (p *embedEquityPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedEquityPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedEquityPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedEquityPage) OnInit() {
	p.view = &equityView
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedEquityPage) load(ctx app.Context) {
	p.view = &equityView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, equityView.title, "Equity and warrants in Bitcoin miners, embedded from Powerbrokers.")
}

func (p *embedEquityPage) Render() app.UI { p.view = &equityView; return p.render() }

// embedFinancingPage is "/embed/financing".
type embedFinancingPage struct {
	app.Compo
	embedRecords
}

func (p *embedFinancingPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedFinancingPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedFinancingPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedFinancingPage) OnInit() {
	p.view = &financingView
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedFinancingPage) load(ctx app.Context) {
	p.view = &financingView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, financingView.title, "Financing of Bitcoin miners, embedded from Powerbrokers.")
}

func (p *embedFinancingPage) Render() app.UI { p.view = &financingView; return p.render() }
