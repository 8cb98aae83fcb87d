package server

import (
	"encoding/json"
	"net/http"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// webManifest is the web app manifest served at /manifest.webmanifest. It
// replaces go-app v9's template, which cannot declare a maskable icon, an id
// or shortcuts.
type webManifest struct {
	ID              string             `json:"id"`
	Name            string             `json:"name"`
	ShortName       string             `json:"short_name"`
	Description     string             `json:"description"`
	Lang            string             `json:"lang"`
	Dir             string             `json:"dir"`
	StartURL        string             `json:"start_url"`
	Scope           string             `json:"scope"`
	Display         string             `json:"display"`
	BackgroundColor string             `json:"background_color"`
	ThemeColor      string             `json:"theme_color"`
	Categories      []string           `json:"categories"`
	Icons           []manifestIcon     `json:"icons"`
	Shortcuts       []manifestShortcut `json:"shortcuts"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

type manifestShortcut struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	URL         string         `json:"url"`
	Icons       []manifestIcon `json:"icons,omitempty"`
}

// manifestJSON returns the manifest of the app configured by h, served under
// base ("" or "/explorer"): start_url, scope and id are base+"/" and every
// URL carries the base.
func manifestJSON(h *app.Handler, base string) []byte {
	icon := func(src, sizes, typ, purpose string) manifestIcon {
		return manifestIcon{Src: base + src, Sizes: sizes, Type: typ, Purpose: purpose}
	}
	small := icon("/web/icon-192.png", "192x192", "image/png", "any")
	m := webManifest{
		ID:              base + "/",
		Name:            h.Name,
		ShortName:       h.ShortName,
		Description:     h.Description,
		Lang:            h.Lang,
		Dir:             "ltr",
		StartURL:        base + "/",
		Scope:           base + "/",
		Display:         "standalone",
		BackgroundColor: h.BackgroundColor,
		ThemeColor:      h.ThemeColor,
		Categories:      []string{"business", "finance", "productivity"},
		Icons: []manifestIcon{
			small,
			icon("/web/icon-512.png", "512x512", "image/png", "any"),
			icon("/web/icon-maskable.png", "512x512", "image/png", "maskable"),
			icon("/web/icon.svg", "any", "image/svg+xml", "any"),
		},
		Shortcuts: []manifestShortcut{
			{Name: "Deals", Description: "Every AI/HPC deal, filterable", URL: base + "/deals", Icons: []manifestIcon{small}},
			{Name: "Miners", Description: "Miners and their power by stage", URL: base + "/miners", Icons: []manifestIcon{small}},
		},
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // a struct of strings always encodes
	}
	return b
}

// isManifest reports whether path is the manifest (go-app also answers the
// legacy /manifest.json).
func isManifest(path string) bool {
	return path == "/manifest.webmanifest" || path == "/manifest.json"
}

// serveManifest handles "GET /manifest.webmanifest" for the app configured
// by h, with the caching of go-app's generated files: no-cache, revalidated by
// the app version. servePages compresses the body.
func serveManifest(w http.ResponseWriter, r *http.Request, h *app.Handler, base string) {
	etag := `"` + h.Version + `"`
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Write(manifestJSON(h, base))
}
