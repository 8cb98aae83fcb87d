package server

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// countName reports whether a field holds a count of items (or a page
// position), which may be 0.
func countName(k string) bool {
	switch k {
	case "count", "total", "seq", "revision", "size", "page", "offset", "missing", "days", "days_overdue":
		return true
	}
	return strings.HasSuffix(k, "_count") || strings.HasSuffix(k, "_undisclosed")
}

// zeroBacked reports whether a 0 in field k of object o is allowed by the
// null rule: a count, a sum with nothing to add (its backing count is 0),
// or a figure derived from a disclosed one. get reads a sibling: its value
// and whether it is present and not null.
func zeroBacked(k string, get func(string) (float64, bool)) bool {
	if countName(k) || dataset.ZeroDisclosed[k] {
		return true
	}
	for _, c := range dataset.ZeroBacking[k] {
		if v, ok := get(c); ok && v == 0 {
			return true
		}
	}
	if from, ok := dataset.ZeroDerived[k]; ok {
		if _, ok := get(from); ok {
			return true
		}
	}
	return false
}

// walkZeros reports every number 0 in v that the null rule does not allow.
func walkZeros(path string, v any, bad *[]string) {
	switch x := v.(type) {
	case map[string]any:
		get := func(k string) (float64, bool) {
			n, ok := x[k].(float64)
			return n, ok
		}
		for k, e := range x {
			if n, ok := e.(float64); ok && n == 0 && !zeroBacked(k, get) {
				*bad = append(*bad, path+"."+k)
			}
			walkZeros(path+"."+k, e, bad)
		}
	case []any:
		for i, e := range x {
			walkZeros(fmt.Sprintf("%s[%d]", path, i), e, bad)
		}
	}
}

// csvZeros reports every "0" cell of a CSV that the null rule does not allow.
func csvZeros(name string, body []byte, bad *[]string) int {
	recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		*bad = append(*bad, name+": "+err.Error())
		return 0
	}
	head := make([]string, len(recs[0]))
	for i, h := range recs[0] {
		head[i], _, _ = strings.Cut(h, " (")
	}
	for _, rec := range recs[1:] {
		get := func(k string) (float64, bool) {
			for i, h := range head {
				if h == k && rec[i] != "" {
					var f float64
					_, err := fmt.Sscan(rec[i], &f)
					return f, err == nil
				}
			}
			return 0, false
		}
		for i, cell := range rec {
			if cell == "0" && !zeroBacked(head[i], get) {
				*bad = append(*bad, fmt.Sprintf("%s row %s: %s", name, rec[0], head[i]))
			}
		}
	}
	return len(recs) - 1
}

