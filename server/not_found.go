package server

import (
	"net/http"

	appui "powerbrokers/app"
)

// pageStatus is the HTTP status of a page go-app rendered with status: 404
// when path is not a page of the explorer for the current data (an unknown
// route, or a deal, miner or counterparty that does not exist). The body
// stays the app's own not-found page, which the app routes every unknown
// path to.
func (s *Server) pageStatus(path string, status int) int {
	if status != http.StatusOK {
		return status
	}
	if !appui.PageExists(path, s.currentSnapshot()) {
		return http.StatusNotFound
	}
	return status
}
