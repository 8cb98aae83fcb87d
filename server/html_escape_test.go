package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// goAppDir is go-app's source directory in the module cache.
func goAppDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/maxence-charriere/go-app/v9").Output()
	require.NoError(t, err, "go list go-app")
	dir := strings.TrimSpace(string(out))
	require.NotEmpty(t, dir, "go-app is not in the module cache: run go mod download")
	return filepath.Join(dir, "pkg", "app")
}

// TestGoAppWriterIsAsAssumed pins escapeGoAppHTML to go-app's writer: the
// lines below are the grammar it parses. If a go-app update changes one,
// this fails, and escapeGoAppHTML must be reviewed against the new writer.
func TestGoAppWriterIsAsAssumed(t *testing.T) {
	dir := goAppDir(t)
	for file, lines := range map[string][]string{
		"html.go": {
			// a start tag, its attributes, the separator between children
			"io.WriteString(w, \"<\")\n\tio.WriteString(w, e.tag)\n\n\tfor k, v := range e.attributes {\n\t\te.writeHTMLAttribute(w, k, v)\n\t}\n\n\tio.WriteString(w, \">\")",
			"io.WriteString(w, \"\\n\")",
			"io.WriteString(w, \"</\")\n\tio.WriteString(w, e.tag)\n\tio.WriteString(w, \">\")",
			// an attribute: " name", and unless "" or "true", "=" and the Go-quoted value
			"io.WriteString(w, \" \")\n\tio.WriteString(w, k)\n\n\tif v != \"\" && v != \"true\" {\n\t\tio.WriteString(w, `=`)\n\t\tio.WriteString(w, strconv.Quote(resolveAttributeURLValue(k, v, func(s string) string {",
		},
		"text.go": {"func (t *text) html(w io.Writer) {\n\tw.Write([]byte(html.EscapeString(t.value)))\n}"},
		"raw.go":  {"func (r *raw) html(w io.Writer) {\n\tw.Write([]byte(r.value))\n}"},
		"http.go": {"b.WriteString(\"<!DOCTYPE html>\\n\")\n\tPrintHTML(&b, h.HTML()."},
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		require.NoError(t, err)
		for _, line := range lines {
			assert.Contains(t, string(b), line, "go-app's %s no longer writes HTML as escapeGoAppHTML assumes", file)
		}
	}
	// html.go's element writer is the only one: no other file of go-app
	// writes attribute values.
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name() == "html.go" || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		assert.NotContains(t, string(b), "strconv.Quote(", "%s quotes something: review escapeGoAppHTML", e.Name())
	}
}

// node is an element, text or raw markup of a test tree.
type node struct {
	tag   string
	attrs [][2]string
	text  string
	raw   string // markup as app/markup.go writes it
	kids  []node
}

func (n node) ui() app.UI {
	switch {
	case n.tag == "" && n.raw != "":
		return app.Raw(n.raw)
	case n.tag == "":
		return app.Text(n.text)
	}
	e := app.Elem(n.tag)
	for _, a := range n.attrs {
		e = e.Attr(a[0], a[1])
	}
	var kids []app.UI
	for _, k := range n.kids {
		kids = append(kids, k.ui())
	}
	return e.Body(kids...)
}

// render prints n with go-app's writer, as the prerender does.
func render(n node) []byte {
	var b bytes.Buffer
	app.PrintHTML(&b, n.ui())
	return b.Bytes()
}

// parsed is an element as a browser's tokenizer reads it.
type parsed struct {
	tag   string
	attrs map[string]string
}

// tokens reads b as an HTML5 tokenizer does (golang.org/x/net/html): the
// start tags with their attributes, and the text.
func tokens(t testing.TB, b []byte) ([]parsed, string) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(b))
	var out []parsed
	var text strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out, text.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			p := parsed{tag: tok.Data, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				p.attrs[a.Key] = a.Val
			}
			out = append(out, p)
		case html.TextToken:
			text.Write(z.Text())
		}
	}
}

// hostileValues are values that break out of a Go-quoted attribute or that a
// careless escaper mangles.
var hostileValues = []string{
	`"><img src=x onerror=alert(1)>`,
	`" onmouseover="alert(1)`,
	`'><script>alert(1)</script>`,
	`\"><svg onload=alert(1)>`,
	`x\`,
	`\\"`,
	"line\nbreak\ttab\x00nul",
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`javascript:alert(document.domain)`,
	`AT&T "Blue" Deal — Ünïcödé 'quoted' &amp; &lt;b&gt;`,
	"\xff\xfe invalid UTF-8",
	`</textarea><script>alert(1)</script>`,
	"",
	"true",
}

