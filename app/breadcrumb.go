package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
)

// crumb is one step of a breadcrumb; the current record has no path.
type crumb struct{ label, path string }

// breadcrumb names where a record sits: "Deals / IREN–Microsoft AI cloud
// contract", the last step being the current page.
func breadcrumb(cs ...crumb) app.UI {
	return app.Elem("nav").Class("breadcrumb").Aria("label", "Breadcrumb").Body(
		app.Elem("ol").Body(app.Range(cs).Slice(func(i int) app.UI {
			c := cs[i]
			if c.path == "" {
				return app.Elem("li").Body(app.Elem("span").Aria("current", "page").Text(c.label))
			}
			return app.Elem("li").Body(app.Elem("a").Attr("href", ui.Href(c.path)).Text(c.label))
		})),
	)
}

// notFoundView is the app's page for a record or route that does not
// exist. The server answers it with HTTP 404 (server/not_found.go), and
// the service worker and the static copy serve it for unknown paths.
func notFoundView(active, title, why, back, backLabel string) app.UI {
	return page(active,
		app.Elem("div").ID("not-found").Class("not-found").DataSet("status", "404").Body(
			app.Elem("h1").Text(title),
			app.Elem("p").Text(why),
			app.Elem("p").Body(
				app.Elem("a").Attr("href", ui.Href(back)).Text(backLabel),
				app.Text(" · "),
				app.Elem("a").Attr("href", ui.Href("/")).Text("Overview"),
			),
		),
	)
}
