package dataset_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
)

// seedFiles are the files of a seed directory, in a fixed order.
var seedFiles = []string{dataset.FileMeta, dataset.FileMiners, dataset.FileSites, dataset.FileDeals, dataset.FileCounterparties, dataset.FileAggregates,
	dataset.FileEquity, dataset.FileFinancing}

// mapFS copies the seed files of fsys into a MapFS.
func mapFS(tb testing.TB, fsys fs.FS) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	for _, name := range seedFiles {
		b, err := fs.ReadFile(fsys, name)
		require.NoError(tb, err)
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// FuzzLoad replaces one file of a valid seed directory (the small fixture
// or the embedded seed) with fuzzed content and loads it. Load must not
// panic; it returns either a dataset or a Problems error whose every
// problem names a seed file and says something. An accepted dataset must
// make a snapshot (the server publishes it) and its export must load back
// to the same export.
func FuzzLoad(f *testing.F) {
	bases := []fstest.MapFS{mapFS(f, os.DirFS("testdata/small")), mapFS(f, seed.FS)}
	for b, base := range bases {
		for i, name := range seedFiles {
			which := uint8(b*len(seedFiles) + i)
			f.Add(which, base[name].Data)
			// The other base's file: mostly dangling references for the small one.
			f.Add(which, bases[1-b][name].Data)
		}
	}
	deals := uint8(slices.Index(seedFiles, dataset.FileDeals))
	for _, s := range []string{
		``, `[]`, `null`, `{}`, `[null]`, `[{}]`, `[1, "a", true]`, `[{"id": "x"}] trailing`,
		`[{"id": "iren-x", "colour": "red"}]`, `[{"id": 5}]`, `[{"id": "a", "ID": "b"}]`,
		`[{"id": "x", "mw": 1e999}]`, `[{"id": "x", "mw": -0}]`, `[{"id": "x", "announced": "2025-02-30"}]`,
		"[{\"id\": \"\xff\xfe\"}]", `[{"id": "x", "sources": [{"url": "javascript:alert(1)"}]}]`,
		"[\n{\"id\": \"x\",\n\"title\": [\n]}]",
	} {
		f.Add(deals, []byte(s))
	}
	// Regression: a positive but tiny term (or MW) made $/MW-yr +Inf, and
	// every list with that deal failed to encode (500).
	small := string(bases[0][dataset.FileDeals].Data)
	f.Add(deals, []byte(strings.Replace(small, `"term_years": 5`, `"term_years": 1e-300`, 1)))
	f.Add(deals, []byte(strings.Replace(small, `"mw": 200, "mw_basis": "critical-it",
   "site": "childress"`, `"mw": 5e-324, "mw_basis": "critical-it",
   "site": "childress"`, 1)))
	f.Add(deals, []byte(strings.Replace(small, `"value_usd": 9700000000`, `"value_usd": 1.7e308`, 1)))
	equity, financing := uint8(slices.Index(seedFiles, dataset.FileEquity)), uint8(slices.Index(seedFiles, dataset.FileFinancing))
	for _, s := range []string{
		`[{"id": "x", "holder": "google", "issuer": "terawulf", "instrument": "warrant", "shares": 1.5, "percent": 101, "date": "2025"}]`,
		`[{"id": "x", "holder": "nobody", "issuer": "terawulf", "instrument": "warrant", "deal": "nope", "percent": 5}]`,
		`[{"id": "x", "shares": 1e999}]`, `[{"id": "x", "strike_usd": -1}]`,
	} {
		f.Add(equity, []byte(s))
	}
	for _, s := range []string{
		`[{"id": "x", "issuer": "terawulf", "kind": "senior-notes", "amount_usd": 1e9, "coupon_pct": 0, "date": "2025", "maturity": "2024"}]`,
		`[{"id": "x", "issuer": "terawulf", "kind": "term-loan", "amount_usd": 1, "amount_basis": "draw", "part_of": "x"}]`,
		`[{"id": "x", "currency": "EUR", "amount_orig": 1e308, "fx_rate": 1e308}]`, `[{"id": "x", "sites": ["atlantis"], "deals": [1]}]`,
	} {
		f.Add(financing, []byte(s))
	}
	f.Add(uint8(0), []byte(`{"revision": 0, "as_of": ""}`))
	f.Add(uint8(0), []byte(`{"revision": 9223372036854775807, "as_of": "2025-13"}`))
	// Long ids, huge fields and quote payloads (the limits of limits.go).
	f.Add(deals, []byte(strings.Replace(small, `"iren-microsoft-2025-11"`, `"`+strings.Repeat("a", 65)+`"`, 1)))
	f.Add(deals, []byte(strings.Replace(small, `"iren-microsoft-2025-11"`, `"`+strings.Repeat("a-", 32500)+`a"`, 1)))
	f.Add(deals, []byte(strings.Replace(small, `"IREN–Microsoft AI cloud contract"`, `"`+strings.Repeat("é", 201)+`"`, 1)))
	f.Add(deals, []byte(strings.Replace(small, `"site": "childress"`, `"site": "childress", "notes": "`+strings.Repeat("n", 100_000)+`"`, 1)))
	f.Add(deals, []byte(strings.Replace(small, `"IREN–Microsoft AI cloud contract"`, `"\"><img src=x onerror=alert(1)> \\\" '<script>x</script>"`, 1)))
	f.Add(uint8(0), []byte(`{"revision": 1, "as_of": "2025-01-01", "notes": "`+strings.Repeat("m", 9000)+`"}`))
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		base := bases[int(which)/len(seedFiles)%len(bases)]
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		fsys[seedFiles[int(which)%len(seedFiles)]] = &fstest.MapFile{Data: content}

		d, err := dataset.Load(fsys)
		if err != nil {
			require.Nil(t, d)
			var ps dataset.Problems
			require.True(t, errors.As(err, &ps), "Load error %T is not Problems: %v", err, err)
			require.NotEmpty(t, ps)
			for _, p := range ps {
				require.Contains(t, seedFiles, p.File, "problem %v", p)
				require.NotEmpty(t, p.Message, "problem %v", p)
			}
			return
		}
		snap, err := dataset.NewSnapshot(d)
		require.NoError(t, err, "a valid dataset must make a snapshot")
		// The API encodes every list with its derived figures and totals:
		// they must be finite (JSON has no Inf or NaN).
		for _, kind := range append(slices.Clone(dataset.Kinds), dataset.KindEquity, dataset.KindFinancing) {
			q, err := dataset.ParseQuery(kind, url.Values{})
			require.NoError(t, err)
			var res any
			switch kind {
			case dataset.KindDeals:
				res = snap.QueryDeals(q)
			case dataset.KindMiners:
				res = snap.QueryMiners(q)
			case dataset.KindEquity:
				res = snap.QueryEquity(q)
			case dataset.KindFinancing:
				res = snap.QueryFinancing(q)
			default:
				res = snap.QuerySites(q)
			}
			_, err = json.Marshal(res)
			require.NoError(t, err, "the %s list of a valid dataset must encode", kind)
		}
		files, err := d.Files()
		require.NoError(t, err)
		again, err := dataset.Load(exportFS(files))
		require.NoError(t, err, "the export of a valid dataset must load")
		files2, err := again.Files()
		require.NoError(t, err)
		require.Equal(t, files, files2, "export → load → export is stable")
	})
}

func exportFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, b := range files {
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// FuzzDecodeRecord decodes fuzzed JSON as each kind of record, strictly, as
// the write API does. It must not panic; a failure is one Problem naming
// the file; a success re-encodes to JSON that decodes to the same record.
func FuzzDecodeRecord(f *testing.F) {
	d, err := dataset.Load(seed.FS)
	require.NoError(f, err)
	add := func(kind uint8, v any) {
		b, err := json.Marshal(v)
		require.NoError(f, err)
		f.Add(kind, b)
	}
	add(0, d.Deals[0])
	add(1, d.Miners[0])
	add(2, d.Sites[0])
	add(3, d.Counterparties[0])
	add(4, d.Aggregates[0])
	add(5, d.Meta)
	add(6, d.Equity[0])
	add(7, d.Financing[0])
	add(0, d.Deals[slices.IndexFunc(d.Deals, func(x dataset.Deal) bool { return x.Currency != "" })])
	add(2, d.Sites[slices.IndexFunc(d.Sites, func(x dataset.Site) bool { return len(x.Regulatory) > 0 })])
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `"x"`, `{"id": "x"} {}`, `{"id": "x", "colour": "red"}`, `{"id": 5}`,
		`{"ID": "a", "id": "b"}`, `{"mw": 1e999}`, `{"mw": "1"}`, `{"sources": [{"url": 1}]}`,
		`{"sources": {"url": "x"}}`, "{\"title\": \"\xff\"}", `{"id": "x"`, `{"term_years": null, "mw": -0.0}`,
		`{"id": "` + strings.Repeat("a", 65001) + `"}`, `{"notes": "` + strings.Repeat("n", 100_000) + `"}`,
		`{"title": "\"><img src=x onerror=alert(1)>", "notes": "\\\"'<svg onload=x>"}`,
	} {
		f.Add(uint8(0), []byte(s))
	}
	f.Fuzz(func(t *testing.T, kind uint8, b []byte) {
		switch kind % 8 {
		case 0:
			decodeRoundTrip[dataset.Deal](t, b)
		case 1:
			decodeRoundTrip[dataset.Miner](t, b)
		case 2:
			decodeRoundTrip[dataset.Site](t, b)
		case 3:
			decodeRoundTrip[dataset.Counterparty](t, b)
		case 4:
			decodeRoundTrip[dataset.Aggregate](t, b)
		case 6:
			decodeRoundTrip[dataset.Equity](t, b)
		case 7:
			decodeRoundTrip[dataset.Financing](t, b)
		default:
			decodeRoundTrip[dataset.Meta](t, b)
		}
	})
}

func decodeRoundTrip[T any](t *testing.T, b []byte) {
	var rec T
	err := dataset.DecodeRecord("body", b, &rec)
	if err != nil {
		var ps dataset.Problems
		require.True(t, errors.As(err, &ps), "DecodeRecord error %T is not Problems: %v", err, err)
		require.Len(t, ps, 1)
		require.Equal(t, "body", ps[0].File)
		require.NotEmpty(t, ps[0].Message)
		return
	}
	enc, err := json.Marshal(rec)
	require.NoError(t, err)
	var again T
	require.NoError(t, dataset.DecodeRecord("body", enc, &again), "re-encoded %s", enc)
	enc2, err := json.Marshal(again)
	require.NoError(t, err)
	require.Equal(t, string(enc), string(enc2), "decode → encode is stable")
}
