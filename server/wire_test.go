package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// A record read from the API can be written back as it is: the derived
// fields it carries (names, rates, a miner's sites and deals) are ignored,
// even when changed; an unknown field is still refused.
func TestReadRecordsWriteBack(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "t"})
	for _, path := range []string{"/api/v1/deals/iren-microsoft-2025-11", "/api/v1/miners/iren", "/api/v1/sites/childress"} {
		got := do(s, "GET", path, nil)
		require.Equal(t, 200, got.Code, path)
		w := send(s, "PUT", path, "t", got.Body.String())
		require.Equal(t, 200, w.Code, "PUT %s of its own GET: %s", path, w.Body.String())
	}

	got := do(s, "GET", "/api/v1/deals/iren-microsoft-2025-11", nil)
	var rec map[string]any
	require.NoError(t, json.Unmarshal(got.Body.Bytes(), &rec))
	rec["miner_name"] = "Someone Else"
	rec["usd_per_mw_year"] = 1
	rec["mw"] = 210
	body, _ := json.Marshal(rec)
	w := send(s, "PUT", "/api/v1/deals/iren-microsoft-2025-11", "t", string(body))
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), `"miner_name":"IREN Ltd"`, "a changed derived value is ignored")
	assert.Contains(t, w.Body.String(), `"mw":210`, "the record's own fields are written")

	rec["colour"] = "red"
	body, _ = json.Marshal(rec)
	w = send(s, "PUT", "/api/v1/deals/iren-microsoft-2025-11", "t", string(body))
	assert.Equal(t, 400, w.Code)
	assert.Contains(t, w.Body.String(), `"param":"colour"`)

	// The store keeps the record without the derived fields it was sent with.
	changes := do(s, "GET", "/api/v1/changes?limit=1", nil)
	require.Equal(t, 200, changes.Code)
	assert.NotContains(t, changes.Body.String(), "Someone Else")
}

// Every error code has its status in dataset; a code dataset does not
// define is an internal error: 500, logged, "Internal error." to the client.
func TestErrorStatuses(t *testing.T) {
	for _, code := range dataset.Codes() {
		st := dataset.Status(code)
		assert.NotEmpty(t, http.StatusText(st), code)
		w := httptest.NewRecorder()
		writeError(w, withLogger(httptest.NewRequest("GET", "/x", nil), slog.New(slog.DiscardHandler)), &dataset.Error{Code: code, Message: "m"})
		assert.Equal(t, st, w.Code, code)
	}
	assert.Equal(t, 500, dataset.Status("bogus"))

	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	for _, err := range []error{&dataset.Error{Code: "bogus", Message: "secret detail"}, errors.New("disk on fire")} {
		logged.Reset()
		w := httptest.NewRecorder()
		writeError(w, withLogger(httptest.NewRequest("GET", "/x", nil), log), err)
		assert.Equal(t, 500, w.Code)
		assert.Contains(t, w.Body.String(), `"message":"Internal error."`)
		assert.NotContains(t, w.Body.String(), "secret detail")
		assert.Contains(t, logged.String(), "internal error", "logged to the server's own logger")
	}
}

// Nothing outside dataset spells an error code, and nothing logs past the
// configured logger (slog's package functions write to the default one).
func TestOneErrorVocabularyAndLogger(t *testing.T) {
	codes := map[string]bool{}
	for _, c := range dataset.Codes() {
		codes[`"`+c+`"`] = true
	}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	more, err := filepath.Glob("../*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var bad []string
	for _, name := range append(files, more...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
					if v, ok := n.Value.(*ast.BasicLit); ok {
						bad = append(bad, fset.Position(n.Pos()).String()+": error code literal "+v.Value)
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Errorf" && len(n.Args) > 0 {
					if v, ok := n.Args[0].(*ast.BasicLit); ok && codes[v.Value] {
						bad = append(bad, fset.Position(n.Pos()).String()+": error code literal "+v.Value)
					}
				}
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "slog" {
						switch sel.Sel.Name {
						case "Info", "Warn", "Error", "Debug", "Log", "LogAttrs", "InfoContext", "WarnContext", "ErrorContext", "DebugContext":
							bad = append(bad, fset.Position(n.Pos()).String()+": slog."+sel.Sel.Name+" logs to the default logger")
						}
					}
				}
			}
			return true
		})
	}
	assert.Empty(t, bad, "use the dataset.E* constants and the server's or store's logger")
}
