// Package markup is the one writer of the HTML and SVG the app builds as
// strings: every text and attribute value is escaped, script and data URLs
// are refused, event-handler attributes dropped. Its HTML values are the
// only markup the app hands to go-app as raw HTML.
package markup

import (
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Writer is the one writer of HTML and SVG built as strings: a static block
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
// (on*) are dropped. The result is an HTML, which only this package makes:
// a test in the app forbids app.Raw, HTML conversions,
// html.EscapeString and markup in string literals or format strings
// anywhere else in it.
type Writer struct{ b strings.Builder }

// HTML is markup that went through a Writer: escaped, URLs checked.
type HTML string

// Present as an attribute value writes the attribute without a value
// (<script async>); an empty value leaves the attribute out.
const Present = "\x00present"

// urlAttrs are the attributes whose values are URLs.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "cite": true}

// Open writes a start tag; attrs are name, value pairs, and a pair with an
// empty value is left out.
func (m *Writer) Open(tag string, attrs ...string) {
	m.start(tag, attrs)
	m.b.WriteByte('>')
}

// Void writes an element without content as a self-closing tag: the SVG
// shapes (<rect …/>, <path …/>, <circle …/>).
func (m *Writer) Void(tag string, attrs ...string) {
	m.start(tag, attrs)
	m.b.WriteString("/>")
}

func (m *Writer) start(tag string, attrs []string) {
	m.b.WriteByte('<')
	m.b.WriteString(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		name, v := attrs[i], attrs[i+1]
		if v == "" || strings.HasPrefix(strings.ToLower(name), "on") {
			continue
		}
		m.b.WriteByte(' ')
		m.b.WriteString(name)
		if v == Present {
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

// Close writes an end tag.
func (m *Writer) Close(tag string) {
	m.b.WriteString("</")
	m.b.WriteString(tag)
	m.b.WriteByte('>')
}

// Text writes escaped text.
func (m *Writer) Text(s string) { m.b.WriteString(escape(s)) }

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

// Elem writes an element holding only text.
func (m *Writer) Elem(tag, text string, attrs ...string) {
	m.Open(tag, attrs...)
	m.Text(text)
	m.Close(tag)
}

// Link writes <a href="url"> around text.
func (m *Writer) Link(url, text string, attrs ...string) {
	m.Elem("a", text, append([]string{"href", url}, attrs...)...)
}

// Insert writes a block the writer built before (a chart's SVG inside its figure).
func (m *Writer) Insert(h HTML) { m.b.WriteString(string(h)) }

// Table opens a data table: its scrolling wrapper, the <table> with class
// and, unless caption is empty, its caption with captionAttrs (name, value
// pairs: "class", "visually-hidden" for a caption only screen readers read).
func (m *Writer) Table(class, caption string, captionAttrs ...string) {
	m.Open("div", "class", "table-wrap")
	m.Open("table", "class", class)
	if caption != "" {
		m.Elem("caption", caption, captionAttrs...)
	}
}

// Head writes the header row of column headers and opens the body; a label
// that starts with "#" heads a numeric column.
func (m *Writer) Head(labels ...string) {
	m.Open("thead")
	m.Open("tr")
	for _, l := range labels {
		if num := strings.TrimPrefix(l, "#"); num != l {
			m.Elem("th", num, "scope", "col", "class", "num")
		} else {
			m.Elem("th", l, "scope", "col")
		}
	}
	m.Close("tr")
	m.Close("thead")
	m.Open("tbody")
}

// End closes the body, the table and its wrapper.
func (m *Writer) End() {
	m.Close("tbody")
	m.Close("table")
	m.Close("div")
}

// HTML returns the markup written so far.
func (m *Writer) HTML() HTML { return HTML(m.b.String()) }

// String returns the markup as text (a snippet to copy, a test's view).
func (m *Writer) String() string { return m.b.String() }

// UI returns the block for go-app; it must have a single root element.
func (m *Writer) UI() app.UI { return m.HTML().UI() }

// UI returns the block for go-app; it must have a single root element.
func (h HTML) UI() app.UI { return app.Raw(string(h)) }

// Num formats a number for an attribute (an SVG coordinate): at most
// prec decimals, no trailing zeros, 0 for NaN and infinities.
func Num(v float64, prec int) string {
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

// EmbedSnippet is the HTML a portal pastes to embed a view: an iframe of
// src (lazy, height tall, styled), sep, and the script that keeps its
// height fitted. The server's oEmbed answer and the "Embed this view"
// dialog build their snippets with it.
func EmbedSnippet(src, title, width string, height int, style, sep, script string) string {
	var m Writer
	m.Open("iframe", "src", src, "title", title, "width", width, "height", strconv.Itoa(height), "style", style, "loading", "lazy")
	m.Close("iframe")
	m.Text(sep)
	m.Open("script", "src", script, "async", Present)
	m.Close("script")
	return m.String()
}

// WithRootAttr returns h with the attribute name="value" (escaped) added to
// its root element's start tag; h as it is when it does not start with one.
func (h HTML) WithRootAttr(name, value string) HTML {
	s := string(h)
	if len(s) < 3 || s[0] != '<' || !isTagStart(s[1]) || strings.HasPrefix(strings.ToLower(name), "on") {
		return h
	}
	end := strings.IndexByte(s, '>') // escape() leaves no '>' inside a value
	if end < 0 {
		return h
	}
	if s[end-1] == '/' {
		end--
	}
	return HTML(s[:end] + " " + name + `="` + escape(value) + `"` + s[end:])
}

func isTagStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Empty is an element with one attribute and no content: <tag name="value"></tag>.
func Empty(tag, name, value string) HTML {
	var m Writer
	m.Open(tag, name, value)
	m.Close(tag)
	return m.HTML()
}
