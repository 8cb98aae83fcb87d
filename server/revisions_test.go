package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

const revisionDeal = "iren-microsoft-2025-11"

// setDealMW replaces the deal's MW through the API, as a curator would.
func setDealMW(t *testing.T, s http.Handler, mw int) {
	t.Helper()
	w := do(s, "GET", "/api/v1/deals/"+revisionDeal, nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := regexp.MustCompile(`"mw":[0-9.]+`).ReplaceAllString(w.Body.String(), `"mw":`+strconv.Itoa(mw))
	w = send(s, "PUT", "/api/v1/deals/"+revisionDeal, "s3cret-token-0123456789", body)
	require.Equal(t, http.StatusOK, w.Code, "PUT: %s", w.Body)
}

func dealMW(t *testing.T, s http.Handler, path string) float64 {
	t.Helper()
	w := do(s, "GET", path, nil)
	require.Equal(t, http.StatusOK, w.Code, "GET %s: %s", path, w.Body)
	var d struct{ MW float64 }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &d))
	return d.MW
}

type revisionList struct {
	Latest    int                `json:"latest"`
	Revisions []dataset.Revision `json:"revisions"`
	Next      string             `json:"next"`
}

func listRevisions(t *testing.T, s http.Handler, query string) revisionList {
	t.Helper()
	w := do(s, "GET", "/api/v1/revisions"+query, nil)
	require.Equal(t, http.StatusOK, w.Code, "GET /api/v1/revisions%s: %s", query, w.Body)
	var out revisionList
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out))
	return out
}

