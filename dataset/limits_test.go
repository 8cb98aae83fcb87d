package dataset_test

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func TestLimitsAreEnforcedLikeEveryRule(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name   string
		mutate func(d *dataset.Dataset)
		want   string
	}{
		{"long id", func(d *dataset.Dataset) { d.Deals[0].ID = long(65) },
			`deals.json: ` + long(64) + `…: id: is 65 characters long; the limit is 64`},
		{"huge id", func(d *dataset.Dataset) { d.Miners[1].ID = long(65001) }, `: id: is 65001 characters long; the limit is 64`},
		{"title", func(d *dataset.Dataset) { d.Deals[0].Title = long(201) },
			`deals.json: iren-microsoft-2025-11: title: is 201 characters long; the limit is 200`},
		{"notes 8 KB", func(d *dataset.Dataset) { d.Deals[0].Notes = long(1 << 20) },
			`deals.json: iren-microsoft-2025-11: notes: is 1048576 characters long; the limit is 8192`},
		{"URL 2 KB", func(d *dataset.Dataset) { d.Deals[0].Sources[0].URL = "https://x.example/" + long(2048) },
			`deals.json: iren-microsoft-2025-11: sources[0].url: is 2066 characters long; the limit is 2048`},
		{"source title", func(d *dataset.Dataset) { d.Miners[0].Sources[0].Title = long(301) },
			`miners.json: iren: sources[0].title: is 301 characters long; the limit is 300`},
		{"nested note", func(d *dataset.Dataset) { d.Miners[0].Capacity[0].Note = long(2001) },
			`miners.json: iren: capacity[0].note: is 2001 characters long; the limit is 2000`},
		{"list item", func(d *dataset.Dataset) { d.Miners[0].FormerNames = []string{"ok", long(201)} },
			`miners.json: iren: former_names[1]: is 201 characters long; the limit is 200`},
		{"too many sources", func(d *dataset.Dataset) {
			for len(d.Deals[0].Sources) <= 20 {
				d.Deals[0].Sources = append(d.Deals[0].Sources, d.Deals[0].Sources[0])
			}
		}, `deals.json: iren-microsoft-2025-11: sources: has 21 items; the limit is 20`},
		{"site notes", func(d *dataset.Dataset) { d.Sites[0].Notes = long(8193) }, `sites.json: childress: notes: is 8193 characters long; the limit is 8192`},
		{"counterparty name", func(d *dataset.Dataset) { d.Counterparties[0].Name = long(201) }, `counterparties.json: microsoft: name: is 201 characters long`},
		{"meta notes", func(d *dataset.Dataset) { d.Meta.Notes = long(8193) }, `meta.json: meta: notes: is 8193 characters long`},
		{"characters, not bytes", func(d *dataset.Dataset) { d.Deals[0].Title = strings.Repeat("é", 201) }, `title: is 201 characters long`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := loadFixture(t)
			tt.mutate(d)
			err := d.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Less(t, len(err.Error()), 2000, "the message stays short whatever the input")
		})
	}
	d := loadFixture(t)
	d.Deals[0].Title = strings.Repeat("é", 200)
	assert.NoError(t, d.Validate(), "200 characters (400 bytes) is within the title's limit")
}

// TestEveryTextFieldHasALimit sets every string of every record type, at
// any depth, to a value over the largest limit: each one is named in a
// problem, so no text field is unbounded.
func TestEveryTextFieldHasALimit(t *testing.T) {
	huge := strings.Repeat("x", 9000)
	d := loadFixture(t)
	var want []string
	for _, rec := range []struct {
		file string
		v    any
	}{
		{dataset.FileDeals, &d.Deals[0]}, {dataset.FileMiners, &d.Miners[0]}, {dataset.FileSites, &d.Sites[0]},
		{dataset.FileCounterparties, &d.Counterparties[0]}, {dataset.FileMeta, &d.Meta},
	} {
		// The id is huge too: the record is named by its first 64 characters.
		name := strings.Repeat("x", 64) + "…"
		if rec.file == dataset.FileMeta {
			name = "meta"
		}
		setStrings(reflect.ValueOf(rec.v).Elem(), "", func(path string) {
			want = append(want, rec.file+": "+name+": "+path+": is 9000 characters long")
		}, huge)
	}
	require.Greater(t, len(want), 40)
	err := d.Validate()
	require.Error(t, err)
	for _, w := range want {
		assert.Contains(t, err.Error(), w)
	}
	// About 140 fields at about 140 characters a message; a quoted 9,000-character value would double it.
	assert.Less(t, len(err.Error()), 25000, "no message quotes a 9,000-character value")
}

// setStrings sets every settable string in v (filling nil pointers and
// empty lists with one element first) and calls f with its path.
func setStrings(v reflect.Value, path string, f func(string), s string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		setStrings(v.Elem(), path, f, s)
	case reflect.String:
		v.SetString(s)
		f(path)
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		}
		for i := 0; i < v.Len(); i++ {
			setStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f, s)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if !t.Field(i).IsExported() || name == "-" {
				continue
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			setStrings(v.Field(i), p, f, s)
		}
	}
}

func TestSeedIsWithinLimits(t *testing.T) {
	_, err := dataset.Load(os.DirFS("seed"))
	require.NoError(t, err)
}

func TestRecordSizeLimit(t *testing.T) {
	d := loadFixture(t)
	// 20 sources of 2,000-character URLs and notes: every field within its
	// limit, the record over 64 KB.
	src := d.Deals[0].Sources[0]
	src.URL = "https://x.example/" + strings.Repeat("u", 2000)
	src.Note = strings.Repeat("n", 1990)
	d.Deals[0].Sources = nil
	for i := 0; i < 20; i++ {
		d.Deals[0].Sources = append(d.Deals[0].Sources, src)
	}
	d.Deals[0].Notes = strings.Repeat("z", 8000)
	err := d.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "deals.json: iren-microsoft-2025-11: -: the record is")
	assert.Contains(t, err.Error(), "the limit is 65536")
}

func TestLimitsApplyToALoadedSeed(t *testing.T) {
	files := fstest.MapFS{}
	for _, f := range []string{"meta.json", "miners.json", "sites.json", "counterparties.json", "aggregates.json", "deals.json"} {
		b, err := os.ReadFile("testdata/small/" + f)
		require.NoError(t, err)
		files[f] = &fstest.MapFile{Data: b}
	}
	b := strings.Replace(string(files["deals.json"].Data), `"title": "IREN–Microsoft AI cloud contract"`, `"title": "`+strings.Repeat("t", 300)+`"`, 1)
	files["deals.json"] = &fstest.MapFile{Data: []byte(b)}
	_, err := dataset.Load(files)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "deals.json: iren-microsoft-2025-11: title: is 300 characters long; the limit is 200")
}
