package server

import (
	"net/http"

	"powerbrokers/dataset"
)

// listEquity handles "GET /api/v1/equity": equity and warrant records
// through the shared query grammar (?holder=google, ?instrument=warrant…).
func (s *Server) listEquity(w http.ResponseWriter, r *http.Request) {
	q, err := dataset.ParseQuery(dataset.KindEquity, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	res := s.currentSnapshot().AsOf(q.AsOf).QueryEquity(q)
	s.servePage(w, r, q, listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next})
}

// listFinancing handles "GET /api/v1/financing".
func (s *Server) listFinancing(w http.ResponseWriter, r *http.Request) {
	q, err := dataset.ParseQuery(dataset.KindFinancing, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	res := s.currentSnapshot().AsOf(q.AsOf).QueryFinancing(q)
	s.servePage(w, r, q, listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next})
}

// servePage completes a list page (facets, next link, query, columns) and serves it.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, q *dataset.Query, out listPage) {
	if out.Facets == nil {
		out.Facets = []dataset.Facet{}
	}
	if out.Next != "" {
		v := q.Values()
		v.Del("page")
		v.Set("next", out.Next)
		out.NextURL = s.cfg.BasePath + r.URL.Path + "?" + v.Encode()
		w.Header().Add("Link", "<"+out.NextURL+`>; rel="next"`)
	}
	out.Query, out.Columns = q, q.Columns()
	s.serveJSON(w, r, out)
}

// getEquity handles "GET /api/v1/equity/{id}".
func (s *Server) getEquity(w http.ResponseWriter, r *http.Request) {
	s.getRecord(w, r, dataset.KindEquity)
}

// getFinancing handles "GET /api/v1/financing/{id}".
func (s *Server) getFinancing(w http.ResponseWriter, r *http.Request) {
	s.getRecord(w, r, dataset.KindFinancing)
}
