package server

import (
	"bytes"
	"net/http"
	"time"

	"powerbrokers/dataset"
)

// now is the server's clock: Config.Now, or the system clock. What is
// overdue and what was checked recently are judged against it.
func (s *Server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

// today is the server's date, "YYYY-MM-DD" in UTC.
func (s *Server) today() dataset.Date {
	return dataset.Date(s.now().UTC().Format("2006-01-02"))
}

// listMilestones handles "GET /api/v1/milestones": every site milestone
// with its status as of the server's date, through the same query grammar
// as the other lists (?overdue=true, ?site=…, ?stage=…, sort, facets, pages).
func (s *Server) listMilestones(w http.ResponseWriter, r *http.Request) {
	q, err := dataset.ParseQuery(dataset.KindMilestones, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	res := s.currentSnapshot().AsOf(q.AsOf).QueryMilestones(q, s.todayFor(r))
	out := listPage{Total: res.Total, Rows: project(q, res.Rows), Facets: res.Facets, Totals: res.Totals, Next: res.Next}
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

// milestonesCSV handles "GET /api/v1/milestones.csv": every milestone
// matching the same query, as CSV.
func (s *Server) milestonesCSV(w http.ResponseWriter, r *http.Request) {
	q, err := dataset.ParseQuery(dataset.KindMilestones, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := s.currentSnapshot().AsOf(q.AsOf).WriteMilestonesCSV(&b, q, s.todayFor(r)); err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="powerbrokers-milestones.csv"`)
	serveDynamic(w, r, b.Bytes(), "text/csv; charset=utf-8")
}
