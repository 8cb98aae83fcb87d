package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// paramAsOf is the URL parameter that shows the data as it stood at a
// date (YYYY-MM or YYYY-MM-DD). Every page reads it: the snapshot it
// renders is dataset.Snapshot.AsOf of that date, computed in the browser
// from the offline copy as on the server.
const paramAsOf = "as_of"

// urlAsOf returns the valid as_of date of u, or "".
func urlAsOf(u *url.URL) dataset.Date {
	if u == nil {
		return ""
	}
	at, err := dataset.ParseAsOf(u.Query().Get(paramAsOf))
	if err != nil {
		return ""
	}
	return at
}

// refreshAt is refresh for the page at u: the snapshot as of u's as_of.
func (p *dataPage) refreshAt(u *url.URL) {
	p.refresh()
	if n := urlRevision(u); n > 0 && app.IsServer {
		p.snap, p.status = revisionSnapshot(n)
	}
	if p.snap != nil {
		p.snap = p.snap.AsOf(urlAsOf(u))
	}
}

// navHref is href(path) keeping the window's as_of, so that moving between
// pages stays at the chosen date (in the browser; the server's links are
// plain and the client's first render replaces them).
func navHref(path string) string {
	if !app.IsClient {
		return href(path)
	}
	at := urlAsOf(app.Window().URL())
	if at == "" {
		return href(path)
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return href(path) + sep + paramAsOf + "=" + string(at)
}

// asOfBar is the header's date control and, when a past date is shown,
// the plain statement that it is.
type asOfBar struct {
	app.Compo
	at    dataset.Date
	path  string
	query url.Values
	input string
}

func (b *asOfBar) OnPreRender(ctx app.Context) { b.read(ctx.Page().URL()) }
func (b *asOfBar) OnNav(ctx app.Context)       { b.read(ctx.Page().URL()) }
func (b *asOfBar) OnMount(ctx app.Context)     { b.read(ctx.Page().URL()) }

// OnInit reads the browser's URL for the first client render.
func (b *asOfBar) OnInit() {
	if u := clientURL(); u != nil {
		b.read(u)
	}
}

func (b *asOfBar) read(u *url.URL) {
	b.at = urlAsOf(u)
	b.path = appPathOf(u)
	b.query = u.Query()
	b.input = string(dataset.AsOfDay(b.at))
}

// link returns the current view at date at ("" for today's data), its
// other parameters kept and its paging reset.
func (b *asOfBar) link(at string) string {
	v := url.Values{}
	for k, vs := range b.query {
		v[k] = vs
	}
	v.Del("page")
	v.Del("next")
	if at == "" {
		v.Del(paramAsOf)
	} else {
		v.Set(paramAsOf, at)
	}
	return withQuery(href(b.path), v)
}

func (b *asOfBar) onInput(ctx app.Context, e app.Event) {
	b.input = ctx.JSSrc().Get("value").String()
}

func (b *asOfBar) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	at, err := dataset.ParseAsOf(b.input)
	if err != nil {
		return
	}
	ctx.Navigate(b.link(string(at)))
}

func (b *asOfBar) Render() app.UI {
	form := app.Elem("form").ID("as-of-form").Class("as-of-form").Attr("method", "get").Attr("action", href(b.path)).OnSubmit(b.onSubmit).Body(
		app.Elem("label").Attr("for", "as-of-input").Text("Data as of"),
		app.ElemSelfClosing("input").ID("as-of-input").Attr("type", "date").Attr("name", paramAsOf).
			Attr("min", "2019-01-01").Attr("value", b.input).OnChange(b.onInput).On("input", b.onInput),
		app.Elem("button").ID("as-of-apply").Attr("type", "submit").Text("Show"),
	)
	if b.at == "" {
		return app.Elem("div").ID("as-of").Class("as-of").Body(form)
	}
	return app.Elem("div").ID("as-of").Class("as-of as-of-past").Body(
		form,
		app.Elem("p").ID("as-of-banner").Class("as-of-banner").Attr("role", "status").Body(
			app.Elem("strong").Text("You are looking at a past date: "+string(dataset.AsOfDay(b.at))+". "),
			app.Text("Only deals announced, milestones observed or announced, and equity, financing and events dated by then count; capacity by stage is what the milestones said then. "),
			app.Elem("a").ID("as-of-today").Attr("href", b.link("")).Text("Back to today's data"),
		),
	)
}

// asOfQuery is the as_of of u as a query (empty without one): the query of
// the images of a view whose charts read nothing else.
func asOfQuery(u *url.URL) url.Values {
	v := url.Values{}
	if at := urlAsOf(u); at != "" {
		v.Set(paramAsOf, string(at))
	}
	return v
}
