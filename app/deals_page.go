package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dealFacets are the facets the deals view always shows.
var dealFacets = []string{"miner", "tenant", "guarantor", "type", "status", "lease_structure", "year", "grade"}

// dealsPage is "/deals": the deals explorer. Its whole state (filters,
// search, ranges, sort, columns, page) lives in the URL and every query runs
// locally on the snapshot with the dataset engine, as the API does.
type dealsPage struct {
	app.Compo
	dataPage
	q      *dataset.Query
	state  viewState
	result dataset.DealResult
	qerr   error
	form   map[string]string // the search and range inputs as typed
	// touched are the inputs the person changed since the URL was read;
	// invalid says why an input's text is not applied (the results stay
	// those of the last valid input).
	touched map[string]bool
	invalid map[string]string
	// typing counts inputs, so that only the last of a burst applies.
	typing int
}

func (p *dealsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *dealsPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.load(ctx); restoreScroll(ctx) }
func (p *dealsPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *dealsPage) OnInit() {
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *dealsPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Deals", "Every AI/HPC deal signed by Bitcoin miners: tenant, guarantor, value, term, MW and $/MW-yr.")
}

func (p *dealsPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.q, p.state, p.qerr = parseView(dataset.KindDeals, u.Query(), dealFacets)
	p.state.path = "/deals"
	p.form = map[string]string{"q": p.q.Search}
	p.touched, p.invalid = map[string]bool{}, map[string]string{}
	for _, f := range p.q.Filters {
		if f.Op != dataset.OpEq {
			p.form[f.Param()] = rangeDisplay(f.Param(), strings.Join(f.Values, ","))
		}
	}
	if p.snap != nil {
		p.result = p.snap.QueryDeals(p.q)
	}
}

// rangeInputs are the range filters of the form: parameter, label, unit hint.
var rangeInputs = []struct{ param, label, hint string }{
	{"mw_gte", "MW at least", "MW"},
	{"mw_lte", "MW at most", "MW"},
	{"value_usd_gte", "Value at least", "USD, e.g. 1B"},
	{"usd_per_mw_year_gte", "$/MW-yr at least", "USD, e.g. 1.5M"},
	{"announced_gte", "Announced from", "YYYY[-MM[-DD]]"},
	{"announced_lte", "Announced to", "YYYY[-MM[-DD]]"},
}

func (p *dealsPage) Render() app.UI {
	if p.snap == nil {
		return page("deals", loadingView(p.status))
	}
	r := p.result
	cols := p.q.Columns()
	rows := make([]any, len(r.Rows))
	for i := range r.Rows {
		rows[i] = &r.Rows[i]
	}
	t := resultTable{kind: dataset.KindDeals, version: p.snap.Version, cols: cols, sort: p.q.Sort, state: p.state, rows: rows,
		id: func(row any) string { return row.(*dataset.DealRow).ID }}
	if len(t.sort) == 0 {
		t.sort = dataset.DefaultSort(dataset.KindDeals)
	}
	return page("deals",
		app.Elem("h1").Text("Deals"),
		viewError(p.qerr, "deals"),
		app.Elem("div").Class("explorer").Body(
			app.Elem("aside").Class("explorer-side").Aria("label", "Filters").Body(
				filterPanel(p.q, p.renderForm(), facetPanel(r.Facets, p.state, p.snap.Version)),
			),
			app.Elem("div").Class("explorer-main").Body(
				p.renderToolbar(cols),
				resultsOrEmpty(r.Total, "deals", "/deals", t.render(), p.renderTotals(), p.renderPager()),
			),
		),
	)
}

