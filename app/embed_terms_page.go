package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// embedRecords is the chrome-less table of an equity or financing query
// (one page of it): "/embed/equity" and "/embed/financing".
type embedRecords struct {
	embedBase
	view  *recordView
	q     *dataset.Query
	err   error
	total int
	rows  []any
}

func (p *embedRecords) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.q, p.err, p.total, p.rows = nil, nil, 0, nil
	if p.snap == nil {
		return
	}
	p.q, p.err = dataset.ParseQuery(p.view.kind, p.query)
	if p.err != nil {
		return
	}
	switch p.view.kind {
	case dataset.KindEquity:
		r := p.snap.QueryEquity(p.q)
		p.total = r.Total
		for i := range r.Rows {
			p.rows = append(p.rows, &r.Rows[i])
		}
	case dataset.KindFinancing:
		r := p.snap.QueryFinancing(p.q)
		p.total = r.Total
		for i := range r.Rows {
			p.rows = append(p.rows, &r.Rows[i])
		}
	}
}

func (p *embedRecords) render() app.UI {
	full := withQuery(p.view.path, p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(full, queryError(p.err))
	}
	count := fmt.Sprintf("%d %s", p.total, p.view.noun)
	if n := len(p.rows); n < p.total {
		count = fmt.Sprintf("%d of %d %s", n, p.total, p.view.noun)
	}
	var ex recordExplorer
	t := resultTable{kind: p.view.kind, version: p.snap.Version, cols: p.q.Columns(), sort: p.q.Sort,
		state: viewState{path: p.view.path, v: p.q.Values()}, rows: p.rows, id: ex.id}
	if len(t.sort) == 0 {
		t.sort = dataset.DefaultSort(p.view.kind)
	}
	return p.embedPage(p.view.title, full,
		app.Elem("p").ID("embed-count").Class("pb-embed-count").Text(count),
		app.If(len(p.rows) == 0, app.Elem("p").Class("state").Text("No record matches.")).Else(t.render()),
	)
}

// embedEquityPage is "/embed/equity".
type embedEquityPage struct {
	app.Compo
	embedRecords
}

func (p *embedEquityPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedEquityPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *embedEquityPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedEquityPage) OnInit() {
	p.view = &equityView
	if u := clientURL(); u != nil {
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
func (p *embedFinancingPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *embedFinancingPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedFinancingPage) OnInit() {
	p.view = &financingView
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedFinancingPage) load(ctx app.Context) {
	p.view = &financingView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, financingView.title, "Financing of Bitcoin miners, embedded from Powerbrokers.")
}

func (p *embedFinancingPage) Render() app.UI { p.view = &financingView; return p.render() }
