package embed

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
)

func TestOptions(t *testing.T) {
	v, _ := url.ParseQuery("miner=iren&theme=DARK&plain=1&transparent=true&sort=-mw")
	assert.Equal(t, Options{Theme: "dark", Plain: true, Transparent: true}, ParseOptions(v))
	assert.Equal(t, url.Values{"miner": {"iren"}, "sort": {"-mw"}}, ViewQuery(v), "render flags are not part of the view")
	v, _ = url.ParseQuery("theme=neon&plain=0")
	assert.Equal(t, Options{Theme: "auto"}, ParseOptions(v), "unknown values fall back to the defaults")
}

func TestDialogSnippet(t *testing.T) {
	d := &Dialog{View: "/embed/deals", Query: url.Values{"miner": {"iren"}, "theme": {"light"}}}
	assert.Equal(t, "/embed/deals?miner=iren", d.src(), "the query's own render flags are replaced by the dialog's")
	assert.Equal(t, `<iframe src="/embed/deals?miner=iren" title="Powerbrokers: AI/HPC deals" width="100%" height="480" style="border:0" loading="lazy"></iframe>`+"\n"+
		`<script src="/web/embed.js" async></script>`, d.snippet())
	d.theme, d.plain, d.height = "dark", true, 900
	assert.Equal(t, "/embed/deals?miner=iren&plain=1&theme=dark", d.src())
	assert.Contains(t, d.snippet(), `src="/embed/deals?miner=iren&amp;plain=1&amp;theme=dark"`, "the URL is escaped in the attribute")
	assert.Contains(t, d.snippet(), `height="900"`)

	disp := app.NewServerTester(d)
	defer disp.Close()
	disp.Consume()
	html := app.HTMLString(d)
	assert.Contains(t, html, `id="embed-dialog-toggle"`)
	assert.NotContains(t, html, `embed-dialog-preview`, "the panel is closed until asked for")
	d.open = true
	html = app.HTMLString(d.Render())
	assert.Contains(t, html, `id="embed-dialog-preview"`)
	assert.Regexp(t, `<option[^>]* selected[ >][^>]*>?Dark</option>`, html)
	assert.Equal(t, 1, strings.Count(html, " selected"), "only the chosen theme is selected")
	assert.NotContains(t, html, `selected="false"`)
}
