package server

import (
	"bytes"
	"net/http"

	"powerbrokers/dataset"
)

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

// list handles "GET /api/v1/<kind>": filters, search, sort, facets and
// pages from the query string (see dataset.ParseQuery).
func (s *Server) list(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.listPage(w, r, kind) }
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request, kind string) {
	q, err := dataset.ParseQuery(kind, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Milestones are due, met or overdue as of the as_of date or the server's.
	q.Today = s.todayFor(r)
	res, err := s.snapshotOf(r).AsOf(q.AsOf).Query(q)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next}
	if out.Facets == nil {
		out.Facets = []dataset.Facet{}
	}
	if out.Next != "" {
		v := q.Values()
		v.Del("page")
		v.Set("next", out.Next)
		out.NextURL = s.cfg.BasePath + revisionRoot(r) + r.URL.Path + "?" + v.Encode()
		w.Header().Add("Link", "<"+out.NextURL+`>; rel="next"`)
	}
	out.Query, out.Columns = q, q.Columns()
	s.serveJSON(w, r, out)
}

// project returns the rows whole, or only the query's columns when cols= was given.
func project(q *dataset.Query, rows []any) any {
	if len(q.Cols) == 0 {
		return orEmpty(rows)
	}
	cols := q.Columns()
	id, _ := dataset.ColumnByName(q.Kind, "id")
	out := make([]map[string]any, len(rows))
	for i, row := range rows {
		out[i] = dataset.Project(cols, row)
		out[i]["id"] = id.Value(row)
	}
	return out
}

// listCSV handles "GET /api/v1/<kind>.csv":
// every row matching the same query string, with units in the header.
func (s *Server) listCSV(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := dataset.ParseQuery(kind, r.URL.Query())
		if err != nil {
			writeError(w, r, err)
			return
		}
		q.Today = s.todayFor(r)
		var b bytes.Buffer
		if err := s.snapshotOf(r).AsOf(q.AsOf).WriteCSV(&b, q); err != nil {
			writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="powerbrokers-`+kind+`.csv"`)
		serveDynamic(w, r, b.Bytes(), "text/csv; charset=utf-8")
	}
}