func (p *dealsPage) renderForm() app.UI {
	return app.Elem("form").ID("deal-filters").Class("filters").Attr("method", "get").Attr("action", href("/deals")).
		OnSubmit(p.onSubmit).Body(
		app.Elem("label").Attr("for", "f-q").Text("Search"),
		app.ElemSelfClosing("input").ID("f-q").Attr("name", "q").Attr("type", "search").Attr("placeholder", "tenant, miner, site, notes…").
			Attr("value", p.form["q"]).OnInput(p.onInput("q")),
		app.Elem("fieldset").Body(
			app.Elem("legend").Text("Ranges"),
			app.Range(rangeInputs).Slice(func(i int) app.UI {
				in := rangeInputs[i]
				why := p.invalid[in.param]
				input := app.ElemSelfClosing("input").ID("f-"+in.param).Attr("name", in.param).Attr("type", "text").Attr("inputmode", "decimal").
					Attr("placeholder", in.hint).Attr("value", p.form[in.param]).OnInput(p.onInput(in.param))
				var msg app.UI
				if why != "" {
					input = input.Aria("invalid", "true").Aria("describedby", "err-"+in.param)
					msg = app.Elem("p").ID("err-" + in.param).Class("input-error").Text(why)
				}
				return app.Elem("div").Class("range-field").Body(
					app.Elem("label").Attr("for", "f-"+in.param).Text(in.label),
					input,
					msg,
				)
			}),
		),
		app.Elem("button").Attr("type", "submit").Class("primary").Text("Apply"),
		app.Elem("a").Class("reset").Attr("href", href("/deals")).Text("Reset all"),
	)
}

// onInput keeps what was typed, checks it, and applies the form 300 ms
// after the last keystroke: the results follow the search and ranges as
// they are typed. An input that does not read keeps the last valid results
// and says why.
func (p *dealsPage) onInput(param string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		val := ctx.JSSrc().Get("value").String()
		p.form[param], p.touched[param] = val, true
		if why := checkRange(param, val); why != "" {
			p.invalid[param] = why
		} else {
			delete(p.invalid, param)
		}
		p.typing++
		gen := p.typing
		ctx.After(300*time.Millisecond, func(ctx app.Context) {
			if gen == p.typing {
				p.apply(ctx, false)
			}
		})
	}
}

// onSubmit applies the search and ranges at once, as a new history entry.
func (p *dealsPage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.typing++
	p.apply(ctx, true)
}

// formValues are the view's parameters with the form's changed inputs.
func (p *dealsPage) formValues() url.Values {
	v := withoutPaging(p.state.clone())
	for param, val := range p.form {
		if !p.touched[param] {
			continue
		}
		if val = strings.TrimSpace(val); val == "" {
			v.Del(param)
		} else {
			v.Set(param, rangeValue(param, val))
		}
	}
	return v
}

// apply shows the results of the form, unless an input is invalid: then
// the last valid results stay. Typing replaces the current history entry
// (Back does not step through keystrokes); submitting adds one.
func (p *dealsPage) apply(ctx app.Context, push bool) {
	if len(p.invalid) > 0 {
		return
	}
	link := p.state.link(p.formValues())
	if push {
		ctx.Navigate(link)
		return
	}
	u, err := url.Parse(link)
	if err != nil {
		return
	}
	app.Window().Get("history").Call("replaceState", nil, "", link)
	form, touched := p.form, p.touched
	p.prepare(u)
	p.form, p.touched = form, touched
}

// checkRange explains why a range input's text cannot be applied, or is "".
func checkRange(param, val string) string {
	val = strings.TrimSpace(val)
	if val == "" || param == "q" {
		return ""
	}
	if strings.HasPrefix(param, "announced_") {
		if !dataset.Date(val).Valid() {
			return "a date: 2025, 2025-11 or 2025-11-03"
		}
		return ""
	}
	if _, err := dataset.ParseNumber(val); err != nil {
		return "a number such as 300, 1.5M or 2B"
	}
	return ""
}

