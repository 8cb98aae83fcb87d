package app

import (
	"errors"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
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

// navHref is ui.Href(path) keeping the window's as_of, so that moving between
// pages stays at the chosen date (in the browser; the server's links are
// plain, and keepAsOfOnLinks corrects any link when it is used).
func navHref(path string) string {
	if !app.IsClient {
		return ui.Href(path)
	}
	return withAsOf(ui.Href(path), urlAsOf(app.Window().URL()))
}

// withAsOf is link (an app URL: path and query) at date at: link itself
// when at is "" or link already names a date.
func withAsOf(link string, at dataset.Date) string {
	if at == "" {
		return link
	}
	path, frag, _ := strings.Cut(link, "#")
	base, query, _ := strings.Cut(path, "?")
	v, err := url.ParseQuery(query)
	if err != nil || v.Has(paramAsOf) {
		return link
	}
	v.Set(paramAsOf, string(at))
	out := ui.WithQuery(base, v)
	if frag != "" {
		out += "#" + frag
	}
	return out
}

// noAsOfAttr marks a link that deliberately leaves the date (Back to
// today's data): keepAsOfOnLinks leaves it alone.
const noAsOfAttr = "data-no-as-of"

// plainHrefAttr holds a link's own href while its href carries the
// window's date.
const plainHrefAttr = "data-plain-href"

// datedLinks are the links keepAsOfOnLinks may date: not downloads, not
// the ones marked to leave the date.
const datedLinks = "a[href]:not([download]):not([" + noAsOfAttr + "])"

// keepAsOfOnLinks makes every in-app link of the page keep the window's
// as_of. The tables, charts, breadcrumbs and chains are built once per view
// (and cached) from app paths; rather than thread the date through each,
// the links are corrected in the page: each batch of new nodes or changed
// hrefs is swept once (a MutationObserver; fixLink changes nothing on a
// second pass, so its own edits end there), and a link is checked again as
// the pointer or the keyboard reaches it and when it is clicked (before
// go-app's own click handler, which navigates to the link's href). So the
// page shows, copies, prints and follows its links at the date; at today's
// date only the links dated earlier are looked at, and put back.
func keepAsOfOnLinks() {
	doc := app.Window().Get("document")
	fix := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		t := args[0].Get("target")
		if !t.Truthy() || !t.Get("closest").Truthy() {
			return nil
		}
		if a := t.Call("closest", datedLinks); a.Truthy() {
			fixLink(a, urlAsOf(app.Window().URL()))
		}
		return nil
	})
	for _, ev := range []string{"click", "auxclick", "contextmenu", "pointerover", "focusin"} {
		doc.Call("addEventListener", ev, fix, true)
	}
	sweep := app.FuncOf(func(app.Value, []app.Value) any {
		at := urlAsOf(app.Window().URL())
		sel := "a[" + plainHrefAttr + "]"
		if at != "" {
			sel = datedLinks
		}
		links := doc.Call("querySelectorAll", sel)
		for i, n := 0, links.Length(); i < n; i++ {
			fixLink(links.Index(i), at)
		}
		return nil
	})
	app.Window().Get("MutationObserver").New(sweep).Call("observe", doc, map[string]any{
		"childList": true, "subtree": true, "attributes": true, "attributeFilter": []any{"href"},
	})
	sweep.Invoke()
}

// fixLink sets anchor a's href to its own link at date at (its own link
// for today's data, at ""). A link that names a date of its own is left
// alone. Two calls into the browser for a link already right.
func fixLink(a app.Value, at dataset.Date) {
	cur := a.Call("getAttribute", "href").String()
	if at != "" && hasAsOf(cur, at) {
		return
	}
	plain := cur
	if strings.Contains(cur, paramAsOf+"=") {
		p := a.Call("getAttribute", plainHrefAttr)
		if !p.Truthy() {
			return
		}
		plain = p.String()
	}
	if !isAppLink(plain) {
		return
	}
	want := withAsOf(plain, at)
	if want == cur {
		return
	}
	if want == plain {
		a.Call("removeAttribute", plainHrefAttr)
	} else {
		a.Call("setAttribute", plainHrefAttr, plain)
	}
	a.Call("setAttribute", "href", want)
}

