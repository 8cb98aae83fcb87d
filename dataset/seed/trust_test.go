package seed_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// Primary-source floors of the seed: deals and sites with a filing, company
// or newswire source. The mechanical migration to source kinds reached 12
// of 46 deals and 14 of 40 sites; the audit of 2026-12-03 brought them to 38
// of 49 deals (78%) and 38 of 47 sites (81%). The target is 90% and
// 80%: a second search for the other eleven deals' releases and filings
// (wire copies, IR pages, EDGAR, release mirrors) found none in the stored
// copies. The floors hold today's counts (38 of 49, 38 of 47) and must
// never go down.
const (
	minPrimaryDeals = 0.775
	minPrimarySites = 0.80
)

// allSources calls f with every source of the dataset and where it is.
func allSources(d *dataset.Dataset, f func(where string, s dataset.Source)) {
	each := func(where string, ss []dataset.Source) {
		for _, s := range ss {
			f(where, s)
		}
	}
	for _, x := range d.Deals {
		each("deals/"+x.ID, x.Sources)
	}
	for _, x := range d.Sites {
		each("sites/"+x.ID, x.Sources)
		for _, m := range x.Milestones {
			each("sites/"+x.ID+" milestone", m.Sources)
		}
	}
	for _, x := range d.Miners {
		each("miners/"+x.ID, x.Sources)
		if x.Hashrate != nil {
			each("miners/"+x.ID+" hashrate", x.Hashrate.Sources)
		}
		for _, p := range x.Capacity {
			each("miners/"+x.ID+" capacity", p.Sources)
		}
	}
	for _, x := range d.Aggregates {
		each("aggregates/"+x.ID, x.Sources)
	}
	for _, x := range d.Corrections {
		each("corrections "+x.Record, x.Sources)
	}
}

// Source kinds agree with the hosts whose nature is not in doubt.
func TestSeedSourceKinds(t *testing.T) {
	d := load(t)
	n := 0
	allSources(d, func(where string, s dataset.Source) {
		n++
		u, err := url.Parse(s.URL)
		require.NoError(t, err, where)
		host := strings.TrimPrefix(u.Hostname(), "www.")
		switch {
		case host == "sec.gov":
			assert.Equal(t, dataset.SourceFiling, s.Kind, "%s: %s", where, s.URL)
		case host == "globenewswire.com" || host == "businesswire.com" || host == "prnewswire.com" || host == "accesswire.com":
			assert.Equal(t, dataset.SourceNewswire, s.Kind, "%s: %s", where, s.URL)
		case s.Kind == dataset.SourceFiling:
			// The filing's own text: on EDGAR, on the company's IR site
			// (its SEC-filings pages) or on a release site's filing page.
			ir := (strings.HasPrefix(host, "ir.") || strings.HasPrefix(host, "investors.")) &&
				(strings.Contains(u.Path, "sec-filings") || strings.HasPrefix(u.Path, "/node/"))
			mirror := host == "stocktitan.net" && strings.HasPrefix(u.Path, "/sec-filings/")
			assert.True(t, ir || mirror, "a filing must be the filing's text: %s: %s is marked filing", where, s.URL)
		}
	})
	assert.Greater(t, n, 100)
}

func TestSeedGrades(t *testing.T) {
	s := snapshot(t)
	primary := func(n int, grade func(i int) string) int {
		c := 0
		for i := range n {
			if grade(i) == dataset.GradePrimary {
				c++
			}
		}
		return c
	}
	deals := primary(len(s.Deals), func(i int) string { return s.Deals[i].Grade })
	sites := primary(len(s.Sites), func(i int) string { return s.Sites[i].Grade })
	t.Logf("primary sources: %d of %d deals (%.0f%%), %d of %d sites (%.0f%%)",
		deals, len(s.Deals), 100*float64(deals)/float64(len(s.Deals)), sites, len(s.Sites), 100*float64(sites)/float64(len(s.Sites)))
	assert.GreaterOrEqual(t, float64(deals)/float64(len(s.Deals)), minPrimaryDeals)
	assert.GreaterOrEqual(t, float64(sites)/float64(len(s.Sites)), minPrimarySites)
	for _, d := range s.Deals {
		assert.Equal(t, dataset.GradeOf(d.Sources), d.Grade, d.ID)
		assert.Empty(t, d.Confidence, "%s: the grade is derived; no stored claim", d.ID)
	}
}

// No source is on the denylist, but for the records pending replacement,
// which cite nothing else; the pending list only shrinks.
func TestSeedDenylist(t *testing.T) {
	d := load(t)
	require.NotNil(t, d.Denylist, "the seed has a denylist")
	assert.Greater(t, d.Denylist.Len(), 50)
	pending := map[string]bool{}
	for _, r := range d.Denylist.Pending() {
		pending[r] = true
	}
	assert.LessOrEqual(t, len(pending), 38, "records pending replacement: the list may only shrink")
	allSources(d, func(where string, s dataset.Source) {
		if entry, _, _, ok := d.Denylist.Match(s.URL); ok {
			assert.True(t, pending[where], "%s cites %s (%s) and is not pending", where, s.URL, entry)
		}
	})
	// A pending record cites no acceptable source: otherwise its denylisted ones would have been dropped.
	check := func(ref string, ss []dataset.Source) {
		if !pending[ref] {
			return
		}
		for _, s := range ss {
			_, _, _, ok := d.Denylist.Match(s.URL)
			assert.True(t, ok, "%s is pending but cites %s: drop its denylisted sources and the line", ref, s.URL)
		}
	}
	for _, x := range d.Deals {
		check("deals/"+x.ID, x.Sources)
	}
	for _, x := range d.Sites {
		check("sites/"+x.ID, x.Sources)
	}
	for _, x := range d.Miners {
		check("miners/"+x.ID, x.Sources)
	}
}

func TestSeedVerified(t *testing.T) {
	d := load(t)
	today := dataset.Date(time.Now().UTC().Format("2006-01-02"))
	check := func(ref string, v dataset.Date) {
		assert.Len(t, string(v), 10, ref)
		assert.LessOrEqual(t, string(v), string(today), "%s: checked in the future", ref)
	}
	for _, x := range d.Deals {
		check("deals/"+x.ID, x.Verified)
	}
	for _, x := range d.Sites {
		check("sites/"+x.ID, x.Verified)
	}
	for _, x := range d.Miners {
		check("miners/"+x.ID, x.Verified)
	}
}

func TestSeedMilestones(t *testing.T) {
	s := snapshot(t)
	rows := s.MilestoneRows("2026-12-03")
	assert.NotEmpty(t, rows)
	sites := map[string]bool{}
	var overdue []string
	for _, r := range rows {
		sites[r.Site] = true
		if r.Overdue {
			overdue = append(overdue, r.ID+" "+string(r.Date)+" "+r.Label)
			assert.Equal(t, dataset.MilestoneGuided, r.Kind, r.ID)
			end, err := r.Date.Time()
			require.NoError(t, err)
			assert.True(t, end.Before(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)), r.ID)
		}
	}
	assert.GreaterOrEqual(t, len(sites), 5, "sites with dated milestones")
	assert.NotEmpty(t, overdue, "guided milestones past their date as of 2026-12-03")
	t.Logf("overdue as of 2026-12-03: %s", strings.Join(overdue, "; "))
}
