package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"powerbrokers/dataset"
)

// Dated versions: every published revision stays readable, read-only, at
// /v/{revision}/…: its pages and embeds (prerendered from its data, every
// in-app link kept under /v/{revision}/) and its API (/v/{revision}/api/v1/…:
// the snapshot, lists, CSV, records, stats, exposure and timeline). A write
// there answers 405; an unknown or malformed revision 404.

// revisionView is one revision, rebuilt and ready to serve.
type revisionView struct {
	rev     dataset.Revision
	snap    *dataset.Snapshot
	changes []dataset.Change
	body    encoded // its /api/v1/snapshot, precompressed
}

// revisionCache keeps the last few rebuilt revisions (a snapshot with its
// indexes holds a few MB).
type revisionCache struct {
	mu    sync.Mutex
	views []*revisionView // most recently used first
}

const revisionCacheSize = 4

// revisionViewKey keys the revision a request reads in its context.
type revisionViewKey struct{}

// revisionOf returns the revision r reads (nil: the latest data).
func revisionOf(r *http.Request) *revisionView {
	v, _ := r.Context().Value(revisionViewKey{}).(*revisionView)
	return v
}

// snapshotOf is the snapshot r reads: its revision's, or the current one.
func (s *Server) snapshotOf(r *http.Request) *dataset.Snapshot {
	if v := revisionOf(r); v != nil {
		return v.snap
	}
	return s.currentSnapshot()
}

// revisionView returns revision n, rebuilt from the store or cached. It
// returns an ENOTFOUND *dataset.Error when there is no revision n.
func (s *Server) revisionView(n int) (*revisionView, error) {
	c := &s.revs
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, v := range c.views {
		if v.rev.Number == n {
			copy(c.views[1:i+1], c.views[:i])
			c.views[0] = v
			return v, nil
		}
	}
	d, rev, changes, err := s.store.RevisionData(n, publishedChanges)
	if err != nil {
		return nil, err
	}
	snap := dataset.NewSnapshotVersion(d, rev.Version)
	body, err := encodeJSON(dataset.SnapshotDocument{Version: rev.Version, Dataset: d, Changes: changes, Revision: &rev})
	if err != nil {
		return nil, err
	}
	v := &revisionView{rev: rev, snap: snap, changes: changes, body: body}
	c.views = append([]*revisionView{v}, c.views...)
	if len(c.views) > revisionCacheSize {
		c.views = c.views[:revisionCacheSize]
	}
	return v, nil
}

// readOnlyRevisions answers everything under /v/: a write is 405, an
// unknown or malformed revision 404 (JSON under /api/, the app's not-found
// page elsewhere); the API of a known revision is served from its data, and
// its pages by servePages with the revision in the request's context.
func (s *Server) readOnlyRevisions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, rest, ok := dataset.SplitRevisionPath(r.URL.Path)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, r, "GET, HEAD")
			return
		}
		api := strings.HasPrefix(rest, "/api/")
		var view *revisionView
		if n > 0 {
			v, err := s.revisionView(n)
			if err != nil && dataset.ErrorCode(err) != dataset.ENOTFOUND {
				writeError(w, r, err)
				return
			}
			view = v
		}
		if api {
			if view == nil {
				writeError(w, r, dataset.Errorf(dataset.ENOTFOUND, "no revision %q: revisions are numbered 1 to %d (see %s/api/v1/revisions)",
					strings.SplitN(strings.TrimPrefix(r.URL.Path, "/v/"), "/", 2)[0], s.pub.Load().rev.Number, s.cfg.BasePath))
				return
			}
			r2 := r.WithContext(context.WithValue(r.Context(), revisionViewKey{}, view))
			r2.URL = new(url.URL)
			*r2.URL = *r.URL
			r2.URL.Path, r2.URL.RawPath = rest, ""
			s.revMux.ServeHTTP(w, r2)
			return
		}
		if view != nil {
			r = r.WithContext(context.WithValue(r.Context(), revisionViewKey{}, view))
		}
		// The page keeps its /v/{revision} path: go-app routes it, names it
		// in og:url, and the app reads the revision from it.
		s.servePages(w, r)
	})
}

// revisionRoute reports whether an API route is also served for every
// revision under /v/{revision}/: the reads of the data, not the change log,
// oEmbed, this list or the OpenAPI document.
func revisionRoute(rt apiRoute) bool {
	if rt.method != http.MethodGet {
		return false
	}
	switch rt.path {
	case "/api/v1/changes", "/api/v1/oembed", "/api/v1/openapi.json", "/api/v1/revisions":
		return false
	}
	return true
}

// revisionAPI builds the mux of a revision's read-only API.
func (s *Server) revisionAPI(routes []apiRoute) *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range routes {
		if revisionRoute(rt) {
			mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
		}
	}
	mux.HandleFunc("/", s.notFoundAPI)
	return mux
}

// getRevisionSnapshot serves a revision's whole dataset, which never
// changes: caches may keep it for good.
func (s *Server) getRevisionSnapshot(w http.ResponseWriter, r *http.Request, v *revisionView) {
	v.body.serve(w, r, "application/json; charset=utf-8", "public, max-age=31536000, immutable")
}

// Paging of /api/v1/revisions.
const (
	defaultRevisions = 100
	maxRevisions     = 1000
)

// getRevisions handles "GET /api/v1/revisions?limit=N&before=REV": the
// published revisions, newest first, with their dates, change counts and
// links.
func (s *Server) getRevisions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "limit" && k != "before" {
			writeError(w, r, dataset.ParamErrorf(k, "unknown parameter %q; the revisions list takes limit and before", k))
			return
		}
	}
	limit := defaultRevisions
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRevisions {
			writeError(w, r, dataset.ParamErrorf("limit", "%q is not a whole number from 1 to %d", v, maxRevisions))
			return
		}
		limit = n
	}
	before := 0
	if v := q.Get("before"); v != "" {
		n, ok := dataset.ParseRevision(v)
		if !ok {
			writeError(w, r, dataset.ParamErrorf("before", "%q is not a revision number (a positive whole number)", v))
			return
		}
		before = n
	}
	revs, more, err := s.store.Revisions(before, limit)
	if err != nil {
		writeError(w, r, err)
		return
	}
	for i := range revs {
		s.linkRevision(&revs[i])
	}
	out := struct {
		Latest    int                `json:"latest"`
		Revisions []dataset.Revision `json:"revisions"`
		Next      string             `json:"next,omitempty"`
	}{Latest: s.pub.Load().rev.Number, Revisions: orEmpty(revs)}
	if more && len(revs) > 0 {
		next := url.Values{"before": {strconv.Itoa(revs[len(revs)-1].Number)}}
		if q.Get("limit") != "" {
			next.Set("limit", q.Get("limit"))
		}
		out.Next = s.cfg.BasePath + "/api/v1/revisions?" + next.Encode()
		w.Header().Add("Link", "<"+out.Next+`>; rel="next"`)
	}
	s.serveJSON(w, r, out)
}

// linkRevision fills in a revision's links.
func (s *Server) linkRevision(rev *dataset.Revision) {
	root := s.cfg.BasePath + "/v/" + strconv.Itoa(rev.Number)
	rev.URL, rev.Snapshot, rev.API = root+"/", root+"/api/v1/snapshot", root+"/api/v1/"
}

// revisionRoot is "/v/{revision}" for a request of a revision's API, ""
// for the latest: the prefix of the links its answer gives.
func revisionRoot(r *http.Request) string {
	if v := revisionOf(r); v != nil {
		return "/v/" + strconv.Itoa(v.rev.Number)
	}
	return ""
}
