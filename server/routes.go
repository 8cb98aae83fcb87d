package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"powerbrokers/dataset"
)

// apiRoute is one API endpoint: the mux registers it and /openapi.json
// describes it, from this one table, so the two cannot drift apart.
type apiRoute struct {
	method, path, summary string
	handler               http.HandlerFunc
	// kind, for list endpoints, names the rows whose columns are the filters.
	kind  string
	write bool
	// example is a concrete path the route test requests.
	example string
}

// apiRoutes is the API route table. Every kind of record of the dataset
// gets its list, its CSV twin and its record by id, from the registry.
func (s *Server) apiRoutes() []apiRoute {
	write := s.limitWrites(s.writeRecord)
	routes := []apiRoute{
		{method: "GET", path: "/api/v1/snapshot", summary: "The whole dataset, its version and the latest changes (ETag; the client's offline copy)", handler: s.getSnapshot},
	}
	snap := s.currentSnapshot()
	for _, kind := range dataset.Kinds {
		plural := strings.ToUpper(kind[:1]) + kind[1:]
		example := ""
		if snap != nil {
			if page, err := snap.Query(&dataset.Query{Kind: kind, Size: 1}); err == nil && len(page.Rows) > 0 {
				id, _ := dataset.ColumnByName(kind, "id")
				example = "/api/v1/" + kind + "/" + id.Text(page.Rows[0])
			}
		}
		routes = append(routes,
			apiRoute{method: "GET", path: "/api/v1/" + kind, summary: plural + ": filters, search, sort, facets and pages", handler: s.list(kind), kind: kind},
			apiRoute{method: "GET", path: "/api/v1/" + kind + ".csv", summary: plural + " matching the same query, as CSV with units in the header", handler: s.listCSV(kind), kind: kind},
			apiRoute{method: "GET", path: "/api/v1/" + kind + "/{id}", summary: "One " + dataset.Singular(kind) + " with its derived figures, as the explorer's page shows it",
				handler: s.getRecord(kind), example: example},
		)
	}
	return append(routes, []apiRoute{
		{method: "GET", path: "/api/v1/stats", summary: "Derived metrics: headline totals, cumulative value and MW by month, totals by tenant, guarantor, type, miner and status, $/MW-yr ranges, and the reconciliation with Bernstein's aggregate", handler: s.getStats},
		{method: "GET", path: "/api/v1/changes", summary: "The change log, newest first (?limit=1..1000)", handler: s.getChanges},
		{method: "GET", path: "/api/v1/oembed", summary: "oEmbed 1.0 (rich) for a view URL (?url=…)", handler: s.getOEmbed, example: "/api/v1/oembed?url=http://example.com/embed/deals"},
		{method: "GET", path: "/api/v1/openapi.json", summary: "This document", handler: s.getOpenAPI},
		{method: "POST", path: "/api/v1/{kind}", summary: "Create a deal, miner or site (Bearer token); validated like the seed", handler: write, write: true},
		{method: "PUT", path: "/api/v1/{kind}/{id}", summary: "Replace a deal, miner or site (Bearer token); a record as GET returns it is accepted", handler: write, write: true},
		{method: "DELETE", path: "/api/v1/{kind}/{id}", summary: "Delete a deal, miner or site (Bearer token)", handler: write, write: true},
	}...)
}

// routes builds the route table and wraps it in the middleware chain.
func (s *Server) routes() {
	mux := http.NewServeMux()
	for _, rt := range s.apiRoutes() {
		mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
	}
	mux.HandleFunc("/api/", s.notFoundAPI)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok", "version": s.pub.Load().snap.Version})
	})
	mux.HandleFunc("GET /readyz", s.getReady)
	mux.HandleFunc("/", s.servePages)
	s.mux = mux

	var h http.Handler = mux
	h = s.securityHeaders(h)
	h = s.recoverer(h)
	if bp := s.cfg.BasePath; bp != "" {
		outer := http.NewServeMux()
		outer.Handle(bp+"/", http.StripPrefix(bp, h))
		outer.Handle(bp, http.RedirectHandler(bp+"/", http.StatusMovedPermanently))
		h = outer
	}
	s.root = s.logRequests(h)
}

// securityHeaders sets the CSP (our own origin only, plus 'wasm-unsafe-eval'
// for the WASM), the framing policy and the other hardening headers, and CORS
// on the read API for the configured origins.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self'",
		"img-src 'self' data:",
		"connect-src 'self'",
		"manifest-src 'self'",
		"worker-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors " + strings.Join(s.cfg.FrameAncestors, " "),
	}, "; ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if o := r.Header.Get("Origin"); o != "" && slices.Contains(s.cfg.CORSOrigins, o) {
				h.Set("Access-Control-Allow-Origin", o)
				h.Set("Access-Control-Expose-Headers", "ETag")
				h.Add("Vary", "Origin")
				if r.Method == http.MethodOptions {
					h.Set("Access-Control-Allow-Methods", "GET, HEAD")
					h.Set("Access-Control-Allow-Headers", "If-None-Match")
					w.WriteHeader(http.StatusNoContent)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a 500 with the API's error shape, so no stack
// trace reaches a user.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeError(w, r, dataset.Errorf(dataset.EINTERNAL, "panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// logRequests logs one line per request with its status and duration.
// It never logs headers, so tokens stay out of the logs.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, withLogger(r, s.log))
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}
