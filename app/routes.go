// Package app is the Powerbrokers user interface, written with go-app v9 and
// compiled to WebAssembly. The server prerenders the same components from its
// snapshot, so the first HTML already holds the real tables and figures.
//
// Inside this package the identifier app means go-app.
package app

import (
	"net/url"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

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
	app.Route("/", &overviewPage{})
	app.Route("/deals", &dealsPage{})
	app.RouteWithRegexp("^/deals/[a-z0-9-]+$", &dealPage{})
	app.Route("/miners", &minersPage{})
	app.Route("/sites", &sitesPage{})
	app.RouteWithRegexp("^/miners/[a-z0-9-]+$", &minerPage{})
	app.Route("/equity", &equityPage{})
	app.RouteWithRegexp("^/equity/[a-z0-9-]+$", &equityRecordPage{})
	app.Route("/financing", &financingPage{})
	app.RouteWithRegexp("^/financing/[a-z0-9-]+$", &financingRecordPage{})
	app.Route("/embed/equity", &embedEquityPage{})
	app.Route("/embed/financing", &embedFinancingPage{})
	app.Route("/compare", &comparePage{})
	app.Route("/economics", &economicsPage{})
	app.Route("/exposure", &exposurePage{})
	app.Route("/timeline", &timelinePage{})
	app.Route("/embed/exposure", &embedExposurePage{})
	app.Route("/embed/deals", &embedDealsPage{})
	app.RouteWithRegexp("^/embed/miner/[a-z0-9-]+$", &embedMinerPage{})
	app.Route("/embed/capacity", &embedCapacityPage{})
	app.Route("/embed/timeline", &embedTimelinePage{})
	app.Route("/embed/map", &embedMapPage{})
	app.Route("/embed/economics", &embedEconomicsPage{})
	app.RouteWithRegexp("^/counterparties/[a-z0-9-]+$", &counterpartyPage{})
	// Last: every other path is the app's not-found page.
	app.RouteWithRegexp("^/", &notFoundPage{})
	app.Handle(actionRevalidate, handleRevalidate)
}

// href prefixes an absolute app path with the base path the app is served
// under (go-app's root prefix), so links stay inside a mounted explorer.
func href(path string) string {
	return rootPrefix() + path
}

// rootPrefix is go-app's root prefix. In the browser it is read once: each
// app.Getenv there is a call into JavaScript, and a results page builds
// hundreds of links. The server reads it each time (tests serve under
// several base paths from one process).
func rootPrefix() string {
	if app.IsClient {
		return clientRootPrefix()
	}
	return app.Getenv("GOAPP_ROOT_PREFIX")
}

var clientRootPrefix = sync.OnceValue(func() string { return app.Getenv("GOAPP_ROOT_PREFIX") })

// apiURL returns the URL of an API path such as "/api/v1/snapshot".
func apiURL(path string) string {
	return href(path)
}

// appPathOf returns the path of u without the base path. The server
// prerenders with the prefix already stripped; the browser sees it.
func appPathOf(u *url.URL) string {
	path := u.Path
	if prefix := rootPrefix(); prefix != "" && strings.HasPrefix(path, prefix+"/") {
		return strings.TrimPrefix(path, prefix)
	}
	return path
}

// warmFirstRender renders the window's page once before the app starts, if
// it is the overview or an explorer, the pages with the largest blocks of
// markup (charts, result tables, facets): they are then in markupCache when
// go-app mounts the page, so that building them does not join the mount,
// one synchronous task.
func warmFirstRender() {
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
	render()
	yield()
}