func TestOldRevisionKeepsItsFigureAfterAWrite(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret-token-0123456789"})
	seedVersion := s.currentSnapshot().Version

	list := listRevisions(t, s, "")
	require.Equal(t, 1, list.Latest)
	require.Len(t, list.Revisions, 1)
	seed := list.Revisions[0]
	assert.Equal(t, "seed", seed.Action)
	assert.Equal(t, seedVersion, seed.Version)
	assert.Greater(t, seed.Changes, 10, "the seed load adds every record")
	assert.Equal(t, "/v/1/", seed.URL)
	assert.Equal(t, "/v/1/api/v1/snapshot", seed.Snapshot)

	setDealMW(t, s, 150)
	require.Equal(t, 150.0, dealMW(t, s, "/api/v1/deals/"+revisionDeal))

	list = listRevisions(t, s, "")
	require.Equal(t, 2, list.Latest)
	require.Len(t, list.Revisions, 2)
	w := list.Revisions[0]
	assert.Equal(t, 2, w.Number)
	assert.Equal(t, "update", w.Action)
	assert.Equal(t, "deal", w.Kind)
	assert.Equal(t, revisionDeal, w.ID)
	assert.Equal(t, 1, w.Changes)
	assert.Equal(t, s.currentSnapshot().Version, w.Version, "the recorded version is the one published")
	assert.False(t, w.Published.IsZero())

	// The API of revision 1 still answers the old figure; revision 2 the new.
	assert.Equal(t, 200.0, dealMW(t, s, "/v/1/api/v1/deals/"+revisionDeal))
	assert.Equal(t, 150.0, dealMW(t, s, "/v/2/api/v1/deals/"+revisionDeal))

	// Its list, its CSV, its stats, its snapshot.
	lw := do(s, "GET", "/v/1/api/v1/deals?miner=iren&cols=mw", nil)
	require.Equal(t, http.StatusOK, lw.Code)
	assert.Contains(t, lw.Body.String(), `"mw":200`)
	cw := do(s, "GET", "/v/1/api/v1/deals.csv?miner=iren", nil)
	require.Equal(t, http.StatusOK, cw.Code)
	assert.Contains(t, cw.Body.String(), ",200,")
	assert.Equal(t, http.StatusOK, do(s, "GET", "/v/1/api/v1/stats", nil).Code)
	sw := do(s, "GET", "/v/1/api/v1/snapshot", nil)
	require.Equal(t, http.StatusOK, sw.Code)
	assert.Contains(t, sw.Header().Get("Cache-Control"), "immutable")
	var doc dataset.SnapshotDocument
	require.NoError(t, json.Unmarshal(sw.Body.Bytes(), &doc))
	assert.Equal(t, seedVersion, doc.Version)
	require.NotNil(t, doc.Revision)
	assert.Equal(t, 1, doc.Revision.Number)
	assert.Equal(t, `"`+shortHash(sw.Body.String())+`"`, sw.Header().Get("ETag"))
	// The latest snapshot names its revision.
	lsw := do(s, "GET", "/api/v1/snapshot", nil)
	require.NoError(t, json.Unmarshal(lsw.Body.Bytes(), &doc))
	require.NotNil(t, doc.Revision)
	assert.Equal(t, 2, doc.Revision.Number)

	// The page of revision 1 is prerendered from revision 1, with the
	// banner, and its links stay in revision 1 (but the banner's).
	pw := do(s, "GET", "/v/1/deals/"+revisionDeal, nil)
	require.Equal(t, http.StatusOK, pw.Code)
	page := pw.Body.String()
	assert.Contains(t, page, "You are viewing revision 1 of "+seed.Day()+"; the latest is 2")
	assert.Contains(t, page, `href="/v/1/deals"`)
	assert.Contains(t, page, `href="/deals/`+revisionDeal+`"`, "the banner links to the same view in the latest data")
	assert.Regexp(t, `data-col="mw"><dt>MW</dt><dd><span class="figure-value">[^\n]*?>200 MW</span>`, page)
	assert.NotContains(t, page, "150 MW")
	assert.Contains(t, do(s, "GET", "/deals/"+revisionDeal, nil).Body.String(), ">150 MW</span>")
	for _, m := range regexp.MustCompile(`<a [^>]*href="(/[^"]*)"[^>]*>`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(m[0], "data-latest-link") && !strings.HasPrefix(m[1], "/web/") {
			assert.True(t, strings.HasPrefix(m[1], "/v/1/"), "link %s leaves revision 1", m[0])
		}
	}
	assert.Regexp(t, `<meta property="og:image" content="http://example.com/v/1/api/v1/charts/`, page, "the link preview is revision 1's chart")
	img := do(s, "GET", "/v/1/api/v1/charts/cumulative.svg", nil)
	require.Equal(t, http.StatusOK, img.Code, img.Body.String())
	assert.Contains(t, img.Body.String(), "example.com/v/1/", "the image's source line names revision 1's view")
	latest := do(s, "GET", "/deals/"+revisionDeal, nil).Body.String()
	assert.NotContains(t, latest, "You are viewing revision")

	ow := do(s, "GET", "/api/v1/oembed?url=http://example.com/v/1/deals%3Fminer%3Diren", nil)
	require.Equal(t, http.StatusOK, ow.Code, ow.Body.String())
	assert.Contains(t, ow.Body.String(), `src=\"http://example.com/v/1/embed/deals?miner=iren\"`)
	assert.Contains(t, ow.Body.String(), "(revision 1)")
	assert.Equal(t, http.StatusNotFound, do(s, "GET", "/api/v1/oembed?url=http://example.com/v/7/deals", nil).Code)

	// The data package of revision 1 holds revision 1's figure.
	zw := do(s, "GET", "/v/1/api/v1/datapackage.zip", nil)
	require.Equal(t, http.StatusOK, zw.Code, zw.Body.String())
	assert.Contains(t, zw.Header().Get("ETag"), seedVersion)
	assert.NotContains(t, do(s, "GET", "/api/v1/datapackage.zip", nil).Header().Get("ETag"), seedVersion)

	ew := do(s, "GET", "/v/1/embed/deals?miner=iren", nil)
	require.Equal(t, http.StatusOK, ew.Code)
	assert.Contains(t, ew.Body.String(), "Revision 1 of "+seed.Day()+"; the latest is 2")
	assert.Contains(t, ew.Body.String(), "revision-compact")
}

