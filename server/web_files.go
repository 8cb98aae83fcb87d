package server

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"powerbrokers/dataset"
)

// webExtensions are the kinds of file the app loads from the web
// directory. Anything else there (the map's build script, its npm files,
// READMEs, precompressed copies) is not served, and neither is a directory
// listing.
var webExtensions = map[string]bool{
	".css": true, ".js": true, ".json": true, ".wasm": true,
	".png": true, ".svg": true, ".ico": true, ".webp": true, ".woff2": true,
	".txt": true, ".xml": true,
}

// webExcluded are build files that share an extension with the app's files.
var webExcluded = map[string]bool{"package.json": true, "package-lock.json": true}

// servableWebFile reports whether the app path p (starting with /web/) names
// a file the app needs, and returns its name in dir.
func servableWebFile(dir, p string) (string, bool) {
	rel, ok := strings.CutPrefix(p, "/web/")
	if !ok || rel == "" || strings.HasSuffix(rel, "/") || path.Clean("/"+rel) != "/"+rel {
		return "", false
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") || seg == "node_modules" || strings.ContainsAny(seg, `\:`) {
			return "", false
		}
	}
	base := path.Base(rel)
	if !webExtensions[path.Ext(base)] || webExcluded[base] {
		return "", false
	}
	return filepath.Join(dir, filepath.FromSlash(rel)), true
}

// webFiles serves the app's files under /web/ from dir: regular files with
// one of webExtensions, never a directory, a dotfile or node_modules.
func webFiles(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := servableWebFile(dir, r.URL.Path)
		if !ok {
			notFound(w, r)
			return
		}
		f, err := os.Open(name)
		if err != nil {
			notFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			notFound(w, r)
			return
		}
		revalidateShared(w.Header())
		http.ServeContent(w, r, st.Name(), st.ModTime(), f)
	})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	// go-app has set the page version as ETag; a 404 has none.
	w.Header().Del("ETag")
	writeError(w, r, dataset.Errorf(dataset.ENOTFOUND, "%s not found", r.URL.Path))
}
