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
	id    string
	deal  *dataset.DealRow
	extra []string // parameters of the address the page does not use
}

func (p *dealPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *dealPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *dealPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *dealPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *dealPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.id = strings.TrimPrefix(appPathOf(u), "/deals/")
	p.extra = unknownParams(u.Query())
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
		return notFoundView("deals", "Deal not found", "There is no deal “"+p.id+"” in the data.", "/deals", "All deals")
	}
	kind := dataset.KindDeals
	return page("deals",
		append([]app.UI{
			breadcrumb(crumb{"Deals", "/deals"}, crumb{d.Title, ""}),
			app.Elem("h1").Text(recordHeading(kind, d)),
			unknownParamsNote(p.extra),
			recordFigures("deal-figures", "record", kind, d),
			dealTermsSection(p.snap, d),
		}, recordSections(kind, d)...)...,
	)
}
