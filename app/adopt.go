package app

import (
	"hash/fnv"
	"strconv"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
)

// Adoption: the app's first render takes over the blocks of the
// prerendered page instead of building them again.
//
// go-app v9 mounts the page the app starts on by building every node anew
// and swapping them for the prerendered ones, in one task: on a phone that
// task, with the building of the page's blocks (charts, tables, lists)
// before it, was most of the start-up's blocking time. Yet the server
// prerendered the same blocks from the same data. So the server marks each
// block's root with data-pb, the id of the block's key (what it is, the
// data version, the view: see blockKey), and in the browser a block whose
// id is on the page is rendered as an empty placeholder of the same tag,
// <tag data-pb-adopt="id"></tag>. server/appjs_start.js (pbAdoptFill) then
// moves the prerendered block's attributes and children into the
// placeholder, in a microtask: before the browser paints, and without
// building or parsing the block.
//
// A key once adopted stays so: later renders of the same view give the same
// placeholder, which go-app leaves as it is; a placeholder go-app mounts
// again (the page left and shown again) takes the content from the one
// that held it last. Another view, or newer data, is another key, and its
// block is built as before.
const (
	adoptAttr        = "data-pb"
	adoptPendingAttr = "data-pb-adopt"
)

var adoption struct {
	mu sync.Mutex
	// placeholders are the placeholders of the adopted keys.
	placeholders map[string]markup.HTML
}

// inBrowser is app.IsClient; tests of the browser's behaviour set it.
var inBrowser = app.IsClient

// adoptID is the id of a block's key on the page: short, and the same on
// the server and in the browser.
func adoptID(key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return strconv.FormatUint(h.Sum64(), 36)
}

// adoptTags are the block roots a placeholder can stand for: an empty
// element of these tags, parsed by go-app inside a <div>, stays itself (an
// empty <tr> or <td> would not).
var adoptTags = map[string]bool{
	"div": true, "section": true, "figure": true, "table": true, "ul": true, "ol": true,
	"dl": true, "nav": true, "aside": true, "p": true, "details": true, "article": true,
}

// adopted returns the placeholder of block key in the browser when the page
// holds the block's content (see above).
func adopted(key string) (app.UI, bool) {
	if !inBrowser || key == "" {
		return nil, false
	}
	adoption.mu.Lock()
	defer adoption.mu.Unlock()
	h, ok := adoption.placeholders[key]
	if !ok {
		id := adoptID(key)
		tag := prerenderedTags()[id]
		if !adoptTags[tag] {
			return nil, false
		}
		h = markup.Empty(tag, adoptPendingAttr, id)
		if adoption.placeholders == nil {
			adoption.placeholders = map[string]markup.HTML{}
		}
		adoption.placeholders[key] = h
	}
	if q := app.Window().Get("pbAdoptQueue"); q.Truthy() {
		app.Window().Call("pbAdoptQueue")
	}
	return h.UI(), true
}

// prerenderedTags are the tags of the prerendered page's blocks, by id,
// read once from app.js: it noted them before Go ran (pbAdoptCollect), and
// no block is added later, so a key that is not there is never adopted
// and costs no call into JavaScript on later renders.
var prerenderedTags = sync.OnceValue(func() map[string]string {
	tags := map[string]string{}
	if !app.Window().Get("pbAdoptBlocks").Truthy() {
		return tags // an app.js without adoption
	}
	list := app.Window().Call("pbAdoptBlocks")
	for i := range list.Length() {
		pair := list.Index(i)
		tags[pair.Index(0).String()] = pair.Index(1).String()
	}
	return tags
})

// adoptableHTML is the block of markup build makes, under key: marked with
// its id where the server prerenders it, adopted in the browser where the
// page holds it, otherwise built (and cached, see markupCache).
func adoptableHTML(key string, build func() markup.HTML) app.UI {
	if key == "" {
		return build().UI()
	}
	if !inBrowser {
		return build().WithRootAttr(adoptAttr, adoptID(key)).UI()
	}
	if ui, ok := adopted(key); ok {
		return ui
	}
	return cachedHTML(key, func() markup.HTML { return build().WithRootAttr(adoptAttr, adoptID(key)) })
}

// adoptableUI is adoptableHTML for a block of go-app elements without event
// handlers (links are fine: go-app handles their clicks at the window).
// Its root must be an app.HTMLElem to carry the id; another root is built
// every time.
func adoptableUI(key string, build func() app.UI) app.UI {
	if key == "" {
		return build()
	}
	if ui, ok := adopted(key); ok {
		return ui
	}
	ui := build()
	if e, ok := ui.(app.HTMLElem); ok {
		e.Attr(adoptAttr, adoptID(key))
	}
	return ui
}

// group holds sections adopted together: a <div class="pb-group">, which
// the style sheet lays out as if its sections were its parent's own
// (display: contents).
func group(sections ...app.UI) app.HTMLElem {
	return app.Elem("div").Class("pb-group").Body(sections...)
}
