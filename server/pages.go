package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Colours shared by the manifest and the page (see web/app.css).
const (
	themeColor      = "#0f172a"
	backgroundColor = "#0f172a"
)

// pageHandler returns the go-app handler for one published version.
func (s *Server) pageHandler(version string) *app.Handler {
	res := &webResources{prefix: s.cfg.BasePath, dir: s.cfg.WebDir, wasm: s.wasm}
	res.files = webFiles(s.cfg.WebDir)
	return &app.Handler{
		Name:        "Powerbrokers",
		ShortName:   "Powerbrokers",
		Title:       "Powerbrokers — Bitcoin miners' AI/HPC deals and power",
		Description: "Who has contracted how many MW to whom, at what $/MW-yr, and how much power is still uncontracted: the miners, their capacity by stage and their AI/HPC deals, every figure sourced.",
		Author:      "Powerbrokers",
		// The link-preview image of a page without a chart of its own:
		// the overview's contracts over time (servePages makes it absolute).
		Image:           s.cfg.BasePath + "/api/v1/charts/cumulative.png",
		Lang:            "en",
		ThemeColor:      themeColor,
		BackgroundColor: backgroundColor,
		LoadingLabel:    "Loading Powerbrokers… {progress}%",
		Icon: app.Icon{
			Default:    "/web/icon-192.png",
			Large:      "/web/icon-512.png",
			SVG:        "/web/icon.svg",
			AppleTouch: "/web/icon-192.png",
		},
		RawHeaders:              append([]string{wasmStartScript(res.AppWASM())}, rawHeaders(s.styles.element)...),
		CacheableResources:      []string{s.cfg.BasePath + "/", wasmWorkerPath, "/web/geo/map.json", "/web/icon-maskable.png", "/web/icon.svg"},
		Resources:               res,
		Version:                 version,
		WasmContentLengthHeader: "X-Uncompressed-Content-Length",
		ServiceWorkerTemplate:   workerJS,
		// An installed app can stay open for days and navigates client-side,
		// which never checks for a new worker: look every 10 minutes, so a
		// new version (or new data) is offered in the update banner.
		AutoUpdateInterval: 10 * time.Minute,
		Env:                app.Environment{"POWERBROKERS_BASE": s.cfg.BasePath},
	}
}

// webResources is go-app's ResourceProvider: it serves WEB_DIR at <prefix>/web/
// and the WASM precompressed (brotli or gzip, as the browser accepts) under a
// versioned, immutable URL.
type webResources struct {
	prefix string
	dir    string
	wasm   wasmInfo
	files  http.Handler
}

func (r *webResources) Package() string { return r.prefix }
func (r *webResources) Static() string  { return r.prefix }
func (r *webResources) AppWASM() string {
	return r.prefix + "/web/app.wasm?v=" + r.wasm.hash
}

func (r *webResources) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path == "/web/app.wasm" {
		r.serveWASM(w, req)
		return
	}
	if serveWASMWorker(w, req) {
		return
	}
	// Everything else under /web/ revalidates (go-app has set ETag to the version).
	r.files.ServeHTTP(w, req)
}

func (r *webResources) serveWASM(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/wasm")
	addVary(h, "Accept-Encoding")
	if r.wasm.hash != "" && req.URL.Query().Get("v") == r.wasm.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("X-Accel-Expires", "31536000") // a shared cache keeps it a year too
	} else {
		revalidateShared(h)
	}
	h.Set("X-Uncompressed-Content-Length", strconv.FormatInt(r.wasm.size, 10))
	name := filepath.Join(r.dir, "app.wasm")
	switch negotiate(req.Header.Get("Accept-Encoding")) {
	case "br":
		if _, err := os.Stat(name + ".br"); err == nil {
			h.Set("Content-Encoding", "br")
			name += ".br"
		} else if _, err := os.Stat(name + ".gz"); err == nil {
			h.Set("Content-Encoding", "gzip")
			name += ".gz"
		}
	case "gzip":
		if _, err := os.Stat(name + ".gz"); err == nil {
			h.Set("Content-Encoding", "gzip")
			name += ".gz"
		}
	}
	f, err := os.Open(name)
	if err != nil {
		http.Error(w, "app.wasm is not built: run make build", http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, "app.wasm unreadable", http.StatusInternalServerError)
		return
	}
	http.ServeContent(&movingWriter{ResponseWriter: w, rc: http.NewResponseController(w)}, req, "", st.ModTime(), f)
}

// wasmChunkTimeout is how long a client may take to accept each 32 KB of
// the WASM: a download on a slow link takes as long as it needs, one that
// stops is cut off.
const wasmChunkTimeout = 30 * time.Second

// movingWriter pushes the connection's write deadline back before each
// 32 KB it writes, in place of the server's WriteTimeout for the whole
// answer.
type movingWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
}

func (m *movingWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), 32<<10)]
		m.rc.SetWriteDeadline(time.Now().Add(wasmChunkTimeout)) // an error means a test recorder: nothing to push back
		k, err := m.ResponseWriter.Write(chunk)
		n += k
		if err != nil {
			return n, err
		}
		p = p[len(chunk):]
	}
	return n, nil
}

