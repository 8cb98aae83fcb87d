package app

import (
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// revisionBar is the banner of a page that shows a past revision: which,
// of when, the newest, and a link to the same view in the latest data.
// Compact is the embeds' one-line form. It renders an empty element on
// the latest data.
type revisionBar struct {
	app.Compo
	Compact bool
	n       int
	rev     dataset.Revision
	latest  dataset.Revision
	view    string // the same view in the latest data
}

func (b *revisionBar) OnPreRender(ctx app.Context) { b.read(ctx.Page().URL()) }
func (b *revisionBar) OnNav(ctx app.Context)       { b.read(ctx.Page().URL()) }
func (b *revisionBar) OnMount(ctx app.Context) {
	b.read(ctx.Page().URL())
	if b.n > 0 {
		observeData(ctx, func(ctx app.Context, _ dataStatus) { b.read(ctx.Page().URL()) })
	}
}

// OnInit reads the browser's URL for the first client render.
func (b *revisionBar) OnInit() {
	if u := clientURL(); u != nil {
		b.read(u)
	}
}

func (b *revisionBar) read(u *url.URL) {
	b.n = urlRevision(u)
	if b.n == 0 {
		return
	}
	b.rev, b.latest = revisionInfo(b.n)
	q := u.Query()
	q.Del("page")
	q.Del("next")
	b.view = ui.WithQuery(latestHref(appPathOf(u)), q)
}

func (b *revisionBar) Render() app.UI {
	bar := app.Elem("div").ID("revision-banner").Class("revision-banner")
	if b.n == 0 || b.rev.Number == 0 { // the latest data, or no such revision
		return bar.Class("revision-none")
	}
	bar = bar.Attr("role", "status").DataSet("revision", b.n).
		DataSet("latest-rev", b.latest.Number).DataSet("latest-day", b.latest.Day())
	if b.Compact {
		bar = bar.Class("revision-compact")
	}
	of := ""
	if day := b.rev.Day(); day != "" {
		of = " of " + day
	}
	latest := ""
	switch {
	case b.latest.Number == b.n:
		latest = ", the latest"
	case b.latest.Number > 0:
		latest = "; the latest is " + strconv.Itoa(b.latest.Number)
	}
	link := app.Elem("a").ID("revision-latest").Attr("href", b.view).Attr("data-latest-link", "1")
	if b.Compact {
		return bar.Body(
			app.Text("Revision "+strconv.Itoa(b.n)+of+latest+" · "),
			link.Attr("target", "_blank").Attr("rel", "noopener").Text("see the latest"),
		)
	}
	return bar.Body(
		app.Elem("strong").Text("You are viewing revision "+strconv.Itoa(b.n)+of+latest+" — "),
		link.Text("see the latest"),
	)
}
