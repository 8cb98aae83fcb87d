package app

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
)

// markupCache keeps, in the browser, the markup of the last result tables,
// facet panels and overview chart sections, by data version and view. A page renders again after it
// mounts and after each navigation event, mostly for the view it already
// shows, and the start-up renders the first view before the app mounts it
// (see warmFirstRender), so the mount itself, the start-up's longest task,
// does not build them.
var markupCache struct {
	mu sync.Mutex
	m  map[string]markup.HTML
}

// blockKey is the key of a block of a view: what it is, the data version
// and the view's canonical URL, which determine its markup; "" (no caching,
// no adoption) without a version.
func blockKey(block, version string, st viewState) string {
	if version == "" {
		return ""
	}
	return block + " " + version + " " + st.link(st.v)
}

// cachedMarkup returns the cached markup of key.
func cachedMarkup(key string) (app.UI, bool) {
	if key == "" {
		return nil, false
	}
	markupCache.mu.Lock()
	defer markupCache.mu.Unlock()
	h, ok := markupCache.m[key]
	if !ok {
		return nil, false
	}
	return h.UI(), true
}

// cacheMarkup keeps markup h under key (the cache holds a few views) and
// returns it as UI.
func cacheMarkup(key string, h markup.HTML) app.UI {
	if key != "" {
		markupCache.mu.Lock()
		if len(markupCache.m) >= 32 || markupCache.m == nil {
			markupCache.m = map[string]markup.HTML{}
		}
		markupCache.m[key] = h
		markupCache.mu.Unlock()
	}
	return h.UI()
}

// cachedHTML is the markup build returns, cached in the browser under key
// (see blockKey; built each time when key is "", and on the server, which
// renders each request afresh).
func cachedHTML(key string, build func() markup.HTML) app.UI {
	if !inBrowser {
		return build().UI()
	}
	if ui, ok := cachedMarkup(key); ok {
		return ui
	}
	ui := cacheMarkup(key, build())
	warming.tick()
	return ui
}

// warming is the slicer of the start-up's first render (warmFirstRender),
// nil at any other time. That render builds each cached block of the page
// (a chart, a table) for the first time, and with its first calls into the
// WASM's code, ~0.3 s on a laptop: after each block it lets the browser
// run once the slicer's budget is spent. Later renders, go-app's included,
// never yield in the middle.
var warming *slicer

// keepFocus keeps the keyboard focus across a re-render for a new URL. A
// page calls it from OnNav, before it renders: if the focused element has a
// data-key (a facet or sort link in markup, which is rebuilt as new nodes),
// the element with the same key in the new page is focused after the render.
func keepFocus(ctx app.Context) {
	if !app.IsClient {
		return
	}
	el := app.Window().Get("document").Get("activeElement")
	if !el.Truthy() {
		return
	}
	key := el.Call("getAttribute", "data-key")
	if !key.Truthy() {
		return
	}
	sel := `[data-key="` + app.Window().Get("CSS").Call("escape", key.String()).String() + `"]`
	ctx.Defer(func(app.Context) {
		if el := app.Window().Get("document").Call("querySelector", sel); el.Truthy() {
			el.Call("focus")
		}
	})
}
