package server

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// fixture is the small valid seed shared with the dataset tests.
func fixture(tb testing.TB) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	dir := os.DirFS("../dataset/testdata/small")
	entries, err := fs.ReadDir(dir, ".")
	require.NoError(tb, err)
	for _, e := range entries {
		b, err := fs.ReadFile(dir, e.Name())
		require.NoError(tb, err)
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	return m
}

func withRevision(m fstest.MapFS, meta string) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = v
	}
	out[dataset.FileMeta] = &fstest.MapFile{Data: []byte(meta)}
	return out
}

func TestStoreLoadReopenAndReseed(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, nil)
	require.NoError(t, err)

	loaded, err := LoadSeed(st, fixture(t))
	require.NoError(t, err)
	assert.True(t, loaded, "an empty store loads the seed")

	loaded, err = LoadSeed(st, fixture(t))
	require.NoError(t, err)
	assert.False(t, loaded, "the same revision is not loaded twice")
	require.NoError(t, st.Close())

	// Reopen: the data survived.
	st, err = Open(dir, nil)
	require.NoError(t, err)
	d, err := st.Dataset()
	require.NoError(t, err)
	assert.Len(t, d.Deals, 2)
	assert.Len(t, d.Equity, 1, "equity records are stored")
	assert.Len(t, d.Financing, 2, "financing records are stored")
	assert.Equal(t, 1, d.Meta.Revision)

	// A newer seed revision replaces the data.
	newer := withRevision(fixture(t), `{"revision": 2, "as_of": "2026-07-01"}`)
	newer[dataset.FileDeals] = &fstest.MapFile{Data: []byte("[]")}
	newer[dataset.FileCorrections] = &fstest.MapFile{Data: []byte("[]")}
	// The equity and financing records name the deals: they go with them.
	newer[dataset.FileEquity] = &fstest.MapFile{Data: []byte("[]")}
	newer[dataset.FileFinancing] = &fstest.MapFile{Data: []byte("[]")}
	loaded, err = LoadSeed(st, newer)
	require.NoError(t, err)
	assert.True(t, loaded)
	d, err = st.Dataset()
	require.NoError(t, err)
	assert.Empty(t, d.Deals)
	assert.Equal(t, dataset.Date("2026-07-01"), d.Meta.AsOf)

	changes, err := st.Changes(10)
	require.NoError(t, err)
	require.Len(t, changes, 2)
	assert.Equal(t, "reseed", changes[0].Action, "newest first")
	assert.Equal(t, "seed", changes[1].Action)
	require.NoError(t, st.Close())
}

func TestStoreRejectsInvalidSeedAndKeepsData(t *testing.T) {
	st, err := OpenInMemory(nil)
	require.NoError(t, err)
	defer st.Close()
	_, err = LoadSeed(st, fixture(t))
	require.NoError(t, err)

	bad := withRevision(fixture(t), `{"revision": 3, "as_of": "2026-07-01"}`)
	bad[dataset.FileDeals] = &fstest.MapFile{Data: []byte(`[{"id": "x", "title": "t", "miner": "nobody", "tenant": "microsoft", "type": "colocation",
		"announced": "2025-13-01", "status": "signed", "confidence": "primary", "sources": []}]`)}
	loaded, err := LoadSeed(st, bad)
	require.Error(t, err)
	assert.False(t, loaded)
	msg := err.Error()
	assert.Contains(t, msg, `deals.json: x: miner: unknown miner "nobody"`)
	assert.Contains(t, msg, `deals.json: x: announced:`)
	assert.Contains(t, msg, `deals.json: x: sources: at least one source is required`)

	d, err := st.Dataset()
	require.NoError(t, err)
	assert.Len(t, d.Deals, 2, "a rejected seed leaves the store as it was")
	assert.Equal(t, 1, d.Meta.Revision)
}

func TestStoreLockedByAnotherOpener(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, nil)
	require.NoError(t, err)
	defer st.Close()
	_, err = Open(dir, nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrLocked), "got %v", err)
}

func TestStoreEmptyMetaIsNotFound(t *testing.T) {
	st, err := OpenInMemory(nil)
	require.NoError(t, err)
	defer st.Close()
	_, err = st.Meta()
	assert.Equal(t, dataset.ENOTFOUND, dataset.ErrorCode(err))
}

func TestStoreOpensAfterACrashLeftAnEmptyMemtable(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, nil)
	require.NoError(t, err)
	_, err = LoadSeed(st, fixture(t))
	require.NoError(t, err)
	require.NoError(t, st.Close())
	// What a SIGKILL right after Badger created its next memtable leaves behind.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "00099.mem"), nil, 0o644))

	st, err = Open(dir, nil)
	require.NoError(t, err, "an empty memtable file must not keep the store closed")
	defer st.Close()
	d, err := st.Dataset()
	require.NoError(t, err)
	assert.Len(t, d.Deals, 2)
}
