// Package app is the Powerbrokers user interface, written with go-app v9 and
// compiled to WebAssembly. The server prerenders the same components from its
// snapshot, so the first HTML already holds the real tables and figures.
//
// Inside this package the identifier app means go-app.
package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// Routes registers every page. Both mains call it: go-app's server answers
// 404 for any path without a route. On the server, src returns the current
// snapshot for prerendering; in the browser it is nil and the pages read the
// client's cached copy instead.
func Routes(src func() *dataset.Snapshot) {
	if src != nil {
		serverSource = src
	}
	route("/", &overviewPage{})
	route("/deals", &dealsPage{})
	routeRE("^/deals/[a-z0-9-]+$", &dealPage{})
	route("/miners", &minersPage{})
	route("/sites", &sitesPage{})
	routeRE("^/miners/[a-z0-9-]+$", &minerPage{})
	route("/equity", &equityPage{})
	routeRE("^/equity/[a-z0-9-]+$", &equityRecordPage{})
	route("/financing", &financingPage{})
	routeRE("^/financing/[a-z0-9-]+$", &financingRecordPage{})
	route("/embed/equity", &embedEquityPage{})
	route("/embed/financing", &embedFinancingPage{})
	route("/compare", &comparePage{})
	route("/economics", &economicsPage{})
	route("/exposure", &exposurePage{})
	route("/timeline", &timelinePage{})
	route("/changes", &changesPage{})
	route("/embed/exposure", &embedExposurePage{})
	route("/embed/deals", &embedDealsPage{})
	routeRE("^/embed/miner/[a-z0-9-]+$", &embedMinerPage{})
	route("/embed/capacity", &embedCapacityPage{})
	route("/embed/timeline", &embedTimelinePage{})
	route("/embed/map", &embedMapPage{})
	route("/embed/economics", &embedEconomicsPage{})
	routeRE("^/counterparties/[a-z0-9-]+$", &counterpartyPage{})
	// Last: every other path is the app's not-found page.
	app.RouteWithRegexp("^/", &notFoundPage{})
	app.Handle(actionRevalidate, handleRevalidate)
}

// apiURL returns the URL of an API path such as "/api/v1/snapshot".
func apiURL(path string) string {
	return ui.Href(path)
}

// appPathOf returns the path of u without the base path. The server
// prerenders with the prefix already stripped; the browser sees it.
func appPathOf(u *url.URL) string {
	path := u.Path
	if prefix := ui.RootPrefix(); prefix != "" && path == prefix {
		return "/"
	} else if prefix != "" && strings.HasPrefix(path, prefix+"/") {
		path = strings.TrimPrefix(path, prefix)
	}
	if app.IsServer {
		// The server's path of a revision's page keeps its /v/N.
		if n, rest, _ := dataset.SplitRevisionPath(path); n > 0 {
			return rest
		}
	}
	return path
}

// warmFirstRender renders the window's page once before the app starts, if
// it is the overview or an explorer, the pages with the largest blocks of
// markup (charts, result tables, facets): they are then in markupCache when
// go-app mounts the page, so that building them does not join the mount,
// one synchronous task.
func warmFirstRender() {
	yield() // after saving the offline copy: its own task
	u := app.Window().URL()
	var render func() app.UI
	switch appPathOf(u) {
	case "/":
		p := &overviewPage{}
		p.prepare(u)
		render = p.Render
	case "/deals":
		p := &dealsPage{}
		p.prepare(u)
		render = p.Render
	case "/miners":
		p := &minersPage{}
		p.prepare(u)
		render = p.Render
	case "/sites":
		p := &sitesPage{}
		p.prepare(u)
		render = p.Render
	default:
		return
	}
	yield()
	warming = newSlicer()
	render()
	warming = nil
	yield()
}
