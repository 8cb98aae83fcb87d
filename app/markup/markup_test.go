package markup

import (
	"math"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
)

func TestMarkupEscapesAndSkipsEmptyAttributes(t *testing.T) {
	var m Writer
	m.Open("div", "class", "a", "title", "", "data-x", `"><script>alert(1)</script>`)
	m.Elem("span", "<b>Tom & Jerry</b>", "class", "")
	m.Link("/deals/x", "it's")
	m.Close("div")
	out := app.HTMLString(m.UI())
	assert.Equal(t, `<div class="a" data-x="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">`+
		`<span>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</span><a href="/deals/x">it&#39;s</a></div>`, out)
	assert.NotContains(t, out, "title=", "an empty attribute value is left out")
}

// The writer escapes text and attributes, refuses script URLs, drops event
// handlers and writes SVG's self-closing shapes.
func TestMarkupWriterIsSafe(t *testing.T) {
	var m Writer
	m.Open("a", "href", "javascript:alert(1)", "onclick", "alert(2)")
	m.Text("x")
	m.Close("a")
	m.Elem("a", "y", "href", " JaVa\tScRiPt:alert(1)")
	m.Elem("a", "z", "href", "data:text/html,<script>alert(1)</script>")
	m.Elem("a", "ok", "href", "https://example.com/a?b=c&d=e")
	m.Elem("a", "rel", "href", "/deals?miner=iren")
	m.Elem("a", "mail", "href", "mailto:x@example.com")
	m.Void("path", "d", `M0,0"/><script>`, "class", "c")
	m.Open("script", "src", "/web/embed.js", "async", Present)
	m.Close("script")
	out := string(m.HTML())
	assert.NotContains(t, strings.ToLower(out), "javascript:")
	assert.NotContains(t, out, "data:text")
	assert.NotContains(t, out, "onclick")
	assert.Equal(t, 3, strings.Count(out, `href="about:invalid"`))
	assert.Contains(t, out, `href="https://example.com/a?b=c&amp;d=e"`)
	assert.Contains(t, out, `href="/deals?miner=iren"`)
	assert.Contains(t, out, `href="mailto:x@example.com"`)
	assert.Contains(t, out, `<path d="M0,0&#34;/&gt;&lt;script&gt;" class="c"/>`)
	assert.Contains(t, out, `<script src="/web/embed.js" async></script>`)
	assert.Equal(t, "1.5", Num(1.54, 1))
	assert.Equal(t, "0", Num(math.NaN(), 1))
	assert.Equal(t, "12", Num(12.0, 2))
}

// A block's root takes one more attribute, escaped; event handlers and
// markup without a root element are left as they are.
func TestWithRootAttrAndEmpty(t *testing.T) {
	var m Writer
	m.Open("section", "class", "a")
	m.Elem("h2", "x > y")
	m.Close("section")
	h := m.HTML()
	assert.Equal(t, HTML(`<section class="a" data-pb="1&#34;&gt;">`+`<h2>x &gt; y</h2></section>`), h.WithRootAttr("data-pb", `1">`))
	assert.Equal(t, HTML(`<rect x="1" data-pb="2"/>`), HTML(`<rect x="1"/>`).WithRootAttr("data-pb", "2"))
	assert.Equal(t, h, h.WithRootAttr("onclick", "alert(1)"), "no event handler")
	assert.Equal(t, HTML("text <b>x</b>"), HTML("text <b>x</b>").WithRootAttr("data-pb", "3"), "no root element")
	assert.Equal(t, HTML(`<table data-pb-adopt="k&lt;"></table>`), Empty("table", "data-pb-adopt", "k<"))
}
