package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
)

// The offline copy is the snapshot the app shows, kept so that the next
// start shows the same figures at once, with or without a network. It lives
// in the Cache Storage, in the service worker's data cache under a URL of its
// own (the worker's copy there is the server's latest, which the user may
// not have accepted yet). Not in local storage: that is limited to ~5 MB,
// and go-app reads every local storage value at start-up and every minute.
// Where the Cache Storage does not exist (an insecure origin), local storage
// is the fallback.
const (
	copyCache = "powerbrokers-data" // the worker keeps it across versions
	copyPath  = "/offline-copy/snapshot"
)

// readCopy returns the offline copy and its ETag ("" when there is none).
// It blocks on the browser: call it before the app starts or from
// ctx.Async.
func readCopy() (raw, etag string) {
	if caches := app.Window().Get("caches"); caches.Truthy() {
		res, err := await(caches.Call("match", ui.Href(copyPath), map[string]any{"cacheName": copyCache}))
		if err == nil && res.Truthy() {
			if body, err := await(res.Call("text")); err == nil {
				return body.String(), header(res, "ETag")
			}
		}
	}
	// The fallback, and where versions before the Cache Storage kept it.
	store := app.Window().Get("localStorage")
	if v := store.Call("getItem", storageSnapshot); v.Truthy() {
		return unstored(v.String()), store.Call("getItem", storageETag).String()
	}
	return "", ""
}

// saveCopy keeps raw as the offline copy, without waiting for the browser
// to store it. A full quota is not fatal: the service worker keeps the
// server's last snapshot too.
func saveCopy(raw, etag string) {
	store := app.Window().Get("localStorage")
	caches := app.Window().Get("caches")
	if !caches.Truthy() {
		defer func() { recover() }() // a full quota throws
		store.Call("setItem", storageSnapshot, storedPrefix+raw)
		store.Call("setItem", storageETag, etag)
		return
	}
	store.Call("removeItem", storageSnapshot) // an older version's copy
	store.Call("removeItem", storageETag)
	res := app.Window().Get("Response").New(raw, map[string]any{
		"headers": map[string]any{"Content-Type": "application/json", "ETag": etag},
	})
	warn := app.Window().Get("console").Get("warn")
	var put app.Func
	put = app.FuncOf(func(_ app.Value, args []app.Value) any {
		put.Release()
		args[0].Call("put", ui.Href(copyPath), res).Call("catch", warn)
		return nil // a callback may return only plain values
	})
	caches.Call("open", copyCache).Call("then", put).Call("catch", warn)
}
