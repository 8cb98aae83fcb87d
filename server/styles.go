package server

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// styleFiles are the app's stylesheets under the web directory, in cascade
// order.
var styleFiles = []string{"app.css", "geo/map.css", "charts.css", "embed.css", "economics.css"}

// inlineStyles is the app's CSS, put in every page's head instead of linked:
// five render-blocking requests would hold the first paint for another round
// trip (~0.4 s on a phone's network), and the whole is ~9 KB compressed.
// The files stay in web/ (served, and the source to edit); the CSP allows
// this one <style> by its hash.
type inlineStyles struct {
	element string // <style>…</style>, "" without any stylesheet
	hash    string // 'sha256-…' of its content, for style-src
}

// readStyles reads the stylesheets of dir. A missing file is skipped (a
// test's web directory may hold none); CSS that could close the element
// early is refused.
func readStyles(dir string) (inlineStyles, error) {
	var b strings.Builder
	for _, name := range styleFiles {
		css, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return inlineStyles{}, fmt.Errorf("stylesheet %s: %w", name, err)
		}
		if strings.Contains(strings.ToLower(string(css)), "</style") {
			return inlineStyles{}, fmt.Errorf("stylesheet %s: contains </style, which would end the page's <style> element", name)
		}
		fmt.Fprintf(&b, "/* %s */\n%s\n", name, css)
	}
	if b.Len() == 0 {
		return inlineStyles{}, nil
	}
	// Trimmed: go-app writes a raw header without its trailing white space,
	// and the hash must be of the bytes the browser gets.
	css := strings.TrimSpace(b.String())
	sum := sha256.Sum256([]byte(css))
	return inlineStyles{
		element: `<style id="pb-styles">` + css + `</style>`,
		hash:    "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}, nil
}

// cspSource is the style-src source that allows the element ("" without one).
func (st inlineStyles) cspSource() string {
	if st.hash == "" {
		return ""
	}
	return " " + st.hash
}

// rawHeaders is go-app's RawHeaders: the style element, if any.
func rawHeaders(element string) []string {
	if element == "" {
		return nil
	}
	return []string{element}
}
