package server

import "net/http"

// listDeals handles "GET /api/v1/deals".
func (s *Server) listDeals(w http.ResponseWriter, r *http.Request) {
	s.serveJSON(w, r, map[string]any{"total": len(s.currentSnapshot().Deals), "rows": s.currentSnapshot().Deals})
}

// listMiners handles "GET /api/v1/miners".
func (s *Server) listMiners(w http.ResponseWriter, r *http.Request) {
	s.serveJSON(w, r, map[string]any{"total": len(s.currentSnapshot().Miners), "rows": s.currentSnapshot().Miners})
}

// listSites handles "GET /api/v1/sites".
func (s *Server) listSites(w http.ResponseWriter, r *http.Request) {
	s.serveJSON(w, r, map[string]any{"total": len(s.currentSnapshot().Sites), "rows": s.currentSnapshot().Sites})
}
