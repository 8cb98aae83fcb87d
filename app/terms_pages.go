package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// recordView describes one of the record explorers built on the shared
// query engine (equity, financing): its kind, path, facets and ranges.
type recordView struct {
	kind, path, title, noun, lede, placeholder string
	facets                                     []string
	ranges                                     []struct{ param, label, hint string }
}

var equityView = recordView{
	kind: dataset.KindEquity, path: "/equity", title: "Equity and warrants", noun: "equity records",
	lede:        "Stakes, warrants and convertibles that tenants, chipmakers and financiers hold in miners: shares, strike, % of the issuer with its basis, and the deal they came with.",
	placeholder: "holder, issuer, deal, vesting…",
	facets:      []string{"holder", "issuer", "instrument", "deal", "year", "grade"},
	ranges: []struct{ param, label, hint string }{
		{"shares_gte", "Shares at least", "e.g. 1e7"},
		{"percent_gte", "% of issuer at least", "%"},
		{"strike_usd_lte", "Strike at most", "USD"},
		{"date_gte", "From", "YYYY[-MM[-DD]]"},
		{"date_lte", "To", "YYYY[-MM[-DD]]"},
	},
}

var financingView = recordView{
	kind: dataset.KindFinancing, path: "/financing", title: "Financing", noun: "financing records",
	lede:        "Notes, convertibles, project loans, facilities and equity raises of the miners: amount and its basis, coupon, maturity, what it funds.",
	placeholder: "issuer, kind, site, use of proceeds…",
	facets:      []string{"issuer", "kind", "hpc", "amount_basis", "sites", "year", "grade"},
	ranges: []struct{ param, label, hint string }{
		{"amount_usd_gte", "Amount at least", "USD, e.g. 1e9"},
		{"coupon_pct_gte", "Coupon at least", "%"},
		{"coupon_pct_lte", "Coupon at most", "%"},
		{"maturity_lte", "Maturing by", "YYYY[-MM[-DD]]"},
		{"date_gte", "From", "YYYY[-MM[-DD]]"},
	},
}

// recordExplorer is the state and rendering shared by the equity and
// financing pages: the query lives in the URL and runs locally on the
// snapshot with the dataset engine, as the API does.
type recordExplorer struct {
	dataPage
	view   *recordView
	q      *dataset.Query
	state  viewState
	qerr   error
	form   map[string]string
	total  int
	all    int
	rows   []any
	facets []dataset.Facet
	totals []app.UI
}

func (p *recordExplorer) prepare(u *url.URL) {
	p.refreshAt(u)
	p.q, p.state, p.qerr = parseView(p.view.kind, u.Query(), p.view.facets)
	p.state.path = p.view.path
	p.form = map[string]string{"q": p.q.Search}
	for _, f := range p.q.Filters {
		if f.Op != dataset.OpEq {
			p.form[f.Param()] = strings.Join(f.Values, ",")
		}
	}
	p.rows, p.facets, p.totals = nil, nil, nil
	if p.snap == nil {
		return
	}
	switch p.view.kind {
	case dataset.KindEquity:
		r := p.snap.QueryEquity(p.q)
		p.total, p.all, p.facets = r.Total, len(p.snap.Equity), r.Facets
		for i := range r.Rows {
			p.rows = append(p.rows, &r.Rows[i])
		}
		t := r.Totals
		p.totals = []app.UI{
			totalItem("Shares", countOrND(t.Shares), fmt.Sprintf(" %d records; %d give no share count", t.Count, t.SharesUndisclosed)),
			totalItem("Shares under warrants", countOrND(t.WarrantShares), fmt.Sprintf(" %d warrants; %d give no share count", t.WarrantCount, t.WarrantUndisclosed)),
			totalItem("Value", money(t.ValueUSD), fmt.Sprintf(" as each record's value basis says; %d give no value", t.ValueUndisclosed)),
		}
	case dataset.KindFinancing:
		r := p.snap.QueryFinancing(p.q)
		p.total, p.all, p.facets = r.Total, len(p.snap.Financing), r.Facets
		for i := range r.Rows {
			p.rows = append(p.rows, &r.Rows[i])
		}
		t := r.Totals
		left := fmt.Sprintf(" %d records; %d left out (draws, conversions, proposed sizes, no amount)", t.Count, t.NotCountedCount)
		p.totals = []app.UI{
			totalItem("Amount raised", money(t.AmountUSD), left),
			totalItem("Debt", money(t.DebtUSD), " notes, convertibles, loans and facilities (commitments)"),
			totalItem("Debt for AI/HPC", money(t.HPCDebtUSD), " debt tied to a site or deal"),
		}
	}
}

func totalItem(label, value, note string) app.UI {
	return app.Elem("div").Body(app.Elem("dt").Text(label),
		app.Elem("dd").Body(app.Text(value), app.Elem("span").Class("figure-basis").Text(note)))
}

func countOrND(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return thousands(*v)
}

func (p *recordExplorer) id(row any) string {
	switch r := row.(type) {
	case *dataset.EquityRow:
		return r.ID
	case *dataset.FinancingRow:
		return r.ID
	}
	return ""
}

