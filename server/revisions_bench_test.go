package server

import (
	"encoding/json"
	"os"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// revisionStore loads the real seed and makes writes curated writes (each
// changes one deal's MW), so that the store holds writes+1 revisions.
func revisionStore(tb testing.TB, writes int) *Store {
	tb.Helper()
	st, err := Open(tb.TempDir(), nil)
	require.NoError(tb, err)
	tb.Cleanup(func() { st.Close() })
	_, err = LoadSeed(st, os.DirFS("../dataset/seed"))
	require.NoError(tb, err)
	if dl, err := dataset.LoadDenylist(os.DirFS("../dataset/seed")); err == nil {
		st.Denylist = dl
	}
	d, err := st.Dataset()
	require.NoError(tb, err)
	deal := d.Deals[0]
	for i := 0; i < writes; i++ {
		mw := float64(100 + i)
		deal.MW = &mw
		b, err := json.Marshal(deal)
		require.NoError(tb, err)
		require.NoError(tb, st.Apply(Write{Kind: dataset.KindDeals, Action: "update", ID: deal.ID, Record: b, Who: "bench"}))
	}
	return st
}

// revisionBytes sums the stored sizes under a key prefix.
func revisionBytes(tb testing.TB, st *Store, prefix string) (n int, size int64) {
	tb.Helper()
	require.NoError(tb, st.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
			size += it.Item().ValueSize() + int64(len(it.Item().Key()))
		}
		return nil
	}))
	return n, size
}

// BenchmarkRevisions reports, for the real seed and 100 writes, what a
// revision costs to keep (index entries, full copies, and the change-log
// entries the diffs reuse) and rebuilds the revision farthest from its
// full copy.
func BenchmarkRevisions(b *testing.B) {
	const writes = 100
	st := revisionStore(b, writes)
	idx, idxBytes := revisionBytes(b, st, prefixRev)
	full, fullBytes := revisionBytes(b, st, prefixRevBase)
	_, changeBytes := revisionBytes(b, st, prefixChange)
	d, err := st.Dataset()
	require.NoError(b, err)
	raw, _ := json.Marshal(d)
	far := revisionCheckpoint // the last revision before the first checkpoint
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, _, err := st.RevisionData(far, publishedChanges); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(idxBytes)/float64(idx), "index-B/revision")
	b.ReportMetric(float64(fullBytes)/float64(full), "full-copy-B")
	b.ReportMetric(float64(full), "full-copies")
	b.ReportMetric(float64(len(raw)), "dataset-json-B")
	b.ReportMetric(float64(changeBytes)/float64(writes+1), "change-log-B/revision")
	b.ReportMetric(float64(idxBytes+fullBytes)/float64(idx), "kept-B/revision")
}

// BenchmarkApplyWithRevision is one curated write on the real seed, its
// revision included.
func BenchmarkApplyWithRevision(b *testing.B) {
	st := revisionStore(b, 0)
	d, err := st.Dataset()
	require.NoError(b, err)
	deal := d.Deals[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mw := float64(100 + i%2)
		deal.MW = &mw
		body, _ := json.Marshal(deal)
		if err := st.Apply(Write{Kind: dataset.KindDeals, Action: "update", ID: deal.ID, Record: body, Who: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
