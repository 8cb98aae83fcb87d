package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/economics"
	"powerbrokers/app/ui"
)

// embedEconomicsPage is "/embed/economics?<the calculator's query>": the
// pivot calculator's outputs for a portal, chrome-less and read-only (the
// footer's link opens the same scenario in the full calculator).
type embedEconomicsPage struct {
	app.Compo
	embedBase
	sc economics.Scenario
}

func (p *embedEconomicsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedEconomicsPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedEconomicsPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedEconomicsPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedEconomicsPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Pivot economics", "What a megawatt earns mining Bitcoin versus leased to AI, embedded from Powerbrokers.")
}

// prepare reads the data and the URL u.
func (p *embedEconomicsPage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.sc = economics.NewScenario(p.snap, p.query)
}

func (p *embedEconomicsPage) Render() app.UI {
	full := ui.WithQuery("/economics", p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case !p.sc.OK():
		return p.embedMessage(full, app.Elem("div").Class("state state-error").Role("alert").
			Text("This embed's scenario cannot be computed: "+strings.Join(p.sc.Errors(), "; ")))
	}
	hash, power := economics.Charts(p.sc)
	view := p.sc.Query()
	for k, vs := range p.chartView() {
		view[k] = vs
	}
	hash.Links, power.Links = chartLinks("economics-hashprice", view), chartLinks("economics-power", view)
	return p.embedPage("Pivot economics: a megawatt mining vs leased to AI", full,
		economics.Verdict(p.sc),
		app.Elem("p").ID("econ-assumptions").Class("econ-assumptions").Text(economics.Assumptions(p.sc)),
		economics.Figures(p.sc),
		economics.Table(p.sc),
		app.Elem("div").Class("chart-grid").Body(hash.UI(), power.UI()),
	)
}