// rangeValue is the URL form of a range input: numbers as plain digits
// ("1B" → 1000000000), dates as typed.
func rangeValue(param, val string) string {
	if param == "q" || strings.HasPrefix(param, "announced_") {
		return val
	}
	if n, err := dataset.ParseNumber(val); err == nil {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return val
}

// rangeDisplay is how a range input shows a value from the URL: money
// compactly ("1785714" → "1.79M"), other figures as they are.
func rangeDisplay(param, val string) string {
	if strings.HasPrefix(param, "value_") || strings.HasPrefix(param, "usd_") {
		if n, err := strconv.ParseFloat(val, 64); err == nil {
			if c := dataset.Compact(n); rangeValue(param, c) == val {
				return c
			}
			return dataset.Thousands(n)
		}
	}
	return val
}

func (p *dealsPage) renderToolbar(shown []dataset.Column) app.UI {
	r := p.result
	shownSet := map[string]bool{}
	for _, c := range shown {
		shownSet[c.Name] = true
	}
	all := dataset.Columns(dataset.KindDeals)
	return app.Elem("div").Class("toolbar").Body(
		app.Elem("p").ID("result-count").Aria("live", "polite").Text(fmt.Sprintf("%d of %d deals", r.Total, len(p.snap.Deals))),
		app.Elem("details").Class("col-chooser").Body(
			app.Elem("summary").Text("Columns"),
			app.Elem("ul").Body(app.Range(all).Slice(func(i int) app.UI {
				c := all[i]
				a := app.Elem("a").Attr("href", p.state.colsLink(dataset.KindDeals, c.Name, shown)).DataSet("col", c.Name).Text(c.Label)
				if shownSet[c.Name] {
					a = a.Class("selected").Aria("current", "true")
				}
				return app.Elem("li").Body(a)
			})),
		),
		&embedDialog{View: "/embed/deals", Query: p.state.v},
		app.Elem("a").ID("csv-download").Class("button").Attr("href", apiURL("/api/v1/deals.csv")+queryString(p.state.v)).
			Attr("download", "powerbrokers-deals.csv").OnClick(p.onCSV).Text("Download CSV"),
	)
}

func (p *dealsPage) onCSV(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if err := downloadCSV(p.snap, p.q, "powerbrokers-deals.csv"); err != nil {
		app.Log("csv download:", err)
	}
}

func (p *dealsPage) renderTotals() app.UI {
	t := p.result.Totals
	return app.Elem("dl").ID("totals").Class("totals").Body(
		app.Elem("div").Body(app.Elem("dt").Text("Value of the filtered deals"),
			app.Elem("dd").Body(app.Text(money(t.ValueUSD)), app.Elem("span").Class("figure-basis").Text(
				fmt.Sprintf(" initial terms and increments, %d deals; %d not disclosed, %d on another basis", t.ValueCount, t.UndisclosedValueCount, t.OtherBasisValueCount)))),
		app.Elem("div").Body(app.Elem("dt").Text("Critical-IT MW"),
			app.Elem("dd").Body(app.Text(mw(t.MW)), app.Elem("span").Class("figure-basis").Text(
				fmt.Sprintf(" %d not disclosed, %d gross or unspecified", t.UndisclosedMWCount, t.OtherBasisMWCount)))),
	)
}

func (p *dealsPage) renderPager() app.UI {
	size := p.q.Size
	if size == 0 {
		size = dataset.DefaultSize
	}
	pages := (p.result.Total + size - 1) / size
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

// queryString returns "?" and the encoded v, or "" when v is empty.
func queryString(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// viewError explains why a view's URL was not applied, or renders nothing.
// (go-app's If evaluates its children eagerly, so it cannot guard a nil error.)
func viewError(err error, what string) app.UI {
	if err == nil {
		return nil
	}
	return app.Elem("p").ID("query-error").Class("banner banner-offline").Role("alert").
		Text("Part of this link was not applied, so more " + what + " may be shown: " + errText(err))
}

// errText is the message of an API-style error, without its code.
func errText(err error) string {
	if e, ok := err.(*dataset.Error); ok {
		if e.Param != "" {
			return e.Param + ": " + e.Message
		}
		return e.Message
	}
	return err.Error()
}

// resultsOrEmpty is the results, or, when no record matches, a sentence
// that says so and a link that clears the filters.
func resultsOrEmpty(total int, what, path string, results ...app.UI) app.UI {
	if total > 0 {
		return app.Elem("div").Class("results").Body(results...)
	}
	return app.Elem("div").ID("empty-result").Class("card empty-state").Aria("live", "polite").Body(
		app.Elem("p").Text("No "+what+" match these filters."),
		app.Elem("p").Body(app.Elem("a").ID("clear-filters").Attr("href", href(path)).Text("Clear the filters")),
	)
}
