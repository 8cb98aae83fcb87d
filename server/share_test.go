package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/datapackage"
	"powerbrokers/dataset"
)

func citationURL(view, format string) string {
	q := url.Values{"url": {view}}
	if format != "" {
		q.Set("format", format)
	}
	return "/api/v1/citation?" + q.Encode()
}

// The citation names the filtered view's URL (query and as_of in canonical
// order), the revision, the version and the check date, in each format
// with its content type.
func TestCitation(t *testing.T) {
	s := newTestServer(t, Config{})
	snap := s.currentSnapshot()
	view := "http://example.com/deals?miner=iren&as_of=2025-12#top"
	want := "http://example.com/deals?as_of=2025-12&miner=iren"

	w := do(s, "GET", citationURL(view, ""), nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	var c dataset.Citation
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &c))
	assert.Equal(t, want, c.URL)
	assert.Equal(t, "AI/HPC deals", c.Title)
	rev := s.pub.Load().rev.Number
	require.Positive(t, rev, "the store keeps revisions")
	assert.Equal(t, rev, c.Revision, "the published revision")
	assert.Equal(t, "http://example.com/v/"+itoa(rev)+"/deals?as_of=2025-12&miner=iren", c.Permalink)
	assert.Equal(t, snap.Version, c.Version)
	assert.NotEmpty(t, c.Checked)
	assert.Equal(t, dataset.LicenceID, c.Licence.Name)

	tests := []struct{ format, contentType, contains string }{
		{"text", "text/plain; charset=utf-8", "Powerbrokers (" + string(c.Checked[:4]) + "). AI/HPC deals [Data set; revision "},
		{"bibtex", "application/x-bibtex; charset=utf-8", `url = {` + want + `}`},
		{"csl", "application/vnd.citationstyles.csl+json; charset=utf-8", `"type": "dataset"`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			w := do(s, "GET", citationURL(view, tt.format), nil)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Equal(t, tt.contentType, w.Header().Get("Content-Type"))
			body := w.Body.String()
			assert.Contains(t, body, tt.contains)
			assert.Contains(t, body, want)
			assert.Contains(t, body, "revision "+itoa(c.Revision))
			assert.Contains(t, body, snap.Version)
			assert.Contains(t, body, string(c.Checked))
			assert.Equal(t, c.Format(tt.format), body, "the API serves the one citation dataset builds")
		})
	}
	var items []map[string]any
	require.NoError(t, json.Unmarshal([]byte(c.CSL), &items), "CSL-JSON parses")
	require.Len(t, items, 1)
	assert.Equal(t, want, items[0]["URL"])

	// A revision's view is cited from that revision, its URL its own permalink.
	w = do(s, "GET", citationURL("http://example.com/v/1/miners/iren", ""), nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var old dataset.Citation
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &old))
	assert.Equal(t, 1, old.Revision)
	assert.Equal(t, "IREN", old.Title[:4])
	assert.Equal(t, "http://example.com/v/1/miners/iren", old.Permalink)
	w = do(s, "GET", citationURL("http://example.com/v/999/deals", ""), nil)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "names no published revision")

	// A record's page is cited by the record's name.
	w = do(s, "GET", citationURL("http://example.com/miners/iren", "text"), nil)
	assert.Contains(t, w.Body.String(), "IREN")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// Bad input is a 400 naming the parameter.
func TestCitationRejects(t *testing.T) {
	s := newTestServer(t, Config{})
	tests := []struct{ name, target, param, message string }{
		{"no url", "/api/v1/citation", "url", "url is required"},
		{"foreign host", citationURL("https://evil.example/deals", ""), "url", "not a URL of this Powerbrokers server"},
		{"not http", citationURL("javascript:alert(1)", ""), "url", "not an absolute http(s) URL"},
		{"relative", citationURL("/deals", ""), "url", "not an absolute http(s) URL"},
		{"bad as_of", citationURL("http://example.com/deals?as_of=yesterday", ""), "url", "as_of"},
		{"bad format", citationURL("http://example.com/deals", "ris"), "format", "text, bibtex, csl"},
		{"unknown parameter", "/api/v1/citation?url=http://example.com/&style=apa", "style", "unknown parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "GET", tt.target, nil)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
			var e errorBody
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e))
			assert.Equal(t, tt.param, e.Error.Param)
			assert.Contains(t, e.Error.Message, tt.message)
		})
	}
}