func TestRevisionPathsAreReadOnlyAndStrict(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret-token-0123456789"})
	setDealMW(t, s, 150)
	tests := []struct {
		method, path string
		want         int
		json         bool
	}{
		{"GET", "/v/1/api/v1/deals", 200, true},
		{"HEAD", "/v/2/api/v1/snapshot", 200, true},
		{"GET", "/v/2/", 200, false},
		{"GET", "/v/2", 200, false},
		{"GET", "/v/3/api/v1/deals", 404, true},
		{"GET", "/v/3/deals", 404, false},
		{"GET", "/v/0/deals", 404, false},
		{"GET", "/v/-1/deals", 404, false},
		{"GET", "/v/-1/api/v1/deals", 404, true},
		{"GET", "/v/1e9/deals", 404, false},
		{"GET", "/v/1e9/api/v1/snapshot", 404, true},
		{"GET", "/v/01/deals", 404, false},
		{"GET", "/v/99999999999/deals", 404, false},
		{"GET", "/v/2147483648/api/v1/deals", 404, true},
		{"GET", "/v/2147483647/api/v1/deals", 404, true},
		{"GET", "/v/../deals", 404, false},
		{"GET", "/v/%2e%2e/deals", 404, false},
		{"GET", "/v/1/../../api/v1/snapshot", 404, false},
		{"GET", "/v/1//deals", 404, false},
		{"GET", "/v/", 404, false},
		{"GET", "/v", 404, false},
		{"GET", "/v/1/api/v1/nothing", 404, true},
		{"GET", "/v/1/api/v1/changes", 404, true},
		{"GET", "/v/1/api/v1/revisions", 404, true},
		{"GET", "/v/1/deals/no-such-deal", 404, false},
		{"GET", "/v/1/no-such-page", 404, false},
		{"GET", "/v/%3Cscript%3E/deals", 404, false},
		{"POST", "/v/1/api/v1/deals", 405, true},
		{"PUT", "/v/1/api/v1/deals/" + revisionDeal, 405, true},
		{"DELETE", "/v/2/api/v1/deals/" + revisionDeal, 405, true},
		{"PATCH", "/v/1/deals", 405, true},
		{"POST", "/v/999/api/v1/deals", 405, true},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			w := do(s, tt.method, tt.path, nil)
			if w.Code != tt.want {
				t.Fatalf("%s %s = %d; want %d; body %.300s", tt.method, tt.path, w.Code, tt.want, w.Body)
			}
			ct := w.Header().Get("Content-Type")
			switch {
			case tt.want == 405:
				assert.Equal(t, "GET, HEAD", w.Header().Get("Allow"))
				assert.Contains(t, w.Body.String(), `"code":"method_not_allowed"`)
			case tt.want == 404 && tt.json:
				assert.Contains(t, ct, "application/json")
				assert.Contains(t, w.Body.String(), `"code":"not_found"`)
			case tt.want == 404:
				assert.Contains(t, ct, "text/html")
				assert.Contains(t, w.Body.String(), `id="not-found"`, "the app's own not-found page")
				assert.NotContains(t, w.Body.String(), "<script>")
			}
		})
	}
	// Hostile text in the address reaches the banner's link escaped.
	hostile := do(s, "GET", `/v/1/deals?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%3Cscript%3E`, nil)
	require.Equal(t, http.StatusOK, hostile.Code)
	assert.NotContains(t, hostile.Body.String(), "<img src=x")
	assert.NotContains(t, hostile.Body.String(), "<script>")
	assert.Contains(t, hostile.Body.String(), `id="revision-latest"`)

	// The write still goes to the latest data only.
	assert.Equal(t, 150.0, dealMW(t, s, "/api/v1/deals/"+revisionDeal))
	assert.Equal(t, 200.0, dealMW(t, s, "/v/1/api/v1/deals/"+revisionDeal))
}

