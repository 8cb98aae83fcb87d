package server

import (
	_ "embed"
	"strings"
)

// workerJS is the service worker (worker.js) as go-app's
// ServiceWorkerTemplate. go-app v9's worker answers only exact cached URLs,
// so a deep link such as /miners/iren or /deals?tenant=x fails offline; this one:
//   - precaches the shell, the WASM, styles, icons and the map geometry into
//     a cache named after the app version (hash of the WASM and the data),
//     reusing a cached copy of any immutable ?v= URL, and the data snapshot
//     into a separate cache;
//   - activates at once and claims the page that registered it, so the first
//     visit is enough to work offline;
//   - serves navigations network-first (with navigation preload), keeps the
//     last copy of each visited page without a query string, and falls back,
//     when the server is unreachable, fails or is slower than
//     navigationTimeout, to that copy, then to the app shell (the scope URL),
//     which routes client-side;
//   - serves /api/v1/snapshot network-first and keeps the last copy, so the
//     data survives offline even if the app's own copy is cleared. A request with
//     If-None-Match comes from an app that holds its own copy: it sees the
//     network failure, shows its copy and says it is offline;
//   - serves a past revision's snapshot (/v/{revision}/api/v1/snapshot, which
//     never changes) cache-first from a cache of its own, kept across
//     versions, holding the last 20 revisions opened;
//   - serves other same-origin GETs cache-first, except the rest of the API.
//
// A new version is installed in the background; go-app's app.js sees it
// ("installed" while a worker controls the page) and the app offers a reload.
// The running page is never swapped.
//
// worker.js is plain JavaScript, so editors and linters read it; its two
// markers become go-app's template variables {{.Version}} and
// {{.ResourcesToCache}} here.
var workerJS = workerTemplate(workerSource)

//go:embed worker.js
var workerSource string

// workerMarkers are the markers of worker.js and the go-app template
// variables they stand for.
var workerMarkers = []struct{ marker, variable string }{
	{`"GOAPP_VERSION"`, `"{{.Version}}"`},
	{`["GOAPP_RESOURCES"]`, `{{.ResourcesToCache}}`},
}

// workerTemplate turns worker.js into go-app's template. It panics when a
// marker is missing: the embedded file is part of the build.
func workerTemplate(js string) string {
	for _, m := range workerMarkers {
		if strings.Count(js, m.marker) != 1 {
			panic("server: worker.js must hold the marker " + m.marker + " once")
		}
		js = strings.Replace(js, m.marker, m.variable, 1)
	}
	return js
}