// hasAsOf reports whether link's query sets as_of to at.
func hasAsOf(link string, at dataset.Date) bool {
	param := paramAsOf + "=" + string(at)
	for i := 0; ; {
		j := strings.Index(link[i:], param)
		if j < 0 {
			return false
		}
		i += j
		end := i + len(param)
		if i > 0 && (link[i-1] == '?' || link[i-1] == '&') && (end == len(link) || link[end] == '&' || link[end] == '#') {
			return true
		}
		i = end
	}
}

// isAppLink reports whether link is a page of this app (an absolute path
// under the base path, not the API's or a static file's).
func isAppLink(link string) bool {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return false
	}
	p := ui.RootPrefix()
	if p != "" {
		if link != p && !strings.HasPrefix(link, p+"/") && !strings.HasPrefix(link, p+"?") {
			return false
		}
		link = strings.TrimPrefix(link, p)
	}
	return !strings.HasPrefix(link, "/api/") && !strings.HasPrefix(link, "/web/") && link != "/manifest.webmanifest" && !strings.HasSuffix(strings.SplitN(link, "?", 2)[0], ".js")
}

// asOfBar is the header's date control and, when a past date is shown,
// the plain statement that it is.
type asOfBar struct {
	app.Compo
	at    dataset.Date
	path  string
	query url.Values
	input string
	// bad is the URL's as_of when it is not a date (shown as an error;
	// the page shows today's data), or the date control's rejected input.
	bad    string
	badWhy string
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
	b.bad, b.badWhy = "", ""
	if raw := b.query.Get(paramAsOf); b.query.Has(paramAsOf) {
		if _, err := dataset.ParseAsOf(raw); err != nil {
			b.bad, b.badWhy = raw, asOfProblem(err)
		}
	}
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
	return ui.WithQuery(ui.Href(b.path), v)
}

func (b *asOfBar) onInput(ctx app.Context, e app.Event) {
	b.input = ctx.JSSrc().Get("value").String()
}

func (b *asOfBar) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	at, err := dataset.ParseAsOf(b.input)
	if err != nil {
		b.bad, b.badWhy = b.input, asOfProblem(err)
		return
	}
	ctx.Navigate(b.link(string(at)))
}

func (b *asOfBar) Render() app.UI {
	input := app.ElemSelfClosing("input").ID("as-of-input").Attr("type", "date").Attr("name", paramAsOf).
		Attr("min", "2019-01-01").Attr("value", b.input).OnChange(b.onInput).On("input", b.onInput)
	if b.bad != "" {
		input = input.Attr("aria-invalid", "true").Attr("aria-describedby", "as-of-error")
	}
	form := app.Elem("form").ID("as-of-form").Class("as-of-form").Attr("method", "get").Attr("action", ui.Href(b.path)).OnSubmit(b.onSubmit).Body(
		app.Elem("label").Attr("for", "as-of-input").Text("Show the data as of"),
		input,
		app.Elem("button").ID("as-of-apply").Attr("type", "submit").Text("Show"),
	)
	if b.bad != "" {
		return app.Elem("div").ID("as-of").Class("as-of as-of-invalid").Body(
			form,
			app.Elem("p").ID("as-of-error").Class("as-of-banner param-warning").Attr("role", "alert").
				Text(clip(b.badWhy, 140)+". This page shows today's data."),
		)
	}
	if b.at == "" {
		return app.Elem("div").ID("as-of").Class("as-of").Body(form)
	}
	return app.Elem("div").ID("as-of").Class("as-of as-of-past").Body(
		form,
		app.Elem("p").ID("as-of-banner").Class("as-of-banner").Attr("role", "status").Body(
			app.Elem("strong").Text("You are looking at a past date: "+string(dataset.AsOfDay(b.at))+". "),
			app.Text("Only deals announced, milestones observed or announced, and equity, financing and events dated by then count; capacity by stage is what the milestones said then. "),
			app.Elem("a").ID("as-of-today").Attr("href", b.link("")).Attr(noAsOfAttr, "").Text("Back to today's data"),
		),
	)
}

// asOfProblem says what is wrong with a date, for a reader.
func asOfProblem(err error) string {
	var e *dataset.Error
	if errors.As(err, &e) {
		return "The date " + e.Message
	}
	return err.Error()
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