func (p *recordExplorer) render(active string) app.UI {
	v := p.view
	if p.snap == nil {
		return page(active, loadingView(p.status))
	}
	cols := p.q.Columns()
	t := resultTable{kind: v.kind, version: p.snap.Version, cols: cols, sort: p.q.Sort, state: p.state, rows: p.rows, id: p.id}
	if len(t.sort) == 0 {
		t.sort = dataset.DefaultSort(v.kind)
	}
	return page(active,
		app.Elem("h1").Text(v.title),
		app.Elem("p").Class("lede").Text(v.lede),
		viewError(p.qerr, v.noun),
		app.Elem("div").Class("explorer").Body(
			app.Elem("aside").Class("explorer-side").Aria("label", "Filters").Body(
				p.renderForm(),
				facetPanel(p.facets, p.state, p.snap.Version),
			),
			app.Elem("div").Class("explorer-main").Body(
				p.renderToolbar(cols),
				t.render(),
				app.Elem("dl").ID("totals").Class("totals").Body(p.totals...),
				p.renderPager(),
			),
		),
	)
}

func (p *recordExplorer) renderForm() app.UI {
	v := p.view
	return app.Elem("form").ID(v.kind+"-filters").Class("filters").Attr("method", "get").Attr("action", href(v.path)).
		OnSubmit(p.onSubmit).Body(
		app.Elem("label").Attr("for", "f-q").Text("Search"),
		app.ElemSelfClosing("input").ID("f-q").Attr("name", "q").Attr("type", "search").Attr("placeholder", v.placeholder).
			Attr("value", p.form["q"]).OnInput(p.onInput("q")),
		app.Elem("fieldset").Body(
			app.Elem("legend").Text("Ranges"),
			app.Range(v.ranges).Slice(func(i int) app.UI {
				in := v.ranges[i]
				return app.Elem("div").Class("range-field").Body(
					app.Elem("label").Attr("for", "f-"+in.param).Text(in.label),
					app.ElemSelfClosing("input").ID("f-"+in.param).Attr("name", in.param).Attr("type", "text").Attr("inputmode", "decimal").
						Attr("placeholder", in.hint).Attr("value", p.form[in.param]).OnInput(p.onInput(in.param)),
				)
			}),
		),
		app.Elem("button").Attr("type", "submit").Class("primary").Text("Apply"),
		app.Elem("a").Class("reset").Attr("href", href(v.path)).Text("Reset all"),
	)
}

func (p *recordExplorer) onInput(param string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.form[param] = ctx.JSSrc().Get("value").String()
	}
}

func (p *recordExplorer) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	v := withoutPaging(p.state.clone())
	for param, val := range p.form {
		if val = strings.TrimSpace(val); val == "" {
			v.Del(param)
		} else {
			v.Set(param, val)
		}
	}
	ctx.Navigate(p.state.link(v))
}

func (p *recordExplorer) renderToolbar(shown []dataset.Column) app.UI {
	v := p.view
	shownSet := map[string]bool{}
	for _, c := range shown {
		shownSet[c.Name] = true
	}
	all := dataset.Columns(v.kind)
	file := "powerbrokers-" + v.kind + ".csv"
	return app.Elem("div").Class("toolbar").Body(
		app.Elem("p").ID("result-count").Aria("live", "polite").Text(fmt.Sprintf("%d of %d %s", p.total, p.all, v.noun)),
		app.Elem("details").Class("col-chooser").Body(
			app.Elem("summary").Text("Columns"),
			app.Elem("ul").Body(app.Range(all).Slice(func(i int) app.UI {
				c := all[i]
				a := app.Elem("a").Attr("href", p.state.colsLink(v.kind, c.Name, shown)).DataSet("col", c.Name).Text(c.Label)
				if shownSet[c.Name] {
					a = a.Class("selected").Aria("current", "true")
				}
				return app.Elem("li").Body(a)
			})),
		),
		&embedDialog{View: "/embed" + v.path, Query: p.state.v},
		app.Elem("a").ID("csv-download").Class("button").Attr("href", apiURL("/api/v1/"+v.kind+".csv")+queryString(p.state.v)).
			Attr("download", file).OnClick(p.onCSV).Text("Download CSV"),
	)
}

func (p *recordExplorer) onCSV(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if err := downloadCSV(p.snap, p.q, "powerbrokers-"+p.view.kind+".csv"); err != nil {
		app.Log("csv download:", err)
	}
}

func (p *recordExplorer) renderPager() app.UI {
	size := p.q.Size
	if size == 0 {
		size = dataset.DefaultSize
	}
	pages := (p.total + size - 1) / size
	if pages <= 1 {
		return nil
	}
	cur := p.q.Page
	return app.Elem("nav").Class("pager").Aria("label", "Pages").Body(
		app.If(cur > 1, app.Elem("a").Attr("href", p.state.set("page", strconv.Itoa(cur-1))).Text("← Previous")),
		app.Elem("span").Text(fmt.Sprintf(" Page %d of %d ", cur, pages)),
		app.If(cur < pages, app.Elem("a").Attr("href", p.state.set("page", strconv.Itoa(cur+1))).Text("Next →")),
	)
}

// equityPage is "/equity": the equity and warrants explorer.
type equityPage struct {
	app.Compo
	recordExplorer
}

func (p *equityPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *equityPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.load(ctx) }
func (p *equityPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *equityPage) OnInit() {
	p.view = &equityView
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *equityPage) load(ctx app.Context) {
	p.view = &equityView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, equityView.title, equityView.lede)
}

func (p *equityPage) Render() app.UI { p.view = &equityView; return p.render("equity") }

// financingPage is "/financing": the financing explorer.
type financingPage struct {
	app.Compo
	recordExplorer
}

func (p *financingPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *financingPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.load(ctx) }
func (p *financingPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *financingPage) OnInit() {
	p.view = &financingView
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *financingPage) load(ctx app.Context) {
	p.view = &financingView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, financingView.title, financingView.lede)
}

func (p *financingPage) Render() app.UI { p.view = &financingView; return p.render("financing") }