func (m *movingWriter) Unwrap() http.ResponseWriter { return m.ResponseWriter }

// goappProxied are the paths go-app v9.8.0 serves by fetching them from the
// request's own Host (its ProxyResources defaults).
var goappProxied = map[string]bool{"/robots.txt": true, "/sitemap.xml": true, "/ads.txt": true}

// zoomViewport replaces go-app v9.8.0's hard-coded viewport, which forbids
// zooming (maximum-scale=1, user-scalable=0), an accessibility failure.
var (
	goappViewport = []byte(`content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"`)
	ourViewport   = []byte(`content="width=device-width, initial-scale=1, viewport-fit=cover"`)
)

// servePages runs the go-app handler for everything that is not the API:
// pages (prerendered from the snapshot), scripts and /web/, plus our own
// manifest. Generated responses are buffered so that HTML can be fixed up and
// text compressed.
func (s *Server) servePages(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, r, "GET, HEAD")
		return
	}
	h := s.pub.Load().pages
	if strings.HasPrefix(r.URL.Path, "/web/") {
		h.ServeHTTP(w, r)
		return
	}
	if goappProxied[r.URL.Path] {
		// go-app v9.8.0 answers these by fetching http://<Host>/web/<name>
		// and caching the answer for everyone: the request's Host header
		// would choose what the server fetches and serves. They are files
		// of the web directory if anything.
		r2 := *r
		r2.URL = new(url.URL)
		*r2.URL = *r.URL
		r2.URL.Path = "/web" + r.URL.Path
		h.ServeHTTP(w, &r2)
		return
	}
	if o := s.cfg.PublicOrigin; o != "" {
		// go-app names the page in og:url as http://<Host><path>.
		r = r.Clone(r.Context())
		r.Host = originHost(o)
	}
	buf := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
	if isManifest(r.URL.Path) {
		serveManifest(buf, r, h, s.cfg.BasePath)
	} else {
		h.ServeHTTP(buf, r)
	}
	body := buf.body.Bytes()
	ct := buf.header.Get("Content-Type")
	if strings.HasPrefix(ct, "text/html") {
		buf.status = s.pageStatus(r, buf.status)
		body = bytes.Replace(body, goappViewport, ourViewport, 1)
		body = tightenHTML(body)
		if o := s.cfg.PublicOrigin; o != "" && !strings.HasPrefix(o, "http://") {
			body = bytes.ReplaceAll(body, []byte(`"http://`+originHost(o)+`/`), []byte(`"`+o+`/`))
		}
		escaped, err := escapeGoAppHTML(body)
		if err != nil {
			// Never serve a page whose markup cannot be proven safe.
			writeError(w, r, fmt.Errorf("%s: %w", r.URL.Path, err))
			return
		}
		body = escaped
		if v := revisionOf(r); v != nil {
			body = revisionLinks(body, s.cfg.BasePath, v.rev.Number)
		} else if at := pageAsOf(r); at != "" {
			body = asOfLinks(body, s.cfg.BasePath, at)
		}
		body = absolutePreview(body, s.publicOrigin(r), r.Host)
		if buf.status == http.StatusOK {
			body = s.feedLinks(body, r.URL.Path)
		}
		buf.header.Set("Content-Type", "text/html; charset=utf-8")
	}
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	if strings.HasSuffix(r.URL.Path, "/app.js") {
		body = patchAppJS(body)
	}
	if (buf.status == http.StatusOK || buf.status == http.StatusNotFound) && len(body) > 1024 && compressible(ct) && negotiate(r.Header.Get("Accept-Encoding")) != "" {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		body = gz.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	addVary(w.Header(), "Accept-Encoding")
	if buf.status == http.StatusOK || buf.status == http.StatusNotModified {
		// go-app's answers (no-cache, ETag: the version) are revalidated
		// by a shared cache too: a page is rendered once per version.
		revalidateShared(w.Header())
	}
	if buf.status != http.StatusNotModified {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(buf.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// tightenHTML removes the line breaks go-app's prerender writes between the
// children of every element with more than one child. In HTML they are
// whitespace text, which the WASM's DOM does not have: a line break between
// two inline elements shows as a space ("2026-05-19 , reported") until the
// app takes over and the text moves. Without them the first client render
// equals the prerendered page. Text cannot hold a raw '<' or '>' (go-app
// escapes both), so ">\n" and "\n<" only occur around tags.
func tightenHTML(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte(">\n"), []byte(">"))
	return bytes.ReplaceAll(b, []byte("\n<"), []byte("<"))
}

// charsetMeta is the first element of go-app's <head>.
var charsetMeta = []byte(`<meta charset="UTF-8">`)

func compressible(ct string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/json", "application/manifest+json", "image/svg"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}

// bufferedResponse collects a handler's response.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (b *bufferedResponse) Header() http.Header { return b.header }
func (b *bufferedResponse) WriteHeader(status int) {
	if !b.wrote {
		b.status, b.wrote = status, true
	}
}
func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.wrote = true
	return b.body.Write(p)
}