func TestRevisionsUnderABasePath(t *testing.T) {
	s := newTestServer(t, Config{BasePath: "/explorer"})
	w := do(s, "GET", "/explorer/api/v1/revisions", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"url":"/explorer/v/1/"`)
	p := do(s, "GET", "/explorer/v/1/deals", nil)
	require.Equal(t, http.StatusOK, p.Code)
	assert.Contains(t, p.Body.String(), `href="/explorer/v/1/deals/`+revisionDeal+`"`)
	assert.Contains(t, p.Body.String(), `href="/explorer/deals"`, "the banner's link to the latest")
	assert.Contains(t, p.Body.String(), `href="/explorer/web/icon.svg"`, "static files are not moved")
	assert.Equal(t, http.StatusOK, do(s, "GET", "/explorer/v/1/api/v1/deals", nil).Code)
	assert.Equal(t, http.StatusNotFound, do(s, "GET", "/explorer/v/2/api/v1/deals", nil).Code)
}

func TestRevisionsListPages(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret-token-0123456789"})
	for mw := 101; mw <= 104; mw++ {
		setDealMW(t, s, mw)
	}
	first := listRevisions(t, s, "?limit=2")
	assert.Equal(t, 5, first.Latest)
	require.Len(t, first.Revisions, 2)
	assert.Equal(t, []int{5, 4}, []int{first.Revisions[0].Number, first.Revisions[1].Number})
	assert.Equal(t, "/api/v1/revisions?before=4&limit=2", first.Next)
	last := listRevisions(t, s, "?limit=2&before=2")
	require.Len(t, last.Revisions, 1)
	assert.Equal(t, 1, last.Revisions[0].Number)
	assert.Empty(t, last.Next)
	for _, q := range []string{"?limit=0", "?limit=x", "?limit=1001", "?before=-1", "?before=1e9", "?colour=red"} {
		w := do(s, "GET", "/api/v1/revisions"+q, nil)
		assert.Equal(t, http.StatusBadRequest, w.Code, q)
		assert.Contains(t, w.Body.String(), `"param"`, q)
	}
	// Each revision's API answers its own figure.
	for n := 2; n <= 5; n++ {
		assert.Equal(t, float64(99+n), dealMW(t, s, "/v/"+strconv.Itoa(n)+"/api/v1/deals/"+revisionDeal))
	}
}

// TestRevisionsSurviveBackupAndRestore backs a store up after a write and
// restores it into a new one: the revisions and their figures come back.
func TestRevisionsSurviveBackupAndRestore(t *testing.T) {
	st, err := Open(t.TempDir(), nil)
	require.NoError(t, err)
	defer st.Close()
	_, err = LoadSeed(st, fixture(t))
	require.NoError(t, err)
	d, err := st.Dataset()
	require.NoError(t, err)
	deal := d.Deals[0]
	mw := 123.0
	deal.MW = &mw
	b, err := json.Marshal(deal)
	require.NoError(t, err)
	require.NoError(t, st.Apply(Write{Kind: dataset.KindDeals, Action: "update", ID: deal.ID, Record: b, Who: "test"}))

	var backup bytes.Buffer
	require.NoError(t, st.Backup(&backup))
	other, err := Open(t.TempDir(), nil)
	require.NoError(t, err)
	defer other.Close()
	require.NoError(t, other.Restore(&backup))

	want, _, err := st.Revisions(0, 10)
	require.NoError(t, err)
	got, _, err := other.Revisions(0, 10)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, want, got)
	old, rev, _, err := other.RevisionData(1, 5)
	require.NoError(t, err)
	assert.Equal(t, 1, rev.Number)
	assert.NotEqual(t, mw, *old.Deals[0].MW, "revision 1 holds the figure before the write")
	now, _, _, err := other.RevisionData(2, 5)
	require.NoError(t, err)
	assert.Equal(t, mw, *now.Deals[0].MW)
}

// TestEveryRevisionRebuildsToItsVersion makes more writes than a
// checkpoint spans (creates, updates and deletes) and rebuilds every
// revision: each hashes to the version the server published then.
func TestEveryRevisionRebuildsToItsVersion(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret-token-0123456789"})
	published := map[int]string{1: s.currentSnapshot().Version}
	updated := func(mw int) []byte {
		return []byte(strings.Replace(newDeal, `"mw": 160`, `"mw": `+strconv.Itoa(mw), 1))
	}
	id := "terawulf-fluidstack-2025-08-2"
	for i := 0; i < revisionCheckpoint+12; i++ {
		// Straight to the store: the API limits a client's write rate.
		w := []Write{{Action: "create", Record: []byte(newDeal)}, {Action: "update", Record: updated(100 + i)}, {Action: "delete"}}[i%3]
		w.Kind, w.ID, w.Who = dataset.KindDeals, id, "test"
		require.NoError(t, s.store.Apply(w), "write %d", i)
		require.NoError(t, s.republish())
		published[i+2] = s.currentSnapshot().Version
	}
	latest, err := s.store.LatestRevision()
	require.NoError(t, err)
	require.Equal(t, len(published), latest.Number)
	for n, version := range published {
		_, rev, _, err := s.store.RevisionData(n, 1)
		require.NoError(t, err, "revision %d", n)
		assert.Equal(t, version, rev.Version, "revision %d", n)
	}
	// Full copies: the seed load and one checkpoint.
	bases := 0
	require.NoError(t, s.store.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixRevBase)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			bases++
		}
		return nil
	}))
	assert.Equal(t, 2, bases)
}

// TestAWriteRevisionStoresOnlyItsIndexEntry: a write's revision costs its
// index entry, not a copy of the data.
func TestAWriteRevisionStoresOnlyItsIndexEntry(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret-token-0123456789"})
	setDealMW(t, s, 150)
	require.NoError(t, s.store.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(revKey(2))
		require.NoError(t, err)
		assert.Less(t, item.ValueSize(), int64(400))
		_, err = txn.Get(revBaseKey(2))
		assert.ErrorIs(t, err, badger.ErrKeyNotFound)
		return nil
	}))
}

// TestEnsureRevisionStartsAnOlderStore: a store written before revisions
// were kept gets revision 1 ("start") from its data.
func TestEnsureRevisionStartsAnOlderStore(t *testing.T) {
	st, err := OpenInMemory(nil)
	require.NoError(t, err)
	defer st.Close()
	_, err = LoadSeed(st, fixture(t))
	require.NoError(t, err)
	require.NoError(t, st.db.DropPrefix([]byte(prefixRev), []byte(prefixRevBase)))
	latest, err := st.LatestRevision()
	require.NoError(t, err)
	require.Equal(t, 0, latest.Number)

	require.NoError(t, st.EnsureRevision())
	require.NoError(t, st.EnsureRevision(), "a second call adds nothing")
	revs, _, err := st.Revisions(0, 10)
	require.NoError(t, err)
	require.Len(t, revs, 1)
	assert.Equal(t, "start", revs[0].Action)
	d, _, _, err := st.RevisionData(1, 1)
	require.NoError(t, err)
	assert.NotEmpty(t, d.Deals)
}
