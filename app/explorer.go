package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// explorer is the list view of one kind of record (deals, miners, sites):
// a search and range form, the facets, the table of one page with a column
// chooser, the CSV download and the pager. Its whole state (filters,
// search, ranges, sort, columns, page) lives in the URL, and every query
// runs locally on the snapshot with the dataset engine, as the API does.
// A page embeds an explorer and calls setup from its prepare step.
type explorer struct {
	kind   string       // dataset.KindDeals…
	path   string       // the view's app path: "/deals"
	facets []string     // the facets always shown
	ranges []rangeInput // the range inputs of the form
	hint   string       // the search box's placeholder
	noun   string       // what the rows are called: "equity records" (the kind when "")

	data  *dataset.Snapshot
	q     *dataset.Query
	state viewState
	qerr  error
	res   dataset.Result
	form  map[string]string // the search and range inputs as typed
	// touched are the inputs the person changed since the URL was read;
	// invalid says why an input's text is not applied (the results stay
	// those of the last valid input).
	touched map[string]bool
	invalid map[string]string
	// typing counts inputs, so that only the last of a burst applies.
	typing int
	// reload prepares the page again for a URL (the page's prepare): the
	// form applies through it as it is typed.
	reload func(*url.URL)
}

// rangeInput is a range filter of the form: parameter, label, unit hint.
type rangeInput struct{ param, label, hint string }

// setup runs the view's query (the URL's, or the default query with the
// reason when the URL's is bad) on snap.
func (e *explorer) setup(snap *dataset.Snapshot, raw url.Values) {
	e.data = snap
	e.q, e.state, e.qerr = parseView(e.kind, raw, e.facets)
	e.state.path = e.path
	e.form = map[string]string{"q": e.q.Search}
	e.touched, e.invalid = map[string]bool{}, map[string]string{}
	for _, f := range e.q.Filters {
		if f.Op != dataset.OpEq {
			e.form[f.Param()] = e.rangeDisplay(f.Param(), strings.Join(f.Values, ","))
		}
	}
	e.res = dataset.Result{}
	if snap != nil {
		e.res, _ = snap.Query(e.q) // the kind is ours: no error
	}
}

// side is the filter column: the form and the facets, in the filter panel.
func (e *explorer) side() app.UI {
	return app.Elem("aside").Class("explorer-side").Aria("label", "Filters").Body(
		filterPanel(e.q, e.renderForm(), facetPanel(e.res.Facets, e.state, e.data.Version)),
	)
}

// results are the table and what goes under it (totals, pager), or, when
// no record matches, a sentence that says so and a link that clears the
// filters.
func (e *explorer) results(under ...app.UI) app.UI {
	return resultsOrEmpty(e.res.Total, e.what(), e.path, append([]app.UI{e.table()}, under...)...)
}

// what names the rows: "deals", "equity records".
func (e *explorer) what() string {
	if e.noun != "" {
		return e.noun
	}
	return e.kind
}

func (e *explorer) renderForm() app.UI {
	id := dataset.Singular(e.kind) + "-filters"
	hidden := e.hiddenFilters()
	return app.Elem("form").ID(id).Class("filters").Attr("method", "get").Attr("action", ui.Href(e.path)).
		OnSubmit(e.onSubmit).Body(
		app.Elem("label").Attr("for", "f-q").Text("Search"),
		app.ElemSelfClosing("input").ID("f-q").Attr("name", "q").Attr("type", "search").Attr("placeholder", e.hint).
			Attr("value", e.form["q"]).OnInput(e.onInput("q")),
		app.If(len(e.ranges) > 0, app.Elem("fieldset").Body(
			app.Elem("legend").Text("Ranges"),
			app.Range(e.ranges).Slice(func(i int) app.UI {
				in := e.ranges[i]
				input := app.ElemSelfClosing("input").ID("f-"+in.param).Attr("name", in.param).Attr("type", "text").Attr("inputmode", "decimal").
					Attr("placeholder", in.hint).Attr("value", e.form[in.param]).OnInput(e.onInput(in.param))
				var msg app.UI
				if why := e.invalid[in.param]; why != "" {
					input = input.Aria("invalid", "true").Aria("describedby", "err-"+in.param)
					msg = app.Elem("p").ID("err-" + in.param).Class("input-error").Text(why)
				}
				return app.Elem("div").Class("range-field").Body(
					app.Elem("label").Attr("for", "f-"+in.param).Text(in.label),
					input,
					msg,
				)
			}),
		)),
		app.Range(hidden).Map(func(k string) app.UI {
			return app.ElemSelfClosing("input").Attr("type", "hidden").Attr("name", k).Attr("value", hidden[k])
		}),
		app.Elem("button").Attr("type", "submit").Class("primary").Text("Apply"),
		app.Elem("a").Class("reset").Attr("href", ui.Href(e.path)).Text("Reset all"),
	)
}

