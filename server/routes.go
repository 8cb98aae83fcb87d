package server

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
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
	// record marks the routes of one record: GET answers its ETag, PUT and
	// DELETE honour If-Match.
	record bool
	// example is a concrete path the route test requests.
	example string
	// params are the route's query parameters and produces its media
	// types, for /openapi.json, when the generic rules do not say them.
	params   []map[string]any
	produces []string
}

// writableKinds are the kinds of records curators write (milestones are
// written with their site, events with the seed).
var writableKinds = []string{dataset.KindDeals, dataset.KindMiners, dataset.KindSites, dataset.KindEquity, dataset.KindFinancing}

// listSummaries says what each kind's list holds, for /openapi.json.
var listSummaries = map[string]string{
	dataset.KindDeals:      "Deals",
	dataset.KindMiners:     "Miners with capacity by stage and contracted MW",
	dataset.KindSites:      "Sites with power by stage",
	dataset.KindMilestones: "Site milestones (observed or guided) with their status as of the server's date (?overdue=true)",
	dataset.KindEquity:     "Equity and warrants (holder, issuer, instrument, shares, strike, % of the issuer with its basis, value, vesting, linked deal), with totals",
	dataset.KindFinancing: "Financing (notes, convertibles, project loans, facilities, preferred and equity raises) with amount and its basis, coupon, maturity, " +
		"use of proceeds, linked sites and deals; totals add counted amounts (no draws, conversions or proposed sizes) overall, debt, and debt for AI/HPC",
	dataset.KindEvents: "Dated, sourced events the time charts mark (halving, rule changes, hashprice lows, corporate actions, research notes; " +
		"unverified=true when no citable source confirms one)",
}

