package server

import (
	"bytes"
	"net/http"

	"powerbrokers/dataset"
)

// listDeals handles "GET /api/v1/deals": filters, search, sort, facets and
// pages from the query string (see dataset.ParseQuery).
func (s *Server) listDeals(w http.ResponseWriter, r *http.Request) {
	s.list(w, r, dataset.KindDeals)
}

// listMiners handles "GET /api/v1/miners".
func (s *Server) listMiners(w http.ResponseWriter, r *http.Request) {
	s.list(w, r, dataset.KindMiners)
}

// listSites handles "GET /api/v1/sites".
func (s *Server) listSites(w http.ResponseWriter, r *http.Request) {
	s.list(w, r, dataset.KindSites)
}

// listPage is the JSON body of a list: the page of rows (restricted to the
// query's columns when cols= is given), the total, facets, totals and the
// link to the next page.
type listPage struct {
	Total   int              `json:"total"`
	Rows    any              `json:"rows"`
	Facets  []dataset.Facet  `json:"facets"`
	Totals  any              `json:"totals"`
	Next    string           `json:"next,omitempty"`
	NextURL string           `json:"next_url,omitempty"`
	Query   *dataset.Query   `json:"query"`
	Columns []dataset.Column `json:"columns"`
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, kind string) {
	q, err := dataset.ParseQuery(kind, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	snap := s.currentSnapshot().AsOf(q.AsOf)
	var out listPage
	switch kind {
	case dataset.KindDeals:
		res := snap.QueryDeals(q)
		out = listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next}
	case dataset.KindMiners:
		res := snap.QueryMiners(q)
		out = listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next}
	default:
		res := snap.QuerySites(q)
		out = listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next}
	}
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

// project returns the rows whole, or only the query's columns when cols= was given.
func project[R any](q *dataset.Query, rows []R) any {
	if len(q.Cols) == 0 {
		return orEmpty(rows)
	}
	cols := q.Columns()
	out := make([]map[string]any, len(rows))
	for i := range rows {
		out[i] = dataset.Project(cols, &rows[i])
		if id, ok := dataset.ColumnByName(q.Kind, "id"); ok {
			out[i]["id"] = id.Value(&rows[i])
		}
	}
	return out
}

// listCSV handles "GET /api/v1/deals.csv", "/miners.csv" and "/sites.csv":
// every row matching the same query string, with units in the header.
func (s *Server) listCSV(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := dataset.ParseQuery(kind, r.URL.Query())
		if err != nil {
			writeError(w, r, err)
			return
		}
		var b bytes.Buffer
		if err := s.currentSnapshot().AsOf(q.AsOf).WriteCSV(&b, q); err != nil {
			writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="powerbrokers-`+kind+`.csv"`)
		serveDynamic(w, r, b.Bytes(), "text/csv; charset=utf-8")
	}
}
