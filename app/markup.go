package app

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// markup is the one writer of HTML and SVG built as strings: a static block
// (a table of records, a chart, the map) mounted with app.Raw. go-app v9
// mounts a page by creating every node, attribute and text through
// syscall/js, several JS calls a node: for a table of 50 rows that is most
// of the start-up's main-thread time. The browser parses a string in one
// call. Only blocks without Go event handlers are built this way: links
// still navigate in the app (go-app handles every <a> click at the window),
// and the figures' provenance tooltips are CSS.
//
// Every text and attribute value is escaped here; a URL attribute (href,
// src…) holding a scheme other than http, https or mailto (javascript:,
// data:…) is refused and written as about:invalid; event-handler attributes
// (on*) are dropped. The result is a safeHTML, which only this file makes:
// a test forbids app.Raw, safeHTML conversions, html.EscapeString and
// markup in string literals or format strings anywhere else in the app.
type markup struct{ b strings.Builder }

// safeHTML is markup that went through the writer: escaped, URLs checked.
type safeHTML string

// present as an attribute value writes the attribute without a value
// (<script async>); an empty value leaves the attribute out.
const present = "\x00present"

// urlAttrs are the attributes whose values are URLs.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "cite": true}

// open writes a start tag; attrs are name, value pairs, and a pair with an
// empty value is left out.
func (m *markup) open(tag string, attrs ...string) {
	m.start(tag, attrs)
	m.b.WriteByte('>')
}

// void writes an element without content as a self-closing tag: the SVG
// shapes (<rect …/>, <path …/>, <circle …/>).
func (m *markup) void(tag string, attrs ...string) {
	m.start(tag, attrs)
	m.b.WriteString("/>")
}

func (m *markup) start(tag string, attrs []string) {
	m.b.WriteByte('<')
	m.b.WriteString(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		name, v := attrs[i], attrs[i+1]
		if v == "" || strings.HasPrefix(strings.ToLower(name), "on") {
			continue
		}
		m.b.WriteByte(' ')
		m.b.WriteString(name)
		if v == present {
			continue
		}
		if urlAttrs[strings.ToLower(name)] {
			v = safeURL(v)
		}
		m.b.WriteString(`="`)
		m.b.WriteString(escape(v))
		m.b.WriteByte('"')
	}
}

// safeURL returns u, or about:invalid when u has a scheme other than http,
// https or mailto. Relative URLs, fragments and queries pass.
func safeURL(u string) string {
	s := strings.TrimSpace(u)
	// Browsers ignore tabs and newlines inside a scheme ("java\tscript:").
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	colon := strings.IndexByte(s, ':')
	if colon < 0 || strings.ContainsAny(s[:colon], "/?#") {
		return u // no scheme: relative
	}
	p, err := url.Parse(s)
	if err != nil {
		return "about:invalid"
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https", "mailto":
		return u
	}
	return "about:invalid"
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

// insert writes a block the writer built before (a chart's SVG inside its figure).
func (m *markup) insert(h safeHTML) { m.b.WriteString(string(h)) }

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

// HTML returns the markup written so far.
func (m *markup) HTML() safeHTML { return safeHTML(m.b.String()) }

// String returns the markup as text (a snippet to copy, a test's view).
func (m *markup) String() string { return m.b.String() }

// UI returns the block for go-app; it must have a single root element.
func (m *markup) UI() app.UI { return m.HTML().UI() }

// UI returns the block for go-app; it must have a single root element.
func (h safeHTML) UI() app.UI { return app.Raw(string(h)) }

// num formats a number for an attribute (an SVG coordinate): at most
// prec decimals, no trailing zeros, 0 for NaN and infinities.
func num(v float64, prec int) string {
	if v != v || v > 1e300 || v < -1e300 {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// markupCache keeps, in the browser, the markup of the last result tables,
// facet panels and overview chart sections, by data version and view. A page renders again after it
// mounts and after each navigation event, mostly for the view it already
// shows, and the start-up renders the first view before the app mounts it
// (see warmFirstRender), so the mount itself, the start-up's longest task,
// does not build them.
var markupCache struct {
	mu sync.Mutex
	m  map[string]safeHTML
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
	h, ok := markupCache.m[key]
	if !ok {
		return nil, false
	}
	return h.UI(), true
}

// cacheMarkup keeps markup h under key (the cache holds a few views) and
// returns it as UI.
func cacheMarkup(key string, h safeHTML) app.UI {
	if key != "" {
		markupCache.mu.Lock()
		if len(markupCache.m) >= 32 || markupCache.m == nil {
			markupCache.m = map[string]safeHTML{}
		}
		markupCache.m[key] = h
		markupCache.mu.Unlock()
	}
	return h.UI()
}

// cachedHTML is the markup build returns, cached in the browser under key
// (see viewKey; built each time when key is "").
func cachedHTML(key string, build func() safeHTML) app.UI {
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

// EmbedSnippet is the HTML a portal pastes to embed a view: an iframe of
// src (lazy, height tall, styled), sep, and the script that keeps its
// height fitted. The server's oEmbed answer and the "Embed this view"
// dialog build their snippets with it.
func EmbedSnippet(src, title, width string, height int, style, sep, script string) string {
	var m markup
	m.open("iframe", "src", src, "title", title, "width", width, "height", strconv.Itoa(height), "style", style, "loading", "lazy")
	m.close("iframe")
	m.text(sep)
	m.open("script", "src", script, "async", present)
	m.close("script")
	return m.String()
}
