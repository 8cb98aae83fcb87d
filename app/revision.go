package app

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// Dated versions. Every published revision of the data stays readable at
// /v/{revision}/… (see dataset.SplitRevisionPath). The server prerenders
// those pages from the revision's data. In the browser, a document opened
// under /v/N shows revision N for its whole life: Boot makes go-app's root
// prefix <base>/v/N, so go-app routes the rest of the path as usual and
// every link ui.Href() builds, and every API URL apiURL() builds, stays under
// /v/N; the data is that revision's snapshot (never the offline copy of
// the latest, which it leaves alone). A link that leaves the revision (to
// the latest, or to another revision) loads a new document.

// viewed is the revision the browser's document shows (n is 0 for the
// latest data).
var viewed struct {
	mu     sync.Mutex
	n      int
	base   string           // the base path, without /v/N
	rev    dataset.Revision // revision n, from its snapshot
	latest dataset.Revision // the newest revision, once known
}

// serverRevision returns a revision's snapshot while prerendering (nil and
// an ENOTFOUND error for an unknown revision); serverLatest the newest
// revision.
var (
	serverRevision func(n int) (*dataset.Snapshot, dataset.Revision, error)
	serverLatest   func() dataset.Revision
)

// ServeRevisions lets the server prerender /v/{revision}/ pages: get
// returns a revision's snapshot, latest the newest revision.
func ServeRevisions(get func(n int) (*dataset.Snapshot, dataset.Revision, error), latest func() dataset.Revision) {
	serverRevision, serverLatest = get, latest
}

// revisionRoute returns the pattern of the /v/{revision}/ twin of a route:
// a path ("/deals") or a regexp ("^/deals/[a-z0-9-]+$").
func revisionRoute(pattern string) string {
	const rev = `^/v/[1-9][0-9]{0,9}`
	if p, ok := strings.CutPrefix(pattern, "^"); ok {
		return rev + p
	}
	if pattern == "/" {
		return rev + `/?$`
	}
	return rev + regexpQuote(pattern) + "$"
}

// regexpQuote quotes the few metacharacters an app path can hold.
func regexpQuote(s string) string {
	return strings.NewReplacer(".", `\.`, "+", `\+`, "?", `\?`).Replace(s)
}

// route registers a page at path and at /v/{revision}/path.
func route(path string, c app.Composer) {
	warmRoutes = append(warmRoutes, warmRoute{path: path, page: c})
	app.Route(path, c)
	app.RouteWithRegexp(revisionRoute(path), c)
}

// routeRE registers a page at a regexp and at its /v/{revision}/ twin.
func routeRE(pattern string, c app.Composer) {
	warmRoutes = append(warmRoutes, warmRoute{pattern: pattern, page: c})
	app.RouteWithRegexp(pattern, c)
	app.RouteWithRegexp(revisionRoute(pattern), c)
}

// bootRevision, called first thing in the browser, reads the revision of
// the document's URL: under /v/N it moves go-app's root prefix to
// <base>/v/N. Either way it makes links that leave the document's
// revision load a new document.
func bootRevision() {
	base := app.Getenv("GOAPP_ROOT_PREFIX")
	n := 0
	if p := app.Window().URL().Path; base == "" || p == base || strings.HasPrefix(p, base+"/") {
		n, _, _ = dataset.SplitRevisionPath(strings.TrimPrefix(p, base))
	}
	viewed.n, viewed.base = n, base
	leaveRevisionByReload(base, n)
	if n == 0 {
		return
	}
	prefix := base + "/v/" + strconv.Itoa(n)
	getenv := app.Window().Get("goappGetenv")
	app.Window().Set("goappGetenv", app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		name := args[0].String()
		if name == "GOAPP_ROOT_PREFIX" {
			return prefix
		}
		if v := getenv.Invoke(name); v.Truthy() {
			return v.String()
		}
		return nil
	}))
	readPrerenderedLatest()
}

