package server

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpenAPIDescribesTheRealRoutes checks the document against the mux:
// every documented operation answers (not 404/405), and the document is
// valid OpenAPI 3 JSON.
func TestOpenAPIDescribesTheRealRoutes(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "t", Seed: os.DirFS("../dataset/seed")})
	w := do(s, "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, 200, w.Code)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &doc))
	assert.Equal(t, "3.0.3", doc.OpenAPI)

	examples := map[string]string{}
	for _, rt := range s.apiRoutes() {
		examples[rt.method+" "+rt.path] = rt.example
	}
	n := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			n++
			assert.NotEmpty(t, op["summary"], "%s %s", method, path)
			target := examples[strings.ToUpper(method)+" "+path]
			if target == "" {
				target = strings.NewReplacer("{kind}", "deals", "{id}", "nope").Replace(path)
			}
			body := ""
			if method == "post" || method == "put" {
				body = "{}"
			}
			w := send(s, strings.ToUpper(method), target, "t", body)
			// A 404 about a missing record is fine; a missing route is not.
			assert.NotEqual(t, 405, w.Code, "%s %s", method, path)
			assert.NotContains(t, w.Body.String(), "no API route", "%s %s (as %s) is documented but not served", method, path, target)
			assert.NotContains(t, w.Body.String(), "page not found", "%s %s (as %s) fell through to the pages", method, path, target)
			if method == "get" && !strings.Contains(path, "{kind}") {
				assert.Less(t, w.Code, 300, "GET %s", target)
			}
		}
	}
	assert.GreaterOrEqual(t, n, 17)
	deals := doc.Paths["/api/v1/deals"]["get"]["parameters"].([]any)
	names := map[string]bool{}
	for _, p := range deals {
		names[p.(map[string]any)["name"].(string)] = true
	}
	for _, want := range []string{"q", "sort", "facet", "tenant", "mw_gte", "announced_lte", "value_usd_gte"} {
		assert.True(t, names[want], "the deals list documents %s", want)
	}
}

func TestStatsReconcilesWithBernstein(t *testing.T) {
	s := newTestServer(t, Config{Seed: os.DirFS("../dataset/seed")})
	w := do(s, "GET", "/api/v1/stats", nil)
	require.Equal(t, 200, w.Code)
	var st map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &st))
	for _, k := range []string{"headline", "by_month", "by_tenant", "by_guarantor", "by_type", "reconciliation", "freshness"} {
		assert.Contains(t, st, k)
	}
	rec := st["reconciliation"].(map[string]any)
	scopes := rec["scopes"].([]any)
	require.GreaterOrEqual(t, len(scopes), 4, "side by side: all, by date, without each disputed company, JVs at share, extensions")
	var ids []string
	for _, sc := range scopes {
		m := sc.(map[string]any)
		ids = append(ids, m["id"].(string))
		assert.Contains(t, m, "mw_it")
		assert.Contains(t, m, "mw_any")
		assert.NotEmpty(t, m["deals"], m["id"])
	}
	assert.Contains(t, ids, "by-date")
	assert.Contains(t, ids, "by-date-jv-share")
	assert.NotEmpty(t, rec["disputed"])
}
