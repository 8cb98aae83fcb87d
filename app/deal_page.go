package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dealPage is "/deals/{id}": every figure of one deal, its notes and sources.
type dealPage struct {
	app.Compo
	dataPage
	id   string
	deal *dataset.DealRow
}

func (p *dealPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *dealPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *dealPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *dealPage) OnInit() {
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *dealPage) prepare(u *url.URL) {
	p.refresh()
	p.id = strings.TrimPrefix(appPathOf(u), "/deals/")
	p.deal = nil
	if p.snap != nil {
		p.deal, _ = p.snap.Deal(p.id)
	}
}

func (p *dealPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.deal != nil {
		setTitle(ctx, p.deal.Title, "")
	} else {
		setTitle(ctx, "Deal not found", "")
	}
}

func (p *dealPage) Render() app.UI {
	if p.snap == nil {
		return page("deals", loadingView(p.status))
	}
	d := p.deal
	if d == nil {
		return page("deals", app.Elem("h1").Text("Deal not found"),
			app.Elem("p").Body(app.Text("There is no deal "+p.id+". "), app.Elem("a").Attr("href", href("/deals")).Text("All deals")))
	}
	kind := dataset.KindDeals
	return page("deals",
		append([]app.UI{
			app.Elem("p").Class("breadcrumb").Body(app.Elem("a").Attr("href", href("/deals")).Text("Deals"), app.Text(" / ")),
			app.Elem("h1").Text(recordHeading(kind, d)),
			recordFigures("deal-figures", "record", kind, d),
		}, recordSections(kind, d)...)...,
	)
}
