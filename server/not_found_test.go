package server

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Unknown routes and records answer 404 with the app's own page (its
// navigation and a way back), never go-app's bare text; known pages 200.
func TestPagesAnswer404ForUnknownRoutesAndRecords(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, tt := range []struct {
		path       string
		wantStatus int
		wantBody   string
	}{
		{"/", 200, "pb-root"},
		{"/deals", 200, "pb-root"},
		{"/deals/iren-microsoft-2025-11", 200, "Microsoft"},
		{"/miners/iren", 200, "IREN Ltd"},
		{"/counterparties/microsoft", 200, "Microsoft"},
		{"/embed/miner/iren", 200, "IREN Ltd"},
		{"/sites", 200, "pb-root"},
		{"/compare", 200, "pb-root"},
		{"/economics", 200, "pb-root"},
		{"/timeline", 200, "Delivery timeline"},
		{"/changes", 200, "Subscribe (Atom feed)"},
		{"/timeline?as_of=2025-06", 200, "past date"},
		{"/exposure", 200, "Exposure"},
		{"/equity", 200, "Equity and warrants"},
		{"/equity/terawulf-google-warrant-2025-08", 200, "Google"},
		{"/financing", 200, "Financing"},
		{"/financing/terawulf-notes-2025-10", 200, "TeraWulf"},
		{"/embed/deals", 200, "pb-embed"},
		{"/embed/capacity", 200, "pb-embed"},
		{"/embed/timeline", 200, "pb-embed"},
		{"/embed/map", 200, "pb-embed"},
		{"/embed/economics", 200, "pb-embed"},
		{"/embed/exposure", 200, "pb-embed"},
		{"/embed/equity", 200, "pb-embed"},
		{"/embed/financing", 200, "pb-embed"},
		{"/nope", 404, "Page not found"},
		{"/equity/nope", 404, "Equity record not found"},
		{"/financing/nope", 404, "Financing record not found"},
		{"/deals/nope", 404, "Deal not found"},
		{"/miners/nope", 404, "Miner not found"},
		{"/counterparties/nope", 404, "Counterparty not found"},
		{"/deals/Bad_ID", 404, "Page not found"},
		{"/a/b/c", 404, "Page not found"},
	} {
		w := do(s, http.MethodGet, tt.path, nil)
		if w.Code != tt.wantStatus {
			t.Errorf("GET %s = %d; want %d", tt.path, w.Code, tt.wantStatus)
		}
		assert.Contains(t, w.Body.String(), tt.wantBody, "GET %s", tt.path)
		if tt.wantStatus == 404 {
			assert.Contains(t, w.Body.String(), `class="pb-header"`, "GET %s: the app's page with its navigation", tt.path)
			assert.Contains(t, w.Header().Get("Content-Type"), "text/html", "GET %s", tt.path)
		}
	}
}

// A parameter a page does not use is reported in the page, not ignored.
func TestPagesReportUnknownParameters(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, path := range []string{"/deals/iren-microsoft-2025-11?foo=1", "/economics?colour=red", "/counterparties/microsoft?x=1",
		"/?foo=1", "/miners/iren?foo=1", "/compare?m=iren&foo=1", "/exposure?foo=1"} {
		w := do(s, http.MethodGet, path, nil)
		assert.Equal(t, http.StatusOK, w.Code, path)
		assert.Contains(t, w.Body.String(), `id="unknown-params"`, "GET %s", path)
	}
	for _, path := range []string{"/?as_of=2025-06", "/miners/iren?as_of=2025-06", "/deals/iren-microsoft-2025-11?as_of=2026-01"} {
		w := do(s, http.MethodGet, path, nil)
		assert.NotContains(t, w.Body.String(), `id="unknown-params"`, "GET %s: every page uses as_of", path)
	}
	w := do(s, http.MethodGet, "/deals?colour=red", nil)
	assert.Contains(t, w.Body.String(), `id="query-error"`, "the explorers report theirs too")
	assert.Contains(t, w.Body.String(), "colour")
}
