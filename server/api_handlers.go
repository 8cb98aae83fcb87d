package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"powerbrokers/dataset"
)

// cacheAPI lets browsers and CDNs keep an API response but revalidate it by
// ETag before every use, so a write is visible at once.
const cacheAPI = "public, max-age=0, must-revalidate"

// getSnapshot handles "GET /api/v1/snapshot": the whole dataset, ETag-ed.
func (s *Server) getSnapshot(w http.ResponseWriter, r *http.Request) {
	s.pub.Load().body.serve(w, r, "application/json; charset=utf-8", cacheAPI)
}

// getRecord handles "GET /api/v1/<kind>/{id}": one record with its derived
// figures (a miner with its sites and deals).
func (s *Server) getRecord(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec, err := s.currentSnapshot().Record(kind, r.PathValue("id"))
		if err != nil {
			writeError(w, r, err)
			return
		}
		s.serveJSON(w, r, rec)
	}
}

// getChanges handles "GET /api/v1/changes?limit=N": the change log, newest first.
func (s *Server) getChanges(w http.ResponseWriter, r *http.Request) {
	limit := 50
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, r, dataset.ParamErrorf("limit", "%q is not a whole number from 1 to 1000", v))
			return
		}
		limit = n
	}
	changes, err := s.store.Changes(limit)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]any{"changes": orEmpty(changes)})
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
	snap := s.currentSnapshot()
	out := struct {
		dataset.Stats
		Reconciliation *dataset.Reconciliation `json:"reconciliation,omitempty"`
	}{Stats: snap.Stats()}
	if rec, err := snap.Reconcile(BernsteinAggregate); err == nil {
		out.Reconciliation = &rec
	}
	s.serveJSON(w, r, out)
}
