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
		{"/nope", 404, "Page not found"},
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
	for _, path := range []string{"/deals/iren-microsoft-2025-11?foo=1", "/economics?colour=red", "/counterparties/microsoft?x=1"} {
		w := do(s, http.MethodGet, path, nil)
		assert.Equal(t, http.StatusOK, w.Code, path)
		assert.Contains(t, w.Body.String(), `id="unknown-params"`, "GET %s", path)
	}
	w := do(s, http.MethodGet, "/deals?colour=red", nil)
	assert.Contains(t, w.Body.String(), `id="query-error"`, "the explorers report theirs too")
	assert.Contains(t, w.Body.String(), "colour")
}
