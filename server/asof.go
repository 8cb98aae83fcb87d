package server

import (
	"net/http"

	"powerbrokers/dataset"
)

// snapshotFor is the snapshot a read request sees: the current one, or the
// dataset as it stood at ?as_of=YYYY-MM[-DD] (dataset.Snapshot.AsOf). A
// malformed as_of is an EINVALID error naming the parameter.
func (s *Server) snapshotFor(r *http.Request) (*dataset.Snapshot, error) {
	snap := s.snapshotOf(r)
	vals := r.URL.Query()["as_of"]
	if len(vals) == 0 {
		return snap, nil
	}
	if len(vals) > 1 {
		return nil, dataset.ParamErrorf("as_of", "given %d times; give it once", len(vals))
	}
	at, err := dataset.ParseAsOf(vals[0])
	if err != nil {
		return nil, err
	}
	return snap.AsOf(at), nil
}

// todayFor is the day milestone statuses are judged against: the as_of
// date's last day when one is given, else the server's date.
func (s *Server) todayFor(r *http.Request) dataset.Date {
	if at, err := dataset.ParseAsOf(r.URL.Query().Get("as_of")); err == nil && at != "" {
		return dataset.AsOfDay(at)
	}
	return s.today()
}

// asOfDoc documents the as_of parameter in OpenAPI.
const asOfDoc = "YYYY-MM or YYYY-MM-DD: the dataset as it stood at the end of that day or month. Only deals announced, " +
	"milestones observed or announced, and equity, financing, aggregates and events dated by then count; a site counts from its first " +
	"sourced date; capacity by stage is what the site's observed milestones say at the date (where they are missing the recorded " +
	"figures stand); statuses dated later are taken as signed. Also on /stats, /exposure, the detail endpoints and the embeds."
