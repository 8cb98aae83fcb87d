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

// getMiner handles "GET /api/v1/miners/{id}": the miner with its sites and deals.
func (s *Server) getMiner(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	m, err := snap.Miner(r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveJSON(w, r, struct {
		*dataset.MinerRow
		Sites      []dataset.SiteRow      `json:"sites"`
		Deals      []dataset.DealRow      `json:"deals"`
		Milestones []dataset.MilestoneRow `json:"milestones"`
		Equity     []dataset.EquityRow    `json:"equity"`
		Financing  []dataset.FinancingRow `json:"financing"`
	}{m, orEmpty(snap.MinerSites(m.ID)), orEmpty(snap.MinerDeals(m.ID)), orEmpty(snap.MinerMilestones(m.ID, s.todayFor(r))),
		orEmpty(snap.MinerEquity(m.ID)), orEmpty(snap.MinerFinancing(m.ID))})
}

// getDeal handles "GET /api/v1/deals/{id}": the deal with the equity and
// financing records linked to it.
func (s *Server) getDeal(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	d, err := snap.Deal(r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveJSON(w, r, struct {
		*dataset.DealRow
		Equity    []dataset.EquityRow    `json:"equity"`
		Financing []dataset.FinancingRow `json:"financing"`
	}{d, orEmpty(snap.DealEquity(d.ID)), orEmpty(snap.DealFinancing(d.ID))})
}

// getSite handles "GET /api/v1/sites/{id}": the site, its milestones
// with their status as of the server's date in place of the stored ones.
func (s *Server) getSite(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	st, err := snap.Site(r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveJSON(w, r, struct {
		*dataset.SiteRow
		Milestones []dataset.MilestoneRow `json:"milestones"`
	}{st, orEmpty(snap.SiteMilestones(st.ID, s.todayFor(r)))})
}

// getChanges handles "GET /api/v1/changes?limit=N": the change log and the
// dataset's corrections, newest first.
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
	changes = mergeChanges(changes, correctionChanges(s.currentSnapshot().Data.Corrections), limit)
	writeJSON(w, http.StatusOK, map[string]any{"changes": orEmpty(changes)})
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
