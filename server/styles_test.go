package server

import (
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every page and embed carries the app's stylesheets in one <style> in its
// head (no render-blocking request), allowed by its hash in the CSP.
func TestPagesInlineTheStylesheets(t *testing.T) {
	s := newTestServer(t, Config{WebDir: "../web"})
	styleRE := regexp.MustCompile(`(?s)<style id="pb-styles">(.*?)</style>`)
	for _, path := range []string{"/", "/deals", "/miners/iren", "/embed/deals?plain=1", "/economics", "/nope"} {
		w := do(s, "GET", path, nil)
		body := w.Body.String()
		m := styleRE.FindStringSubmatch(body)
		require.NotNil(t, m, "%s has the inline styles", path)
		for _, name := range styleFiles {
			css, err := os.ReadFile(filepath.Join("../web", name))
			require.NoError(t, err)
			assert.True(t, strings.Contains(m[1], strings.TrimSpace(string(css))), "%s carries %s whole", path, name)
		}
		assert.NotRegexp(t, `rel="stylesheet"[^>]*href="/web/`, body, "%s links no stylesheet of ours", path)
		sum := sha256.Sum256([]byte(m[1]))
		hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		assert.Contains(t, w.Header().Get("Content-Security-Policy"), "style-src 'self' "+hash+";", "%s: the CSP allows exactly this element", path)
	}
	// The files themselves are still served.
	assert.Equal(t, 200, do(s, "GET", "/web/charts.css", nil).Code)
}

func TestStylesheetThatWouldCloseTheElementIsRefused(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.css"), []byte("body{}"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "charts.css"), []byte(`a::after{content:"</STYLE><script>alert(1)</script>"}`), 0o644))
	_, err := readStyles(dir)
	require.ErrorContains(t, err, "stylesheet charts.css: contains </style")

	st, err := readStyles(t.TempDir())
	require.NoError(t, err)
	assert.Empty(t, st.element, "no stylesheet, no element")
	assert.Empty(t, st.cspSource())
}
