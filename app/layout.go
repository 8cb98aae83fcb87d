package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// page wraps a view in the common chrome: skip link, header with navigation,
// the data status bar and the footer.
func page(active string, main ...app.UI) app.UI {
	nav := []struct{ path, label, key string }{
		{"/", "Overview", "overview"},
		{"/deals", "Deals", "deals"},
		{"/miners", "Miners", "miners"},
		{"/sites", "Sites", "sites"},
		{"/equity", "Equity", "equity"},
		{"/financing", "Financing", "financing"},
		{"/compare", "Compare", "compare"},
		{"/economics", "Economics", "economics"},
		{"/timeline", "Timeline", "timeline"},
		{"/exposure", "Exposure", "exposure"},
	}
	return app.Elem("div").ID("pb-root").Class("pb-root").DataSet("client", clientMarker()).Body(
		app.Elem("a").Class("skip-link").Attr("href", "#main").Text("Skip to content"),
		app.Elem("header").Class("pb-header").Body(
			app.Elem("a").Class("pb-brand").Attr("href", ui.Href("/")).Text("Powerbrokers"),
			app.Elem("nav").Aria("label", "Main").Body(
				app.Elem("ul").Body(app.Range(nav).Slice(func(i int) app.UI {
					a := app.Elem("a").Attr("href", navHref(nav[i].path)).Text(nav[i].label)
					if nav[i].key == active {
						a = a.Aria("current", "page").Class("active")
					}
					return app.Elem("li").Body(a)
				})),
			),
			&themeToggle{},
		),
		&statusBar{},
		&asOfBar{},
		&revisionBar{},
		app.Elem("main").ID("main").Body(main...),
		app.Elem("footer").Class("pb-footer").Body(
			app.Elem("p").Text("Every figure links to its public source. Unknown figures read \"not disclosed\". Not investment advice."),
			licenceLine(),
			&citeControl{},
		),
	)
}

// licenceLine states the data's licence, linked, in a footer.
func licenceLine() app.UI {
	return app.Elem("p").Class("pb-licence").Body(
		app.Text("Data: our compilation, "),
		licenceLink(),
		app.Text("; the sources keep their own rights. "),
		app.Elem("a").Attr("href", apiURL("/api/v1/datapackage.zip")).Attr("download", "").Text("Download the data package"),
	)
}

// loadingView is shown while there is no data yet, or why there is none.
func loadingView(st dataStatus) app.UI {
	if st.NoRevision > 0 {
		return app.Elem("div").ID("not-found").Class("not-found").DataSet("status", "404").Body(
			app.Elem("h1").Text("Revision not found"),
			app.Elem("p").Text(st.Err+" The published revisions are listed at "+latestHref("/api/v1/revisions")+"."),
			app.Elem("p").Body(
				app.Elem("a").Attr("href", latestHref("/")).Attr("data-latest-link", "1").Text("The latest data"),
			),
		)
	}
	if st.Err != "" {
		return app.Elem("div").Class("state state-error").Aria("live", "polite").Text(st.Err)
	}
	return app.Elem("div").Class("state state-loading").Aria("live", "polite").Text("Loading data…")
}

// sourcesList renders the sources of a record as links.
func sourcesList(title string, ss []dataset.Source) app.UI {
	var w markup.Writer
	w.Open("section", "class", "sources")
	w.Elem("h2", title)
	w.Open("ol")
	for _, s := range ss {
		label := s.Title
		if label == "" {
			label = s.URL
		}
		w.Open("li")
		w.Elem("a", label, "href", s.URL, "rel", "noopener noreferrer", "target", "_blank")
		w.Elem("span", " — "+s.Publisher+ui.DateSuffix(string(s.Date)), "class", "muted")
		if s.Kind != "" {
			w.Elem("span", s.Kind, "class", "source-kind source-"+s.Kind, "title", "kind of source: "+s.Kind)
		}
		w.Close("li")
	}
	w.Close("ol")
	w.Close("section")
	return w.UI()
}

// clientMarker is "1" once the WASM renders the page and "0" in prerendered
// HTML, so tests and styles can tell the two apart.
func clientMarker() string {
	if app.IsClient {
		return "1"
	}
	return "0"
}

// licenceLink links the data's licence (see dataset.LicenceURL).
func licenceLink() app.UI {
	return app.Elem("a").Attr("href", dataset.LicenceURL).Attr("rel", "license noopener").Attr("target", "_blank").Text("CC BY 4.0")
}