func TestEscapeGoAppHTMLKeepsEveryValueAndAddsNothing(t *testing.T) {
	for _, v := range hostileValues {
		tree := node{tag: "div", attrs: [][2]string{{"title", v}, {"class", "c"}}, kids: []node{
			{tag: "input", attrs: [][2]string{{"value", v}, {"aria-label", v}}},
			{text: v},
			{tag: "a", attrs: [][2]string{{"href", "/deals?q=" + v}}, kids: []node{{text: v}}},
			{raw: `<span data-x="` + rawEscape(v) + `">` + rawEscape(v) + `</span>`},
		}}
		before := render(tree)
		after, err := escapeGoAppHTML(before)
		require.NoError(t, err, "%q", before)
		got, text := tokens(t, after)
		require.Len(t, got, 4, "elements of %q: %s", v, after)
		wantTags := []string{"div", "input", "a", "span"}
		for i, p := range got {
			assert.Equal(t, wantTags[i], p.tag, "%q", v)
		}
		want := goappValue(v)
		if v != "" {
			assert.Equal(t, map[string]string{"title": want, "class": "c"}, got[0].attrs, "%q: %s", v, after)
			assert.Equal(t, map[string]string{"value": want, "aria-label": want}, got[1].attrs, "%q: %s", v, after)
		}
		assert.Equal(t, goappValue("/deals?q="+v), got[2].attrs["href"])
		if v != "" {
			assert.Equal(t, map[string]string{"data-x": htmlValue(v)}, got[3].attrs, "raw markup: %q: %s", v, after)
		}
		assert.Contains(t, text, html.UnescapeString(html.EscapeString(v)), "the text is kept")

		again, err := escapeGoAppHTML(after)
		require.NoError(t, err)
		assert.Equal(t, string(after), string(again), "escaping twice changes nothing")
	}
}

// goappValue is what a browser reads from a value go-app wrote and
// escapeGoAppHTML escaped: the value with character references read as
// characters, and NUL and bytes that are not UTF-8 as U+FFFD. (go-app
// leaves out an attribute whose value is "", and writes the value "true"
// as a bare attribute, which reads as "", after trimming white space.)
// go-app writes the value "true" as a bare attribute, which reads as "".
func goappValue(v string) string {
	v = strings.TrimSpace(v) // go-app trims every attribute value
	if v == "true" {
		return ""
	}
	return browserText(html.UnescapeString(v))
}

// htmlValue is what a browser reads from a raw value escaped like ours.
func htmlValue(v string) string {
	return browserText(v)
}

// browserText replaces NUL and each byte that is not UTF-8 with U+FFFD.
func browserText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0 {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// rawEscape escapes like app/markup.go's escape.
func rawEscape(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), `\`, "&#92;")
}

func TestEscapeGoAppHTMLRejectsWhatGoAppDoesNotWrite(t *testing.T) {
	for _, doc := range []string{
		`<a title='single'>x</a>`,
		`<a title=unquoted>x</a>`,
		`<p>1 < 2</p>`,
		`<a title="unterminated>x</a>`,
		`<a title="x"onclick="y">x</a>`,
		`<a "x">x</a>`,
		`<a title="\q">x</a>`,
		`<!ENTITY x>`,
		`<!-- open`,
		`<script>never closed`,
		`<a title="x"`,
		`</a`,
	} {
		_, err := escapeGoAppHTML([]byte(doc))
		assert.Error(t, err, "%s", doc)
	}
	out, err := escapeGoAppHTML([]byte("<!DOCTYPE html>\n<html><!-- a comment --><svg><circle r=\"1\"/></svg><script src=\"/app.js\" defer></script></html>"))
	require.NoError(t, err)
	assert.Equal(t, "<!DOCTYPE html>\n<html><!-- a comment --><svg><circle r=\"1\"/></svg><script src=\"/app.js\" defer></script></html>", string(out))
}

// FuzzEscapeGoAppHTML renders trees with go-app's writer and checks that,
// once escaped, a browser's tokenizer reads exactly the elements and
// attribute values that were built, whatever the values.
func FuzzEscapeGoAppHTML(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v, v, v)
	}
	f.Add(strings.Repeat(`\"`, 100), "</script>", "&#34;")
	f.Fuzz(func(t *testing.T, attr, text, raw string) {
		tree := node{tag: "main", attrs: [][2]string{{"data-v", attr}}, kids: []node{
			{tag: "p", attrs: [][2]string{{"title", text}}, kids: []node{{text: text}}},
			{raw: `<b class="` + rawEscape(raw) + `">` + rawEscape(raw) + `</b>`},
		}}
		out, err := escapeGoAppHTML(render(tree))
		require.NoError(t, err)
		got, _ := tokens(t, out)
		require.Len(t, got, 3, "%s", out)
		assert.Equal(t, []string{"main", "p", "b"}, []string{got[0].tag, got[1].tag, got[2].tag})
		if attr != "" {
			assert.Equal(t, goappValue(attr), got[0].attrs["data-v"])
		}
		if text != "" {
			assert.Equal(t, goappValue(text), got[1].attrs["title"])
		}
		if raw != "" {
			assert.Equal(t, htmlValue(raw), got[2].attrs["class"])
		}
		for _, p := range got {
			assert.LessOrEqual(t, len(p.attrs), 1, "an attribute was added: %s", out)
		}
		again, err := escapeGoAppHTML(out)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}

// BenchmarkEscapeGoAppHTML escapes the seed's /deals page as go-app wrote
// it: the cost the rewrite adds to each prerendered page.
func BenchmarkEscapeGoAppHTML(b *testing.B) {
	s := newTestServer(b, Config{Seed: os.DirFS("../dataset/seed")})
	buf := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
	s.pub.Load().pages.ServeHTTP(buf, httptest.NewRequest("GET", "/deals", nil))
	page := tightenHTML(buf.body.Bytes())
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := escapeGoAppHTML(page); err != nil {
			b.Fatal(err)
		}
	}
}
