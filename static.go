//go:build !wasm

package main

import (
	"encoding/json"
	"errors"
	"flag"
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
	"slices"
	"strings"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// staticCommand handles `powerbrokers static DIR [-base-path /x/] [-web web] [-origin URL]`:
// it writes a copy of the explorer that any static file host can serve,
// read-only, from the embedded seed:
//
//   - every page prerendered, as DIR/index.html for "/" and DIR/<path>.html
//     for the others (deals.html, miners/iren.html, embed/deals.html…), the
//     layout GitHub Pages, Netlify, Cloudflare Pages and nginx's
//     `try_files $uri $uri.html` serve at /deals and /miners/iren; and
//     DIR/404.html, the app shell, which boots the app on any other path
//     (hosts that serve 404.html) and routes it in the browser;
//   - go-app's app.js, app-worker.js, manifest.webmanifest, wasm_exec.js and app.css;
//   - the web directory (app.wasm, styles, icons, map geometry);
//   - DIR/api/v1/snapshot, the JSON the client loads its data from.
//
// The pages are found by following every link from "/", plus every deal,
// miner and embed. With -base-path the copy is meant to be served under
// that prefix: the files still go to the top of DIR.
func staticCommand(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("static", flag.ContinueOnError)
	fset.SetOutput(stderr)
	base := fset.String("base-path", "", "the path prefix the copy will be served under, e.g. /explorer/")
	web := fset.String("web", "web", "directory of static assets (holds app.wasm; run make build first)")
	origin := fset.String("origin", "", "public origin of the copy for absolute URLs in the pages, e.g. https://example.org (default: none)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: powerbrokers static DIR [-base-path /x/] [-web web] [-origin https://host]")
		fset.PrintDefaults()
	}
	// DIR may come before or after the flags.
	var dir string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	if dir == "" && fset.NArg() > 0 {
		dir = fset.Arg(0)
	}
	if dir == "" || fset.NArg() > 1 || (fset.NArg() == 1 && dir != fset.Arg(0)) {
		fset.Usage()
		return errors.New("static: give exactly one output directory")
	}
	n, err := writeStatic(dir, *base, *web, strings.TrimRight(*origin, "/"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a static copy to %s: %d pages\n", dir, n)
	return nil
}

// writeStatic writes the copy and returns the number of pages written.
func writeStatic(dir, basePath, webDir, origin string) (int, error) {
	if _, err := os.Stat(filepath.Join(webDir, "app.wasm")); err != nil {
		return 0, fmt.Errorf("static: %s/app.wasm is missing: run make build first", webDir)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("static: %s is not empty; give a new or empty directory", dir)
	}
	srv, err := server.New(server.Config{WebDir: webDir, BasePath: basePath, Seed: seed.FS,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return 0, err
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()
	prefix := strings.TrimRight(basePath, "/")
	c := &staticCopy{dir: dir, prefix: prefix, base: ts.URL, origin: origin}

	// The data first: it names the deals and miners to prerender.
	snap, err := c.fetch("/api/v1/snapshot")
	if err != nil {
		return 0, err
	}
	if err := c.write("api/v1/snapshot", snap); err != nil {
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
	pages, err := c.crawl(queue)
	if err != nil {
		return 0, err
	}

	for _, name := range []string{"/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js", "/app.css"} {
		b, err := c.fetch(name)
		if err != nil {
			return 0, err
		}
		if err := c.write(name, b); err != nil {
			return 0, err
		}
	}
	if err := copyWeb(webDir, filepath.Join(dir, "web")); err != nil {
		return 0, err
	}
	return pages, nil
}

// staticCopy fetches from the server under the copy's prefix and writes files.
type staticCopy struct {
	dir, prefix string
	base        string // the test server's URL
	origin      string // replaces base in the pages
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
		if c.origin != c.base {
			b = []byte(strings.ReplaceAll(string(b), c.base, c.origin))
		}
		file := p + ".html"
		if p == "/" {
			file = "/index.html"
			if err := c.write("/404.html", b); err != nil {
				return n, err
			}
		}
		if err := c.write(file, b); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
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

// copyWeb copies the web directory, leaving out the precompressed WASM
// (a static host does not negotiate it) and build tooling.
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
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if slices.Contains([]string{".br", ".gz", ".mjs"}, filepath.Ext(p)) || !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("static: %w", err)
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}
