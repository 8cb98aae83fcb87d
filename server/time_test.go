package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset/seed"
)

func getJSONBody(t *testing.T, s *Server, path string, want int) map[string]any {
	t.Helper()
	w := do(s, "GET", path, nil)
	require.Equal(t, want, w.Code, "GET %s: %s", path, w.Body)
	var out map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out), path)
	return out
}

func TestEventsEndpoint(t *testing.T) {
	s := newTestServer(t, Config{Seed: seed.FS, DataDir: t.TempDir()})
	all := getJSONBody(t, s, "/api/v1/events", 200)
	assert.EqualValues(t, 14, all["total"])
	un := getJSONBody(t, s, "/api/v1/events?unverified=true", 200)
	require.EqualValues(t, 1, un["total"])
	row := un["rows"].([]any)[0].(map[string]any)
	assert.Equal(t, "bernstein-power-brokers-2026-05", row["id"])
	assert.Equal(t, true, row["unverified"])
	past := getJSONBody(t, s, "/api/v1/events?as_of=2024-12", 200)
	assert.EqualValues(t, 3, past["total"], "the NY moratorium, the BC pause and the 2024 halving")
	w := do(s, "GET", "/api/v1/events.csv?kind=halving", nil)
	require.Equal(t, 200, w.Code)
	assert.Contains(t, w.Body.String(), "2024-04-20")
	bad := getJSONBody(t, s, "/api/v1/events?as_of=2024", 400)
	assert.Equal(t, "as_of", bad["error"].(map[string]any)["param"])
}

func TestExposureEndpoint(t *testing.T) {
	s := newTestServer(t, Config{Seed: seed.FS, DataDir: t.TempDir()})
	e := getJSONBody(t, s, "/api/v1/exposure", 200)
	assert.Contains(t, e["covers"], "joint ventures count at 100 %")
	miners := e["miners"].([]any)
	require.NotEmpty(t, miners)
	one := getJSONBody(t, s, "/api/v1/exposure?miner=terawulf", 200)
	require.Len(t, one["miners"].([]any), 1)
	tw := one["miners"].([]any)[0].(map[string]any)
	assert.Equal(t, "fluidstack", tw["top_tenant"])
	for _, c := range one["chains"].([]any) {
		assert.Equal(t, "terawulf", c.(map[string]any)["miner"])
	}
	getJSONBody(t, s, "/api/v1/exposure?miner=nobody", 400)
	getJSONBody(t, s, "/api/v1/exposure?tenant=x", 400)
	past := getJSONBody(t, s, "/api/v1/exposure?as_of=2025-06", 200)
	assert.Less(t, len(past["chains"].([]any)), len(e["chains"].([]any)))
}

func TestAsOfOnEveryList(t *testing.T) {
	s := newTestServer(t, Config{Seed: seed.FS, DataDir: t.TempDir()})
	for _, kind := range []string{"deals", "miners", "sites", "milestones", "equity", "financing", "events"} {
		now := getJSONBody(t, s, "/api/v1/"+kind, 200)
		then := getJSONBody(t, s, "/api/v1/"+kind+"?as_of=2025-01", 200)
		assert.LessOrEqual(t, then["total"].(float64), now["total"].(float64), kind)
		assert.Equal(t, "2025-01", then["query"].(map[string]any)["as_of"], kind)
		getJSONBody(t, s, "/api/v1/"+kind+"?as_of=01/2025", 400)
	}
	now := getJSONBody(t, s, "/api/v1/stats", 200)["headline"].(map[string]any)
	then := getJSONBody(t, s, "/api/v1/stats?as_of=2025-01", 200)["headline"].(map[string]any)
	assert.Less(t, then["contracted_value_usd"].(float64), now["contracted_value_usd"].(float64))
	assert.Less(t, then["deal_count"].(float64), now["deal_count"].(float64))
	// A deal announced later is not found at the earlier date.
	getJSONBody(t, s, "/api/v1/deals/iren-microsoft-2025-11", 200)
	getJSONBody(t, s, "/api/v1/deals/iren-microsoft-2025-11?as_of=2025-10", 404)
	getJSONBody(t, s, "/api/v1/deals/iren-microsoft-2025-11?as_of=2025-11", 200)
}

// An embed at a past date says so, even plain, and its link to the full
// view keeps the date.
func TestEmbedsSayTheyShowAPastDate(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, path := range []string{"/embed/deals?as_of=2025-09", "/embed/deals?as_of=2025-09&plain=1", "/embed/timeline?as_of=2025-09", "/embed/exposure?as_of=2025-09", "/embed/miner/iren?as_of=2025-09"} {
		w := do(s, http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, w.Code, path)
		assert.Contains(t, w.Body.String(), `id="pb-embed-past"`, path)
		assert.Contains(t, w.Body.String(), "2025-09-30, a past date", path)
	}
	w := do(s, http.MethodGet, "/embed/deals?as_of=2025-09", nil)
	assert.Regexp(t, `id="pb-embed-open"[^>]*href="/deals\?[^"]*as_of=2025-09|href="/deals\?[^"]*as_of=2025-09"[^>]*id="pb-embed-open"`, w.Body.String())
	w = do(s, http.MethodGet, "/embed/deals", nil)
	assert.NotContains(t, w.Body.String(), `id="pb-embed-past"`)
}

// A page whose as_of is not a date says so, marks the date control and
// shows today's data; the value is text, never markup.
func TestPagesReportAnInvalidAsOf(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, path := range []string{"/deals?as_of=foo", "/miners?as_of=2025-13", "/?as_of=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"} {
		w := do(s, http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, w.Code, path)
		body := w.Body.String()
		assert.Contains(t, body, `id="as-of-error"`, path)
		assert.Contains(t, body, "is not a date of the form YYYY-MM or YYYY-MM-DD. This page shows today", path)
		assert.Regexp(t, `<input[^>]*aria-invalid[^>]*id="as-of-input"|<input[^>]*id="as-of-input"[^>]*aria-invalid`, body, path)
		assert.NotContains(t, body, `id="as-of-banner"`, path)
		assert.NotContains(t, body, "<img src=x", path)
	}
	w := do(s, http.MethodGet, "/deals?as_of=2025-09", nil)
	assert.NotContains(t, w.Body.String(), `id="as-of-error"`)
	assert.Contains(t, w.Body.String(), `id="as-of-banner"`)
}
