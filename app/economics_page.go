package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/economics"
	"powerbrokers/app/embed"
)

// economicsPage is "/economics": what one gross MW earns a year mining
// Bitcoin against leased to an AI/HPC tenant, with sourced defaults and
// sensitivity charts. Every input is a query parameter (economics/params.go);
// each edit recomputes in the browser and replaces the URL in place, so a
// copied URL reopens the same scenario, offline too.
type economicsPage struct {
	app.Compo
	dataPage
	sc economics.Scenario
	// extra are the address's parameters the calculator does not use;
	// pinned is the query the page last wrote to the URL (without them),
	// so that the note stays after the address is pinned.
	extra  []string
	pinned string
	// asOf is the page's as_of, as its chart images take it.
	asOf url.Values
}

func (p *economicsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *economicsPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the page the app starts on, so that go-app's mount
// renders the scenario (not a loading view) and adopts the prerendered
// sections; its first OnNav then only pins the scenario in the URL.
func (p *economicsPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *economicsPage) OnNav(ctx app.Context) {
	if p.navChanged(ctx) {
		p.load(ctx)
		return
	}
	p.pin(ctx)
}

// prepare computes the scenario of address u.
func (p *economicsPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.asOf = asOfQuery(u)
	p.sc = economics.NewScenario(p.snap, u.Query())
	if extra := unknownParams(u.Query(), economics.ParamNames()...); len(extra) > 0 || u.RawQuery != p.pinned {
		p.extra = extra
	}
}

func (p *economicsPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	p.pin(ctx)
	setTitle(ctx, "Pivot economics", "What a megawatt earns mining Bitcoin versus leased to AI: revenue, margin, payback, present value and break-even hashprice.")
	if p.sc.OK() {
		setPreview(ctx, "economics-hashprice", p.chartQuery())
	}
}

// pin writes the scenario's defaults into the URL, in the browser: a copied
// address keeps this scenario even after the data (and so the defaults)
// change.
func (p *economicsPage) pin(ctx app.Context) {
	if !app.IsClient || p.snap == nil {
		return
	}
	u := *ctx.Page().URL()
	if q := p.urlQuery(&u); q != u.RawQuery {
		u.RawQuery = q
		p.pinned = q
		ctx.Page().ReplaceURL(&u)
	}
}

// chartQuery is the query of the sensitivity charts' images: the scenario
// and as_of.
func (p *economicsPage) chartQuery() url.Values {
	v := p.sc.Query()
	for k, vs := range p.asOf {
		v[k] = vs
	}
	return v
}

// urlQuery is the query of the scenario's URL: its inputs, and the date
// of u's as_of, which the page keeps.
func (p *economicsPage) urlQuery(u *url.URL) string {
	q := p.sc.Query()
	if at := urlAsOf(u); at != "" {
		q.Set(paramAsOf, string(at))
	}
	return q.Encode()
}

// apply recomputes the scenario of query v and writes it to the URL.
func (p *economicsPage) apply(ctx app.Context, v url.Values) {
	p.sc = economics.NewScenario(p.snap, v)
	u := *ctx.Page().URL()
	u.RawQuery = p.urlQuery(&u)
	ctx.Page().ReplaceURL(&u)
}

func (p *economicsPage) Render() app.UI {
	if p.snap == nil {
		return page("economics", loadingView(p.status))
	}
	return page("economics",
		app.Elem("h1").Text("Pivot economics: a megawatt mining vs leased to AI"),
		unknownParamsNote(p.extra),
		app.Elem("p").Class("lede").Text("What one gross megawatt of site power earns in a year mining Bitcoin, and leased to an AI/HPC tenant. "+
			"The defaults are sourced figures and the medians of our deals; change any input. Every input is in the URL, so a copied "+
			"address reopens this scenario, and everything computes in your browser from the local data, offline too."),
		// The outputs first: on a phone they show above the form, and on a
		// laptop the grid puts the form on the left (economics.css).
		app.Elem("div").Class("econ-layout").Body(
			app.Elem("div").Class("econ-out").Body(economics.Outputs(p.sc)...),
			economics.Form(&p.sc, p.apply),
		),
		// The charts depend on the data and the scenario, the sources on the
		// data: the start-up adopts them from the prerendered page (adopt.go).
		app.If(p.sc.OK(), adoptableUI(p.blockKey("econ-sensitivity", p.chartQuery()), func() app.UI {
			return economicsSensitivity(p.sc, p.chartQuery())
		})),
		adoptableUI(p.blockKey("econ-sources", p.asOf), func() app.UI { return economics.Sources(p.sc.Defaults) }),
		&embed.Dialog{View: "/embed/economics", Query: p.sc.Query()},
	)
}

// blockKey is the key of the page's block for view v (see adopt.go).
func (p *economicsPage) blockKey(block string, v url.Values) string {
	return blockKey(block, p.snap.Version, viewState{path: "/economics", v: v})
}

// economicsSensitivity holds the two sweep charts.
func economicsSensitivity(s economics.Scenario, view url.Values) app.UI {
	hash, power := economics.Charts(s)
	hash.Links, power.Links = chartLinks("economics-hashprice", view), chartLinks("economics-power", view)
	return app.Elem("section").ID("econ-sensitivity").Aria("labelledby", "h-econ-sensitivity").Body(
		app.Elem("h2").ID("h-econ-sensitivity").Text("Sensitivity"),
		app.Elem("div").Class("chart-grid").Body(hash.UI(), power.UI()),
	)
}
