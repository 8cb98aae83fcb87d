package app

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Back to a list restores where the list was scrolled. go-app renders a
// page after the browser's popstate, too late for the browser's own
// restoration (the page is still the record's, shorter), so the app keeps
// the scroll position itself: on every click it stores window.scrollY in
// the current history entry's state; on popstate it takes the entry's
// position, and the list page scrolls there once it has rendered
// (restoreScroll, from its OnNav).

var scrollMemory struct {
	once    sync.Once
	pending float64 // where to scroll after the next list render; < 0: nowhere
}

// rememberScrolls installs the listeners, once, in the browser.
func rememberScrolls() {
	if !app.IsClient {
		return
	}
	scrollMemory.once.Do(func() {
		scrollMemory.pending = -1
		win := app.Window()
		// Capture: before any navigation the click triggers.
		win.Call("addEventListener", "click", app.FuncOf(func(app.Value, []app.Value) any {
			win.Get("history").Call("replaceState", map[string]any{"pbScroll": win.Get("scrollY").Float()}, "")
			return nil
		}), true)
		win.Call("addEventListener", "popstate", app.FuncOf(func(_ app.Value, args []app.Value) any {
			scrollMemory.pending = -1
			if len(args) > 0 {
				if st := args[0].Get("state"); st.Truthy() && st.Get("pbScroll").Truthy() {
					scrollMemory.pending = st.Get("pbScroll").Float()
				}
			}
			return nil
		}))
	})
}

// restoreScroll scrolls a list back to where it was when a Back (or
// Forward) returns to it.
func restoreScroll(ctx app.Context) {
	y := scrollMemory.pending
	if y < 0 {
		return
	}
	scrollMemory.pending = -1
	ctx.Defer(func(app.Context) {
		app.Window().Call("scrollTo", 0, y)
	})
}

// focusSiteDetail brings the selected site's figures into view and gives
// them keyboard focus (a pin or a site link was followed).
func focusSiteDetail(ctx app.Context) {
	ctx.Defer(func(app.Context) {
		el := app.Window().GetElementByID("site-detail")
		if !el.Truthy() {
			return
		}
		el.Call("scrollIntoView", map[string]any{"block": "start"})
		el.Call("focus", map[string]any{"preventScroll": true})
	})
}
