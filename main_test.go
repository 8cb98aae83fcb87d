//go:build !wasm

package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/datapackage"
	"powerbrokers/server"
)

func TestLintEmbeddedSeed(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"lint"}, &out, &out))
	assert.Contains(t, out.String(), "the embedded seed is valid")
	assert.Regexp(t, `\d+ records still cite a denylisted source, pending replacement \(denylist-pending.txt\)`, out.String())
}

func TestLintReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"meta.json", "miners.json", "sites.json", "counterparties.json", "aggregates.json", "deals.json"} {
		b, err := os.ReadFile(filepath.Join("dataset/testdata/small", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	bad := `[{"id": "bad-deal", "title": "x", "miner": "ghost", "tenant": "microsoft", "type": "colocation", "announced": "2025-02-30",
	  "value_usd": 5, "mw": -3, "mw_basis": "critical-it", "status": "signed", "confidence": "primary",
	  "sources": [{"url": "mailto:a@b.c", "publisher": "X"}]}]`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "deals.json"), []byte(bad), 0o644))

	var out bytes.Buffer
	err := run(context.Background(), []string{"lint", dir}, &out, &out)
	require.Error(t, err)
	for _, want := range []string{
		`deals.json: bad-deal: miner: unknown miner "ghost"`,
		`deals.json: bad-deal: announced: "2025-02-30" is not a valid date`,
		`deals.json: bad-deal: value_basis: is required when a value is given`,
		`deals.json: bad-deal: mw: must not be negative (got -3)`,
		`deals.json: bad-deal: sources[0].url: "mailto:a@b.c" is not an http(s) URL`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestSecondProcessOnSameDataDirGetsAClearError(t *testing.T) {
	dir := t.TempDir()
	first, err := server.New(server.Config{DataDir: dir, WebDir: t.TempDir()})
	require.NoError(t, err)
	defer first.Close()

	var out bytes.Buffer
	err = run(context.Background(), []string{"-data", dir, "-addr", "127.0.0.1:0"}, &out, &out)
	require.Error(t, err)
	assert.Equal(t, "data directory "+dir+" is in use by another process", err.Error())
}

func TestExportImportBackupRestore(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	// Load the fixture as the store's content.
	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"import", "-data", data, "dataset/testdata/small"}, &out, &out))
	assert.Contains(t, out.String(), "imported")

	exported := t.TempDir()
	require.NoError(t, run(ctx, []string{"export", "-data", data, exported}, &out, &out))
	require.NoError(t, run(ctx, []string{"lint", exported}, &out, &out), "the export is a valid seed")

	// The same store as a data package: every kind's CSV, a descriptor that validates.
	pkg := t.TempDir()
	require.NoError(t, run(ctx, []string{"export", "-data", data, "-datapackage", pkg}, &out, &out))
	assert.Contains(t, out.String(), "wrote the data package")
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(pkg, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(pkg, path)
		files[filepath.ToSlash(rel)] = b
		return err
	}))
	assert.Empty(t, datapackage.Validate(files), "the exported package validates")
	assert.Contains(t, files, "data/deals.csv")
	assert.Contains(t, files, "datapackage.json")

	backup := filepath.Join(t.TempDir(), "store.bak")
	require.NoError(t, run(ctx, []string{"backup", "-data", data, backup}, &out, &out))

	// Import an invalid directory: rejected, the store unchanged.
	bad := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(bad, "meta.json"), []byte(`{"revision": 0}`), 0o644))
	err := run(ctx, []string{"import", "-data", data, bad}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "miners.json: -: -: file is missing")

	// Restore into a fresh directory gives the same data.
	fresh := t.TempDir()
	require.NoError(t, run(ctx, []string{"restore", "-data", fresh, backup}, &out, &out))
	st, err := server.Open(fresh, nil)
	require.NoError(t, err)
	d, err := st.Dataset()
	require.NoError(t, err)
	assert.Len(t, d.Deals, 2)
	require.NoError(t, st.Close())

	// A file that is not a backup is refused.
	junk := filepath.Join(t.TempDir(), "junk")
	require.NoError(t, os.WriteFile(junk, []byte("not a backup"), 0o644))
	require.Error(t, run(ctx, []string{"restore", "-data", fresh, junk}, &out, &out))
	st, err = server.Open(fresh, nil)
	require.NoError(t, err)
	d, err = st.Dataset()
	require.NoError(t, err)
	assert.Len(t, d.Deals, 2, "a failed restore leaves the store as it was")
	require.NoError(t, st.Close())
}

func TestReviewOnTheFixture(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"review", "-days", "90", "-today", "2026-12-03", "dataset/testdata/small"}, &out, &errOut),
		"review exits 0 whatever it finds")
	got := out.String()
	for _, want := range []string{
		"Review queue as of 2026-12-03 (verified window: 90 days, since 2026-09-04)\n",
		"\nsites/childress — Childress campus\n",
		"  - overdue milestone childress-2: Horizon 1-4 energized 200 MW guided for 2026-06 (announced 2025-11-03), 156 days past with nothing observed",
		"\ndeals/iren-microsoft-2025-11 — IREN–Microsoft AI cloud contract\n  - not verified for 157 days (checked on 2026-06-29; the window is 90 days)\n",
		"  - no primary source, the best is press (Reuters (press))",
		"  - cites a denylisted source pending replacement: binance.com/square",
		"6 records need a look: 2 overdue milestones, 6 records not verified within 90 days",
	} {
		assert.Contains(t, got, want)
	}
	assert.Empty(t, errOut.String())

	// A wider window leaves only what the sources and milestones need.
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"review", "-days", "600", "-today", "2026-12-03", "dataset/testdata/small"}, &out, &errOut))
	assert.Contains(t, out.String(), "0 records not verified within 600 days")
	assert.NotContains(t, out.String(), "not verified for")

	// The embedded seed reviews too.
	out.Reset()
	require.NoError(t, run(context.Background(), []string{"review"}, &out, &errOut))
	assert.Contains(t, out.String(), "records need a look")

	for _, bad := range [][]string{{"review", "-days", "-1"}, {"review", "-today", "soon"}, {"review", "a", "b"}, {"review", "no/such/dir"}} {
		assert.Error(t, run(context.Background(), bad, &out, &errOut), "%v", bad)
	}
}