// hiddenFilters are the parameters of the view that the form does not
// show (facet filters, sort, columns), so that submitting it without the
// WASM keeps them.
func (e *explorer) hiddenFilters() map[string]string {
	out := map[string]string{}
	for k, vs := range withoutPaging(e.state.clone()) {
		if _, shown := e.form[k]; !shown && !e.isRange(k) {
			out[k] = strings.Join(vs, ",")
		}
	}
	return out
}

func (e *explorer) isRange(param string) bool {
	for _, r := range e.ranges {
		if r.param == param {
			return true
		}
	}
	return false
}

// onInput keeps what was typed, checks it, and applies the form 300 ms
// after the last keystroke: the results follow the search and ranges as
// they are typed. An input that does not read keeps the last valid results
// and says why.
func (e *explorer) onInput(param string) app.EventHandler {
	return func(ctx app.Context, ev app.Event) {
		val := ctx.JSSrc().Get("value").String()
		e.form[param], e.touched[param] = val, true
		if why := e.checkRange(param, val); why != "" {
			e.invalid[param] = why
		} else {
			delete(e.invalid, param)
		}
		e.typing++
		gen := e.typing
		ctx.After(300*time.Millisecond, func(ctx app.Context) {
			if gen == e.typing {
				e.apply(ctx, false)
			}
		})
	}
}

// onSubmit applies the search and ranges at once, as a new history entry.
func (e *explorer) onSubmit(ctx app.Context, ev app.Event) {
	ev.PreventDefault()
	e.typing++
	e.apply(ctx, true)
}

// formValues are the view's parameters with the form's changed inputs.
func (e *explorer) formValues() url.Values {
	v := withoutPaging(e.state.clone())
	for param, val := range e.form {
		if !e.touched[param] {
			continue
		}
		if val = strings.TrimSpace(val); val == "" {
			v.Del(param)
		} else {
			v.Set(param, e.rangeValue(param, val))
		}
	}
	return v
}

// apply shows the results of the form, unless an input is invalid: then
// the last valid results stay. Typing replaces the current history entry
// (Back does not step through keystrokes); submitting adds one.
func (e *explorer) apply(ctx app.Context, push bool) {
	if len(e.invalid) > 0 {
		return
	}
	link := e.state.link(e.formValues())
	if push || e.reload == nil {
		ctx.Navigate(link)
		return
	}
	u, err := url.Parse(link)
	if err != nil {
		return
	}
	app.Window().Get("history").Call("replaceState", nil, "", link)
	form, touched, reload := e.form, e.touched, e.reload
	reload(u)
	e.form, e.touched = form, touched
}

// rangeColumn is the column a range parameter ("mw_gte") filters.
func (e *explorer) rangeColumn(param string) (dataset.Column, bool) {
	name := strings.TrimSuffix(strings.TrimSuffix(param, "_gte"), "_lte")
	return column(e.kind, name)
}

