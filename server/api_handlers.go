package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"powerbrokers/dataset"
)

// cacheAPI lets browsers and CDNs keep an API response but revalidate it by
// ETag before every use, so a write is visible at once.
const cacheAPI = "public, max-age=0, must-revalidate"

// revalidateShared marks an answer a shared cache may store, to revalidate
// before every use, as cacheAPI asks of browsers. nginx stores nothing with
// max-age=0 or no-cache; behind nginx configured as the README shows
// (proxy_ignore_headers Cache-Control), X-Accel-Expires: @1 stores the
// answer already stale, so each use is a conditional request that the
// server answers 304 while nothing changed. Answers without it (errors,
// writes, health checks) are never stored. nginx does not pass it on.
func revalidateShared(h http.Header) {
	h.Set("X-Accel-Expires", "@1")
}

// addVary adds a field to the answer's one Vary header. (nginx 1.22 reads
// only one Vary header line.)
func addVary(h http.Header, field string) {
	var fields []string
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
	}
	if !slices.Contains(fields, field) {
		fields = append(fields, field)
	}
	h.Set("Vary", strings.Join(fields, ", "))
}

// getSnapshot handles "GET /api/v1/snapshot": the whole dataset, ETag-ed.
func (s *Server) getSnapshot(w http.ResponseWriter, r *http.Request) {
	if v := revisionOf(r); v != nil {
		s.getRevisionSnapshot(w, r, v)
		return
	}
	s.pub.Load().body.serve(w, r, "application/json; charset=utf-8", cacheAPI)
}

// recordHandler handles "GET /api/v1/<kind>/{id}": one record as the
// explorer shows it, with its ETag (see recordBody).
func (s *Server) recordHandler(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.getRecord(w, r, kind) }
}

// getRecord serves one record with its ETag, the version PUT and DELETE
// compare If-Match with.
func (s *Server) getRecord(w http.ResponseWriter, r *http.Request, kind string) {
	// With as_of, the record as it stood at that date (its ETag differs
	// from the current version's, so it cannot be used for If-Match).
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	body, _, err := s.recordBodyFrom(snap, s.todayFor(r), kind, r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	serveDynamic(w, r, body, "application/json; charset=utf-8")
}

// recordBody returns the JSON of a record as GET /api/v1/{kind}/{id}
// answers it, from the current snapshot and as of the server's date, and
// its ETag.
func (s *Server) recordBody(kind, id string) ([]byte, string, error) {
	return s.recordBodyFrom(s.currentSnapshot(), s.today(), kind, id)
}

// recordBodyFrom is recordBody from a given snapshot, with milestone
// statuses as of today (see dataset.Snapshot.Record: a deal with its equity
// and financing, a miner with its sites, deals, milestones, equity and
// financing, a site with its milestones' status).
func (s *Server) recordBodyFrom(snap *dataset.Snapshot, today dataset.Date, kind, id string) ([]byte, string, error) {
	v, err := snap.Record(kind, id, today)
	if err != nil {
		return nil, "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, "", err
	}
	b = append(b, '\n')
	return b, bodyETag(b), nil
}

// Paging of the change log: a page holds at most maxChanges entries and
// maxChangesBytes of JSON (an entry holds the record before and after, up
// to dataset.MaxRecordBytes each), and names the next page.
const (
	defaultChanges  = 50
	maxChanges      = 1000
	maxChangesBytes = 1 << 20
)

// getChanges handles "GET /api/v1/changes?limit=N&before=SEQ": the change
// log, newest first, a page at a time; the first page also holds the
// dataset's corrections.
func (s *Server) getChanges(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := defaultChanges
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxChanges {
			writeError(w, r, dataset.ParamErrorf("limit", "%q is not a whole number from 1 to %d", v, maxChanges))
			return
		}
		limit = n
	}
	var before uint64
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n < 1 {
			writeError(w, r, dataset.ParamErrorf("before", "%q is not a change number (a positive whole number)", v))
			return
		}
		before = n
	}
	for k := range q {
		if k != "limit" && k != "before" {
			writeError(w, r, dataset.ParamErrorf(k, "unknown parameter %q; the change log takes limit and before", k))
			return
		}
	}
	changes, more, err := s.store.ChangesPage(before, limit, maxChangesBytes)
	if err != nil {
		writeError(w, r, err)
		return
	}
	pageChanges := changes
	if before == 0 {
		// The dataset's corrections (bounded by the seed, not by writes)
		// join the first page, in date order with the store's entries;
		// the next page continues the store's log.
		corr := correctionChanges(s.currentSnapshot().Data.Corrections)
		pageChanges = mergeChanges(changes, corr, len(changes)+len(corr))
	}
	out := struct {
		Changes []dataset.Change `json:"changes"`
		Next    string           `json:"next,omitempty"`
	}{Changes: orEmpty(pageChanges)}
	if more && len(changes) > 0 {
		next := url.Values{"before": {strconv.FormatUint(changes[len(changes)-1].Seq, 10)}}
		if q.Get("limit") != "" {
			next.Set("limit", q.Get("limit"))
		}
		out.Next = s.cfg.BasePath + "/api/v1/changes?" + next.Encode()
		w.Header().Add("Link", "<"+out.Next+`>; rel="next"`)
	}
	s.serveJSON(w, r, out)
}

// notFoundAPI answers every unknown /api/ path with a JSON 404.
func (s *Server) notFoundAPI(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, dataset.Errorf(dataset.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path))
}

// serveJSON encodes v and serves it with an ETag and compression.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, r, err)
		return
	}
	serveDynamic(w, r, append(b, '\n'), "application/json; charset=utf-8")
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// BernsteinAggregate is the industry figure /stats reconciles our totals with.
const BernsteinAggregate = "bernstein-miner-ai-contracts-2026-05"

// getStats handles "GET /api/v1/stats".
func (s *Server) getStats(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := struct {
		dataset.Stats
		Freshness      dataset.Freshness       `json:"freshness"`
		Reconciliation *dataset.Reconciliation `json:"reconciliation,omitempty"`
	}{Stats: snap.Stats(), Freshness: snap.Freshness(s.todayFor(r), 90)}
	if rec, err := snap.Reconcile(BernsteinAggregate); err == nil {
		out.Reconciliation = &rec
	}
	s.serveJSON(w, r, out)
}