// Hostile text in the view's URL cannot break out of a BibTeX field or
// the CSL-JSON.
func TestCitationEscapesHostileURLs(t *testing.T) {
	s := newTestServer(t, Config{})
	view := `http://example.com/deals?q=` + url.QueryEscape(`}"><script>alert(1)</script>\{%`)
	w := do(s, "GET", citationURL(view, "bibtex"), nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	body := w.Body.String()
	assert.NotContains(t, body, "<script>")
	assert.Equal(t, strings.Count(body, "{"), strings.Count(body, "}"), "braces balance: %s", body)
	w = do(s, "GET", citationURL(view, "csl"), nil)
	var items []map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &items))
}

// The data package downloads as a zip whose package validates, with the
// licence in its descriptor and a Link header.
func TestDataPackageEndpoint(t *testing.T) {
	s := newTestServer(t, Config{})
	w := do(s, "GET", "/api/v1/datapackage.zip", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/zip", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Header().Get("Content-Disposition"), "powerbrokers-datapackage-r")
	assert.Contains(t, w.Header().Get("Link"), dataset.LicenceURL)
	size := w.Body.Len()
	assert.Greater(t, size, 2000, "zip size")
	assert.Less(t, size, 5<<20, "zip size")

	zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(size))
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		files[strings.TrimPrefix(f.Name, "powerbrokers/")] = b
	}
	assert.Empty(t, datapackage.Validate(files))
	for _, kind := range dataset.Kinds {
		assert.Contains(t, files, "data/"+kind+".csv")
	}
	assert.Contains(t, string(files[datapackage.Descriptor]), `"CC-BY-4.0"`)
	assert.Contains(t, string(files[datapackage.Descriptor]), `"homepage": "http://example.com/"`)

	// The same version is not rebuilt: a revalidation is a 304.
	again := do(s, "GET", "/api/v1/datapackage.zip", map[string]string{"If-None-Match": w.Header().Get("ETag")})
	assert.Equal(t, http.StatusNotModified, again.Code)
}

// The snapshot document and every CSV state the data's licence.
func TestLicenceTravelsWithTheData(t *testing.T) {
	s := newTestServer(t, Config{})
	var doc dataset.SnapshotDocument
	require.NoError(t, json.Unmarshal(do(s, "GET", "/api/v1/snapshot", nil).Body.Bytes(), &doc))
	assert.Equal(t, dataset.DataLicence(), doc.Licence)
	w := do(s, "GET", "/api/v1/deals.csv", nil)
	assert.Equal(t, "<"+dataset.LicenceURL+`>; rel="license"`, w.Header().Get("Link"))
	assert.True(t, strings.HasPrefix(w.Body.String(), "id,"), "the CSV starts with its header, no comment line")
}

// feedDoc is what the tests read of a feed.
type feedDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink `xml:"link"`
	Entries []struct {
		ID      string     `xml:"id"`
		Title   string     `xml:"title"`
		Updated string     `xml:"updated"`
		Summary string     `xml:"summary"`
		Links   []atomLink `xml:"link"`
	} `xml:"entry"`
}

// checkFeed parses an Atom feed and checks RFC 4287's required elements.
func checkFeed(t *testing.T, w *httptest.ResponseRecorder) feedDoc {
	t.Helper()
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/atom+xml; charset=utf-8", w.Header().Get("Content-Type"))
	var f feedDoc
	require.NoError(t, xml.Unmarshal(w.Body.Bytes(), &f), "the feed parses")
	assert.NotEmpty(t, f.ID, "feed id")
	assert.NotEmpty(t, f.Title, "feed title")
	_, err := time.Parse(time.RFC3339, f.Updated)
	assert.NoError(t, err, "feed updated")
	assert.NotEmpty(t, f.Author.Name, "feed author (entries inherit it)")
	assert.True(t, hasLink(f.Links, "self"), "feed link rel=self")
	seen := map[string]bool{}
	for _, e := range f.Entries {
		assert.NotEmpty(t, e.ID, "entry id")
		assert.False(t, seen[e.ID], "entry ids are unique: %s", e.ID)
		seen[e.ID] = true
		assert.NotEmpty(t, e.Title, "entry title")
		assert.NotEmpty(t, e.Summary, "entry summary")
		_, err := time.Parse(time.RFC3339, e.Updated)
		assert.NoError(t, err, "entry updated")
		assert.True(t, hasLink(e.Links, "alternate"), "entry links its record")
	}
	return f
}

