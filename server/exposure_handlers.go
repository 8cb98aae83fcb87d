package server

import (
	"net/http"

	"powerbrokers/dataset"
)

// getExposure handles "GET /api/v1/exposure": every miner's contracted
// value and MW by tenant, end user and guarantor, the top tenant's share,
// the Herfindahl–Hirschman index (covers says over what), and the chains
// miner → tenant → end user → guarantor with their links' totals.
// ?miner=id keeps one miner (its chains and links too).
func (s *Server) getExposure(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	for k := range v {
		if k != "miner" && k != "as_of" && k != "theme" && k != "plain" && k != "transparent" {
			writeError(w, r, dataset.ParamErrorf(k, "unknown parameter %q: exposure takes miner and as_of", k))
			return
		}
	}
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	e := snap.Exposure()
	if id := v.Get("miner"); id != "" {
		if _, err := snap.Miner(id); err != nil {
			writeError(w, r, dataset.ParamErrorf("miner", "miner %q not found", id))
			return
		}
		e = e.ForMiner(id)
	}
	s.serveJSON(w, r, e)
}

// getTimeline handles "GET /api/v1/timeline": one row per site phase with
// its guided and observed milestones, slippage and status, as of the
// server's date or ?as_of=; filters miner, tenant, stage, iso, due=90.
func (s *Server) getTimeline(w http.ResponseWriter, r *http.Request) {
	f, err := dataset.ParseTimelineFilter(r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveJSON(w, r, snap.Timeline(s.todayFor(r), f))
}
