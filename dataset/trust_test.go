package dataset_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func TestGradeOf(t *testing.T) {
	src := func(kinds ...string) []dataset.Source {
		var out []dataset.Source
		for _, k := range kinds {
			out = append(out, dataset.Source{URL: "https://example.com/" + k, Publisher: "X", Kind: k})
		}
		return out
	}
	for _, tt := range []struct {
		kinds []string
		want  string
	}{
		{[]string{dataset.SourceFiling}, dataset.GradePrimary},
		{[]string{dataset.SourceAggregator, dataset.SourceCompany}, dataset.GradePrimary},
		{[]string{dataset.SourcePress, dataset.SourceNewswire}, dataset.GradePrimary},
		{[]string{dataset.SourceAggregator, dataset.SourcePress}, dataset.GradePress},
		{[]string{dataset.SourceResearch}, dataset.GradeSecondary},
		{[]string{dataset.SourceAggregator}, dataset.GradeSecondary},
		{nil, dataset.GradeSecondary},
	} {
		assert.Equal(t, tt.want, dataset.GradeOf(src(tt.kinds...)), "%v", tt.kinds)
	}
	assert.True(t, dataset.GradeAtLeast(dataset.GradePrimary, dataset.GradePress))
	assert.False(t, dataset.GradeAtLeast(dataset.GradeSecondary, dataset.GradePress))

	s := fixture(t)
	d, _ := s.Deal("iren-microsoft-2025-11")
	assert.Equal(t, dataset.GradePress, d.Grade, "a Reuters report only")
	d, _ = s.Deal("terawulf-fluidstack-2025-08")
	assert.Equal(t, dataset.GradePrimary, d.Grade, "an 8-K")
	m, _ := s.Miner("terawulf")
	assert.Equal(t, dataset.GradeSecondary, m.Grade)

	// grade is a facetable, filterable column of every record kind.
	res := s.QueryDeals(mustParse(t, dataset.KindDeals, "facet=grade&grade=primary"))
	assert.Equal(t, 1, res.Total)
	assert.Equal(t, "terawulf-fluidstack-2025-08", res.Rows[0].ID)
	assert.Equal(t, []dataset.FacetValue{{Value: "primary", Label: "Primary", Count: 1, Selected: true}}, res.Facets[0].Values)
	assert.Equal(t, 1, s.QueryMiners(mustParse(t, dataset.KindMiners, "grade=secondary")).Total)
	assert.Equal(t, 2, s.QuerySites(mustParse(t, dataset.KindSites, "grade=press,primary")).Total)
	_, err := dataset.ParseQuery(dataset.KindDeals, map[string][]string{"grade": {"press-release"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown value "press-release"`)
	assert.Equal(t, 1, s.QueryDeals(mustParse(t, dataset.KindDeals, "verified_lt=2026")).Total, "verified filters as a date")
}

func TestDenylist(t *testing.T) {
	dl, err := dataset.ParseDenylist("# heading\n\n# Spam\nexample-spam.com\nbinance.com/square # user posts\nwww.bitget.com\n")
	require.NoError(t, err)
	assert.Equal(t, 3, dl.Len())
	for _, tt := range []struct {
		url, entry, reason string
	}{
		{"https://example-spam.com/a", "example-spam.com", "Spam"},
		{"https://news.example-spam.com/a?b=1", "example-spam.com", "Spam"},
		{"https://www.binance.com/square/post/1", "binance.com/square", "user posts"},
		{"https://binance.com/it/square/post/16789785342705", "binance.com/square", "user posts"},
		{"https://www.binance.com/en-IN/square", "binance.com/square", "user posts"},
		{"https://bitget.com/news/1", "bitget.com", "Spam"}, // a heading holds until a blank line
	} {
		entry, reason, _, ok := dl.Match(tt.url)
		assert.True(t, ok, tt.url)
		assert.Equal(t, tt.entry, entry, tt.url)
		assert.Equal(t, tt.reason, reason, tt.url)
	}
	for _, u := range []string{"https://www.binance.com/en/research/x", "https://notexample-spam.com/", "https://www.sec.gov/x", "https://binance.com/squares"} {
		_, _, _, ok := dl.Match(u)
		assert.False(t, ok, u)
	}

	_, err = dataset.ParseDenylist("https://spam.com\nspam\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `denylist.txt: line 1: -: "https://spam.com": give the domain without a scheme`)
	assert.Contains(t, err.Error(), `denylist.txt: line 2: -: "spam" is not a domain`)

	// A seed directory's denylist refuses its sources; pending records pass
	// only while they still cite one; a bad pending line is reported.
	fsys := fstest.MapFS{}
	for _, name := range []string{"meta.json", "miners.json", "sites.json", "deals.json", "counterparties.json", "aggregates.json", "corrections.json", "denylist.txt"} {
		b, err := os.ReadFile("testdata/small/" + name)
		require.NoError(t, err)
		fsys[name] = &fstest.MapFile{Data: b}
	}
	_, err = dataset.Load(fsys)
	require.Error(t, err, "without its pending line, lake-mariner's Binance Square post is refused")
	assert.Contains(t, err.Error(), `sites.json: lake-mariner: sources[0].url: "https://www.binance.com/en/square/post/123" is on the denylist`)
	fsys["denylist-pending.txt"] = &fstest.MapFile{Data: []byte("sites/lake-mariner\ndeals/x y\n")}
	_, err = dataset.Load(fsys)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `denylist-pending.txt: line 2: -: "deals/x y" is not a record`)
	fsys["denylist-pending.txt"] = &fstest.MapFile{Data: []byte("sites/lake-mariner\n")}
	d, err := dataset.Load(fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{"sites/lake-mariner"}, d.Denylist.Pending())
}

// The real seed's denylist parses and covers the domains the audit found.
func TestSeedDenylistCoversTheAuditsFinds(t *testing.T) {
	b, err := os.ReadFile("seed/denylist.txt")
	require.NoError(t, err)
	dl, err := dataset.ParseDenylist(string(b))
	require.NoError(t, err)
	for _, u := range []string{
		"https://level-up-casino-app.com/galaxy-digitals-next-chapter", "https://firememecoins.com/?p=46991",
		"https://www.binance.bh/en/square/post/31077441786706", "https://binance.com/it/square/post/16789785342705",
		"https://www.bitget.online/news/detail/1", "https://www.mexc.fm/ms-MY/news/1", "https://www.htx.com/pt-pt/news/x/",
		"https://support.weex.global/news/detail/x", "https://followin.io/feed/21603503", "https://stocktwits.com/news-articles/x",
		"https://www.publish0x.com/x", "https://cointeeth.com/news-flash/459923", "https://www.wublock123.com/index.php?id=820",
		"https://letsdatascience.com/news/x", "https://particle.news/story/x", "https://coinalertnews.com/news/x",
		"https://freecryptozone.com/x", "https://twimm.cz/socialarb/x", "https://belcourt.vercel.app/CORZ/x",
		"https://ai-blogs.org/news/x", "https://saipien.org/x", "https://z9news.com/x", "https://menfem.com/x",
		"https://billboardlifestyle.com/x", "https://peazzi.co/x", "https://completeaitraining.com/x",
		"https://sqmagazine.co.uk/x", "https://bizandtech.net/x", "https://www.trendwatcher.in/article/x",
		"https://t.bxjddjt.com/news/x", "https://app.csrqoa.com/ja/x", "https://test.daily8.com/en/article/x",
	} {
		_, _, _, ok := dl.Match(u)
		assert.True(t, ok, u)
	}
	for _, u := range []string{"https://www.sec.gov/x", "https://www.globenewswire.com/x", "https://www.reuters.com/x", "https://www.datacenterdynamics.com/x"} {
		_, _, _, ok := dl.Match(u)
		assert.False(t, ok, u)
	}
}

func TestMilestoneStatuses(t *testing.T) {
	s := fixture(t)
	rows := s.MilestoneRows("2026-12-03")
	byID := map[string]dataset.MilestoneRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	require.Len(t, rows, 7)
	assert.Equal(t, dataset.MilestoneDone, byID["childress-1"].Status)
	// Guided for June 2026, nothing observed: overdue since the month ended.
	h := byID["childress-2"]
	assert.Equal(t, dataset.MilestoneOverdue, h.Status)
	assert.True(t, h.Overdue)
	require.NotNil(t, h.DaysOverdue)
	assert.Equal(t, 156, *h.DaysOverdue, "2026-07-01 to 2026-12-03, both counted")
	assert.Equal(t, "iren", h.Miner)
	assert.Equal(t, dataset.GradePrimary, h.Grade)
	// CB-1/2 was guided for March 2026 and observed in June 2025: met.
	assert.Equal(t, dataset.MilestoneMet, byID["lake-mariner-1"].Status)
	assert.Equal(t, "lake-mariner-2", byID["lake-mariner-1"].SettledBy)
	// CB-5's September 2026 target was moved to March 2027: superseded, and the new one is due.
	assert.Equal(t, dataset.MilestoneSuperseded, byID["lake-mariner-3"].Status)
	assert.Equal(t, "lake-mariner-4", byID["lake-mariner-3"].SettledBy)
	assert.Equal(t, dataset.MilestoneDue, byID["lake-mariner-4"].Status)
	assert.Equal(t, dataset.MilestoneOverdue, byID["lake-mariner-5"].Status)

	// The clock decides: on 2026-06-30 June 2026 has not ended yet.
	for _, r := range s.MilestoneRows("2026-06-30") {
		if r.ID == "childress-2" {
			assert.Equal(t, dataset.MilestoneDue, r.Status)
			assert.Nil(t, r.DaysOverdue)
		}
	}

	// The milestones list runs through the query engine.
	res := s.QueryMilestones(mustParse(t, dataset.KindMilestones, "overdue=true&facet=miner,status&sort=-days_overdue"), "2026-12-03")
	assert.Equal(t, 2, res.Total)
	assert.Equal(t, []string{"childress-2", "lake-mariner-5"}, []string{res.Rows[0].ID, res.Rows[1].ID}, "both 156 days: by id")
	assert.Equal(t, 2, res.Totals.OverdueCount)
	assert.Equal(t, "miner", res.Facets[0].Column)
	res = s.QueryMilestones(mustParse(t, dataset.KindMilestones, "site=lake-mariner&kind=guided&date_gte=2026-07"), "2026-12-03")
	assert.Equal(t, 2, res.Total)
	_, err := dataset.ParseQuery(dataset.KindMilestones, map[string][]string{"stage": {"live"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown value "live"`)

	var buf bytes.Buffer
	q := mustParse(t, dataset.KindMilestones, "overdue=true&sort=date")
	require.NoError(t, s.WriteMilestonesCSV(&buf, q, "2026-12-03"))
	recs := readCSV(t, buf.Bytes())
	assert.Equal(t, []string{"id", "date", "site", "site_name", "miner", "miner_name", "label", "stage", "mw (MW)", "basis", "kind", "status", "sources"}, recs[0])
	assert.Equal(t, "childress-2", recs[1][0])
	assert.Len(t, recs, 3)

	sm := s.SiteMilestones("lake-mariner", "2026-12-03")
	assert.Equal(t, "2025-06", string(sm[0].Date), "oldest first")
	assert.Len(t, s.MinerMilestones("iren", "2026-12-03"), 2)
}

func TestMinerRowsNeverSayZeroForUnknown(t *testing.T) {
	d := loadFixture(t)
	// A miner with no site and no deal, as MARA was.
	d.Miners = append(d.Miners, dataset.Miner{ID: "mara", Name: "MARA", Status: dataset.MinerPivoting, Verified: "2026-06-29",
		Sources: []dataset.Source{{URL: "https://www.sec.gov/x", Publisher: "SEC", Kind: dataset.SourceFiling}}})
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	m, err := s.Miner("mara")
	require.NoError(t, err)
	for name, p := range map[string]*float64{"energized": m.EnergizedMW, "construction": m.ConstructionMW, "pipeline": m.PipelineMW,
		"total": m.TotalMW, "uncontracted": m.UncontractedMW, "share": m.ContractedShare} {
		assert.Nil(t, p, "%s: no site on record is unknown, not 0", name)
	}
	require.NotNil(t, m.ContractedMW)
	assert.Zero(t, *m.ContractedMW, "no contracted deal: a true 0, backed by contracted_deal_count")
	assert.Zero(t, m.ContractedDealCount)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"total_mw":null`)
	assert.Contains(t, string(b), `"construction_mw":null`)

	// IREN's one site gives energized MW but no construction MW.
	iren, _ := s.Miner("iren")
	assert.Nil(t, iren.ConstructionMW)
	assert.Equal(t, 1, iren.ConstructionMWUndisclosed)
	require.NotNil(t, iren.EnergizedMW)
	assert.Equal(t, 750.0, *iren.EnergizedMW)
	assert.Zero(t, iren.EnergizedMWUndisclosed)
}

func TestFreshnessAndReview(t *testing.T) {
	s := fixture(t)
	f := s.Freshness("2026-12-03", 90)
	assert.Equal(t, dataset.Date("2026-09-04"), f.Since)
	assert.Equal(t, 6, f.RecordCount)
	assert.Zero(t, f.CheckedCount, "the fixture was last checked in June 2026")
	assert.Equal(t, 2, f.OverdueMilestoneCount)
	assert.Equal(t, 1, f.PrimaryDealCount)
	f = s.Freshness("2026-07-15", 90)
	assert.Equal(t, 2, f.CheckedCount, "IREN's deal and IREN, checked on 2026-06-29")
	assert.Equal(t, 3+3, f.CheckedFigureCount, "the deal's value, term and MW; IREN's hashrate and two capacity figures")
}

func TestReviewOutputOnTheFixture(t *testing.T) {
	s := fixture(t)
	items := s.Review("2026-12-03", 90)
	byRecord := map[string][]string{}
	for _, it := range items {
		byRecord[it.Record] = it.Issues
	}
	assert.Contains(t, byRecord, "sites/childress")
	assert.Contains(t, strings.Join(byRecord["sites/childress"], "\n"), "overdue milestone childress-2: Horizon 1-4 energized 200 MW guided for 2026-06 (announced 2025-11-03), 156 days past")
	assert.Contains(t, strings.Join(byRecord["deals/iren-microsoft-2025-11"], "\n"), "no primary source, the best is press (Reuters (press))")
	assert.Contains(t, strings.Join(byRecord["miners/terawulf"], "\n"), "no primary source, only aggregators or quoted notes")
	assert.Contains(t, strings.Join(byRecord["sites/lake-mariner"], "\n"), "cites a denylisted source pending replacement: binance.com/square")
	assert.Contains(t, strings.Join(byRecord["deals/terawulf-fluidstack-2025-08"], "\n"), "not verified for 472 days (checked on 2025-08-18; the window is 90 days)")
	assert.NotContains(t, strings.Join(byRecord["deals/terawulf-fluidstack-2025-08"], "\n"), "no primary source", "it cites an 8-K")

	var buf bytes.Buffer
	require.NoError(t, s.WriteReview(&buf, "2026-12-03", 90))
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "Review queue as of 2026-12-03 (verified window: 90 days, since 2026-09-04)\n"), out)
	assert.Contains(t, out, "\nsites/childress — Childress campus\n  - overdue milestone childress-2:")
	assert.Contains(t, out, "6 records need a look: 2 overdue milestones, 6 records not verified within 90 days, 3 records with no primary source, 1 denylisted sources pending replacement.")
	t.Log("\n" + out)

	// With a window that covers every check and nothing else wrong, less to do.
	buf.Reset()
	require.NoError(t, s.WriteReview(&buf, "2026-07-01", 400))
	assert.Contains(t, buf.String(), "0 records not verified within 400 days")
}

func TestFormerNamesAreSearchable(t *testing.T) {
	s := fixture(t)
	res := s.QueryDeals(mustParse(t, dataset.KindDeals, "q=iris"))
	require.Equal(t, 1, res.Total, "IREN's deal under its former name Iris Energy")
	assert.Equal(t, "iren-microsoft-2025-11", res.Rows[0].ID)
	res = s.QueryDeals(mustParse(t, dataset.KindDeals, `q="Fluidstack Ltd (old)"`))
	require.Equal(t, 1, res.Total, "a tenant's former name")
	assert.Equal(t, 1, s.QueryMiners(mustParse(t, dataset.KindMiners, "q=iris")).Total)
}