// apiRoutes is the API route table. Every kind of record of the dataset
// gets its list, its CSV twin and its record by id from the registry;
// the writable ones their writes.
func (s *Server) apiRoutes() []apiRoute {
	routes := []apiRoute{
		{method: "GET", path: "/api/v1/snapshot", summary: "The whole dataset, its version, its revision and the latest changes (ETag; the client's offline copy)", handler: s.getSnapshot},
		{method: "GET", path: "/api/v1/revisions", summary: "The published revisions, newest first (?limit= 1-1000, default 100; ?before=): each with its number, when it was published, " +
			"what made it (seed, reseed, create, update, delete and the record), how many records it added, changed or removed, its version and links. " +
			"Every revision stays readable, read-only, under /v/{revision}/: its pages and embeds, and its API at /v/{revision}/api/v1/ " +
			"(snapshot, lists, CSV, records, stats, exposure, timeline); a write there is 405, an unknown revision 404", handler: s.getRevisions, example: "/api/v1/revisions?limit=1"},
	}
	snap := s.currentSnapshot()
	for _, kind := range dataset.Kinds {
		example := ""
		if snap != nil {
			if page, err := snap.Query(&dataset.Query{Kind: kind, Size: 1, Today: s.today()}); err == nil && len(page.Rows) > 0 {
				id, _ := dataset.ColumnByName(kind, "id")
				example = "/api/v1/" + kind + "/" + id.Text(page.Rows[0])
			}
		}
		summary := listSummaries[kind]
		if summary == "" {
			summary = strings.ToUpper(kind[:1]) + kind[1:]
		}
		routes = append(routes,
			apiRoute{method: "GET", path: "/api/v1/" + kind, summary: summary + ": filters, search, sort, facets and pages", handler: s.list(kind), kind: kind},
			apiRoute{method: "GET", path: "/api/v1/" + kind + ".csv", summary: "The " + kind + " matching the same query, as CSV with units in the header", handler: s.listCSV(kind), kind: kind},
			apiRoute{method: "GET", path: "/api/v1/" + kind + "/{id}", summary: "One " + oneRecord(kind) + " as the explorer shows it, derived figures, grade and sources included; its ETag is the version PUT and DELETE take in If-Match",
				handler: s.recordHandler(kind), example: example, record: true},
		)
	}
	routes = append(routes, []apiRoute{
		{method: "GET", path: "/api/v1/stats", summary: "Derived metrics: headline totals, cumulative value and MW by month, totals by tenant, guarantor, type, miner and status, $/MW-yr ranges, how much was checked in the last 90 days, and the reconciliation with Bernstein's aggregate under several scopes", handler: s.getStats},
		{method: "GET", path: "/api/v1/exposure", summary: "Contracted exposure: per miner, value and MW by tenant, end user and guarantor, the top tenant's share and the Herfindahl–Hirschman index (covers says over which deals), and the chains miner → tenant → end user → guarantor with the totals of each link (?miner=, ?as_of=)", handler: s.getExposure, example: "/api/v1/exposure?miner=terawulf"},
		{method: "GET", path: "/api/v1/timeline", summary: "The delivery timeline: one row per site phase with its guided and observed milestones, slippage in days (guidance moved or delivered late), overdue days and what is due within 90 days (?miner=, ?tenant=, ?stage=, ?iso=, ?due=90, ?as_of=)", handler: s.getTimeline, example: "/api/v1/timeline?due=90"},
		{method: "GET", path: "/api/v1/changes", summary: "The change log, newest first, a page at a time (at most 1000 entries and 1 MiB; next names the following page); the first page also holds the audit's corrections (action \"correct\", with field, before, after, reason and sources)", handler: s.getChanges},
		{method: "GET", path: "/api/v1/oembed", summary: "oEmbed 1.0 (rich) for a view URL (?url=…)", handler: s.getOEmbed, example: "/api/v1/oembed?url=http://example.com/embed/deals"},
		{method: "GET", path: "/api/v1/openapi.json", summary: "This document", handler: s.getOpenAPI},
	}...)
	routes = append(routes, s.chartRoutes()...)
	routes = append(routes, s.shareRoutes()...)
	for _, kind := range writableKinds {
		one := oneRecord(kind)
		routes = append(routes,
			apiRoute{method: "POST", path: "/api/v1/" + kind, summary: "Create a " + one + " (Bearer token); validated like the seed", handler: s.writeHandler(kind, "create"), write: true},
			apiRoute{method: "PUT", path: "/api/v1/" + kind + "/{id}", summary: "Replace a " + one + " (Bearer token); a record as GET returns it is accepted; with If-Match, only if it is still the version read", handler: s.writeHandler(kind, "update"), write: true, record: true},
			apiRoute{method: "DELETE", path: "/api/v1/" + kind + "/{id}", summary: "Delete a " + one + " (Bearer token); with If-Match, only if it is still the version read", handler: s.writeHandler(kind, "delete"), write: true, record: true},
		)
	}
	return routes
}

// oneRecord names one record of a kind: "deal", "equity record".
func oneRecord(kind string) string {
	if kind == dataset.KindFinancing {
		return "financing record"
	}
	return dataset.Singular(kind)
}

// routes builds the route table and wraps it in the middleware chain.
func (s *Server) routes() {
	mux := http.NewServeMux()
	routes := s.apiRoutes()
	for _, rt := range routes {
		mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
	}
	s.revMux = s.revisionAPI(routes)
	mux.HandleFunc("/api/", s.unknownAPI)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok", "version": s.pub.Load().snap.Version})
	})
	mux.HandleFunc("GET /readyz", s.getReady)
	// The change log's Atom feeds (feeds.go).
	mux.HandleFunc("GET /changes.atom", s.getChangesFeed)
	mux.HandleFunc("GET /miners/{id}/changes.atom", s.getMinerFeed)
	mux.HandleFunc("/", s.servePages)
	s.mux = mux

	var h http.Handler = s.readOnlyRevisions(mux)
	h = s.securityHeaders(h)
	h = s.recoverer(h)
	h = s.bodyLimits(h)
	if bp := s.cfg.BasePath; bp != "" {
		outer := http.NewServeMux()
		outer.Handle(bp+"/", http.StripPrefix(bp, h))
		outer.Handle(bp, http.RedirectHandler(bp+"/", http.StatusMovedPermanently))
		h = outer
	}
	s.root = s.trackInFlight(s.logRequests(h))
}

