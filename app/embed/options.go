package embed

import (
	"net/url"
	"slices"
	"strings"
)

// flags are the render flags of an embed; dataset.ParseQuery ignores them.
var flags = []string{"theme", "plain", "transparent"}

// Options are the render flags of an embed.
type Options struct {
	// Theme is "light", "dark" or "auto" (follow the reader's system).
	Theme string
	// Plain hides the title and the footer.
	Plain bool
	// Transparent drops the page background, for a portal's own.
	Transparent bool
}

// ParseOptions reads the render flags; anything unknown means the default.
func ParseOptions(v url.Values) Options {
	o := Options{Theme: "auto"}
	switch t := strings.ToLower(v.Get("theme")); t {
	case "light", "dark":
		o.Theme = t
	}
	o.Plain = flagSet(v.Get("plain"))
	o.Transparent = flagSet(v.Get("transparent"))
	return o
}

func flagSet(s string) bool {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// ViewQuery returns v without the render flags: the query of the full view.
func ViewQuery(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if !slices.Contains(flags, k) {
			out[k] = slices.Clone(vs)
		}
	}
	return out
}
