package embed

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// heightMessage is the type of the message an embed posts to its parent
// page whenever its height changes: {type: "powerbrokers:height", height}.
// web/embed.js, included by the portal, listens for it and sizes the iframe.
const heightMessage = "powerbrokers:height"

// heightReports holds the one ResizeObserver of the page; it lives as long
// as the page (navigating between embeds keeps the same <body>).
var heightReports struct {
	observer app.Value
	callback app.Func
	last     int
}

// StartHeightReports posts the height of the page to the parent window now
// and after every change of the body's size: a render, a font or an image
// loading, a details element opening, the frame's width changing. It does
// nothing outside a frame or on the server, and only once per page.
func StartHeightReports() {
	if !app.IsClient || heightReports.observer != nil {
		return
	}
	win := app.Window()
	if win.Get("parent").Equal(win.Get("self")) {
		return // not in a frame
	}
	ro := win.Get("ResizeObserver")
	if !ro.Truthy() {
		return
	}
	heightReports.callback = app.FuncOf(func(this app.Value, args []app.Value) any {
		postHeight(false)
		return nil
	})
	heightReports.observer = ro.New(heightReports.callback)
	heightReports.observer.Call("observe", win.Get("document").Get("body"))
	postHeight(true)
}

// postHeight sends the body's height (the embed's content: the body has no
// margin and embed.css makes it a block formatting context, so no margin
// escapes it) to the parent, if it changed or force is set. The height of
// the frame itself is not used: it is what the parent sets, and reading it
// would never let the frame shrink.
func postHeight(force bool) {
	win := app.Window()
	body := win.Get("document").Get("body")
	if !body.Truthy() {
		return
	}
	h := int(math.Ceil(body.Call("getBoundingClientRect").Get("height").Float()))
	if h == heightReports.last && !force {
		return
	}
	heightReports.last = h
	win.Get("parent").Call("postMessage", map[string]any{"type": heightMessage, "height": h}, "*")
}