// unknownAPI answers an /api/ request that no route takes: 405 with Allow
// when the path has routes for other methods, else a JSON 404.
func (s *Server) unknownAPI(w http.ResponseWriter, r *http.Request) {
	if allow := s.allowedMethods(r); allow != "" {
		methodNotAllowed(w, r, allow)
		return
	}
	s.notFoundAPI(w, r)
}

// allowedMethods lists the methods the mux routes for r's path, or "".
func (s *Server) allowedMethods(r *http.Request) string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	return strings.Join(allow, ", ")
}

// methodNotAllowed answers 405 with the Allow header.
func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, r, &dataset.Error{Code: dataset.EMETHOD,
		Message: fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, allow)})
}

// bodyLimits bounds request bodies before anything reads them. A body over
// maxBody, by its Content-Length, is refused at once; any other body is
// capped at maxBody. An answer written before the body was read to its end
// (every GET with a body, a write refused before its body) closes the
// connection, so the server never waits for a body it does not want:
// net/http would otherwise read what is left of it, up to 256 KB, before
// sending the answer, and a client dripping it would hold the connection.
func (s *Server) bodyLimits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			w.Header().Set("Connection", "close")
			writeError(w, r, errTooLarge)
			return
		}
		if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body := &trackedBody{ReadCloser: http.MaxBytesReader(w, r.Body, maxBody)}
		r.Body = body
		next.ServeHTTP(&closeIfUnread{ResponseWriter: w, body: body}, r)
	})
}

// trackedBody notes when its body has been read to the end.
type trackedBody struct {
	io.ReadCloser
	eof atomic.Bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.eof.Store(true)
	}
	return n, err
}

// closeIfUnread closes the connection after an answer that starts before
// the request body was read to its end.
type closeIfUnread struct {
	http.ResponseWriter
	body  *trackedBody
	wrote bool
}

func (w *closeIfUnread) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		if !w.body.eof.Load() {
			w.Header().Set("Connection", "close")
			// After the handler, net/http still reads up to 256 KB of an
			// unread body before it closes the connection: a deadline in
			// the past ends that read, so a client dripping the body loses
			// the connection as soon as it has its answer.
			http.NewResponseController(w.ResponseWriter).SetReadDeadline(time.Now())
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *closeIfUnread) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *closeIfUnread) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// trackInFlight counts running handlers, so that a shutdown that had to
// close stuck connections can wait for their handlers before closing the
// store.
func (s *Server) trackInFlight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the CSP (our own origin only, plus 'wasm-unsafe-eval'
// for the WASM), the framing policy and the other hardening headers, and CORS
// on the read API for the configured origins.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	csp := s.contentSecurityPolicy(true)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") && len(s.cfg.CORSOrigins) > 0 {
			// Every API answer depends on Origin once CORS is on: a shared
			// cache must not give one origin's answer to another.
			addVary(h, "Origin")
			if o := r.Header.Get("Origin"); o != "" && slices.Contains(s.cfg.CORSOrigins, o) {
				h.Set("Access-Control-Allow-Origin", o)
				h.Set("Access-Control-Expose-Headers", "ETag")
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

// contentSecurityPolicy is the pages' CSP: our own origin only, plus
// 'wasm-unsafe-eval' for the WASM and the hashes of the inline start script
// and styles. frame-ancestors, which only a header can set, is left out of
// the <meta> form.
func (s *Server) contentSecurityPolicy(header bool) string {
	directives := []string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval' " + wasmStartHash,
		"style-src 'self'" + s.styles.cspSource(),
		"img-src 'self' data:",
		"connect-src 'self'",
		"manifest-src 'self'",
		"worker-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
	}
	if header {
		directives = append(directives, "frame-ancestors "+strings.Join(s.cfg.FrameAncestors, " "))
	}
	return strings.Join(directives, "; ")
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

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

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
		next.ServeHTTP(rec, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}
