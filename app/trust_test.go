package app

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// withFixture serves the small fixture (grades of every kind, milestones
// overdue, met and superseded, a correction) with the clock at 2026-12-03.
func withFixture(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d, err := dataset.Load(os.DirFS("../dataset/testdata/small"))
	require.NoError(t, err)
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	prevSrc, prevNow := serverSource, serverNow
	serverSource = func() *dataset.Snapshot { return snap }
	serverNow = func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { serverSource, serverNow = prevSrc, prevNow })
	return snap
}

func TestDealPageShowsGradeAndCheckedOn(t *testing.T) {
	withFixture(t)
	out := prerender(t, &dealPage{}, "/deals/iren-microsoft-2025-11")
	assert.Contains(t, out, "<dt>Grade</dt>")
	assert.Contains(t, out, "press (a named outlet")
	assert.Contains(t, out, "<dt>Checked on</dt>")
	assert.Contains(t, out, "checked on 2026-06-29")
	assert.Contains(t, out, `class="source-kind source-press"`, "each source says its kind")
	assert.NotContains(t, out, "Confidence")
}

func TestExplorerTooltipsCarryGradeAndCheckedOn(t *testing.T) {
	withFixture(t)
	out := prerender(t, &dealsPage{}, "/deals")
	assert.Regexp(t, `data-prov="[^"]*grade press · checked on 2026-06-29 · source: Reuters, 2025-11-03 \(press\)`, out)
	assert.Contains(t, out, `data-facet="grade"`, "grade is a facet of the deals explorer")
	out = prerender(t, &sitesPage{}, "/sites")
	assert.Contains(t, out, `data-facet="grade"`, "and of the sites explorer")
	out = prerender(t, &minersPage{}, "/miners?grade=secondary")
	assert.Contains(t, out, `data-miner="terawulf"`)
	assert.NotContains(t, out, `data-miner="iren"`, "the grade filter keeps the secondary-graded miners")
	assert.Contains(t, out, `title="secondary (aggregators or quoted notes only) · checked on 2026-02-26"`)
}

func TestOverdueMilestonesFlagged(t *testing.T) {
	withFixture(t)
	out := prerender(t, &sitesPage{}, "/sites?site=lake-mariner")
	assert.Regexp(t, `data-milestone="lake-mariner-5" class="ms-overdue">.*?overdue by 156 days`, out)
	assert.Contains(t, out, `class="ms-superseded"`, "the September guidance moved to March 2027")
	assert.Contains(t, out, "Milestones (1 overdue)")
	out = prerender(t, &minerPage{}, "/miners/iren")
	assert.Regexp(t, `data-milestone="childress-2" class="ms-overdue">`, out)
	out = prerender(t, &overviewPage{}, "/")
	assert.Contains(t, out, "2 guided milestones are past their date with no outcome on record (as of 2026-12-03)")
	assert.Contains(t, out, `In the last 90 days (since 2026-09-04), 0 of 6 records (0 of 21 figures) were checked against their sources.`)
	assert.Contains(t, out, "1 of 2 deals and 1 of 2 sites cite a primary source")
	// The correction appears under "what changed", with its source.
	assert.Contains(t, out, `data-correction="deals/iren-microsoft-2025-11#announced"`)
	assert.Contains(t, out, `announced: &#34;2025-11-04&#34; → &#34;2025-11-03&#34; — The release and the 6-K are dated 3 Nov 2025`)
	assert.Contains(t, out, `href="https://www.sec.gov/Archives/edgar/data/1878848/000149315225021234/form6-k.htm"`)
}

func TestOverviewListsTheLatestCorrectionsAndLinksToAll(t *testing.T) {
	snap := withSeed(t)
	all := snap.Data.Corrections
	require.Greater(t, len(all), 8, "the seed has more corrections than the overview lists")
	out := prerender(t, &overviewPage{}, "/")
	assert.Equal(t, 8, count(out, "data-correction="), "the overview lists the latest eight")
	last := all[len(all)-1]
	assert.Contains(t, out, `data-correction="`+last.Record+"#"+last.Field+`"`, "the newest is among them")
	assert.Contains(t, out, fmt.Sprintf("Corrections (%d): the latest 8", len(all)))
	assert.Contains(t, out, fmt.Sprintf(`<a href="/changes#corrections">All %d corrections, with their sources →</a>`, len(all)))
	out = prerender(t, &changesPage{}, "/changes")
	assert.Equal(t, len(all), count(out, "data-correction="), "/changes lists every correction")
	assert.NotContains(t, out, "All "+fmt.Sprint(len(all))+" corrections")
}
