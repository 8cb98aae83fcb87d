package dataset

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A record's hostile title cannot break out of its BibTeX field, and the
// three formats name the same URL, revision, version and check date.
func TestCiteEscapesAndAgrees(t *testing.T) {
	d := &Dataset{Meta: Meta{Revision: 7, AsOf: "2026-06-29"},
		Miners: []Miner{{ID: "m", Name: `Evil} \textbf{x} 100% & #1_~^$`}}}
	s := NewSnapshotVersion(d, "abc123")
	u, err := CanonicalURL("https://example.org/miners/m?b=2&a=1#frag")
	require.NoError(t, err)
	c := s.Cite(u, "/miners/m", 0)
	assert.Equal(t, "https://example.org/miners/m?a=1&b=2", c.URL, "query in key order, no fragment")
	assert.Equal(t, d.Miners[0].Name, c.Title)
	assert.Equal(t, Date("2026-06-29"), c.Checked, "no record says when it was checked: the dataset's as-of date")
	assert.Contains(t, c.BibTeX, `title = {{Evil\} \textbackslash{}textbf\{x\} 100\% \& \#1\_\~{}\^{}\$}},`)
	assert.Equal(t, strings.Count(c.BibTeX, "{")-strings.Count(c.BibTeX, `\{`), strings.Count(c.BibTeX, "}")-strings.Count(c.BibTeX, `\}`), "braces balance")
	assert.Contains(t, c.BibTeX, "@misc{powerbrokers-r7-miners-m,")
	var items []map[string]any
	require.NoError(t, json.Unmarshal([]byte(c.CSL), &items))
	assert.Equal(t, d.Miners[0].Name, items[0]["title"])
	assert.Equal(t, []any{[]any{2026.0, 6.0, 29.0}}, items[0]["issued"].(map[string]any)["date-parts"])
	for _, f := range CiteFormats {
		out := c.Format(f)
		assert.Contains(t, out, "revision 7, version abc123", f)
		assert.Contains(t, out, "2026-06-29", f)
		assert.Contains(t, out, "CC BY 4.0", f)
	}
	assert.Contains(t, c.Text, "https://example.org/miners/m?a=1&b=2")
	assert.Empty(t, c.Format("ris"))
	assert.Empty(t, c.Permalink, "no published revision, no permanent URL")
}

// A published revision is named, with the view's permanent URL under
// /v/{revision}/ (base path kept); a revision's URL is its own permalink.
func TestCitePermalink(t *testing.T) {
	s := NewSnapshotVersion(&Dataset{Meta: Meta{Revision: 7, AsOf: "2026-06-29"}}, "abc123")
	for _, tt := range []struct{ raw, path, want string }{
		{"https://example.org/deals?miner=iren", "/deals", "https://example.org/v/12/deals?miner=iren"},
		{"https://example.org/explorer/deals?miner=iren", "/deals", "https://example.org/explorer/v/12/deals?miner=iren"},
		{"https://example.org/explorer/", "/", "https://example.org/explorer/v/12/"},
		{"https://example.org/v/12/deals", "/deals", "https://example.org/v/12/deals"},
	} {
		u, err := CanonicalURL(tt.raw)
		require.NoError(t, err)
		c := s.Cite(u, tt.path, 12)
		assert.Equal(t, 12, c.Revision, tt.raw)
		assert.Equal(t, tt.want, c.Permalink, tt.raw)
		if tt.want != u.String() {
			assert.Contains(t, c.Text, "(this revision: "+tt.want+")")
			assert.Contains(t, c.CSL, tt.want)
		}
	}
}

func TestCanonicalURLRejects(t *testing.T) {
	for _, raw := range []string{"", "/deals", "javascript:alert(1)", "ftp://example.org/deals", "https://user:pw@example.org/", "http://"} {
		_, err := CanonicalURL(raw)
		assert.Error(t, err, raw)
		var e *Error
		if assert.ErrorAs(t, err, &e, raw) {
			assert.Equal(t, "url", e.Param, raw)
		}
	}
}

func TestViewTitle(t *testing.T) {
	d := &Dataset{Miners: []Miner{{ID: "iren", Name: "IREN Ltd"}}}
	s := NewSnapshotVersion(d, "v")
	for path, want := range map[string]string{
		"/": "Bitcoin miners' AI/HPC deals and power capacity", "/deals": "AI/HPC deals", "/embed/deals": "AI/HPC deals",
		"/miners/iren": "IREN Ltd", "/embed/miner/iren": "IREN Ltd", "/miners/nobody": "Powerbrokers", "/no/such/page": "Powerbrokers",
	} {
		assert.Equal(t, want, s.ViewTitle(path), path)
	}
}
