package dataset_test

import (
	"net/url"
	"testing"

	"powerbrokers/dataset"
)

// BenchmarkAsOf compares the table query at 100k deals plain, as of a
// past date the first time (the dated snapshot is built: every row
// re-derived) and as of it again (the dated snapshot is cached), and the
// headline statistics the same three ways.
func BenchmarkAsOf(b *testing.B) {
	s := synthetic(b, 100_000)
	v, err := url.ParseQuery(benchQuery)
	if err != nil {
		b.Fatal(err)
	}
	q, err := dataset.ParseQuery(dataset.KindDeals, v)
	if err != nil {
		b.Fatal(err)
	}
	const at = dataset.Date("2024-06-30")
	check := func(res dataset.DealResult) {
		if res.Total == 0 || len(res.Rows) != 50 {
			b.Fatalf("total %d, %d rows; want a full page", res.Total, len(res.Rows))
		}
	}
	b.Run("deals/plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			check(s.QueryDeals(q))
		}
	})
	b.Run("deals/as_of-first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			check(dataset.NewSnapshotVersion(dataset.DatasetAsOf(s.Data, at), "bench").QueryDeals(q))
		}
	})
	b.Run("deals/as_of-cached", func(b *testing.B) {
		s.AsOf(at)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			check(s.AsOf(at).QueryDeals(q))
		}
	})
	b.Run("stats/plain-uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fresh := dataset.NewSnapshotVersion(s.Data, "bench")
			if fresh.Stats().Headline.DealCount == 0 {
				b.Fatal("no deals")
			}
		}
	})
	b.Run("stats/as_of-first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p := dataset.NewSnapshotVersion(dataset.DatasetAsOf(s.Data, at), "bench")
			if p.Stats().Headline.DealCount == 0 {
				b.Fatal("no deals")
			}
		}
	})
	b.Run("exposure/plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(s.Exposure().Miners) == 0 {
				b.Fatal("no exposure")
			}
		}
	})
	b.Run("exposure/as_of-cached", func(b *testing.B) {
		p := s.AsOf(at)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if len(p.Exposure().Miners) == 0 {
				b.Fatal("no exposure")
			}
		}
	})
}
