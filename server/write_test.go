package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const newDeal = `{"id": "terawulf-fluidstack-2025-08-2", "title": "TeraWulf–Fluidstack CB-5", "miner": "terawulf", "tenant": "fluidstack",
  "guarantor": "google", "type": "colocation", "announced": "2025-08-18", "value_usd": 3000000000, "value_basis": "increment",
  "term_years": 10, "mw": 160, "mw_basis": "critical-it", "site": "lake-mariner", "status": "construction", "verified": "2025-08-18",
  "sources": [{"url": "https://blockspace.media/insight/terawulf-cb-5", "publisher": "Blockspace Media", "date": "2025-08", "kind": "press"}]}`

func send(s http.Handler, method, target, token, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestWritesNeedAConfiguredToken(t *testing.T) {
	s := newTestServer(t, Config{})
	w := send(s, "POST", "/api/v1/deals", "anything", newDeal)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "read-only")
}

func TestWrites(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret"})
	dealCount := func() int { return len(s.currentSnapshot().Deals) }

	tests := []struct {
		name, method, target, token, body string
		wantStatus                        int
		wantBody                          string
		wantDeals                         int
	}{
		{"no token", "POST", "/api/v1/deals", "", newDeal, 401, `"code":"unauthorized"`, 2},
		{"wrong token", "POST", "/api/v1/deals", "nope", newDeal, 401, `"code":"unauthorized"`, 2},
		{"malformed JSON", "POST", "/api/v1/deals", "s3cret", `{"id": `, 400, `"param":"body"`, 2},
		{"unknown field", "POST", "/api/v1/deals", "s3cret", `{"id": "x", "colour": "red"}`, 400, `"param":"colour"`, 2},
		{"invalid reference", "POST", "/api/v1/deals", "s3cret", strings.Replace(newDeal, `"miner": "terawulf"`, `"miner": "nobody"`, 1), 400, `unknown miner \"nobody\"`, 2},
		{"negative MW", "POST", "/api/v1/deals", "s3cret", strings.Replace(newDeal, `"mw": 160`, `"mw": -1`, 1), 400, `"param":"mw"`, 2},
		{"denylisted source", "POST", "/api/v1/deals", "s3cret", strings.Replace(newDeal, `https://blockspace.media/insight/terawulf-cb-5`, `https://www.binance.com/it/square/post/1`, 1), 400,
			`"param":"sources[0].url"`, 2},
		{"grade claimed above the sources", "POST", "/api/v1/deals", "s3cret", strings.Replace(newDeal, `"verified":`, `"confidence": "primary", "verified":`, 1), 400,
			`claims \"primary\" but the best source supports only \"press\"`, 2},
		{"no verified date", "POST", "/api/v1/deals", "s3cret", strings.Replace(newDeal, `"verified": "2025-08-18",`, ``, 1), 400, `"param":"verified"`, 2},
		{"valid create", "POST", "/api/v1/deals", "s3cret", newDeal, 201, `"grade":"press"`, 3},
		{"duplicate create", "POST", "/api/v1/deals", "s3cret", newDeal, 409, `"code":"conflict"`, 3},
		{"update", "PUT", "/api/v1/deals/terawulf-fluidstack-2025-08-2", "s3cret", strings.Replace(newDeal, `"mw": 160`, `"mw": 150`, 1), 200, `"mw":150`, 3},
		{"update id mismatch", "PUT", "/api/v1/deals/iren-microsoft-2025-11", "s3cret", newDeal, 400, `"param":"id"`, 3},
		{"update missing", "PUT", "/api/v1/deals/nope", "s3cret", newDeal, 404, `"code":"not_found"`, 3},
		{"delete a referenced miner", "DELETE", "/api/v1/miners/terawulf", "s3cret", "", 400, `unknown miner \"terawulf\"`, 3},
		{"delete", "DELETE", "/api/v1/deals/terawulf-fluidstack-2025-08-2", "s3cret", "", 204, "", 2},
		{"delete missing", "DELETE", "/api/v1/deals/terawulf-fluidstack-2025-08-2", "s3cret", "", 404, `"code":"not_found"`, 2},
		{"unknown kind", "POST", "/api/v1/widgets", "s3cret", newDeal, 404, `"code":"not_found"`, 2},
		{"body too large", "POST", "/api/v1/deals", "s3cret", `{"id": "` + strings.Repeat("a", 2<<20) + `"}`, 413, `"code":"too_large"`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := send(s, tt.method, tt.target, tt.token, tt.body)
			if w.Code != tt.wantStatus {
				t.Fatalf("%s %s = %d; want %d; body %s", tt.method, tt.target, w.Code, tt.wantStatus, w.Body)
			}
			assert.Contains(t, w.Body.String(), tt.wantBody)
			assert.Equal(t, tt.wantDeals, dealCount(), "deals after %s", tt.name)
		})
	}

	// The change log recorded each accepted write with before/after.
	w := do(s, "GET", "/api/v1/changes", nil)
	body := w.Body.String()
	assert.Contains(t, body, `"action":"delete"`)
	assert.Contains(t, body, `"action":"update"`)
	assert.Contains(t, body, `"action":"create"`)
	assert.Equal(t, 1, strings.Count(body, `"action":"create"`), "rejected writes are not logged")
}

func TestConcurrentWritesAllLand(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "t"})
	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := strings.Replace(newDeal, `"id": "terawulf-fluidstack-2025-08-2"`, fmt.Sprintf(`"id": "concurrent-%d"`, i), 1)
			codes[i] = send(s, "POST", "/api/v1/deals", "t", body).Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		assert.Equal(t, 201, c, "write %d", i)
	}
	require.Len(t, s.currentSnapshot().Deals, 22)
	d, err := s.store.Dataset()
	require.NoError(t, err)
	assert.Len(t, d.Deals, 22, "the store holds every acknowledged write")
}

func TestWritesAreRateLimitedPerClient(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "t"})
	s.writeLimit = newRateLimiter(60, 3)
	codes := []int{}
	for i := 0; i < 5; i++ {
		codes = append(codes, send(s, "DELETE", "/api/v1/deals/nope", "t", "").Code)
	}
	assert.Equal(t, []int{404, 404, 404, 429, 429}, codes)
	w := send(s, "DELETE", "/api/v1/deals/nope", "t", "")
	assert.Equal(t, 429, w.Code)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), `"code":"rate_limited"`)
}

func TestReadyAndHealth(t *testing.T) {
	s := newTestServer(t, Config{})
	assert.Equal(t, 200, do(s, "GET", "/readyz", nil).Code)
	require.NoError(t, s.store.RunGC(), "GC on an in-memory store is a no-op, not an error")
	s.Close()
	assert.Equal(t, 503, do(s, "GET", "/readyz", nil).Code)
}
