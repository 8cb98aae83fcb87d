package app

import (
	"net/url"
	"slices"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dataPage is embedded by every page: it holds the snapshot the page renders
// and re-renders the page when the data changes.
type dataPage struct {
	snap   *dataset.Snapshot
	status dataStatus
	// initView is what OnInit prepared the page for (initURL), until the
	// first OnNav; reloads counts the data changes the page has taken.
	initView pageView
	reloads  int
}

// pageView is what a page shows: its address, its data and the data's status.
type pageView struct {
	url    string
	snap   *dataset.Snapshot
	status dataStatus
}

func currentView(u *url.URL) pageView {
	return pageView{url: u.String(), snap: currentSnapshot(), status: currentStatus()}
}

// observe subscribes the page to data changes; call it from OnMount.
func (p *dataPage) observe(ctx app.Context, reload func(ctx app.Context)) {
	endStartGC()
	observeData(ctx, func(ctx app.Context, st dataStatus) {
		p.status = st
		p.reloads++
		reload(ctx)
	})
}

// initURL is clientURL for a page's OnInit, which prepares the page from it:
// it remembers what the page was prepared for, for navChanged.
func (p *dataPage) initURL() *url.URL {
	u := clientURL()
	if u != nil {
		p.initView = currentView(u)
	}
	return u
}

// nav is a page's OnNav: it prepares the page with load, unless navChanged
// finds nothing to prepare.
func (p *dataPage) nav(ctx app.Context, load func(ctx app.Context)) {
	if p.navChanged(ctx) {
		load(ctx)
	}
}

// navChanged reports whether OnNav has anything to prepare. go-app calls
// OnNav right after it mounts the page the app starts on, which OnInit has
// prepared (initURL) and the mount has rendered: preparing the same address
// and data again, and rendering the whole page a second time, took ~80 ms
// of the start-up of / on a laptop, four times that on a phone. Then it also
// takes back the render go-app schedules once OnNav returns, unless the data
// changes in between.
func (p *dataPage) navChanged(ctx app.Context) bool {
	v := p.initView
	p.initView = pageView{}
	if v.url == "" || v != currentView(ctx.Page().URL()) {
		return true
	}
	// A dispatch made now runs after the OnNav dispatch that schedules the
	// render, and before that render (go-app's frame) in all but a rare
	// ordering, where the page renders once more, as it did before.
	reloads := p.reloads
	ctx.Dispatcher().Dispatch(app.Dispatch{
		Mode:   app.Next,
		Source: ctx.Src(),
		Function: func(ctx app.Context) {
			if p.reloads == reloads {
				ctx.PreventUpdate()
			}
		},
	})
	return false
}

// dataObservers are the mounted components to tell when the data or its
// status changes. (go-app's states would do it, but they bring their
// persistence and encryption code into the WASM: 110 KB, 20 KB gzipped,
// for a broadcast.)
var dataObservers struct {
	mu   sync.Mutex
	list []dataObserver
}

type dataObserver struct {
	ctx     app.Context
	changed func(ctx app.Context, st dataStatus)
}

// observeData calls changed on ctx's component, on the UI goroutine and
// followed by a render, each time publishData runs, until the component is
// dismounted. Call it from OnMount.
func observeData(ctx app.Context, changed func(ctx app.Context, st dataStatus)) {
	dataObservers.mu.Lock()
	defer dataObservers.mu.Unlock()
	dataObservers.list = append(dataObservers.list, dataObserver{ctx: ctx, changed: changed})
}

// publishData tells the mounted observers that the data status is now st,
// and forgets the dismounted ones. Any goroutine may call it.
func publishData(st dataStatus) {
	dataObservers.mu.Lock()
	live := dataObservers.list[:0]
	for _, o := range dataObservers.list {
		if o.ctx.Err() == nil { // a component's context ends when it is dismounted
			live = append(live, o)
		}
	}
	clear(dataObservers.list[len(live):])
	dataObservers.list = live
	observers := slices.Clone(live)
	dataObservers.mu.Unlock()
	for _, o := range observers {
		o.ctx.Dispatch(func(ctx app.Context) { o.changed(ctx, st) })
	}
}

// refresh reads the current snapshot; call it from OnPreRender and OnNav.
func (p *dataPage) refresh() {
	p.snap = currentSnapshot()
	if !app.IsServer {
		p.status = currentStatus()
	}
}

// clientURL returns the browser's URL when the component initializes in the
// browser, nil on the server (where OnPreRender does the work). Pages call
// their prepare step from OnInit with it, so the first client render already
// shows the data and equals the prerendered HTML (no "Loading" flash).
func clientURL() *url.URL {
	if !app.IsClient {
		return nil
	}
	if warmURL != nil {
		return warmURL
	}
	return app.Window().URL()
}

// setTitle sets the document title and description of a page.
func setTitle(ctx app.Context, title, description string) {
	ctx.Page().SetTitle(title + " · Powerbrokers")
	if description != "" {
		ctx.Page().SetDescription(description)
	}
	if previews(ctx) {
		// Link previews show og:image large (the server's default, or the
		// page's chart: setPreview).
		ctx.Page().SetTwitterCard(app.TwitterCard{Card: "summary_large_image"})
	}
}

// previews reports whether the page's head carries link previews: on the
// server, whose handler gives every page a default og:image. (go-app's
// test dispatcher has no image, and its page cannot resolve one.)
func previews(ctx app.Context) bool {
	return app.IsServer && ctx.Page().Image() != ""
}

// setPreview makes the view's main chart, as a 1200 × 630 PNG, the image
// of the page's link previews (og:image). The server prerenders the head
// and makes the address absolute with its public origin; the browser has
// no use for it.
func setPreview(ctx app.Context, chartName string, v url.Values) {
	if previews(ctx) {
		ctx.Page().SetImage(ChartHref(chartName, "png", v))
	}
}
