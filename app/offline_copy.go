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

// readCopy returns the offline copy (no bytes when there is none). It
// blocks on the browser: call it before the app starts or from ctx.Async.
func readCopy() snapshotBody {
	if caches := app.Window().Get("caches"); caches.Truthy() {
		res, err := await(caches.Call("match", ui.Href(copyPath), map[string]any{"cacheName": copyCache}))
		if err == nil && res.Truthy() {
			if js, b, err := readBytes(res); err == nil {
				return snapshotBody{Status: 200, ETag: header(res, "ETag"), Bytes: b, js: js}
			}
		}
	}
	// The fallback, and where versions before the Cache Storage kept it.
	store := app.Window().Get("localStorage")
	if v := store.Call("getItem", storageSnapshot); v.Truthy() {
		return snapshotBody{Status: 200, ETag: store.Call("getItem", storageETag).String(), Bytes: []byte(unstored(v.String()))}
	}
	return snapshotBody{}
}

// saveCopy keeps body as the offline copy, without waiting for the browser
// to store it. A full quota is not fatal: the service worker keeps the
// server's last snapshot too.
func saveCopy(body snapshotBody) {
	store := app.Window().Get("localStorage")
	caches := app.Window().Get("caches")
	if !caches.Truthy() {
		defer func() { recover() }() // a full quota throws
		store.Call("setItem", storageSnapshot, storedPrefix+string(body.Bytes))
		store.Call("setItem", storageETag, body.ETag)
		return
	}
	store.Call("removeItem", storageSnapshot) // an older version's copy
	store.Call("removeItem", storageETag)
	data := body.js
	if data == nil {
		u8 := app.Window().Get("Uint8Array").New(len(body.Bytes))
		app.CopyBytesToJS(u8, body.Bytes)
		data = u8
	}
	res := app.Window().Get("Response").New(data, map[string]any{
		"headers": map[string]any{"Content-Type": "application/json", "ETag": body.ETag},
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
