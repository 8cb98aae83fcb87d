package server

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// How the WASM starts. Chromium spends ~0.2-0.3 s of a laptop's main
// thread (four times that on a phone) decoding and validating our 11.9 MB
// module, wherever the bytes come from. The page hands that to a worker:
//   - the start script (wasmStartJS), inline in every page's head, starts a
//     worker, web/wasm-worker.js (wasmWorkerJS), which fetches the WASM
//     (through the service worker, so offline too), compiles it as it
//     streams in and posts the compiled module back;
//   - on a repeat visit (the page is under the service worker, which holds
//     the WASM) it starts at once, while the page is parsed and painted. On
//     a first visit app.js starts it once the page has been painted: where
//     the 2 MB download competed with the page's own content, Lighthouse
//     counted it into the largest contentful paint (11.5 s in one run of
//     five, when the page preloaded the WASM);
//   - on a first visit the worker warms the module up before it posts it
//     (see app/warm.go): it fetches the snapshot alongside the WASM, runs the
//     app once with it, so that V8 compiles in the worker the functions the
//     page's start-up calls, and posts the snapshot back with the module
//     (pbWarmUp in appjs_start.js says what to run; at most 2 s);
//   - go-app's app.js, patched (patchAppJS), instantiates the module, and
//     yields to the browser before it runs Go, so that the two are separate
//     tasks. Where the worker fails (no Worker, a blocked script), the page
//     compiles the WASM itself, fed to the compiler in slices with a yield
//     between them (pbSlicedWASM in appjs_start.js).
//
// Both are the server's own: the worker is served under /web/ whatever -web
// holds, and precached by the service worker; the start script is inline, so
// that it runs as soon as the head is parsed (loaded async from the service
// worker, it ran ~90 ms later on a laptop), allowed by its hash in the CSP.
var (
	//go:embed wasm_start.js
	wasmStartJS []byte
	//go:embed wasm_worker.js
	wasmWorkerJS []byte
	//go:embed appjs_start.js
	appJSStart []byte
)

// wasmWorkerPath is where the worker is served (under the base path).
const wasmWorkerPath = "/web/wasm-worker.js"

// wasmStartCode is the start script as the page holds it, and
// wasmStartHash its CSP source (the hash of exactly those bytes).
var wasmStartCode, wasmStartHash = func() (string, string) {
	code := strings.TrimSpace(string(wasmStartJS))
	if strings.Contains(strings.ToLower(code), "</script") {
		panic("server/wasm_start.js contains </script, which would end its element")
	}
	sum := sha256.Sum256([]byte(code))
	return code, "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// workerModTime is when the server started: the worker changes only with it.
var workerModTime = time.Now()

// serveWASMWorker serves the worker, revalidated like the rest of /web/, if
// req asks for it, and reports whether it did.
func serveWASMWorker(w http.ResponseWriter, req *http.Request) bool {
	if req.URL.Path != wasmWorkerPath {
		return false
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	revalidateShared(w.Header())
	http.ServeContent(w, req, "", workerModTime, bytes.NewReader(wasmWorkerJS))
	return true
}

// wasmStartScript is the head's start script, which compiles the WASM (at
// wasm) in a worker.
func wasmStartScript(wasm string) string {
	return `<script id="pb-wasm-start" data-wasm="` + html.EscapeString(wasm) + `">` + wasmStartCode + `</script>`
}

// patchAppJS changes how go-app v9.8.0's app.js starts the WASM (see the
// top of this file): it instantiates the module compiled in a worker
// (pbInstantiate), where go-app pipes the body through a JavaScript stream
// in one task to update a loading label that our prerendered pages never
// show; on a first visit it waits for the browser to paint the page (the
// next frame, or 100 ms in a background tab, which has none) before it
// starts; and it yields between instantiating the module and running Go,
// then notes the prerendered blocks the app's first render may take over
// (pbAdoptCollect, see app/adopt.go).
//
// TestAppJSStartsTheWASMInAWorker fails if a go-app update changes the text
// these replace.
func patchAppJS(b []byte) []byte {
	b = goappInstantiate.ReplaceAll(b, []byte("pbInstantiate($1, go.importObject)"))
	b = bytes.Replace(b, goappNewGo, ourNewGo, 1)
	b = bytes.Replace(b, goappRun, ourRun, 1)
	return append(b, appJSStart...)
}

var (
	goappInstantiate = regexp.MustCompile(`instantiateStreaming\(\s*fetchWithProgress\(("[^"]*"), showProgress\),\s*go\.importObject\s*\)`)
	goappNewGo       = []byte("    const go = new Go();")
	ourNewGo         = []byte("    if (!(navigator.serviceWorker && navigator.serviceWorker.controller)) {\n" +
		"      await new Promise((ok) => { requestAnimationFrame(() => setTimeout(ok, 0)); setTimeout(ok, 100); });\n" +
		"    }\n" +
		"    const go = new Go();")
	goappRun = []byte("    go.run(wasm.instance);")
	ourRun   = []byte("    await pbYield();\n" +
		"    pbAdoptCollect();\n" +
		"    go.run(wasm.instance);")
)