// leaveRevisionByReload stops, before go-app's window-level handler, a
// click on a link of this origin whose revision differs from the
// document's (n, 0 for the latest): the browser follows it and loads a new
// document, with the data of its revision.
func leaveRevisionByReload(base string, n int) {
	app.Window().Call("addEventListener", "click", app.FuncOf(func(_ app.Value, args []app.Value) any {
		e := args[0]
		t := e.Get("target")
		if !t.Truthy() || !t.Get("closest").Truthy() {
			return nil
		}
		a := t.Call("closest", "a[href]")
		if !a.Truthy() {
			return nil
		}
		loc := app.Window().Get("location")
		u, err := url.Parse(a.Call("getAttribute", "href").String())
		if err != nil {
			return nil
		}
		here, err := url.Parse(loc.Get("href").String())
		if err != nil {
			return nil
		}
		u = here.ResolveReference(u)
		if u.Host != here.Host || (base != "" && u.Path != base && !strings.HasPrefix(u.Path, base+"/")) {
			return nil
		}
		to, _, under := dataset.SplitRevisionPath(strings.TrimPrefix(u.Path, base))
		if (under && to != n) || (!under && n != 0) {
			e.Call("stopPropagation")
		}
		return nil
	}), true)
}

// readPrerenderedLatest takes the newest revision from the prerendered
// banner, so that the first client render says what the page said.
func readPrerenderedLatest() {
	el := app.Window().Get("document").Call("getElementById", "revision-banner")
	if !el.Truthy() {
		return
	}
	n, _ := dataset.ParseRevision(el.Call("getAttribute", "data-latest-rev").String())
	day := el.Call("getAttribute", "data-latest-day").String()
	setLatest(n, day)
}

// setLatest records the newest revision and the day it was published.
func setLatest(n int, day string) {
	if n == 0 {
		return
	}
	viewed.mu.Lock()
	defer viewed.mu.Unlock()
	viewed.latest.Number = n
	if t, err := dataset.Date(day).Time(); err == nil {
		viewed.latest.Published = t
	}
}

// fetchLatestRevision asks the server for the newest revision (the
// prerendered page may come from the service worker's cache) and tells
// the page. It blocks: call it in a goroutine.
func fetchLatestRevision() {
	res, err := fetchText(viewed.base+"/api/v1/revisions?limit=1", nil)
	if err != nil || res.Status != 200 {
		return
	}
	var list struct {
		Revisions []dataset.Revision `json:"revisions"`
	}
	if json.Unmarshal([]byte(res.Body), &list) != nil || len(list.Revisions) == 0 {
		return
	}
	viewed.mu.Lock()
	viewed.latest = list.Revisions[0]
	viewed.mu.Unlock()
	publishData(currentStatus())
}

// urlRevision is the revision the page at u shows: the document's in the
// browser, the path's on the server (which sees it without the base path).
func urlRevision(u *url.URL) int {
	if app.IsClient {
		return viewed.n
	}
	if u == nil {
		return 0
	}
	n, _, _ := dataset.SplitRevisionPath(u.Path)
	return n
}

// revisionInfo returns revision n and the newest revision (numbered 0
// when unknown).
func revisionInfo(n int) (rev, latest dataset.Revision) {
	if app.IsServer {
		if serverRevision != nil {
			_, rev, _ = serverRevision(n)
		}
		if serverLatest != nil {
			latest = serverLatest()
		}
		return rev, latest
	}
	viewed.mu.Lock()
	defer viewed.mu.Unlock()
	return viewed.rev, viewed.latest
}

// revisionSnapshot is the snapshot the server prerenders revision n from,
// or nil and the status saying there is no such revision.
func revisionSnapshot(n int) (*dataset.Snapshot, dataStatus) {
	if serverRevision != nil {
		if snap, _, err := serverRevision(n); err == nil {
			return snap, dataStatus{Version: snap.Version, Source: "revision"}
		}
	}
	return nil, missingRevision(n)
}

// missingRevision is the status of a page of a revision that does not exist.
func missingRevision(n int) dataStatus {
	return dataStatus{NoRevision: n, Err: "There is no revision " + strconv.Itoa(n) + " of the data."}
}

// latestHref is the address of an app path (with its query) in the latest
// data: under the base path, without the revision.
func latestHref(path string) string {
	if app.IsClient {
		return viewed.base + path
	}
	return ui.RootPrefix() + path
}