// checkRange explains why a range input's text cannot be applied, or is "".
func (e *explorer) checkRange(param, val string) string {
	val = strings.TrimSpace(val)
	if val == "" || param == "q" {
		return ""
	}
	c, ok := e.rangeColumn(param)
	if !ok {
		return ""
	}
	if c.Kind == dataset.ColumnDate {
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
func (e *explorer) rangeValue(param, val string) string {
	if c, ok := e.rangeColumn(param); !ok || c.Kind != dataset.ColumnNumber {
		return val
	}
	if n, err := dataset.ParseNumber(val); err == nil {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return val
}

// rangeDisplay is how a range input shows a value from the URL: money
// compactly ("1785714" → "1.79M"), other figures as they are.
func (e *explorer) rangeDisplay(param, val string) string {
	c, ok := e.rangeColumn(param)
	if !ok || (c.Format != dataset.FormatMoney && c.Format != dataset.FormatRate) {
		return val
	}
	if n, err := strconv.ParseFloat(val, 64); err == nil {
		if s := dataset.Compact(n); e.rangeValue(param, s) == val {
			return s
		}
		return dataset.Thousands(n)
	}
	return val
}

// toolbar is the result count, the column chooser, the extras (an embed
// dialog) and the CSV download.
func (e *explorer) toolbar(extra ...app.UI) app.UI {
	shown := e.q.Columns()
	shownSet := map[string]bool{}
	for _, c := range shown {
		shownSet[c.Name] = true
	}
	all := kindColumns(e.kind)
	colsLink := e.state.colsLinks(all, shown)
	file := "powerbrokers-" + e.kind + ".csv"
	return app.Elem("div").Class("toolbar").Body(
		app.Elem("p").ID("result-count").Aria("live", "polite").Text(e.count()),
		app.Elem("details").Class("col-chooser").Body(
			app.Elem("summary").Text("Columns"),
			app.Elem("ul").Body(app.Range(all).Slice(func(i int) app.UI {
				c := all[i]
				a := app.Elem("a").Attr("href", colsLink(c.Name)).DataSet("col", c.Name).Text(c.Label)
				if c.Description != "" {
					a = a.Title(c.Description)
				}
				if shownSet[c.Name] {
					a = a.Class("selected").Aria("current", "true")
				}
				return app.Elem("li").Body(a)
			})),
		),
		app.Range(extra).Slice(func(i int) app.UI { return extra[i] }),
		app.Elem("a").ID("csv-download").Class("button").Attr("href", apiURL("/api/v1/"+e.kind+".csv")+queryString(e.state.v)).
			Attr("download", file).OnClick(e.onCSV).Text("Download CSV"),
	)
}

// count says how many rows match, of how many, and in which order.
func (e *explorer) count() string {
	s := fmt.Sprintf("%d of %d %s", e.res.Total, e.data.Len(e.kind), e.what())
	keys := e.q.Sort
	if len(keys) == 0 {
		keys = dataset.DefaultSort(e.kind)
	}
	if len(keys) > 0 {
		if c, ok := column(e.kind, keys[0].Column); ok {
			dir := "ascending"
			if keys[0].Desc {
				dir = "descending"
			}
			s += ", sorted by " + c.Label + " (" + dir + ")"
		}
	}
	return s
}

func (e *explorer) onCSV(ctx app.Context, ev app.Event) {
	ev.PreventDefault()
	if err := downloadCSV(e.data, e.q, "powerbrokers-"+e.kind+".csv"); err != nil {
		app.Log("csv download:", err)
	}
}

// table is the page of rows, sortable by any column.
func (e *explorer) table() app.UI {
	t := recordTable{kind: e.kind, cols: e.q.Columns(), rows: e.res.Rows, sort: e.q.Sort, state: &e.state, version: e.data.Version}
	if len(t.sort) == 0 {
		t.sort = dataset.DefaultSort(e.kind)
	}
	return t.UI()
}

// pager links the previous and next pages.
func (e *explorer) pager() app.UI {
	size := e.q.Size
	if size == 0 {
		size = dataset.DefaultSize
	}
	pages := (e.res.Total + size - 1) / size
	if pages <= 1 {
		return nil
	}
	cur := e.q.Page
	return app.Elem("nav").Class("pager").Aria("label", "Pages").Body(
		app.If(cur > 1, app.Elem("a").Attr("href", e.state.set("page", strconv.Itoa(cur-1))).Text("← Previous")),
		app.Elem("span").Text(fmt.Sprintf(" Page %d of %d ", cur, pages)),
		app.If(cur < pages, app.Elem("a").Attr("href", e.state.set("page", strconv.Itoa(cur+1))).Text("Next →")),
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
		app.Elem("p").Body(app.Elem("a").ID("clear-filters").Attr("href", ui.Href(path)).Text("Clear the filters")),
	)
}
