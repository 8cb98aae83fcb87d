package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
)

// changesPage is "/changes": the change log (curated writes and revisions)
// and the audit's corrections, each with its sources, and the Atom feed
// that lists the same.
type changesPage struct {
	app.Compo
	dataPage
	extra []string // parameters of the address the page does not use
}

func (p *changesPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *changesPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *changesPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *changesPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *changesPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.extra = unknownParams(u.Query())
}

func (p *changesPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Changes and corrections", "Every change to the Powerbrokers data and every correction of the audit, with its sources.")
}

func (p *changesPage) Render() app.UI {
	if p.snap == nil {
		return page("changes", loadingView(p.status))
	}
	return page("changes",
		app.Elem("h1").Text("Changes and corrections"),
		unknownParamsNote(p.extra),
		app.Elem("p").Class("lede").Body(
			app.Text("Curated changes to the data, newest first, and the corrections the audit made against primary sources. "),
			app.Elem("a").ID("changes-feed").Attr("href", ui.Href("/changes.atom")).Attr("type", "application/atom+xml").Text("Subscribe (Atom feed)"),
			app.Text(" · "),
			app.Elem("a").Attr("href", ui.Href("/api/v1/changes")).Text("as JSON"),
		),
		changesSection(recentChanges(), p.snap.Data.Corrections, 0),
	)
}