func allColumns(kind string) string {
	var names []string
	for _, c := range dataset.Columns(kind) {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}

// TestUnknownIsNeverZero walks every numeric field of every list and detail
// endpoint, JSON and CSV, with every column, over the real seed: a 0 must be
// a count, a sum with nothing to add and the count saying so, or a figure
// derived from disclosed ones. The seed holds no disclosed zero (see
// TestNoZeroFigures), so any other 0 is an unknown shown as 0.
func TestUnknownIsNeverZero(t *testing.T) {
	s := newTestServer(t, Config{Seed: os.DirFS("../dataset/seed"),
		Now: func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }})
	ts := httptest.NewServer(s)
	defer ts.Close()
	get := func(path string) []byte { return getOK(t, ts.URL+path) }
	var bad []string
	walked := 0
	walk := func(path string) map[string]any {
		var v map[string]any
		require.NoError(t, json.Unmarshal(get(path), &v), path)
		walkZeros(path, v, &bad)
		walked++
		return v
	}

	snap := s.currentSnapshot()
	kinds := []string{dataset.KindDeals, dataset.KindMiners, dataset.KindSites, dataset.KindMilestones, dataset.KindEquity, dataset.KindFinancing}
	for _, kind := range kinds {
		var facets []string
		for _, c := range dataset.Columns(kind) {
			if c.Facetable {
				facets = append(facets, c.Name)
			}
		}
		q := url.Values{"size": {"max"}, "facet": {strings.Join(facets, ",")}}
		walk("/api/v1/" + kind + "?" + q.Encode())
		q.Set("cols", allColumns(kind))
		walk("/api/v1/" + kind + "?" + q.Encode())
		n := csvZeros(kind+".csv", get("/api/v1/"+kind+".csv?cols="+url.QueryEscape(allColumns(kind))), &bad)
		assert.Positive(t, n, kind)
		csvZeros(kind+".csv default columns", get("/api/v1/"+kind+".csv"), &bad)
	}
	for _, d := range snap.Deals {
		walk("/api/v1/deals/" + d.ID)
	}
	for _, m := range snap.Miners {
		walk("/api/v1/miners/" + m.ID)
	}
	for _, st := range snap.Sites {
		walk("/api/v1/sites/" + st.ID)
	}
	for _, e := range snap.Equity {
		walk("/api/v1/equity/" + e.ID)
	}
	for _, f := range snap.Financing {
		walk("/api/v1/financing/" + f.ID)
	}
	walk("/api/v1/deals?jv=share&size=max")
	walk("/api/v1/stats")
	walk("/api/v1/snapshot")
	walk("/api/v1/changes?limit=1000")
	walk("/api/v1/milestones?overdue=true")
	assert.Greater(t, walked, 100)
	assert.Empty(t, bad, "numbers shown as 0 without a disclosed 0 or a count behind them")

	// The cases the audit found: miners with no site on record, and
	// construction MW that no site of the miner discloses.
	miners := walk("/api/v1/miners?size=max&cols=" + url.QueryEscape(allColumns(dataset.KindMiners)))
	byID := map[string]map[string]any{}
	for _, r := range miners["rows"].([]any) {
		m := r.(map[string]any)
		byID[m["id"].(string)] = m
	}
	// MARA had no site on record before the audit added Long Ridge; CoreWeave
	// and American Bitcoin still have none.
	for _, id := range []string{"coreweave", "american-bitcoin"} {
		require.Contains(t, byID, id)
		for _, f := range []string{"total_mw", "energized_mw", "construction_mw", "pipeline_mw", "uncontracted_mw"} {
			assert.Nil(t, byID[id][f], "%s %s: no site on record is not 0 MW", id, f)
		}
	}
	nullConstruction := 0
	for id, m := range byID {
		if sites := m["site_count"].(float64); sites > 0 && m["construction_mw_undisclosed"].(float64) == sites {
			assert.Nil(t, m["construction_mw"], id)
			nullConstruction++
		}
	}
	assert.Positive(t, nullConstruction, "miners none of whose sites gives construction MW")
	totals := miners["totals"].(map[string]any)
	assert.Positive(t, totals["construction_mw_undisclosed"], "the totals say how many sites leave construction out")

	// The miner embed, the miner page and the miners table say "not
	// disclosed" for its capacity and "none" for the contracts it has not
	// signed, never "0 MW".
	for _, path := range []string{"/embed/miner/coreweave", "/miners/coreweave", "/embed/miner/american-bitcoin"} {
		page := string(get(path))
		assert.NotRegexp(t, `class="(num|figure-value)">(0 MW|\$0)<`, page, path)
	}
	embed := string(get("/embed/miner/coreweave"))
	assert.Regexp(t, `<dt>Under construction</dt><dd><span class="figure-value">not disclosed</span>`, embed)
	assert.Regexp(t, `<dt>Contracted</dt><dd><span class="figure-value">none</span>`, embed)
	table := string(get("/miners"))
	assert.Regexp(t, `data-miner="coreweave"><th scope="row"><a href="/miners/coreweave">CoreWeave</a></th>(<td>[^<]*</td>)+(<td class="num"><span class="nd">not disclosed</span></td>){4}`, table)
}
