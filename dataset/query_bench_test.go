package dataset_test

import (
	"bytes"
	"net/url"
	"os"
	"strconv"
	"testing"

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
