package app

import (
	"net/url"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/embed"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// The embed pages ("/embed/<view>") build on embedBase below; the render
// flags and the height protocol they share with the "Embed this view" dialog
// are package embed's.

// chartView is the query of the embed's chart images: the as_of date shown
// and the parameters named in keep that the embed's query sets.
func (b *embedBase) chartView(keep ...string) url.Values {
	v := url.Values{}
	if b.at != "" {
		v.Set(paramAsOf, string(b.at))
	}
	for _, k := range keep {
		if vs, ok := b.query[k]; ok {
			v[k] = slices.Clone(vs)
		}
	}
	return v
}

// embedBase is embedded by every embed page, next to dataPage: it reads the
// URL (path, view query, render flags) and keeps the data fresh.
type embedBase struct {
	dataPage
	path  string     // the app path without the root prefix: "/embed/miner/iren"
	query url.Values // the view query, render flags removed
	opts  embed.Options
	at    dataset.Date // the as_of date shown, "" for today's data
}

// loadEmbed reads the data and the URL u; embed pages call it from their
// prepare step.
func (b *embedBase) loadEmbed(u *url.URL) {
	b.refreshAt(u)
	b.at = urlAsOf(u)
	// The server sees the path with its prefix already stripped; the
	// browser sees the full path.
	b.path = appPathOf(u)
	all := u.Query()
	b.opts = embed.ParseOptions(all)
	b.query = embed.ViewQuery(all)
	if app.IsClient {
		root := app.Window().Get("document").Get("documentElement")
		root.Call("setAttribute", "data-theme", b.opts.Theme)
		root.Call("setAttribute", "data-embed", "1")
	}
}

// mountEmbed subscribes the page to data changes, starts the height reports
// to the parent page and revalidates the data; call it from OnMount. Unlike
// the full UI, which asks before showing newer data, an embed has no chrome
// to ask in, so it shows newer data as soon as it arrives.
func (b *embedBase) mountEmbed(ctx app.Context, reload func(ctx app.Context)) {
	b.observe(ctx, func(ctx app.Context) {
		if currentStatus().Pending {
			applyPending()
		}
		reload(ctx)
	})
	embed.StartHeightReports()
	if time.Since(lastRevalidate) > time.Minute {
		lastRevalidate = time.Now()
		ctx.NewAction(actionRevalidate)
	}
}

// embedPage wraps an embed view: no header, navigation or status bar; a
// title (unless plain), the view, and a footer naming the source, the data
// date and a link to the full view (unless plain). full is the app path of
// the full view, with its query.
func (b *embedBase) embedPage(title, full string, main ...app.UI) app.UI {
	class := "pb-embed"
	if b.opts.Plain {
		class += " pb-embed-plain"
	}
	if b.opts.Transparent {
		class += " pb-embed-transparent"
	}
	asOf := ""
	if b.snap != nil {
		asOf = string(b.snap.Data.Meta.AsOf)
	}
	return app.Elem("div").ID("pb-embed").Class(class).
		DataSet("client", clientMarker()).DataSet("theme", b.opts.Theme).
		OnClick(openLinksOutside).Body(
		&revisionBar{Compact: true},
		app.If(!b.opts.Plain && title != "", app.Elem("h1").Class("pb-embed-title").Text(title)),
		// A past date is said even in a plain embed.
		app.If(b.at != "", app.Elem("p").ID("pb-embed-past").Class("pb-embed-past").
			Text("As the data stood on "+string(dataset.AsOfDay(b.at))+", a past date")),
		app.Elem("main").Class("pb-embed-main").Body(main...),
		app.If(!b.opts.Plain,
			app.Elem("footer").Class("pb-embed-footer").Body(
				app.Text("Source: "),
				app.Elem("a").Attr("href", ui.Href("/")).Attr("target", "_blank").Attr("rel", "noopener").Text("Powerbrokers"),
				app.If(asOf != "", app.Text(" · data as of "), app.Elem("time").Attr("datetime", asOf).Text(asOf)),
				app.Text(" · "),
				app.Elem("a").ID("pb-embed-open").Attr("href", ui.Href(full)).Attr("target", "_blank").Attr("rel", "noopener").Text("open in Powerbrokers"),
				app.Text(" · "),
				licenceLink(),
				&citeControl{Full: full},
			),
		).Else(
			// A plain embed still credits its source and licence, in one
			// small line: CC BY asks for the attribution.
			app.Elem("p").ID("pb-embed-credit").Class("pb-embed-credit").Body(
				app.Elem("a").Attr("href", ui.Href(full)).Attr("target", "_blank").Attr("rel", "noopener").Text(dataset.Publisher),
				app.Text(" · "),
				licenceLink(),
			),
		),
	)
}

// embedMessage shows why an embed has nothing to show (no data yet, a bad
// query, an unknown record) in the embed's frame.
func (b *embedBase) embedMessage(full string, msg app.UI) app.UI {
	return b.embedPage("", full, msg)
}

// openLinksOutside opens every link of an embed in a new tab instead of
// inside the portal's frame: it stops the click before go-app's window-level
// handler, which would navigate in place.
func openLinksOutside(ctx app.Context, e app.Event) {
	a := e.Get("target").Call("closest", "a[href]")
	if !a.Truthy() {
		return
	}
	e.Call("stopPropagation")
	if e.Get("defaultPrevented").Bool() || a.Call("getAttribute", "target").String() == "_blank" ||
		e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("shiftKey").Bool() {
		return // handled (a map pin), or the browser opens a new tab already
	}
	e.PreventDefault()
	// getAttribute, not .href: an SVG <a> has no string href property.
	app.Window().Call("open", a.Call("getAttribute", "href").String(), "_blank", "noopener")
}
