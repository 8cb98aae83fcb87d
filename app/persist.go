package app

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// storagePersistAsked remembers in local storage that the browser was asked
// for persistent storage, so a browser that prompts (Firefox) asks only once.
const storagePersistAsked = "powerbrokers:persist-asked"

var persistOnce sync.Once

// requestPersistentStorage asks the browser, once per page load, to keep this
// origin's storage (the offline copy of the data in the Cache Storage, the
// service worker's caches) under storage pressure, with
// navigator.storage.persist(). Storage that is already persistent is left
// alone; a browser that was asked before is asked again only from the
// installed app, which Chromium grants without a prompt. The outcome is
// written to <html data-storage="persistent|best-effort|unsupported"> for the
// tests. It never blocks: the answers arrive as promise callbacks.
func requestPersistentStorage() {
	if !app.IsClient {
		return
	}
	persistOnce.Do(func() {
		defer func() { recover() }() // a browser without the API must not break the app
		win := app.Window()
		storage := win.Get("navigator").Get("storage")
		if !storage.Truthy() || storage.Get("persist").Type() != app.TypeFunction {
			markStorage("unsupported")
			return
		}
		promise(storage.Call("persisted"), func(persisted bool) {
			switch {
			case persisted:
				markStorage("persistent")
			case askedBefore() && !standalone():
				markStorage("best-effort")
			default:
				rememberAsked()
				promise(storage.Call("persist"), func(granted bool) {
					if granted {
						markStorage("persistent")
					} else {
						markStorage("best-effort")
					}
				})
			}
		})
	})
}

// promise calls f with the boolean a JavaScript promise resolves to, or with
// false when it rejects, then releases its callbacks.
func promise(p app.Value, f func(bool)) {
	var onOK, onErr app.Func
	done := func(v bool) {
		onOK.Release()
		onErr.Release()
		f(v)
	}
	onOK = app.FuncOf(func(this app.Value, args []app.Value) any {
		done(len(args) > 0 && args[0].Truthy())
		return nil
	})
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		done(false)
		return nil
	})
	p.Call("then", onOK, onErr)
}

func markStorage(state string) {
	app.Window().Get("document").Get("documentElement").Call("setAttribute", "data-storage", state)
}

func askedBefore() bool {
	defer func() { recover() }()
	return app.Window().Get("localStorage").Call("getItem", storagePersistAsked).Truthy()
}

func rememberAsked() {
	defer func() { recover() }() // storage may be full or disabled
	app.Window().Get("localStorage").Call("setItem", storagePersistAsked, "1")
}

// standalone reports whether the app runs installed (display-mode standalone).
func standalone() bool {
	mq := app.Window().Call("matchMedia", "(display-mode: standalone)")
	return mq.Truthy() && mq.Get("matches").Truthy()
}
