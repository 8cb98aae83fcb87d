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
	res, err := get(url, headers)
	if err != nil {
		return response{}, err
	}
	body, err := await(res.Call("text"))
	if err != nil {
		return response{}, errOffline
	}
	return response{Status: res.Get("status").Int(), ETag: header(res, "ETag"), Body: body.String()}, nil
}

// get starts the browser's fetch of url, bypassing the HTTP cache's
// freshness (the server revalidates), and waits for the response headers.
func get(url string, headers map[string]string) (app.Value, error) {
	if app.IsServer {
		return nil, errors.New("fetch is only available in the browser")
	}
	h := map[string]any{}
	for k, v := range headers {
		h[k] = v
	}
	res, err := await(app.Window().Call("fetch", url, map[string]any{"headers": h, "cache": "no-cache"}))
	if err != nil {
		return nil, errOffline
	}
	return res, nil
}

// snapshotBody is a fetched or stored snapshot: its bytes for Go to decode,
// and the browser's own copy of them, which saveCopy stores without
// converting the bytes back into JavaScript.
type snapshotBody struct {
	Status int
	ETag   string
	Bytes  []byte
	js     app.Value // a Uint8Array; nil when the bytes came from Go
}

// fetchBody GETs url like fetchText, reading the body as bytes: one copy
// into Go, where text would cost a UTF-8 transcoding in each direction
// (~0.7 MB for a snapshot, one of the start-up's longer steps).
func fetchBody(url string, headers map[string]string) (snapshotBody, error) {
	res, err := get(url, headers)
	if err != nil {
		return snapshotBody{}, err
	}
	b := snapshotBody{Status: res.Get("status").Int(), ETag: header(res, "ETag")}
	if b.js, b.Bytes, err = readBytes(res); err != nil {
		return snapshotBody{}, errOffline
	}
	return b, nil
}

// readBytes reads a Response's body into Go, returning the browser's copy too.
func readBytes(res app.Value) (app.Value, []byte, error) {
	buf, err := await(res.Call("arrayBuffer"))
	if err != nil {
		return nil, nil, err
	}
	u8 := app.Window().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Length())
	app.CopyBytesToGo(b, u8)
	return u8, b, nil
}

// header returns a response header ("" when absent).
func header(res app.Value, name string) string {
	if v := res.Get("headers").Call("get", name); v.Truthy() {
		return v.String()
	}
	return ""
}

// errRejected is await's error for a rejected promise.
var errRejected = errors.New("the browser rejected the request")

// await blocks until the promise p settles and returns its value. It blocks
// the calling goroutine, so call it from ctx.Async or before the app starts.
func await(p app.Value) (app.Value, error) {
	type result struct {
		v   app.Value
		err error
	}
	done := make(chan result, 1)
	onOK := app.FuncOf(func(_ app.Value, args []app.Value) any {
		send(done, result{v: args[0]})
		return nil
	})
	onErr := app.FuncOf(func(app.Value, []app.Value) any {
		send(done, result{err: errRejected})
		return nil
	})
	p.Call("then", onOK, onErr)
	r := <-done
	onOK.Release()
	onErr.Release()
	return r.v, r.err
}

// send delivers v without blocking: a promise may settle both its then and
// its catch path, and only the first result counts.
func send[T any](c chan T, v T) {
	select {
	case c <- v:
	default:
	}
}
