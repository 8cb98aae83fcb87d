package dataset_test

import (
	"bytes"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// benchQuery filters, sorts, facets and pages: the work of one table view.
const benchQuery = "type=colocation,cloud-services,jv&status=signed,construction,energizing,energized&mw_gte=20" +
	"&announced_gte=2022&sort=-value_usd,announced&facet=tenant,miner,type,status&size=50&page=2"

func BenchmarkQueryDeals(b *testing.B) {
	for _, n := range []struct {
		name string
		n    int
	}{{"1k", 1_000}, {"10k", 10_000}, {"100k", 100_000}} {
		b.Run(n.name, func(b *testing.B) {
			s := synthetic(b, n.n)
			v, err := url.ParseQuery(benchQuery)
			if err != nil {
				b.Fatal(err)
			}
			// The first query of a snapshot reads the columns it uses into
			// vectors (see BenchmarkQueryDealsFirst); this measures the others.
			warm, err := dataset.ParseQuery(dataset.KindDeals, v)
			if err != nil {
				b.Fatal(err)
			}
			s.QueryDeals(warm)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				q, err := dataset.ParseQuery(dataset.KindDeals, v)
				if err != nil {
					b.Fatal(err)
				}
				res := s.QueryDeals(q)
				if res.Total == 0 || len(res.Rows) != 50 {
					b.Fatalf("QueryDeals: total %d, %d rows; want a full page", res.Total, len(res.Rows))
				}
			}
		})
	}
}

// BenchmarkQueryDealsFirst is the first query of a fresh snapshot of 100k
// deals: it includes reading the columns the query filters, sorts and
// facets into vectors, which later queries of the snapshot reuse.
func BenchmarkQueryDealsFirst(b *testing.B) {
	base := synthetic(b, 100_000)
	v, err := url.ParseQuery(benchQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := dataset.NewSnapshotVersion(base.Data, base.Version)
		b.StartTimer()
		q, err := dataset.ParseQuery(dataset.KindDeals, v)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.QueryDeals(q).Rows) != 50 {
			b.Fatal("want a full page")
		}
	}
}

func BenchmarkQueryDealsSearch(b *testing.B) {
	s := synthetic(b, 100_000)
	q, err := dataset.ParseQuery(dataset.KindDeals, url.Values{"q": {"tenant 07 expansion"}, "sort": {"tenant"}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if s.QueryDeals(q).Total == 0 {
			b.Fatal("no match")
		}
	}
}

func BenchmarkParseQuery(b *testing.B) {
	v, _ := url.ParseQuery(benchQuery)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dataset.ParseQuery(dataset.KindDeals, v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV10k(b *testing.B) {
	s := synthetic(b, 10_000)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := dataset.WriteCSV(&buf, s.Deals, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// A page picked from the best rows equals the same slice of the fully
// sorted match, for sorts on every kind of column, with ties broken by id.
func TestPagesMatchTheFullOrder(t *testing.T) {
	s := synthetic(t, 3000)
	sorts := []string{"", "-value_usd", "tenant", "-announced,mw", "status,-term_years", "-contracted,year", "guarantor", "-sources", "site,-mw"}
	for _, sortBy := range sorts {
		for _, filter := range []string{"", "&type=colocation,jv", "&mw_gte=100&announced_lt=2024", "&q=tenant 07"} {
			v, err := url.ParseQuery("sort=" + sortBy + filter)
			require.NoError(t, err)
			q, err := dataset.ParseQuery(dataset.KindDeals, v)
			require.NoError(t, err)
			all := s.MatchDeals(q)
			for _, page := range []int{1, 2, 7} {
				q.Size, q.Page, q.Offset = 20, page, (page-1)*20
				res := s.QueryDeals(q)
				require.Equal(t, len(all), res.Total, "sort=%s%s", sortBy, filter)
				lo, hi := min(q.Offset, len(all)), min(q.Offset+20, len(all))
				got, want := make([]string, len(res.Rows)), make([]string, 0, hi-lo)
				for i, r := range res.Rows {
					got[i] = r.ID
				}
				for _, r := range all[lo:hi] {
					want = append(want, r.ID)
				}
				require.Equal(t, want, got, "sort=%s%s page %d", sortBy, filter, page)
			}
		}
	}
}

// BenchmarkQueryEquity runs a holder filter, a range, a sort and facets
// over 100k synthetic equity records: the same engine as the deals.
func BenchmarkQueryEquity(b *testing.B) {
	d := loadFixtureTB(b)
	holders := []string{"google", "microsoft", "fluidstack"}
	issuers := []string{"iren", "terawulf"}
	instruments := dataset.Instruments
	d.Equity = make([]dataset.Equity, 100_000)
	for i := range d.Equity {
		shares, pct := float64(1_000_000+i*37%50_000_000), float64(i%150)/10
		e := dataset.Equity{ID: "eq-" + strconv.Itoa(i), Holder: holders[i%3], Issuer: issuers[i%2], Instrument: instruments[i%4],
			Shares: &shares, Date: dataset.Date("2025-0" + strconv.Itoa(1+i%9)), Verified: "2026-12-03"}
		if i%5 != 0 {
			e.Percent = &pct
		}
		d.Equity[i] = e
	}
	s, err := dataset.NewSnapshot(d)
	if err != nil {
		b.Fatal(err)
	}
	v, _ := url.ParseQuery("holder=google,fluidstack&instrument=warrant&percent_gte=1&sort=-shares&facet=holder,issuer,instrument&size=50&page=2")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		q, err := dataset.ParseQuery(dataset.KindEquity, v)
		if err != nil {
			b.Fatal(err)
		}
		if res := s.QueryEquity(q); len(res.Rows) != 50 {
			b.Fatalf("QueryEquity: %d rows of %d", len(res.Rows), res.Total)
		}
	}
}

func loadFixtureTB(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	d, err := dataset.Load(os.DirFS("testdata/small"))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