func hasLink(ls []atomLink, rel string) bool {
	for _, l := range ls {
		if l.Rel == rel && l.Href != "" {
			return true
		}
	}
	return false
}

// The feeds list the corrections and the curated writes, each entry
// linking its record and its sources, with hostile text escaped; a
// miner's feed holds only its records' changes; an unknown miner is 404.
func TestChangeFeeds(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret-s3cret-s3cret"})
	hostile := strings.Replace(newDeal, `"title": "TeraWulf–Fluidstack CB-5"`, `"title": "<script>alert(\"x\")</script> & ]]> <img src=x onerror=alert(1)>"`, 1)
	w := send(s, "POST", "/api/v1/deals", "s3cret-s3cret-s3cret", hostile)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())

	all := checkFeed(t, do(s, "GET", "/changes.atom", nil))
	assert.Equal(t, "http://example.com/changes.atom", all.ID)
	body := do(s, "GET", "/changes.atom", nil).Body.String()
	assert.NotContains(t, body, "<script>", "hostile text is escaped")
	assert.NotContains(t, body, "<img", "hostile text is escaped")
	var created, corrected bool
	for _, e := range all.Entries {
		if strings.Contains(e.Title, "terawulf-fluidstack-2025-08-2") {
			created = true
			assert.Contains(t, e.Links, atomLink{Rel: "alternate", Href: "http://example.com/deals/terawulf-fluidstack-2025-08-2", Type: "text/html"})
			assert.True(t, hasLink(e.Links, "related"), "the entry links the record's sources")
		}
		if strings.HasPrefix(e.Title, "Corrected deal iren-microsoft-2025-11") {
			corrected = true
			assert.True(t, hasLink(e.Links, "related"), "the correction links its sources")
		}
	}
	assert.True(t, created, "the curated write is in the feed")
	assert.True(t, corrected, "the correction is in the feed")

	tw := checkFeed(t, do(s, "GET", "/miners/terawulf/changes.atom", nil))
	require.NotEmpty(t, tw.Entries)
	for _, e := range tw.Entries {
		assert.NotContains(t, e.Title, "iren-", "a miner's feed holds only its own records")
	}
	iren := checkFeed(t, do(s, "GET", "/miners/iren/changes.atom", nil))
	require.NotEmpty(t, iren.Entries)
	for _, e := range iren.Entries {
		assert.NotContains(t, e.Title, "terawulf", "a miner's feed holds only its own records")
	}

	w = do(s, "GET", "/miners/nobody/changes.atom", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), `"code":"not_found"`)
	w = do(s, "GET", "/changes.atom?miner=iren", nil)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), `"param":"miner"`)
}

// Pages link the feeds from their head: every page the whole log, a
// miner's page its own feed.
func TestPagesLinkTheFeeds(t *testing.T) {
	s := newTestServer(t, Config{})
	body := do(s, "GET", "/miners/iren", nil).Body.String()
	assert.Contains(t, body, `<link rel="alternate" type="application/atom+xml" title="Powerbrokers: what changed" href="/changes.atom">`)
	assert.Contains(t, body, `href="/miners/iren/changes.atom"`)
	body = do(s, "GET", "/deals", nil).Body.String()
	assert.Contains(t, body, `href="/changes.atom"`)
	assert.NotContains(t, body, `/miners/iren/changes.atom`)
}

// The OpenAPI document describes the citation and the data package.
func TestOpenAPIDescribesSharing(t *testing.T) {
	s := newTestServer(t, Config{})
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string } `json:"parameters"`
			Responses  map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(do(s, "GET", "/api/v1/openapi.json", nil).Body.Bytes(), &doc))
	cite := doc.Paths["/api/v1/citation"]["get"]
	var params []string
	for _, p := range cite.Parameters {
		params = append(params, p.In+":"+p.Name)
	}
	assert.Equal(t, []string{"query:url", "query:format"}, params)
	assert.Contains(t, cite.Responses["200"].Content, "application/x-bibtex")
	assert.Contains(t, cite.Responses["200"].Content, "application/vnd.citationstyles.csl+json")
	assert.Contains(t, doc.Paths["/api/v1/datapackage.zip"]["get"].Responses["200"].Content, "application/zip")
}
