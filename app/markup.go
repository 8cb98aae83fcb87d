package app

import (
	"html"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// markup builds a static block of HTML (a table of records, say) as one
// string, mounted with app.Raw. go-app v9 mounts a page by creating every
// node, attribute and text through syscall/js, several JS calls a node: for
// a table of 50 rows that is most of the start-up's main-thread time. The
// browser parses a string in one call. Only blocks without Go event
// handlers are built this way: links still navigate in the app (go-app
// handles every <a> click at the window), and the figures' provenance
// tooltips are CSS. Every text and attribute value is escaped.
type markup struct{ b strings.Builder }

// open writes a start tag; attrs are name, value pairs, and a pair with an
// empty value is left out.
func (m *markup) open(tag string, attrs ...string) {
	m.b.WriteByte('<')
	m.b.WriteString(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		m.b.WriteByte(' ')
		m.b.WriteString(attrs[i])
		m.b.WriteString(`="`)
		m.b.WriteString(escape(attrs[i+1]))
		m.b.WriteByte('"')
	}
	m.b.WriteByte('>')
}

// close writes an end tag.
func (m *markup) close(tag string) {
	m.b.WriteString("</")
	m.b.WriteString(tag)
	m.b.WriteByte('>')
}

// text writes escaped text.
func (m *markup) text(s string) { m.b.WriteString(escape(s)) }

// escape escapes text and attribute values of raw markup: html.EscapeString,
// plus '\' as &#92;. The server reads every attribute value of a
// prerendered page as the Go-quoted string go-app writes (see
// server/html_escape.go), so raw markup must not hold a backslash there.
func escape(s string) string {
	s = html.EscapeString(s)
	if strings.IndexByte(s, '\\') >= 0 {
		s = strings.ReplaceAll(s, `\`, "&#92;")
	}
	return s
}

// elem writes an element holding only text.
func (m *markup) elem(tag, text string, attrs ...string) {
	m.open(tag, attrs...)
	m.text(text)
	m.close(tag)
}

// link writes <a href> around text, the href made app-relative.
func (m *markup) link(path, text string, attrs ...string) {
	m.elem("a", text, append([]string{"href", href(path)}, attrs...)...)
}

// table opens a data table: its scrolling wrapper, the <table> with class
// and, unless caption is empty, its caption with captionAttrs (name, value
// pairs: "class", "visually-hidden" for a caption only screen readers read).
func (m *markup) table(class, caption string, captionAttrs ...string) {
	m.open("div", "class", "table-wrap")
	m.open("table", "class", class)
	if caption != "" {
		m.elem("caption", caption, captionAttrs...)
	}
}

// head writes the header row of column headers and opens the body; a label
// that starts with "#" heads a numeric column.
func (m *markup) head(labels ...string) {
	m.open("thead")
	m.open("tr")
	for _, l := range labels {
		if num := strings.TrimPrefix(l, "#"); num != l {
			m.elem("th", num, "scope", "col", "class", "num")
		} else {
			m.elem("th", l, "scope", "col")
		}
	}
	m.close("tr")
	m.close("thead")
	m.open("tbody")
}

// end closes the body, the table and its wrapper.
func (m *markup) end() {
	m.close("tbody")
	m.close("table")
	m.close("div")
}

// UI returns the block for go-app; it must have a single root element.
func (m *markup) UI() app.UI { return app.Raw(m.b.String()) }

// String returns the markup.
func (m *markup) String() string { return m.b.String() }

// raw writes s, markup already escaped (a chart's SVG, a table), as is.
func (m *markup) raw(s string) { m.b.WriteString(s) }

// markupCache keeps, in the browser, the markup of the last result tables,
// facet panels and overview chart sections, by data version and view. A page renders again after it
// mounts and after each navigation event, mostly for the view it already
// shows, and the start-up renders the first view before the app mounts it
// (see warmFirstRender), so the mount itself, the start-up's longest task,
// does not build them.
var markupCache struct {
	mu sync.Mutex
	m  map[string]string
}

// viewKey is the cache key of a block of a view: what it is, the data
// version and the view's canonical URL, which determine its markup. It is
// "" (no caching) on the server and without a version.
func viewKey(block, version string, st viewState) string {
	if !app.IsClient {
		return ""
	}
	return blockKey(block, version, st)
}

func blockKey(block, version string, st viewState) string {
	if version == "" {
		return ""
	}
	return block + " " + version + " " + st.link(st.v)
}

// cachedMarkup returns the cached markup of key.
func cachedMarkup(key string) (app.UI, bool) {
	if key == "" {
		return nil, false
	}
	markupCache.mu.Lock()
	defer markupCache.mu.Unlock()
	s, ok := markupCache.m[key]
	if !ok {
		return nil, false
	}
	return app.Raw(s), true
}

// cacheMarkup keeps markup s under key (the cache holds a few views) and
// returns it as UI.
func cacheMarkup(key, s string) app.UI {
	if key != "" {
		markupCache.mu.Lock()
		if len(markupCache.m) >= 32 || markupCache.m == nil {
			markupCache.m = map[string]string{}
		}
		markupCache.m[key] = s
		markupCache.mu.Unlock()
	}
	return app.Raw(s)
}

// cachedHTML is the markup build returns, cached in the browser under key
// (see viewKey; built each time when key is "").
func cachedHTML(key string, build func() string) app.UI {
	if ui, ok := cachedMarkup(key); ok {
		return ui
	}
	return cacheMarkup(key, build())
}

// keepFocus keeps the keyboard focus across a re-render for a new URL. A
// page calls it from OnNav, before it renders: if the focused element has a
// data-key (a facet or sort link in markup, which is rebuilt as new nodes),
// the element with the same key in the new page is focused after the render.
func keepFocus(ctx app.Context) {
	if !app.IsClient {
		return
	}
	el := app.Window().Get("document").Get("activeElement")
	if !el.Truthy() {
		return
	}
	key := el.Call("getAttribute", "data-key")
	if !key.Truthy() {
		return
	}
	sel := `[data-key="` + app.Window().Get("CSS").Call("escape", key.String()).String() + `"]`
	ctx.Defer(func(app.Context) {
		if el := app.Window().Get("document").Call("querySelector", sel); el.Truthy() {
			el.Call("focus")
		}
	})
}
