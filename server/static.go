package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// StaticConfig describes a static copy of the explorer.
type StaticConfig struct {
	// Dir is the output directory; it must be new or empty.
	Dir string
	// BasePath is the path prefix the copy will be served under, e.g.
	// "/explorer/": the files still go to the top of Dir.
	BasePath string
	// WebDir is the directory of static assets (holds app.wasm).
	WebDir string
	// Origin is the copy's public origin, for absolute URLs in the pages
	// (og:url); "" leaves them relative to nothing.
	Origin string
	// DataDir is the Badger store whose current data the copy publishes;
	// "" publishes Seed instead.
	DataDir string
	// Seed is the dataset published when DataDir is "".
	Seed fs.FS
}

// WriteStatic writes a copy of the explorer that any static file host can
// serve, read-only, from the store in c.DataDir (its current data, curated
// writes included) or from c.Seed:
//
//   - every page prerendered, as DIR/index.html for "/" and DIR/<path>.html
//     for the others (deals.html, miners/iren.html, embed/deals.html…), the
//     layout GitHub Pages, Netlify, Cloudflare Pages and nginx's
//     `try_files $uri $uri.html` serve at /deals and /miners/iren; and
//     DIR/404.html, the app's not-found page prerendered, which also boots
//     the app on any other path (hosts that serve 404.html) and routes it
//     in the browser;
//   - go-app's app.js, app-worker.js, manifest.webmanifest, wasm_exec.js and app.css;
//   - the files of the web directory the app loads (app.wasm, styles,
//     icons, map geometry), not its build files;
//   - DIR/api/v1/snapshot, the JSON the client loads its data from.
//
// The pages are the server's own, escaped the same way, and each carries
// the server's Content-Security-Policy as a <meta http-equiv> (a static
// host sends no headers of ours; frame-ancestors cannot be set that way).
// The pages are found by following every link from "/", plus every deal,
// miner and embed. It returns the number of pages written.
func WriteStatic(c StaticConfig) (int, error) {
	if c.WebDir == "" {
		c.WebDir = "web"
	}
	if _, err := os.Stat(filepath.Join(c.WebDir, "app.wasm")); err != nil {
		return 0, fmt.Errorf("static: %s/app.wasm is missing: run make build first", c.WebDir)
	}
	if entries, err := os.ReadDir(c.Dir); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("static: %s is not empty; give a new or empty directory", c.Dir)
	}
	cfg := Config{WebDir: c.WebDir, BasePath: c.BasePath, PublicOrigin: strings.TrimRight(c.Origin, "/"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if c.DataDir != "" {
		if _, err := os.Stat(c.DataDir); err != nil {
			return 0, fmt.Errorf("static: the data directory %s: %w", c.DataDir, err)
		}
		cfg.DataDir = c.DataDir // published as it is: no seed is loaded into it
	} else {
		cfg.Seed = c.Seed
	}
	srv, err := New(cfg)
	if errors.Is(err, ErrLocked) {
		return 0, fmt.Errorf("static: the data directory %s is in use by a running server; stop it first, or copy it with `powerbrokers backup` and `restore`", c.DataDir)
	}
	if err != nil {
		return 0, err
	}
	defer srv.Close()
	if len(srv.currentSnapshot().Deals) == 0 && len(srv.currentSnapshot().Miners) == 0 {
		return 0, fmt.Errorf("static: the store in %s holds no data", c.DataDir)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	prefix := strings.TrimRight(srv.cfg.BasePath, "/")
	origin := srv.cfg.PublicOrigin
	if origin == "" {
		origin = ts.URL
	}
	sc := &staticCopy{dir: c.Dir, prefix: prefix, base: ts.URL, origin: origin,
		cspMeta: []byte(`<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(srv.contentSecurityPolicy(false)) + `">`)}

	// The data first: it names the deals and miners to prerender.
	snap, err := sc.fetch("/api/v1/snapshot")
	if err != nil {
		return 0, err
	}
	if err := sc.write("api/v1/snapshot", snap); err != nil {
		return 0, err
	}
	var doc struct {
		Dataset struct {
			Deals     []struct{ ID string } `json:"deals"`
			Miners    []struct{ ID string } `json:"miners"`
			Equity    []struct{ ID string } `json:"equity"`
			Financing []struct{ ID string } `json:"financing"`
		} `json:"dataset"`
	}
	if err := json.Unmarshal(snap, &doc); err != nil {
		return 0, fmt.Errorf("static: decode the snapshot: %w", err)
	}
	queue := []string{"/", "/deals", "/miners", "/embed/deals", "/embed/capacity", "/embed/timeline", "/embed/map",
		"/equity", "/financing", "/embed/equity", "/embed/financing"}
	for _, e := range doc.Dataset.Equity {
		queue = append(queue, "/equity/"+e.ID)
	}
	for _, f := range doc.Dataset.Financing {
		queue = append(queue, "/financing/"+f.ID)
	}
	for _, d := range doc.Dataset.Deals {
		queue = append(queue, "/deals/"+d.ID)
	}
	for _, m := range doc.Dataset.Miners {
		queue = append(queue, "/miners/"+m.ID, "/embed/miner/"+m.ID)
	}
	pages, err := sc.crawl(queue)
	if err != nil {
		return 0, err
	}
	// A static host serves 404.html for a path it has no file for: the
	// app's not-found page, prerendered (the server answers it with 404).
	nf, status, _, err := sc.get("/404")
	if err != nil {
		return 0, err
	}
	if status != http.StatusNotFound {
		return 0, fmt.Errorf("static: GET %s/404: status %d, want 404", sc.prefix, status)
	}
	if sc.origin != sc.base {
		nf = []byte(strings.ReplaceAll(string(nf), sc.base, sc.origin))
	}
	nf = bytes.Replace(nf, charsetMeta, append(append([]byte{}, charsetMeta...), sc.cspMeta...), 1)
	if err := sc.write("/404.html", nf); err != nil {
		return 0, err
	}

	for _, name := range []string{"/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js", "/app.css"} {
		b, err := sc.fetch(name)
		if err != nil {
			return 0, err
		}
		if err := sc.write(name, b); err != nil {
			return 0, err
		}
	}
	if err := copyWeb(c.WebDir, filepath.Join(c.Dir, "web")); err != nil {
		return 0, err
	}
	// The WASM's worker is the server's own, whatever WebDir holds.
	worker, err := sc.fetch(wasmWorkerPath)
	if err != nil {
		return 0, err
	}
	if err := sc.write(wasmWorkerPath, worker); err != nil {
		return 0, err
	}
	return pages, nil
}

// staticCopy fetches from the server under the copy's prefix and writes files.
type staticCopy struct {
	dir, prefix string
	base        string // the test server's URL
	origin      string // replaces base in the pages
	cspMeta     []byte // the CSP as a <meta http-equiv>
	// previews maps the link-preview images written to their files.
	previews map[string]string
}

// fetch GETs an app path and returns the body of a 200.
func (c *staticCopy) fetch(p string) ([]byte, error) {
	b, status, _, err := c.get(p)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("static: GET %s: status %d", c.prefix+p, status)
	}
	return b, nil
}

func (c *staticCopy) get(p string) ([]byte, int, string, error) {
	res, err := http.Get(c.base + c.prefix + p)
	if err != nil {
		return nil, 0, "", fmt.Errorf("static: GET %s: %w", c.prefix+p, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, 0, "", fmt.Errorf("static: GET %s: %w", c.prefix+p, err)
	}
	return b, res.StatusCode, res.Header.Get("Content-Type"), nil
}

// write writes b to the file of an app path, relative to the copy's root.
func (c *staticCopy) write(p string, b []byte) error {
	name := filepath.Join(c.dir, filepath.FromSlash(strings.TrimPrefix(p, "/")))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("static: %w", err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("static: %w", err)
	}
	return nil
}

// maxPages bounds the crawl.
const maxPages = 20000

var hrefAttr = regexp.MustCompile(`href="([^"]*)"`)

// crawl prerenders the pages in queue and every page they link to; it
// returns how many it wrote.
func (c *staticCopy) crawl(queue []string) (int, error) {
	seen := map[string]bool{}
	n := 0
	for len(queue) > 0 && len(seen) < maxPages {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		b, status, ct, err := c.get(p)
		if err != nil {
			return n, err
		}
		if status != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
			continue // a link to a record that does not exist, or not a page
		}
		for _, m := range hrefAttr.FindAllSubmatch(b, -1) {
			if q, ok := c.pagePath(html.UnescapeString(string(m[1]))); ok && !seen[q] {
				queue = append(queue, q)
			}
		}
		if b, err = c.previewImage(b); err != nil {
			return n, err
		}
		if c.origin != c.base {
			b = []byte(strings.ReplaceAll(string(b), c.base, c.origin))
		}
		if !bytes.Contains(b, charsetMeta) {
			return n, fmt.Errorf("static: %s has no %s to put the CSP after", p, charsetMeta)
		}
		b = bytes.Replace(b, charsetMeta, append(append([]byte{}, charsetMeta...), c.cspMeta...), 1)
		file := p + ".html"
		if p == "/" {
			file = "/index.html"
		}
		if err := c.write(file, b); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// previewImage writes the chart image a page names as its og:image to a
// file (a static host ignores the query its address has) and points the
// page at it.
func (c *staticCopy) previewImage(page []byte) ([]byte, error) {
	var err error
	out := ogMeta.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := ogMeta.FindSubmatch(m)
		if string(sub[1]) != "og:image" || err != nil {
			return m
		}
		img := html.UnescapeString(string(sub[2]))
		p, ok := strings.CutPrefix(img, c.base+c.prefix)
		if !ok {
			// The server names its public origin when it has one.
			if p, ok = strings.CutPrefix(img, c.origin+c.prefix); !ok {
				return m
			}
		}
		file, done := c.previews[p]
		if !done {
			var b []byte
			if b, err = c.fetch(p); err != nil {
				return m
			}
			path, query, _ := strings.Cut(p, "?")
			file = path
			if query != "" {
				sum := sha256.Sum256([]byte(query))
				file = strings.TrimSuffix(path, ".png") + "-" + hex.EncodeToString(sum[:6]) + ".png"
			}
			if err = c.write(file, b); err != nil {
				return m
			}
			if c.previews == nil {
				c.previews = map[string]string{}
			}
			c.previews[p] = file
		}
		return []byte(`<meta property="og:image" content="` + html.EscapeString(c.base+c.prefix+file) + `">`)
	})
	return out, err
}

// pagePath returns the app path of a link if it is one of our pages: same
// origin, under the prefix, not an asset, the API or a download.
func (c *staticCopy) pagePath(href string) (string, bool) {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	p := u.Path
	if c.prefix != "" {
		if p != c.prefix && !strings.HasPrefix(p, c.prefix+"/") {
			return "", false
		}
		p = strings.TrimPrefix(p, c.prefix)
	}
	if p == "" {
		p = "/"
	}
	p = path.Clean(p)
	if strings.HasPrefix(p, "/web/") || strings.HasPrefix(p, "/api/") || path.Ext(p) != "" {
		return "", false
	}
	return p, true
}

// copyWeb copies the files of the web directory the server serves (see
// servableWebFile): not the precompressed WASM (a static host does not
// negotiate it), not build tooling, not directories' listings.
func copyWeb(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" || (rel != "." && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if _, ok := servableWebFile(src, "/web/"+filepath.ToSlash(rel)); !ok || !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("static: %w", err)
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return fmt.Errorf("static: %w", err)
		}
		return os.WriteFile(out, b, 0o644)
	})
}
