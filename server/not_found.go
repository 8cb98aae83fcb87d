package server

import (
	"net/http"

	appui "powerbrokers/app"
	"powerbrokers/dataset"
)

// pageStatus is the HTTP status of a page go-app rendered with status: 404
// when path is not a page of the explorer for the current data (an unknown
// route, or a deal, miner or counterparty that does not exist). The body
// stays the app's own not-found page, which the app routes every unknown
// path to.
func (s *Server) pageStatus(r *http.Request, status int) int {
	if status != http.StatusOK {
		return status
	}
	path, snap := r.URL.Path, s.currentSnapshot()
	if n, rest, ok := dataset.SplitRevisionPath(path); ok {
		// A revision's page exists if the revision does and the page
		// exists in its data.
		v := revisionOf(r)
		if n == 0 || v == nil {
			return http.StatusNotFound
		}
		path, snap = rest, v.snap
	}
	if !appui.PageExists(path, snap) {
		return http.StatusNotFound
	}
	return status
}
