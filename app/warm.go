package app

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"runtime"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The warm-up. V8 compiles each WASM function on its first call, on the
// thread that calls it: in a page, about half of the main thread's blocking
// time at start-up. A function compiled in one thread is compiled for every
// thread that holds the module. So on a first visit web/wasm-worker.js
// (server/wasm_worker.js) runs the app once in the worker that compiled the
// module, before it hands the module to the page: Warm loads the snapshot
// and mounts the page with go-app in a stand-in document (standInDOM in the
// worker), and the page then finds most of its start-up compiled. In a
// traced load of /deals on a laptop the page's main thread compiled ~2,100
// functions at start-up without a warm-up, ~550 with one that only rendered
// the page, and ~130 with the mount. A repeat visit does not wait for a
// warm-up.

// warmRoute is a page the worker can render: at path, or at the paths
// pattern matches.
type warmRoute struct {
	path    string
	pattern string
	page    app.Composer
}

// warmRoutes are the pages route and routeRE registered, in their order.
var warmRoutes []warmRoute

// InWorker reports whether the app runs in web/wasm-worker.js to warm the
// compiled module up for the page at pbWarmPage (see Warm).
func InWorker() bool {
	return app.IsClient && app.Window().Get("pbWarmPage").Truthy()
}

// warmURL is the page's address during the warm-up (clientURL's answer:
// the worker's own location is the worker's script).
var warmURL *url.URL

// Warm runs, in the worker, the start-up of the page at pbWarmPage: it
// loads the snapshot and mounts the page once. Its errors cost only speed:
// the page then compiles what the worker did not. How far it got goes back
// to the page in pbWarmReached ("data", "mounted", "mount failed: ...").
func Warm() {
	u, err := url.Parse(app.Window().Get("pbWarmPage").String())
	if err != nil {
		return
	}
	res, err := warmedSnapshot()
	if err != nil {
		return
	}
	if err := install(res.Bytes, res.ETag, "network"); err != nil {
		return
	}
	reached("data")
	// The page's collections run its collector's code: compile it here too.
	defer runtime.GC()
	warmURL = u
	path := appPathOf(u)
	for _, r := range warmRoutes {
		if r.path == path || r.pattern != "" && regexp.MustCompile(r.pattern).MatchString(path) {
			warmMount(r.page)
			return
		}
	}
}

// warmMount mounts page with go-app (the route's own value: nothing else
// runs in the worker), as the page's start-up will: its OnInit, its render
// and its components', the nodes (in the worker's stand-in document), the
// OnMounts and the renders that follow them. Where the page's own code asks
// the stand-in document for more than it has, the mount stops there: the
// page compiles the rest.
func warmMount(page app.Composer) {
	defer func() {
		if r := recover(); r != nil {
			reached(fmt.Sprint("mount failed: ", r))
		}
	}()
	app.NewClientTester(page)
	reached("mounted")
}

// reached tells the worker how far the warm-up got.
func reached(step string) {
	app.Window().Set("pbWarmReached", step)
}

// warmedSnapshot returns the snapshot web/wasm-worker.js fetched alongside
// the WASM on a first visit (pbWarmSnapshot, taken once): the worker's
// start-up decodes it, and the page's then needs no request of its own.
func warmedSnapshot() (snapshotBody, error) {
	w := app.Window()
	v := w.Get("pbWarmSnapshot")
	if !v.Truthy() {
		return snapshotBody{}, errors.New("no snapshot from the worker")
	}
	w.Set("pbWarmSnapshot", nil)
	u8 := w.Get("Uint8Array").New(v.Get("bytes"))
	b := snapshotBody{Status: 200, ETag: v.Get("etag").String(), js: u8, Bytes: make([]byte, u8.Length())}
	app.CopyBytesToGo(b.Bytes, u8)
	return b, nil
}
