package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHostileRequestsGet4xxNever500(t *testing.T) {
	webDir := t.TempDir()
	s := newTestServer(t, Config{WebDir: webDir})
	tests := []struct {
		name, target, param string
	}{
		{"traversal", "/web/../go.mod", ""},
		{"encoded traversal", "/web/%2e%2e/%2e%2e/go.mod", ""},
		{"double-encoded traversal", "/web/%252e%252e/go.mod", ""},
		{"backslash traversal", "/web/..%5c..%5cgo.mod", ""},
		{"huge size", "/api/v1/deals?size=100000", "size"},
		{"negative page", "/api/v1/deals?page=-1", "page"},
		{"unknown parameter", "/api/v1/deals?colour=red", "colour"},
		{"malformed number", "/api/v1/deals?it_mw_gte=lots", "it_mw_gte"},
		{"very long value", "/api/v1/deals?q=" + strings.Repeat("a", 5000), "q"},
		{"repeated parameters", "/api/v1/deals?" + strings.Repeat("miner=iren&", 500), "miner"},
		{"many parameters", "/api/v1/sites?" + manyParams(200), ""},
		{"bad csv query", "/api/v1/deals.csv?sort=nope", "sort"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "GET", tt.target, nil)
			if w.Code < 300 || w.Code >= 500 {
				t.Fatalf("GET %.80s = %d; want a 3xx or 4xx", tt.target, w.Code)
			}
			assert.NotContains(t, w.Body.String(), "module powerbrokers", "a file outside web/ was served")
			if tt.param != "" {
				assert.Equal(t, 400, w.Code)
				assert.Contains(t, w.Body.String(), `"param":"`+tt.param+`"`)
			}
		})
	}
}

func manyParams(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("p")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("=1&")
	}
	return b.String()
}
