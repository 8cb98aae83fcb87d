package app

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// response is what fetchText returns.
type response struct {
	Status int
	ETag   string
	Body   string
}

// errOffline is returned by fetchText when the browser could not reach the server.
var errOffline = errors.New("the server cannot be reached")

// fetchText GETs url with the browser's fetch (not net/http, which adds about
// 5 MB to the WASM). It blocks the calling goroutine, so call it from
// ctx.Async or before the app starts, never from the UI goroutine.
func fetchText(url string, headers map[string]string) (response, error) {
	if app.IsServer {
		return response{}, errors.New("fetch is only available in the browser")
	}
	type result struct {
		r   response
		err error
	}
	done := make(chan result, 1)
	h := map[string]any{}
	for k, v := range headers {
		h[k] = v
	}
	var onOK, onText, onErr app.Func
	release := func() {
		for _, f := range []app.Func{onOK, onText, onErr} {
			if f != nil {
				f.Release()
			}
		}
	}
	var r response
	onText = app.FuncOf(func(this app.Value, args []app.Value) any {
		r.Body = args[0].String()
		send(done, result{r: r})
		return nil
	})
	onOK = app.FuncOf(func(this app.Value, args []app.Value) any {
		res := args[0]
		r.Status = res.Get("status").Int()
		if etag := res.Get("headers").Call("get", "ETag"); etag.Truthy() {
			r.ETag = etag.String()
		}
		res.Call("text").Call("then", onText).Call("catch", onErr)
		return nil
	})
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		send(done, result{err: errOffline})
		return nil
	})
	app.Window().Call("fetch", url, map[string]any{"headers": h, "cache": "no-cache"}).
		Call("then", onOK).Call("catch", onErr)
	res := <-done
	release()
	return res.r, res.err
}

// send delivers v without blocking: a promise may settle both its then and
// its catch path, and only the first result counts.
func send[T any](c chan T, v T) {
	select {
	case c <- v:
	default:
	}
}
