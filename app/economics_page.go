package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// economicsPage is "/economics": what one gross MW earns a year mining
// Bitcoin against leased to an AI/HPC tenant, with sourced defaults and
// sensitivity charts. Every input is a query parameter (economics_params.go);
// each edit recomputes in the browser and replaces the URL in place, so a
// copied URL reopens the same scenario, offline too.
type economicsPage struct {
	app.Compo
	dataPage
	sc economicsScenario
	// extra are the address's parameters the calculator does not use;
	// pinned is the query the page last wrote to the URL (without them),
	// so that the note stays after the address is pinned.
	extra  []string
	pinned string
	// asOf is the page's as_of, as its chart images take it.
	asOf url.Values
}

func (p *economicsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *economicsPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *economicsPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *economicsPage) load(ctx app.Context) {
	p.refreshAt(ctx.Page().URL())
	p.asOf = asOfQuery(ctx.Page().URL())
	u := *ctx.Page().URL()
	p.sc = newEconomicsScenario(p.snap, u.Query())
	if extra := unknownParams(u.Query(), economicsParamNames()...); len(extra) > 0 || u.RawQuery != p.pinned {
		p.extra = extra
	}
	// Pin the defaults in the URL: a copied address keeps this scenario
	// even after the data (and so the defaults) change.
	if app.IsClient && p.snap != nil {
		if q := p.urlQuery(&u); q != u.RawQuery {
			u.RawQuery = q
			p.pinned = q
			ctx.Page().ReplaceURL(&u)
		}
	}
	setTitle(ctx, "Pivot economics", "What a megawatt earns mining Bitcoin versus leased to AI: revenue, margin, payback, present value and break-even hashprice.")
	if p.sc.ok() {
		setPreview(ctx, "economics-hashprice", p.chartQuery())
	}
}

// chartQuery is the query of the sensitivity charts' images: the scenario
// and as_of.
func (p *economicsPage) chartQuery() url.Values {
	v := p.sc.query()
	for k, vs := range p.asOf {
		v[k] = vs
	}
	return v
}

// urlQuery is the query of the scenario's URL: its inputs, and the date
// of u's as_of, which the page keeps.
func (p *economicsPage) urlQuery(u *url.URL) string {
	q := p.sc.query()
	if at := urlAsOf(u); at != "" {
		q.Set(paramAsOf, string(at))
	}
	return q.Encode()
}

// apply recomputes the scenario of query v and writes it to the URL.
func (p *economicsPage) apply(ctx app.Context, v url.Values) {
	p.sc = newEconomicsScenario(p.snap, v)
	u := *ctx.Page().URL()
	u.RawQuery = p.urlQuery(&u)
	ctx.Page().ReplaceURL(&u)
}

// onInput applies an edit of one input as it is typed.
func (p *economicsPage) onInput(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.apply(ctx, p.sc.with(name, ctx.JSSrc().Get("value").String()))
	}
}

// onPick sets an input to a sourced figure.
func (p *economicsPage) onPick(name, value string) app.EventHandler {
	return func(ctx app.Context, e app.Event) { p.apply(ctx, p.sc.with(name, value)) }
}

// onDeal takes the lease rate and term of the chosen deal.
func (p *economicsPage) onDeal(ctx app.Context, e app.Event) {
	p.apply(ctx, p.sc.withDeal(ctx.JSSrc().Get("value").String()))
}

// onSubmit keeps Enter from reloading the page: the results are already current.
func (p *economicsPage) onSubmit(ctx app.Context, e app.Event) { e.PreventDefault() }

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
		app.Elem("div").Class("econ-layout").Body(
			p.form(),
			app.Elem("div").Class("econ-out").Body(economicsOutputs(p.sc)...),
		),
		app.If(p.sc.ok(), economicsSensitivity(p.sc, p.chartQuery())),
		economicsSources(p.sc.Defaults),
		&embedDialog{View: "/embed/economics", Query: p.sc.query()},
	)
}

// economicsOutputs are the verdict, figures and table, or why there are none.
func economicsOutputs(s economicsScenario) []app.UI {
	if !s.ok() {
		errs := s.errorList()
		return []app.UI{app.Elem("div").ID("econ-errors").Class("state state-error econ-errors").Role("alert").Body(
			app.Elem("p").Text("These inputs cannot be computed:"),
			app.Elem("ul").Body(app.Range(errs).Slice(func(i int) app.UI { return app.Elem("li").Text(errs[i]) })),
		)}
	}
	return []app.UI{economicsVerdict(s), economicsFigures(s), economicsTable(s)}
}

// economicsSensitivity holds the two sweep charts.
func economicsSensitivity(s economicsScenario, view url.Values) app.UI {
	hash, power := economicsCharts(s)
	hash.Links, power.Links = chartLinks("economics-hashprice", view), chartLinks("economics-power", view)
	return app.Elem("section").ID("econ-sensitivity").Aria("labelledby", "h-econ-sensitivity").Body(
		app.Elem("h2").ID("h-econ-sensitivity").Text("Sensitivity"),
		app.Elem("div").Class("chart-grid").Body(hash.UI(), power.UI()),
	)
}
